"""Downloads of a page's selection (`GET /api/export`) and the search (`GET /api/search`, the timeline's
words box): each format downloads and parses, with the page's filters; then, served for real, the search box
in headless Chromium finds a seed and its CSV link downloads the contacts it shows."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from diplograph.web import create_app

from .test_pages import SHOTS, browser, page  # noqa: F401 - the browser fixtures

CHOIGOU = "001_ec43f1c64b6f5df1"  # the seed where Le Drian and Parly receive Lavrov and Choïgou
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


def download(client, **params):
    r = client.get("/api/export", params=params)
    assert r.status_code == 200, r.text
    return r


def csv_rows(r) -> list[dict[str, str]]:
    assert r.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(r.text)))


def parquet_rows(r) -> list[dict]:
    return pq.read_table(io.BytesIO(r.content)).to_pylist()


def graph_nodes(r, fmt) -> set[str]:
    root = ET.fromstring(r.content)
    ns = GRAPHML if fmt == "graphml" else GEXF
    return {n.get("id") for n in root.iter(ns + "node")}


def contacts(client, **params):
    found = client.get("/api/contacts", params={**params, "limit": 500}).json()
    assert found["total"] == len(found["items"])
    return found["items"]


@pytest.mark.parametrize("read", [csv_rows, parquet_rows])
@pytest.mark.parametrize(
    "params", [{}, {"actor": "sergey-lavrov"}, {"country": "FRA", "medium": "in_person"}, {"place": "FRA"}]
)
def test_contacts_download_as_a_table_with_the_timelines_filters(client, read, params):
    fmt = "csv" if read is csv_rows else "parquet"
    rows = read(download(client, format=fmt, **params))
    expected = contacts(client, **{("with" if k == "country" else k): v for k, v in params.items()})
    assert expected and [r["event_id"] for r in rows] == [e["event_id"] for e in expected]
    if "actor" in params:
        ids = [r["participant_ids"] for r in rows]
        assert all("sergey-lavrov" in (i if isinstance(i, list) else i.split("; ")) for i in ids)


@pytest.mark.parametrize("read", [csv_rows, parquet_rows])
def test_statements_download_with_the_statements_pages_filters(client, read):
    fmt = "csv" if read is csv_rows else "parquet"
    rows = read(download(client, format=fmt, table="statements", source="RUS", negated=""))
    found = client.get("/api/statements", params={"source": "RUS", "limit": 500}).json()
    assert rows and len(rows) == found["total"]
    assert {r["statement_id"] for r in rows} == {s["statement_id"] for s in found["items"]}
    for r in rows:
        assert "RUS" in (r["source"] if isinstance(r["source"], list) else r["source"].split("; "))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_network_downloads_as_xml_with_the_filters(client, fmt):
    everyone = graph_nodes(download(client, format=fmt), fmt)
    lavrov = graph_nodes(download(client, format=fmt, actor="sergey-lavrov"), fmt)
    met = {p["id"] for e in contacts(client, actor="sergey-lavrov") for p in e["participants"] if p.get("id")}
    assert "sergey-lavrov" in lavrov and met <= lavrov < everyone


@pytest.mark.parametrize(
    "params,name",
    [
        ({"format": "csv"}, "diplograph-contacts.csv"),
        ({"format": "parquet", "actor": "sergey-lavrov", "from": "2021-01-01"}, None),
        ({"format": "csv", "table": "statements", "source": "RUS"}, "diplograph-statements_source-RUS.csv"),
        ({"format": "gexf", "q": "Sergueï Lavrov"}, "diplograph-network_q-Sergue-Lavrov.gexf"),
    ],
)
def test_a_download_is_an_attachment_with_a_telling_file_name(client, params, name):
    r = download(client, **params)
    got = re.fullmatch(r'attachment; filename="([A-Za-z0-9._-]+)"', r.headers["content-disposition"])
    assert got, r.headers["content-disposition"]
    if name:
        assert got.group(1) == name
    else:
        assert got.group(1) == "diplograph-contacts_actor-sergey-lavrov_from-2021-01-01.parquet"


@pytest.mark.parametrize(
    "params,status",
    [
        ({"format": "gexf", "table": "statements"}, 422),
        ({"format": "xlsx"}, 422),
        ({}, 422),
        ({"format": "csv", "from": "yesterday"}, 422),
        ({"format": "csv", "q": '"unclosed'}, 200),
        ({"format": "csv", "q": "NEAR(( OR"}, 200),
    ],
)
def test_a_bad_download_request_is_refused_never_a_500(client, params, status):
    assert client.get("/api/export", params=params).status_code == status


def test_the_words_filter_narrows_the_download(client):
    rows = csv_rows(download(client, format="csv", q="Choïgou"))
    assert rows and all(CHOIGOU in r["doc_ids"].split("; ") for r in rows)
    assert len(rows) < len(csv_rows(download(client, format="csv")))


def test_every_list_page_links_its_downloads(client):
    pages = {
        "/?actor=sergey-lavrov&q=Choigou": "actor=sergey-lavrov&amp;q=Choigou",
        "/?actor=&country=&topic=&medium=&from=&to=&q=Choigou": "q=Choigou",  # the form sent as it is
        "/statements?source=RUS&target=&type=&topic=&negated=&from=&to=": "source=RUS",
        "/statements?source=RUS": "table=statements&amp;source=RUS",
        "/actors/sergey-lavrov": "actor=sergey-lavrov",
    }
    for path, query in pages.items():
        html = client.get(path).text
        links = re.findall(r'href="(/api/export\?[^"]*)"', html)
        assert {re.search(r"format=(\w+)", a).group(1) for a in links} == {"csv", "parquet", "graphml", "gexf"}
        assert all(query in a for a in links if "format=csv" in a or "format=parquet" in a), (path, links)
        for a in links:
            assert client.get(a.replace("&amp;", "&")).status_code == 200, a


# --- search -----------------------------------------------------------------------------------------
@pytest.fixture(params=["db", "pg_db"])
def any_client(request):
    with TestClient(create_app(request.getfixturevalue(request.param))) as c:
        yield c


@pytest.mark.parametrize("q", ["Choïgou", "choigou", "CHOÏGOU Parly"])
def test_search_api_finds_the_seed_on_both_databases(any_client, q):
    found = any_client.get("/api/search", params={"q": q}).json()
    assert [i["doc_id"] for i in found["items"]] == [CHOIGOU] and found["total"] == 1
    snippet = found["items"][0]["snippet"]
    assert any(snippet["text"][a:b] == "Choïgou" for a, b in snippet["marks"])
    assert found["items"][0]["events"]
    timeline = any_client.get("/api/contacts", params={"q": q}).json()
    assert timeline["total"] == len({e["event_id"] for e in found["items"][0]["events"]})


def test_the_timeline_lists_the_documents_holding_the_words_escaped(client):
    html = client.get("/", params={"q": "choigou"}).text
    assert f'data-doc="{CHOIGOU}"' in html and "<mark>Choïgou</mark>" in html
    html = client.get("/", params={"q": "xss"}).text  # the document whose text carries a script
    assert 'data-doc="xss-test"' in html and "__<mark>xss</mark>" in html
    assert "&lt;script&gt;window." in html and "<script>window" not in html


@pytest.mark.parametrize("q", ['"unclosed', "(((", "a OR NOT", "'; DROP TABLE documents; --", "*"])
def test_search_api_takes_any_syntax(any_client, q):
    r = any_client.get("/api/search", params={"q": q})
    assert r.status_code == 200 and r.json()["total"] == len(r.json()["items"])
    assert any_client.get("/", params={"q": q}).status_code == 200


@pytest.mark.slow
def test_the_search_box_finds_a_seed_and_downloads_its_contacts(page, server):  # noqa: F811
    page.goto(server + "/")
    before = page.locator("#timeline li.event").count()
    page.fill('input[name="q"]', "choigou")
    page.click('button[type="submit"]')
    page.wait_for_url("**/?*q=choigou*")
    items = page.locator("#timeline li.event")
    assert 0 < items.count() < before
    text = page.inner_text("#timeline")
    assert "Jean-Yves Le Drian" in text and "Josep Borrell" not in text
    assert "Choïgou" in page.inner_text("#hits mark") and page.locator("#hits li").count() == 1
    page.screenshot(path=str(SHOTS / "timeline-search.png"), full_page=True)
    with page.expect_download() as info:
        page.click('#downloads a:text-is("CSV")')
    download = info.value
    assert download.suggested_filename == "diplograph-contacts_q-choigou.csv"
    with open(download.path(), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == items.count() and all(CHOIGOU in r["doc_ids"].split("; ") for r in rows)
