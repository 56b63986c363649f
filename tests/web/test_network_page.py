"""The network page (Cytoscape.js, served by the app itself under /vendor) and the timeline's time axis:
in-process for what the page says before its script runs, then served for real (`diplograph serve`) in
headless Chromium, on the seed store and on a synthetic store of 10,000 events
(benchmarks/make_synthetic_store.py). Screenshots go to test-artifacts/screenshots/."""

import calendar
import re
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conftest import ROOT

from .conftest import served
from .test_pages import SHOTS, browser, watched  # noqa: F401 - the browser fixture (asked for by name below)

BIG = 10_000  # events of the synthetic store
READY = '#network[data-state="ready"]'
CY = "window.diplograph.network"


# --- in-process -----------------------------------------------------------------------------------
def test_the_page_counts_the_selection_and_starts_at_the_top_100_people(client):
    total = client.get("/api/contacts").json()["total"]
    html = client.get("/network").text
    assert f"<strong>{total:,} events</strong> in the selection" in html and "top 100 people" in html
    assert '<option value="100" selected>' in html and 'data-chosen=""' in html
    html = client.get("/network", params={"top": ""}).text  # the form's "every node", chosen
    assert f"{total:,} of {total:,} events" in html and "every person shown" in html and 'data-chosen="yes"' in html
    html = client.get("/network", params={"view": "country"}).text  # every state and organisation by default
    assert "every country and organisation shown" in html and '<option value="country" selected>' in html
    assert '<script src="/vendor/cytoscape/dist/cytoscape.min.js"></script>' in html
    assert client.get("/vendor/cytoscape/dist/cytoscape.min.js").status_code == 200
    assert client.get("/network", params={"top": "0"}).status_code == 422
    assert client.get("/network", params={"from": "x"}).status_code == 422


def test_without_the_graph_library_the_page_says_so(client, monkeypatch):
    from diplograph.web import pages

    monkeypatch.setattr(pages, "vendor_dir", lambda: None)
    html = client.get("/network").text
    assert "The graph library is missing" in html and "cytoscape.min.js" not in html and "network.js" not in html


def test_network_nodes_carry_their_region(client):
    nodes = {n["id"]: n for n in client.get("/api/network", params={"view": "country"}).json()["nodes"]}
    assert (nodes["RUS"]["region"], nodes["RUS"]["name"]) == ("Europe", "Russia")
    assert nodes["USA"]["region"] == "Americas" and nodes["EU"]["region"] == "International"
    people = {n["id"]: n for n in client.get("/api/network").json()["nodes"]}
    assert people["sergey-lavrov"]["region"] == "Europe" and people["sergey-lavrov"]["affiliation"] == "RUS"


def test_the_timeline_axis_spans_every_date_of_the_selection(client):
    """The month chart counts the selection without its dates (the dates are highlighted on it)."""
    html = client.get("/", params={"from": "2024-05-01", "to": "2024-05-31"}).text
    everything = client.get("/").text
    chart = html.split('id="timeaxis" data-months="', 1)[1].split('"', 1)[0]
    assert chart == everything.split('id="timeaxis" data-months="', 1)[1].split('"', 1)[0] and "2021-" in chart
    assert 'data-from="2024-05-01" data-to="2024-05-31"' in html


# --- in a real browser: the seed store --------------------------------------------------------------
@pytest.fixture
def page(request, server):
    yield from watched(request.getfixturevalue("browser"))


@pytest.fixture
def big_page(request, big_server):
    yield from watched(request.getfixturevalue("browser"))


def ready(p, timeout=60_000):
    p.wait_for_selector(READY, timeout=timeout)
    return p.evaluate(CY + ".nodes().length")


def screen_point(p, js_point: str) -> tuple[float, float]:
    """Where on the page a point of the graph given in rendered (container) coordinates is."""
    box = p.locator("#network").bounding_box()
    x, y = p.evaluate(f"(() => {{ const q = {js_point}; return [q.x, q.y]; }})()")
    return box["x"] + x, box["y"] + y


