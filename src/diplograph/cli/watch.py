"""diplograph watch: fetch RSS and Atom feeds, and extract and store each new item's page, once or in a loop.

The watcher reports through callbacks and prints nothing; this module owns what the user sees: one
``diplograph: ...`` line per problem and a summary line per pass, all on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading

from .common import add_config, add_db


def seconds(value: str) -> float:
    """An argparse type: a positive number of seconds."""
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return number


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "watch",
        help="watch RSS and Atom feeds: extract and store each new item's page",
        description="Read RSS and Atom feeds, fetch the page of each item not seen before, extract it as an HTML "
        "document (the item's date serves where the page states none) and store it, fused into events. Feeds "
        "and pages are fetched with conditional requests, a pause between two requests to the same host, a "
        "timeout, a size limit and a user agent naming diplograph (settings: the configuration's watch "
        "section). The store remembers every item, so none is ingested twice across runs and restarts. Each "
        "problem is one line on stderr and the pass goes on; each pass ends with a summary line. Stop the loop "
        "with Ctrl-C. Exit status with --once: 0, or 2 when a feed or an item failed.",
    )
    p.add_argument(
        "sources",
        nargs="+",
        metavar="FEED_URL_OR_FILE",
        help="a feed's http(s) URL, a local RSS or Atom file, or a text file listing feeds one per line",
    )
    add_db(p)
    p.add_argument(
        "--interval",
        type=seconds,
        metavar="SECONDS",
        help="seconds between the starts of two passes (default: 900)",
    )
    p.add_argument("--once", action="store_true", help="one pass, then exit")
    p.add_argument("--no-parser", action="store_true", help="extract without spaCy (see extract --help)")
    add_config(p)
    p.set_defaults(run=run)


class Reporter:
    """Problems and pass summaries on stderr; in a loop, each summary starts with the time it was printed."""

    def __init__(self, stamped: bool):
        self.stamped = stamped

    def error(self, message: str) -> None:
        print(f"diplograph: {message}", file=sys.stderr, flush=True)

    def summary(self, counts) -> None:
        stamp = dt.datetime.now().isoformat(sep=" ", timespec="seconds") + " " if self.stamped else ""
        print(f"{stamp}{counts.line()}", file=sys.stderr, flush=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from ..feeds import Settings, Watcher
    from ..store import Store

    reporter = Reporter(stamped=not args.once)
    with Store(args.db, config=args.config) as store:
        settings = Settings.from_config(store.config)
        watcher = Watcher(store, settings, use_parser=False if args.no_parser else None, on_error=reporter.error)
        if args.once:
            counts = watcher.run_pass(args.sources)
            reporter.summary(counts)
            return 2 if counts.problems else 0
        # a service manager stops with SIGTERM: end as cleanly as after Ctrl-C
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main else None
        try:
            interval = args.interval if args.interval is not None else settings.interval_s
            watcher.loop(args.sources, interval, on_pass=reporter.summary)
        except KeyboardInterrupt:
            store.db.rollback()  # the item under way, if any: it is fetched again at the next start
            print("diplograph: watch stopped", file=sys.stderr)
            return 130
        finally:
            if main and previous is not None:
                signal.signal(signal.SIGTERM, previous)
    return 0
