"""The store: documents, contacts, statements and fused events in SQLite or PostgreSQL, one schema, one code.

    store = diplograph.open("diplograph.sqlite")      # or "postgresql://user@host/db"
    ingest(store, ["corpus/"])                         # extract, store, fuse; idempotent, resumable
    store.query(actor="sergey-lavrov", since="2021-01-01")   # fused events, newest first
    store.query_df(topic="ukraine")                    # the same as a pandas DataFrame

(``ingest`` is ``diplograph.store.ingest.ingest``; the summaries the web pages show are in
``diplograph.store.summaries``.) Ingest stores each document with its text and a hash of what was read; the
same document again changes nothing, a changed one replaces its old records. Documents commit in batches: a
killed ingest loses at most its open batch, and the next run skips what was committed. Events and
near-duplicate links are a function of the stored documents only, whatever the order they were added,
replaced or removed in (``store.rebuild()`` recomputes them all). Fusion's thresholds come from the
``fusion`` section of the store's configuration.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import StoreError
from . import search
from .backend import Backend, connect, default_url, describe
from .events import contact_day
from .fusion import Thresholds
from .migrations import migrate
from .select import Filters, filters_from, select
from .write import Writer, record_hash

__all__ = ["Store", "Filters", "default_url"]


class Store:
    """A narrow interface over one database: add records, then read events, documents and statements.

    ``config`` is a ``Config``, a mapping or a YAML file layered on the defaults (None: the defaults); the
    store uses its ``fusion`` section."""

    def __init__(
        self, url: str | None = None, read_only: bool = False, config: Config | Mapping | str | Path | None = None
    ):
        self.url = url or default_url()
        self.config = Config.load(config)
        limits = Thresholds.from_config(self.config)
        self.few = int(self.config["search"]["few_documents"])
        self.db: Backend = connect(self.url, autocommit=read_only)
        applied = migrate(self.db)
        self._writer = Writer(self.db, limits)
        if "0003_contact_parties" in applied and self.db.query("SELECT 1 FROM contacts LIMIT 1"):
            self.rebuild()  # a store written before events were canonical: fuse it again, once

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------------
    def add_record(
        self,
        record: dict[str, Any],
        text: str | None = None,
        source: str | None = None,
        *,
        digest: str | None = None,
        commit: bool = True,
    ) -> bool:
        """Store one extracted record (the contract's form, as ``extract`` prints it) and fuse its contacts;
        committed at once unless ``commit`` is False. Returns False when the same record was already stored.
        ``digest`` is what to compare and keep as the document's content hash (by default a hash of the
        record and its text; ingest passes the hash of the file it read)."""
        text = text if text is not None else record.get("text") or ""
        digest = digest or record_hash(record, text)
        self.db.begin_write()  # before reading: another writer cannot change what this one compares
        old = self.db.query("SELECT content_hash FROM documents WHERE doc_id = ?", (record["doc_id"],))
        if old and old[0][0] == digest:
            return False
        self._writer.put(record, text, digest, source)
        if commit:
            self.db.commit()
        return True

    def remove(self, doc_id: str, commit: bool = True) -> bool:
        """Take a document and its records out of the store, its events and its near-duplicate family
        recomputed; False when it was not stored."""
        removed = self._writer.remove(doc_id)
        if commit:
            self.db.commit()
        return removed

    def rebuild(self, commit: bool = True) -> None:
        """Recompute near-duplicate families and every event from the stored documents and contacts (no
        extraction): afterwards the store is what a fresh ingest of the same documents gives."""
        self._writer.rebuild()
        if commit:
            self.db.commit()

    def content_hashes(self) -> dict[str, str]:
        """Every stored document's content hash, by document id."""
        return dict(self.db.query("SELECT doc_id, content_hash FROM documents"))

    # --- reading ---------------------------------------------------------------------------------
    def select(self, filters: Filters) -> tuple[str, list[Any]]:
        """SQL giving the events ``filters`` selects (``select.select``), the words of ``filters.q`` looked up
        first in the full-text index: when few documents hold them, their events drive the query."""
        matched = search.events_matching(self.db, filters.q, self.few) if filters.q else None
        return select(filters, self.db.dialect, matched)

    def common_words(self, q: str | None) -> bool:
        """Whether more than ``search.few_documents`` documents hold the words of ``q``."""
        return bool(q) and search.events_matching(self.db, q, self.few) is None

    def count(self, filters: Filters | None = None, at_most: int | None = None, **kw) -> int:
        """How many events ``filters`` selects; with ``at_most``, counting stops after ``at_most + 1``."""
        sql, params = self.select(filters or filters_from(kw))
        if at_most is not None:
            sql += " LIMIT ?"
            params = [*params, int(at_most) + 1]
        return int(self.db.query("SELECT COUNT(*) FROM (" + sql + ") c", params)[0][0])

    def query(
        self, filters: Filters | None = None, limit: int | None = 100, offset: int = 0, statements: bool = False, **kw
    ) -> list[dict[str, Any]]:
        """Fused events, newest first, each a contact record of the spec with ``event_id`` and ``sources``."""
        sql, params = self.select(filters or filters_from(kw))
        sql += " ORDER BY x.sort_date DESC, x.event_id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        ids = [r[0] for r in self.db.query(sql, params)]
        if not ids:
            return []
        rows = dict(
            self.db.query(
                "SELECT event_id, record FROM events WHERE event_id IN (" + ",".join("?" * len(ids)) + ")", ids
            )
        )
        out = [json.loads(rows[i]) for i in ids]
        if statements:
            for event in out:
                event["statements"] = self.statements_of(event)
        return out

    def iter_events(self, filters: Filters | None = None, chunk: int = 1000) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            page = self.query(filters or Filters(), limit=chunk, offset=offset)
            yield from page
            if len(page) < chunk:
                return
            offset += chunk

    def statements_of(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """The statements of an event's source documents, each with its ``doc_id``."""
        docs = [s["doc_id"] for s in event.get("sources") or []]
        if not docs:
            return []
        rows = self.db.query(
            "SELECT doc_id, record FROM statements WHERE doc_id IN ("
            + ",".join("?" * len(docs))
            + ") ORDER BY doc_id, position",
            docs,
        )
        return [{"doc_id": d, **json.loads(r)} for d, r in rows]

    def search(self, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Documents matching the words of ``q`` (full text, accents and case ignored), best first:
        ``{"query", "total", "items"}``, each with a marked ``snippet`` and its ``events`` (store/search.py)."""
        return search.search(self.db, q, limit, offset)

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self.db.query("SELECT record FROM events WHERE event_id = ?", (event_id,))
        return json.loads(rows[0][0]) if rows else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self.db.query(
            "SELECT record, text, source, duplicate_of, similarity FROM documents WHERE doc_id = ?", (doc_id,)
        )
        if not rows:
            return None
        record, text, source, dup, sim = rows[0]
        return {**json.loads(record), "text": text, "source": source, "duplicate_of": dup, "similarity": sim}

    def explain(self, event_id: str) -> list[str]:
        """Why the event's sources were fused, one line per fact."""
        event = self.event(event_id)
        if event is None:
            raise StoreError(f"no event {event_id} in {describe(self.url)}")
        parties = ", ".join(f"{p.get('name')} ({p.get('affiliation')})" for p in event["participants"])
        lines = [
            f"event {event_id}: {event.get('medium') or 'contact'} {event.get('status')} on {event.get('date') or 'an unstated date'}: {parties}",
            f"{len(event['sources'])} source(s), {event['n_sources']} independent",
        ]
        rows = self.db.query(
            "SELECT c.contact_id, c.doc_id, c.reason, d.duplicate_of, d.similarity, d.published, c.record, c.position"
            " FROM contacts c JOIN documents d ON d.doc_id = c.doc_id WHERE c.event_id = ?",
            (event_id,),
        )
        # the order fusion took them in: day, publication date, document, position
        rows.sort(key=lambda r: (contact_day(json.loads(r[6]), r[5]), r[5] or "", r[1], r[7]))
        for contact_id, doc_id, reason, dup, sim, published, _record, _position in rows:
            why = json.loads(reason or "{}")
            head = f"- {contact_id} (document {doc_id}, published {published or 'unstated'})"
            if why.get("first"):
                lines.append(head + ": first report of this event")
            else:
                lines.append(head + f": fused with {why.get('with')} because " + "; ".join(why.get("because") or []))
            if dup:
                lines.append(
                    f"  {doc_id} is a near-duplicate of {dup} (word 5-gram similarity {sim:.2f}): not counted as an independent source"
                )
        return lines

    def statements(self, filters: Filters | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Every stored statement (with ``doc_id`` and the document's publication date), optionally those of
        an affiliation (as source or target) and topic."""
        f = filters or Filters()
        sql = "SELECT s.doc_id, s.record, d.published FROM statements s JOIN documents d ON d.doc_id = s.doc_id"
        where, params = [], []
        for aff in (f.with_, f.actor):
            if aff:
                where.append("s.statement_id IN (SELECT statement_id FROM statement_parties WHERE affiliation = ?)")
                params.append(aff)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published DESC, s.statement_id"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        out = []
        for doc_id, record, published in self.db.query(sql, params):
            s = json.loads(record)
            if f.topic and f.topic not in (s.get("topics") or []):
                continue
            out.append({"doc_id": doc_id, "published": published, **s})
        return out

    # --- statements, filtered and paged (the web's /api/statements and /statements) ---------------------
    def statements_page(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        type: str | None = None,
        topic: str | None = None,
        since: str | None = None,
        until: str | None = None,
        negated: bool | None = None,
        doc_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Statements newest first (by their document's publication date), each with ``statement_id``,
        ``doc_id`` and ``published``, and how many match: an affiliation as ``source`` or ``target``, a type,
        a topic, published between ``since`` and ``until`` (YYYY-MM-DD, inclusive), negated or not."""
        from . import statement_keys

        chosen = {"source": source, "target": target, "type": type, "topic": topic}
        if negated is not None:
            chosen["negated"] = str(int(negated))
        return statement_keys.page(self.db, chosen, since=since, until=until, doc_id=doc_id, limit=limit, offset=offset)

    def statements_df(self, filters: Filters | None = None, **kw):
        """The stored statements as a pandas DataFrame, one row per statement, with the columns of ``export
        --table statements`` (codes kept as text, the evidence sentence, the document's title and URL); the
        same filters as ``query`` (``actor``, ``with_``, ``topic``, ``since``, ``until``)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise StoreError("statements_df needs pandas: pip install pandas") from exc
        from .tables import table_pages

        rows = [row for page in table_pages(self, "statements", filters or filters_from(kw)) for row in page]
        return pd.DataFrame(rows, dtype=object)

    def query_df(self, filters: Filters | None = None, **kw):
        """``query`` as a pandas DataFrame, one row per event (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise StoreError("query_df needs pandas: pip install pandas") from exc
        from .tables import event_rows

        return pd.DataFrame(event_rows(self.query(filters, limit=None, **kw)))
