"""The network read from the counts kept at ingest (store/network_counts.py; that the counts follow ingest,
replacement, removal, rebuild and migration is tested with the other counts, in test_aggregates.py): the
network of any date range and topic, and its top-N, equal to one counted from the events' rows; on SQLite and
PostgreSQL."""

import random
from dataclasses import replace

import pytest

from diplograph.store import Filters, Store
from diplograph.store.graph import Page, cursor, network, page_after
from diplograph.store.select import select

from .conftest import meeting, random_record
from .test_aggregates import RANGES


def direct(
    store: Store, view: str, since: str | None, until: str | None, topic=None, ids=None
) -> tuple[dict, dict, dict]:
    """Nodes {id: events}, edges {(a, b): (events, first, last)} and each selected event's nodes, counted in
    Python from the event rows (of the events ``ids`` only, if given)."""
    events: dict[str, list[tuple[str, str | None]]] = {}
    day_of = {}
    for event_id, actor, aff, day in store.db.query("SELECT event_id, actor, affiliation, sort_date FROM event_actors"):
        events.setdefault(event_id, []).append((actor, aff))
        day_of[event_id] = day
    of_topic = {r[0] for r in store.db.query("SELECT event_id FROM event_topics WHERE topic = ?", (topic,))}
    nodes: dict[str, int] = {}
    edges: dict[tuple, list] = {}
    selected = {}
    for event_id, rows in events.items():
        day = day_of[event_id]
        if (since and day < since) or (until and not ("" < day <= until)) or (topic and event_id not in of_topic):
            continue
        if ids is not None and event_id not in ids:
            continue
        named = {aff for actor, aff in rows if actor != aff}
        if view == "person":
            keys = {actor for actor, aff in rows if actor != aff or aff not in named}
        else:
            keys = {actor for actor, aff in rows if actor == aff}
        selected[event_id] = keys
        for k in keys:
            nodes[k] = nodes.get(k, 0) + 1
        for a in keys:
            for b in keys:
                if a < b:
                    e = edges.setdefault((a, b), [0, "", ""])
                    e[0] += 1
                    e[1] = min(filter(None, (e[1], day)), default="")
                    e[2] = max(e[2], day)
    return nodes, {k: tuple(v) for k, v in edges.items()}, selected


@pytest.mark.parametrize("since,until", RANGES)
@pytest.mark.parametrize("view,topic", [("person", None), ("country", None), ("person", "ukraine")])
def test_the_network_of_any_dates_equals_a_count_of_the_events(spread, view, topic, since, until):
    graph = network(spread, Filters(since=since, until=until, topic=topic), view)
    nodes, edges, _ = direct(spread, view, since, until, topic)
    assert {n["id"]: n["events"] for n in graph["nodes"]} == nodes
    assert {(e["source"], e["target"]): (e["weight"], e["first"], e["last"]) for e in graph["edges"]} == edges
    assert graph["events_total"] == spread.count(Filters(since=since, until=until, topic=topic))
    if since is None and until is None:
        assert len(edges) >= 10, "a network to compare"


@pytest.mark.parametrize(
    "since,until",
    [
        ("2020-01-01", "2030-12-31"),  # whole years only: the degrees from the years the all-time pairs met in
        ("2021-01-01", "2022-04-30"),  # a whole year and whole months
        ("2021-01-01", "2022-05-10"),  # a whole year, whole months and cut days
        ("2021-03-15", "2022-05-10"),  # no whole year
    ],
)
@pytest.mark.parametrize("view,topic", [("person", None), ("country", None), ("person", "ukraine")])
def test_each_nodes_degree_is_its_number_of_counterparts_in_the_dates(spread, view, topic, since, until):
    _, edges, _ = direct(spread, view, since, until, topic)
    degree: dict[str, int] = {}
    for a, b in edges:
        degree[a], degree[b] = degree.get(a, 0) + 1, degree.get(b, 0) + 1
    f = Filters(since=since, until=until, topic=topic)
    assert {n["id"]: n["degree"] for n in network(spread, f, view)["nodes"]} == degree
    ranked = sorted(degree.items(), key=lambda kv: -kv[1])
    top = network(spread, f, view, 3)["nodes"]
    assert [n["degree"] for n in top] == [d for _, d in ranked[:3]] and all(n["degree"] == degree[n["id"]] for n in top)
    # every node but one: the degrees of a top-N, read from the counts and the cut days' pairs, for all the others
    kept = network(spread, f, view, len(degree) - 1)["nodes"]
    assert {n["id"]: n["degree"] for n in kept} == {k: degree[k] for k in (n["id"] for n in kept)}
    assert any(d >= 3 for d in degree.values()), "nodes with several counterparts"


