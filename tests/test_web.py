"""The web app, served for real (uvicorn in a subprocess) over a store filled from the seeds and the gold
documents: the JSON API over HTTP, then the pages in headless Chromium driven by Playwright. Screenshots of
every page go to test-artifacts/screenshots/."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

import diplograph
from conftest import OWN_DOCS, ROOT, SEEDS
from diplograph.readers import read_paths
from diplograph.store import Store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-artifacts" / "screenshots"
XSS = (
    "Le ministre russe des Affaires étrangères Sergueï Lavrov s'est entretenu le 3 mars 2021 par téléphone avec "
    "le secrétaire d'État américain Antony Blinken. <script>window.__xss = 1</script>"
    '<img src="x" onerror="window.__xss = 2"> Fin.'
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.sqlite"
    pipeline = diplograph.load()
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


@pytest.fixture(scope="module")
def server(db):
    proc, base = _serve(db)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def ingest_server(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("ingest") / "ingest.sqlite")
    proc, base = _serve(path, "--ingest-token", "s3cret")
    yield base
    proc.terminate()
    proc.wait(10)


# --- the JSON API ---------------------------------------------------------------------------------
def test_api_contacts_filters_and_paging(server):
    page = httpx.get(server + "/api/contacts", params={"actor": "sergey-lavrov"}).json()
    assert set(page) == {"items", "total"} and page["total"] == len(page["items"]) >= 3
    assert all(any(p["id"] == "sergey-lavrov" for p in e["participants"]) for e in page["items"])
    both = httpx.get(server + "/api/contacts", params={"with": "EU", "medium": "video"}).json()
    assert both["total"] >= 1 and all(e["medium"] == "video" for e in both["items"])
    everything = httpx.get(server + "/api/contacts", params={"limit": 5, "offset": 5}).json()
    first = httpx.get(server + "/api/contacts", params={"limit": 10}).json()
    assert [e["event_id"] for e in everything["items"]] == [e["event_id"] for e in first["items"][5:10]]
    assert httpx.get(server + "/api/contacts", params={"limit": 100000}).status_code == 422
    assert httpx.get(server + "/api/contacts", params={"from": "not-a-date"}).status_code == 422


def test_api_contact_actor_document(server):
    event = httpx.get(server + "/api/contacts", params={"actor": "antony-blinken", "medium": "phone"}).json()["items"][
        0
    ]
    one = httpx.get(server + f"/api/contacts/{event['event_id']}").json()
    assert one["event_id"] == event["event_id"] and one["sources"] and "statements" in one
    actors = httpx.get(server + "/api/actors", params={"q": "lavr"}).json()
    assert actors[0]["id"] == "sergey-lavrov"
    lavrov = httpx.get(server + "/api/actors/sergey-lavrov").json()
    assert {"josep-borrell", "antony-blinken"} <= {c["id"] for c in lavrov["counterparts"]}
    doc = httpx.get(server + f"/api/documents/{one['sources'][0]['doc_id']}").json()
    assert doc["text"] and doc["contacts"]
    for missing in ("/api/contacts/ev-none", "/api/actors/nobody", "/api/documents/none"):
        assert httpx.get(server + missing).status_code == 404
    spec = httpx.get(server + "/openapi.json").json()
    assert {
        "/api/contacts",
        "/api/contacts/{event_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/documents/{doc_id}",
        "/api/documents",
    } <= set(spec["paths"])


def test_api_is_read_only_without_a_token(server):
    r = httpx.post(server + "/api/documents", json={"doc_id": "x", "text": "Texte."})
    assert r.status_code == 403


def test_api_ingest_needs_the_bearer_token(ingest_server):
    doc = {"doc_id": "api-doc", "text": XSS, "published": "2021-03-03"}
    assert httpx.post(ingest_server + "/api/documents", json=doc).status_code == 401
    assert (
        httpx.post(ingest_server + "/api/documents", json=doc, headers={"Authorization": "Bearer wrong"}).status_code
        == 401
    )
    r = httpx.post(ingest_server + "/api/documents", json=doc, headers={"Authorization": "Bearer s3cret"}, timeout=60)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["contacts"] and body["event_ids"]
    stored = httpx.get(ingest_server + "/api/documents/api-doc").json()
    assert stored["text"] == XSS


def test_api_bounds_request_bodies(ingest_server):
    big = json.dumps({"doc_id": "big", "text": "x" * (3 * 1024 * 1024)})
    r = httpx.post(
        ingest_server + "/api/documents",
        content=big,
        headers={"Authorization": "Bearer s3cret", "Content-Type": "application/json"},
    )
    assert r.status_code == 413


# --- the pages in a real browser ------------------------------------------------------------------
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("DIPLOGRAPH_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing although DIPLOGRAPH_REQUIRE_BROWSER is set")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A page that records console errors and every host it sends a request to."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.errors, p.hosts = [], set()
    p.on("console", lambda m: p.errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.on("request", lambda r: p.hosts.add(httpx.URL(r.url).host))
    yield p
    assert p.errors == [], p.errors
    assert p.hosts <= {"127.0.0.1"}, p.hosts
    context.close()


def test_timeline_lists_the_seeds_contacts_and_filters(page, server):
    page.goto(server + "/")
    page.screenshot(path=str(SHOTS / "timeline.png"), full_page=True)
    text = page.inner_text("#timeline")
    for name in ("Josep Borrell", "Antony Blinken", "Jean-Yves Le Drian", "Alexandre Loukachenko"):
        assert name in text
    before = page.locator("#timeline li.event").count()
    page.fill('input[name="actor"]', "sergey-lavrov")
    page.select_option('select[name="medium"]', "video")
    page.click('button[type="submit"]')
    page.wait_for_url("**/?actor=sergey-lavrov*")
    items = page.locator("#timeline li.event")
    assert 0 < items.count() < before
    assert "Josep Borrell" in page.inner_text("#timeline") and "Antony Blinken" not in page.inner_text("#timeline")
    page.screenshot(path=str(SHOTS / "timeline-filtered.png"), full_page=True)


def test_a_contact_shows_its_evidence_highlighted(page, server):
    page.goto(server + "/?actor=josep-borrell&with=RUS")
    page.click("#timeline li.event a.open")
    page.wait_for_url("**/contacts/ev-*")
    marks = page.locator("#sources mark.evidence")
    assert marks.count() >= 1
    assert "Lavrov" in marks.first.inner_text()
    assert (
        "video" in page.inner_text("#fields")
        and "CONSULT" in page.inner_text("#fields")
        and "041" in page.inner_text("#fields")
    )
    page.screenshot(path=str(SHOTS / "contact.png"), full_page=True)


def test_network_shows_lavrovs_counterparts(page, server):
    page.goto(server + "/network")
    page.wait_for_selector('#network g.node[data-id="sergey-lavrov"]')
    page.click('#network g.node[data-id="sergey-lavrov"] circle')
    listed = page.inner_text("#panel #counterparts")
    for name in ("Josep Borrell", "Antony Blinken", "Jean-Yves Le Drian"):
        assert name in listed
    page.screenshot(path=str(SHOTS / "network.png"), full_page=True)
    page.click('#panel #counterparts a[data-id="josep-borrell"]')
    page.wait_for_url("**/?actor=sergey-lavrov&with=josep-borrell")
    assert page.locator("#timeline li.event").count() == 1


def test_actor_and_matrix_pages(page, server):
    page.goto(server + "/actors/sergey-lavrov")
    assert "Antony Blinken" in page.inner_text("#counterparts")
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    page.goto(server + "/matrix")
    row = page.locator("#matrix tr", has=page.locator("th a", has_text="RUS"))
    assert row.count() == 1 and "ukraine" in page.inner_text("#matrix thead")
    page.screenshot(path=str(SHOTS / "matrix.png"), full_page=True)


def test_api_docs_are_served_locally(page, server):
    page.goto(server + "/docs")
    page.get_by_text("/api/contacts/{event_id}").first.wait_for()
    page.screenshot(path=str(SHOTS / "api-docs.png"), full_page=False)


def test_document_text_is_escaped(page, server):
    event = httpx.get(
        server + "/api/contacts", params={"actor": "antony-blinken", "from": "2021-03-03", "to": "2021-03-03"}
    ).json()["items"][0]
    page.goto(server + f"/contacts/{event['event_id']}")
    assert "<script>window.__xss = 1</script>" in page.inner_text("#sources")
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.screenshot(path=str(SHOTS / "escaped.png"), full_page=True)
