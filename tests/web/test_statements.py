"""Statements: `GET /api/statements` (filters, paging, the sentence) and the `/statements` page, in-process."""

import pytest
from fastapi.testclient import TestClient

from diplograph.contract import STATEMENT_TYPES
from diplograph.store import Store
from diplograph.web import create_app
from diplograph.web.pages import cue_pieces

from .conftest import HEADERS

FIELDS = {"statement_id", "type", "source", "target", "topics", "negated", "cue", "plover", "cameo", "doc_id"}
FIELDS |= {"date", "published", "evidence", "document"}


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def everything(client, **params):
    page = client.get("/api/statements", params={**params, "limit": 500}).json()
    assert page["total"] == len(page["items"])
    return page["items"]


def test_items_carry_their_fields_and_their_sentence(client):
    page = client.get("/api/statements", params={"limit": 5}).json()
    assert page["total"] > 50 and len(page["items"]) == 5
    for s in page["items"]:
        assert set(s) == FIELDS and s["type"] in STATEMENT_TYPES
        doc = client.get(f"/api/documents/{s['doc_id']}").json()
        span = s["evidence"]
        assert span["text"] == doc["text"][span["start"] : span["end"]] and span["text"].strip()
        assert s["document"]["title"] == doc.get("title") and s["date"] == (doc.get("published") or "")[:10]
    dates = [s["date"] or "" for s in everything(client)]
    assert dates == sorted(dates, reverse=True)  # newest document first


def test_paging_follows_the_full_list(client):
    ids = [s["statement_id"] for s in everything(client)]
    assert len(ids) == len(set(ids))
    page = client.get("/api/statements", params={"limit": 7, "offset": 10}).json()
    assert [s["statement_id"] for s in page["items"]] == ids[10:17] and page["total"] == len(ids)
    assert client.get("/api/statements", params={"offset": len(ids)}).json()["items"] == []


def test_filters(client):
    rus = everything(client, source="RUS")
    assert rus and all("RUS" in s["source"] for s in rus)
    assert all("UKR" in s["target"] for s in everything(client, target="UKR"))
    accuse = everything(client, type="ACCUSE")
    assert accuse and all(s["type"] == "ACCUSE" for s in accuse)
    ukraine = everything(client, topic="ukraine")
    assert ukraine and all("ukraine" in s["topics"] for s in ukraine)
    every = everything(client)
    assert len(everything(client, topic="ukraine")) == sum("ukraine" in s["topics"] for s in every)
    yes, no = everything(client, negated="true"), everything(client, negated="false")
    assert all(s["negated"] for s in yes) and not any(s["negated"] for s in no) and len(yes) + len(no) == len(every)
    dated = [s["date"] for s in every if s["date"]]
    lo, hi = sorted(dated)[len(dated) // 4], sorted(dated)[3 * len(dated) // 4]
    window = everything(client, **{"from": lo, "to": hi})
    assert window and all(lo <= s["date"] <= hi for s in window)
    assert len(window) == sum(lo <= d <= hi for d in dated)
    both = everything(client, source="RUS", type=rus[0]["type"])
    assert both and all("RUS" in s["source"] and s["type"] == rus[0]["type"] for s in both)
    doc = everything(client, doc=rus[0]["doc_id"])
    assert {s["doc_id"] for s in doc} == {rus[0]["doc_id"]}
    assert client.get("/api/statements", params={"source": "XXX"}).json() == {"items": [], "total": 0}


@pytest.mark.parametrize(
    "params",
    [
        {"type": "PRAISE"},
        {"negated": "maybe"},
        {"negated": "yes"},
        {"from": "not-a-date"},
        {"to": "2021-02-30"},
        {"limit": 0},
        {"limit": 501},
        {"offset": -1},
        {"source": "x" * 201},
    ],
)
def test_bad_parameters_are_refused(client, params):
    assert client.get("/api/statements", params=params).status_code == 422


def test_the_route_is_in_the_api_spec(client):
    spec = client.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/statements"]["get"]["parameters"]}
    assert {"source", "target", "type", "topic", "from", "to", "negated", "limit", "offset"} <= names


def test_the_page_lists_statements_with_the_cue_marked(client):
    r = client.get("/statements")
    assert r.status_code == 200 and all(r.headers[k] == v for k, v in HEADERS.items())
    assert 'href="/statements" class="here"' in r.text and '<mark class="evidence">' in r.text
    assert 'href="?&page=2">next</a>' in r.text or 'href="?page=2">next</a>' in r.text
    first = client.get("/api/statements", params={"limit": 1}).json()["items"][0]
    assert f'data-statement="{first["statement_id"]}"' in r.text
    page2 = client.get("/statements", params={"page": 2})
    assert page2.status_code == 200 and f'data-statement="{first["statement_id"]}"' not in page2.text
    rus = client.get("/statements", params={"source": "RUS", "type": "ACCUSE", "negated": "false"})
    total = client.get("/api/statements", params={"source": "RUS", "type": "ACCUSE", "negated": "false"}).json()
    assert rus.status_code == 200 and rus.text.count("data-statement=") == total["total"]
    assert client.get("/statements", params={"source": "XXX"}).text.count("No statement matches") == 1


@pytest.mark.parametrize("params", [{"type": "PRAISE"}, {"negated": "maybe"}, {"from": "x"}, {"page": 0}])
def test_the_page_refuses_bad_filters(client, params):
    assert client.get("/statements", params=params).status_code == 422


def test_the_actor_page_links_statements_to_their_sentences(client):
    html = client.get("/actors/sergey-lavrov").text
    assert 'href="/statements?source=RUS"' in html and 'class="sentence" href="/statements?doc=' in html
    link = html.split('class="sentence" href="', 1)[1].split('"', 1)[0]
    path, anchor = link.split("#", 1)
    page = client.get(path.replace("&amp;", "&"))
    assert page.status_code == 200 and f'id="{anchor}"' in page.text


@pytest.mark.parametrize(
    ("sentence", "cue", "kinds"),
    [
        ("Il a salué l'accord.", "salué", ["context", "sentence", "cue", "sentence", "context"]),
        ("Il a SALUÉ l'accord.", "salué", ["context", "sentence", "cue", "sentence", "context"]),
        ("Il a salué l'accord.", "absent", ["context", "sentence", "context"]),
        ("Salué.", "salué", ["context", "cue", "sentence", "context"]),
    ],
)
def test_cue_pieces(sentence, cue, kinds):
    item = {"before": "Avant. ", "after": " Après.", "evidence": {"text": sentence}, "cue": cue}
    pieces = cue_pieces(item)
    assert [k for _, k in pieces] == kinds and "".join(p for p, _ in pieces) == "Avant. " + sentence + " Après."


def test_the_store_pages_the_same_on_postgresql(db, pg_db):
    """The same statements, filters and order on PostgreSQL as on SQLite (skipped without a server)."""
    for kw in [{}, {"source": "RUS"}, {"topic": "ukraine"}, {"negated": True}, {"since": "2022-01-01"}]:
        with Store(db, read_only=True) as lite, Store(pg_db, read_only=True) as pg:
            a, b = lite.statements_page(**kw, limit=500), pg.statements_page(**kw, limit=500)
        assert [s["statement_id"] for s in a[0]] == [s["statement_id"] for s in b[0]] and a[1] == b[1]
