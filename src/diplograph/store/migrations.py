"""The store's schema as named migrations, applied in order and recorded in the database.

A migration is never edited once released: a change is a new migration at the end of the list. A database
that records a migration this code does not know comes from a newer diplograph and is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from ..errors import StoreError
from . import aggregates, names, network_counts, network_degrees, statement_keys
from .backend import Backend, describe
from .places import add_column as add_place_column
from .search import create as create_search_index

# name, statements (portable SQL: TEXT, INTEGER, REAL; JSON kept as TEXT)
MIGRATIONS: list[tuple[str, list[str | Callable[[Backend], None]]]] = [
    (
        "0001_documents_contacts_statements",
        [
            """CREATE TABLE documents (
                doc_id TEXT PRIMARY KEY,
                content_hash TEXT NOT NULL,
                language TEXT,
                title TEXT,
                published TEXT,
                text TEXT NOT NULL,
                source TEXT,
                record TEXT NOT NULL,
                signature TEXT,
                duplicate_of TEXT,
                similarity REAL,
                ingested_at TEXT NOT NULL
            )""",
            "CREATE TABLE doc_bands (band TEXT NOT NULL, doc_id TEXT NOT NULL)",
            "CREATE INDEX doc_bands_band ON doc_bands (band)",
            "CREATE INDEX doc_bands_doc ON doc_bands (doc_id)",
            """CREATE TABLE contacts (
                contact_id TEXT PRIMARY KEY,
                doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                event_id TEXT,
                medium TEXT,
                status TEXT,
                date TEXT,
                record TEXT NOT NULL,
                reason TEXT
            )""",
            "CREATE INDEX contacts_doc ON contacts (doc_id)",
            "CREATE INDEX contacts_event ON contacts (event_id)",
            """CREATE TABLE participants (
                contact_id TEXT NOT NULL REFERENCES contacts (contact_id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                actor_id TEXT,
                name TEXT NOT NULL,
                affiliation TEXT,
                role TEXT
            )""",
            "CREATE INDEX participants_contact ON participants (contact_id)",
            """CREATE TABLE statements (
                statement_id TEXT PRIMARY KEY,
                doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                type TEXT NOT NULL,
                negated INTEGER NOT NULL,
                record TEXT NOT NULL
            )""",
            "CREATE INDEX statements_doc ON statements (doc_id)",
            """CREATE TABLE statement_parties (
                statement_id TEXT NOT NULL REFERENCES statements (statement_id) ON DELETE CASCADE,
                side TEXT NOT NULL,
                affiliation TEXT NOT NULL
            )""",
            "CREATE INDEX statement_parties_aff ON statement_parties (affiliation)",
        ],
    ),
    (
        "0002_fused_events",
        [
            """CREATE TABLE events (
                event_id TEXT PRIMARY KEY,
                sort_date TEXT,
                date TEXT,
                medium TEXT,
                status TEXT,
                n_sources INTEGER NOT NULL,
                record TEXT NOT NULL
            )""",
            "CREATE INDEX events_sort ON events (sort_date, event_id)",
            "CREATE INDEX events_medium ON events (medium, sort_date, event_id)",
            """CREATE TABLE event_actors (
                event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
                actor TEXT NOT NULL,
                affiliation TEXT,
                sort_date TEXT
            )""",
            "CREATE INDEX event_actors_actor ON event_actors (actor, sort_date, event_id)",
            "CREATE INDEX event_actors_event ON event_actors (event_id)",
            """CREATE TABLE event_topics (
                event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
                topic TEXT NOT NULL,
                sort_date TEXT
            )""",
            "CREATE INDEX event_topics_topic ON event_topics (topic, sort_date, event_id)",
            "CREATE INDEX event_topics_event ON event_topics (event_id)",
        ],
    ),
    (
        # fusion candidates by contact, not by event: each contact's parties and day, so that the contacts
        # a change touches can be fused again in one canonical order (the rows are filled by Store.rebuild,
        # which a store opened after this migration runs once)
        "0003_contact_parties",
        [
            """CREATE TABLE contact_parties (
                contact_id TEXT NOT NULL REFERENCES contacts (contact_id) ON DELETE CASCADE,
                affiliation TEXT NOT NULL,
                day TEXT NOT NULL
            )""",
            "CREATE INDEX contact_parties_aff ON contact_parties (affiliation, day)",
            "CREATE INDEX contact_parties_contact ON contact_parties (contact_id)",
        ],
    ),
    (
        # what `diplograph watch` has done with each feed item (so that none is ingested twice, across runs
        # and restarts), and the HTTP validators of the feeds and pages it fetched (store/watch.py)
        "0004_watch_state",
        [
            """CREATE TABLE watch_items (
                item_key TEXT PRIMARY KEY,
                doc_id TEXT NOT NULL,
                feed TEXT NOT NULL,
                url TEXT,
                updated TEXT,
                outcome TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                problem TEXT,
                seen_at TEXT NOT NULL
            )""",
            "CREATE INDEX watch_items_url ON watch_items (url)",
            """CREATE TABLE http_validators (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                checked_at TEXT NOT NULL
            )""",
        ],
    ),
    (
        # counts kept at ingest for the pages that sum over every event (store/aggregates.py): topic ×
        # country × month, actor × month, actor × topic, actor × counterpart; filled from the stored events
        "0005_aggregates",
        [*aggregates.MIGRATION, aggregates.fill],
    ),
    (
        # full-text search over the documents (store/search.py): FTS5 in SQLite, a tsvector with a GIN index
        # in PostgreSQL, each built by a function of the dialect, which also indexes the stored documents
        "0006_document_search",
        [create_search_index],
    ),
    (
        # where each event took place (its location's country) as a column the database computes from the
        # record, indexed with the day: the map's counts and the timeline's place filter (store/places.py)
        "0007_event_location",
        [add_place_column],
    ),
    (
        # the contact network counted at ingest per view, period, node and pair (store/network_counts.py),
        # filled from the stored events
        "0008_network_counts",
        [network_counts.create, partial(network_counts.fill, years=False, members=False, degrees=False)],
    ),
    (
        # the years each all-time pair met in, as a bit mask, and an index reading a node's all-time pairs
        # with it: the degrees of a top-N over whole years counted from the all-time rows
        "0009_network_years",
        [*network_counts.YEARS_DDL, network_counts.fill_years],
    ),
    (
        # each multilateral event's set of nodes on its rows of net_crowds, indexed by node: the pairs among a
        # node's counterparts counted by set of nodes from the index alone, filled from the stored events
        "0010_network_crowd_members",
        [*network_counts.MEMBERS_DDL, network_counts.fill_crowds],
    ),
    (
        # each participant id's name, affiliation and role kept at ingest (store/names.py): the pages that
        # name many actors at once read a row each, not every participant row of each
        "0011_actor_names",
        [*names.DDL, names.fill],
    ),
    (
        # statements filed by what they are filtered by, in the list's order (store/statement_keys.py): a
        # page of statements and its count read an index range, not every statement sorted by date
        "0012_statement_keys",
        [*statement_keys.DDL, statement_keys.fill],
    ),
    (
        # each node's degree per view, topic and period, kept as pair rows appear and go
        # (store/network_degrees.py): a network of one period sizes its nodes without reading every pair
        "0013_network_degrees",
        [*network_degrees.DDL, network_degrees.fill],
    ),
]


def migrate(db: Backend) -> list[str]:
    """Apply the migrations the database lacks; returns their names. Refuses a newer schema."""
    if "schema_migrations" not in db.tables():
        db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        db.commit()
    applied = {r[0] for r in db.query("SELECT name FROM schema_migrations")}
    known = [name for name, _ in MIGRATIONS]
    unknown = sorted(applied - set(known))
    if unknown:
        raise StoreError(
            f"{describe(db.url)}: the database has schema migration {unknown[-1]}, newer than this diplograph "
            f"knows (latest {known[-1]}); upgrade diplograph"
        )
    done = []
    for name, statements in MIGRATIONS:
        if name in applied:
            continue
        for sql in statements:
            sql(db) if callable(sql) else db.execute(sql)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, now))
        db.commit()
        done.append(name)
    return done
