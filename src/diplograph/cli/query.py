"""diplograph query: fused events from a database, newest first, as a table, JSON Lines or CSV."""

from __future__ import annotations

import argparse
import json
import sys

from .common import add_filters, filters, missing_db


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "query",
        help="list fused events from a database, newest first",
        description="Fused events, newest first. In jsonl each event is a contact record of the spec with "
        "event_id, sources ({doc_id, evidence}) and n_sources (independent documents). --actor and --with take an "
        "id, a code or a name the knowledge base knows (--with Russia selects RUS); an unknown actor, state or "
        "topic is an error naming the closest ones (exit status 1), a database that does not exist a usage error "
        "(exit status 2).",
    )
    add_filters(p)
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    p.add_argument("--statements", action="store_true", help="add the statements of each event's source documents")
    p.add_argument("--limit", type=int, default=50, help="at most this many events (default: 50; 0 for all)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..store import Store

    if missing_db(args.db):
        return 2
    with Store(args.db) as store:
        events = store.query(filters(args, store), limit=args.limit or None, statements=args.statements)
        if args.format == "jsonl":
            for e in events:
                sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            print_csv(events)
        else:
            print_table(events)
    return 0


def print_csv(events: list[dict]) -> None:
    """Events as CSV, text cells quoted as `diplograph export` writes them (so that "042" reads back as text)."""
    from ..exports import csv_value, csv_writer
    from ..store.tables import COLUMNS, event_rows

    w = csv_writer(sys.stdout)
    w.writerow(COLUMNS)
    for row in event_rows(events):
        w.writerow([csv_value(row.get(k)) for k in COLUMNS])


def print_table(events: list[dict]) -> None:
    from ..store.tables import event_rows

    print(f"{'date':<10}  {'medium':<9}  {'event':<15}  {'src':>3}  participants / topics")
    for row in event_rows(events):
        people = ", ".join(f"{n} ({a})" for n, a in zip(row["participants"], row["affiliations"], strict=True))
        print(
            f"{row['date'] or '':<10}  {row['medium'] or '':<9}  {row['event_id']:<15}  {row['n_sources']:>3}  {people}"
        )
        if row["topics"]:
            print(f"{'':<45}  {', '.join(row['topics'])}")
