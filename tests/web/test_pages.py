"""The pages: in-process for their headers and escaping, then served for real (`diplograph serve`) in
headless Chromium driven by Playwright. Screenshots of every page go to test-artifacts/screenshots/."""

import os
import shutil

import httpx
import pytest

from conftest import ROOT
from diplograph.web.pages import segments

from .conftest import HEADERS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-artifacts" / "screenshots"


# --- in-process -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path,status",
    [
        ("/", 200),
        ("/?actor=sergey-lavrov&medium=video", 200),
        ("/network", 200),
        ("/matrix", 200),
        ("/actors/sergey-lavrov", 200),
        ("/actors/nobody", 404),
        ("/docs", 200),
        ("/static/app.css", 200),
        ("/api/contacts", 200),
        ("/?from=not-a-date", 422),
    ],
)
def test_pages_carry_the_security_headers(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    assert {k: r.headers.get(k) for k in HEADERS} == HEADERS


def test_pages_do_not_appear_in_the_api_spec(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths and all(p.startswith("/api/") for p in paths)


def test_a_contact_page_escapes_the_document_text(client):
    event = client.get(
        "/api/contacts", params={"actor": "antony-blinken", "from": "2021-03-03", "to": "2021-03-03"}
    ).json()["items"][0]
    html = client.get(f"/contacts/{event['event_id']}").text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html and "<script>window.__xss" not in html


@pytest.mark.parametrize(
    "text,spans,expected",
    [
        ("abcdef", [], [("abcdef", False)]),
        ("abcdef", [{"start": 1, "end": 3}], [("a", False), ("bc", True), ("def", False)]),
        ("abcdef", [{"start": 0, "end": 6}], [("abcdef", True)]),
        (
            "abcdef",
            [{"start": 2, "end": 4}, {"start": 1, "end": 3}],
            [("a", False), ("bc", True), ("d", True), ("ef", False)],
        ),
        ("abc", [{"start": 2, "end": 2}, {"start": -1, "end": 9}], [("abc", True)]),
    ],
)
def test_segments_cut_the_text_at_the_evidence(text, spans, expected):
    assert segments(text, spans) == expected


# --- in a real browser ----------------------------------------------------------------------------
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


def watched(browser):
    """A browser page that records console errors and every host it sends a request to (checked at the end)."""
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


@pytest.fixture
def page(browser, server):
    yield from watched(browser)


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_actor_and_matrix_pages(page, server):
    page.goto(server + "/actors/sergey-lavrov")
    assert "Antony Blinken" in page.inner_text("#counterparts")
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    page.goto(server + "/matrix")
    row = page.locator("#matrix tr", has=page.locator("th a", has_text="RUS"))
    assert row.count() == 1 and "ukraine" in page.inner_text("#matrix thead")
    page.screenshot(path=str(SHOTS / "matrix.png"), full_page=True)


@pytest.mark.slow
def test_api_docs_are_served_locally(page, server):
    page.goto(server + "/docs")
    page.get_by_text("/api/contacts/{event_id}").first.wait_for()
    page.screenshot(path=str(SHOTS / "api-docs.png"), full_page=False)


@pytest.mark.slow
def test_document_text_is_escaped(page, server):
    event = httpx.get(
        server + "/api/contacts", params={"actor": "antony-blinken", "from": "2021-03-03", "to": "2021-03-03"}
    ).json()["items"][0]
    page.goto(server + f"/contacts/{event['event_id']}")
    assert "<script>window.__xss = 1</script>" in page.inner_text("#sources")
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.screenshot(path=str(SHOTS / "escaped.png"), full_page=True)
