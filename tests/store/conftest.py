"""The store's fixtures: every store test runs against SQLite and against a real PostgreSQL server
(tools/postgres.sh); the seeds and the gold documents are extracted once."""

import os
import random
import uuid

import pytest

from conftest import OWN_DOCS, SEEDS
from diplograph.readers import read_paths
from diplograph.store import Store

PG = os.environ.get("DIPLOGRAPH_TEST_PG")


def _pg_database():
    """A fresh PostgreSQL database on the test server; returns its URL and a function that drops it."""
    import psycopg

    name = "dg_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG.rsplit("/", 1)[0] + "/" + name

    def drop():
        with psycopg.connect(PG, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    if not PG:
        if os.environ.get("DIPLOGRAPH_REQUIRE_PG"):
            pytest.fail("DIPLOGRAPH_TEST_PG is not set although DIPLOGRAPH_REQUIRE_PG is")
        pytest.skip("no PostgreSQL server: export DIPLOGRAPH_TEST_PG=$(tools/postgres.sh)")
    db, drop = _pg_database()
    yield db
    drop()


@pytest.fixture(scope="session")
def records(pipeline):
    """The seeds and the project's gold documents, extracted once: (record, text)."""
    return [(pipeline(raw).to_dict(), raw.text) for raw in read_paths([SEEDS, OWN_DOCS])]


@pytest.fixture
def filled(url, records):
    """A store at ``url`` holding ``records``."""
    with Store(url) as store:
        for record, text in records:
            store.add_record(record, text)
        yield store


@pytest.fixture
def filled_file(records, tmp_path):
    """An SQLite file holding ``records``, closed, for the commands to open."""
    db = str(tmp_path / "s.sqlite")
    with Store(db) as store:
        for record, text in records:
            store.add_record(record, text)
    return db


# --- a store of random documents over 2021 and 2022 (the counts kept at ingest, the network) ------------
PEOPLE = [
    ("sergey-lavrov", "RUS"),
    ("antony-blinken", "USA"),
    ("wang-yi", "CHN"),
    ("jean-yves-le-drian", "FRA"),
    ("catherine-colonna", "FRA"),
    (None, "DEU"),  # a state taking part unnamed
]
TOPICS = ["ukraine", "syria", "relations", "iran-nuclear"]


def random_record(doc_id: str, rng: random.Random) -> tuple[dict, str]:
    """A document of one or two contacts among two to four parties, on days spread over 2021 and 2022 (some
    undated, some dated to a month), with topics."""
    # names and statements drawn apart (from the state rng is in, not advancing it): the contacts stay
    # those the counting tests were written on
    extra = random.Random(f"{doc_id} {rng.getstate()[1][:8]}")
    contacts = []
    for _ in range(rng.choice((1, 1, 2))):
        chosen = rng.sample(PEOPLE, rng.randint(2, 4))
        people = [
            {"id": i, "name": spelling(i, extra) or a, "affiliation": a, "role": "foreign-minister", "wikidata": None}
            for i, a in chosen
        ]
        day = f"202{rng.randint(1, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        contacts.append(
            {
                "medium": rng.choice(["phone", "in_person", None]),
                "status": "occurred",
                "date": rng.choice([day, day, day, day[:7], None]),
                "location": None,
                "participants": people,
                "initiator": None,
                "host": None,
                "topics": rng.sample(TOPICS, rng.randint(0, 2)),
                "evidence": [{"start": 0, "end": 10}],
            }
        )
    published = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.9 else None
    record = {"doc_id": doc_id, "language": "fr", "title": None, "published": published}
    text = f"{doc_id}: " + " ".join(f"mot{rng.randint(0, 10**6)}" for _ in range(40))
    return {**record, "contacts": contacts, "statements": random_statements(extra)}, text


STATES = ["RUS", "USA", "CHN", "FRA", "DEU"]


def spelling(actor_id: str | None, rng: random.Random) -> str | None:
    """One of the ways a text may write a person's name (``sergey-lavrov``, ``Sergey Lavrov``)."""
    return actor_id and rng.choice([actor_id, actor_id.replace("-", " ").title()])


def random_statements(rng: random.Random) -> list[dict]:
    """Zero to three positions between the states of ``PEOPLE``, of a few types, some negated, with topics."""
    out = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        kind = rng.choice(["CONSULT", "DISAPPROVE", "ACCUSE"])
        out.append(
            {
                "type": kind,
                "source": rng.sample(STATES, rng.choice((1, 1, 2))),
                "target": rng.sample(STATES, rng.choice((0, 1, 2))),
                "topics": rng.sample(TOPICS, rng.randint(0, 2)),
                "negated": rng.random() < 0.2,
                "cue": kind.lower(),
                "evidence": {"start": 0, "end": 10},
            }
        )
    return out


def meeting(
    doc_id: str, day: str, topics: list[str], pair=(("sergey-lavrov", "RUS"), ("wang-yi", "CHN"))
) -> tuple[dict, str]:
    """A document of one phone call on ``day`` between the foreign ministers ``pair`` ((id, state), two)."""
    people = [{"id": i, "name": i, "affiliation": a, "role": "foreign-minister", "wikidata": None} for i, a in pair]
    contact = {
        "medium": "phone",
        "status": "occurred",
        "date": day,
        "location": None,
        "participants": people,
        "initiator": None,
        "host": None,
        "topics": topics,
        "evidence": [{"start": 0, "end": 10}],
    }
    record = {"doc_id": doc_id, "language": "fr", "title": None, "published": day, "contacts": [contact]}
    return {**record, "statements": []}, f"{doc_id}: appel du {day} " + doc_id * 20


@pytest.fixture
def spread(url):
    """A store of 120 documents over 2021 and 2022."""
    rng = random.Random(11)
    with Store(url) as store:
        for i in range(120):
            store.add_record(*random_record(f"doc-{i:03d}", rng))
        yield store
