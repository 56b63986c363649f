"""The contact network of a selection of events, for the network page and ``/api/network``: nodes (people, or
states and organisations) and the pairs that met, counted over every selected event. A selection of dates
only is read from the counts kept at ingest (store/network_counts.py) and the days of the months its range
cuts. The events of one actor (a state in the country view, a person in the person view), of some dates and
topic, are its pairs in those counts, and the pairs among its counterparts from its events of three nodes or
more (``net_crowds``); any other filter counts its events in one query.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any

from . import names
from .families import chunks, marks
from .network_counts import CROWD, SEP, VIEWS, counted_sql, year_bit
from .select import Filters, select
from .summaries import spans

if TYPE_CHECKING:
    from . import Store


EDGES_PER_PAGE = 100_000  # edges of a graph sent at once: about 12 MB of JSON
NOT_A_CURSOR = "not a cursor of /api/network: pass the edges_next of the page before"


@dataclass(frozen=True)
class Page:
    """Which edges of a graph to give: the ``limit`` first pairs after the pair ``after`` (a cursor from
    ``next_cursor``), in the order of the pairs' ends."""

    after: tuple[str, str] | None = None
    limit: int = EDGES_PER_PAGE


def cursor(pair: tuple[str, str]) -> str:
    """An opaque cursor for the page after ``pair``."""
    return base64.urlsafe_b64encode(json.dumps(list(pair)).encode()).decode().rstrip("=")


def page_after(text: str, limit: int = EDGES_PER_PAGE) -> Page:
    """The page a cursor of ``cursor`` asks for; ValueError if it is not one."""
    try:
        pair = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except ValueError as e:
        raise ValueError(NOT_A_CURSOR) from e
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
        raise ValueError(NOT_A_CURSOR)
    return Page((pair[0], pair[1]), limit)


def network(
    store: Store,
    filters: Filters | None = None,
    view: str = "person",
    top: int | None = None,
    page: Page | None = None,
) -> dict[str, Any]:
    """Who met whom among ALL the selected events: nodes (people, or states and organisations in the
    ``country`` view) with their events and degree, edges with their number of events (weight) and first and
    last day. ``top``: keep the ``top`` nodes of highest degree and the edges between them;
    ``events_covered`` then counts the selected events with at least one kept node, out of
    ``events_total``, the events of the selection (the two are equal without ``top``). Every node comes at
    once; the edges, ``edges_total`` of them, a ``page`` at a time (heaviest first within it), with
    ``edges_next`` the cursor of the next page (None after the last)."""
    if view not in VIEWS:
        raise ValueError(f"view is one of {', '.join(VIEWS)}, not {view!r}")
    f, page = filters or Filters(), page or Page()
    sql, params = store.select(f)
    total = int(store.db.query("SELECT COUNT(*) FROM (" + sql + ") c", params)[0][0])
    graph = _tally(store, view, f, top, sql, params, page)
    nodes = graph.nodes
    if not graph.degrees:
        for a, b in graph.pairs:
            nodes[a]["degree"] += 1
            nodes[b]["degree"] += 1
    if view == "person":
        _name_people(store, nodes)
    _place(nodes)
    ranked = sorted(nodes.values(), key=_rank)
    kept = ranked if top is None else ranked[: max(0, int(top))]
    if not graph.paged:  # every pair was counted here: keep those among the kept nodes, then cut the page
        keep = {d["id"] for d in kept}
        graph.keep(lambda a, b: a in keep and b in keep, page)
    covered = total
    if len(kept) < len(ranked):
        within = _within(view, f) if graph.counted else _within(view, f, sql, params)
        covered = _covered(store, view, kept, graph.weight, within)
    edges = sorted(graph.edges(), key=lambda e: (-e["weight"], e["source"], e["target"]))
    return {
        "view": view,
        "top": top,
        "nodes": kept,
        "edges": edges,
        "nodes_total": len(ranked),
        "edges_total": graph.pairs_total,
        "edges_next": cursor(graph.last) if graph.more else None,
        "events_total": total,
        "events_covered": covered,
    }


