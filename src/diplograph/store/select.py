"""What a query selects: the filters of ``diplograph query`` and the SQL giving the selected events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from . import search

# a list of ids passed as one JSON parameter
LISTED = {
    "sqlite": "SELECT value FROM json_each(?)",
    "postgresql": "SELECT json_array_elements_text(CAST(? AS json))",
}


@dataclass(frozen=True)
class Filters:
    """What ``query`` and ``export`` select; every field optional."""

    actor: str | None = None  # a knowledge-base id ("sergey-lavrov") or a state/organisation code
    with_: str | None = None  # an affiliation taking part
    topic: str | None = None
    medium: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    q: str | None = None  # full-text search: events with a source document matching it (store/search.py)
    place: str | None = None  # a country code: events that took place there (store/places.py)


def filters_from(kw: dict[str, Any]) -> Filters:
    """Filters from keyword arguments, ``with`` spelt as on the command line or as ``with_``."""
    return Filters(**{("with_" if k == "with" else k): v for k, v in kw.items()})


def select(f: Filters, dialect: str = "sqlite", matched: list[str] | None = None) -> tuple[str, list[Any]]:
    """SQL giving the selected events' ids and sort days. The most selective filter drives the query
    through an index that is also ordered by day (an actor's or a topic's events, newest first); the
    other filters are checked on each row, so that "newest first, the first 50" reads few rows. ``dialect``
    (the backend's) says how the full-text filter ``q`` is written. ``matched``: the events the words of
    ``q`` were found for when they are in few documents (``search.events_matching``), which then drive the
    query unless an actor or a topic does; without it, each event is checked against the index."""
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
    elif f.q and matched is not None:
        sql = f"SELECT x.event_id, x.sort_date FROM events x WHERE x.event_id IN ({LISTED[dialect]})"
        params.append(json.dumps(matched))
    else:
        sql = "SELECT x.event_id, x.sort_date FROM events x WHERE 1 = 1"
    if f.medium:
        if keys or f.topic:
            checks.append("EXISTS (SELECT 1 FROM events m WHERE m.event_id = x.event_id AND m.medium = ?)")
        else:
            checks.append("x.medium = ?")
        params.append(f.medium)
    if f.place:  # the events' generated place column, indexed with the day (store/places.py)
        if keys or f.topic:
            checks.append("EXISTS (SELECT 1 FROM events l WHERE l.event_id = x.event_id AND l.location_country = ?)")
        else:
            checks.append("x.location_country = ?")
        params.append(f.place)
    if f.since:
        checks.append("x.sort_date >= ?")
        params.append(f.since)
    if f.until:
        checks.append("x.sort_date <= ? AND x.sort_date <> ''")
        params.append(f.until)
    if f.q and matched is None:
        match, match_params = search.check(dialect, f.q, "x.event_id")
        checks.append(match)
        params += match_params
    elif f.q and (keys or f.topic):
        checks.append(f"x.event_id IN ({LISTED[dialect]})")
        params.append(json.dumps(matched))
    return sql + "".join(" AND " + c for c in checks), params
