"""The web app's fixtures: a store filled from the seeds and the gold documents (and a document whose text
carries HTML), and the app served for real by `diplograph serve` in a subprocess."""

import socket
import subprocess
import sys
import time

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


@pytest.fixture(scope="package")
def db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("web") / "web.sqlite"
    with Store(str(path)) as store:
        for raw in read_paths([SEEDS, OWN_DOCS]):
            store.add_record(pipeline(raw).to_dict(), raw.text)
        store.add_record(pipeline(XSS, doc_id="xss-test", published="2021-03-03").to_dict(), XSS)
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str, *extra: str):
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
    proc, base = _serve(db)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="package")
def ingest_server(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("ingest") / "ingest.sqlite")
    proc, base = _serve(path, "--ingest-token", TOKEN)
    yield base
    proc.terminate()
    proc.wait(10)