def _tally(store: Store, view: str, f: Filters, top: int | None, sql: str, params: list, page: Page) -> Tally:
    """The nodes and pairs of the selection ``f`` (``sql``): of a topic and dates, whole periods from the
    counts kept at ingest and the days of the months the range cuts from their events, the nodes and their
    degrees first, then only the pairs asked for (a page of them, or the top-N's) when the counts tell the
    degrees; of other filters, from their events."""
    graph = Tally()
    if f != replace(Filters(), since=f.since, until=f.until, topic=f.topic):
        key = _centre(store, view, f)
        if key is not None:
            return _star(store, view, f, key, sql, params)
        graph.add(store.db.query(counted_sql(view, source=sql, by_month=False, by_topic=False), params))
        return graph
    topic = f.topic or ""
    periods, cuts = spans(store, f.since, f.until, months=not topic)  # a topic's counts: by year
    cut = Tally()  # the days of the cut months (or years), counted from their events
    for lo, hi in cuts:
        part, part_params = select(Filters(topic=f.topic, since=lo, until=hi), store.db.dialect)
        cut.add(store.db.query(counted_sql(view, source=part, by_month=False, by_topic=False), part_params))
    if periods and (top is not None or not cuts):  # nodes and degrees from the counts, then some pairs
        graph.read(store, view, topic, periods, edges=False)
        graph.add(("n", "", k, d["affiliation"], "", d["events"], "", "") for k, d in cut.nodes.items())
        _degrees(store, view, topic, periods, graph.nodes, list(cut.pairs))
        among = None if top is None or top >= len(graph.nodes) else _top(graph.nodes, top)
        if among is not None or not cuts:
            # every node kept: the pairs are half the degrees summed, and their events are not needed
            pairs = sum(d["degree"] for d in graph.nodes.values()) // 2 if among is None else None
            graph.read(store, view, topic, periods, nodes=False, among=among, page=None if cuts else page, pairs=pairs)
            graph.add(
                ("e", "", a, b, "", *pair) for (a, b), pair in cut.pairs.items() if among is None or {a, b} <= among
            )
            graph.degrees = graph.counted = True
            return graph
        graph = Tally()
    if periods:
        graph.read(store, view, topic, periods)
    graph.merge(cut)
    return graph


def _centre(store: Store, view: str, f: Filters) -> str | None:
    """The node every selected event has, when the selection is the events of one actor or affiliation (of
    some dates and topic) and that key is a node of ``view`` in each of them (a state in the country view, a
    person in the person view): all its events are counted with it as a node."""
    keys = [k for k in (f.actor, f.with_) if k]
    if len(keys) != 1 or f != replace(
        Filters(), actor=f.actor, with_=f.with_, since=f.since, until=f.until, topic=f.topic
    ):
        return None
    rows = store.db.query(
        "SELECT (SELECT COUNT(*) FROM event_actors WHERE actor = ?), (SELECT SUM(n) FROM agg_net_nodes"
        " WHERE view = ? AND topic = '' AND period = 'all' AND actor = ?)",
        [keys[0], view, keys[0]],
    )
    events, as_node = rows[0]
    return keys[0] if events and int(events) == int(as_node or 0) else None


def _star(store: Store, view: str, f: Filters, key: str, sql: str, params: list) -> Tally:
    """The network of the events of ``key`` (every one of which has it as a node, ``_centre``): its pairs from
    the counts kept at ingest (and its events on the days of the months the range cuts), each counterpart's
    events being its pair's; the pairs among its counterparts from the nodes of its events of three nodes or
    more (``net_crowds``)."""
    graph, topic = Tally(), f.topic or ""
    periods, cuts = spans(store, f.since, f.until, months=not topic)
    rows: list[tuple] = []
    if periods:
        where = f"view = ? AND topic = ? AND period IN ({marks(len(periods))})"
        for end, other in (("a", "b"), ("b", "a")):
            rows += store.db.query(
                f"SELECT {end}, {other}, SUM(n), COALESCE(MIN(NULLIF(first_day, '')), ''), MAX(last_day)"
                f" FROM agg_net_edges WHERE {where} AND {end} = ? GROUP BY {end}, {other}",
                [view, topic, *periods, key],
            )
    cut = Tally()
    for lo, hi in cuts:
        part, part_params = select(Filters(actor=key, topic=f.topic, since=lo, until=hi), store.db.dialect)
        cut.add(store.db.query(counted_sql(view, source=part, by_month=False, by_topic=False), part_params))
    rows += [(a, b, *pair) for (a, b), pair in cut.pairs.items() if key in (a, b)]
    events = {key: 0}
    for a, b, n, first, last in rows:
        events[b if a == key else a] = events.get(b if a == key else a, 0) + int(n)
        graph.add([("e", "", a, b, "", n, first, last)])
    events[key] = int(store.db.query("SELECT COUNT(*) FROM (" + sql + ") c", params)[0][0])
    if not events[key]:
        return graph
    graph.add(("n", "", k, aff, "", 0, "", "") for k, aff in _affiliations(store, view, topic, periods, events))
    graph.add(("n", "", k, d["affiliation"], "", 0, "", "") for k, d in cut.nodes.items() if k in events)
    graph.add(("n", "", k, "", "", n, "", "") for k, n in events.items())
    graph.add(_among(store, view, f, key))
    return graph


