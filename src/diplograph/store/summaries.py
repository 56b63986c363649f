"""Summaries of a store for the web pages: events per month, actors, an actor's counterparts and topics, the
topic × country matrix and the contact network. Plain functions over a ``Store``'s connection.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .families import chunks, marks
from .select import Filters, select

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
    sql, params = select(filters or Filters(), store.db.dialect)
    rows = store.db.query(
        "SELECT substr(s.sort_date, 1, 7), COUNT(*) FROM (" + sql + ") s WHERE s.sort_date <> '' GROUP BY 1 ORDER BY 1",
        params,
    )
    return [(m, int(n)) for m, n in rows]


def counts(store: Store, filters: Filters) -> tuple[int, list[tuple[str, int]]]:
    """The timeline's numbers: how many events ``filters`` selects, and ``months`` of the same selection
    without its dates (the time axis). When the months are not counted at ingest, one pass over the selected
    events gives both (their days counted, then summed by month and within the dates)."""
    axis = replace(filters, since=None, until=None)
    if _counted(axis):
        return store.count(filters), months(store, axis)
    sql, params = select(axis, store.db.dialect)
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


def _counted(f: Filters) -> bool:
    """Whether the months of the selection ``f`` are counted at ingest: every event, or one actor's (or state's
    or organisation's) with no other filter."""
    return f == Filters() or (bool(f.actor) != bool(f.with_) and f == Filters(actor=f.actor, with_=f.with_))


def actors(store: Store, q: str = "", limit: int = 20) -> list[dict[str, Any]]:
    """Known people and parties whose id or name contains ``q``, with their number of events."""
    like = f"%{q.lower()}%"
    rows = store.db.query(
        "SELECT p.actor_id, MAX(p.name), MAX(p.affiliation), MAX(p.role), COUNT(DISTINCT c.event_id)"
        " FROM participants p JOIN contacts c ON c.contact_id = p.contact_id"
        " WHERE p.actor_id IS NOT NULL AND (lower(p.actor_id) LIKE ? OR lower(p.name) LIKE ?)"
        " GROUP BY p.actor_id ORDER BY 5 DESC, 1 LIMIT ?",
        (like, like, int(limit)),
    )
    return [{"id": i, "name": n, "affiliation": a, "role": r, "events": int(c)} for i, n, a, r, c in rows]


def actor(store: Store, actor_id: str) -> dict[str, Any] | None:
    """One actor: who it is, how many events, its counterparts ranked and its topics (the counts kept at
    ingest, store/aggregates.py)."""
    rows = store.db.query(
        "SELECT MAX(p.name), MAX(p.affiliation), MAX(p.role) FROM participants p WHERE p.actor_id = ?", (actor_id,)
    )
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
    names = dict(
        store.db.query(
            f"SELECT actor_id, MAX(name) FROM participants WHERE actor_id IN ({marks(len(ids))}) GROUP BY actor_id",
            ids,
        )
        if ids
        else []
    )
    topics = store.db.query("SELECT topic, n FROM agg_actor_topics WHERE actor = ? ORDER BY 2 DESC, 1", (actor_id,))
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


def matrix(store: Store, since: str | None = None, until: str | None = None) -> dict[str, dict[str, int]]:
    """Events per state or organisation and topic: {affiliation: {topic: n}}, between the days ``since`` and
    ``until`` (YYYY-MM-DD, inclusive). Whole years and months are read from the counts kept at ingest; the
    days of a month the range cuts are counted from the events."""
    if since and until and since > until:
        return {}
    periods, edges = ["all"], []
    if since or until:
        first = store.db.query("SELECT MIN(sort_date) FROM events WHERE sort_date > ''")[0][0]  # each read
        last = store.db.query("SELECT MAX(sort_date) FROM events")[0][0]  # from an end of the index
        if first is None:
            return {}
        periods, edges = _periods(since or first, until or last)
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


VIEWS = ("person", "country")
# the actors an event counts as nodes, per view: a person view keeps people, and a state or organisation
# only when none of its people is named in the event (an unnamed delegation); a country view keeps the
# states and organisations (every participant's affiliation has a row where actor = affiliation)
_NODE_ROWS = {
    "person": "(a.affiliation IS NULL OR a.actor <> a.affiliation OR NOT EXISTS (SELECT 1 FROM event_actors z"
    " WHERE z.event_id = a.event_id AND z.affiliation = a.affiliation AND z.actor <> z.affiliation))",
    "country": "a.actor = a.affiliation",
}


