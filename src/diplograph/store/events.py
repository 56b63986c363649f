"""Events: the stored contacts fused in one canonical order, so that events depend on the documents only.

Two contacts are *compatible* when their days fall within the candidate window and ``fusion.compare`` finds
them one real-world contact (near-duplicates of one family compared as copies). Events are made within each
connected set of compatible contacts by taking its contacts in canonical order, (day, publication date,
document id, position), each joining the first event, in order of creation, whose every contact is compatible
with it, or starting a new one. An event's id comes from its first contact.

A contact's event depends only on the contacts of its connected set, so a change is repaired by fusing again
the sets that hold the contacts it touched: the new contacts, the contacts that shared an event with removed
ones, and the contacts of documents whose near-duplicate family changed. ``refresh`` does that; given every
stored contact, it rebuilds all events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from . import aggregates, fusion, network_counts
from .backend import Backend
from .families import chunks, marks


@dataclass
class Item:
    """One stored contact as fusion sees it."""

    contact_id: str
    doc_id: str
    position: int
    side: fusion.Side
    duplicate_of: str | None
    event_id: str | None  # its stored event, before this refresh

    def __post_init__(self):
        self.day = contact_day(self.side.record, self.side.published)
        self.ordinal = dt.date.fromisoformat(self.day).toordinal() if self.day else None
        self.parties = self.side.parties()

    @property
    def family(self) -> str:
        return self.duplicate_of or self.doc_id

    @property
    def key(self) -> tuple:
        return (self.day, self.side.published or "", self.doc_id, self.position)


def contact_day(contact: dict[str, Any], published: str | None) -> str:
    """The day a contact sorts and is searched by: its date padded to a day, else its document's publication
    day; "" when neither is a valid day."""
    day = fusion.sort_date(contact, published)
    return day if day and fusion._day(day) else ""


def event_id_of(contact_id: str) -> str:
    return "ev-" + hashlib.sha1(contact_id.encode("utf-8")).hexdigest()[:12]


class Fuser:
    """Fuses a store's contacts into events; the caller holds the write transaction and commits."""

    def __init__(self, db: Backend, limits: fusion.Thresholds):
        self.db = db
        self.limits = limits
        self._items: dict[str, Item] = {}  # contacts read during one refresh
        self._verdicts: dict[tuple[str, str], bool] = {}  # and the pairs compared
        self._stale = network_counts.Stale()  # network pairs whose first or last day to work out again

    def refresh(self, seeds: set[str], gone: set[str] = frozenset()) -> None:
        """Fuse again every connected set holding a contact of ``seeds``; ``gone`` are events of removed
        contacts, dropped unless made again."""
        queue = sorted(set(seeds) | self._members(gone))  # with the contacts that shared an event with removed ones
        self._delete_events(gone)
        done: set[str] = set()
        written: set[str] = set()
        try:
            self._fuse_sets(queue, done, written)
            self._stale.settle(self.db)
        finally:
            self._items, self._verdicts = {}, {}
            self._stale = network_counts.Stale()

    def _fuse_sets(self, queue: list[str], done: set[str], written: set[str]) -> None:
        while queue:
            start = queue.pop()
            if start in done:
                continue
            items, edges = self._component(start)
            if not items:  # a contact removed since it was seeded
                done.add(start)
                continue
            done |= set(items)
            old = {i.event_id for i in items.values() if i.event_id}
            left = self._members(old - written) - done
            queue += sorted(left)  # shared an event with this set but no longer belong to it
            events = self._cluster(items, edges)
            self._delete_events((old | set(events)) - written)
            self._write(events)
            written |= set(events)

    # --- the connected set of a contact ----------------------------------------------------------
    def _component(self, start: str) -> tuple[dict[str, Item], set[tuple[str, str]]]:
        first = self._get([start])
        if not first:
            return {}, set()
        items = dict(first)
        edges: set[tuple[str, str]] = set()
        todo = [start]
        while todo:
            item = items[todo.pop()]
            found = self._get(self._candidates(item))
            for other_id, other in found.items():
                if other_id == item.contact_id or not self._compatible(item, other):
                    continue
                edges.add((item.contact_id, other_id))
                edges.add((other_id, item.contact_id))
                if other_id not in items:
                    items[other_id] = other
                    todo.append(other_id)
        return items, edges

    def _get(self, ids: list[str]) -> dict[str, Item]:
        """The contacts ``ids`` (those still stored), read once per refresh."""
        missing = [i for i in ids if i not in self._items]
        if missing:
            self._items.update(self._load(missing))
        return {i: self._items[i] for i in ids if i in self._items}

    def _candidates(self, item: Item) -> list[str]:
        """Contacts sharing a party with ``item`` within the candidate window of its day (any day when it
        has none; those without a day always)."""
        parties = sorted(item.side.parties())
        if len(parties) < 2:
            return []
        sql = f"SELECT DISTINCT contact_id FROM contact_parties WHERE affiliation IN ({marks(len(parties))})"
        params: list[Any] = list(parties)
        if item.day:
            d, span = dt.date.fromisoformat(item.day), dt.timedelta(days=self.limits.window_days)
            sql += " AND (day = '' OR (day >= ? AND day <= ?))"
            params += [(d - span).isoformat(), (d + span).isoformat()]
        return sorted(r[0] for r in self.db.query(sql, params))

    def _compatible(self, a: Item, b: Item) -> bool:
        pair = (a.contact_id, b.contact_id) if a.contact_id < b.contact_id else (b.contact_id, a.contact_id)
        if pair not in self._verdicts:
            near = a.ordinal is None or b.ordinal is None or abs(a.ordinal - b.ordinal) <= self.limits.window_days
            self._verdicts[pair] = (
                near
                and (a.parties <= b.parties or b.parties <= a.parties)  # compare's first refusal, cheaply
                and fusion.compare(a.side, b.side, self.limits, copies=a.family == b.family).same
            )
        return self._verdicts[pair]

    # --- events of one connected set -------------------------------------------------------------
    def _cluster(self, items: dict[str, Item], edges: set[tuple[str, str]]) -> dict[str, list[Item]]:
        """Events of a connected set: contacts in canonical order, each joining the first event all of whose
        contacts are compatible with it."""
        events: dict[str, list[Item]] = {}
        for item in sorted(items.values(), key=lambda i: i.key):
            home = next(
                (m for m in events.values() if all((item.contact_id, o.contact_id) in edges for o in m)),
                None,
            )
            if home is None:
                events[event_id_of(item.contact_id)] = [item]
            else:
                home.append(item)
        return events

    def _write(self, events: dict[str, list[Item]]) -> None:
        rows = []
        for event_id, members in events.items():
            first = members[0]
            rows.append((event_id, json.dumps({"first": True}), first.contact_id))
            for item in members[1:]:
                why = fusion.compare(item.side, first.side, self.limits, copies=item.family == first.family)
                reason = {"with": first.doc_id, "because": why.reasons}
                rows.append((event_id, json.dumps(reason, ensure_ascii=False), item.contact_id))
        self.db.executemany("UPDATE contacts SET event_id = ?, reason = ? WHERE contact_id = ?", rows)
        for event_id, members in events.items():
            for item in members:
                item.event_id = event_id
            self._insert_event(event_id, members)
        aggregates.add(self.db, events)
        network_counts.add(self.db, events, self._stale)

    def _insert_event(self, event_id: str, members: list[Item]) -> None:
        sides = [m.side for m in members]
        record = fusion.merge(sides)
        record["event_id"] = event_id
        record["sources"] = [
            {
                "doc_id": m.doc_id,
                "evidence": m.side.record.get("evidence") or [],
                **({"duplicate_of": m.duplicate_of} if m.duplicate_of else {}),
            }
            for m in members
        ]
        record["n_sources"] = len({m.family for m in members})
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

    # --- rows ------------------------------------------------------------------------------------
    def _load(self, ids: list[str]) -> dict[str, Item]:
        out = {}
        for part in chunks(ids):
            rows = self.db.query(
                "SELECT c.contact_id, c.doc_id, c.position, c.record, c.event_id, d.published, d.duplicate_of"
                f" FROM contacts c JOIN documents d ON d.doc_id = c.doc_id WHERE c.contact_id IN ({marks(len(part))})",
                part,
            )
            for contact_id, doc_id, position, record, event_id, published, dup in rows:
                side = fusion.Side(json.loads(record), published, doc_id)
                out[contact_id] = Item(contact_id, doc_id, position, side, dup, event_id)
        return out

    def _members(self, events: set[str]) -> set[str]:
        out = set()
        for part in chunks(events):
            rows = self.db.query(f"SELECT contact_id FROM contacts WHERE event_id IN ({marks(len(part))})", part)
            out |= {r[0] for r in rows}
        return out

    def _delete_events(self, events: set[str]) -> None:
        aggregates.remove(self.db, events)  # while their rows are there to say what they counted
        network_counts.remove(self.db, events, self._stale)
        for part in chunks(events):
            for table in ("event_actors", "event_topics", "events"):
                self.db.execute(f"DELETE FROM {table} WHERE event_id IN ({marks(len(part))})", part)