def _among(store: Store, view: str, f: Filters, key: str) -> list[tuple]:
    """The pairs among the counterparts of ``key`` in its events of three nodes or more (``net_crowds``, of
    the topic and dates of ``f``), as rows of ``Tally.add``: its events counted by their set of nodes
    (``members``, each set once) from the index by node, then the pairs of each set but ``key``, summed (a
    pair may come either way round: ``Tally.add`` sums both)."""
    crowds, params = _within(view, f, row="k")
    pairs: dict[tuple[str, str], list] = {}
    for members, n, first, last in store.db.query(
        f"SELECT k.members, COUNT(*), COALESCE(MIN(NULLIF(k.sort_date, '')), ''), MAX(k.sort_date) FROM {crowds}"
        " AND k.actor = ? GROUP BY k.members",
        [*params, key],
    ):
        nodes = members.split(SEP)
        nodes.remove(key)
        n = int(n)
        for pair in combinations(nodes, 2):  # written out: half a million for a busy state
            got = pairs.get(pair)
            if got is None:
                pairs[pair] = [n, first, last]
                continue
            got[0] += n
            if first and (not got[1] or first < got[1]):
                got[1] = first
            if last > got[2]:
                got[2] = last
    return [("e", "", x, y, "", n, first, last) for (x, y), (n, first, last) in pairs.items()]


def _affiliations(store: Store, view: str, topic: str, periods: list[str], nodes: dict) -> list[tuple[str, str]]:
    """(node, affiliation) of ``nodes`` in the counts of ``periods`` (a state or organisation is its own)."""
    if view == "country" or not periods:
        return [(k, k) for k in nodes] if view == "country" else []
    out = []
    for part in chunks(sorted(nodes)):
        out += store.db.query(
            f"SELECT actor, affiliation FROM agg_net_nodes WHERE view = ? AND topic = ? AND period IN"
            f" ({marks(len(periods))}) AND actor IN ({marks(len(part))})",
            [view, topic, *periods, *part],
        )
    return out


def _rank(node: dict[str, Any]) -> tuple:
    """Highest degree first, then most events."""
    return (-node["degree"], -node["events"], node["id"])


def _top(nodes: dict[str, dict[str, Any]], top: int) -> set[str]:
    return {d["id"] for d in sorted(nodes.values(), key=_rank)[: max(0, int(top))]}


