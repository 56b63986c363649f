"""Bad input: one clear line naming the file, an error record, and the rest of the batch goes on."""

import json
import subprocess
import sys

import pytest

from diplograph.readers import ReadFailure, read_paths

GOOD = "Le ministre russe des Affaires étrangères a reçu son homologue."


def _make(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "name,data,problem",
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x00\x01\x02\x89PNG\x00" * 50, "binary"),
        ("nothing.html", b"<html><body><script>var a=1;</script></body></html>", "no main text"),
        ("big.txt", b"a" * (50 * 1024 * 1024), "too large"),  # the 50 MB text
    ],
)
def test_readers_report_bad_files(tmp_path, name, data, problem):
    path = _make(tmp_path, name, data)
    [item] = list(read_paths([path]))
    assert isinstance(item, ReadFailure)
    assert problem in str(item.error) and str(path) in str(item.error)


def test_readers_detect_legacy_encodings(tmp_path):
    text = "Министр иностранных дел России встретился с коллегой в Москве. Le ministre a rencontre son homologue."
    path = _make(tmp_path, "cp1251.txt", text.encode("cp1251"))
    [doc] = list(read_paths([path]))
    assert "Министр иностранных дел" in doc.text
    latin = _make(
        tmp_path, "latin1.txt", "Le ministre a reçu à Paris son homologue. Élysée, été, façade.".encode("cp1252")
    )
    [doc] = list(read_paths([latin]))
    assert "reçu à Paris" in doc.text


def test_readers_missing_path(tmp_path):
    [item] = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(item, ReadFailure) and "no such file" in str(item.error)


def test_readers_jsonl_broken_line_names_the_line(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        "{broken",
        json.dumps({"id": "c", "text": GOOD, "published": "2021-01-01"}),
    ]
    path = _make(tmp_path, "corpus.jsonl", "\n".join(lines))
    items = list(read_paths([path]))
    assert [getattr(i, "doc_id", None) for i in items] == ["a", "corpus:2", "c"]
    assert isinstance(items[1], ReadFailure) and f"{path}:2" in str(items[1].error)
    assert items[2].published == "2021-01-01"


def test_readers_walk_directories_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    _make(tmp_path, "b.txt", GOOD)
    _make(tmp_path / "sub", "a.txt", GOOD)
    _make(tmp_path, "notes.pdf", b"%PDF")
    assert [d.doc_id for d in read_paths([tmp_path])] == ["b", "a"]


def test_readers_bad_files_in_an_extract_batch_cost_one_record_each(tmp_path):
    good = _make(tmp_path, "good.txt", GOOD)
    empty = _make(tmp_path, "empty.txt", b"")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "diplograph",
            "extract",
            "--no-parser",
            str(good),
            str(empty),
            str(tmp_path / "missing.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["good", "empty", "missing"]
    assert "contacts" in records[0] and "error" in records[1] and "error" in records[2]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("diplograph:")]
    assert len(errors) == 2 and str(empty) in errors[0]
    assert "Traceback" not in proc.stderr