@pytest.mark.slow
def test_network_draws_the_seed_store_and_lists_counterparts(page, server):
    page.goto(server + "/network")
    assert ready(page) > 10
    assert page.evaluate(CY + ".edges().length") > 10
    zoom, box = page.evaluate(CY + ".zoom()"), page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 30)  # the wheel zooms in
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(200)
    assert page.evaluate(CY + ".zoom()") > zoom
    page.click("#network-fit")
    assert page.evaluate(CY + ".$id('sergey-lavrov').length") == 1
    assert "Affiliations" in page.inner_text("#legend") and "RUS" in page.inner_text("#legend")
    page.mouse.move(*screen_point(page, CY + ".$id('sergey-lavrov').renderedPosition()"))  # pointing at Lavrov
    page.wait_for_selector("#panel #counterparts")
    listed = page.inner_text("#panel #counterparts")
    for name in ("Josep Borrell", "Antony Blinken", "Jean-Yves Le Drian"):
        assert name in listed
    page.screenshot(path=str(SHOTS / "network.png"), full_page=True)
    page.click('#panel #counterparts a[data-id="josep-borrell"]')
    page.wait_for_url("**/?actor=sergey-lavrov&with=josep-borrell")
    assert page.locator("#timeline li.event").count() == 1


@pytest.mark.slow
def test_clicking_a_node_opens_its_actor_page(page, server):
    page.goto(server + "/network")
    ready(page)
    page.mouse.click(*screen_point(page, CY + ".$id('sergey-lavrov').renderedPosition()"))
    page.wait_for_url("**/actors/sergey-lavrov")
    assert "Antony Blinken" in page.inner_text("#counterparts")


@pytest.mark.slow
def test_clicking_a_line_opens_the_contacts_of_the_pair(page, server):
    page.goto(server + "/network?view=country")
    ready(page)
    weights = page.evaluate(CY + ".edges().map((e) => [e.data('source'), e.data('target'), e.data('weight')])")
    weights = {frozenset((a, b)): w for a, b, w in weights}
    # the heaviest line whose middle no node covers
    point = page.evaluate(
        "(() => { const cy = " + CY + ";"
        " const free = (p) => cy.nodes().every((n) => { const b = n.renderedBoundingBox();"
        "   return p.x < b.x1 - 3 || p.x > b.x2 + 3 || p.y < b.y1 - 3 || p.y > b.y2 + 3; });"
        " const edge = cy.edges().sort((a, b) => b.data('weight') - a.data('weight'))"
        "   .filter((e) => free(e.renderedMidpoint()))[0];"
        " const p = edge.renderedMidpoint(); return [p.x, p.y]; })()"
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_url("**/?actor=*&with=*")
    query = parse_qs(urlsplit(page.url).query)
    pair = frozenset((query["actor"][0], query["with"][0]))
    assert pair in weights
    total = int(page.inner_text("#total").split()[0].replace(",", ""))
    assert total == weights[pair] == page.locator("#timeline li.event").count()


def month_span(first: str, last: str) -> list[str]:
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@pytest.mark.slow
def test_the_timeline_month_chart_is_a_time_axis_and_a_bar_sets_the_dates(page, server):
    page.goto(server + "/")
    page.wait_for_selector("#timeaxis svg g.month")
    everything = page.inner_text("#total")
    months = page.eval_on_selector_all(
        "#timeaxis g.month", "(gs) => gs.map((g) => [g.dataset.month, +g.dataset.count])"
    )
    keys = [m for m, _ in months]
    assert keys == month_span(keys[0], keys[-1])  # every month from the first to the last, empty ones included
    assert any(n == 0 for _, n in months) and sum(n for _, n in months) > 0
    # the months touch end to end, each as wide as its number of days
    slots = page.eval_on_selector_all(
        "#timeaxis rect.hit", "(rs) => rs.map((r) => [+r.getAttribute('x'), +r.getAttribute('width')])"
    )
    per_day = slots[0][1] / calendar.monthrange(*map(int, keys[0].split("-")))[1]
    for (x, w), (nx, _), key in zip(slots, slots[1:], keys, strict=False):
        assert abs(x + w - nx) < 0.01
        assert abs(w / calendar.monthrange(*map(int, key.split("-")))[1] - per_day) < 0.01
    page.screenshot(path=str(SHOTS / "timeline-axis.png"), full_page=False)
    month, n = max(months, key=lambda mn: mn[1])
    page.click(f'#timeaxis rect.bar[data-month="{month}"]')
    last = calendar.monthrange(*map(int, month.split("-")))[1]
    page.wait_for_url(f"**/?*from={month}-01*")
    query = parse_qs(urlsplit(page.url).query)
    assert (query["from"], query["to"]) == ([f"{month}-01"], [f"{month}-{last:02d}"]) and "page" not in query
    assert page.input_value('input[name="from"]') == f"{month}-01"
    assert page.input_value('input[name="to"]') == f"{month}-{last:02d}"
    assert page.inner_text("#total").startswith(f"{n} contact")
    page.wait_for_selector("#timeaxis svg")
    assert page.eval_on_selector_all("#timeaxis g.month.in", "(gs) => gs.map((g) => g.dataset.month)") == [month]
    assert len(page.eval_on_selector_all("#timeaxis g.month", "(gs) => gs")) == len(months)  # the whole axis still
    page.screenshot(path=str(SHOTS / "timeline-month.png"), full_page=False)
    page.click("#range-all")  # back to every date, the undated contacts included
    page.wait_for_url(lambda url: "from=&" in url)
    assert page.inner_text("#total") == everything


# --- in a real browser: 10,000 synthetic events -----------------------------------------------------
@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_synthetic_store.py"), "--events", str(BIG), "--db", str(path)],
        check=True,
        capture_output=True,
    )
    return str(path)


