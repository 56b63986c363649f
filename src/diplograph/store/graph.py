"""The contact network of a selection of events, for the network page and ``/api/network``: nodes (people, or
states and organisations) and the pairs that met, counted over every selected event. A selection of dates
only is read from the counts kept at ingest (store/network_counts.py) and the days of the months its range
cuts; any other filter counts its events in one query.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .families import chunks, marks
from .network_counts import CROWD, VIEWS, counted_sql
from .select import Filters, select
from .summaries import spans

if TYPE_CHECKING:
    from . import Store


def network(
    store: Store, filters: Filters | None = None, view: str = "person", top: int | None = None
) -> dict[str, Any]:
    """Who met whom among ALL the selected events: nodes (people, or states and organisations in the
    ``country`` view) with their events and degree, edges with their number of events (weight) and first and
    last day. ``top``: keep the ``top`` nodes of highest degree and the edges between them;
    ``events_covered`` then counts the selected events with at least one kept node, out of
    ``events_total``, the events of the selection (the two are equal without ``top``)."""
    if view not in VIEWS:
        raise ValueError(f"view is one of {', '.join(VIEWS)}, not {view!r}")
    f = filters or Filters()
    sql, params = select(f, store.db.dialect)
    total = int(store.db.query("SELECT COUNT(*) FROM (" + sql + ") c", params)[0][0])
    graph = _tally(store, view, f, top, sql, params)
    nodes, edges = graph.nodes, graph.edges()
    if not graph.degrees:
        for e in edges:
            nodes[e["source"]]["degree"] += 1
            nodes[e["target"]]["degree"] += 1
    if view == "person":
        _name_people(store, nodes)
    _place(nodes)
    ranked = sorted(nodes.values(), key=_rank)
    kept = ranked if top is None else ranked[: max(0, int(top))]
    covered = total
    if len(kept) < len(ranked):
        keep = {d["id"] for d in kept}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
        within = _within(view, f) if graph.counted else _within(view, f, sql, params)
        covered = _covered(store, view, kept, edges, within)
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


def _tally(store: Store, view: str, f: Filters, top: int | None, sql: str, params: list) -> Tally:
    """The nodes and pairs of the selection ``f`` (``sql``): of a topic and dates, whole periods from the
    counts kept at ingest (and only the top-N's pairs, when there is no cut month) and the days of the
    months the range cuts from their events; of other filters, from their events."""
    graph = Tally()
    if f != replace(Filters(), since=f.since, until=f.until, topic=f.topic):
        graph.add(store.db.query(counted_sql(view, source=sql, by_month=False, by_topic=False), params))
        return graph
    topic = f.topic or ""
    periods, cuts = spans(store, f.since, f.until, months=not topic)  # a topic's counts: by year
    if periods and not cuts and top is not None:  # the top-N from the counts: only its pairs are read
        graph.read(store, view, topic, periods, edges=False)
        _degrees(store, view, topic, periods, graph.nodes)
        graph.read(store, view, topic, periods, nodes=False, among=_top(graph.nodes, top))
        graph.degrees = graph.counted = True
        return graph
    if periods:
        graph.read(store, view, topic, periods)
    for lo, hi in cuts:
        part, part_params = select(Filters(topic=f.topic, since=lo, until=hi), store.db.dialect)
        graph.add(store.db.query(counted_sql(view, source=part, by_month=False, by_topic=False), part_params))
    return graph


def _rank(node: dict[str, Any]) -> tuple:
    """Highest degree first, then most events."""
    return (-node["degree"], -node["events"], node["id"])


def _top(nodes: dict[str, dict[str, Any]], top: int) -> set[str]:
    return {d["id"] for d in sorted(nodes.values(), key=_rank)[: max(0, int(top))]}


def _degrees(store: Store, view: str, topic: str, periods: list[str], nodes: dict[str, dict[str, Any]]) -> None:
    """Each node's number of counterparts over ``periods``, counted in the database by each end of the pairs
    (read in index order for one period; a pair of several periods counted once)."""
    count = "COUNT(*)" if len(periods) == 1 else "COUNT(DISTINCT {})"
    where = f"view = ? AND topic = ? AND period IN ({marks(len(periods))})"
    for end, other in (("a", "b"), ("b", "a")):
        for key, n in store.db.query(
            f"SELECT {end}, {count.format(other)} FROM agg_net_edges WHERE {where} GROUP BY {end}",
            [view, topic, *periods],
        ):
            nodes[key]["degree"] += int(n)


class Tally:
    """Nodes and pairs summed over parts of a selection (periods counted at ingest, days counted now)."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.pairs: dict[tuple[str, str], list] = {}
        self.degrees = False  # whether the nodes' degrees are counted (else from the pairs)
        self.counted = False  # whether the selection was read from the counts alone

    def read(
        self,
        store: Store,
        view: str,
        topic: str,
        periods: list[str],
        nodes: bool = True,
        edges: bool = True,
        among: set[str] | None = None,
    ) -> None:
        """Add the counts kept at ingest for ``topic`` ("" for all) and ``periods`` (disjoint: "all", or
        years and months): the nodes' and the pairs' (only those between nodes of ``among``, if given)."""
        where = f"view = ? AND topic = ? AND period IN ({marks(len(periods))})"
        params = [view, topic, *periods]
        if nodes:
            rows = store.db.query(
                f"SELECT actor, affiliation, SUM(n) FROM agg_net_nodes WHERE {where} GROUP BY actor, affiliation",
                params,
            )
            self.add(("n", "", x, y, "", n, "", "") for x, y, n in rows)
        if not edges or (among is not None and not among):
            return
        if among is not None:
            keys = sorted(among)
            where += f" AND a IN ({marks(len(keys))}) AND b IN ({marks(len(keys))})"
            params += keys + keys
        rows = store.db.query(
            "SELECT a, b, SUM(n), COALESCE(MIN(NULLIF(first_day, '')), ''), MAX(last_day) FROM agg_net_edges"
            f" WHERE {where} GROUP BY a, b",
            params,
        )
        self.add(("e", "", x, y, "", n, first, last) for x, y, n, first, last in rows)

    def add(self, rows) -> None:
        """Add rows of ``network_counts.counted_sql``."""
        for kind, _topic, x, y, _month, n, first, last in rows:
            if kind == "n":  # one row per affiliation the node had: the greatest is the node's
                d = self.nodes.setdefault(
                    x, {"id": x, "label": x, "affiliation": "", "role": "", "events": 0, "degree": 0}
                )
                d["events"] += int(n)
                d["affiliation"] = max(d["affiliation"], y or "")
                continue
            key = (x, y) if x < y else (y, x)  # the same orientation whatever the database's collation
            pair = self.pairs.get(key)
            if pair is None:
                self.pairs[key] = [int(n), first or "", last or ""]
            else:
                pair[0] += int(n)
                pair[1] = min(filter(None, (pair[1], first)), default="")
                pair[2] = max(pair[2], last or "")

    def edges(self) -> list[dict[str, Any]]:
        return [
            {"source": a, "target": b, "weight": n, "first": first, "last": last}
            for (a, b), (n, first, last) in self.pairs.items()
        ]


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


def _covered(store: Store, view: str, kept: list[dict], edges: list[dict], within: tuple[str, list]) -> int:
    """Events of a selection with at least one node of ``kept`` (``edges``: the pairs among them), by
    inclusion and exclusion: an event with c kept nodes counts c times among the nodes' events and c(c - 1)/2
    times among the pairs', once in all when c <= 2; the events of three kept nodes or more, read from
    ``net_crowds``, make up the rest, (c - 1)(c - 2)/2 each. ``within``: the SQL FROM clause and its
    parameters of the selection's rows ``c`` of ``net_crowds`` (``_within``)."""
    keys = sorted(d["id"] for d in kept)
    source, params = within
    crowded = store.db.query(
        f"SELECT COUNT(*) FROM {source} AND c.actor IN ({marks(len(keys))}) GROUP BY c.event_id"
        f" HAVING COUNT(*) >= {CROWD}",
        [*params, *keys],
    )
    rest = sum((int(c) - 1) * (int(c) - 2) // 2 for (c,) in crowded)
    return sum(d["events"] for d in kept) - sum(e["weight"] for e in edges) + rest


def _within(view: str, f: Filters, sql: str | None = None, params: list | None = None) -> tuple[str, list]:
    """The rows ``c`` of ``net_crowds`` of a selection: the events of the query ``sql``, else of the topic
    and dates of ``f`` (read alone)."""
    if sql is not None:
        crowds = f"({sql}) s JOIN net_crowds c ON c.event_id = s.event_id WHERE c.view = ? AND c.topic = ''"
        return crowds, [*(params or []), view]
    where, out = "net_crowds c WHERE c.view = ? AND c.topic = ?", [view, f.topic or ""]
    if f.since:
        where += " AND c.sort_date >= ?"
        out.append(f.since)
    if f.until:
        where += " AND c.sort_date <= ? AND c.sort_date <> ''"
        out.append(f.until)
    return where, out
