"""Command-line interface: thin adapters over the library. Data to stdout, progress and errors to stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence

from . import __version__


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diplograph",
        description="Turn diplomatic texts into structured, verifiable event data (contacts, statements).",
    )
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="extract contacts and statements: one JSON record per document, or events",
        description="Extract contacts and statements from .txt, .html and .jsonl files or directories; "
        "prints one record per document (JSON Lines, the default), or one event per contact or statement "
        "(--format plover, cameo or csv), in input order. "
        "Exit status 0 when every document succeeded, 2 when some failed.",
    )
    ex.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    ex.add_argument(
        "--reference-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="anchor for relative dates when a text states no publication date",
    )
    ex.add_argument(
        "--format",
        choices=["jsonl", "plover", "cameo", "csv"],
        default="jsonl",
        help="jsonl: one record per document (the contract); plover: one PLOVER JSON event per contact or "
        "statement; cameo: dyadic TSV, one row per directed dyad; csv: one row per contact or statement "
        "(default: jsonl)",
    )
    ex.add_argument(
        "--no-parser",
        action="store_true",
        help="skip spaCy: about 2.5 times faster, but tense only from patterns and statements' sources and "
        "targets from word order (statement F1 on the seeds 0.61 instead of 0.83)",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress line on stderr")

    ev = sub.add_parser(
        "eval",
        help="score predictions against gold annotations",
        description="Precision/recall/F1 and accuracy per field of PRED.jsonl against the gold "
        "*.json files of GOLD_DIR (contract of OUTPUT.md).",
    )
    ev.add_argument("gold_dir", metavar="GOLD_DIR")
    ev.add_argument("predictions", metavar="PRED.jsonl")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--errors", action="store_true", help="also list every disagreement")

    kb = sub.add_parser(
        "kb",
        help="query or validate the knowledge base",
        description="Look up how a name or title resolves on a date, or validate the data files.",
    )
    kbsub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    lk = kbsub.add_parser(
        "lookup", help="resolve a name or title", description="Show the actors a name or title resolves to, on a date."
    )
    lk.add_argument("query", metavar="TEXT")
    lk.add_argument("--on", type=_date, metavar="YYYY-MM-DD", help="the date of the text (default: none)")
    kbsub.add_parser(
        "validate",
        help="load every data file and report counts",
        description="Load and validate every knowledge-base data file; one line per problem.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .errors import DiplographError

    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "kb":
            return _kb(args)
    except DiplographError as exc:
        print(f"diplograph: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`| head`): stop quietly, and keep Python from complaining at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


def _extract(args: argparse.Namespace) -> int:
    from .exports import writer
    from .pipeline import load
    from .readers import read_paths
    from .records import ErrorRecord

    pipeline = load(reference_date=args.reference_date, use_parser=not args.no_parser)
    failed = done = 0
    out = sys.stdout
    fmt = writer(args.format)
    out.write(fmt.header())
    for record in pipeline.pipe(read_paths(args.paths)):
        done += 1
        if isinstance(record, ErrorRecord):
            failed += 1
            print(f"diplograph: {record.error}", file=sys.stderr)
            if args.format == "jsonl":  # the other formats list events; a failure has none
                out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.writelines(fmt.lines(record.to_dict(), record.original))
        out.flush()
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{done} documents, {failed} failed", end="", file=sys.stderr)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    return 2 if failed else 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_gold, load_predictions

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


def _kb(args: argparse.Namespace) -> int:
    from .kb import KnowledgeBase

    kb = KnowledgeBase.default()
    if args.kb_command == "validate":
        print(
            f"{len(kb.countries)} states, {len(kb.places)} places, {len(kb.organisations)} organisations, "
            f"{len(kb.people)} people: all files valid"
        )
        return 0
    from .actors import ActorResolver

    doc = ActorResolver(kb).resolve(args.query, args.on)
    seen = set()
    for m in doc.mentions:
        ref = doc.actors.get(m.actor.key, m.actor)
        if ref.key in seen:
            continue
        seen.add(ref.key)
        line = {
            "text": args.query[m.start : m.end],
            "id": ref.id,
            "name": ref.name,
            "affiliation": ref.affiliation,
            "role": ref.role,
            "wikidata": ref.wikidata,
            "via": m.source,
        }
        if ref.id in kb.people:
            line["offices"] = [
                f"{o.role} {o.affiliation} {o.start or '?'}..{o.end or ''}" for o in kb.people[ref.id].offices
            ]
        print(json.dumps(line, ensure_ascii=False))
    if not seen:
        print("diplograph: no actor found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
