"""The fused store is a function of its documents: any order of ingest, replacement, removal, interruption or
concurrent writers ends in the store a fresh ingest of the final documents gives."""

import json
import random
import signal
import subprocess
import sys
import time

import pytest

from diplograph.store import Store
from diplograph.store.ingest import ingest

SEEDS = [1, 2, 3, 5, 8]
PARTIES = [("sergey-lavrov", "RUS"), ("antony-blinken", "USA"), ("wang-yi", "CHN"), ("jean-yves-le-drian", "FRA")]
WORDS = "le la ministre a rencontré son homologue pour évoquer la situation en Ukraine et la sécurité".split()


def _text(rng: random.Random, n: int = 60) -> list[str]:
    return [rng.choice(WORDS) + str(rng.randint(0, 40)) for _ in range(n)]


def _variant(words: list[str], rng: random.Random, changes: int) -> str:
    """A near-duplicate: ``changes`` words replaced (one word kills five 5-grams: 1 of 60 is ~0.85 alike)."""
    out = list(words)
    for _ in range(changes):
        out[rng.randrange(len(out))] = "autre" + str(rng.randint(0, 999))
    return " ".join(out)


def _record(doc_id: str, rng: random.Random, day: int, parties: list) -> dict:
    """A record of one call or meeting among ``parties`` around February ``day`` 2021, sometimes undated."""
    people = [{"id": i, "name": i, "affiliation": a, "role": "foreign-minister", "wikidata": None} for i, a in parties]
    date = rng.choice([f"2021-02-{day:02d}", f"2021-02-{day:02d}", "2021-02", None])
    contact = {
        "medium": rng.choice(["phone", "phone", "in_person", None]),
        "status": "occurred",
        "date": date,
        "location": None,
        "participants": people,
        "initiator": None,
        "host": None,
        "topics": [rng.choice(["ukraine", "syria", "relations"])],
        "evidence": [{"start": 0, "end": 10}],
    }
    published = f"2021-02-{min(28, day + rng.randint(0, 2)):02d}" if rng.random() < 0.9 else None
    statements = [
        {
            "type": "SUPPORT",
            "source": [parties[0][1]],
            "target": [],
            "topics": [],
            "negated": False,
            "evidence": {"start": 0, "end": 5},
        }
    ]
    return {
        "doc_id": doc_id,
        "language": "fr",
        "title": None,
        "published": published,
        "contacts": [contact],
        "statements": statements,
    }


def corpus(seed: int, n: int = 36) -> dict[str, tuple[dict, str]]:
    """Documents made to stress fusion's order: calls a day apart in chains, subsets of a meeting, undated
    reports, and stories republished with small changes (near-duplicates, some only through a third)."""
    rng = random.Random(seed)
    stories = [_text(rng) for _ in range(6)]
    docs = {}
    for i in range(n):
        k = rng.randint(2, 4) if rng.random() < 0.3 else 2
        parties = rng.sample(PARTIES[:3], k) if k < 4 else list(PARTIES)
        record = _record(f"doc-{seed}-{i:02d}", rng, rng.randint(10, 14), sorted(parties))
        story = rng.randrange(len(stories) + 3)
        text = _variant(stories[story], rng, rng.randint(0, 2)) if story < len(stories) else " ".join(_text(rng))
        docs[record["doc_id"]] = (record, text)
    return docs


def changed(record: dict, text: str, rng: random.Random) -> tuple[dict, str]:
    """Another version of a document: another date, no contact, or a near-duplicate text."""
    how = rng.choice(["date", "empty", "text"])
    if how == "date":
        contact = {**record["contacts"][0], "date": "2021-02-20"}
        return {**record, "contacts": [contact]}, text + " mis à jour"
    if how == "empty":
        return {**record, "contacts": []}, text
    return record, _variant(text.split(), rng, 1)


def snapshot(store: Store) -> dict:
    """Everything fusion decides: each event's record (id, sources, n_sources), each contact's event and reason,
    each document's near-duplicate link."""
    db = store.db
    return {
        "events": dict(db.query("SELECT event_id, record FROM events")),
        "contacts": {c: (e, r) for c, e, r in db.query("SELECT contact_id, event_id, reason FROM contacts")},
        "documents": {
            d: (dup, sim) for d, dup, sim in db.query("SELECT doc_id, duplicate_of, similarity FROM documents")
        },
    }