def _degrees(
    store: Store, view: str, topic: str, periods: list[str], nodes: dict[str, dict[str, Any]], cut: list | None = None
) -> None:
    """Each node's number of counterparts over ``periods`` and the pairs ``cut`` (those of the days the range
    cuts, counted from their events), counted in the database by each end of the pairs (read in index order for
    one period; over whole years, from the years the all-time pairs met in, and over the other periods and
    ``cut`` from their pairs that met in none of those years; a pair of several periods counted once)."""
    if len(periods) == 1 and not cut:  # kept at ingest (store/network_degrees.py)
        for key, n in store.db.query(
            "SELECT actor, degree FROM agg_net_degrees WHERE view = ? AND topic = ? AND period = ?",
            [view, topic, periods[0]],
        ):
            nodes[key]["degree"] += int(n)
        return
    years = [p for p in periods if len(p) == 4]
    mask = 0
    for year in years:
        mask |= year_bit(int(year))
    if len(periods) == 1 or not years or not all(year_bit(int(y)) for y in years):
        years, mask = [], 0
    rest = [p for p in periods if p not in years]
    parts: list[tuple[str, list]] = []  # the pairs beside the years', each an SQL query of rows ``e`` (a, b)
    if rest:
        where = f"e.view = ? AND e.topic = ? AND e.period IN ({marks(len(rest))})"
        parts.append((f"SELECT e.a, e.b FROM agg_net_edges e WHERE {where}", [view, topic, *rest]))
    if cut:  # ends as the database orders them, as its counts are written
        parts.append((f"SELECT e.a, e.b FROM ({_pairs(store.db.dialect)}) e WHERE 1 = 1", [json.dumps(cut)]))
    if mask:  # the pairs met in none of the years (their all-time row's bits)
        met = (
            " AND COALESCE((SELECT (w.years & ?) FROM agg_net_edges w WHERE w.view = ? AND w.topic = ?"
            " AND w.period = 'all' AND w.a = e.a AND w.b = e.b), 0) = 0"
        )
        parts = [(sql + met, [*ps, mask, view, topic]) for sql, ps in parts]
    union = " UNION ALL ".join(sql for sql, _ in parts)
    params = [x for _, ps in parts for x in ps]
    for end, other in (("a", "b"), ("b", "a")):
        if mask:
            for key, n in store.db.query(
                f"SELECT {end}, COUNT(*) FROM agg_net_edges WHERE view = ? AND topic = ? AND period = 'all'"
                f" AND (years & ?) <> 0 GROUP BY {end}",
                [view, topic, mask],
            ):
                nodes[key]["degree"] += int(n)
        if not parts:
            continue
        count = "COUNT(*)" if len(rest) == 1 and not mask and not cut else f"COUNT(DISTINCT {other})"
        for key, n in store.db.query(f"SELECT {end}, {count} FROM ({union}) u GROUP BY {end}", params):
            nodes[key]["degree"] += int(n)


def _pairs(dialect: str) -> str:
    """SQL of the pairs of one JSON parameter (a list of [x, y]) as rows (a, b), a < b in the database's
    order."""
    if dialect == "postgresql":
        rows = "SELECT j ->> 0 AS x, j ->> 1 AS y FROM json_array_elements(CAST(? AS json)) j"
    else:
        rows = "SELECT json_extract(value, '$[0]') AS x, json_extract(value, '$[1]') AS y FROM json_each(?)"
    return (
        "SELECT CASE WHEN p.x < p.y THEN p.x ELSE p.y END AS a, CASE WHEN p.x < p.y THEN p.y ELSE p.x END AS b"
        f" FROM ({rows}) p"
    )


