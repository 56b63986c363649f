"""diplograph export: the fused events (a selection, or everything) to a file."""

from __future__ import annotations

import argparse
import sys

from .common import add_filters, filters


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="write the dataset or a selection to a file",
        description="Write the fused events (a query's selection, or everything) to FILE: csv, parquet, jsonl "
        "(one event per line), plover and cameo (events and statements), graphml and gexf (the actor network: "
        "nodes are actors with affiliation and role, edges carry the number of contacts, first and last date "
        "and topics).",
    )
    add_filters(p)
    p.add_argument("--format", required=True, choices=["csv", "parquet", "jsonl", "plover", "cameo", "graphml", "gexf"])
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..store import Store
    from ..store.tables import write

    with Store(args.db) as store:
        f = filters(args)
        events = store.iter_events(f)
        statements = store.statements(f) if args.format in {"plover", "cameo"} else ()
        n = write(args.format, args.output, events, statements)
    print(f"{n} items written to {args.output}", file=sys.stderr)
    return 0
