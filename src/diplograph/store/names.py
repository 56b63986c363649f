"""How each stored actor is named: one row per participant id with the greatest name, affiliation and role its
participants were stored with (what ``MAX`` over the participants gives), kept at ingest.

The pages name hundreds or thousands of actors at once (a network's people, the actor suggestions); read from
the participants, that is every row of every one of them, millions at a million events. A row is raised
when a document's participants are inserted, and recomputed from the participants (through their index by
actor) for the actors of a document taken out, since a greatest value cannot be taken back by subtraction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .families import marks

if TYPE_CHECKING:
    from .backend import Backend

COLUMNS = ("name", "affiliation", "role")
TABLES = ("actor_names",)

DDL = [  # (the participants' index by actor is migration 0005's)
    """CREATE TABLE actor_names (
        actor_id TEXT PRIMARY KEY,
        name TEXT,
        affiliation TEXT,
        role TEXT
    )""",
]

_GREATEST = ", ".join(f"MAX({c})" for c in COLUMNS)
# the greater of the stored value and the new one, NULL losing to any value (as MAX ignores NULL)
_RAISE = ", ".join(
    f"{c} = CASE WHEN actor_names.{c} IS NULL OR excluded.{c} > actor_names.{c} THEN excluded.{c}"
    f" ELSE actor_names.{c} END"
    for c in COLUMNS
)


def compute(db: Backend) -> dict[str, set[tuple]]:
    """What the table holds, worked out from the participants alone."""
    rows = db.query(f"SELECT actor_id, {_GREATEST} FROM participants WHERE actor_id IS NOT NULL GROUP BY actor_id")
    return {"actor_names": {tuple(r) for r in rows}}


def fill(db: Backend) -> None:
    """Migration: every stored participant id's row, from the participants."""
    db.execute("DELETE FROM actor_names")
    db.execute(
        f"INSERT INTO actor_names (actor_id, {', '.join(COLUMNS)}) SELECT actor_id, {_GREATEST} FROM participants"
        " WHERE actor_id IS NOT NULL GROUP BY actor_id"
    )


def add(db: Backend, rows: Iterable[tuple[str | None, str | None, str | None, str | None]]) -> None:
    """Raise the rows of newly stored participants: (actor id, name, affiliation, role) each."""
    db.executemany(
        f"INSERT INTO actor_names (actor_id, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?)"
        f" ON CONFLICT (actor_id) DO UPDATE SET {_RAISE}",
        [r for r in rows if r[0]],
    )


def refresh(db: Backend, actor_ids: Iterable[str]) -> None:
    """Recompute the rows of ``actor_ids`` from the participants now stored (after some were deleted)."""
    for actor_id in sorted(set(actor_ids)):
        db.execute("DELETE FROM actor_names WHERE actor_id = ?", (actor_id,))
        db.execute(
            f"INSERT INTO actor_names (actor_id, {', '.join(COLUMNS)}) SELECT actor_id, {_GREATEST}"
            " FROM participants WHERE actor_id = ? GROUP BY actor_id",
            (actor_id,),
        )


def of_document(db: Backend, doc_id: str) -> set[str]:
    """The participant ids of a stored document's contacts."""
    return {
        r[0]
        for r in db.query(
            "SELECT DISTINCT p.actor_id FROM participants p JOIN contacts c ON c.contact_id = p.contact_id"
            " WHERE c.doc_id = ? AND p.actor_id IS NOT NULL",
            (doc_id,),
        )
    }


def lookup(db: Backend, actor_ids: list[str], chunk: int = 500) -> dict[str, tuple[str | None, ...]]:
    """``{actor_id: (name, affiliation, role)}`` for those of ``actor_ids`` that a participant names."""
    out = {}
    for i in range(0, len(actor_ids), chunk):
        part = actor_ids[i : i + chunk]
        rows = db.query(
            f"SELECT actor_id, {', '.join(COLUMNS)} FROM actor_names WHERE actor_id IN ({marks(len(part))})", part
        )
        out.update((r[0], tuple(r[1:])) for r in rows)
    return out
