"""A page of statements (``Store.statements_page``, read from the index kept at ingest) is what filtering and
sorting every stored statement by hand gives: the same statements in the same order, the same total, for
each filter and their combinations; after documents are replaced and removed; on SQLite and PostgreSQL."""

import itertools
import json
import random

import pytest

from diplograph.store import Store

from .conftest import STATES, TOPICS, random_record

FILTERS = [
    {},
    {"source": "RUS"},
    {"target": "FRA"},
    {"source": "USA", "target": "CHN"},
    {"topic": "ukraine"},
    {"type": "ACCUSE"},
    {"negated": True},
    {"negated": False, "source": "DEU"},
    {"since": "2022-06-01"},
    {"until": "2022-03-31"},
    {"since": "2022-02-01", "until": "2022-02-28", "topic": "syria"},
    {"type": "CONSULT", "topic": "relations", "target": "RUS", "negated": False},
]


def by_hand(store: Store, f: dict) -> list[str]:
    """Every stored statement that ``f`` selects, newest document first, then by document and position."""
    rows = store.db.query(
        "SELECT s.statement_id, s.doc_id, s.position, d.published, s.record FROM statements s"
        " JOIN documents d ON d.doc_id = s.doc_id"
    )
    out = []
    for statement_id, doc_id, position, published, record in rows:
        s, day = json.loads(record), (published or "")[:10]
        if (
            (f.get("source") and f["source"] not in s["source"])
            or (f.get("target") and f["target"] not in s["target"])
            or (f.get("topic") and f["topic"] not in s["topics"])
            or (f.get("type") and f["type"] != s["type"])
            or ("negated" in f and f["negated"] != s["negated"])
            or (f.get("since") and day < f["since"])
            or (f.get("until") and not ("" < day <= f["until"]))
            or (f.get("doc_id") and f["doc_id"] != doc_id)
        ):
            continue
        out.append((published or "", doc_id, position, statement_id))
    out.sort(key=lambda r: (r[1], r[2]))
    out.sort(key=lambda r: r[0], reverse=True)
    return [r[3] for r in out]


def check(store: Store, f: dict) -> None:
    want = by_hand(store, f)
    items, total = store.statements_page(**f, limit=len(want) + 5)
    assert [s["statement_id"] for s in items] == want and total == len(want), f
    items, total = store.statements_page(**f, limit=3, offset=2)
    assert [s["statement_id"] for s in items] == want[2:5] and total == len(want), f


@pytest.fixture
def said(url):
    rng = random.Random(21)
    docs = {f"doc-{i:02d}": random_record(f"doc-{i:02d}", rng) for i in range(50)}
    with Store(url) as store:
        for record, text in docs.values():
            store.add_record(record, text)
        yield store, docs, rng


def test_each_filter_gives_what_sorting_every_statement_gives(said):
    store, docs, _ = said
    assert len(by_hand(store, {})) > 40
    for f in FILTERS:
        check(store, f)
    doc_id = next(d for d, (record, _) in docs.items() if len(record["statements"]) > 1)
    check(store, {"doc_id": doc_id})
    check(store, {"doc_id": doc_id, "type": docs[doc_id][0]["statements"][0]["type"]})


def test_pages_follow_replaced_and_removed_documents(said):
    store, docs, rng = said
    for doc_id in rng.sample(sorted(docs), 12):  # new versions: other statements, another publication date
        store.add_record(random_record(doc_id, rng)[0], docs[doc_id][1] + " (mis à jour)")
    for doc_id in rng.sample(sorted(docs), 10):
        store.remove(doc_id)
    for f in FILTERS:
        check(store, f)
    for source, topic in itertools.product(STATES, TOPICS):
        check(store, {"source": source, "topic": topic})
