"""The timeline's words (``Filters.q``) select the same events whether few documents hold them (their events
read from the full-text index) or many (each event checked on its own), alone or with other filters; words in
many documents over a large selection are listed but not counted, and the timeline, the map and
``/api/contacts`` say so; on SQLite and PostgreSQL."""

import random

import pytest
from fastapi.testclient import TestClient

from diplograph.store import Filters, Store, summaries
from diplograph.web import create_app

from .conftest import PEOPLE, TOPICS, random_record

N = 40


def text_of(i: int) -> str:
    """Every document holds "commun", the even ones "pair", each its own "seul<i>"."""
    return f"Compte rendu {i}: commun {'pair ' if i % 2 == 0 else ''}seul{i} " + "mot " * 20


@pytest.fixture
def worded(url):
    rng = random.Random(8)
    with Store(url) as store:
        for i in range(N):
            record, _ = random_record(f"doc-{i:02d}", rng)
            store.add_record(record, text_of(i))
    return url


def by_hand(store: Store, f: Filters) -> list[str]:
    """The events ``f`` selects without its words whose source documents' text holds every word of ``f.q``."""
    words = f.q.split()
    texts = dict(store.db.query("SELECT doc_id, text FROM documents"))
    out = []
    for e in store.query(Filters(**{**f.__dict__, "q": None}), limit=None):
        if any(all(w in texts[s["doc_id"]].split() for w in words) for s in e["sources"]):
            out.append(e["event_id"])
    return out


QUERIES = [
    Filters(q="commun"),
    Filters(q="pair"),
    Filters(q="seul7"),
    Filters(q="pair seul4"),
    Filters(q="seul3 seul4"),
    Filters(q="pair", actor="sergey-lavrov"),
    Filters(q="commun", topic="ukraine", medium="phone"),
    Filters(q="seul12", with_="RUS"),
    Filters(q="pair", since="2021-06-01", until="2022-06-30"),
]


@pytest.mark.parametrize("few", [2, 5000])
def test_the_same_events_whether_few_or_many_documents_hold_the_words(worded, few):
    with Store(worded, config={"search": {"few_documents": few}}) as store:
        assert store.common_words("pair") == (few < N // 2)
        for f in QUERIES:
            want = by_hand(store, f)
            assert [e["event_id"] for e in store.query(f, limit=None)] == want, f
            assert store.count(f) == len(want), f
        assert by_hand(store, Filters(q="pair")) and not by_hand(store, Filters(q="seul3 seul4"))


def test_common_words_over_a_large_selection_are_listed_not_counted(worded):
    with Store(worded, config={"search": {"few_documents": 5}}) as store:
        assert summaries.counts(store, Filters(q="pair")) == (None, [])  # 20 documents, every event
        seul7 = len(by_hand(store, Filters(q="seul7")))
        total, months = summaries.counts(store, Filters(q="seul7"))  # one document: counted
        assert total == seul7 > 0 and sum(n for _, n in months) >= total
        small = [  # selections of five events at most are counted, whatever the words
            f for f in (Filters(actor=a, topic=t) for a, _ in PEOPLE if a for t in TOPICS) if 0 < store.count(f) <= 5
        ]
        assert small
        for f in small:
            worded_f = Filters(**{**f.__dict__, "q": "pair"})
            assert summaries.counts(store, worded_f)[0] == len(by_hand(store, worded_f))
    with TestClient(create_app(worded, config={"search": {"few_documents": 5}})) as client:
        page = client.get("/api/contacts", params={"q": "pair", "limit": 3}).json()
        assert page["total"] is None and len(page["items"]) == 3
        assert client.get("/api/contacts", params={"q": "seul7"}).json()["total"] == seul7
        html = client.get("/", params={"q": "pair"}).text
        assert "not counted, since more than 5 documents hold these words" in html
        assert "page 1 of" not in html
        assert client.get("/api/map", params={"q": "pair"}).json()["events_total"] is None
        assert client.get("/api/map", params={"q": "seul7"}).json()["events_total"] == seul7
        assert "Not counted: more than 5 documents hold these words" in client.get("/map?q=pair").text
