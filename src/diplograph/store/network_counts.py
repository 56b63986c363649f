"""The contact network counted at ingest, so that the network of a million events over any period is read from
a few rows: per view (people, or states and organisations), topic, period and node, the events of the node;
per view, topic, period and pair of nodes, the events of the pair and their first and last day. The topic
``""`` counts every event; a topic's rows count the events of that topic.

Periods are those of ``agg_topic_country``: a month (``YYYY-MM``, ``""`` for undated events), its year
(``YYYY``) and all time (``all``); a topic's rows are kept by year and all time only (the months of a topic's
selection are counted from its events, few), which halves what the counts take. A node's count is kept under the affiliation it has in the event (the
greatest, for a person listed under two), so that the sum over affiliations counts each event once and the
greatest of them is the node's. Counts are sums, kept by adding and taking away what events contribute, as in
``aggregates``; a pair's first and last day are kept as the least and greatest of its events', and worked out
again from the remaining events when events are taken away.

A pair's all-time row also keeps the years it met in as a bit mask (``years``: bit ``y - FIRST_YEAR`` for
the years ``FIRST_YEAR`` to ``FIRST_YEAR + 62``), so that each node's number of counterparts over a run of
whole years is a count of its all-time rows, not a count of the distinct pairs of every year's rows.

The nodes of each event with three nodes or more are kept too (``net_crowds``, under ``""`` and the event's
topics): with the counts of nodes and
pairs they give, by inclusion and exclusion, how many events of a period have at least one node of a top-N
(``graph.covered``), reading only the few multilateral events rather than every event. Each of their rows also
holds the event's set of nodes (``members``), indexed by node, so that a node's events are counted by their set
of nodes from the index alone (the pairs among a node's counterparts, ``graph._among``).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import network_degrees
from .backend import Backend
from .families import chunks, marks

VIEWS = ("person", "country")
# the actors an event counts as nodes, per view: a person view keeps people, and a state or organisation
# only when none of its people is named in the event (an unnamed delegation); a country view keeps the
# states and organisations (every participant's affiliation has a row where actor = affiliation)
NODE_ROWS = {
    "person": "(a.affiliation IS NULL OR a.actor <> a.affiliation OR NOT EXISTS (SELECT 1 FROM event_actors z"
    " WHERE z.event_id = a.event_id AND z.affiliation = a.affiliation AND z.actor <> z.affiliation))",
    "country": "a.actor = a.affiliation",
}
TABLES = ("agg_net_nodes", "agg_net_edges", "net_crowds")
TABLE_DDL = [
    "CREATE TABLE agg_net_nodes (view TEXT NOT NULL, topic TEXT NOT NULL, period TEXT NOT NULL,"
    " actor TEXT NOT NULL, affiliation TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (view, topic, period, actor, affiliation))",
    "CREATE TABLE agg_net_edges (view TEXT NOT NULL, topic TEXT NOT NULL, period TEXT NOT NULL, a TEXT NOT NULL,"
    " b TEXT NOT NULL, n INTEGER NOT NULL, first_day TEXT NOT NULL, last_day TEXT NOT NULL,"
    " PRIMARY KEY (view, topic, period, a, b))",
    # a node's pairs whichever end it is: the degrees of the nodes and the edges among the top-N
    "CREATE INDEX agg_net_edges_b ON agg_net_edges (view, topic, period, b, a)",
    # the nodes of the events with three nodes or more, read in the order of the events
    "CREATE TABLE net_crowds (view TEXT NOT NULL, topic TEXT NOT NULL, event_id TEXT NOT NULL,"
    " actor TEXT NOT NULL, sort_date TEXT NOT NULL, PRIMARY KEY (view, topic, event_id, actor))",
]


def create(db: Backend) -> None:
    """The tables, stored in SQLite as their primary key's b-tree alone (WITHOUT ROWID: no second copy of
    every key in a rowid table), and the index."""
    suffix = " WITHOUT ROWID" if db.dialect == "sqlite" else ""
    for sql in TABLE_DDL:
        db.execute(sql + (suffix if sql.startswith("CREATE TABLE") else ""))


# the year of bit 0 of a pair's ``years``; 63 bits (a signed 64-bit integer's) reach FIRST_YEAR + 62
FIRST_YEAR = 1970
LAST_YEAR = FIRST_YEAR + 62
# the years column, and the index of the pairs by their second end made to hold it, so that a node's all-time
# pairs of some years are read from the index alone whichever end it is; the multilateral events of some nodes
# and dates (a top-N's events covered) read by node, in the order of the events (migration 0009)
YEARS_DDL = [
    "ALTER TABLE agg_net_edges ADD COLUMN years BIGINT NOT NULL DEFAULT 0",
    "DROP INDEX agg_net_edges_b",
    "CREATE INDEX agg_net_edges_b ON agg_net_edges (view, topic, period, b, a, years)",
    "CREATE INDEX net_crowds_actor ON net_crowds (view, topic, actor, event_id, sort_date)",
]


def year_bit(year: int) -> int:
    """The bit of ``year`` in a pair's ``years`` (0 outside ``FIRST_YEAR``..``LAST_YEAR``)."""
    return 1 << (year - FIRST_YEAR) if FIRST_YEAR <= year <= LAST_YEAR else 0


