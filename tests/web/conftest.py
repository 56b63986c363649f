"""The web app's fixtures: a store filled from the seeds and the gold documents (and a document whose text
carries HTML), on SQLite and, when a server is given, on PostgreSQL; and the app served for real by
`diplograph serve` in a subprocess."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from conftest import OWN_DOCS, SEEDS
from diplograph.readers import read_paths
from diplograph.store import Store

XSS = (
    "Le ministre russe des Affaires étrangères Sergueï Lavrov s'est entretenu le 3 mars 2021 par téléphone avec "
    "le secrétaire d'État américain Antony Blinken. <script>window.__xss = 1</script>"
    '<img src="x" onerror="window.__xss = 2"> Fin.'
)
TOKEN = "s3cret"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {  # on every response
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PG = os.environ.get("DIPLOGRAPH_TEST_PG")


@pytest.fixture(scope="package")
def records(pipeline):
    """(record, text) of the seeds, the gold documents and the XSS document, extracted once."""
    out = [(pipeline(raw).to_dict(), raw.text) for raw in read_paths([SEEDS, OWN_DOCS])]
    return [*out, (pipeline(XSS, doc_id="xss-test", published="2021-03-03").to_dict(), XSS)]


def _fill(url: str, records) -> str:
    with Store(url) as store:
        for record, text in records:
            store.add_record(record, text)
    return url


@pytest.fixture(scope="package")
def db(tmp_path_factory, records):
    return _fill(str(tmp_path_factory.mktemp("web") / "web.sqlite"), records)


@pytest.fixture(scope="package")
def pg_db(records):
    """The same store in a fresh database of the PostgreSQL server of $DIPLOGRAPH_TEST_PG, dropped after."""
    if not PG:
        if os.environ.get("DIPLOGRAPH_REQUIRE_PG"):
            pytest.fail("DIPLOGRAPH_TEST_PG is not set although DIPLOGRAPH_REQUIRE_PG is")
        pytest.skip("no PostgreSQL server: export DIPLOGRAPH_TEST_PG=$(tools/postgres.sh)")
    import psycopg

    name = "dg_web_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _fill(PG.rsplit("/", 1)[0] + "/" + name, records)
    with psycopg.connect(PG, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(db: str, *extra: str):
    """`diplograph serve` on ``db`` in a subprocess, on a free local port: its base URL, until the block ends."""
    proc, base = _start(db, *extra)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def _start(db: str, *extra: str):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "diplograph", "serve", "--db", db, "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/api/contacts?limit=1", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(proc.stderr.read().decode())


@pytest.fixture(scope="package")
def server(db):
    with served(db) as base:
        yield base


@pytest.fixture(scope="package")
def ingest_server(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("ingest") / "ingest.sqlite")
    with served(path, "--ingest-token", TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def client(db):
    """The app in process, on the seeds' store."""
    from fastapi.testclient import TestClient

    from diplograph.web import create_app

    with TestClient(create_app(db)) as c:
        yield c
