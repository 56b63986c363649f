"""Statements filtered and paged, newest first, from an index kept at ingest (``/statements``, ``/api/statements``).

Each statement has a row per thing it can be filtered by (its ``key``): ``*`` (every statement),
``source:FRA``, ``target:RUS``, ``topic:ukraine``, ``type:DISAPPROVE``, ``negated:0``; each row carries the
order of the list: the document's publication date (``''`` when unstated, last), the document and the
statement's place in it. A filtered page reads one key's rows in that order from an index (the first 50
statements of a state with 100,000 are 50 index rows, and their count is a range of it); the other filters
are checked per row by the statement's own keys. Before this index, each page sorted every statement by its
document's date, seconds at a million documents.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from .families import marks

if TYPE_CHECKING:
    from .backend import Backend

EVERY = "*"
# the filters in the order one is picked to drive the query: the most selective first, as a rule
DRIVERS = ("source", "target", "topic", "type", "negated")
TABLES = ("statement_keys",)

DDL = [
    # deleting a document's statements found their parties by a full scan
    "CREATE INDEX statement_parties_statement ON statement_parties (statement_id)",
    """CREATE TABLE statement_keys (
        key TEXT NOT NULL,
        published TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        statement_id TEXT NOT NULL
    )""",
    "CREATE INDEX statement_keys_page ON statement_keys (key, published DESC, doc_id, position, statement_id)",
    "CREATE INDEX statement_keys_statement ON statement_keys (statement_id, key)",
]


def keys(statement: dict[str, Any]) -> set[str]:
    """The keys a statement (the contract's form) is filed under."""
    out = {EVERY, f"type:{statement.get('type')}", f"negated:{int(bool(statement.get('negated')))}"}
    out |= {f"source:{a}" for a in statement.get("source") or []}
    out |= {f"target:{a}" for a in statement.get("target") or []}
    out |= {f"topic:{t}" for t in statement.get("topics") or []}
    return out


def add(
    db: Backend, statement_id: str, doc_id: str, position: int, published: str | None, statement: dict[str, Any]
) -> None:
    """File one newly stored statement under its keys."""
    _insert(db, _rows(statement_id, doc_id, position, published, statement))


def _rows(statement_id, doc_id, position, published, statement) -> list[tuple]:
    return [(k, published or "", doc_id, position, statement_id) for k in sorted(keys(statement))]


def _insert(db: Backend, rows: list[tuple]) -> None:
    db.executemany(
        "INSERT INTO statement_keys (key, published, doc_id, position, statement_id) VALUES (?, ?, ?, ?, ?)", rows
    )


def remove(db: Backend, doc_id: str) -> None:
    """Take out the rows of a document's statements (before the statements themselves)."""
    db.execute(
        "DELETE FROM statement_keys WHERE statement_id IN (SELECT statement_id FROM statements WHERE doc_id = ?)",
        (doc_id,),
    )


def compute(db: Backend) -> dict[str, set[tuple]]:
    """What the table holds, worked out from the statements and their documents alone."""
    rows = db.query(
        "SELECT s.statement_id, s.doc_id, s.position, d.published, s.record FROM statements s"
        " JOIN documents d ON d.doc_id = s.doc_id"
    )
    return {"statement_keys": {k for s, d, p, pub, r in rows for k in _rows(s, d, p, pub, json.loads(r))}}


def fill(db: Backend, page: int = 5000) -> None:
    """Migration: file every stored statement, a page of statements at a time (bounded memory)."""
    db.execute("DELETE FROM statement_keys")
    last = ""
    while rows := db.query(
        "SELECT s.statement_id, s.doc_id, s.position, d.published, s.record FROM statements s"
        " JOIN documents d ON d.doc_id = s.doc_id WHERE s.statement_id > ? ORDER BY s.statement_id LIMIT ?",
        (last, page),
    ):
        _insert(db, [k for s, d, p, pub, record in rows for k in _rows(s, d, p, pub, json.loads(record))])
        last = rows[-1][0]


def _next_day(day: str) -> str | None:
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return None


def page(
    db: Backend,
    filters: dict[str, str],
    *,
    since: str | None = None,
    until: str | None = None,
    doc_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """A page of statements newest first and how many match: ``filters`` maps a filter of ``DRIVERS`` to
    its value (``{"source": "FRA", "negated": "1"}``); published between ``since`` and ``until``
    (YYYY-MM-DD, inclusive); of one document."""
    wanted = [f"{name}:{filters[name]}" for name in DRIVERS if filters.get(name) not in (None, "")]
    drive, rest = (wanted[0], wanted[1:]) if wanted else (EVERY, [])
    if doc_id:
        body = " FROM statements s JOIN statement_keys k ON k.statement_id = s.statement_id WHERE s.doc_id = ?"
        body += " AND k.key = ?"
        params: list[Any] = [doc_id, drive]
    else:
        body, params = " FROM statement_keys k WHERE k.key = ?", [drive]
    if since:
        body += " AND k.published >= ?"
        params.append(since)
    if until:
        after = _next_day(until)
        body += " AND k.published <> '' AND " + ("k.published < ?" if after else "substr(k.published, 1, 10) <= ?")
        params.append(after or until)
    for key in rest:
        body += " AND EXISTS (SELECT 1 FROM statement_keys r WHERE r.statement_id = k.statement_id AND r.key = ?)"
        params.append(key)
    total = int(db.query("SELECT COUNT(*)" + body, params)[0][0])
    ids = [
        r[0]
        for r in db.query(
            "SELECT k.statement_id" + body + " ORDER BY k.published DESC, k.doc_id, k.position LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
    ]
    rows = {
        r[0]: r[1:]
        for r in (
            db.query(
                "SELECT s.statement_id, s.doc_id, s.record, d.published FROM statements s"
                f" JOIN documents d ON d.doc_id = s.doc_id WHERE s.statement_id IN ({marks(len(ids))})",
                ids,
            )
            if ids
            else []
        )
    }
    items = []
    for statement_id in ids:
        doc, record, published = rows[statement_id]
        items.append({"statement_id": statement_id, "doc_id": doc, "published": published, **json.loads(record)})
    return items, total
