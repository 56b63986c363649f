"""diplograph explain: why an event's sources were fused, one line per fact."""

from __future__ import annotations

import argparse

from .common import add_db


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "explain",
        help="say why an event's sources were fused",
        description="Say why the sources of EVENT_ID were fused into one event.",
    )
    p.add_argument("event_id", metavar="EVENT_ID")
    add_db(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..store import Store

    with Store(args.db) as store:
        for line in store.explain(args.event_id):
            print(line)
    return 0
