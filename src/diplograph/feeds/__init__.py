"""Live feeds: RSS and Atom feeds watched, each new item's page fetched politely, extracted and stored.

    from diplograph.feeds import Watcher
    with diplograph.open("diplograph.sqlite") as store:
        counts = Watcher(store, on_error=print).run_pass(["https://example.org/feed.rss"])

``sources`` reads what the user names and what feeds list, ``http`` fetches (conditional requests, a delay per
host, a timeout, a size limit, a clear user agent), ``watch`` runs the passes, and the store keeps the state
(``diplograph.store.watch``), so that no item is ingested twice across runs and restarts.
"""

from __future__ import annotations

from .http import Fetcher, FetchError, Reply
from .settings import Settings
from .sources import Item, expand, parse
from .watch import PassCounts, Watcher, doc_id

__all__ = ["Fetcher", "FetchError", "Item", "PassCounts", "Reply", "Settings", "Watcher", "doc_id", "expand", "parse"]
