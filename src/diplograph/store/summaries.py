"""Summaries of a store for the web pages: events per month, actors, an actor's counterparts and topics, the
topic × country matrix and the contact network. Plain functions over a ``Store``'s connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .families import chunks, marks
from .select import Filters, select

if TYPE_CHECKING:
    from . import Store


def months(store: Store, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Number of selected events per month (``YYYY-MM``), oldest first; undated events left out."""
    sql, params = select(filters or Filters())
    rows = store.db.query(
        "SELECT substr(s.sort_date, 1, 7), COUNT(*) FROM (" + sql + ") s WHERE s.sort_date <> '' GROUP BY 1 ORDER BY 1",
        params,
    )
    return [(m, int(n)) for m, n in rows]


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
    """One actor: who it is, how many events, its counterparts ranked and its topics."""
    rows = store.db.query(
        "SELECT MAX(p.name), MAX(p.affiliation), MAX(p.role) FROM participants p WHERE p.actor_id = ?", (actor_id,)
    )
    events = store.count(actor=actor_id)
    if not events:
        return None
    name, affiliation, role = rows[0] if rows and rows[0][0] else (actor_id, actor_id, None)
    counterparts = store.db.query(
        "SELECT y.actor, MAX(y.affiliation), COUNT(*) FROM event_actors x JOIN event_actors y ON y.event_id = x.event_id"
        " WHERE x.actor = ? AND y.actor <> ? AND y.affiliation <> ? AND (y.actor <> y.affiliation OR NOT EXISTS ("
        "   SELECT 1 FROM event_actors z WHERE z.event_id = y.event_id AND z.affiliation = y.affiliation AND z.actor <> z.affiliation))"
        " GROUP BY y.actor ORDER BY 3 DESC, 1 LIMIT 30",
        (actor_id, actor_id, affiliation or ""),
    )
    names = dict(
        store.db.query("SELECT actor_id, MAX(name) FROM participants WHERE actor_id IS NOT NULL GROUP BY actor_id")
    )
    topics = store.db.query(
        "SELECT t.topic, COUNT(*) FROM event_actors x JOIN event_topics t ON t.event_id = x.event_id"
        " WHERE x.actor = ? GROUP BY t.topic ORDER BY 2 DESC, 1",
        (actor_id,),
    )
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
    """Events per state or organisation and topic: {affiliation: {topic: n}}."""
    sql = (
        "SELECT a.actor, t.topic, COUNT(*) FROM event_actors a JOIN event_topics t ON t.event_id = a.event_id"
        " WHERE a.actor = a.affiliation"
    )
    params: list[Any] = []
    if since:
        sql += " AND a.sort_date >= ?"
        params.append(since)
    if until:
        sql += " AND a.sort_date <= ? AND a.sort_date <> ''"
        params.append(until)
    out: dict[str, dict[str, int]] = {}
    for aff, topic, n in store.db.query(sql + " GROUP BY a.actor, t.topic", params):
        out.setdefault(aff, {})[topic] = int(n)
    return out


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
    sql, params = select(filters or Filters())
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
