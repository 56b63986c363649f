"""What several commands share: the --db and --config options, the event filters, date arguments."""

from __future__ import annotations

import argparse
import datetime as dt

DB_HELP = (
    "database URL: postgresql://user@host/db, sqlite:///file, or a file path "
    "(default: $DIPLOGRAPH_DB or diplograph.sqlite)"
)
CONFIG_HELP = (
    "a YAML file of settings layered on the shipped defaults (see `diplograph config`); "
    "an unknown setting or a wrong type is an error"
)


def date(value: str) -> dt.date:
    """An argparse type: a YYYY-MM-DD day."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def date_text(value: str) -> str:
    """An argparse type: a YYYY-MM-DD day, kept as text (the store compares dates as text)."""
    date(value)
    return value


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)


def add_config(parser: argparse.ArgumentParser, help: str = CONFIG_HELP) -> None:
    parser.add_argument("--config", metavar="FILE", help=help)


def add_filters(parser: argparse.ArgumentParser) -> None:
    """--db and the options that select events (query, export)."""
    add_db(parser)
    parser.add_argument(
        "--actor", metavar="ID", help="a participant: knowledge-base id (sergey-lavrov) or affiliation code"
    )
    parser.add_argument(
        "--with", dest="with_", metavar="AFFILIATION", help="a state or organisation taking part (RUS, EU)"
    )
    parser.add_argument("--topic", metavar="ID", help="a topic id of topics.md")
    parser.add_argument("--medium", choices=["in_person", "phone", "video", "written"])
    parser.add_argument("--from", dest="since", type=date_text, metavar="YYYY-MM-DD", help="on or after this day")
    parser.add_argument("--to", dest="until", type=date_text, metavar="YYYY-MM-DD", help="on or before this day")


def filters(args: argparse.Namespace):
    """The store's ``Filters`` of the options ``add_filters`` registered."""
    from ..store import Filters

    return Filters(args.actor, args.with_, args.topic, args.medium, args.since, args.until)