def fill_years(db: Backend) -> None:
    """Every all-time pair's ``years`` worked out again from its years' rows."""
    bit = f"(CAST(1 AS BIGINT) << (CAST(period AS INTEGER) - {FIRST_YEAR}))"
    union = f"BIT_OR({bit})" if db.dialect == "postgresql" else f"SUM({bit})"  # one row a year: a sum is an or
    db.execute("UPDATE agg_net_edges SET years = 0 WHERE period = 'all'")
    db.execute(
        f"UPDATE agg_net_edges SET years = y.mask FROM (SELECT view, topic, a, b, {union} AS mask"
        " FROM agg_net_edges WHERE length(period) = 4"
        f" AND period >= '{FIRST_YEAR}' AND period <= '{LAST_YEAR}' GROUP BY view, topic, a, b) y"
        " WHERE agg_net_edges.period = 'all' AND agg_net_edges.view = y.view AND agg_net_edges.topic = y.topic"
        " AND agg_net_edges.a = y.a AND agg_net_edges.b = y.b"
    )


CROWD = 3  # nodes from which an event's nodes are kept in net_crowds
NODE_KEYS = ("view", "topic", "period", "actor", "affiliation")
EDGE_KEYS = ("view", "topic", "period", "a", "b")


def node_rows(view: str, where: str = "", source: str = "") -> str:
    """One row per event and node of ``view`` (event_id, actor, affiliation, sort_date): ``source`` (SQL of
    the selected events' ids and days) restricts the events; ``where`` adds conditions on ``a``."""
    join = f" FROM ({source}) s JOIN event_actors a ON a.event_id = s.event_id" if source else " FROM event_actors a"
    day = "s" if source else "a"  # the selection's day: the event's rows then read from a covering index
    return (
        "SELECT a.event_id, a.actor, MAX(COALESCE(a.affiliation, '')) AS affiliation,"
        f" MAX(COALESCE({day}.sort_date, '')) AS sort_date" + join + f" WHERE {NODE_ROWS[view]}{where}"
        " GROUP BY a.event_id, a.actor"
    )


def _topic_rows(view: str, where: str = "", source: str = "", by_topic: bool = True) -> str:
    """The CTE ``n``: ``node_rows`` under the topic "" and, ``by_topic``, under each of the event's topics."""
    rows = f"n0 AS ({node_rows(view, where, source)}), n AS (SELECT n0.*, '' AS topic FROM n0"
    if by_topic:
        rows += " UNION ALL SELECT n0.*, t.topic FROM n0 JOIN event_topics t ON t.event_id = n0.event_id"
    return "WITH " + rows + ")"


