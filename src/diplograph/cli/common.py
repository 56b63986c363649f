"""What several commands share: the --db and --config options, the event filters, date arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

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
        "--actor",
        metavar="ID",
        help="a participant: knowledge-base id (sergey-lavrov) or affiliation code, or a name that names one "
        "(Lavrov, Russia)",
    )
    parser.add_argument(
        "--with",
        dest="with_",
        metavar="AFFILIATION",
        help="a state or organisation taking part: code (RUS, EU) or name (Russia, Russie, European Union)",
    )
    parser.add_argument("--topic", metavar="ID", help="a topic id of topics.md (ukraine, arms-control...)")
    parser.add_argument("--medium", choices=["in_person", "phone", "video", "written"])
    parser.add_argument("--from", dest="since", type=date_text, metavar="YYYY-MM-DD", help="on or after this day")
    parser.add_argument("--to", dest="until", type=date_text, metavar="YYYY-MM-DD", help="on or before this day")


def filters(args: argparse.Namespace, store=None):
    """The store's ``Filters`` of the options ``add_filters`` registered, names resolved to the ids the store
    keeps (``--with Russia`` selects RUS); an unknown actor, affiliation or topic raises ``DiplographError``
    with the closest ids. ``store`` also vouches for the values it holds (see ``resolve.resolve_filters``)."""
    from ..store import Filters
    from .resolve import resolve_filters

    return resolve_filters(Filters(args.actor, args.with_, args.topic, args.medium, args.since, args.until), store)


def missing_db(url: str | None) -> bool:
    """True, after one line on stderr, when ``url`` names an SQLite file that does not exist: a command that
    only reads (query, export, serve) would create an empty database and show nothing, so that a mistyped
    --db reads as "no events". The caller exits with status 2, a usage error. A server URL is not checked
    here: connecting tells."""
    from ..store.backend import default_url, describe, sqlite_path

    url = url or default_url()
    path = sqlite_path(url)
    if path is None or path == ":memory:" or Path(path).exists():
        return False
    print(
        f"diplograph: no database {describe(url)}: the file does not exist (`diplograph ingest` creates one; --db or "
        "$DIPLOGRAPH_DB names another)",
        file=sys.stderr,
    )
    return True


class Progress:
    """A line on a terminal's stderr: documents done (and failed), what it waits for first; each problem a
    ``diplograph: ...`` line above it, or on stderr alone where no line is shown."""

    def __init__(self, desc: str, shown: bool, waiting: str = ""):
        self.bar = None
        self.failed = 0
        if shown:
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", desc=desc, file=sys.stderr, dynamic_ncols=True)
            if waiting:
                self.bar.set_postfix_str(waiting, refresh=True)  # the first document waits for it

    def document(self, failed: bool = False) -> None:
        if self.bar is not None:
            self.failed += failed
            self.bar.set_postfix_str(f"{self.failed} failed" if self.failed else "", refresh=False)
            self.bar.update(1)

    def note(self, message: str) -> None:
        line = f"diplograph: {message}"
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)  # above the line, which stays whole
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