@pytest.fixture(scope="module")
def big_server(big_db):
    with served(big_db) as base:
        yield base


def stated(p) -> tuple[int, int]:
    """The "N of M events" the page states."""
    covered, total = p.inner_text("#network-counts strong").removesuffix(" events").split(" of ")
    return int(covered.replace(",", "")), int(total.replace(",", ""))


@pytest.mark.slow
def test_the_country_view_of_10000_events_draws_fast(big_page, big_server):
    start = time.perf_counter()
    big_page.goto(big_server + "/network?view=country")
    nodes = ready(big_page)
    seconds = time.perf_counter() - start
    graph = httpx.get(big_server + "/api/network", params={"view": "country"}).json()
    assert graph["events_total"] == BIG and nodes == len(graph["nodes"]) > 50
    assert big_page.evaluate(CY + ".edges().length") == len(graph["edges"])
    assert stated(big_page) == (BIG, BIG) and "every country and organisation shown" in big_page.inner_text(
        "#network-counts"
    )
    legend = big_page.inner_text("#legend")
    assert "Regions" in legend and "Europe" in legend and "Africa" in legend
    # coloured by region: every node of a region the same colour, the regions apart
    colours = big_page.evaluate(CY + ".nodes().map((n) => [n.data('region'), n.data('color')])")
    by_region = {}
    for region, colour in colours:
        by_region.setdefault(region, set()).add(colour)
    assert all(len(c) == 1 for c in by_region.values()) and len({c.pop() for c in by_region.values()}) == len(by_region)
    big_page.screenshot(path=str(SHOTS / "network-country-10k.png"), full_page=False)
    assert seconds < 30, f"{seconds:.1f} s to draw {nodes} nodes"  # a few seconds, even on a busy machine


