"""WARC archives: each HTML page of an archive is one document; everything else is skipped and counted.

The archives are written here with warcio's own writer: two HTML pages (a French and an English readout of a
minister receiving a counterpart), a PDF, a 404, a redirect, a request and the archive's warcinfo record.
"""

import gzip
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diplograph.readers import RawDocument, ReadFailure, ReadSummary, read_paths
from diplograph.warc import read_warc_file, short_id

FR_URL = "https://www.diplomatie.example/fr/actualites/entretien-barrot-albares"
EN_URL = "https://www.fco.example/news/foreign-secretary-meets-indian-counterpart"
FR_ID = "<urn:uuid:2f6a8c4e-9b1d-4f3a-8c2e-0123456789ab>"
EN_ID = "<urn:uuid:7c1d9e20-4b3a-4e8f-9a6b-fedcba987654>"
FR_DATE = "2024-03-08T09:15:00Z"
EN_DATE = "2024-03-12T16:40:00Z"

FR_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Espagne - Entretien de M. Jean-Noël Barrot avec son homologue espagnol (7 mars 2024)</title></head>
<body><nav><a href="/">Accueil</a> | <a href="/actualites">Actualités</a></nav>
<article><h1>Espagne - Entretien de M. Jean-Noël Barrot avec son homologue espagnol (7 mars 2024)</h1>
<p>Le ministre de l'Europe et des Affaires étrangères, M. Jean-Noël Barrot, a reçu jeudi à Paris son homologue
espagnol, M. José Manuel Albares, pour un entretien consacré aux relations bilatérales.</p>
<p>Les deux ministres ont passé en revue la coopération entre la France et l'Espagne en matière de transports et
d'énergie, et ont évoqué la situation au Proche-Orient. Ils sont convenus de se retrouver à Madrid avant
l'été.</p></article><footer>Mentions légales</footer></body></html>"""

EN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Foreign Secretary meets Indian External Affairs Minister</title></head>
<body><header>Skip to main content</header><main>
<h1>Foreign Secretary meets Indian External Affairs Minister</h1>
<p>The Foreign Secretary, David Cameron, received the Indian External Affairs Minister, Subrahmanyam
Jaishankar, in London on 11 March 2024 for talks on trade, technology and security in the Indo-Pacific.</p>
<p>The two ministers discussed the free trade agreement under negotiation and agreed to deepen cooperation on
climate finance. They also exchanged views on the situation in Ukraine.</p></main>
<footer>Cookies</footer></body></html>"""


def _response(writer, url, status, content_type, body, record_id=None, date=None, extra=()):
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers + list(extra), protocol="HTTP/1.1")
    warc_headers = {}
    if record_id:
        warc_headers["WARC-Record-ID"] = record_id
    if date:
        warc_headers["WARC-Date"] = date
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers or None
    )


def write_warc(path: Path, gz: bool) -> Path:
    """An archive of two pages and five records that are none."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "diplograph tests"}))
        request = StatusAndHeaders(
            "GET /fr/actualites HTTP/1.1", [("Host", "www.diplomatie.example")], is_http_request=True
        )
        w.write_record(w.create_warc_record(FR_URL, "request", payload=io.BytesIO(b""), http_headers=request))
        w.write_record(_response(w, FR_URL, "200 OK", "text/html; charset=utf-8", FR_PAGE.encode(), FR_ID, FR_DATE))
        w.write_record(_response(w, "https://www.diplomatie.example/x.pdf", "200 OK", "application/pdf", b"%PDF-1.4 x"))
        w.write_record(_response(w, "https://www.fco.example/gone", "404 Not Found", "text/html", b"<p>Not found</p>"))
        moved = [("Location", EN_URL)]
        w.write_record(_response(w, "https://www.fco.example/old", "301 Moved Permanently", None, b"", extra=moved))
        w.write_record(_response(w, EN_URL, "200 OK", "application/xhtml+xml", EN_PAGE.encode(), EN_ID, EN_DATE))
    return path


SKIPS = "2 pages read, 5 records skipped (2 not 200, 1 not HTML, 1 warcinfo, 1 request)"


def run(*args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "diplograph", *map(str, args)], capture_output=True, text=True, check=check
    )


@pytest.fixture(params=["crawl.warc.gz", "crawl.warc"])
def archive(request, tmp_path) -> Path:
    return write_warc(tmp_path / request.param, gz=request.param.endswith(".gz"))


