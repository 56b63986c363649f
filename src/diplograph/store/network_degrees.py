"""Each node's degree (its number of counterparts) per view, topic and period, kept at ingest beside the pair
counts of ``network_counts``.

A network of one period (all time, a year, a month) sizes its nodes by degree; counted from the pairs, that
is every pair row of the period read twice (by each end: 1.3 million all-time pairs at a million events,
about 0.4 s). A degree changes only when a pair row appears or goes: ``opened`` is told the pair rows an
ingest is about to write (before they are written, to see which are new), ``closed`` those a removal brought
to zero (before they are deleted).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .backend import Backend

TABLES = ("agg_net_degrees",)
DDL = [
    "CREATE TABLE agg_net_degrees (view TEXT NOT NULL, topic TEXT NOT NULL, period TEXT NOT NULL,"
    " actor TEXT NOT NULL, degree INTEGER NOT NULL, PRIMARY KEY (view, topic, period, actor))",
]
_PAIR = "view = ? AND topic = ? AND period = ? AND a = ? AND b = ?"


def _ends(pairs: Iterable[tuple]) -> Counter:
    """(view, topic, period, node) -> how many of ``pairs`` (view, topic, period, a, b) it is an end of."""
    out: Counter = Counter()
    for view, topic, period, a, b in pairs:
        out[(view, topic, period, a)] += 1
        out[(view, topic, period, b)] += 1
    return out


def compute(db: Backend) -> dict[str, set[tuple]]:
    """Every degree, counted from the pair rows now stored."""
    pairs = db.query("SELECT view, topic, period, a, b FROM agg_net_edges")
    return {"agg_net_degrees": {(*k, n) for k, n in _ends(pairs).items()}}


def fill(db: Backend) -> None:
    """Migration (and rebuild): every degree from the pair rows."""
    db.execute("DELETE FROM agg_net_degrees")
    db.execute(
        "INSERT INTO agg_net_degrees (view, topic, period, actor, degree) SELECT view, topic, period, actor, SUM(n)"
        " FROM (SELECT view, topic, period, a AS actor, COUNT(*) AS n FROM agg_net_edges GROUP BY view, topic,"
        " period, a UNION ALL SELECT view, topic, period, b AS actor, COUNT(*) AS n FROM agg_net_edges"
        " GROUP BY view, topic, period, b) d GROUP BY view, topic, period, actor"
    )


def opened(db: Backend, pairs: Iterable[tuple]) -> None:
    """Before pair rows are written: raise the degrees of both ends of those not yet stored."""
    new = [k for k in pairs if not db.query(f"SELECT 1 FROM agg_net_edges WHERE {_PAIR}", k)]
    db.executemany(
        "INSERT INTO agg_net_degrees (view, topic, period, actor, degree) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (view, topic, period, actor) DO UPDATE SET degree = agg_net_degrees.degree + excluded.degree",
        [(*k, n) for k, n in sorted(_ends(new).items())],
    )


def closed(db: Backend, pairs: Iterable[tuple]) -> None:
    """Before pair rows brought to zero are deleted: lower the degrees of both ends of those at zero."""
    gone = [k for k in pairs if db.query(f"SELECT 1 FROM agg_net_edges WHERE {_PAIR} AND n <= 0", k)]
    ends = sorted(_ends(gone).items())
    match = "view = ? AND topic = ? AND period = ? AND actor = ?"
    db.executemany(f"UPDATE agg_net_degrees SET degree = degree - ? WHERE {match}", [(n, *k) for k, n in ends])
    db.executemany(f"DELETE FROM agg_net_degrees WHERE {match} AND degree <= 0", [k for k, _ in ends])
