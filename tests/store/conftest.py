"""The store's fixtures: every store test runs against SQLite and against a real PostgreSQL server
(tools/postgres.sh); the seeds and the gold documents are extracted once."""

import os
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
