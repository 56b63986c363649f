"""The map: `GET /api/map` counts the selected contacts by the country where they took place (over the whole
selection, in SQL), the timeline filters by that place, and the `/map` page draws the counts on a world map
from the vendored vector data, in headless Chromium, offline, on the seeds' store and on 10,000 events."""

import json
import shutil
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from conftest import ROOT
from diplograph.store import Filters, Store, places
from diplograph.web.deps import vendor_dir

from . import test_pages
from .conftest import HEADERS, served

browser, page = test_pages.browser, test_pages.page  # the browser fixtures (Chromium, offline checks)
SHOTS = test_pages.SHOTS

NONE = "#eceef1"  # the fill of a country with no contact (static/map.js)
DARKEST = "#08519c"  # that of the countries with the most contacts


def located(client, **params) -> list[dict]:
    """Every contact of a selection with its place, through /api/contacts."""
    found = client.get("/api/contacts", params={**params, "limit": 500}).json()
    assert found["total"] == len(found["items"])
    return found["items"]


# --- the API, in-process --------------------------------------------------------------------------
def test_the_api_counts_every_selected_contact_by_the_country_of_its_place(client):
    data = client.get("/api/map").json()
    items = located(client)
    assert set(data) == {"events_total", "events_located", "countries"}
    assert data["events_total"] == len(items)
    expected: dict[str, int] = {}
    for e in items:
        country = (e.get("location") or {}).get("country")
        if country:
            expected[country] = expected.get(country, 0) + 1
    assert {c["code"]: c["events"] for c in data["countries"]} == expected
    assert data["events_located"] == sum(expected.values()) and 0 < data["events_located"] < data["events_total"]
    ranks = [(-c["events"], c["name"]) for c in data["countries"]]
    assert ranks == sorted(ranks)  # most contacts first, then by name
    names = {c["code"]: c["name"] for c in data["countries"]}
    assert names["FRA"] == "France" and names["TUR"] == "Türkiye"  # the knowledge base's names


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "sergey-lavrov"},
        {"with": "RUS"},
        {"medium": "in_person"},
        {"from": "2021-01-01", "to": "2022-12-31"},
        {"topic": "ukraine"},
        {"medium": "in_person", "topic": "ukraine", "from": "2020-01-01"},
    ],
)
def test_the_api_takes_the_filters_of_the_contacts(client, params):
    data = client.get("/api/map", params=params).json()
    items = located(client, **params)
    assert data["events_total"] == len(items)
    places_of = [(e.get("location") or {}).get("country") for e in items]
    assert data["events_located"] == sum(1 for p in places_of if p)
    assert {c["code"]: c["events"] for c in data["countries"]} == {p: places_of.count(p) for p in set(places_of) if p}


def test_a_country_of_the_map_leads_to_its_contacts(client):
    for c in client.get("/api/map").json()["countries"]:
        items = located(client, place=c["code"])
        assert len(items) == c["events"] and {e["location"]["country"] for e in items} == {c["code"]}
    assert client.get("/api/contacts", params={"place": "TUR", "actor": "nobody"}).json()["total"] == 0
    html = client.get("/", params={"place": "TUR"}).text
    assert "2 contacts that took place in TUR" in html and '<input type="hidden" name="place" value="TUR">' in html
    assert html.count('class="event"') == 2


@pytest.mark.parametrize(
    "path",
    ["/api/map?from=2021-13-01", "/api/map?medium=carrier-pigeon", "/map?to=yesterday", "/api/map?q=" + "x" * 201],
)
def test_bad_filters_answer_422(client, path):
    assert client.get(path).status_code == 422


def test_the_page_lists_the_countries_and_hands_their_counts_to_the_script(client):
    r = client.get("/map", params={"medium": "in_person"})
    assert r.status_code == 200 and {k: r.headers.get(k) for k in HEADERS} == HEADERS
    data = client.get("/api/map", params={"medium": "in_person"}).json()
    html = r.text
    assert f"<strong>{data['events_located']} of {data['events_total']} contacts</strong>" in html
    assert '<a href="/map" class="here">Map</a>' in html  # the nav
    for c in data["countries"]:
        assert f'<a href="/?medium=in_person&amp;place={c["code"]}"' in html
    assert "<script>" not in html and " style=" not in html  # the Content-Security-Policy allows neither
    assert '<script src="/vendor/d3-geo/dist/d3-geo.min.js"></script>' in html


def test_the_vendored_map_data_is_served(client):
    if vendor_dir() is None:
        pytest.skip("node_modules is missing: make setup installs it")
    for path in (
        "/vendor/d3-array/dist/d3-array.min.js",
        "/vendor/d3-geo/dist/d3-geo.min.js",
        "/vendor/topojson-client/dist/topojson-client.min.js",
        "/vendor/world-atlas/countries-110m.json",
        "/vendor/world-countries/countries.json",
    ):
        assert client.get(path).status_code == 200, path


# --- the place column ------------------------------------------------------------------------------
def test_a_store_written_before_the_place_column_gets_it(db, tmp_path):
    """Migration 0007 adds the column to a store with events: they are counted as the records say."""
    old = tmp_path / "old.sqlite"
    shutil.copy(db, old)
    with sqlite3.connect(old) as con:
        con.execute("DROP INDEX events_location")
        con.execute("DROP INDEX events_medium_location")
        con.execute("ALTER TABLE events DROP COLUMN location_country")
        con.execute("DELETE FROM schema_migrations WHERE name = '0007_event_location'")
    with Store(str(old)) as store, Store(db) as fresh:
        assert places.counts(store) == places.counts(fresh)
        assert store.count(Filters(place="FRA")) == fresh.count(Filters(place="FRA")) > 0


