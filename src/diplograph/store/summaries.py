"""Summaries of a store for the web pages: events per month, actors, an actor's counterparts and topics, the
topic × country matrix and the contact network. Plain functions over a ``Store``'s connection.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import names
from .families import marks
from .select import Filters

if TYPE_CHECKING:
    from . import Store


def months(store: Store, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Number of selected events per month (``YYYY-MM``), oldest first; undated events left out. All the
    events, and those of one actor (or state or organisation) with no other filter, are counted at ingest."""
    f = filters or Filters()
    keys = [k for k in (f.actor, f.with_) if k]
    if _counted(f):
        table, where = ("agg_actor_months", "actor = ? AND ") if keys else ("agg_months", "")
        rows = store.db.query(f"SELECT month, n FROM {table} WHERE {where}month <> '' ORDER BY month", keys)
        return [(m, int(n)) for m, n in rows]
    sql, params = store.select(filters or Filters())
    rows = store.db.query(
        "SELECT substr(s.sort_date, 1, 7), COUNT(*) FROM (" + sql + ") s WHERE s.sort_date <> '' GROUP BY 1 ORDER BY 1",
        params,
    )
    return [(m, int(n)) for m, n in rows]


def counts(store: Store, filters: Filters) -> tuple[int | None, list[tuple[str, int]]]:
    """The timeline's numbers: how many events ``filters`` selects, and ``months`` of the same selection
    without its dates (the time axis). When the months are not counted at ingest, one pass over the selected
    events gives both (their days counted, then summed by month and within the dates). Words in more than
    ``store.few`` documents, over a selection of more than ``store.few`` events without them, are not
    counted: ``(None, [])`` (each of those events would be checked against the full-text index)."""
    axis = replace(filters, since=None, until=None)
    if _counted(axis):
        return store.count(filters), months(store, axis)
    if too_common(store, axis):
        return None, []
    sql, params = store.select(axis)
    days = store.db.query("SELECT s.sort_date, COUNT(*) FROM (" + sql + ") s GROUP BY s.sort_date", params)
    since, until = filters.since, filters.until

    def selected(day: str | None) -> bool:  # the date checks of select(), NULL and "" as SQL sees them
        if not since and not until:
            return True
        return day is not None and (not since or day >= since) and (not until or "" < day <= until)

    by_month: dict[str, int] = {}
    for day, n in days:
        if day:
            by_month[day[:7]] = by_month.get(day[:7], 0) + int(n)
    return sum(int(n) for day, n in days if selected(day)), sorted(by_month.items())


def too_common(store: Store, filters: Filters) -> bool:
    """Whether ``filters`` has words in more than ``store.few`` documents and selects more than ``store.few``
    events without them: a selection not counted."""
    return store.common_words(filters.q) and store.count(replace(filters, q=None), at_most=store.few) > store.few


def _counted(f: Filters) -> bool:
    """Whether the months of the selection ``f`` are counted at ingest: every event, or one actor's (or state's
    or organisation's) with no other filter."""
    return f == Filters() or (bool(f.actor) != bool(f.with_) and f == Filters(actor=f.actor, with_=f.with_))


def actors(store: Store, q: str = "", limit: int = 20) -> list[dict[str, Any]]:
    """Stored people, states and organisations whose id or name contains ``q`` (case and accents aside),
    most events first. The actors and their events are the counts kept at ingest; names are those the
    knowledge base and the stored participants give, so that no row of the participants is scanned."""
    from ..kb import KnowledgeBase, fold

    kb = KnowledgeBase.default()
    want = fold(q).strip()
    found = []
    for actor_id, events in store.db.query("SELECT actor, SUM(n) FROM agg_actor_months GROUP BY actor"):
        if not want or any(want in fold(n) for n in _names(kb, actor_id)):
            found.append((-int(events), actor_id))
    found.sort()
    out = []  # the stored participants' spelling of a name first, else the knowledge base's
    ids = [actor_id for _, actor_id in found[: int(limit)]]
    stored = names.lookup(store.db, ids)
    for events, actor_id in found[: int(limit)]:
        name, affiliation, role = stored.get(actor_id) or (None, None, None)
        if name is None:
            known = kb.people.get(actor_id)
            name = known.names[0] if known else _party_name(kb, actor_id)
            affiliation = affiliation or (None if known else actor_id)
        out.append({"id": actor_id, "name": name, "affiliation": affiliation, "role": role, "events": -events})
    return out


def _names(kb, actor_id: str) -> list[str]:
    """An actor's id and every name the knowledge base gives it."""
    person = kb.people.get(actor_id)
    if person is not None:
        return [actor_id, *person.names]
    party = kb.countries.get(actor_id) or kb.org_by_code.get(actor_id)
    return [actor_id, *(n for names in party.names.values() for n in names)] if party else [actor_id]


def _party_name(kb, code: str) -> str:
    party = kb.countries.get(code) or kb.org_by_code.get(code)
    return party.name("en") if party else code


