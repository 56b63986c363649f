"""diplograph ingest: extract documents and store them, fused into events, in a database.

The store reports through callbacks and prints nothing; this module owns what the user sees: one
``diplograph: ...`` line per problem, a progress bar on a terminal, and a summary line at the end.
"""

from __future__ import annotations

import argparse
import sys

from .common import Progress, add_config, add_db


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="extract documents and store them, fused into events, in a database",
        description="Extract and store documents (text, contacts, participants, statements, evidence) and fuse "
        "contacts that report the same real-world contact into one event. The same document again changes "
        "nothing; a changed document replaces its old records. Commits every --batch documents, so a killed "
        "ingest resumes where its last commit left off. Events and near-duplicate links depend only on the stored "
        "documents, not on the order they came in. Exit status 0, or 2 when some documents failed.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="documents (.txt, .html, .jsonl corpora of texts, .warc(.gz) archives, directories), JSON Lines of "
        "records that `diplograph extract` printed, or a folder `diplograph spark` wrote (both stored as they are, "
        "without extracting again); none with --rebuild alone",
    )
    add_db(p)
    # no default here: without --batch, the configuration's ingest.batch (50 as shipped)
    p.add_argument("--batch", type=int, metavar="N", help="documents per commit (default: 50)")
    p.add_argument("--no-parser", action="store_true", help="extract without spaCy (see extract --help)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="then recompute near-duplicates and every event from the stored documents, without extracting "
        "again (PATHs optional): the store becomes what a fresh ingest of its documents gives",
    )
    add_config(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..store import Store
    from ..store.ingest import ingest

    if not args.paths and not args.rebuild:
        print("diplograph: ingest needs a PATH, or --rebuild", file=sys.stderr)
        return 2
    with Store(args.db, config=args.config) as store:
        batch = args.batch if args.batch is not None else store.config.get("ingest.batch")
        progress = Progress("ingest", not args.quiet and sys.stderr.isatty() and bool(args.paths))
        try:
            counts = ingest(
                store,
                args.paths,
                batch=max(1, batch),
                use_parser=False if args.no_parser else None,  # None: as the configuration says
                config=args.config,
                on_document=lambda _doc_id, outcome: progress.document(outcome == "failed"),
                on_error=progress.note,
            )
        finally:
            progress.close()
        if args.rebuild:
            store.rebuild()
        if not args.quiet:
            print(
                f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} unchanged, "
                f"{counts['failed']} failed; {store.count()} events in {store.url}",
                file=sys.stderr,
            )
    return 2 if counts["failed"] else 0
