"""The state of ``diplograph watch`` in the store: what was done with each feed item, and HTTP validators.

An item is known by its key (the feed's guid, else its link). Its outcome is ``ingested``, ``failed`` (for
good: a 404, a page too large, not HTML, no text) or ``retry`` (a network error or a server error, tried again
on a later pass up to a number of attempts). The validators are the ``ETag`` and ``Last-Modified`` a server
sent for a feed or a page, sent back as ``If-None-Match`` and ``If-Modified-Since`` on the next request. The
state lives in the store's database (migration ``0004_watch_state``), so it survives restarts and is written
in the same transaction as the documents: an item is marked ingested exactly when its document is stored.
The caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .backend import Backend

OUTCOMES = ("ingested", "failed", "retry")


@dataclass(frozen=True)
class ItemState:
    doc_id: str
    updated: str | None  # the item's "updated" stamp as the feed last gave it
    outcome: str
    attempts: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class WatchState:
    """Reads and writes ``watch_items`` and ``http_validators`` over one store connection."""

    def __init__(self, db: Backend):
        self.db = db

    def item(self, key: str) -> ItemState | None:
        rows = self.db.query("SELECT doc_id, updated, outcome, attempts FROM watch_items WHERE item_key = ?", (key,))
        return ItemState(*rows[0]) if rows else None

    def mark(
        self,
        key: str,
        *,
        doc_id: str,
        feed: str,
        url: str | None,
        updated: str | None,
        outcome: str,
        problem: str | None = None,
    ) -> None:
        """Record what was done with an item; a ``retry`` counts one more attempt, an ingest starts again."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        old = self.item(key)
        attempts = (old.attempts if old is not None and old.outcome == "retry" else 0) + 1
        self.db.begin_write()
        self.db.execute(
            "INSERT INTO watch_items (item_key, doc_id, feed, url, updated, outcome, attempts, problem, seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_key) DO UPDATE SET doc_id = excluded.doc_id,"
            " feed = excluded.feed, url = excluded.url, updated = excluded.updated, outcome = excluded.outcome,"
            " attempts = excluded.attempts, problem = excluded.problem, seen_at = excluded.seen_at",
            (key, doc_id, feed, url, updated, outcome, attempts, problem, _now()),
        )

    def ingested_at(self, url: str) -> str | None:
        """The document id of an item already ingested from the page at ``url``, if any."""
        rows = self.db.query("SELECT doc_id FROM watch_items WHERE url = ? AND outcome = 'ingested' LIMIT 1", (url,))
        return rows[0][0] if rows else None

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ``ETag`` and ``Last-Modified`` last seen for ``url`` (None, None when none)."""
        rows = self.db.query("SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.db.begin_write()
        if not etag and not last_modified:
            self.db.execute("DELETE FROM http_validators WHERE url = ?", (url,))
            return
        self.db.execute(
            "INSERT INTO http_validators (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
            " checked_at = excluded.checked_at",
            (url, etag, last_modified, _now()),
        )

    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash of the stored document ``doc_id``, None when it is not stored."""
        rows = self.db.query("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,))
        return rows[0][0] if rows else None