def test_warc_reader_yields_each_html_page_and_counts_the_rest(archive):
    notes = []
    docs = list(read_paths([archive], on_note=notes.append))
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.doc_id for d in docs] == ["crawl:2f6a8c4e-9b1d-4f3a", "crawl:7c1d9e20-4b3a-4e8f"]
    assert [d.url for d in docs] == [FR_URL, EN_URL]
    assert [d.fallback_published for d in docs] == [FR_DATE, EN_DATE]
    assert [d.published for d in docs] == [None, None]  # the archive date is a fallback, never a stated date
    assert docs[0].source == f"{archive}#{FR_ID.strip('<>')}"
    assert all(d.extracted for d in docs)
    assert "Accueil" not in docs[0].text and "M. José Manuel Albares" in docs[0].text
    [note] = notes
    assert isinstance(note, ReadSummary) and str(note) == f"{archive}: {SKIPS}"


@pytest.mark.parametrize(
    "record_id,expected",
    [
        ("urn:uuid:2F6A8C4E-9B1D-4F3A-8C2E-0123456789AB", "2f6a8c4e-9b1d-4f3a"),  # a prefix that finds the record
        ("urn:X-crawler:20240308091500:42", hashlib.sha1(b"urn:X-crawler:20240308091500:42").hexdigest()[:16]),
        ("", "@512"),  # no record id: the record's byte offset
    ],
)
def test_warc_short_id_is_stable_and_readable(record_id, expected):
    assert short_id(record_id, 512) == expected


def test_warc_page_over_the_byte_limit_fails_alone(tmp_path):
    path = write_warc(tmp_path / "big.warc.gz", gz=True)
    items = list(read_warc_file(path, max_bytes=len(EN_PAGE.encode()) + 1, on_note=lambda n: None))
    # the French page is the larger one: it alone fails, and the archive goes on
    assert [type(i).__name__ for i in items] == ["ReadFailure", "RawDocument"]
    assert "page too large" in str(items[0].error) and FR_URL in str(items[0].error)


@pytest.mark.parametrize(
    "body,encoding,expected",
    [
        (gzip.compress(EN_PAGE.encode()), "gzip", "Jaishankar"),  # the body as the server sent it, compressed
        (b"<html><body><script>var a = 1;</script></body></html>", None, "HTML page with no main text"),
        (b"", None, "empty file"),
    ],
)
def test_warc_page_is_read_as_an_html_file_is(body, encoding, expected, tmp_path):
    path = tmp_path / "one.warc"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gz=False)
        extra = [("Content-Encoding", encoding)] if encoding else []
        w.write_record(_response(w, EN_URL, "200 OK", "text/html", body, EN_ID, EN_DATE, extra))
    notes = []
    [item] = list(read_warc_file(path, on_note=notes.append))
    if isinstance(item, RawDocument):
        assert expected in item.text and str(notes[0]).endswith("1 page read, 0 records skipped")
    else:  # the page's failure names the archive, the record, the problem and the page's address
        assert str(item.error) == f"{path}#{EN_ID.strip('<>')}: {expected} ({EN_URL})"
        assert item.doc_id == "one:7c1d9e20-4b3a-4e8f" and str(notes[0]).endswith(
            "0 pages read, 1 failed, 0 records skipped"
        )


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
def test_warc_truncated_archive_keeps_the_pages_before_and_says_so(name, tmp_path):
    whole = write_warc(tmp_path / ("whole" + name[3:]), gz=name.endswith(".gz")).read_bytes()
    cut = tmp_path / name
    cut.write_bytes(whole[: len(whole) - 40])  # inside the last record, the English page
    notes = []
    items = list(read_paths([cut], on_note=notes.append))
    assert [type(i) for i in items] == [RawDocument, ReadFailure]
    assert items[0].url == FR_URL
    assert str(items[1].error).startswith(f"{cut}: archive cut short")
    assert str(notes[0]).startswith(f"{cut}: 1 page read, 5 records skipped")


