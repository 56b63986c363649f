"""What the routes share: the store of each serving thread, the pipeline for ingest, the templates, the
ingest-token check and the query-string helpers. One ``Services`` per app, kept in ``app.state``."""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..config import Config
from ..store import Filters, Store

HERE = Path(__file__).parent


def vendor_dir() -> Path | None:
    """The front-end libraries the pages load from ``/vendor`` (graph, map): the ``node_modules`` that
    ``make setup`` installs from the npm registry (``package.json``) beside the source, or the folder
    ``DIPLOGRAPH_VENDOR`` names; None when neither exists (the pages that need them say so)."""
    import os

    for candidate in (os.environ.get("DIPLOGRAPH_VENDOR"), HERE.parents[2] / "node_modules"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


MEDIA = ["in_person", "phone", "video", "written"]
MAX_OFFSET = 10**9  # far beyond any store, far below the 2^63 where SQLite and PostgreSQL integers overflow
MAX_FILTER = 200  # characters of a filter value (an id, an affiliation, a topic, a date)


class Services:
    """The app's database URL and ingest token, and what is built once from them."""

    def __init__(self, db: str | None, ingest_token: str | None, config: Config):
        self.url = db
        self.ingest_token = ingest_token
        self.config = config
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.autoescape = True
        self.topics = _topics()
        self._local = threading.local()
        self._pipeline_lock = threading.Lock()
        self._pipeline = None

    def store(self) -> Store:
        """The read-only store of this thread (SQLite connections stay in their thread)."""
        if getattr(self._local, "store", None) is None:
            self._local.store = Store(self.url, read_only=True, config=self.config)
        return self._local.store

    def extract(self, raw):
        """One document through the pipeline, loaded at the first call and used by one thread at a time. A
        document that fails comes back as an ``ErrorRecord``, as in a batch, never as an exception."""
        with self._pipeline_lock:
            if self._pipeline is None:
                from ..pipeline import load

                self._pipeline = load(config=self.config, lazy=True)
            return next(self._pipeline.pipe([raw]))

    def writer(self) -> Store:
        """A store to write to, for one request (one transaction for a document and its fusion)."""
        return Store(self.url, config=self.config)

    def check_token(self, authorization: str | None) -> None:
        """Refuse to write unless the server has an ingest token and the request carries it."""
        if not self.ingest_token:
            raise HTTPException(403, "this server is read-only (start it with --ingest-token to accept documents)")
        given = (
            (authorization or "").removeprefix("Bearer ").strip() if (authorization or "").startswith("Bearer ") else ""
        )
        if not given or not hmac.compare_digest(given.encode(), self.ingest_token.encode()):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    def page(self, request: Request, name: str, **context) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, {"topics": self.topics, "media": MEDIA, **context})


async def services(request: Request) -> Services:
    """The app's services, as a route dependency."""
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services)]


def filters(actor, country, topic, medium, since, until, with_actor=None, q=None) -> Filters:
    """The store's filters from a page's or the API's query string (empty values: no filter); ``q`` the
    words of a full-text search of the events' documents."""
    return Filters(
        actor=actor or None,
        with_=(with_actor or country) or None,
        topic=topic or None,
        medium=medium or None,
        since=day(since),
        until=day(until),
        q=(q or "").strip() or None,
    )


def day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise HTTPException(422, f"not a date (YYYY-MM-DD): {value!r}") from exc


def found(value, what: str, key: str):
    """``value``, or a 404 naming what was asked for."""
    if value is None:
        raise HTTPException(404, f"no {what} {key}")
    return value


def _topics() -> list[str]:
    """The topic ids of every language pack (one closed vocabulary, each pack with cues for all of it)."""
    from .. import lang

    ids: set[str] = set()
    for code in lang.codes():
        ids |= set(lang.pack_class(code)().data("topics.yaml")["topics"])
    return sorted(ids)