def counted_sql(view: str, where: str = "", source: str = "", by_month: bool = True, by_topic: bool = True) -> str:
    """Nodes and pairs of ``view`` counted over the events ``node_rows`` selects: rows ('n', topic, actor,
    affiliation, month, events, '', '') and ('e', topic, a, b, month, events, first day, last day), a < b
    in the database's order. ``by_month``: counted per month, else over all of them (month ''); ``by_topic``:
    under "" and each topic, else under "" alone."""
    month = "COALESCE(substr({}.sort_date, 1, 7), '')" if by_month else "''"
    return (
        _topic_rows(view, where, source, by_topic)
        + f" SELECT 'n', topic, actor, affiliation, {month.format('n')}, COUNT(*), '', '' FROM n GROUP BY 2, 3, 4, 5"
        f" UNION ALL SELECT 'e', x.topic, x.actor, y.actor, {month.format('x')}, COUNT(*),"
        " COALESCE(MIN(NULLIF(x.sort_date, '')), ''), MAX(x.sort_date) FROM n x JOIN n y"
        " ON y.event_id = x.event_id AND y.topic = x.topic AND x.actor < y.actor GROUP BY 2, 3, 4, 5"
    )


SEP = "\x1f"  # between the nodes of an event's ``members`` (the ASCII unit separator)
# the event's set of nodes on each of its rows of ``net_crowds``, and the index that reads a node's events by
# their set of nodes (migration 0010, which fills it); the narrower index by node and event of 0009 stays, for
# reading the events of many nodes (``graph._covered``: a third faster than through this one)
MEMBERS_DDL = [
    "ALTER TABLE net_crowds ADD COLUMN members TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX net_crowds_members ON net_crowds (view, topic, actor, members, sort_date)",
]
CROWD_COLUMNS = "view, topic, event_id, actor, sort_date"


def crowd_sql(view: str, dialect: str, where: str = "", members: bool = True) -> str:
    """Rows of ``net_crowds``: (view, topic, event_id, actor, sort_date, members) of the events with ``CROWD``
    nodes or more (``where``: conditions on ``a``, the event rows); ``members``: the event's nodes joined by
    ``SEP``, in one order for one set (without it, the columns before migration 0010)."""
    if not members:
        return (
            _topic_rows(view, where) + f" SELECT '{view}', n.topic, n.event_id, n.actor, n.sort_date FROM n"
            f" WHERE n.event_id IN (SELECT event_id FROM n0 GROUP BY event_id HAVING COUNT(*) >= {CROWD})"
        )
    joined = (  # SQLite before 3.44 has no ORDER BY in GROUP_CONCAT: it joins in the order rows come
        "STRING_AGG(actor, CHR(31) ORDER BY actor) AS members FROM n0"
        if dialect == "postgresql"
        else "GROUP_CONCAT(actor, CHAR(31)) AS members FROM (SELECT event_id, actor FROM n0 ORDER BY event_id, actor) o"
    )
    return (
        _topic_rows(view, where) + f", g AS (SELECT event_id, {joined} GROUP BY event_id HAVING COUNT(*) >= {CROWD})"
        f" SELECT '{view}', n.topic, n.event_id, n.actor, n.sort_date, g.members FROM n"
        " JOIN g ON g.event_id = n.event_id"
    )


def fill_crowds(db: Backend, members: bool = True) -> None:
    """The rows of ``net_crowds`` written again from the stored events (``members``: with their column)."""
    db.execute("DELETE FROM net_crowds")
    columns = CROWD_COLUMNS + (", members" if members else "")
    for view in VIEWS:
        db.execute(f"INSERT INTO net_crowds ({columns}) " + crowd_sql(view, db.dialect, members=members))


def _periods(month: str, topic: str) -> list[str]:
    """The periods an event of ``month`` counts in: all time, its year and its month ("" for undated events);
    a topic's events in all time and their year only (``TOPIC_PERIODS``)."""
    if topic:
        return ["all"] + ([month[:4]] if month else [])
    return ["all"] + ([month[:4], month] if month else [""])


