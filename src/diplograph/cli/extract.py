"""diplograph extract: one record per document (JSON Lines), or one event per contact or statement."""

from __future__ import annotations

import argparse
import json
import sys

from .common import Progress, add_config, date


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "extract",
        help="extract contacts and statements: one JSON record per document, or events",
        description="Extract contacts and statements from .txt, .html, .jsonl and .warc(.gz) files or directories; "
        "prints one record per document (JSON Lines, the default), or one event per contact or statement "
        "(--format plover, cameo or csv), in input order. "
        "Exit status 0 when every document succeeded, 2 when some failed.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument(
        "--reference-date",
        type=date,
        metavar="YYYY-MM-DD",
        help="anchor for relative dates when a text states no publication date",
    )
    p.add_argument(
        "--format",
        choices=["jsonl", "plover", "cameo", "csv"],
        default="jsonl",
        help="jsonl: one record per document (the contract); plover: one PLOVER JSON event per contact or "
        "statement; cameo: dyadic TSV, one row per directed dyad; csv: one row per contact or statement "
        "(default: jsonl)",
    )
    p.add_argument(
        "--no-parser",
        action="store_true",
        help="skip spaCy: about 3 times faster, but tense only from patterns and statements' sources and "
        "targets from word order (statement F1 on the seeds 0.61 instead of 0.87)",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line on stderr (shown only on a terminal: the model loading, then documents done)",
    )
    add_config(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    progress = Progress("extract", not args.quiet and sys.stderr.isatty(), waiting="loading the model")
    try:
        return extract(args, progress)
    finally:
        progress.close()


def extract(args: argparse.Namespace, progress: Progress) -> int:
    import diplograph

    from ..exports import writer
    from ..readers import read_paths
    from ..records import ErrorRecord

    use_parser = False if args.no_parser else None  # None: as the configuration says (extract.use_parser)
    pipeline = diplograph.load(reference_date=args.reference_date, use_parser=use_parser, config=args.config, lazy=True)
    failed = 0
    out = sys.stdout
    fmt = writer(args.format)
    out.write(fmt.header())
    documents = read_paths(
        args.paths,
        max_bytes=pipeline.config.get("extract.max_file_bytes"),
        on_note=progress.note,  # what an archive skipped
    )
    for record in pipeline.pipe(documents):
        if isinstance(record, ErrorRecord):
            failed += 1
            progress.note(str(record.error))
            if args.format == "jsonl":  # the other formats list events; a failure has none
                out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.writelines(fmt.lines(record.to_dict(), record.original))
        out.flush()
        progress.document(isinstance(record, ErrorRecord))
    return 2 if failed else 0