@pytest.mark.slow
def test_switching_views_and_the_top_n_change_what_is_counted(big_page, big_server):
    big_page.goto(big_server + "/network")
    assert ready(big_page) == 100  # people: the top 100 by default
    covered, total = stated(big_page)
    assert covered < total == BIG and big_page.inner_text("#network-top") == "100"
    big_page.select_option('select[name="view"]', "country")
    big_page.wait_for_selector('#network[data-view="country"][data-state="ready"]')
    assert "view=country" in big_page.url
    codes = big_page.evaluate(CY + ".nodes().map((n) => n.id())")
    assert codes and all(c.isupper() for c in codes) and stated(big_page) == (BIG, BIG)  # every state shown
    big_page.select_option('select[name="top"]', "10")
    big_page.locator("#network-top").filter(has_text=re.compile("^10$")).wait_for()  # (no eval: the CSP)
    big_page.wait_for_selector(READY)
    assert big_page.evaluate(CY + ".nodes().length") == 10 and "top=10" in big_page.url
    covered, total = stated(big_page)
    graph = httpx.get(big_server + "/api/network", params={"view": "country", "top": 10}).json()
    assert (covered, total) == (graph["events_covered"], BIG) and covered < BIG
    assert "events with none of them left out" in big_page.inner_text("#network-counts")
    big_page.screenshot(path=str(SHOTS / "network-top10-10k.png"), full_page=False)
    big_page.select_option('select[name="view"]', "person")  # the top-N chosen stays
    big_page.wait_for_selector('#network[data-view="person"][data-state="ready"]')
    people = httpx.get(big_server + "/api/network", params={"top": 10}).json()
    assert big_page.evaluate(CY + ".nodes().length") == 10 and stated(big_page) == (people["events_covered"], BIG)
    big_page.reload()  # the address keeps the choices
    assert ready(big_page) == 10 and big_page.input_value('select[name="view"]') == "person"


@pytest.mark.slow
def test_the_range_control_sets_the_timeline_dates(big_page, big_server):
    big_page.goto(big_server + "/")
    big_page.wait_for_selector("#timeaxis svg")
    months = big_page.eval_on_selector_all("#timeaxis g.month", "(gs) => gs.map((g) => g.dataset.month)")
    assert months[0] == "2010-01" and len(months) > 150
    i, j = months.index("2015-01"), months.index("2016-12")
    big_page.evaluate(
        "([i, j]) => { for (const [id, v] of [['range-to', j], ['range-from', i]]) {"
        " const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event('input')); } }",
        [i, j],
    )
    assert big_page.input_value('input[name="from"]') == "2015-01-01"
    assert big_page.input_value('input[name="to"]') == "2016-12-31"
    big_page.eval_on_selector("#range-from", "(s) => s.dispatchEvent(new Event('change'))")
    big_page.wait_for_url("**/?*from=2015-01-01*")
    query = parse_qs(urlsplit(big_page.url).query)
    assert (query["from"], query["to"]) == (["2015-01-01"], ["2016-12-31"])
    expected = httpx.get(big_server + "/api/contacts", params={"from": "2015-01-01", "to": "2016-12-31", "limit": 1})
    assert big_page.inner_text("#total").startswith(f"{expected.json()['total']} contact")
    highlighted = big_page.eval_on_selector_all("#timeaxis g.month.in", "(gs) => gs.map((g) => g.dataset.month)")
    assert highlighted == months[i : j + 1]
    big_page.screenshot(path=str(SHOTS / "timeline-range-10k.png"), full_page=False)


@pytest.mark.slow
def test_the_page_draws_every_link_when_they_come_in_several_pages(page, server):
    # the page asks for the server's pages (100,000 links each); here each of its requests asks for 7
    def smaller(route):
        route.continue_(url=route.request.url + "&limit=7")

    page.route(re.compile(r".*/api/network\?.*"), smaller)
    page.goto(server + "/network?view=country&top=")
    assert ready(page) > 5
    whole = httpx.get(server + "/api/network", params={"view": "country"}).json()
    assert whole["edges_total"] > 14, "three pages or more"
    drawn = page.evaluate(CY + ".edges().map((e) => [e.data('source'), e.data('target'), e.data('weight')].join())")
    assert sorted(drawn) == sorted(",".join([e["source"], e["target"], str(e["weight"])]) for e in whole["edges"])
    assert page.inner_text("#network-drawn").endswith(f"{whole['edges_total']} links")