class Tally:
    """Nodes and pairs summed over parts of a selection (periods counted at ingest, days counted now)."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.pairs: dict[tuple[str, str], list] = {}
        self.degrees = False  # whether the nodes' degrees are counted (else from the pairs)
        self.counted = False  # whether the selection was read from the counts alone
        self.paged = False  # whether ``pairs`` is already the page asked for
        self.pairs_total = 0  # pairs in the graph (of the nodes kept), over every page
        self.weight = 0  # their events summed
        self.more = False  # whether pairs follow ``last``, the last pair of the page
        self.last: tuple[str, str] = ("", "")

    def read(
        self,
        store: Store,
        view: str,
        topic: str,
        periods: list[str],
        nodes: bool = True,
        edges: bool = True,
        among: set[str] | None = None,
        page: Page | None = None,
        pairs: int | None = None,
    ) -> None:
        """Add the counts kept at ingest for ``topic`` ("" for all) and ``periods`` (disjoint: "all", or
        years and months): the nodes' and the pairs' (only those between nodes of ``among``, if given; only
        the ``page``, if given, in the database's order of the pairs). ``pairs``: their number over every
        page when known (their events, ``weight``, are then left uncounted)."""
        where = f"view = ? AND topic = ? AND period IN ({marks(len(periods))})"
        params = [view, topic, *periods]
        if nodes:
            rows = store.db.query(
                f"SELECT actor, affiliation, SUM(n) FROM agg_net_nodes WHERE {where} GROUP BY actor, affiliation",
                params,
            )
            self.add(("n", "", x, y, "", n, "", "") for x, y, n in rows)
        if not edges or (among is not None and not among):
            self.paged = page is not None
            return
        if among is not None:
            keys = sorted(among)
            where += f" AND a IN ({marks(len(keys))}) AND b IN ({marks(len(keys))})"
            params += keys + keys
        one = len(periods) == 1  # a pair's row in the counts, or its rows of several periods summed
        after = page is not None and page.after is not None
        cut = where + (" AND (a > ? OR (a = ? AND b > ?))" if after else "")  # the pairs after the cursor
        sql = (
            f"SELECT a, b, n, first_day, last_day FROM agg_net_edges WHERE {cut}"
            if one
            else "SELECT a, b, SUM(n), COALESCE(MIN(NULLIF(first_day, '')), ''), MAX(last_day) FROM agg_net_edges"
            f" WHERE {cut} GROUP BY a, b"
        )
        if page is not None:
            sql += f" ORDER BY a, b LIMIT {int(page.limit) + 1}"
        rows = store.db.query(sql, params + ([page.after[0], *page.after] if after else []))
        if page is not None:
            self.paged, self.more = True, len(rows) > page.limit
            rows = rows[: page.limit]
            if pairs is not None:
                self.pairs_total = pairs
            elif after or self.more:  # the pairs of every page counted in the database
                self._count(store, where, params, one)
            else:  # one page holds them all
                self.pairs_total, self.weight = len(rows), sum(int(r[2]) for r in rows)
        if rows:
            self.last = (rows[-1][0], rows[-1][1])
        self.add(("e", "", x, y, "", n, first, last) for x, y, n, first, last in rows)

    def _count(self, store: Store, where: str, params: list, one: bool) -> None:
        """The pairs and their events summed of the counts ``where`` says, over every page."""
        listed = (
            f"agg_net_edges WHERE {where}" if one else f"(SELECT a FROM agg_net_edges WHERE {where} GROUP BY a, b) p"
        )
        ((n, weight),) = store.db.query(
            f"SELECT (SELECT COUNT(*) FROM {listed}), (SELECT SUM(n) FROM agg_net_edges WHERE {where})",
            params + params,
        )
        self.pairs_total, self.weight = int(n), int(weight or 0)

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

    def merge(self, other: Tally) -> None:
        """Add the nodes and pairs of ``other``."""
        self.add(("n", "", k, d["affiliation"], "", d["events"], "", "") for k, d in other.nodes.items())
        self.add(("e", "", a, b, "", *pair) for (a, b), pair in other.pairs.items())

    def keep(self, wanted, page: Page) -> None:
        """Keep the pairs (a, b) ``wanted`` says to, count them, then keep the ``page`` of them (in the order
        of their ends)."""
        keys = sorted(k for k in self.pairs if wanted(*k))
        self.pairs_total, self.weight = len(keys), sum(self.pairs[k][0] for k in keys)
        if page.after is not None:
            keys = [k for k in keys if k > page.after]
        self.more = len(keys) > page.limit
        keys = keys[: page.limit]
        self.last = keys[-1] if keys else ("", "")
        self.pairs = {k: self.pairs[k] for k in keys}
        self.paged = True

    def edges(self) -> list[dict[str, Any]]:
        return [
            {"source": a, "target": b, "weight": n, "first": first, "last": last}
            for (a, b), (n, first, last) in self.pairs.items()
        ]


def _name_people(store: Store, nodes: dict[str, dict[str, Any]]) -> None:
    """Names and roles of the people among ``nodes``, from the stored participants."""
    people = [k for k, d in nodes.items() if k != d["affiliation"]]
    for key, (name, _affiliation, role) in names.lookup(store.db, people).items():
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


def _covered(store: Store, view: str, kept: list[dict], weight: int, within: tuple[str, list]) -> int:
    """Events of a selection with at least one node of ``kept`` (``weight``: the events of the pairs among
    them, summed), by
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
    return sum(d["events"] for d in kept) - weight + rest


def _within(
    view: str, f: Filters, sql: str | None = None, params: list | None = None, row: str = "c"
) -> tuple[str, list]:
    """The rows ``c`` (or ``row``) of ``net_crowds`` of a selection: the events of the query ``sql``, else of
    the topic and dates of ``f`` (read alone)."""
    if sql is not None:
        crowds = f"({sql}) s JOIN net_crowds c ON c.event_id = s.event_id WHERE c.view = ? AND c.topic = ''"
        return crowds, [*(params or []), view]
    where, out = f"net_crowds {row} WHERE {row}.view = ? AND {row}.topic = ?", [view, f.topic or ""]
    if f.since:
        where += f" AND {row}.sort_date >= ?"
        out.append(f.since)
    if f.until:
        where += f" AND {row}.sort_date <= ? AND {row}.sort_date <> ''"
        out.append(f.until)
    return where, out
