"""diplograph serve: the web app and its JSON API over a database."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from ..errors import DiplographError
from .common import add_config, add_db, missing_db

TOKEN_ENV = "DIPLOGRAPH_INGEST_TOKEN"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the web app and its JSON API over a database",
        description="Serve the web app (timeline, actors, network, topics × countries, contacts with their "
        "evidence) and its JSON API (OpenAPI at /docs) over a database. Read-only unless an ingest token is "
        f"set (${TOKEN_ENV} or --ingest-token-file): then POST /api/documents with 'Authorization: Bearer "
        "TOKEN' extracts and stores a document, and the database is created when it does not exist; read-only, a "
        "database that does not exist is a usage error (exit status 2). Prints the URL it serves on stderr.",
    )
    add_db(p)
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; any other address, such as 0.0.0.0, "
        "makes the server reachable from other machines, with a warning)",
    )
    p.add_argument("--port", type=port, default=8000, help="port, 0 to 65535 (default: 8000)")
    token = p.add_mutually_exclusive_group()
    token.add_argument(
        "--ingest-token-file",
        metavar="FILE",
        help=f"accept documents from clients that send the bearer token on the first line of FILE (or set ${TOKEN_ENV})",
    )
    token.add_argument(
        "--ingest-token",
        metavar="TOKEN",
        help="the same with the token itself; other users see it in the process list, so prefer "
        f"--ingest-token-file or ${TOKEN_ENV}",
    )
    add_config(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..config import Config
    from ..store import Store
    from ..store.backend import default_url, describe
    from ..web import create_app

    token = ingest_token(args)
    Config.load(args.config)  # a bad configuration is wrong whatever the database: say it first
    # read-only, a mistyped --db would serve an empty database it just created; with an ingest token the
    # server is an ingest of its own and may start one
    if token is None and missing_db(args.db):
        return 2
    # a bad configuration or URL, or a newer schema: one line now, not at the first request
    Store(args.db, config=args.config).close()
    app = create_app(args.db, token, config=args.config)
    if not is_loopback(args.host):
        warn(
            f"listening on {args.host}: the server is reachable from other machines "
            f"({'anyone with the ingest token can add documents' if token else 'read-only, no ingest token'})"
        )
    print(
        f"diplograph: serving {url(args.host, args.port)}/ (database {describe(args.db or default_url())}, "
        f"{'ingest enabled' if token else 'read-only'}); Ctrl-C stops",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def port(value: str) -> int:
    """An argparse type: a TCP port (uvicorn would stop on a larger one with a traceback)."""
    if not (value.isascii() and value.isdigit() and int(value) <= 65535):
        raise argparse.ArgumentTypeError(f"not a port (0 to 65535): {value!r}")
    return int(value)


def ingest_token(args: argparse.Namespace) -> str | None:
    """The token from --ingest-token-file, --ingest-token (with a warning) or the environment; None: none."""
    if args.ingest_token_file:
        try:
            with open(args.ingest_token_file, encoding="utf-8") as f:
                token = f.readline().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise DiplographError(f"{args.ingest_token_file}: cannot read the ingest token ({exc})") from exc
        if not token:
            raise DiplographError(f"{args.ingest_token_file}: no ingest token on its first line")
        return token
    if args.ingest_token:
        warn(
            "--ingest-token shows the token to every user of this machine in the process list; "
            f"use --ingest-token-file FILE or ${TOKEN_ENV} instead"
        )
        return args.ingest_token
    return os.environ.get(TOKEN_ENV) or None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def url(host: str, port: int) -> str:
    host = host.strip("[]")
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def warn(message: str) -> None:
    print(f"diplograph: warning: {message}", file=sys.stderr)
