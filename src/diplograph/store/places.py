"""Where contacts took place: each event's place country (its location's country, as the contract writes it:
``{"location": {"name": "Genève", "country": "CHE"}}``), kept by the database itself as a column of ``events``
computed from the record, indexed, and counted per country over a whole selection (the map page). Places are
counted by country only: the knowledge base gives places no coordinates.

The column is generated (migration ``0007_event_location``): SQLite computes it from the JSON record on read
(VIRTUAL) and keeps it in the index, PostgreSQL stores it; both fill it for the events already stored and for
every event written after, whoever writes it (fusion, the synthetic benchmark store), so nothing else changes.
A contact without a stated place (a phone call, a meeting whose venue the text does not give) has none: the
host of a meeting is not taken for its place, since a host may be an organisation, or receive abroad.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .select import Filters

if TYPE_CHECKING:
    from . import Store
    from .backend import Backend

COLUMN = "location_country"
# the column's expression and kind per dialect (SQLite adds no STORED column to an existing table)
_GENERATED = {
    "sqlite": ("json_extract(record, '$.location.country')", "VIRTUAL"),
    "postgresql": ("(record::json -> 'location') ->> 'country'", "STORED"),
}
_HEAD = "SELECT x.event_id, x.sort_date FROM"  # what select() selects


def add_column(db: Backend) -> None:
    """Migration: the generated place column of ``events`` and its indexes: by place and day (a place's
    events newest first, as the timeline reads them; the counts of a period), and by medium, place and day
    (the counts of one medium), so that counting a million events reads an index, not the records."""
    expression, kind = _GENERATED[db.dialect]
    db.execute(f"ALTER TABLE events ADD COLUMN {COLUMN} TEXT GENERATED ALWAYS AS ({expression}) {kind}")
    db.execute(f"CREATE INDEX events_location ON events ({COLUMN}, sort_date, event_id)")
    db.execute(f"CREATE INDEX events_medium_location ON events (medium, {COLUMN}, sort_date)")


def counts(store: Store, filters: Filters | None = None) -> dict[str, Any]:
    """The selected events counted by the country where they took place, in one GROUP BY over the whole
    selection: ``events_total`` (selected), ``events_located`` (with a place), and ``countries``, most
    events first (then by name), each ``{"code", "name", "events"}`` (the knowledge base's English name,
    else the code). Words in more than ``store.few`` documents over a selection of more events than that
    are not counted (each event would be checked against the full-text index): ``events_total`` and
    ``events_located`` are then None and ``countries`` empty."""
    from .summaries import too_common

    if too_common(store, filters or Filters()):
        return {"events_total": None, "events_located": None, "countries": []}
    sql, params = store.select(filters or Filters())
    if sql.startswith(_HEAD + " events x "):
        # no actor or topic filter: the selection reads the events, and their place comes from the index
        # with them (joined back to the events instead, SQLite would parse every record)
        placed = f"SELECT x.{COLUMN} AS place FROM" + sql[len(_HEAD) :]
    else:  # an actor's or a topic's events: each one's place looked up
        placed = f"SELECT e.{COLUMN} AS place FROM events e WHERE e.event_id IN (SELECT s.event_id FROM ({sql}) s)"
    rows = store.db.query(f"SELECT p.place, COUNT(*) FROM ({placed}) p GROUP BY p.place", params)
    total = sum(int(n) for _, n in rows)
    names = _names([code for code, _ in rows if code])
    found = [{"code": code, "name": names.get(code, code), "events": int(n)} for code, n in rows if code]
    found.sort(key=lambda c: (-c["events"], c["name"], c["code"]))
    return {"events_total": total, "events_located": sum(c["events"] for c in found), "countries": found}


def _names(codes: list[str]) -> dict[str, str]:
    """English names of the knowledge base's states (and organisations, should a place name one)."""
    from ..kb import KnowledgeBase

    kb = KnowledgeBase.default()
    out = {}
    for code in codes:
        known = kb.countries.get(code) or kb.org_by_code.get(code)
        if known is not None:
            out[code] = known.name("en")
    return out