def network(
    store: Store, filters: Filters | None = None, view: str = "person", top: int | None = None
) -> dict[str, Any]:
    """Who met whom among ALL the selected events, aggregated in SQL: nodes (people, or states and
    organisations in the ``country`` view) with their events and degree, edges with their number of events
    (weight) and first and last day. ``top``: keep the ``top`` nodes of highest degree and the edges between
    them; ``events_covered`` then counts the selected events with at least one kept node, out of
    ``events_total``, the events of the selection (the two are equal without ``top``)."""
    if view not in VIEWS:
        raise ValueError(f"view is one of {', '.join(VIEWS)}, not {view!r}")
    sql, params = select(filters or Filters(), store.db.dialect)
    # one row per selected event and node (a person listed under two affiliations counted once)
    rows = (
        "SELECT a.event_id, a.actor, MAX(a.affiliation) AS affiliation, MAX(s.sort_date) AS sort_date"
        " FROM ("
        + sql
        + ") s JOIN event_actors a ON a.event_id = s.event_id WHERE "
        + _NODE_ROWS[view]
        + " GROUP BY a.event_id, a.actor"
    )
    total = int(store.db.query("SELECT COUNT(*) FROM (" + sql + ") c", params)[0][0])
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for kind, a, b, n, first, last in store.db.query(
        "WITH n AS (" + rows + ") SELECT 'n', actor, MAX(affiliation), COUNT(*), NULL, NULL FROM n GROUP BY actor"
        " UNION ALL SELECT 'e', x.actor, y.actor, COUNT(*), MIN(NULLIF(x.sort_date, '')), MAX(x.sort_date)"
        " FROM n x JOIN n y ON y.event_id = x.event_id AND x.actor < y.actor GROUP BY x.actor, y.actor",
        params,
    ):
        if kind == "n":
            nodes[a] = {"id": a, "label": a, "affiliation": b or "", "role": "", "events": int(n), "degree": 0}
        else:
            a, b = sorted((a, b))  # the same orientation whatever the database's collation
            edges.append({"source": a, "target": b, "weight": int(n), "first": first or "", "last": last or ""})
    for e in edges:
        nodes[e["source"]]["degree"] += 1
        nodes[e["target"]]["degree"] += 1
    if view == "person":
        _name_people(store, nodes)
    _place(nodes)
    ranked = sorted(nodes.values(), key=lambda d: (-d["degree"], -d["events"], d["id"]))
    kept = ranked if top is None else ranked[: max(0, int(top))]
    covered = total
    if len(kept) < len(ranked):
        keep = {d["id"] for d in kept}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
        covered = _events_with(store, sql, params, view, keep)
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    return {
        "view": view,
        "top": top,
        "nodes": kept,
        "edges": edges,
        "nodes_total": len(ranked),
        "events_total": total,
        "events_covered": covered,
    }


def _name_people(store: Store, nodes: dict[str, dict[str, Any]]) -> None:
    """Names and roles of the people among ``nodes``, from the stored participants."""
    people = [k for k, d in nodes.items() if k != d["affiliation"]]
    for part in chunks(people):
        for key, name, role in store.db.query(
            f"SELECT actor_id, MAX(name), MAX(role) FROM participants WHERE actor_id IN ({marks(len(part))})"
            " GROUP BY actor_id",
            part,
        ):
            nodes[key]["label"] = name or key
            nodes[key]["role"] = role or ""


def _place(nodes: dict[str, dict[str, Any]]) -> None:
    """Each node's ``region``, that of its state in the knowledge base ("Europe", "Africa"...),
    "International" for an organisation, "" when unknown; a state's or organisation's node also gets its
    ``name`` ("Russia" for RUS), and a person no participant names the knowledge base's name."""
    from ..kb import KnowledgeBase

    kb = KnowledgeBase.default()
    for key, d in nodes.items():
        country, org = kb.countries.get(d["affiliation"]), kb.org_by_code.get(d["affiliation"])
        d["region"] = (country.region or "") if country else ("International" if org else "")
        if key == d["affiliation"] and (country or org):
            d["name"] = (country or org).name("en")
        elif d["label"] == key and key in kb.people:
            d["label"] = kb.people[key].names[0]


def _events_with(store: Store, sql: str, params: list[Any], view: str, keep: set[str]) -> int:
    """Events of the selection ``sql`` with at least one node of ``keep``."""
    if not keep:
        return 0
    keys = sorted(keep)
    count = (
        f"SELECT COUNT(DISTINCT a.event_id) FROM ({sql}) s JOIN event_actors a ON a.event_id = s.event_id"
        f" WHERE a.actor IN ({marks(len(keys))}) AND {_NODE_ROWS[view]}"
    )
    return int(store.db.query(count, [*params, *keys])[0][0])