def actor(store: Store, actor_id: str) -> dict[str, Any] | None:
    """One actor: who it is, how many events, its counterparts ranked and its topics (the counts kept at
    ingest, store/aggregates.py)."""
    rows = list(names.lookup(store.db, [actor_id]).values())
    events = int(store.db.query("SELECT COALESCE(SUM(n), 0) FROM agg_actor_months WHERE actor = ?", (actor_id,))[0][0])
    if not events:
        return None
    name, affiliation, role = rows[0] if rows and rows[0][0] else (actor_id, actor_id, None)
    counterparts = store.db.query(
        "SELECT other, MAX(other_affiliation), SUM(n) FROM agg_counterparts"
        " WHERE actor = ? AND other <> ? AND other_affiliation <> ? GROUP BY other ORDER BY 3 DESC, 1 LIMIT 30",
        (actor_id, actor_id, affiliation or ""),
    )
    ids = [r[0] for r in counterparts]
    named = {k: v[0] for k, v in names.lookup(store.db, ids).items()}
    topics = store.db.query("SELECT topic, n FROM agg_actor_topics WHERE actor = ? ORDER BY 2 DESC, 1", (actor_id,))
    return {
        "id": actor_id,
        "name": name,
        "affiliation": affiliation,
        "role": role,
        "events": events,
        "counterparts": [
            {"id": a, "name": named.get(a) or a, "affiliation": aff, "events": int(n)} for a, aff, n in counterparts
        ],
        "topics": [{"topic": t, "events": int(n)} for t, n in topics],
    }


def matrix(store: Store, since: str | None = None, until: str | None = None) -> dict[str, dict[str, int]]:
    """Events per state or organisation and topic: {affiliation: {topic: n}}, between the days ``since`` and
    ``until`` (YYYY-MM-DD, inclusive). Whole years and months are read from the counts kept at ingest; the
    days of a month the range cuts are counted from the events."""
    periods, edges = spans(store, since, until)
    out: dict[str, dict[str, int]] = {}
    if periods:
        for aff, topic, n in store.db.query(
            f"SELECT affiliation, topic, SUM(n) FROM agg_topic_country WHERE period IN ({marks(len(periods))})"
            " GROUP BY affiliation, topic",
            periods,
        ):
            out.setdefault(aff, {})[topic] = int(n)
    for lo, hi in edges:
        for aff, topic, n in store.db.query(
            "SELECT a.actor, t.topic, COUNT(*) FROM events e JOIN event_actors a ON a.event_id = e.event_id"
            " JOIN event_topics t ON t.event_id = e.event_id WHERE e.sort_date >= ? AND e.sort_date <= ?"
            " AND a.sort_date >= ? AND a.sort_date <= ? AND a.actor = a.affiliation GROUP BY a.actor, t.topic",
            (lo, hi, lo, hi),
        ):
            row = out.setdefault(aff, {})
            row[topic] = row.get(topic, 0) + int(n)
    return out


def spans(
    store: Store, since: str | None, until: str | None, months: bool = True
) -> tuple[list[str], list[tuple[str, str]]]:
    """The days ``since`` to ``until`` (inclusive, either open) as periods counted at ingest ("all", whole
    years and months) and the day ranges of the months they cut, within the stored events' days; without
    ``months``, as whole years and the day ranges of the years they cut."""
    if since and until and since > until:
        return [], []
    if not since and not until:
        return ["all"], []
    first = store.db.query("SELECT MIN(sort_date) FROM events WHERE sort_date > ''")[0][0]  # each read
    last = store.db.query("SELECT MAX(sort_date) FROM events")[0][0]  # from an end of the index
    if first is None:
        return [], []
    return _periods(since or first, until or last) if months else _years(since or first, until or last)


def _years(lo: str, hi: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The days ``lo`` to ``hi`` as whole years and the day ranges before and after them."""
    years = [str(y) for y in range(int(lo[:4]), int(hi[:4]) + 1) if lo <= f"{y}-01-01" and f"{y}-12-31" <= hi]
    if not years:
        return [], [(lo, hi)] if lo <= hi else []
    edges = [(lo, f"{int(years[0]) - 1}-12-31")] if lo < f"{years[0]}-01-01" else []
    edges += [(f"{int(years[-1]) + 1}-01-01", hi)] if hi > f"{years[-1]}-12-31" else []
    return years, edges


def _periods(lo: str, hi: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The days ``lo`` to ``hi`` as whole years (YYYY) and months (YYYY-MM), and the day ranges of the months
    they cut."""
    months, edges = [], []
    month = lo[:7]
    while month <= hi[:7]:
        first, last = month + "-01", _month_end(month + "-01")
        if lo <= first and last <= hi:
            months.append(month)
        else:
            edges.append((max(lo, first), min(hi, last)))
        month = _next_month(first)
    years = {m[:4] for m in months if sum(x[:4] == m[:4] for x in months) == 12}
    return sorted(years) + [m for m in months if m[:4] not in years], edges


def _month_end(day: str) -> str:
    year, month = int(day[:4]), int(day[5:7])
    return f"{day[:7]}-{calendar.monthrange(year, month)[1]:02d}"


def _next_month(day: str) -> str:
    year, month = int(day[:4]), int(day[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"
