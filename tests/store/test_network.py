"""The contact network of a selection, aggregated in SQL over every selected event (no cap), in the person
and the country view, cut to the top-N nodes by degree; on SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest

from diplograph.store import Filters, Store, network_counts
from diplograph.store.graph import network

N = 6000  # more than the 5,000 events the network used to stop at
START = dt.date(2020, 1, 1)


def _people(i: int) -> list[tuple[str, str]]:
    """(actor, affiliation) rows of event ``i`` as the store writes them: one per person, one per affiliation;
    EEE takes part unnamed (its affiliation row only)."""
    if i >= N:  # a pair apart from the rest
        people = [("frank", "FFF"), ("gina", "GGG")]
    else:
        people = [("alice", "AAA"), ("bob", "BBB") if i % 2 == 0 else ("carol", "CCC")]
        people += [("dave", "DDD")] if i % 10 == 0 else []
    rows = set(people) | {(aff, aff) for _, aff in people}
    return sorted(rows | ({("EEE", "EEE")} if i % 100 == 0 and i < N else set()))


@pytest.fixture
def store(url):
    """A store of N + 500 events written straight into the event tables, one day each from 2020-01-01, and
    the network counted from them."""
    with Store(url) as store:
        events, actors = [], []
        for i in range(N + 500):
            day = (START + dt.timedelta(days=i % 1000)).isoformat()
            record = {"event_id": f"ev-{i:05d}", "date": day, "participants": [], "topics": []}
            events.append((f"ev-{i:05d}", day, day, "phone", "occurred", 1, json.dumps(record)))
            actors += [(f"ev-{i:05d}", actor, aff, day) for actor, aff in _people(i)]
        store.db.executemany(
            "INSERT INTO events (event_id, sort_date, date, medium, status, n_sources, record)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        store.db.executemany(
            "INSERT INTO event_actors (event_id, actor, affiliation, sort_date) VALUES (?, ?, ?, ?)", actors
        )
        network_counts.fill(store.db)  # the counts fusion keeps at ingest, for rows written past it
        store.db.commit()
        yield store


def _edges(graph) -> dict[tuple[str, str], int]:
    return {(e["source"], e["target"]): e["weight"] for e in graph["edges"]}


def test_the_whole_selection_is_counted(store):
    graph = network(store)
    assert graph["events_total"] == graph["events_covered"] == N + 500
    events = {n["id"]: n["events"] for n in graph["nodes"]}
    assert events == {
        "alice": N,
        "bob": N // 2,
        "carol": N // 2,
        "dave": N // 10,
        "EEE": N // 100,
        "frank": 500,
        "gina": 500,
    }
    assert _edges(graph) == {
        ("alice", "bob"): N // 2,
        ("alice", "carol"): N // 2,
        ("alice", "dave"): N // 10,
        ("bob", "dave"): N // 10,
        ("EEE", "alice"): N // 100,
        ("EEE", "bob"): N // 100,
        ("EEE", "dave"): N // 100,
        ("frank", "gina"): 500,
    }
    assert graph["nodes_total"] == len(graph["nodes"]) == 7 and graph["top"] is None
    alice = next(n for n in graph["nodes"] if n["id"] == "alice")
    assert alice["affiliation"] == "AAA" and alice["degree"] == 4
    first = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("alice", "bob"))
    assert (first["first"], first["last"]) == ("2020-01-01", (START + dt.timedelta(days=998)).isoformat())


def test_the_country_view(store):
    graph = network(store, view="country")
    assert {n["id"]: n["events"] for n in graph["nodes"]}["AAA"] == N
    assert _edges(graph) == {
        ("AAA", "BBB"): N // 2,
        ("AAA", "CCC"): N // 2,
        ("AAA", "DDD"): N // 10,
        ("BBB", "DDD"): N // 10,
        ("AAA", "EEE"): N // 100,
        ("BBB", "EEE"): N // 100,
        ("DDD", "EEE"): N // 100,
        ("FFF", "GGG"): 500,
    }
    assert graph["events_total"] == graph["events_covered"] == N + 500


def test_top_n_nodes_by_degree_say_what_they_leave_out(store):
    graph = network(store, top=2)
    assert [n["id"] for n in graph["nodes"]] == ["alice", "bob"]  # degree 4, then 3 with the most events
    assert _edges(graph) == {("alice", "bob"): N // 2}
    assert (graph["events_covered"], graph["events_total"], graph["nodes_total"]) == (N, N + 500, 7)
    country = network(store, view="country", top=3)
    assert [n["id"] for n in country["nodes"]] == ["AAA", "BBB", "DDD"]
    assert country["events_covered"] == N and country["events_total"] == N + 500
    everyone = network(store, top=50)
    assert everyone["events_covered"] == everyone["events_total"] and len(everyone["nodes"]) == 7


def test_filters_select_the_events_counted(store):
    f = Filters(since="2020-01-01", until="2020-01-10", with_="DDD")
    graph = network(store, f)
    assert graph["events_total"] == graph["events_covered"] == store.count(f) > 0
    assert {n["id"] for n in graph["nodes"]} == {"alice", "bob", "dave", "EEE"}
    with pytest.raises(ValueError):
        network(store, view="planet")