def canonical_events(store: Store) -> set:
    rows = store.db.query(
        "SELECT c.event_id, c.doc_id, c.position, e.n_sources FROM contacts c JOIN events e ON e.event_id = c.event_id"
    )
    members: dict[str, set] = {}
    for event_id, doc_id, position, n in rows:
        members.setdefault((event_id, n), set()).add((doc_id, position))
    return {(frozenset(m), n) for (_e, n), m in members.items()}


def fill(store: Store, docs: dict) -> None:
    """Store the records of ``docs`` in id order."""
    for doc_id in sorted(docs):
        store.add_record(*docs[doc_id])


def fresh(url: str, docs: dict) -> dict:
    with Store(url) as store:
        fill(store, docs)
        return snapshot(store)


def _fresh_url(url: str, tmp_path, name: str) -> str:
    """A second database beside ``url``, for the fresh ingest (SQLite: another file; PostgreSQL: the same
    database emptied)."""
    return str(tmp_path / f"{name}.sqlite") if "://" not in url else url


def _empty(url: str) -> None:
    if "://" in url:
        with Store(url) as store:
            for table in ("event_topics", "event_actors", "events", "contact_parties", "participants", "contacts"):
                store.db.execute(f"DELETE FROM {table}")
            for table in ("statement_parties", "statements", "doc_bands", "documents"):
                store.db.execute(f"DELETE FROM {table}")
            store.db.commit()


@pytest.mark.parametrize("seed", SEEDS)
def test_store_is_the_same_whatever_the_order_of_changes(url, tmp_path, seed):
    rng = random.Random(seed * 7919)
    docs = corpus(seed)
    extra = corpus(seed + 100, n=6)  # documents added then removed
    steps = []
    for record, text in docs.values():
        if rng.random() < 0.3:  # first another version, then this one (changed, then changed back)
            steps.append(("put", *changed(record, text, rng)))
        steps.append(("put", record, text))
    steps += [("put", *d) for d in extra.values()]
    rng.shuffle(steps)
    # a document's own versions keep their order, the final one last; removals come after each extra's put
    finals = {}
    for i, (_op, record, _text) in enumerate(steps):
        finals[record["doc_id"]] = i
    steps += [("remove", record, None) for record, _ in extra.values()]
    with Store(url) as store:
        for i, (op, record, text) in enumerate(steps):
            if op == "remove":
                assert store.remove(record["doc_id"])
            elif record["doc_id"] in docs and finals[record["doc_id"]] == i:
                store.add_record(*docs[record["doc_id"]])
            else:
                store.add_record(record, text)
        got = snapshot(store)
        events = canonical_events(store)
    _empty(url)
    with Store(_fresh_url(url, tmp_path, "fresh")) as ref:
        for doc_id in sorted(docs, reverse=True):
            ref.add_record(*docs[doc_id])
        want = snapshot(ref)
        assert events == canonical_events(ref)
    assert got == want
    assert any(dup for dup, _sim in want["documents"].values()), "the corpus should have near-duplicates"
    assert any(len(json.loads(r)["sources"]) > 2 for r in want["events"].values()), "and events of several sources"


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_an_interrupted_ingest_resumed_equals_a_fresh_one(url, tmp_path, seed):
    docs = corpus(seed)
    order = list(docs)
    random.Random(seed).shuffle(order)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps({**docs[d][0], "text": docs[d][1]}) + "\n" for d in order), encoding="utf-8")
    stop_at = 5 + seed * 3

    def stop(_doc_id, _outcome, seen=[]):  # noqa: B006 - counts across calls
        seen.append(_doc_id)
        if len(seen) == stop_at:
            raise KeyboardInterrupt

    with Store(url) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [path], batch=3, on_document=stop)
        store.db.rollback()
    with Store(url) as store:
        assert store.db.query("SELECT COUNT(*) FROM documents")[0][0] == (stop_at - 1) // 3 * 3
        counts = ingest(store, [path], batch=3)
        assert counts["failed"] == 0 and counts["unchanged"] == (stop_at - 1) // 3 * 3
        got = snapshot(store)
    _empty(url)
    with Store(_fresh_url(url, tmp_path, "fresh")) as ref:
        ingest(ref, [path])
        assert snapshot(ref) == got


