"""Full-text search (store/search.py) on SQLite FTS5 and on PostgreSQL's tsvector: what matches, the snippet
and its marks, accents, a document replaced or removed, the timeline's `q` filter, a user's bad syntax, and a
store written before the index existed."""

import random
import string

import pytest

from diplograph.store import Filters, Store
from diplograph.store.search import fold

CHOIGOU = "001_ec43f1c64b6f5df1"  # the seed on Le Drian and Parly receiving Lavrov and Choïgou in Paris
KARABAKH = "002_d4a370d43273cd0c"  # the seed on a Putin–Macron call (Libya, Haut-Karabakh, Ukraine)
LOUKACHENKO = "004_d13b560bd127efb6"  # the seed on Lavrov meeting Loukachenko


def record(doc_id, title, contacts=()):
    return {"doc_id": doc_id, "title": title, "published": "2024-01-08", "language": "fr", "contacts": list(contacts)}


def ids(result):
    return [item["doc_id"] for item in result["items"]]


@pytest.mark.parametrize(
    "q,doc_id", [("Choïgou", CHOIGOU), ("Haut-Karabakh", KARABAKH), ("lavrov loukachenko", LOUKACHENKO)]
)
def test_search_finds_the_document_with_its_snippet_and_events(filled, q, doc_id):
    result = filled.search(q)
    assert ids(result) == [doc_id] and result["total"] == 1
    item = result["items"][0]
    assert item["title"] == filled.document(doc_id)["title"]
    snippet = item["snippet"]
    assert snippet["marks"], snippet
    words = {fold(w) for w in q.split()}
    for start, end in snippet["marks"]:
        assert fold(snippet["text"][start:end]) in words
    contacts = filled.db.query("SELECT DISTINCT event_id FROM contacts WHERE doc_id = ?", (doc_id,))
    assert {e["event_id"] for e in item["events"]} == {r[0] for r in contacts} != set()
    assert all(e["participants"] for e in item["events"])


@pytest.mark.parametrize("q", ["zanzibar", "Loukachenko zanzibar", '"Lavrov Loukachenko"'])
def test_search_without_a_match_is_empty(filled, q):
    assert filled.search(q) == {"query": q, "total": 0, "items": []}


@pytest.mark.parametrize(
    "q,same_as",
    [
        ("choigou", "Choïgou"),
        ("CHOÏGOU", "Choïgou"),
        ("Serguei Lavrov", "Sergueï Lavrov"),
        ("ETRANGERES", "étrangères"),
        ("etrang*", "étrangères"),
    ],
)
def test_search_ignores_accents_and_case(filled, q, same_as):
    expected = filled.search(same_as, limit=100)
    assert expected["total"] > 0
    assert sorted(ids(filled.search(q, limit=100))) == sorted(ids(expected))


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed',
        "Loukachenko)",
        "(",
        "NEAR(a b)",
        "a OR",
        "*",
        "-Lavrov",
        "'; DROP TABLE documents; --",
        "a:* & !b",
        "\\",
        '" "',
        "\x00",
    ],
)
def test_a_users_bad_syntax_is_no_error(filled, q):
    result = filled.search(q)
    assert result["total"] == len(result["items"])
    assert filled.count(Filters(q=q)) >= 0
    assert filled.count() > 0  # nothing was dropped


def test_an_unclosed_quote_still_searches_its_words(filled):
    assert ids(filled.search('"Loukachenko')) == [LOUKACHENKO]


def test_replacing_and_removing_a_document_updates_the_index(url):
    with Store(url) as store:
        store.add_record(record("d1", "Visite à Zanzibar"), "Le ministre s'est rendu à Zanzibar, où il a vu le port.")
        assert ids(store.search("zanzibar")) == ["d1"]
        store.add_record(record("d1", "Visite à Mombasa"), "Le ministre s'est rendu à Mombasa.")
        assert store.search("zanzibar")["total"] == 0
        assert ids(store.search("mombasa")) == ["d1"]
        store.remove("d1")
        assert store.search("mombasa")["total"] == 0
    with Store(url) as again:  # what was committed, read by another connection
        assert again.search("mombasa")["total"] == 0 and again.search("zanzibar")["total"] == 0


def test_the_q_filter_keeps_the_events_of_matching_documents(filled):
    events = filled.query(Filters(q="Choïgou"), limit=None)
    assert events and all(any(s["doc_id"] == CHOIGOU for s in e["sources"]) for e in events)
    assert filled.count(Filters(q="Choïgou")) == len(events) < filled.count()
    names = {p["name"] for e in events for p in e["participants"]}
    assert "Jean-Yves Le Drian" in names
    assert filled.count(Filters(q="Choïgou", medium="phone")) < len(events)  # combined with other filters
    assert filled.count(Filters(q="zanzibar")) == 0 and filled.count(Filters(q="!!!")) == 0


def test_a_store_written_before_the_index_gets_its_documents_indexed(url, records):
    with Store(url) as store:
        for rec, text in records[:6]:
            store.add_record(rec, text)
        expected = store.search("Lavrov", limit=100)["total"]
        # the store as an earlier diplograph left it: no index, migration 0006 not recorded
        for table in ("document_fts", "document_search"):
            if table in store.db.tables():
                store.db.execute(f"DROP TABLE {table}")
        store.db.execute("DELETE FROM schema_migrations WHERE name = '0006_document_search'")
        store.db.commit()
    with Store(url) as reopened:
        assert expected > 0 and reopened.search("Lavrov", limit=100)["total"] == expected


def test_a_document_of_a_million_characters_is_stored_and_found(url):
    rng = random.Random(3)
    words = " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(150_000))
    text = "Ouverture à Zanzibar. " + words  # about a million characters, nearly all distinct words
    with Store(url) as store:
        assert store.add_record(record("huge", "Un très long document"), text)
        assert ids(store.search("zanzibar")) == ["huge"] and ids(store.search("long document")) == ["huge"]
