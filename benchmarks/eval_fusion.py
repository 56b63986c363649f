"""Score fusion on the pairs of eval/fusion/pairs.jsonl: is each pair one event or two, as expected?

    python benchmarks/eval_fusion.py [--errors]

Each pair goes into an empty in-memory SQLite store as two extracted records (the contract's form, French or
English); the pair counts as fused when both contacts end in the same event.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PAIRS = Path(__file__).resolve().parent.parent / "eval" / "fusion" / "pairs.jsonl"


def run(url: str = ":memory:", config=None) -> dict:
    """Precision and recall of fusion over the pairs; ``config`` (a ``Config``, mapping or file) sets the
    store's fusion thresholds (None: the defaults)."""
    from diplograph.config import Config
    from diplograph.store import Store

    config = Config.load(config)
    tp = fp = fn = tn = 0
    errors = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        store = Store(url, config=config)
        try:
            for side in ("a", "b"):
                store.add_record(pair[side])
            events = {r[0] for r in store.db.query("SELECT event_id FROM contacts")}
            fused = len(events) == 1
            explanation = [x for e in sorted(events) for x in store.explain(e)]
        finally:
            store.close()
        if fused and pair["same"]:
            tp += 1
        elif fused:
            fp += 1
        elif pair["same"]:
            fn += 1
        else:
            tn += 1
        if fused != pair["same"]:
            errors.append({"id": pair["id"], "expected": pair["same"], "why": pair["why"], "explain": explanation})
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs": tp + fp + fn + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    report = run()
    print(
        f"fusion pairs: {report['pairs']} (tp={report['tp']} fp={report['fp']} fn={report['fn']} tn={report['tn']}); "
        f"precision {report['precision']:.3f}, recall {report['recall']:.3f}"
    )
    if args.errors:
        for err in report["errors"]:
            print(json.dumps(err, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
