"""The counts kept at ingest (store/aggregates.py) and the summaries read from them: always what a count over
the stored events gives, after ingest, replacement, removal, rebuild and migration; on SQLite and PostgreSQL."""

import random
from dataclasses import replace

import pytest

from diplograph.store import (
    Filters,
    Store,
    aggregates,
    names,
    network_counts,
    network_degrees,
    statement_keys,
    summaries,
)
from diplograph.store.select import select

from .conftest import meeting, random_record

# each kind of count kept at ingest: its module, the migration that fills it, the indexes it adds
KINDS = {
    "aggregates": (
        aggregates,
        ("0005_aggregates",),
        ("participants_actor", "event_actors_members", "event_topics_members"),
    ),
    "network_counts": (network_counts, ("0008_network_counts", "0009_network_years", "0010_network_crowd_members"), ()),
    "network_degrees": (network_degrees, ("0013_network_degrees",), ()),
    "names": (names, ("0011_actor_names",), ()),
    "statement_keys": (statement_keys, ("0012_statement_keys",), ("statement_parties_statement",)),
}


def kept(store: Store, module=aggregates) -> dict[str, set]:
    return {t: set(store.db.query(f"SELECT * FROM {t}")) for t in module.TABLES}


@pytest.mark.parametrize("kind", KINDS)
def test_counts_follow_ingest_replacement_removal_and_rebuild(url, kind):
    """The network's counts include each pair's first and last day, worked out again when events go."""
    module = KINDS[kind][0]
    rng = random.Random(3)
    docs = {f"doc-{i:02d}": random_record(f"doc-{i:02d}", rng) for i in range(40)}
    with Store(url) as store:
        for record, text in docs.values():
            store.add_record(record, text)
        assert kept(store, module) == module.compute(store.db)
        assert all(kept(store, module).values()), "every table has counts"
        for doc_id in rng.sample(sorted(docs), 15):  # new versions: other contacts, dates, topics
            store.add_record(random_record(doc_id, rng)[0], docs[doc_id][1] + " (mis à jour)")
        assert kept(store, module) == module.compute(store.db)
        for doc_id in rng.sample(sorted(docs), 10):
            assert store.remove(doc_id)
        assert kept(store, module) == module.compute(store.db)
        store.rebuild()
        assert kept(store, module) == module.compute(store.db)
        for doc_id in sorted(store.content_hashes()):
            store.remove(doc_id)
        assert kept(store, module) == {t: set() for t in module.TABLES}, "no count left at zero"


@pytest.mark.parametrize("kind", KINDS)
def test_the_migration_counts_the_events_already_stored(url, kind):
    module, migrations, indexes = KINDS[kind]
    rng = random.Random(5)
    with Store(url) as store:
        for i in range(15):
            store.add_record(*random_record(f"doc-{i:02d}", rng))
        want = kept(store, module)
        for table in module.TABLES:  # the store as an older diplograph left it
            store.db.execute(f"DROP TABLE {table}")
        for index in indexes:
            store.db.execute(f"DROP INDEX {index}")
        for migration in migrations:
            store.db.execute("DELETE FROM schema_migrations WHERE name = ?", (migration,))
        store.db.commit()
    with Store(url) as store:
        assert kept(store, module) == want and any(want.values())


# --- the summaries read from the counts equal a direct count over the events ---------------------------
def direct_matrix(store: Store, since: str | None, until: str | None) -> dict:
    sql = (
        "SELECT a.actor, t.topic, COUNT(*) FROM event_actors a JOIN event_topics t ON t.event_id = a.event_id"
        " WHERE a.actor = a.affiliation"
    )
    params = []
    if since:
        sql += " AND a.sort_date >= ?"
        params.append(since)
    if until:
        sql += " AND a.sort_date <= ? AND a.sort_date <> ''"
        params.append(until)
    out = {}
    for aff, topic, n in store.db.query(sql + " GROUP BY a.actor, t.topic", params):
        out.setdefault(aff, {})[topic] = int(n)
    return out


def direct_actor(store: Store, actor_id: str, affiliation: str) -> tuple[int, list, list]:
    events = store.count(actor=actor_id)
    counterparts = store.db.query(
        "SELECT y.actor, MAX(y.affiliation), COUNT(*) FROM event_actors x JOIN event_actors y ON y.event_id = x.event_id"
        " WHERE x.actor = ? AND y.actor <> ? AND y.affiliation <> ? AND (y.actor <> y.affiliation OR NOT EXISTS ("
        "   SELECT 1 FROM event_actors z WHERE z.event_id = y.event_id AND z.affiliation = y.affiliation"
        "   AND z.actor <> z.affiliation)) GROUP BY y.actor ORDER BY 3 DESC, 1 LIMIT 30",
        (actor_id, actor_id, affiliation or ""),
    )
    topics = store.db.query(
        "SELECT t.topic, COUNT(*) FROM event_actors x JOIN event_topics t ON t.event_id = x.event_id"
        " WHERE x.actor = ? GROUP BY t.topic ORDER BY 2 DESC, 1",
        (actor_id,),
    )
    return events, [(a, aff, int(n)) for a, aff, n in counterparts], [(t, int(n)) for t, n in topics]


def direct_months(store: Store, actor_id: str) -> list:
    rows = store.db.query(
        "SELECT substr(sort_date, 1, 7), COUNT(*) FROM event_actors WHERE actor = ? AND sort_date <> ''"
        " GROUP BY 1 ORDER BY 1",
        (actor_id,),
    )
    return [(m, int(n)) for m, n in rows]