def test_postgresql_counts_the_same(db, pg_db):
    with Store(db) as lite, Store(pg_db) as pg:
        for f in (Filters(), Filters(actor="sergey-lavrov"), Filters(medium="in_person", since="2021-01-01")):
            assert places.counts(pg, f) == places.counts(lite, f)
        assert pg.count(Filters(place="TUR")) == lite.count(Filters(place="TUR")) == 2
        assert pg.count(Filters(place="FRA", topic="ukraine")) == lite.count(Filters(place="FRA", topic="ukraine"))


# --- in a real browser ----------------------------------------------------------------------------
def shaded(page) -> dict[str, str]:
    """code → fill of every shape drawn for a country with contacts."""
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#map .counted')].map((n) => [n.dataset.code, n.getAttribute('fill')]))"
    )


@pytest.mark.slow
def test_the_map_shades_the_countries_of_the_seeds_contacts(page, server):
    if vendor_dir() is None:
        pytest.skip("node_modules is missing: make setup installs it")
    data = httpx.get(server + "/api/map").json()
    page.goto(server + "/map")
    page.wait_for_selector('#map-box[data-state="drawn"]')
    assert page.locator("#map .countries path").count() >= 170  # Natural Earth's countries at 1:110m
    fills = shaded(page)
    assert set(fills) == {c["code"] for c in data["countries"]} and NONE not in fills.values()
    most = data["countries"][0]["events"]
    assert {fills[c["code"]] for c in data["countries"] if c["events"] == most} == {DARKEST}
    assert len(set(fills.values())) == len({c["events"] for c in data["countries"]})  # a class per count here
    unshaded = page.evaluate(
        f"() => [...document.querySelectorAll('#map .countries path')].filter((n) => n.getAttribute('fill') === '{NONE}').length"
    )
    assert unshaded > 100
    assert page.locator("#map .countries path[data-code='FRA'] title").text_content() == "France: 2 contacts"
    assert page.locator("#map .countries path[data-code='NZL'] title").text_content() == "New Zealand: no contact"
    legend = page.text_content("#map .legend")
    assert "Contacts there" in legend and "none stated" in legend
    page.screenshot(path=str(SHOTS / "map.png"), full_page=True)
    page.hover("#map .countries path[data-code='TUR']")
    page.click("#map .countries path[data-code='TUR']")
    page.wait_for_url("**/?place=TUR")
    assert page.locator("#timeline li.event").count() == 2
    assert "that took place in TUR" in page.inner_text("#total")


@pytest.mark.slow
def test_the_map_filters_like_the_timeline(page, server):
    if vendor_dir() is None:
        pytest.skip("node_modules is missing: make setup installs it")
    page.goto(server + "/map")
    page.select_option('select[name="medium"]', "in_person")
    page.fill('input[name="from"]', "2021-01-01")
    page.click('#map-form button[type="submit"]')
    page.wait_for_url("**/map?*medium=in_person*")
    page.wait_for_selector('#map-box[data-state="drawn"]')
    data = httpx.get(server + "/api/map", params={"medium": "in_person", "from": "2021-01-01"}).json()
    assert set(shaded(page)) == {c["code"] for c in data["countries"]}
    code = data["countries"][0]["code"]
    page.dispatch_event(f"#map .counted[data-code='{code}']", "click")  # a shape's centre may lie outside it
    page.wait_for_url(f"**/?*place={code}")
    assert page.locator("#timeline li.event").count() == data["countries"][0]["events"]


@pytest.fixture(scope="module")
def big_server(tmp_path_factory, kb):
    """`diplograph serve` on 10,000 synthetic events (benchmarks/make_synthetic_store.py), three in four
    given a place: the country of one of their parties."""
    path = tmp_path_factory.mktemp("map-big") / "big.sqlite"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_synthetic_store.py"), "--events", "10000", "--db", str(path)],
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT event_id, record FROM events ORDER BY event_id").fetchall()
        updates = []
        for i, (event_id, record) in enumerate(rows):
            r = json.loads(record)
            states = sorted({p["affiliation"] for p in r["participants"] if p.get("affiliation") in kb.countries})
            if states and i % 4:
                r["location"] = {"name": "somewhere", "country": states[i % len(states)]}
                updates.append((json.dumps(r, ensure_ascii=False), event_id))
        con.executemany("UPDATE events SET record = ? WHERE event_id = ?", updates)
    with served(str(path)) as base:
        yield base


@pytest.mark.slow
def test_the_map_of_ten_thousand_events(page, big_server):
    if vendor_dir() is None:
        pytest.skip("node_modules is missing: make setup installs it")
    start = time.perf_counter()
    data = httpx.get(big_server + "/api/map", timeout=30).json()
    counted = time.perf_counter() - start
    assert data["events_total"] == 10_000 and 7000 < data["events_located"] <= 7500
    assert sum(c["events"] for c in data["countries"]) == data["events_located"]
    assert counted < 5, counted  # one GROUP BY over an index (about 0.1 s); generous for a loaded machine
    page.goto(big_server + "/map")
    page.wait_for_selector('#map-box[data-state="drawn"]', timeout=30_000)
    assert "of 10,000 contacts" in page.inner_text("#map-counts")
    fills = shaded(page)
    assert len(fills) == len(data["countries"]) and len(set(fills.values())) >= 4  # the classes of the legend
    page.screenshot(path=str(SHOTS / "map-10k.png"), full_page=True)
    code = data["countries"][0]["code"]
    page.dispatch_event(f"#map .counted[data-code='{code}']", "click")
    page.wait_for_url(f"**/?place={code}")
    assert f"{data['countries'][0]['events']} contacts" in page.inner_text("#total")
