"""Ingest: idempotent, resumable, reporting through callbacks and printing nothing."""

import json
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import OWN_DOCS, ROOT, SEEDS
from diplograph.errors import StoreError
from diplograph.store import Store
from diplograph.store.ingest import ingest


def _pair(part: str) -> dict:
    """The first fusion pair of benchmarks/eval_fusion.py whose line contains ``part``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import eval_fusion

    return next(json.loads(x) for x in eval_fusion.PAIRS.read_text(encoding="utf-8").splitlines() if part in x)


def test_ingest_is_idempotent_and_replaces_a_changed_document(url, tmp_path, pipeline):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    with Store(url) as store:
        first = ingest(store, [corpus], pipeline=pipeline)
        events = store.count()
        again = ingest(store, [corpus], pipeline=pipeline)
        assert first["added"] == 5 and again == {"added": 0, "replaced": 0, "unchanged": 5, "failed": 0}
        assert store.count() == events
        only_003 = [e for e in store.query(limit=None) if all(s["doc_id"].startswith("003_") for s in e["sources"])]
        assert only_003
        # a changed document replaces its old records: its calls disappear, no duplicate is left behind
        doc = next(corpus.glob("003_*"))
        doc.write_text("Communiqué sans aucun contact diplomatique ni déclaration.\n", encoding="utf-8")
        third = ingest(store, [corpus], pipeline=pipeline)
        assert third["replaced"] == 1
        assert store.query(actor="antony-blinken") == []
        assert store.count() == events - len(only_003)


def test_ingest_reports_every_document_and_prints_nothing(url, tmp_path, pipeline, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    good = sorted(p.stem for p in SEEDS.glob("*.txt"))
    seen, problems = [], []
    with Store(url) as store:
        counts = ingest(
            store, [corpus], pipeline=pipeline, on_document=lambda d, o: seen.append((d, o)), on_error=problems.append
        )
        assert counts == {"added": len(good), "replaced": 0, "unchanged": 0, "failed": 1}
        assert sorted(seen) == sorted([(d, "added") for d in good] + [("empty", "failed")])
        assert problems == [f"{corpus / 'empty.txt'}: empty file"]
        assert all(store.document(d) is not None for d in good) and store.count() > 0
        seen.clear()
        ingest(store, [corpus], pipeline=pipeline, on_document=lambda d, o: seen.append((d, o)))
        assert sorted(o for _d, o in seen) == ["failed"] + ["unchanged"] * len(good)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_ingest_reports_a_bad_record_line_and_stores_the_others(url, tmp_path, capsys):
    pair = _pair("lavrov-blinken-call-fr-en")
    records = tmp_path / "records.jsonl"
    lines = [json.dumps(pair["a"], ensure_ascii=False), "{not json", json.dumps(pair["b"], ensure_ascii=False)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen, problems = [], []
    with Store(url) as store:
        counts = ingest(store, [records], on_document=lambda d, o: seen.append((d, o)), on_error=problems.append)
        assert counts == {"added": 2, "replaced": 0, "unchanged": 0, "failed": 1}
        assert [o for _d, o in seen] == ["added", "failed", "added"]
        [problem] = problems
        assert problem.startswith(f"{records}:2: not an extracted record (") and not problem.startswith("diplograph")
        assert {s["doc_id"] for e in store.query() for s in e["sources"]} == {pair["a"]["doc_id"], pair["b"]["doc_id"]}
    assert capsys.readouterr() == ("", "")


def test_ingest_reads_records_after_a_broken_first_line(url, tmp_path):
    pair = _pair("lavrov-blinken-call-fr-en")
    records = tmp_path / "records.jsonl"
    lines = ['{"doc_id": "cut", "contacts": [', json.dumps(pair["a"], ensure_ascii=False)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = []
    with Store(url) as store:
        counts = ingest(store, [records], on_error=problems.append)
        assert counts["added"] == 1 and counts["failed"] == 1 and len(problems) == 1


@pytest.mark.slow
def test_a_killed_ingest_resumes_without_loss_or_duplicates(url, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    docs = sorted(OWN_DOCS.glob("*.txt"))
    for i in range(6):
        for d in docs:
            (corpus / f"{i}_{d.name}").write_text(d.read_text(encoding="utf-8"), encoding="utf-8")
    total = 6 * len(docs)
    cmd = [sys.executable, "-m", "diplograph", "ingest", "-q", "--no-parser", "--batch", "5", "--db", url, str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    store = None
    deadline = time.time() + 60
    committed = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            store = store or Store(url)
            committed = store.db.query("SELECT COUNT(*) FROM documents")[0][0]
            store.db.rollback()
        except StoreError:
            committed = 0
        if committed >= 5:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 5 <= committed < total, "the ingest should have been killed mid-run"
    with Store(url) as fresh:
        kept = fresh.db.query("SELECT COUNT(*) FROM documents")[0][0]
        assert kept >= committed and kept % 5 == 0  # only whole batches were committed
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with Store(url) as done:
        assert done.db.query("SELECT COUNT(*) FROM documents")[0][0] == total
        contacts = done.db.query("SELECT COUNT(*), COUNT(DISTINCT contact_id) FROM contacts")[0]
        assert contacts[0] == contacts[1]
        per_doc = done.db.query("SELECT doc_id, COUNT(*) FROM contacts GROUP BY doc_id")
        by_name = {}
        for doc_id, n in per_doc:
            by_name.setdefault(doc_id.split("_", 1)[1], set()).add(n)
        assert by_name and all(len(v) == 1 for v in by_name.values())  # every copy has the same contacts, none twice
    if store is not None:
        store.close()


@pytest.mark.slow
def test_ingest_records_printed_by_extract(url, tmp_path):
    """Records from `extract` (or another machine) go in as they are: here one call's French and English
    releases, which fuse into one event."""
    pair = _pair("fr-en")
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(pair[s], ensure_ascii=False) + "\n" for s in ("a", "b")), encoding="utf-8")
    cmd = [sys.executable, "-m", "diplograph", "ingest", "--db", url, str(records)]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True)
    again = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "2 added" in first.stderr and "2 unchanged" in again.stderr
    with Store(url) as store:
        [event] = store.query()
        assert [s["doc_id"] for s in event["sources"]] == [pair["a"]["doc_id"], pair["b"]["doc_id"]]
        assert store.document(pair["b"]["doc_id"])["text"] == pair["b"]["text"]
