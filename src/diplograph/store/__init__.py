"""The store: documents, contacts, statements and fused events in SQLite or PostgreSQL, one schema, one code.

    store = diplograph.open("diplograph.sqlite")      # or "postgresql://user@host/db"
    store.ingest(["corpus/"])                          # extract, store, fuse; idempotent, resumable
    store.query(actor="sergey-lavrov", since="2021-01-01")   # fused events, newest first
    store.query_df(topic="ukraine")                    # the same as a pandas DataFrame

Ingest stores each document with its text and a hash of what was read; the same document again changes
nothing, a changed one replaces its old records. Documents commit in batches: a killed ingest loses at most
its open batch, and the next run skips what was committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from . import fusion
from .backend import Backend, connect, default_url, describe
from .migrations import migrate

__all__ = ["Store", "Filters", "default_url"]


@dataclass(frozen=True)
class Filters:
    """What ``query`` and ``export`` select; every field optional."""

    actor: str | None = None  # a knowledge-base id ("sergey-lavrov") or a state/organisation code
    with_: str | None = None  # an affiliation taking part
    topic: str | None = None
    medium: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive


def _hash(*parts: str | None) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    def __init__(self, url: str | None = None, read_only: bool = False):
        self.url = url or default_url()
        self.db: Backend = connect(self.url, autocommit=read_only)
        migrate(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- ingest --------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str], batch: int = 50, progress: bool = False, pipeline=None) -> dict[str, int]:
        """Extract and store the documents under ``paths``. Returns counts: added, replaced, unchanged,
        failed. Errors are reported on stderr, one line each, and the batch goes on."""
        from ..readers import ReadFailure, read_paths

        counts = {"added": 0, "replaced": 0, "unchanged": 0, "failed": 0}
        known = dict(self.db.query("SELECT doc_id, content_hash FROM documents"))
        bar = _Progress(progress)
        pending = 0
        paths = [str(p) for p in paths]
        for path in [p for p in paths if _is_record_file(p)]:
            paths.remove(path)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):  # noqa: SIM115 - read line by line
                bar.tick()
                try:
                    record = json.loads(line) if line.strip() else None
                    if record is None:
                        continue
                    if "error" in record and "contacts" not in record:
                        raise ValueError(record["error"])
                    text = record.get("text") or ""
                    digest = _hash(record["doc_id"], json.dumps(record, sort_keys=True, ensure_ascii=False), text)
                except (ValueError, KeyError, TypeError) as exc:
                    counts["failed"] += 1
                    print(f"diplograph: {path}:{n}: not an extracted record ({exc})", file=sys.stderr)
                    continue
                if known.get(record["doc_id"]) == digest:
                    counts["unchanged"] += 1
                    continue
                counts["replaced" if record["doc_id"] in known else "added"] += 1
                self._put(record, text, digest, path)
                known[record["doc_id"]] = digest
                pending += 1
                if pending >= batch:
                    self.db.commit()
                    pending = 0
        for raw in read_paths(paths):
            bar.tick()
            if isinstance(raw, ReadFailure):
                counts["failed"] += 1
                print(f"diplograph: {raw.error}", file=sys.stderr)
                continue
            digest = _hash(raw.doc_id, raw.text, raw.published, raw.title)
            if known.get(raw.doc_id) == digest:
                counts["unchanged"] += 1
                continue
            if pipeline is None:
                from ..pipeline import load

                pipeline = load()
            record = next(iter(pipeline.pipe([raw])))
            if not hasattr(record, "original"):  # an ErrorRecord
                counts["failed"] += 1
                print(f"diplograph: {record.error}", file=sys.stderr)
                continue
            counts["replaced" if raw.doc_id in known else "added"] += 1
            self._put(record.to_dict(), raw.text, digest, raw.source)
            known[raw.doc_id] = digest
            pending += 1
            if pending >= batch:
                self.db.commit()
                pending = 0
        self.db.commit()
        bar.close(counts)
        return counts

    def add_record(self, record: dict[str, Any], text: str | None = None, source: str | None = None) -> bool:
        """Store one extracted record (the contract's form, as ``extract`` prints it) and fuse its contacts;
        committed at once. Returns False when the same record was already stored."""
        text = text if text is not None else record.get("text") or ""
        digest = _hash(record["doc_id"], json.dumps(record, sort_keys=True, ensure_ascii=False), text)
        old = self.db.query("SELECT content_hash FROM documents WHERE doc_id = ?", (record["doc_id"],))
        if old and old[0][0] == digest:
            return False
        self._put(record, text, digest, source)
        self.db.commit()
        return True

    def _put(self, record: dict[str, Any], text: str, digest: str, source: str | None) -> None:
        doc_id = record["doc_id"]
        self._remove(doc_id)
        sig = fusion.signature(text)
        duplicate_of, similarity = self._near_duplicate(doc_id, sig) if sig is not None else (None, None)
        stored = {k: v for k, v in record.items() if k != "text"}
        self.db.execute(
            "INSERT INTO documents (doc_id, content_hash, language, title, published, text, source, record, signature,"
            " duplicate_of, similarity, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                digest,
                record.get("language"),
                record.get("title"),
                record.get("published"),
                text,
                source,
                json.dumps(stored, ensure_ascii=False),
                fusion.encode(sig) if sig is not None else None,
                duplicate_of,
                similarity,
                _now(),
            ),
        )
        if sig is not None:
            self.db.executemany(
                "INSERT INTO doc_bands (band, doc_id) VALUES (?, ?)", ((b, doc_id) for b in fusion.bands(sig))
            )
        for i, contact in enumerate(record.get("contacts") or [], 1):
            contact_id = f"{doc_id}:c{i}"
            self.db.execute(
                "INSERT INTO contacts (contact_id, doc_id, position, medium, status, date, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    contact_id,
                    doc_id,
                    i,
                    contact.get("medium"),
                    contact.get("status"),
                    contact.get("date"),
                    json.dumps(contact, ensure_ascii=False),
                ),
            )
            self.db.executemany(
                "INSERT INTO participants (contact_id, position, actor_id, name, affiliation, role) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (contact_id, j, p.get("id"), p.get("name") or "", p.get("affiliation"), p.get("role"))
                    for j, p in enumerate(contact.get("participants") or [], 1)
                ),
            )
            self._fuse(contact_id, contact, record.get("published"), doc_id)
        for i, statement in enumerate(record.get("statements") or [], 1):
            statement_id = f"{doc_id}:s{i}"
            self.db.execute(
                "INSERT INTO statements (statement_id, doc_id, position, type, negated, record) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    statement_id,
                    doc_id,
                    i,
                    statement.get("type"),
                    int(bool(statement.get("negated"))),
                    json.dumps(statement, ensure_ascii=False),
                ),
            )
            parties = [("source", a) for a in statement.get("source") or []] + [
                ("target", a) for a in statement.get("target") or []
            ]
            self.db.executemany(
                "INSERT INTO statement_parties (statement_id, side, affiliation) VALUES (?, ?, ?)",
                ((statement_id, side, a) for side, a in parties),
            )

    def _remove(self, doc_id: str) -> None:
        """Take a document's records out, and out of their events (an event left with no source goes)."""
        events = [
            r[0]
            for r in self.db.query(
                "SELECT DISTINCT event_id FROM contacts WHERE doc_id = ? AND event_id IS NOT NULL", (doc_id,)
            )
        ]
        for table, key in (("participants", "contact_id"), ("statement_parties", "statement_id")):
            parent = "contacts" if table == "participants" else "statements"
            self.db.execute(
                f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {parent} WHERE doc_id = ?)", (doc_id,)
            )
        for table in ("contacts", "statements", "doc_bands"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.db.execute("UPDATE documents SET duplicate_of = NULL, similarity = NULL WHERE duplicate_of = ?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        for event_id in events:
            self._rebuild(event_id)

    def _near_duplicate(self, doc_id: str, sig) -> tuple[str | None, float | None]:
        found = self.db.query(
            "SELECT DISTINCT d.doc_id, d.signature, d.duplicate_of, d.ingested_at FROM doc_bands b JOIN documents d ON d.doc_id = b.doc_id"
            " WHERE b.band IN (" + ",".join("?" * fusion.BANDS) + ") AND d.doc_id <> ?",
            (*fusion.bands(sig), doc_id),
        )
        best = None
        for other, other_sig, other_dup, _when in found:
            if not other_sig:
                continue
            score = fusion.similarity(sig, fusion.decode(other_sig))
            if score >= fusion.NEAR_DUPLICATE and (best is None or score > best[1]):
                best = (other_dup or other, score)
        return best if best else (None, None)

    # --- fusion --------------------------------------------------------------------------------
    def _fuse(self, contact_id: str, contact: dict[str, Any], published: str | None, doc_id: str) -> None:
        new = fusion.Side(contact, published, doc_id)
        parties = sorted(new.parties())
        if len(parties) < 2:
            return self._new_event(contact_id, contact, published)
        # candidates: events with one of the same parties, within a month of the contact's day
        day = fusion.sort_date(contact, published)
        params: list[Any] = [parties[0]]
        window = ""
        if day:
            d = dt.date.fromisoformat(day)
            window = " AND (a.sort_date = '' OR (a.sort_date >= ? AND a.sort_date <= ?))"
            params += [(d - dt.timedelta(days=40)).isoformat(), (d + dt.timedelta(days=40)).isoformat()]
        candidates = [
            r[0]
            for r in self.db.query(
                "SELECT DISTINCT a.event_id FROM event_actors a WHERE a.affiliation = ?" + window, params
            )
        ]
        copy_of = self._family(doc_id)
        for event_id in candidates:
            sides = self._sides(event_id)
            verdicts = [fusion.compare(new, side, copies=self._family(side.doc_id) == copy_of) for side in sides]
            if sides and all(v.same for v in verdicts):
                self.db.execute(
                    "UPDATE contacts SET event_id = ?, reason = ? WHERE contact_id = ?",
                    (
                        event_id,
                        json.dumps({"with": sides[0].doc_id, "because": verdicts[0].reasons}, ensure_ascii=False),
                        contact_id,
                    ),
                )
                self._rebuild(event_id)
                return
        self._new_event(contact_id, contact, published)

    def _family(self, doc_id: str) -> str:
        """The first copy of a document (itself when it is no near-duplicate)."""
        rows = self.db.query("SELECT duplicate_of FROM documents WHERE doc_id = ?", (doc_id,))
        return (rows[0][0] if rows else None) or doc_id

    def _new_event(self, contact_id: str, contact: dict[str, Any], published: str | None) -> None:
        event_id = "ev-" + hashlib.sha1(contact_id.encode("utf-8")).hexdigest()[:12]
        self.db.execute(
            "UPDATE contacts SET event_id = ?, reason = ? WHERE contact_id = ?",
            (event_id, json.dumps({"first": True}), contact_id),
        )
        self._rebuild(event_id)

    def _sides(self, event_id: str) -> list[fusion.Side]:
        rows = self.db.query(
            "SELECT c.record, d.published, c.doc_id FROM contacts c JOIN documents d ON d.doc_id = c.doc_id"
            " WHERE c.event_id = ? ORDER BY d.ingested_at, c.contact_id",
            (event_id,),
        )
        return [fusion.Side(json.loads(r), p, doc) for r, p, doc in rows]

    def _rebuild(self, event_id: str) -> None:
        """Recompute an event's record and index rows from its sources (or drop it when none is left)."""
        for table in ("event_actors", "event_topics", "events"):
            self.db.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        rows = self.db.query(
            "SELECT c.record, d.published, c.doc_id, d.duplicate_of FROM contacts c JOIN documents d ON d.doc_id = c.doc_id"
            " WHERE c.event_id = ? ORDER BY d.ingested_at, c.contact_id",
            (event_id,),
        )
        if not rows:
            return
        sides = [fusion.Side(json.loads(r), p, doc) for r, p, doc, _dup in rows]
        record = fusion.merge(sides)
        independent = {dup or doc for _r, _p, doc, dup in rows}
        record["event_id"] = event_id
        record["sources"] = [
            {
                "doc_id": side.doc_id,
                "evidence": side.record.get("evidence") or [],
                **({"duplicate_of": dup} if dup else {}),
            }
            for side, (_r, _p, _doc, dup) in zip(sides, rows, strict=True)
        ]
        record["n_sources"] = len(independent)
        # an event with no day at all sorts last ("" in both SQLite and PostgreSQL, where NULLs differ)
        day = fusion.sort_date(record, min((s.published for s in sides if s.published), default=None)) or ""
        self.db.execute(
            "INSERT INTO events (event_id, sort_date, date, medium, status, n_sources, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                event_id,
                day,
                record.get("date"),
                record.get("medium"),
                record.get("status"),
                len(independent),
                json.dumps(record, ensure_ascii=False),
            ),
        )
        actors = set()  # one row per person id and one per affiliation code: --actor and --with both use it
        for p in record["participants"]:
            for key in {p.get("id"), p.get("affiliation")} - {None}:
                actors.add((key, p.get("affiliation")))
        self.db.executemany(
            "INSERT INTO event_actors (event_id, actor, affiliation, sort_date) VALUES (?, ?, ?, ?)",
            ((event_id, actor, aff, day) for actor, aff in sorted(actors, key=str)),
        )
        self.db.executemany(
            "INSERT INTO event_topics (event_id, topic, sort_date) VALUES (?, ?, ?)",
            ((event_id, t, day) for t in record["topics"]),
        )

    # --- reading -------------------------------------------------------------------------------
    def _select(self, f: Filters) -> tuple[str, list[Any]]:
        """SQL giving the selected events' ids and sort days. The most selective filter drives the query
        through an index that is also ordered by day (an actor's or a topic's events, newest first); the
        other filters are checked on each row, so that "newest first, the first 50" reads few rows."""
        keys = [k for k in (f.actor, f.with_) if k]
        checks: list[str] = []
        params: list[Any] = []
        if keys:
            sql = "SELECT x.event_id, x.sort_date FROM event_actors x WHERE x.actor = ?"
            params.append(keys[0])
            for k in keys[1:]:
                checks.append("EXISTS (SELECT 1 FROM event_actors y WHERE y.event_id = x.event_id AND y.actor = ?)")
                params.append(k)
            if f.topic:
                checks.append("EXISTS (SELECT 1 FROM event_topics t WHERE t.event_id = x.event_id AND t.topic = ?)")
                params.append(f.topic)
        elif f.topic:
            sql = "SELECT x.event_id, x.sort_date FROM event_topics x WHERE x.topic = ?"
            params.append(f.topic)
        else:
            sql = "SELECT x.event_id, x.sort_date FROM events x WHERE 1 = 1"
        if f.medium:
            if keys or f.topic:
                checks.append("EXISTS (SELECT 1 FROM events m WHERE m.event_id = x.event_id AND m.medium = ?)")
            else:
                checks.append("x.medium = ?")
            params.append(f.medium)
        if f.since:
            checks.append("x.sort_date >= ?")
            params.append(f.since)
        if f.until:
            checks.append("x.sort_date <= ? AND x.sort_date <> ''")
            params.append(f.until)
        return sql + "".join(" AND " + c for c in checks), params

    def query(
        self, filters: Filters | None = None, limit: int | None = 100, offset: int = 0, statements: bool = False, **kw
    ) -> list[dict[str, Any]]:
        """Fused events, newest first, each a contact record of the spec with ``event_id`` and ``sources``."""
        f = filters or _filters(kw)
        sql, params = self._select(f)
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

    def count(self, filters: Filters | None = None, **kw) -> int:
        sql, params = self._select(filters or _filters(kw))
        return int(self.db.query("SELECT COUNT(*) FROM (" + sql + ") c", params)[0][0])

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
            "SELECT c.contact_id, c.doc_id, c.reason, d.duplicate_of, d.similarity, d.published FROM contacts c"
            " JOIN documents d ON d.doc_id = c.doc_id WHERE c.event_id = ? ORDER BY d.ingested_at, c.contact_id",
            (event_id,),
        )
        for contact_id, doc_id, reason, dup, sim, published in rows:
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

    # --- summaries for the web app ----------------------------------------------------------------
    def months(self, filters: Filters | None = None) -> list[tuple[str, int]]:
        """Number of selected events per month (``YYYY-MM``), oldest first; undated events left out."""
        sql, params = self._select(filters or Filters())
        rows = self.db.query(
            "SELECT substr(s.sort_date, 1, 7), COUNT(*) FROM ("
            + sql
            + ") s WHERE s.sort_date <> '' GROUP BY 1 ORDER BY 1",
            params,
        )
        return [(m, int(n)) for m, n in rows]

    def actors(self, q: str = "", limit: int = 20) -> list[dict[str, Any]]:
        """Known people and parties whose id or name contains ``q``, with their number of events."""
        like = f"%{q.lower()}%"
        rows = self.db.query(
            "SELECT p.actor_id, MAX(p.name), MAX(p.affiliation), MAX(p.role), COUNT(DISTINCT c.event_id)"
            " FROM participants p JOIN contacts c ON c.contact_id = p.contact_id"
            " WHERE p.actor_id IS NOT NULL AND (lower(p.actor_id) LIKE ? OR lower(p.name) LIKE ?)"
            " GROUP BY p.actor_id ORDER BY 5 DESC, 1 LIMIT ?",
            (like, like, int(limit)),
        )
        return [{"id": i, "name": n, "affiliation": a, "role": r, "events": int(c)} for i, n, a, r, c in rows]

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor: who it is, how many events, its counterparts ranked and its topics."""
        rows = self.db.query(
            "SELECT MAX(p.name), MAX(p.affiliation), MAX(p.role) FROM participants p WHERE p.actor_id = ?", (actor_id,)
        )
        events = self.count(actor=actor_id)
        if not events:
            return None
        name, affiliation, role = rows[0] if rows and rows[0][0] else (actor_id, actor_id, None)
        counterparts = self.db.query(
            "SELECT y.actor, MAX(y.affiliation), COUNT(*) FROM event_actors x JOIN event_actors y ON y.event_id = x.event_id"
            " WHERE x.actor = ? AND y.actor <> ? AND y.affiliation <> ? AND (y.actor <> y.affiliation OR NOT EXISTS ("
            "   SELECT 1 FROM event_actors z WHERE z.event_id = y.event_id AND z.affiliation = y.affiliation AND z.actor <> z.affiliation))"
            " GROUP BY y.actor ORDER BY 3 DESC, 1 LIMIT 30",
            (actor_id, actor_id, affiliation or ""),
        )
        names = dict(
            self.db.query("SELECT actor_id, MAX(name) FROM participants WHERE actor_id IS NOT NULL GROUP BY actor_id")
        )
        topics = self.db.query(
            "SELECT t.topic, COUNT(*) FROM event_actors x JOIN event_topics t ON t.event_id = x.event_id"
            " WHERE x.actor = ? GROUP BY t.topic ORDER BY 2 DESC, 1",
            (actor_id,),
        )
        return {
            "id": actor_id,
            "name": name,
            "affiliation": affiliation,
            "role": role,
            "events": events,
            "counterparts": [
                {"id": a, "name": names.get(a, a), "affiliation": aff, "events": int(n)} for a, aff, n in counterparts
            ],
            "topics": [{"topic": t, "events": int(n)} for t, n in topics],
        }

    def matrix(self, since: str | None = None, until: str | None = None) -> dict[str, dict[str, int]]:
        """Events per state or organisation and topic: {affiliation: {topic: n}}."""
        sql = (
            "SELECT a.actor, t.topic, COUNT(*) FROM event_actors a JOIN event_topics t ON t.event_id = a.event_id"
            " WHERE a.actor = a.affiliation"
        )
        params: list[Any] = []
        if since:
            sql += " AND a.sort_date >= ?"
            params.append(since)
        if until:
            sql += " AND a.sort_date <= ? AND a.sort_date <> ''"
            params.append(until)
        out: dict[str, dict[str, int]] = {}
        for aff, topic, n in self.db.query(sql + " GROUP BY a.actor, t.topic", params):
            out.setdefault(aff, {})[topic] = int(n)
        return out

    def network(self, filters: Filters | None = None, limit: int = 5000) -> dict[str, Any]:
        """Who met whom among the selected events: nodes (actors) and edges (number of contacts)."""
        from .tables import network as build

        graph = build(self.query(filters or Filters(), limit=limit))
        nodes = [{"id": n, **d} for n, d in graph.nodes(data=True)]
        edges = [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)]
        return {"nodes": nodes, "edges": edges}

    def query_df(self, filters: Filters | None = None, **kw):
        """``query`` as a pandas DataFrame, one row per event (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise StoreError("query_df needs pandas: pip install pandas") from exc
        from .tables import event_rows

        return pd.DataFrame(event_rows(self.query(filters, limit=None, **kw)))


class _Progress:
    """A progress line on a terminal: documents done and documents per second."""

    def __init__(self, on: bool):
        self.on = on and sys.stderr.isatty()
        self.n = 0
        self.start = time.perf_counter()
        self.bar = None
        if self.on:
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True)

    def tick(self) -> None:
        self.n += 1
        if self.bar is not None:
            self.bar.update(1)

    def close(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self.bar.close()


def _is_record_file(path: str) -> bool:
    """A JSON Lines file of records as ``diplograph extract`` prints them (not a corpus of texts)."""
    if not path.endswith((".jsonl", ".ndjson")):
        return False
    try:
        with open(path, encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        record = json.loads(first) if first else None
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and "doc_id" in record and "contacts" in record


def _filters(kw: dict[str, Any]) -> Filters:
    return Filters(**{("with_" if k == "with" else k): v for k, v in kw.items()})