@pytest.mark.parametrize("since,until", RANGES[:6])
@pytest.mark.parametrize(
    "view,filters",
    [
        ("country", Filters(with_="FRA")),  # a state's events: a star read from its pairs
        ("country", Filters(actor="RUS", topic="ukraine")),
        ("person", Filters(actor="sergey-lavrov")),
        ("person", Filters(with_="FRA")),  # not always a node of the person view: counted from the events
    ],
)
def test_the_network_of_one_actors_events_equals_a_count_of_them(spread, view, filters, since, until):
    f = replace(filters, since=since, until=until)
    ids = {r[0] for r in spread.db.query(*select(f, spread.db.dialect))}
    nodes, edges, selected = direct(spread, view, since, until, f.topic, ids)
    graph = network(spread, f, view)
    assert {n["id"]: n["events"] for n in graph["nodes"]} == nodes
    assert {(e["source"], e["target"]): (e["weight"], e["first"], e["last"]) for e in graph["edges"]} == edges
    assert graph["events_total"] == len(selected) == len(ids)
    for top in (1, 2):
        cut = network(spread, f, view, top)
        keep = {n["id"] for n in cut["nodes"]}
        assert cut["nodes"] == graph["nodes"][:top]
        assert cut["events_covered"] == sum(1 for ns in selected.values() if ns & keep)
    if since is None:
        assert any(a != b and len({a, b} & {"FRA", "RUS", "sergey-lavrov"}) == 0 for a, b in edges), "pairs of others"


@pytest.mark.parametrize("since,until", RANGES)
@pytest.mark.parametrize("view,topic", [("person", None), ("country", None), ("person", "syria")])
def test_a_top_n_covers_the_events_with_one_of_its_nodes(spread, view, topic, since, until):
    _, _, selected = direct(spread, view, since, until, topic)
    f = Filters(since=since, until=until, topic=topic)
    whole = network(spread, f, view)
    for top in (1, 2, 3):
        graph = network(spread, f, view, top)
        keep = {n["id"] for n in graph["nodes"]}
        assert graph["nodes"] == whole["nodes"][:top], "the same nodes, degrees and order as in the whole graph"
        assert graph["edges"] == [e for e in whole["edges"] if {e["source"], e["target"]} <= keep]
        assert graph["events_covered"] == sum(1 for nodes in selected.values() if nodes & keep)
    if since is None and until is None:
        assert sum(1 for nodes in selected.values() if len(nodes) >= 3) > 5, "events of three nodes or more to count"


@pytest.mark.parametrize(
    "filters",
    [Filters(with_="FRA"), Filters(topic="ukraine", medium="phone"), Filters(medium="phone", until="2022-06-30")],
)
def test_a_filtered_top_n_covers_the_events_with_one_of_its_nodes(spread, filters):
    ids = {r[0] for r in spread.db.query(*select(filters, spread.db.dialect))}
    selected = {k: v for k, v in direct(spread, "person", None, None)[2].items() if k in ids}
    whole = network(spread, filters, "person")
    covered = []
    for top in (1, 2, 3):
        graph = network(spread, filters, "person", top)
        keep = {n["id"] for n in graph["nodes"]}
        assert graph["nodes"] == whole["nodes"][:top]
        assert graph["events_covered"] == sum(1 for nodes in selected.values() if nodes & keep)
        covered.append(graph["events_covered"])
    assert covered[0] < whole["events_total"] == len(selected), "a top-N that leaves events out"


@pytest.mark.parametrize(
    "filters,top",
    [
        (Filters(), None),  # every pair, read a page at a time from the counts
        (Filters(since="2021-03-01", until="2022-04-30"), 4),  # a top-N's pairs, from the counts
        (Filters(since="2021-03-15", until="2022-05-10"), None),  # cut months: counted here, then cut in pages
        (Filters(with_="FRA"), 6),  # counted from the events
    ],
)
def test_the_pages_of_edges_give_every_pair_once(spread, filters, top):
    whole = network(spread, filters, "person", top)
    assert whole["edges_next"] is None and whole["edges_total"] == len(whole["edges"]) >= 5, "a graph to page"
    got, page, pages = [], Page(limit=2), 0
    while True:
        part = network(spread, filters, "person", top, page)
        assert part["nodes"] == whole["nodes"] and part["events_covered"] == whole["events_covered"]
        assert part["edges_total"] == whole["edges_total"] and len(part["edges"]) <= 2
        got += part["edges"]
        pages += 1
        if part["edges_next"] is None:
            break
        page = page_after(part["edges_next"], 2)
    assert pages == -(-whole["edges_total"] // 2)
    assert sorted(got, key=str) == sorted(whole["edges"], key=str)


def test_a_cursor_that_is_not_one_is_refused():
    with pytest.raises(ValueError, match="not a cursor"):
        page_after("bm90IGpzb24")
    assert page_after(cursor(("a", "b")), 3) == Page(("a", "b"), 3)


def test_a_pair_met_only_on_the_days_a_range_cuts_counts_in_both_degrees(url):
    """Two people whose only meeting falls on the days the range takes of a month (here 1-10 May 2022) are
    each other's counterpart in a top-N, as when counted from the events."""
    rng = random.Random(7)
    with Store(url) as store:
        for i in range(30):
            store.add_record(*random_record(f"doc-{i:02d}", rng))
        store.add_record(*meeting("cut", "2022-05-04", [], (("hakan-fidan", "TUR"), ("wang-yi", "CHN"))))
        f = Filters(since="2021-01-01", until="2022-05-10")
        _, edges, _ = direct(store, "person", f.since, f.until)
        degree: dict[str, int] = {}
        for a, b in edges:
            degree[a], degree[b] = degree.get(a, 0) + 1, degree.get(b, 0) + 1
        assert degree["hakan-fidan"] == 1
        for top in (len(degree), len(degree) - 1):  # every node, from the counts; all but one
            kept = {n["id"]: n["degree"] for n in network(store, f, "person", top)["nodes"]}
            assert kept == {k: degree[k] for k in kept} and len(kept) == top
        assert network(store, f, "person", len(degree))["nodes"][-1]["id"] == "hakan-fidan"