def test_rebuild_repairs_a_store_that_depends_on_its_history(url, tmp_path):
    docs = corpus(4)
    with Store(url) as store:
        fill(store, docs)
        want = snapshot(store)
        # what an older diplograph left: links to the wrong copy, events split and merged at random
        store.db.execute("UPDATE documents SET duplicate_of = NULL, similarity = NULL")
        store.db.execute("UPDATE contacts SET event_id = 'ev-stale'")
        store.db.execute("DELETE FROM contact_parties")
        store.db.commit()
        assert snapshot(store) != want
        store.rebuild()
        assert snapshot(store) == want


def test_a_store_from_before_canonical_fusion_is_rebuilt_when_opened(tmp_path):
    docs = corpus(5)
    db = str(tmp_path / "old.sqlite")
    with Store(db) as store:
        fill(store, docs)
        want = snapshot(store)
        # as the previous schema left it: no candidates table, links and events as history made them
        store.db.execute("DROP TABLE contact_parties")
        store.db.execute("DELETE FROM schema_migrations WHERE name = '0003_contact_parties'")
        store.db.execute("UPDATE documents SET duplicate_of = NULL, similarity = NULL")
        store.db.commit()
    with Store(db) as store:
        assert snapshot(store) == want


def test_ingest_rebuild_option(tmp_path):
    docs = corpus(6)
    db = str(tmp_path / "s.sqlite")
    with Store(db) as store:
        fill(store, docs)
        want = snapshot(store)
        store.db.execute("UPDATE documents SET duplicate_of = NULL, similarity = NULL")
        store.db.commit()
    cmd = [sys.executable, "-m", "diplograph", "ingest", "--rebuild", "--db", db]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"0 added, 0 replaced, 0 unchanged, 0 failed; {len(want['events'])} events" in done.stderr
    with Store(db) as store:
        assert snapshot(store) == want
    bare = subprocess.run([sys.executable, "-m", "diplograph", "ingest", "--db", db], capture_output=True, text=True)
    assert bare.returncode == 2 and "--rebuild" in bare.stderr


def _write_records(path, docs, order) -> None:
    path.write_text("".join(json.dumps({**docs[d][0], "text": docs[d][1]}) + "\n" for d in order), encoding="utf-8")


@pytest.mark.slow
def test_a_killed_ingest_resumed_equals_a_fresh_one(url, tmp_path):
    docs = {**corpus(7, n=60), **corpus(8, n=60)}
    order = sorted(docs, key=lambda d: random.Random(d).random())
    path = tmp_path / "records.jsonl"
    _write_records(path, docs, order)
    Store(url).close()
    cmd = [sys.executable, "-m", "diplograph", "ingest", "-q", "--batch", "4", "--db", url, str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with Store(url, read_only=True) as watch:
        deadline = time.time() + 60
        while time.time() < deadline and watch.db.query("SELECT COUNT(*) FROM documents")[0][0] < 8:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kept = watch.db.query("SELECT COUNT(*) FROM documents")[0][0]
    assert 8 <= kept < len(docs), "the ingest should have been killed mid-run"
    subprocess.run(cmd, check=True)
    with Store(url) as store:
        got = snapshot(store)
    _empty(url)
    assert fresh(_fresh_url(url, tmp_path, "fresh"), docs) == got


@pytest.mark.slow
def test_concurrent_overlapping_ingests_equal_a_fresh_one(url, tmp_path):
    docs = {**corpus(9, n=50), **corpus(10, n=50)}
    ids = sorted(docs)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _write_records(first, docs, ids[:70])
    _write_records(second, docs, list(reversed(ids[30:])))
    Store(url).close()
    procs = [
        subprocess.Popen([sys.executable, "-m", "diplograph", "ingest", "-q", "--batch", "3", "--db", url, str(p)])
        for p in (first, second)
    ]
    assert [p.wait() for p in procs] == [0, 0]
    with Store(url) as store:
        got = snapshot(store)
    _empty(url)
    assert fresh(_fresh_url(url, tmp_path, "fresh"), docs) == got
