"""What a query selects: the filters of ``diplograph query`` and the SQL giving the selected events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import search


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


def select(f: Filters, dialect: str = "sqlite") -> tuple[str, list[Any]]:
    """SQL giving the selected events' ids and sort days. The most selective filter drives the query
    through an index that is also ordered by day (an actor's or a topic's events, newest first); the
    other filters are checked on each row, so that "newest first, the first 50" reads few rows. ``dialect``
    (the backend's) says how the full-text filter ``q`` is written."""
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
    if f.q:
        match, match_params = search.condition(dialect, f.q, "c.doc_id")
        checks.append(f"EXISTS (SELECT 1 FROM contacts c WHERE c.event_id = x.event_id AND {match})")
        params += match_params
    return sql + "".join(" AND " + c for c in checks), params
