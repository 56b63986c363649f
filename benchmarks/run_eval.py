"""Run extract over the seeds, the project's own gold documents and the real French and English development
sets, and score each gold set.

    python benchmarks/run_eval.py [--json] [--errors]

Seeds and the development set are read from ../shared (never copied into the project); the project's own
documents from eval/docs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_SETS = {
    "seeds": (ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "gold"),
    "own": (ROOT / "eval" / "docs", ROOT / "eval" / "gold"),
    "dev-fr": (ROOT.parent / "shared" / "dev" / "fr" / "docs", ROOT.parent / "shared" / "dev" / "fr" / "gold"),
    "dev-en": (ROOT.parent / "shared" / "dev" / "en" / "docs", ROOT.parent / "shared" / "dev" / "en" / "gold"),
}


def run(pipeline=None) -> dict[str, object]:
    import diplograph
    from diplograph.evaluate import evaluate, load_gold
    from diplograph.readers import read_paths

    pipeline = pipeline or diplograph.load()
    reports = {}
    for name, (docs, gold_dir) in GOLD_SETS.items():
        if not gold_dir.exists():
            continue
        preds = {}
        for record in pipeline.pipe(read_paths([docs])):
            preds[record.doc_id] = record.to_dict()
        reports[name] = evaluate(load_gold(gold_dir), preds)
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    reports = run()
    if args.json:
        print(json.dumps({k: r.as_dict() for k, r in reports.items()}, indent=1))
    else:
        for name, report in reports.items():
            print(f"== {name}\n{report.table()}")
            if args.errors:
                for err in report.errors:
                    print(json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
