"""Summaries of a store for the web pages: events per month, actors, an actor's counterparts and topics, the
topic × country matrix and the contact network. Plain functions over a ``Store``'s connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


def network(store: Store, filters: Filters | None = None, limit: int = 5000) -> dict[str, Any]:
    """Who met whom among the selected events: nodes (actors) and edges (number of contacts)."""
    from .tables import network as build

    graph = build(store.query(filters or Filters(), limit=limit))
    nodes = [{"id": n, **d} for n, d in graph.nodes(data=True)]
    edges = [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)]
    return {"nodes": nodes, "edges": edges}
