"""Counts kept at ingest, so that the pages summing a million events read a few rows: per state or
organisation, topic and month (the topic × country matrix), per month (the timeline's bars), per actor and
month (an actor's events and bars), per actor and topic, and per actor and counterpart (the actor page's
rankings).

Each count is a sum over events of what one event adds, written as the query the page would otherwise run
over every event (``CONTRIBUTIONS``), restricted to some events. Fusion adds an event's part when it writes
the event and takes it away before deleting it (``add``, ``remove``), so the counts follow every ingest,
replacement, removal and rebuild; ``fill`` computes them over all the stored events (migration 0005, and
stores written straight into the event tables, as the synthetic benchmark store is).
"""

from __future__ import annotations

from collections.abc import Iterable

from .backend import Backend
from .families import chunks, marks

# a month as the pages group by it: "" for an event without a day
MONTH = "COALESCE(substr({}.sort_date, 1, 7), '')"
# y is a node of the person view: a person, or a state or organisation none of whose people is named
NODE = (
    "(y.actor <> y.affiliation OR NOT EXISTS (SELECT 1 FROM event_actors z WHERE z.event_id = y.event_id"
    " AND z.affiliation = y.affiliation AND z.actor <> z.affiliation))"
)
# table: (key columns, the rows one set of events adds, as "SELECT keys..., COUNT(*) ... {events}")
CONTRIBUTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # periods: a month (YYYY-MM, "" undated), and the sums of its year (YYYY) and of all time ("all")
    "agg_topic_country": (
        ("affiliation", "topic", "period"),
        f"SELECT a.actor, t.topic, {MONTH.format('a')}, COUNT(*) FROM event_actors a"
        " JOIN event_topics t ON t.event_id = a.event_id WHERE a.actor = a.affiliation{events} GROUP BY 1, 2, 3",
    ),
    "agg_months": (("month",), f"SELECT {MONTH.format('a')}, COUNT(*) FROM events a WHERE 1 = 1{{events}} GROUP BY 1"),
    "agg_actor_months": (
        ("actor", "month"),
        f"SELECT a.actor, {MONTH.format('a')}, COUNT(*) FROM event_actors a WHERE 1 = 1{{events}} GROUP BY 1, 2",
    ),
    "agg_actor_topics": (
        ("actor", "topic"),
        "SELECT a.actor, t.topic, COUNT(*) FROM event_actors a JOIN event_topics t ON t.event_id = a.event_id"
        " WHERE 1 = 1{events} GROUP BY 1, 2",
    ),
    # the counterparts an actor's page ranks: rows of the self-join on the event (a person listed under two
    # affiliations counts twice, as in the join); rows without an affiliation never rank and are left out
    "agg_counterparts": (
        ("actor", "other", "other_affiliation"),
        "SELECT a.actor, y.actor, y.affiliation, COUNT(*) FROM event_actors a"
        " JOIN event_actors y ON y.event_id = a.event_id WHERE y.actor <> a.actor AND y.affiliation IS NOT NULL"
        " AND " + NODE + "{events} GROUP BY 1, 2, 3",
    ),
}
TABLES = tuple(CONTRIBUTIONS)
# the year and all-time rows of agg_topic_country, from its month rows (in this order)
SUMS = [
    "INSERT INTO agg_topic_country (affiliation, topic, period, n) SELECT affiliation, topic, substr(period, 1, 4),"
    " SUM(n) FROM agg_topic_country WHERE length(period) = 7 GROUP BY affiliation, topic, substr(period, 1, 4)",
    "INSERT INTO agg_topic_country (affiliation, topic, period, n) SELECT affiliation, topic, 'all', SUM(n)"
    " FROM agg_topic_country WHERE length(period) = 7 OR period = '' GROUP BY affiliation, topic",
]

MIGRATION = [
    # an event's rows read from the index alone (the counts below, and the checks of several filters)
    "CREATE INDEX event_actors_members ON event_actors (event_id, actor, affiliation)",
    "CREATE INDEX event_topics_members ON event_topics (event_id, topic)",
    "CREATE INDEX participants_actor ON participants (actor_id)",  # an actor's name and role, at once
    "CREATE TABLE agg_topic_country (affiliation TEXT NOT NULL, topic TEXT NOT NULL, period TEXT NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (period, affiliation, topic))",
    "CREATE INDEX agg_topic_country_sums ON agg_topic_country (period, affiliation, topic, n)",  # the sums alone
    "CREATE TABLE agg_months (month TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL)",
    "CREATE TABLE agg_actor_months (actor TEXT NOT NULL, month TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (actor, month))",
    "CREATE TABLE agg_actor_topics (actor TEXT NOT NULL, topic TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (actor, topic))",
    "CREATE TABLE agg_counterparts (actor TEXT NOT NULL, other TEXT NOT NULL, other_affiliation TEXT NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (actor, other, other_affiliation))",
]


def _expand(table: str, rows: list[tuple]) -> list[tuple]:
    """The rows of ``table`` that events' contributions ``rows`` change, summed by key (a month's count also
    counts in its year and in all time)."""
    out: dict[tuple, int] = {}
    for *key, n in rows:
        keys = [tuple(key)]
        if table == "agg_topic_country":
            aff, topic, month = key
            keys += [(aff, topic, "all")] + ([(aff, topic, month[:4])] if month else [])
        for k in keys:
            out[k] = out.get(k, 0) + int(n)
    return [(*k, n) for k, n in out.items()]


def compute(db: Backend) -> dict[str, set[tuple]]:
    """Every count as computed now over all the stored events (what ``fill`` writes)."""
    return {t: set(_expand(t, db.query(sql.format(events="")))) for t, (_keys, sql) in CONTRIBUTIONS.items()}


def fill(db: Backend) -> None:
    """Every count computed again from the stored events."""
    for table in ("event_actors", "event_topics"):  # so that the planner reads them by the covering indexes
        db.execute(f"ANALYZE {table}")
    for table, (keys, sql) in CONTRIBUTIONS.items():
        db.execute(f"DELETE FROM {table}")
        db.execute(f"INSERT INTO {table} ({', '.join(keys)}, n) " + sql.format(events=""))
    for sql in SUMS:
        db.execute(sql)


def add(db: Backend, events: Iterable[str]) -> None:
    """Count the stored events ``events`` (after their rows are written)."""
    _apply(db, events, +1)


def remove(db: Backend, events: Iterable[str]) -> None:
    """Stop counting the stored events ``events`` (before their rows are deleted)."""
    _apply(db, events, -1)


def _apply(db: Backend, events: Iterable[str], sign: int) -> None:
    for part in chunks(events):
        where = f" AND a.event_id IN ({marks(len(part))})"
        for table, (keys, sql) in CONTRIBUTIONS.items():
            rows = _expand(table, db.query(sql.format(events=where), part))
            if not rows:
                continue
            match = " AND ".join(f"{k} = ?" for k in keys)
            if sign > 0:
                db.executemany(
                    f"INSERT INTO {table} ({', '.join(keys)}, n) VALUES ({marks(len(keys) + 1)})"
                    f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET n = {table}.n + excluded.n",
                    rows,
                )
            else:
                db.executemany(f"UPDATE {table} SET n = n - ? WHERE {match}", [(r[-1], *r[:-1]) for r in rows])
                db.executemany(f"DELETE FROM {table} WHERE {match} AND n <= 0", [r[:-1] for r in rows])