@pytest.mark.parametrize(
    "content,problem",
    [(b"", "empty file"), (b"<html><p>not an archive</p></html>", "archive cut short or corrupt")],
)
def test_warc_unreadable_archive_is_one_failure_and_the_batch_goes_on(content, problem, tmp_path):
    bad = tmp_path / "a.warc"
    bad.write_bytes(content)
    good = write_warc(tmp_path / "b.warc.gz", gz=True)
    items = list(read_paths([bad, good], on_note=lambda n: None))
    assert isinstance(items[0], ReadFailure) and str(items[0].error).startswith(f"{bad}: {problem}")
    assert [type(i) for i in items[1:]] == [RawDocument, RawDocument]


def test_warc_archives_in_a_folder_are_found_and_named_by_their_stem(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_warc(tmp_path / "a" / "crawl.warc.gz", gz=True)
    write_warc(tmp_path / "b" / "crawl.warc", gz=False)
    ids = [d.doc_id for d in read_paths([tmp_path], on_note=lambda n: None)]
    assert ids == [
        "a/crawl:2f6a8c4e-9b1d-4f3a",
        "a/crawl:7c1d9e20-4b3a-4e8f",
        "b/crawl:2f6a8c4e-9b1d-4f3a",
        "b/crawl:7c1d9e20-4b3a-4e8f",
    ]


@pytest.mark.slow
def test_warc_extract_prints_the_two_pages_with_contacts_and_offsets(archive):
    proc = run("extract", "--no-parser", archive)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["crawl:2f6a8c4e-9b1d-4f3a", "crawl:7c1d9e20-4b3a-4e8f"]
    fr, en = records
    assert fr["language"] == "fr" and en["language"] == "en"
    assert {p["id"] for p in fr["contacts"][0]["participants"]} >= {"jean-noel-barrot", "jose-manuel-albares"}
    assert {p["affiliation"] for p in en["contacts"][0]["participants"]} >= {"GBR", "IND"}
    for record in records:
        for contact in record["contacts"]:
            for span in contact["evidence"]:  # offsets point into the page's extracted text, which the record keeps
                assert 0 <= span["start"] < span["end"] <= len(record["text"])
        quoted = [record["text"][s["start"] : s["end"]] for c in record["contacts"] for s in c["evidence"]]
        assert any("Albares" in q or "Jaishankar" in q for q in quoted)
    assert fr["published"] == "2024-03-07"  # stated in the page's title: the page wins over the archive date
    assert f"{archive}: {SKIPS}" in proc.stderr


@pytest.mark.slow
def test_warc_extract_of_a_truncated_archive_prints_the_pages_before_and_one_error(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz", gz=True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 40])
    proc = run("extract", "--no-parser", cut, check=False)
    assert proc.returncode == 2
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r.get("doc_id") for r in records] == ["cut:2f6a8c4e-9b1d-4f3a", "cut"]
    assert "error" in records[1]
    lines = proc.stderr.splitlines()
    assert [ln for ln in lines if "cut short" in ln] == [f"diplograph: {records[1]['error']}"]
    assert records[1]["error"].startswith(f"{cut}: archive cut short in the record at byte ")
    assert f"{cut}: 1 page read, 5 records skipped" in proc.stderr


@pytest.mark.slow
def test_warc_ingest_stores_the_pages_and_again_changes_nothing(archive, tmp_path):
    db = tmp_path / "store.sqlite"
    first = run("ingest", "--no-parser", "--db", db, archive)
    assert "2 added, 0 replaced, 0 unchanged, 0 failed" in first.stderr
    again = run("ingest", "--no-parser", "--db", db, archive)
    assert "0 added, 0 replaced, 2 unchanged, 0 failed" in again.stderr
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT doc_id, source FROM documents ORDER BY doc_id").fetchall()
    assert rows == [
        ("crawl:2f6a8c4e-9b1d-4f3a", f"{archive}#{FR_ID.strip('<>')}"),
        ("crawl:7c1d9e20-4b3a-4e8f", f"{archive}#{EN_ID.strip('<>')}"),
    ]


@pytest.mark.slow
def test_warc_extract_says_where_published_comes_from(tmp_path):
    archive = write_warc(tmp_path / "crawl.warc.gz", gz=True)
    records = [json.loads(line) for line in run("extract", "--no-parser", archive).stdout.splitlines()]
    # the French page states its date; the English one states none, so the archive's date stands in
    assert [(r["published"], r["published_source"]) for r in records] == [
        ("2024-03-07", "text"),
        ("2024-03-12T16:40", "archive"),
    ]
    assert [r["url"] for r in records] == [FR_URL, EN_URL]
