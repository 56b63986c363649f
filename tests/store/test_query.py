"""Reading the store: queries and their filters, an event's statements, pandas, explanations."""

import subprocess
import sys

import pytest

import diplograph
from diplograph.store import graph as network_graph
from diplograph.store import summaries


def test_query_filters_and_order(filled):
    store = filled
    lavrov = store.query(actor="sergey-lavrov")
    assert {p["id"] for e in lavrov for p in e["participants"]} >= {
        "josep-borrell",
        "antony-blinken",
        "jean-yves-le-drian",
    }
    assert all(any(p.get("id") == "sergey-lavrov" for p in e["participants"]) for e in lavrov)
    eu = store.query(with_="EU")
    assert eu and all(any(p["affiliation"] == "EU" for p in e["participants"]) for e in eu)
    phone = store.query(medium="phone")
    assert phone and all(e["medium"] == "phone" for e in phone)
    ukraine = store.query(topic="ukraine")
    assert ukraine and all("ukraine" in e["topics"] for e in ukraine)

    def day(e):  # an event's day: its date, else its first report's publication day
        published = min(filter(None, (store.document(s["doc_id"])["published"] for s in e["sources"])), default="")
        return (e["date"] or published or "")[:10]

    window = store.query(since="2024-01-01", until="2024-12-31")
    assert window and all(day(e).startswith("2024") for e in window)
    everything = store.query(limit=None)
    days = [day(e) for e in everything]
    assert days == sorted(days, reverse=True)  # newest first, undated last
    assert store.count(with_="EU") == len(eu)
    first = everything[0]
    assert first["event_id"].startswith("ev-") and first["sources"][0]["doc_id"] and "evidence" in first["sources"][0]


def test_query_statements_of_an_event(filled):
    [event] = filled.query(actor="josep-borrell", with_="RUS", statements=True)
    assert any(s["type"] == "REQUEST" and s["source"] == ["EU"] for s in event["statements"])


def test_summaries_for_the_web_pages(filled):
    store = filled
    months = summaries.months(store)
    assert months and sum(n for _m, n in months) <= store.count()
    lavrov = summaries.actor(store, "sergey-lavrov")
    assert lavrov["events"] == store.count(actor="sergey-lavrov")
    assert {"josep-borrell", "antony-blinken"} <= {c["id"] for c in lavrov["counterparts"]}
    assert summaries.actor(store, "nobody") is None
    assert summaries.actors(store, "lavr")[0]["id"] == "sergey-lavrov"
    assert "ukraine" in summaries.matrix(store)["RUS"]
    graph = network_graph.network(store)
    assert "sergey-lavrov" in {n["id"] for n in graph["nodes"]} and graph["edges"]


def test_python_access_with_pandas(filled_file):
    store = diplograph.open(filled_file)
    df = store.query_df(actor="sergey-lavrov")
    assert len(df) > 0 and len(df) == len(store.query(actor="sergey-lavrov")) and "event_id" in df.columns
    assert all("sergey-lavrov" in ids for ids in df["participant_ids"])
    store.close()


@pytest.mark.slow
def test_explain_an_unknown_event(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "explain", "--db", str(tmp_path / "x.sqlite"), "ev-nothing"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "no event ev-nothing" in proc.stderr
