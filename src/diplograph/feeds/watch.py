"""One pass over the feeds, and the loop of passes: each new item's page fetched, extracted and stored.

    watcher = Watcher(store, Settings(), on_error=print)
    counts = watcher.run_pass(["https://example.org/feed.rss", "feeds.txt"])
    print(counts.line())     # feeds 2, items 14 new, 12 ingested, 2 failed, 30 already seen

A page becomes a document as an ``.html`` file does (its main text by trafilatura, offsets into that text),
with the item's link as ``url`` and ``source``, and the item's date as the publication date where the page
states none (``published_source`` says which: ``text`` or ``feed``). Its document id is stable: the link's host
and a hash of the item's key. The state in the store (``diplograph.store.watch``) keeps an item from being
ingested twice, across passes and restarts; an item the feed marks as updated is fetched again, with the
page's validators, and stored again only when its text changed. Feeds are fetched with their validators too.
Each problem is one call of ``on_error`` naming the feed and the item; nothing stops the rest of the pass.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..encodings import decode_bytes
from ..errors import InputError
from ..readers import RawDocument, html_to_text
from ..store.watch import WatchState
from ..store.write import content_hash
from .http import Fetcher, FetchError, Reply
from .settings import Settings
from .sources import Item, expand, is_url, parse, read_local

if TYPE_CHECKING:
    from ..store import Store

HTML_TYPES = {"text/html", "application/xhtml+xml"}
SNIFF_BYTES = 1024  # of a page sent without a content type, searched for an <html> tag


@dataclass
class PassCounts:
    feeds: int = 0
    not_modified: int = 0  # feeds the server said had not changed (304)
    feed_errors: int = 0
    new: int = 0  # items fetched for the first time (or again after a network error)
    updated: int = 0  # stored items the feed marks as changed, fetched again
    ingested: int = 0
    failed: int = 0
    seen: int = 0

    def line(self) -> str:
        notes = [f"{n} {what}" for n, what in ((self.not_modified, "not modified"), (self.feed_errors, "failed")) if n]
        feeds = f"feeds {self.feeds}" + (f" ({', '.join(notes)})" if notes else "")
        updated = f", {self.updated} updated" if self.updated else ""
        return (
            f"{feeds}, items {self.new} new{updated}, {self.ingested} ingested, {self.failed} failed, "
            f"{self.seen} already seen"
        )

    @property
    def problems(self) -> int:
        return self.feed_errors + self.failed


def doc_id(item: Item) -> str:
    """A stable document id: the link's host and a hash of the item's key."""
    host = (urlsplit(item.link).hostname or "") if item.link else ""
    return f"{host or 'feed'}-{hashlib.sha256(item.key.encode('utf-8')).hexdigest()[:16]}"


class Watcher:
    """Passes over feeds into one store. The pipeline loads at the first page to extract, once."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        pipeline=None,
        use_parser: bool | None = None,
        fetcher: Fetcher | None = None,
        on_error: Callable[[str], Any] | None = None,
    ):
        self.store = store
        self.settings = settings or Settings.from_config(store.config)
        self.pipeline = pipeline
        self.use_parser = use_parser
        self.fetcher = fetcher or Fetcher(self.settings)
        self.state = WatchState(store.db)
        self.on_error = on_error or (lambda message: None)

    # --- passes ----------------------------------------------------------------------------------
    def loop(
        self,
        sources: list[str],
        interval_s: float,
        stop: threading.Event | None = None,
        on_pass: Callable[[PassCounts], Any] | None = None,
    ) -> None:
        """A pass every ``interval_s`` seconds (start to start) until ``stop`` is set or Ctrl-C."""
        stop = stop or threading.Event()
        while not stop.is_set():
            start = time.monotonic()
            counts = self.run_pass(sources)
            if on_pass is not None:
                on_pass(counts)
            if stop.wait(max(0.0, interval_s - (time.monotonic() - start))):
                return

    def run_pass(self, sources: list[str]) -> PassCounts:
        counts = PassCounts()
        feeds, problems = expand(sources, self.settings.max_bytes)
        for problem in problems:
            counts.feed_errors += 1
            self.on_error(problem)
        keys: set[str] = set()  # items seen in this pass, by whichever feed listed them first
        for feed in feeds:
            counts.feeds += 1
            self._feed(feed, counts, keys)
        self.store.db.commit()
        return counts

    def _feed(self, feed: str, counts: PassCounts, keys: set[str]) -> None:
        """Every item of one feed; the feed's validators are kept only when no item is left to try again."""
        try:
            if is_url(feed):
                reply = self.fetcher.get(feed, *self.state.validators(feed))
                if reply.status == 304:
                    counts.not_modified += 1
                    return
                items = parse(reply.body, feed, reply.url)
            else:
                reply = None
                items = parse(read_local(Path(feed), self.settings.max_bytes), feed)
        except (FetchError, InputError) as exc:
            counts.feed_errors += 1
            self.on_error(str(exc))
            return
        again = False
        for item in items:
            if item.key in keys:
                counts.seen += 1
                continue
            keys.add(item.key)
            again |= self._item(feed, item, counts) == "retry"
        if reply is not None and not again:
            self.state.save_validators(feed, reply.etag, reply.last_modified)
            self.store.db.commit()

    # --- items -----------------------------------------------------------------------------------
    def _item(self, feed: str, item: Item, counts: PassCounts) -> str | None:
        """Fetch, extract and store one item unless it is known; returns the outcome recorded, if any."""
        old = self.state.item(item.key)
        changed = old is not None and item.updated is not None and item.updated != old.updated
        if old is not None and old.outcome != "retry" and not changed:
            counts.seen += 1
            return None
        earlier = self.state.ingested_at(item.link) if old is None and item.link else None
        if earlier is not None:  # the same page under a new guid: a feed that renumbered its items
            counts.seen += 1
            self.state.mark(
                item.key, doc_id=earlier, feed=feed, url=item.link, updated=item.updated, outcome="ingested"
            )
            self.store.db.commit()
            return None
        update = old is not None and old.outcome == "ingested"
        if update:
            counts.updated += 1
        else:
            counts.new += 1
        mark = {"doc_id": doc_id(item), "feed": feed, "url": item.link, "updated": item.updated}
        try:
            outcome = self._ingest(item, mark["doc_id"], update)
        except Exception as exc:  # noqa: BLE001 - one item's failure, whatever it is, must not stop the pass
            if not isinstance(exc, FetchError | InputError):
                exc = InputError(
                    item.link or item.key, f"internal error, please report it ({type(exc).__name__}: {exc})"
                )
            attempts = (old.attempts if old is not None and old.outcome == "retry" else 0) + 1
            transient = isinstance(exc, FetchError) and exc.transient
            outcome = "retry" if transient and attempts < self.settings.max_attempts else "failed"
            gave_up = f" (gave up after {attempts} attempts)" if transient and outcome == "failed" else ""
            counts.failed += 1
            self.on_error(f"{feed}: {exc}{gave_up}")
            # an update that fails for good leaves the stored document as it was: the item stays ingested
            kept = "ingested" if update and outcome == "failed" else outcome
            self.state.mark(item.key, **mark, outcome=kept, problem=str(exc))
            self.store.db.commit()
            return outcome
        if outcome == "ingested":
            counts.ingested += 1
        self.state.mark(item.key, **mark, outcome="ingested")
        self.store.db.commit()
        return "ingested"

    def _ingest(self, item: Item, doc: str, update: bool) -> str:
        """Store the item's page as document ``doc``: "ingested", or "unchanged" when nothing new came."""
        if not item.link or not is_url(item.link):
            raise InputError(item.link or item.key, "the item has no http(s) link")
        # validators only for a page already stored: a 304 must never stand for a page never read
        reply = self.fetcher.get(item.link, *(self.state.validators(item.link) if update else (None, None)))
        if reply.status == 304:
            if update:
                return "unchanged"
            raise FetchError(item.link, "answered 304 Not Modified to a request without validators", True)
        text = html_to_text(_html(reply), item.link)
        digest = content_hash(doc, text, item.published, item.title)
        if self.state.stored_hash(doc) == digest:
            self.state.save_validators(item.link, reply.etag, reply.last_modified)
            return "unchanged"
        raw = RawDocument(doc, text, item.link, title=item.title, url=item.link, extracted=True)
        record = self._extract(raw, item.published)
        db = self.store.db
        db.begin_write()
        db.savepoint("item")
        try:
            self.store.add_record(record, text, item.link, digest=digest, commit=False)
            self.state.save_validators(item.link, reply.etag, reply.last_modified)
        except Exception as exc:  # one item that cannot be stored must not stop the pass
            db.rollback_to("item")
            raise InputError(item.link, f"could not store document {doc!r} ({type(exc).__name__}: {exc})") from exc
        db.release("item")
        return "ingested"

    def _extract(self, raw: RawDocument, fallback: str | None) -> dict[str, Any]:
        """The record of a page; where neither the page nor its text states a publication date, the feed's
        item date stands in (``published_source`` says ``feed``)."""
        if self.pipeline is None:
            import diplograph

            self.pipeline = diplograph.load(use_parser=self.use_parser, config=self.store.config, lazy=True)
        raw = replace(raw, fallback_published=fallback, fallback_source="feed") if fallback else raw
        record = next(iter(self.pipeline.pipe([raw])))
        if not hasattr(record, "original"):  # an ErrorRecord, whose message names the source already
            raise InputError(raw.source, record.error.removeprefix(f"{raw.source}: "))
        return record.to_dict()


def _html(reply: Reply) -> str:
    """The page's HTML as text, or an ``InputError`` when it is not HTML."""
    head = reply.body[:SNIFF_BYTES].lower()
    if reply.content_type not in HTML_TYPES and not (not reply.content_type and b"<html" in head):
        raise InputError(reply.url, f"not HTML (content type {reply.content_type or 'not given'})")
    if reply.charset:
        try:
            return reply.body.decode(reply.charset, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess, as for a file
    return decode_bytes(reply.body, reply.url)
