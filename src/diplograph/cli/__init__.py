"""Command-line interface: thin adapters over the library. Data to stdout, progress and errors to stderr.

One module per command, each with ``add_parser(subparsers)`` (its subcommand and options) and
``run(args) -> int`` (its exit status); this module assembles them and turns domain errors into one line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import DiplographError
from . import config, evaluate, explain, export, extract, ingest, kb, query, serve, spark, watch

__all__ = ["build_parser", "main"]

COMMANDS = (extract, evaluate, ingest, watch, spark, query, export, explain, serve, kb, config)  # the order of --help


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diplograph",
        description="Turn diplomatic texts into structured, verifiable event data (contacts, statements).",
    )
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DiplographError as exc:
        print(f"diplograph: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`| head`): stop quietly, and keep Python from complaining at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
