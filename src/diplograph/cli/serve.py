"""diplograph serve: the web app and its JSON API over a database."""

from __future__ import annotations

import argparse
import os

from .common import add_config, add_db


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the web app and its JSON API over a database",
        description="Serve the web app (timeline, actors, network, topics × countries, contacts with their "
        "evidence) and its JSON API (OpenAPI at /docs) over a database. Read-only unless --ingest-token is "
        "given: then POST /api/documents with 'Authorization: Bearer TOKEN' extracts and stores a document.",
    )
    add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--ingest-token", metavar="TOKEN", help="accept documents from clients that send this bearer token")
    add_config(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..store import Store
    from ..web import create_app

    # a bad configuration or URL, or a newer schema: one line now, not at the first request
    Store(args.db, config=args.config).close()
    token = args.ingest_token or os.environ.get("DIPLOGRAPH_INGEST_TOKEN") or None
    app = create_app(args.db, token, config=args.config)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
