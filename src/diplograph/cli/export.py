"""diplograph export: the fused events or the statements (a selection, or everything) to a file or stdout."""

from __future__ import annotations

import argparse
import sys

from .common import add_filters, filters, missing_db

FORMATS = ["csv", "parquet", "jsonl", "plover", "cameo", "graphml", "gexf"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="write the dataset or a selection to a file",
        description="Write the fused events or the statements (a query's selection, or everything) to FILE, "
        "or to standard output with -o -. Tables: csv, parquet and jsonl write one table, the events (one row "
        "per fused event) or, with --table statements, the statements; both carry the title, URL and evidence "
        "text of their document, and every CAMEO code. CSV quotes every text cell, so that codes such as 042 "
        "read back as text (pandas: dtype=str). plover and cameo write events and statements; graphml and gexf "
        "the actor network (nodes are actors with affiliation and role, edges carry the number of contacts, "
        "first and last date and topics); the GEXF is dynamic, its edges dated for Gephi's timeline.",
    )
    add_filters(p)
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument(
        "--table",
        choices=["events", "statements"],
        default="events",
        help="the table to write (default events); with plover and cameo, statements writes only the "
        "statements; graphml and gexf have only events",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help='the file to write, or "-" for stdout')
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..store import Store
    from ..store.tables import export

    if args.format in {"graphml", "gexf"} and args.table != "events":
        print(
            f"diplograph export: {args.format} is the actor network of the events: no --table {args.table}",
            file=sys.stderr,
        )
        return 2
    if missing_db(args.db):
        return 2
    with Store(args.db) as store:
        n = export(store, args.format, args.output, filters(args, store), args.table)
    where = "standard output" if args.output == "-" else args.output
    print(f"{n} {'items' if args.table == 'events' else 'statements'} written to {where}", file=sys.stderr)
    return 0