def _expand(view: str, rows: Iterable[tuple]) -> tuple[dict[tuple, int], dict[tuple, list]]:
    """What contribution rows add to each node row and each pair row (a month also counts in its year and in
    all time): {NODE_KEYS: n}, {EDGE_KEYS: [n, first, last, years]} (``years``: the all-time row's bits)."""
    nodes: dict[tuple, int] = {}
    edges: dict[tuple, list] = {}
    for kind, topic, x, y, month, n, first, last in rows:
        for period in _periods(month, topic):
            key = (view, topic, period, x, y)
            if kind == "n":
                nodes[key] = nodes.get(key, 0) + int(n)
                continue
            e = edges.setdefault(key, [0, "", "", 0])
            e[0] += int(n)
            if period == "all" and month:
                e[3] |= year_bit(int(month[:4]))
            e[1] = min(filter(None, (e[1], first)), default="")
            e[2] = max(e[2], last or "")
    return nodes, edges


def compute(db: Backend) -> dict[str, set[tuple]]:
    """Every count as computed now over all the stored events (what ``fill`` writes)."""
    out: dict[str, set[tuple]] = {t: set() for t in TABLES}
    for view in VIEWS:
        nodes, edges = _expand(view, db.query(counted_sql(view)))
        out["agg_net_nodes"] |= {(*k, n) for k, n in nodes.items()}
        out["agg_net_edges"] |= {(*k, *v) for k, v in edges.items()}
        out["net_crowds"] |= set(db.query(crowd_sql(view, db.dialect)))
    return out


def fill(db: Backend, years: bool = True, members: bool = True, degrees: bool = True) -> None:
    """Every count computed again from the stored events: the months by one query a view, their years and
    all time from the months; then the all-time pairs' ``years``, the events' ``members`` and the nodes'
    degrees (not before their columns and table exist: migration 0008 fills the counts, 0009 and 0010 add
    the columns, 0013 the degrees)."""
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")
    fill_crowds(db, members)
    for view in VIEWS:
        month = "COALESCE(substr({}.sort_date, 1, 7), '')"
        db.execute(
            f"INSERT INTO agg_net_nodes ({', '.join(NODE_KEYS)}, n) {_topic_rows(view)} SELECT '{view}', topic,"
            f" {month.format('n')}, actor, affiliation, COUNT(*) FROM n GROUP BY 2, 3, 4, 5"
        )
        db.execute(
            f"INSERT INTO agg_net_edges ({', '.join(EDGE_KEYS)}, n, first_day, last_day) {_topic_rows(view)}"
            f" SELECT '{view}', x.topic, {month.format('x')}, x.actor, y.actor, COUNT(*),"
            " COALESCE(MIN(NULLIF(x.sort_date, '')), ''), MAX(x.sort_date) FROM n x JOIN n y"
            " ON y.event_id = x.event_id AND y.topic = x.topic AND x.actor < y.actor GROUP BY 2, 3, 4, 5"
        )
        sums = ("substr(period, 1, 4)", "length(period) = 7"), ("'all'", "(length(period) = 7 OR period = '')")
        for period, where in sums:
            db.execute(
                f"INSERT INTO agg_net_nodes ({', '.join(NODE_KEYS)}, n) SELECT view, topic, {period}, actor,"
                f" affiliation, SUM(n) FROM agg_net_nodes WHERE view = '{view}' AND {where}"
                " GROUP BY view, topic, 3, actor, affiliation"
            )
            db.execute(
                f"INSERT INTO agg_net_edges ({', '.join(EDGE_KEYS)}, n, first_day, last_day) SELECT view, topic,"
                f" {period}, a, b, SUM(n), COALESCE(MIN(NULLIF(first_day, '')), ''), MAX(last_day)"
                f" FROM agg_net_edges WHERE view = '{view}' AND {where} GROUP BY view, topic, 3, a, b"
            )
        for table in ("agg_net_nodes", "agg_net_edges"):  # a topic's months: summed into its years, not kept
            db.execute(f"DELETE FROM {table} WHERE view = '{view}' AND topic <> '' AND length(period) NOT IN (3, 4)")
    if years:
        fill_years(db)
    if degrees:
        network_degrees.fill(db)


