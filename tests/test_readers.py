"""Bad input: one clear line naming the file, an error record, and the rest of the batch goes on."""

import json
import os
import subprocess
import sys

import pytest

from diplograph.readers import RawDocument, ReadFailure, read_paths

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


FRENCH = (
    "Paris, le 3 mars 2025. Le ministre de l'Europe et des Affaires étrangères a reçu à Paris son homologue "
    "marocain. Les deux ministres se sont félicités de la qualité des relations et ont évoqué la sécurité "
    "au Sahel, la coopération économique et la préparation de la prochaine réunion de haut niveau."
)


@pytest.mark.parametrize(
    "encoding",
    [
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "cp1252",
        "latin-1",
        "iso8859-15",
        "utf-7",
    ],
)
def test_readers_decode_unicode_and_legacy_encodings_like_utf8(tmp_path, encoding):
    # with or without a byte-order mark: "utf-16" writes one, "utf-16-le" does not; the legacy code pages must
    # not be read as their Central European neighbours ("à" is "ŕ" in cp1250, "ą" in cp1257)
    path = _make(tmp_path, f"{encoding}.txt", FRENCH.encode(encoding))
    [doc] = list(read_paths([path]))
    assert isinstance(doc, RawDocument), doc
    assert doc.text == FRENCH


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_readers_decode_cyrillic_code_pages(tmp_path, encoding):
    text = "Министр иностранных дел России Сергей Лавров встретился с коллегой в Москве и обсудил отношения."
    [doc] = list(read_paths([_make(tmp_path, "ru.txt", text.encode(encoding))]))
    assert doc.text == text


def test_readers_utf16_file_extracts_like_its_utf8_original(tmp_path, pipeline):
    utf8 = _make(tmp_path, "a.txt", FRENCH.encode("utf-8"))
    (tmp_path / "wide").mkdir()
    utf16 = _make(tmp_path / "wide", "a.txt", FRENCH.encode("utf-16"))
    first, second = (next(pipeline.pipe(read_paths([p]))) for p in (utf8, utf16))
    assert first.to_dict()["contacts"], "the text reports a contact"
    assert first.to_dict() == second.to_dict()


@pytest.mark.parametrize(
    "line,problem",
    [
        ('{"id": "n", "text": "' + GOOD + '", "x": ' + "9" * 5000 + "}", "unreadable JSON line"),
        ('{"id": "d", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "unreadable JSON line"),
        ('{"id": "t", "text": "' + GOOD + '", "title": ["a", "b"]}', "'title' must be a string"),
        ('{"id": "p", "text": "' + GOOD + '", "published": 20210101}', "'published' must be a string"),
        ('{"id": true, "text": "' + GOOD + '"}', "'id' must be a string or a number"),
        ('{"id": "e", "text": "   "}', "empty 'text'"),
    ],
    ids=["huge-number", "deep-array", "title-list", "published-number", "id-bool", "blank-text"],
)
def test_readers_bad_jsonl_line_is_one_failure_and_the_rest_is_read(tmp_path, line, problem):
    good = json.dumps({"id": "good", "text": GOOD})
    path = _make(tmp_path, "corpus.jsonl", "\n".join([good, line, good.replace("good", "after")]))
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadFailure", "RawDocument"]
    assert problem in str(items[1].error) and f"{path}:2" in str(items[1].error)


def test_readers_lone_surrogates_become_replacement_characters(tmp_path):
    path = _make(tmp_path, "s.jsonl", json.dumps({"id": "s", "text": GOOD + " \ud800 fin.", "title": "\udfff"}))
    [doc] = list(read_paths([path]))
    assert doc.text == GOOD + " \ufffd fin." and doc.title == "\ufffd"
    doc.text.encode("utf-8")  # printable as UTF-8


def test_readers_give_clashing_stems_their_relative_paths(tmp_path):
    for folder, name in [("a", "communique.txt"), ("b", "communique.txt"), ("b", "communique.html"), ("b", "x.txt")]:
        (tmp_path / folder).mkdir(exist_ok=True)
        body = f"<html><body><p>{GOOD}</p></body></html>" if name.endswith(".html") else GOOD
        _make(tmp_path / folder, name, body)
    ids = [d.doc_id for d in read_paths([tmp_path])]
    assert ids == ["a/communique", "b/communique.html", "b/communique.txt", "x"]


def test_readers_report_a_repeated_jsonl_id(tmp_path):
    lines = [json.dumps({"id": i, "text": GOOD}) for i in ("a", "b", "a")]
    items = list(read_paths([_make(tmp_path, "c.jsonl", "\n".join(lines))]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ReadFailure"]
    assert "'a' already used" in str(items[2].error)


def test_readers_refuse_a_named_pipe_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # opening a FIFO for reading blocks until a writer comes: the reader must see it is no regular file first
    [item] = list(read_paths([fifo]))
    assert isinstance(item, ReadFailure) and "not a regular file" in str(item.error)


def test_readers_refuse_a_device_without_reading_it():
    [item] = list(read_paths(["/dev/zero"]))
    assert isinstance(item, ReadFailure) and "not a regular file" in str(item.error)


def test_readers_name_with_undecodable_bytes_gives_a_utf8_id(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"communiqu\xe9.txt")
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode())
    [doc] = list(read_paths([tmp_path]))
    assert doc.doc_id == "communiqu\ufffd" and "\ufffd" in doc.source
    json.dumps(doc.doc_id, ensure_ascii=False).encode("utf-8")


def test_readers_empty_long_attributes_before_reading_html(tmp_path):
    page = f'<html><body><img src="data:image/png;base64,{"A" * 200_000}"><p>{GOOD}</p></body></html>'
    [doc] = list(read_paths([_make(tmp_path, "p.html", page)]))
    assert GOOD in doc.text


def test_readers_say_when_a_folder_holds_nothing_to_read(tmp_path):
    (tmp_path / "empty").mkdir()
    [item] = list(read_paths([tmp_path / "empty"]))
    assert isinstance(item, ReadFailure) and "no .htm" in str(item.error) and "empty" in str(item.error)
