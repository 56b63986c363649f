"""Writing the store: a document's rows, then its near-duplicate family and the events its contacts touch.

Every write goes through ``Writer``: ``put`` takes out the document's old records, inserts the document, its
contacts and statements, then recomputes the near-duplicate families it touches (``families.py``) and fuses
again every connected set of contacts the change touched (``events.py``). What is stored is thus the same
whatever the order documents came, went or changed in; ``rebuild`` recomputes it all from the stored rows.
The caller commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from . import aggregates, fusion, names, network_counts, network_degrees, search, statement_keys
from .backend import Backend
from .events import Fuser, contact_day
from .families import Families


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
        self.families = Families(db, self.minhash, limits.near_duplicate)
        self.fuser = Fuser(db, limits)

    def put(self, record: dict[str, Any], text: str, digest: str, source: str | None) -> None:
        """Store one extracted record in place of any earlier version of its document, and fuse it."""
        doc_id = record["doc_id"]
        self.db.begin_write()
        left, gone = self._take_out(doc_id)
        self._insert_document(record, text, digest, source)
        published = record.get("published")
        new = []
        for i, contact in enumerate(record.get("contacts") or [], 1):
            new.append(self._insert_contact(doc_id, i, contact, published))
        for i, statement in enumerate(record.get("statements") or [], 1):
            self._insert_statement(doc_id, i, statement, published)
        changed = self.families.refresh(left | {doc_id})
        self.fuser.refresh(set(new) | self._contacts_of(changed), gone)

    def remove(self, doc_id: str) -> bool:
        """Take a document out of the store, and out of its family and events; False when not stored."""
        self.db.begin_write()
        if self.families.root(doc_id) is None:
            return False
        left, gone = self._take_out(doc_id)
        changed = self.families.refresh(left)
        self.fuser.refresh(self._contacts_of(changed), gone)
        return True

    def rebuild(self) -> None:
        """Recompute every near-duplicate family, every contact's fusion candidates and every event."""
        self.db.begin_write()
        self.families.rebuild_all()
        self.db.execute("DELETE FROM contact_parties")
        rows = self.db.query(
            "SELECT c.contact_id, c.record, d.published FROM contacts c JOIN documents d ON d.doc_id = c.doc_id"
        )
        for contact_id, record, published in rows:
            self._insert_parties(contact_id, json.loads(record), published)
        tables = (*aggregates.TABLES, *network_counts.TABLES, *network_degrees.TABLES)
        for table in ("event_actors", "event_topics", "events", *tables):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE contacts SET event_id = NULL, reason = NULL")
        self.fuser.refresh({r[0] for r in rows})

    # --- rows ------------------------------------------------------------------------------------
    def _take_out(self, doc_id: str) -> tuple[set[str], set[str]]:
        """Delete a document's rows; returns the rest of its family and the events of its contacts."""
        root = self.families.root(doc_id)
        if root is None:
            return set(), set()
        left = self.families.members(root) - {doc_id}
        named = names.of_document(self.db, doc_id)
        gone = {
            r[0]
            for r in self.db.query(
                "SELECT DISTINCT event_id FROM contacts WHERE doc_id = ? AND event_id IS NOT NULL", (doc_id,)
            )
        }
        for table, key, parent in (
            ("participants", "contact_id", "contacts"),
            ("contact_parties", "contact_id", "contacts"),
            ("statement_parties", "statement_id", "statements"),
        ):
            self.db.execute(
                f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {parent} WHERE doc_id = ?)", (doc_id,)
            )
        statement_keys.remove(self.db, doc_id)
        for table in ("contacts", "statements", "doc_bands"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        names.refresh(self.db, named)
        search.unindex(self.db, doc_id)
        self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return left, gone

    def _contacts_of(self, docs: set[str]) -> set[str]:
        out = set()
        for doc_id in sorted(docs):
            out |= {r[0] for r in self.db.query("SELECT contact_id FROM contacts WHERE doc_id = ?", (doc_id,))}
        return out

    def _insert_document(self, record: dict[str, Any], text: str, digest: str, source: str | None) -> None:
        doc_id = record["doc_id"]
        sig = self.minhash.signature(text)
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
                None,  # set with its family, below
                None,
                _now(),
            ),
        )
        search.index(self.db, doc_id, record.get("title"), text)
        if sig is not None:
            self.db.executemany(
                "INSERT INTO doc_bands (band, doc_id) VALUES (?, ?)", ((b, doc_id) for b in self.minhash.bands(sig))
            )

    def _insert_contact(self, doc_id: str, position: int, contact: dict[str, Any], published: str | None) -> str:
        contact_id = f"{doc_id}:c{position}"
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
        rows = [
            (contact_id, j, p.get("id"), p.get("name") or "", p.get("affiliation"), p.get("role"))
            for j, p in enumerate(contact.get("participants") or [], 1)
        ]
        self.db.executemany(
            "INSERT INTO participants (contact_id, position, actor_id, name, affiliation, role) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        names.add(self.db, [r[2:] for r in rows])
        self._insert_parties(contact_id, contact, published)
        return contact_id

    def _insert_parties(self, contact_id: str, contact: dict[str, Any], published: str | None) -> None:
        """The contact's parties and day, by which other contacts find it as a fusion candidate."""
        day = contact_day(contact, published)
        parties = sorted(fusion.Side(contact, published).parties())
        self.db.executemany(
            "INSERT INTO contact_parties (contact_id, affiliation, day) VALUES (?, ?, ?)",
            ((contact_id, party, day) for party in parties),
        )

    def _insert_statement(self, doc_id: str, position: int, statement: dict[str, Any], published: str | None) -> None:
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
        statement_keys.add(self.db, statement_id, doc_id, position, published, statement)