class Stale:
    """The pairs whose first or last day was held by an event taken away, until an event written after it
    holds that day again or an earlier (later) one; ``settle`` works the others out again from the stored
    events. A new version of an event, written on the same day, leaves nothing to work out."""

    def __init__(self) -> None:
        self.first: dict[tuple, str] = {}  # key: the day taken away
        self.last: dict[tuple, str] = {}

    def taken(self, db: Backend, edges: dict[tuple, list]) -> None:
        """Note the pairs of ``edges`` (taken away, their counts already decreased) whose first or last day
        was the day taken away: a month's row of every event (its year and all time follow it), a topic's
        year and all time."""
        match = " AND ".join(f"{k} = ?" for k in EDGE_KEYS)
        for key, (_n, first, last, *_years) in edges.items():
            topic, period = key[1], key[2]
            if bool(topic) != (len(period) in (3, 4)) or not (first or last):  # "": months; a topic: years, all
                continue
            row = db.query(f"SELECT first_day, last_day FROM agg_net_edges WHERE {match}", key)
            if not row:
                if not topic:  # the month is gone: its year and all time may have had its days
                    self.first.setdefault(key, first)
                    self.last.setdefault(key, last)
                continue
            if first and row[0][0] == first:
                self.first.setdefault(key, first)
            if last and row[0][1] == last:
                self.last.setdefault(key, last)

    def written(self, edges: dict[tuple, list]) -> None:
        """Forget the pairs that an event written holds the day of, or goes beyond."""
        for key, (_n, first, last, *_years) in edges.items():
            if key in self.first and first and first <= self.first[key]:
                del self.first[key]
            if key in self.last and last and last >= self.last[key]:
                del self.last[key]

    def settle(self, db: Backend) -> None:
        """Work out again the first and last day of the pairs left, from the stored events."""
        for key in sorted(set(self.first) | set(self.last)):
            _redate(db, key, set())
        self.first.clear()
        self.last.clear()


def add(db: Backend, events: Iterable[str], stale: Stale | None = None) -> None:
    """Count the stored events ``events`` (after their rows are written)."""
    keys = ", ".join(EDGE_KEYS)
    for part in chunks(events):
        for view in VIEWS:
            nodes, edges = _contributions(db, view, part)
            network_degrees.opened(db, list(edges))
            db.executemany(
                f"INSERT INTO agg_net_nodes ({', '.join(NODE_KEYS)}, n) VALUES (?, ?, ?, ?, ?, ?)"
                f" ON CONFLICT ({', '.join(NODE_KEYS)}) DO UPDATE SET n = agg_net_nodes.n + excluded.n",
                [(*k, n) for k, n in nodes.items()],
            )
            db.executemany(
                f"INSERT INTO agg_net_edges ({keys}, n, first_day, last_day, years) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                f" ON CONFLICT ({keys}) DO UPDATE SET n = agg_net_edges.n + excluded.n,"
                " years = agg_net_edges.years | excluded.years,"
                " first_day = CASE WHEN agg_net_edges.first_day = '' OR (excluded.first_day <> ''"
                " AND excluded.first_day < agg_net_edges.first_day) THEN excluded.first_day"
                " ELSE agg_net_edges.first_day END,"
                " last_day = CASE WHEN excluded.last_day > agg_net_edges.last_day THEN excluded.last_day"
                " ELSE agg_net_edges.last_day END",
                [(*k, *v) for k, v in edges.items()],
            )
            if stale is not None:
                stale.written(edges)
            sql = crowd_sql(view, db.dialect, f" AND a.event_id IN ({marks(len(part))})")
            db.execute(f"INSERT INTO net_crowds ({CROWD_COLUMNS}, members) " + sql, part)


def remove(db: Backend, events: Iterable[str], stale: Stale | None = None) -> None:
    """Stop counting the stored events ``events`` (before their rows are deleted). The pairs whose first or
    last day they held are noted in ``stale``, to settle once the events that replace them are written;
    without ``stale``, they are settled at once from the events that remain."""
    events = set(events)
    now = stale is None
    stale = Stale() if stale is None else stale
    for part in chunks(events):
        for view in VIEWS:
            nodes, edges = _contributions(db, view, part)
            for table, rows, keys in (
                ("agg_net_nodes", [(n, *k) for k, n in nodes.items()], NODE_KEYS),
                ("agg_net_edges", [(v[0], *k) for k, v in edges.items()], EDGE_KEYS),
            ):
                match = " AND ".join(f"{k} = ?" for k in keys)
                db.executemany(f"UPDATE {table} SET n = n - ? WHERE {match}", rows)
                if table == "agg_net_edges":
                    network_degrees.closed(db, list(edges))
                db.executemany(f"DELETE FROM {table} WHERE {match} AND n <= 0", [r[1:] for r in rows])
            _forget_years(db, edges)
            stale.taken(db, edges)
        db.execute(f"DELETE FROM net_crowds WHERE event_id IN ({marks(len(part))})", part)
    if now:
        for key in sorted(set(stale.first) | set(stale.last)):
            _redate(db, key, events)


