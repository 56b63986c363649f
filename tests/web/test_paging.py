"""Actor and country pages list every contact, 50 a page, newest first, with links to the other pages:
in-process, and served for real (`diplograph serve`) in headless Chromium."""

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from diplograph.store import Store
from diplograph.web import create_app

from .conftest import served

N = 130  # Lavrov's contacts: three pages
OTHERS = [("antony-blinken", "USA"), ("wang-yi", "CHN"), ("jean-yves-le-drian", "FRA")]


def _record(i: int) -> tuple[dict, str]:
    """A call between Lavrov and one other minister, every fourth day from 2021-01-01 (never fused)."""
    day = (dt.date(2021, 1, 1) + dt.timedelta(days=4 * i)).isoformat()
    people = [("sergey-lavrov", "RUS"), OTHERS[i % len(OTHERS)]]
    contact = {
        "medium": "phone",
        "status": "occurred",
        "date": day,
        "location": None,
        "participants": [{"id": p, "name": p, "affiliation": a, "role": None, "wikidata": None} for p, a in people],
        "initiator": None,
        "host": None,
        "topics": ["ukraine"] if i % 2 else [],
        "evidence": [{"start": 0, "end": 10}],
    }
    record = {"doc_id": f"call-{i:03d}", "language": "fr", "title": None, "published": day}
    return {**record, "contacts": [contact], "statements": []}, f"Appel numéro {i} entre ministres, le {day}."


@pytest.fixture(scope="module")
def paged_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("paging") / "paging.sqlite")
    with Store(path) as store:
        for i in range(N):
            store.add_record(*_record(i))
    return path


@pytest.fixture(scope="module")
def client(paged_db):
    with TestClient(create_app(paged_db)) as c:
        yield c


def _contacts(html: str) -> list[str]:
    listed = html.split('id="contacts"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'href="/contacts/([^"]+)"', listed)


def _links(html: str) -> dict[str, str]:
    nav = html.split('<nav class="pages">', 1)[1].split("</nav>", 1)[0] if '<nav class="pages">' in html else ""
    return {text: href.replace("&amp;", "&") for href, text in re.findall(r'<a href="([^"]+)">(\w+)</a>', nav)}


@pytest.mark.parametrize("actor", ["sergey-lavrov", "RUS"])
def test_every_contact_is_reached_page_by_page(client, actor):
    every = [e["event_id"] for e in client.get("/api/contacts", params={"actor": actor, "limit": 500}).json()["items"]]
    assert len(every) == N
    seen, url, shown = [], f"/actors/{actor}", []
    while url:
        html = client.get(url).text
        seen += _contacts(html)
        shown.append(re.search(r'id="contacts-shown">([^<]+)<', html).group(1))
        url = _links(html).get("next") and f"/actors/{actor}" + _links(html)["next"]
    assert seen == every  # all of them, newest first, none twice
    assert shown == [f"1–50 of {N}, newest first", f"51–100 of {N}, newest first", f"101–{N} of {N}, newest first"]


def test_pages_link_both_ways(client):
    first, middle, last = (client.get("/actors/sergey-lavrov", params={"page": p}).text for p in (1, 2, 3))
    assert set(_links(first)) == {"next"} and "page 1 of 3" in first
    assert set(_links(middle)) == {"previous", "next"} and "page 2 of 3" in middle
    assert set(_links(last)) == {"previous"} and len(_contacts(last)) == N - 100
    assert _contacts(client.get("/actors/sergey-lavrov" + _links(last)["previous"]).text) == _contacts(middle)


def test_a_page_past_the_last_lists_nothing_and_a_bad_page_is_refused(client):
    past = client.get("/actors/sergey-lavrov", params={"page": 9})
    assert past.status_code == 200 and _contacts(past.text) == []
    assert client.get("/actors/sergey-lavrov", params={"page": 0}).status_code == 422
    assert client.get("/actors/sergey-lavrov", params={"page": "x"}).status_code == 422


def test_a_rare_actor_has_one_page(client):
    html = client.get("/actors/CHN").text
    assert len(_contacts(html)) == N // 3 and '<nav class="pages">' not in html


@pytest.mark.slow
def test_next_page_in_a_browser(paged_db):
    from .test_pages import ARGS, CHROMIUM

    if not __import__("os").path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with served(paged_db) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(base + "/actors/RUS")
            first = page.locator("#contacts li.event a.open").all_inner_texts()
            page.click("nav.pages a:has-text('next')")
            page.wait_for_url("**/actors/RUS?*page=2")
            assert page.inner_text("#contacts-shown") == f"51–100 of {N}, newest first"
            second = page.locator("#contacts li.event a.open").all_inner_texts()
            assert len(first) == len(second) == 50 and first[-1] > second[0]  # dates, newest first
            browser.close()
