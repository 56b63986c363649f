"""The JSON API, in-process (FastAPI's test client) and over HTTP against `diplograph serve` in a subprocess."""

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from diplograph.web import create_app

from .conftest import TOKEN, XSS

WAYS = ["in-process", pytest.param("server", marks=pytest.mark.slow)]


@pytest.fixture(params=WAYS)
def api(request, db):
    """A client of the read-only app over the filled store."""
    if request.param == "in-process":
        with TestClient(create_app(db)) as client:
            yield client
    else:
        with httpx.Client(base_url=request.getfixturevalue("server")) as client:
            yield client


@pytest.fixture(params=WAYS)
def ingest_api(request, tmp_path):
    """A client of an app over an empty store that accepts documents with the token."""
    if request.param == "in-process":
        with TestClient(create_app(str(tmp_path / "ingest.sqlite"), TOKEN)) as client:
            yield client
    else:
        with httpx.Client(base_url=request.getfixturevalue("ingest_server"), timeout=60) as client:
            yield client


def test_api_contacts_filters_and_paging(api):
    page = api.get("/api/contacts", params={"actor": "sergey-lavrov"}).json()
    assert set(page) == {"items", "total"} and page["total"] == len(page["items"]) >= 3
    assert all(any(p["id"] == "sergey-lavrov" for p in e["participants"]) for e in page["items"])
    both = api.get("/api/contacts", params={"with": "EU", "medium": "video"}).json()
    assert both["total"] >= 1 and all(e["medium"] == "video" for e in both["items"])
    everything = api.get("/api/contacts", params={"limit": 5, "offset": 5}).json()
    first = api.get("/api/contacts", params={"limit": 10}).json()
    assert [e["event_id"] for e in everything["items"]] == [e["event_id"] for e in first["items"][5:10]]
    assert api.get("/api/contacts", params={"limit": 100000}).status_code == 422
    assert api.get("/api/contacts", params={"from": "not-a-date"}).status_code == 422


def test_api_contact_actor_document(api):
    event = api.get("/api/contacts", params={"actor": "antony-blinken", "medium": "phone"}).json()["items"][0]
    one = api.get(f"/api/contacts/{event['event_id']}").json()
    assert one["event_id"] == event["event_id"] and one["sources"] and "statements" in one
    actors = api.get("/api/actors", params={"q": "lavr"}).json()
    assert actors[0]["id"] == "sergey-lavrov"
    lavrov = api.get("/api/actors/sergey-lavrov").json()
    assert {"josep-borrell", "antony-blinken"} <= {c["id"] for c in lavrov["counterparts"]}
    doc = api.get(f"/api/documents/{one['sources'][0]['doc_id']}").json()
    assert doc["text"] and doc["contacts"]
    for missing in ("/api/contacts/ev-none", "/api/actors/nobody", "/api/documents/none"):
        assert api.get(missing).status_code == 404
    spec = api.get("/openapi.json").json()
    assert {
        "/api/contacts",
        "/api/contacts/{event_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/documents/{doc_id}",
        "/api/documents",
    } <= set(spec["paths"])


def test_api_network(api):
    graph = api.get("/api/network", params={"with": "RUS"}).json()
    assert "sergey-lavrov" in {n["id"] for n in graph["nodes"]} and graph["edges"]
    assert api.get("/api/network", params={"to": "x"}).status_code == 422
    assert (
        graph["events_total"]
        == graph["events_covered"]
        == api.get("/api/contacts", params={"with": "RUS"}).json()["total"]
    )
    assert graph["view"] == "person" and graph["top"] is None and graph["nodes_total"] == len(graph["nodes"])
    everything = api.get("/api/network").json()
    assert everything["events_total"] == everything["events_covered"] == api.get("/api/contacts").json()["total"]
    countries = api.get("/api/network", params={"view": "country"}).json()
    assert {"RUS", "USA"} <= {n["id"] for n in countries["nodes"]} and "sergey-lavrov" not in str(countries["nodes"])
    top = api.get("/api/network", params={"view": "country", "top": 2}).json()
    assert len(top["nodes"]) == 2 and top["nodes_total"] == len(countries["nodes"]) > 2
    assert top["events_covered"] < top["events_total"] == countries["events_total"]
    assert {e["source"] for e in top["edges"]} | {e["target"] for e in top["edges"]} <= {n["id"] for n in top["nodes"]}
    for bad in ({"view": "planet"}, {"top": 0}, {"top": "x"}, {"limit": 0}, {"after": "not-a-cursor"}):
        assert api.get("/api/network", params=bad).status_code == 422
    assert everything["edges_total"] == len(everything["edges"]) > 3 and everything["edges_next"] is None
    first = api.get("/api/network", params={"limit": 3}).json()
    assert len(first["edges"]) == 3 and first["edges_total"] == everything["edges_total"]
    second = api.get("/api/network", params={"limit": 3, "after": first["edges_next"]}).json()
    assert second["edges"] and not {str(e) for e in second["edges"]} & {str(e) for e in first["edges"]}


def test_api_is_read_only_without_a_token(api):
    r = api.post("/api/documents", json={"doc_id": "x", "text": "Texte."})
    assert r.status_code == 403


def test_api_ingest_needs_the_bearer_token(ingest_api):
    doc = {"doc_id": "api-doc", "text": XSS, "published": "2021-03-03"}
    assert ingest_api.post("/api/documents", json=doc).status_code == 401
    assert ingest_api.post("/api/documents", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = ingest_api.post("/api/documents", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["contacts"] and body["event_ids"]
    stored = ingest_api.get("/api/documents/api-doc").json()
    assert stored["text"] == XSS


def test_api_bounds_request_bodies(ingest_api):
    big = json.dumps({"doc_id": "big", "text": "x" * (3 * 1024 * 1024)})
    r = ingest_api.post(
        "/api/documents",
        content=big,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert r.status_code == 413


def test_api_ingests_an_english_document(ingest_api):
    doc = {
        "doc_id": "api-en",
        "text": "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on June 19, 2023.",
    }
    r = ingest_api.post("/api/documents", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    assert r.json()["event_ids"]
    stored = ingest_api.get("/api/documents/api-en").json()
    assert stored["language"] == "en"
    events = ingest_api.get("/api/contacts", params={"actor": "wang-yi"}).json()
    assert any(s["doc_id"] == "api-en" for e in events["items"] for s in e["sources"])
