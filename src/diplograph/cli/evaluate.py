"""diplograph eval: precision, recall and F1 per field of predictions against gold annotations."""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "eval",
        help="score predictions against gold annotations",
        description="Precision/recall/F1 and accuracy per field of PRED.jsonl against the gold "
        "*.json files of GOLD_DIR (contract of OUTPUT.md).",
    )
    p.add_argument("gold_dir", metavar="GOLD_DIR")
    p.add_argument("predictions", metavar="PRED.jsonl")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--errors", action="store_true", help="also list every disagreement")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate, load_gold, load_predictions

    try:
        preds = load_predictions(args.predictions)
    except (OSError, ValueError, KeyError) as exc:
        print(f"diplograph: {args.predictions}: cannot read predictions ({exc})", file=sys.stderr)
        return 1
    report = evaluate(load_gold(args.gold_dir), preds)
    if args.json:
        out = report.as_dict()
        if args.errors:
            out["errors"] = report.errors
        print(json.dumps(out, indent=1))
    else:
        print(report.table())
        if args.errors:
            for err in report.errors:
                print(json.dumps(err, ensure_ascii=False))
    return 0