def _forget_years(db: Backend, edges: dict[tuple, list]) -> None:
    """Take a year's bit out of its pair's all-time ``years`` when the year's row is gone (the events taken
    away were the pair's last of that year)."""
    rows = [
        (~year_bit(int(period)), view, topic, a, b, view, topic, period, a, b)
        for view, topic, period, a, b in edges
        if len(period) == 4 and year_bit(int(period))
    ]
    db.executemany(
        "UPDATE agg_net_edges SET years = years & ? WHERE view = ? AND topic = ? AND period = 'all' AND a = ?"
        " AND b = ? AND NOT EXISTS (SELECT 1 FROM agg_net_edges y WHERE y.view = ? AND y.topic = ? AND y.period = ?"
        " AND y.a = ? AND y.b = ?)",
        rows,
    )


def _contributions(db: Backend, view: str, part: list[str]) -> tuple[dict[tuple, int], dict[tuple, list]]:
    sql = counted_sql(view, f" AND a.event_id IN ({marks(len(part))})")
    return _expand(view, db.query(sql, part))


def _redate(db: Backend, key: tuple, gone: set[str]) -> None:
    """The first and last day of the pair of ``key`` (view, topic, period, a, b), from its events other than
    ``gone``: a month's from its events, then its year's and all time's from the months; a topic's year or all
    time from its events."""
    view, topic, period, a, b = key
    if topic:
        _set_days(db, key, *_days(db, key, period if period != "all" else "", gone))
        return
    if period:
        _set_days(db, key, *_days(db, key, period, gone))
    for whole, like in ((period[:4], period[:4] + "-%"), ("all", "%")):
        if whole:
            row = db.query(
                "SELECT COALESCE(MIN(NULLIF(first_day, '')), ''), COALESCE(MAX(last_day), '') FROM agg_net_edges"
                " WHERE view = ? AND topic = '' AND a = ? AND b = ?"
                " AND (period LIKE ? AND length(period) = 7 OR period = ?)",
                (view, a, b, like, "" if whole == "all" else "-"),
            )[0]
            _set_days(db, (view, topic, whole, a, b), *row)


def _days(db: Backend, key: tuple, prefix: str, gone: set[str]) -> tuple[str, str]:
    """The first and last day, among the days starting with ``prefix`` ("" for all), of the events of the
    pair and topic of ``key`` other than ``gone`` ("", "" when none)."""
    view, topic, _period, a, b = key
    where = " AND a.actor IN (?, ?) AND a.sort_date > ''"
    params: list = [a, b]
    if prefix:
        where += " AND a.sort_date >= ? AND a.sort_date < ?"
        params += [prefix, prefix + "~"]
    if topic:
        where += " AND EXISTS (SELECT 1 FROM event_topics t WHERE t.event_id = a.event_id AND t.topic = ?)"
        params.append(topic)
    rows = db.query(node_rows(view, where), params)
    seen: dict[str, set[str]] = {}
    for event_id, actor, _aff, _day in rows:
        if event_id not in gone:
            seen.setdefault(event_id, set()).add(actor)
    days = sorted(day for event_id, actor, _aff, day in rows if actor == a and len(seen.get(event_id, ())) == 2)
    return (days[0], days[-1]) if days else ("", "")


def _set_days(db: Backend, key: tuple, first: str, last: str) -> None:
    match = " AND ".join(f"{k} = ?" for k in EDGE_KEYS)
    db.execute(f"UPDATE agg_net_edges SET first_day = ?, last_day = ? WHERE {match}", (first, last, *key))