RANGES = [
    (None, None),
    ("2021-03-15", None),
    (None, "2022-05-10"),
    ("2021-03-01", "2022-04-30"),  # whole months
    ("2021-03-15", "2022-05-10"),  # months cut at both ends
    ("2021-12-31", "2022-01-01"),  # two cut months, nothing whole
    ("2022-02-03", "2022-02-20"),  # within one month
    ("2022-02-01", "2022-02-28"),  # one whole month
    ("2022-06-01", "2021-01-01"),  # empty
    ("2020-01-01", "2030-12-31"),
]


@pytest.mark.parametrize("since,until", RANGES)
def test_matrix_equals_a_direct_count(spread, since, until):
    assert summaries.matrix(spread, since, until) == direct_matrix(spread, since, until)


def test_matrix_has_counts_to_compare(spread):
    grid = summaries.matrix(spread, "2021-03-15", "2022-05-10")
    assert sum(n for row in grid.values() for n in row.values()) > 50


def test_actor_and_country_pages_equal_a_direct_count(spread):
    actors = [r[0] for r in spread.db.query("SELECT DISTINCT actor FROM event_actors ORDER BY 1")]
    assert {"sergey-lavrov", "RUS", "DEU"} <= set(actors)
    for actor_id in actors:
        got = summaries.actor(spread, actor_id)
        events, counterparts, topics = direct_actor(spread, actor_id, got["affiliation"])
        assert got["events"] == events > 0
        assert [(c["id"], c["affiliation"], c["events"]) for c in got["counterparts"]] == counterparts
        assert [(t["topic"], t["events"]) for t in got["topics"]] == topics
        assert summaries.months(spread, Filters(actor=actor_id)) == direct_months(spread, actor_id)
        assert summaries.months(spread, Filters(with_=actor_id)) == direct_months(spread, actor_id)
    every = spread.db.query(
        "SELECT substr(sort_date, 1, 7), COUNT(*) FROM events WHERE sort_date <> '' GROUP BY 1 ORDER BY 1"
    )
    assert summaries.months(spread) == [(m, int(n)) for m, n in every] and len(every) > 12
    lavrov = summaries.actor(spread, "sergey-lavrov")
    assert lavrov["counterparts"] and all(c["affiliation"] != "RUS" for c in lavrov["counterparts"])
    assert summaries.actor(spread, "nobody") is None


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(since="2021-06-10", until="2022-03-05"),
        Filters(actor="sergey-lavrov"),
        Filters(with_="FRA", since="2022-01-01"),
        Filters(actor="sergey-lavrov", with_="USA", topic="ukraine", until="2022-02-14"),
        Filters(topic="syria", medium="phone", since="2021-03-01", until="2022-10-31"),
    ],
)
def test_timeline_counts_equal_a_count_and_months(spread, filters):
    total, months = summaries.counts(spread, filters)
    assert total == spread.count(filters) > 0
    sql, params = select(replace(filters, since=None, until=None), spread.db.dialect)
    direct = spread.db.query(
        "SELECT substr(s.sort_date, 1, 7), COUNT(*) FROM (" + sql + ") s WHERE s.sort_date <> '' GROUP BY 1 ORDER BY 1",
        params,
    )
    assert months == [(m, int(n)) for m, n in direct]


def test_actor_suggestions_match_any_known_name_whatever_the_case_and_accents(spread):
    lavrov = summaries.actors(spread, "LAVROV")
    assert [a["id"] for a in lavrov] == ["sergey-lavrov"]
    assert lavrov[0]["events"] == spread.count(actor="sergey-lavrov") > 0
    assert "RUS" in {a["id"] for a in summaries.actors(spread, "russie")}, "a state by its French name"
    assert "jean-yves-le-drian" in {a["id"] for a in summaries.actors(spread, "le drian")}
    assert "jean-yves-le-drian" in {a["id"] for a in summaries.actors(spread, "jean-yvès")}, "accents aside"
    everyone = summaries.actors(spread, "", limit=100)
    assert [a["events"] for a in everyone] == sorted((a["events"] for a in everyone), reverse=True)
    assert {"DEU", "wang-yi"} <= {a["id"] for a in everyone}
    assert summaries.actors(spread, "zzz-nobody") == []


@pytest.mark.parametrize("moved", ["2021-03-25", "2021-03-02", "2021-06-10"])
def test_a_pair_s_first_and_last_day_follow_a_new_version_of_an_event(url, moved):
    """The call that held a pair's first day comes again dated later, earlier or in another month: the
    pair's first and last day, in its month, year, all time and topic, are those of the calls left."""
    with Store(url) as store:
        store.add_record(*meeting("a", "2021-03-05", ["syria"]))
        store.add_record(*meeting("b", "2021-03-20", ["syria"]))
        store.add_record(meeting("a", moved, ["syria"])[0], meeting("a", moved, ["syria"])[1] + " (mis à jour)")
        assert kept(store, network_counts) == network_counts.compute(store.db)
        days = sorted(["2021-03-20", moved])
        rows = store.db.query(
            "SELECT topic, period, first_day, last_day FROM agg_net_edges WHERE view = 'person' AND period IN (?, ?)",
            ("all", "2021"),
        )
        assert {(t, p): (f, last) for t, p, f, last in rows} == {
            (t, p): (days[0], days[1]) for t in ("", "syria") for p in ("all", "2021")
        }
