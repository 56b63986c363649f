"""Writing the store: a document's rows, its near-duplicate link, and the fusion of its contacts into events.

Every write goes through ``Writer.put``: it takes out the document's old records (and rebuilds the events
they were part of), then inserts the document, its contacts and statements, and fuses each contact with
the events already stored. The caller commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from . import fusion
from .backend import Backend


def content_hash(*parts: str | None) -> str:
    """A digest of what was read for a document: the same parts again mean nothing changed."""
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def record_hash(record: dict[str, Any], text: str) -> str:
    """The digest of an extracted record and its text, as ``add_record`` and record files store it."""
    return content_hash(record["doc_id"], json.dumps(record, sort_keys=True, ensure_ascii=False), text)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Writer:
    """The write side of a store's connection, with the fusion thresholds of its configuration."""

    def __init__(self, db: Backend, limits: fusion.Thresholds):
        self.db = db
        self.limits = limits
        self.minhash = fusion.MinHash(limits.permutations, limits.bands)

    def put(self, record: dict[str, Any], text: str, digest: str, source: str | None) -> None:
        """Store one extracted record in place of any earlier version of its document, and fuse it."""
        doc_id = record["doc_id"]
        self._remove(doc_id)
        self._insert_document(record, text, digest, source)
        for i, contact in enumerate(record.get("contacts") or [], 1):
            contact_id = f"{doc_id}:c{i}"
            self._insert_contact(doc_id, contact_id, i, contact)
            self._fuse(contact_id, contact, record.get("published"), doc_id)
        for i, statement in enumerate(record.get("statements") or [], 1):
            self._insert_statement(doc_id, i, statement)

    # --- rows ------------------------------------------------------------------------------------
    def _insert_document(self, record: dict[str, Any], text: str, digest: str, source: str | None) -> None:
        doc_id = record["doc_id"]
        sig = self.minhash.signature(text)
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
                "INSERT INTO doc_bands (band, doc_id) VALUES (?, ?)", ((b, doc_id) for b in self.minhash.bands(sig))
            )

    def _insert_contact(self, doc_id: str, contact_id: str, position: int, contact: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO contacts (contact_id, doc_id, position, medium, status, date, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                contact_id,
                doc_id,
                position,
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

    def _insert_statement(self, doc_id: str, position: int, statement: dict[str, Any]) -> None:
        statement_id = f"{doc_id}:s{position}"
        self.db.execute(
            "INSERT INTO statements (statement_id, doc_id, position, type, negated, record) VALUES (?, ?, ?, ?, ?, ?)",
            (
                statement_id,
                doc_id,
                position,
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
            " WHERE b.band IN (" + ",".join("?" * self.limits.bands) + ") AND d.doc_id <> ?",
            (*self.minhash.bands(sig), doc_id),
        )
        best = None
        for other, other_sig, other_dup, _when in found:
            if not other_sig:
                continue
            score = fusion.similarity(sig, fusion.decode(other_sig))
            if score >= self.limits.near_duplicate and (best is None or score > best[1]):
                best = (other_dup or other, score)
        return best if best else (None, None)

    # --- fusion ----------------------------------------------------------------------------------
    def _fuse(self, contact_id: str, contact: dict[str, Any], published: str | None, doc_id: str) -> None:
        new = fusion.Side(contact, published, doc_id)
        parties = sorted(new.parties())
        if len(parties) < 2:
            return self._new_event(contact_id)
        copy_of = self._family(doc_id)
        for event_id in self._candidates(parties[0], fusion.sort_date(contact, published)):
            sides = self._sides(event_id)
            verdicts = [
                fusion.compare(new, side, self.limits, copies=self._family(side.doc_id) == copy_of) for side in sides
            ]
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
        self._new_event(contact_id)

    def _candidates(self, party: str, day: str | None) -> list[str]:
        """Events with ``party`` taking part, around the contact's day (the configured window)."""
        params: list[Any] = [party]
        window = ""
        if day:
            d = dt.date.fromisoformat(day)
            span = dt.timedelta(days=self.limits.window_days)
            window = " AND (a.sort_date = '' OR (a.sort_date >= ? AND a.sort_date <= ?))"
            params += [(d - span).isoformat(), (d + span).isoformat()]
        return [
            r[0]
            for r in self.db.query(
                "SELECT DISTINCT a.event_id FROM event_actors a WHERE a.affiliation = ?" + window, params
            )
        ]

    def _family(self, doc_id: str) -> str:
        """The first copy of a document (itself when it is no near-duplicate)."""
        rows = self.db.query("SELECT duplicate_of FROM documents WHERE doc_id = ?", (doc_id,))
        return (rows[0][0] if rows else None) or doc_id

    def _new_event(self, contact_id: str) -> None:
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

    # --- one event from its sources --------------------------------------------------------------
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
        record = _event_record(event_id, sides, [dup for _r, _p, _doc, dup in rows])
        # an event with no day at all sorts last ("" in both SQLite and PostgreSQL, where NULLs differ)
        day = fusion.sort_date(record, min((s.published for s in sides if s.published), default=None)) or ""
        self._insert_event(event_id, record, day)

    def _insert_event(self, event_id: str, record: dict[str, Any], day: str) -> None:
        self.db.execute(
            "INSERT INTO events (event_id, sort_date, date, medium, status, n_sources, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                event_id,
                day,
                record.get("date"),
                record.get("medium"),
                record.get("status"),
                record["n_sources"],
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


def _event_record(event_id: str, sides: list[fusion.Side], duplicates: list[str | None]) -> dict[str, Any]:
    """The fused record of an event's sources (in ingest order), each with the document it copies, if any."""
    record = fusion.merge(sides)
    independent = {dup or side.doc_id for side, dup in zip(sides, duplicates, strict=True)}
    record["event_id"] = event_id
    record["sources"] = [
        {
            "doc_id": side.doc_id,
            "evidence": side.record.get("evidence") or [],
            **({"duplicate_of": dup} if dup else {}),
        }
        for side, dup in zip(sides, duplicates, strict=True)
    ]
    record["n_sources"] = len(independent)
    return record
