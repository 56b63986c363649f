"""diplograph watch: feeds and pages served by a real HTTP server on 127.0.0.1, ingested once and only once.

Each test starts its own server on a free port and stops it when it ends; the watcher's timeout is a few
seconds, so no test can hang on the network. The pages are invented readouts of ministers' meetings.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import diplograph
from diplograph.cli import watch as watch_cli
from diplograph.feeds import Fetcher, FetchError, Settings, Watcher, expand, parse
from diplograph.store import Store
from store.conftest import url  # noqa: F401 - the SQLite and PostgreSQL store fixture

FAST = Settings(delay_s=0.0, timeout_s=3.0, max_bytes=20_000, max_attempts=2)


# --- a local web site ------------------------------------------------------------------------------
@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    length: bool = True  # send Content-Length (else the body ends when the connection closes)
    location: str | None = None


@dataclass
class Hit:
    path: str
    at: float
    headers: dict[str, str]
    status: int = 0


@dataclass
class Site:
    """Feeds and pages by path; every request is logged with its headers and the status it was answered."""

    port: int = 0
    resources: dict[str, Resource] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    versions: int = 0  # resources put so far: each version has its own Last-Modified

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def put(self, path: str, body: str | bytes, **kw) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        kw.setdefault("etag", f'"{hashlib.sha1(data).hexdigest()[:12]}"')
        self.versions += 1
        kw.setdefault("last_modified", formatdate(1_730_000_000 + 60 * self.versions, usegmt=True))
        self.resources[path] = Resource(data, **kw)

    def hits(self, prefix: str = "/") -> list[Hit]:
        return [h for h in self.log if h.path.startswith(prefix)]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        timeout = 5  # a client that stalls cannot keep a server thread

        def do_GET(self):  # noqa: N802 - the name http.server calls
            hit = Hit(self.path, time.monotonic(), dict(self.headers))
            site.log.append(hit)
            r = site.resources.get(self.path)
            if r is None:
                hit.status = 404
                self.send_error(404, "Not Found")
                return
            # RFC 9110: If-None-Match, when sent, decides alone
            if "If-None-Match" in self.headers:
                fresh = self.headers["If-None-Match"] == r.etag
            else:
                fresh = r.last_modified is not None and self.headers.get("If-Modified-Since") == r.last_modified
            hit.status = 304 if fresh and r.status == 200 else r.status
            self.send_response(hit.status)
            for name, value in (("ETag", r.etag), ("Last-Modified", r.last_modified), ("Location", r.location)):
                if value:
                    self.send_header(name, value)
            if hit.status == 304:
                self.end_headers()
                return
            self.send_header("Content-Type", r.content_type)
            if r.length:
                self.send_header("Content-Length", str(len(r.body)))
            self.end_headers()
            self.wfile.write(r.body)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    s.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- fixture feeds and pages -------------------------------------------------------------------------
def page(title: str, *paragraphs: str, lang: str = "fr") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<nav><a href="/">Accueil</a> | <a href="/presse">Presse</a></nav><main><article><h1>{title}</h1>{body}'
        "</article></main><footer>Mentions légales</footer></body></html>"
    )


PAGES = {
    "/fr/barrot-wang-yi.html": page(
        "Entretien de Jean-Noël Barrot avec Wang Yi",
        "Paris, le 14 novembre 2024",
        "Le ministre de l'Europe et des Affaires étrangères, Jean-Noël Barrot, s'est entretenu ce jeudi à Paris "
        "avec le ministre chinois des Affaires étrangères, Wang Yi.",
        "Les deux ministres ont évoqué la guerre en Ukraine et les échanges commerciaux entre la France et la "
        "Chine. M. Barrot a appelé la Chine à user de son influence en faveur d'une paix juste et durable.",
    ),
    "/fr/barrot-blinken.html": page(
        "Entretien téléphonique de Jean-Noël Barrot avec Antony Blinken",
        "Paris, le 9 décembre 2024",
        "Jean-Noël Barrot, ministre de l'Europe et des Affaires étrangères, s'est entretenu par téléphone avec le "
        "secrétaire d'État américain, Antony Blinken.",
        "Les deux ministres ont fait le point sur le soutien à l'Ukraine et sur la situation au Proche-Orient.",
    ),
    "/en/blinken-wang-yi.html": page(
        "Secretary Blinken's Meeting with Chinese Foreign Minister Wang Yi",
        "Secretary of State Antony J. Blinken met with People's Republic of China Foreign Minister Wang Yi in Lima.",
        "The Secretary and the Foreign Minister discussed the importance of maintaining open lines of "
        "communication and raised concerns about the PRC's support for Russia's defense industrial base.",
        lang="en",
    ),
    "/en/blinken-barrot.html": page(
        "Secretary Blinken's Call with French Foreign Minister Barrot",
        "Secretary of State Antony J. Blinken spoke today with French Minister for Europe and Foreign Affairs "
        "Jean-Noël Barrot.",
        "The Secretary and the Foreign Minister discussed continued support for Ukraine and efforts to secure a "
        "ceasefire in Gaza.",
        lang="en",
    ),
}
NEW_PAGE = page(
    "Entretien de Jean-Noël Barrot avec David Lammy",
    "Londres, le 16 décembre 2024",
    "Jean-Noël Barrot s'est entretenu à Londres avec son homologue britannique, David Lammy, secrétaire d'État "
    "aux Affaires étrangères.",
    "Les deux ministres ont évoqué le soutien à l'Ukraine.",
)


def rss(site: Site, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed; items are (guid, path, pubDate)."""
    entries = "".join(
        f"<item><title>Communiqué {guid}</title><link>{site.url(path)}</link>"
        f'<guid isPermaLink="false">{guid}</guid><pubDate>{date}</pubDate></item>'
        for guid, path, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ministère - Presse</title>'
        f"<link>{site.url('/fr/')}</link><description>Communiqués</description>{entries}</channel></rss>"
    )


def atom(site: Site, entries: list[tuple[str, str, str, str]]) -> str:
    """An Atom feed; entries are (id, path, published, updated), with links relative to the feed."""
    body = "".join(
        f'<entry><title>Readout {eid}</title><id>{eid}</id><link href="{path.rsplit("/", 1)[1]}"/>'
        f"<published>{published}</published><updated>{updated}</updated></entry>"
        for eid, path, published, updated in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Department - Readouts</title><id>urn:readouts</id><updated>2024-12-09T18:00:00Z</updated>{body}</feed>"
    )


RSS_ITEMS = [
    ("fr-2024-11-14", "/fr/barrot-wang-yi.html", "Thu, 14 Nov 2024 23:30:00 +0100"),
    ("fr-2024-12-09", "/fr/barrot-blinken.html", "Mon, 09 Dec 2024 18:00:00 +0100"),
]
ATOM_ENTRIES = [
    ("urn:readout:1", "/en/blinken-wang-yi.html", "2024-11-16T10:30:00-05:00", "2024-11-16T10:30:00-05:00"),
    ("urn:readout:2", "/en/blinken-barrot.html", "2024-12-09T15:00:00-05:00", "2024-12-09T15:00:00-05:00"),
]


@pytest.fixture
def feeds(site):
    """The site with its two feeds and four pages; returns the feeds' URLs."""
    for path, html in PAGES.items():
        site.put(path, html)
    site.put("/fr/rss.xml", rss(site, RSS_ITEMS), content_type="application/rss+xml")
    site.put("/en/atom.xml", atom(site, ATOM_ENTRIES), content_type="application/atom+xml")
    return [site.url("/fr/rss.xml"), site.url("/en/atom.xml")]


@pytest.fixture(scope="module")
def fast_pipeline():
    return diplograph.load(use_parser=False)


def watch(db: str, sources: list[str], pipeline, settings: Settings = FAST):
    """One pass of a fresh watcher (a new process, as far as the store can tell): counts and error lines."""
    errors: list[str] = []
    with Store(db) as store:
        counts = Watcher(store, settings, pipeline=pipeline, on_error=errors.append).run_pass(sources)
    return counts, errors


def pairs(db: str) -> set[frozenset[str]]:
    """The pairs of known people that met or spoke, over the store's events."""
    with Store(db) as store:
        return {frozenset(p["id"] for p in e["participants"] if p.get("id")) for e in store.query(limit=None)}


def document_at(db: str, link: str) -> dict:
    with Store(db) as store:
        (doc,) = store.db.query("SELECT doc_id FROM documents WHERE source = ?", (link,))
        return store.document(doc[0])


def fetched(site: Site, since: int) -> list[tuple[str, int]]:
    return [(h.path, h.status) for h in site.log[since:]]


# --- passes ------------------------------------------------------------------------------------------
def test_watch_first_pass_ingests_every_item(tmp_path, site, feeds, fast_pipeline):
    db = str(tmp_path / "w.sqlite")
    counts, errors = watch(db, feeds, fast_pipeline)
    assert errors == []
    assert counts.line() == "feeds 2, items 4 new, 4 ingested, 0 failed, 0 already seen"
    met = pairs(db)
    assert {"jean-noel-barrot", "wang-yi"} in met and {"antony-blinken", "wang-yi"} in met
    assert {"jean-noel-barrot", "antony-blinken"} in met
    # the page's own date wins; the feed's serves where the page states none, in the feed's time zone
    fr = document_at(db, site.url("/fr/barrot-wang-yi.html"))
    assert (fr["published"], fr["published_source"], fr["language"]) == ("2024-11-14", "text", "fr")
    en = document_at(db, site.url("/en/blinken-wang-yi.html"))
    assert (en["published"], en["published_source"], en["url"]) == ("2024-11-16T10:30", "feed", en["source"])
    # offsets point into the extracted text, as for an .html file
    evidence = en["contacts"][0]["evidence"][0]
    assert "Wang Yi" in en["text"][evidence["start"] : evidence["end"]]
    agents = {h.headers.get("User-Agent") for h in site.log}
    assert len(agents) == 1 and agents.pop().startswith(f"diplograph/{diplograph.__version__} (")


def test_watch_second_run_sends_conditional_requests_and_ingests_nothing(tmp_path, site, feeds, fast_pipeline):
    db = str(tmp_path / "w.sqlite")
    watch(db, feeds, fast_pipeline)
    before, start = pairs(db), len(site.log)
    counts, errors = watch(db, feeds, fast_pipeline)
    assert errors == [] and pairs(db) == before
    assert counts.line() == "feeds 2 (2 not modified), items 0 new, 0 ingested, 0 failed, 0 already seen"
    assert fetched(site, start) == [("/fr/rss.xml", 304), ("/en/atom.xml", 304)]
    for hit in site.log[start:]:
        resource = site.resources[hit.path]
        assert hit.headers["If-None-Match"] == resource.etag
        assert hit.headers["If-Modified-Since"] == resource.last_modified


def test_watch_ingests_an_item_added_to_the_feed_on_the_next_run(tmp_path, site, feeds, fast_pipeline):
    db = str(tmp_path / "w.sqlite")
    watch(db, feeds, fast_pipeline)
    site.put("/fr/barrot-lammy.html", NEW_PAGE)
    items = [("fr-2024-12-16", "/fr/barrot-lammy.html", "Mon, 16 Dec 2024 12:00:00 +0100"), *RSS_ITEMS]
    site.put("/fr/rss.xml", rss(site, items), content_type="application/rss+xml")
    start = len(site.log)
    counts, errors = watch(db, feeds, fast_pipeline)
    assert errors == []
    assert counts.line() == "feeds 2 (1 not modified), items 1 new, 1 ingested, 0 failed, 2 already seen"
    assert fetched(site, start) == [("/fr/rss.xml", 200), ("/fr/barrot-lammy.html", 200), ("/en/atom.xml", 304)]
    assert {"jean-noel-barrot", "david-lammy"} in pairs(db)


def test_watch_fetches_an_updated_item_again_with_its_validators(tmp_path, site, feeds, fast_pipeline):
    db = str(tmp_path / "w.sqlite")
    watch(db, feeds, fast_pipeline)
    first = document_at(db, site.url("/en/blinken-barrot.html"))
    entries = [ATOM_ENTRIES[0], (*ATOM_ENTRIES[1][:3], "2024-12-10T09:00:00-05:00")]
    site.put("/en/atom.xml", atom(site, entries), content_type="application/atom+xml")
    start = len(site.log)
    counts, errors = watch(db, feeds, fast_pipeline)  # the page has not changed: the server says so
    assert errors == [] and counts.updated == 1 and counts.ingested == 0
    page_hit = site.log[start:][-1]
    assert (page_hit.path, page_hit.status) == ("/en/blinken-barrot.html", 304)
    assert page_hit.headers["If-None-Match"] == site.resources["/en/blinken-barrot.html"].etag
    corrected = PAGES["/en/blinken-barrot.html"].replace("in Gaza", "in Gaza and the release of hostages")
    site.put("/en/blinken-barrot.html", corrected)
    entries[1] = (*ATOM_ENTRIES[1][:3], "2024-12-11T09:00:00-05:00")
    site.put("/en/atom.xml", atom(site, entries), content_type="application/atom+xml")
    counts, errors = watch(db, feeds, fast_pipeline)  # the page has changed: stored again, in place
    assert errors == [] and (counts.updated, counts.ingested) == (1, 1)
    second = document_at(db, site.url("/en/blinken-barrot.html"))
    assert second["doc_id"] == first["doc_id"] and "release of hostages" in second["text"]


def test_watch_gives_one_line_per_problem_and_goes_on(tmp_path, site, feeds, fast_pipeline):
    site.put("/fr/big.html", page("Trop long", "x " * 15_000))  # 30 kB; the limit is 20 kB
    site.put("/fr/big-unsized.html", page("Trop long", "x " * 15_000), length=False)
    site.put("/fr/note.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    items = [
        ("gone", "/fr/gone.html", "Mon, 09 Dec 2024 10:00:00 +0100"),
        ("big", "/fr/big.html", "Mon, 09 Dec 2024 10:00:00 +0100"),
        ("big-unsized", "/fr/big-unsized.html", "Mon, 09 Dec 2024 10:00:00 +0100"),
        ("pdf", "/fr/note.pdf", "Mon, 09 Dec 2024 10:00:00 +0100"),
        *RSS_ITEMS,
    ]
    site.put("/fr/rss.xml", rss(site, items), content_type="application/rss+xml")
    db = str(tmp_path / "w.sqlite")
    sources = [*feeds, site.url("/nowhere.xml"), "http://127.0.0.1:1/feed.xml"]
    counts, errors = watch(db, sources, fast_pipeline)
    assert counts.line() == "feeds 4 (2 failed), items 8 new, 4 ingested, 4 failed, 0 already seen"
    expected = [
        (feeds[0], "/fr/gone.html", "HTTP 404"),
        (feeds[0], "/fr/big.html", "too large"),
        (feeds[0], "/fr/big-unsized.html", "too large"),
        (feeds[0], "/fr/note.pdf", "not HTML (content type application/pdf)"),
        (site.url("/nowhere.xml"), "/nowhere.xml", "HTTP 404"),
        ("http://127.0.0.1:1/feed.xml", "", "unreachable"),
    ]
    assert len(errors) == len(expected)
    for line, (feed, path, problem) in zip(errors, expected, strict=True):
        assert "\n" not in line and line.startswith(feed) and path in line and problem in line, line
    site.put("/fr/rss.xml", rss(site, items) + "\n", content_type="application/rss+xml")  # read in full again
    start = len(site.log)
    counts, errors = watch(db, feeds, fast_pipeline)  # failures for good are not tried again
    assert counts.line() == "feeds 2 (1 not modified), items 0 new, 0 ingested, 0 failed, 6 already seen"
    assert errors == [] and [h.path for h in site.log[start:]] == ["/fr/rss.xml", "/en/atom.xml"]


def test_watch_tries_a_server_error_again_then_gives_up(tmp_path, site, feeds, fast_pipeline):
    site.put("/fr/busy.html", "busy", status=503)
    items = [("busy", "/fr/busy.html", "Mon, 09 Dec 2024 10:00:00 +0100"), *RSS_ITEMS]
    site.put("/fr/rss.xml", rss(site, items), content_type="application/rss+xml")
    db = str(tmp_path / "w.sqlite")
    counts, errors = watch(db, feeds[:1], fast_pipeline)
    assert (counts.failed, len(errors)) == (1, 1) and "HTTP 503" in errors[0] and "gave up" not in errors[0]
    start = len(site.log)
    counts, errors = watch(db, feeds[:1], fast_pipeline)  # the feed's validators were not kept: read in full
    assert fetched(site, start) == [("/fr/rss.xml", 200), ("/fr/busy.html", 503)]
    assert counts.new == 1 and "gave up after 2 attempts" in errors[0]
    start = len(site.log)
    counts, errors = watch(db, feeds[:1], fast_pipeline)
    assert fetched(site, start) == [("/fr/rss.xml", 304)] and errors == []


# --- sources -----------------------------------------------------------------------------------------
def test_watch_reads_a_file_of_feeds_and_a_local_feed(tmp_path, site, feeds, fast_pipeline):
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# ministries\n{feeds[0]}\n\n  {feeds[1]}  \n{feeds[0]}\n", encoding="utf-8")
    db = str(tmp_path / "w.sqlite")
    counts, errors = watch(db, [str(listing)], fast_pipeline)
    assert errors == [] and (counts.feeds, counts.ingested) == (2, 4)
    local = tmp_path / "local.rss"
    site.put("/fr/barrot-lammy.html", NEW_PAGE)
    local.write_text(rss(site, [("fr-2024-12-16", "/fr/barrot-lammy.html", "Mon, 16 Dec 2024 12:00:00 +0100")]))
    (tmp_path / "more.txt").write_text("local.rss\nmissing.rss\n", encoding="utf-8")
    counts, errors = watch(db, [str(tmp_path / "more.txt")], fast_pipeline)
    assert (counts.feeds, counts.ingested, counts.feed_errors) == (2, 1, 1)
    assert len(errors) == 1 and "missing.rss" in errors[0] and "No such file" in errors[0]


def test_expand_tells_feeds_from_lists(tmp_path):
    (tmp_path / "a.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    (tmp_path / "list.txt").write_text("https://example.org/feed\na.xml\n")
    feeds, problems = expand([str(tmp_path / "list.txt"), str(tmp_path / "a.xml"), "https://example.org/x"], 10_000)
    assert feeds == ["https://example.org/feed", str(tmp_path / "a.xml"), "https://example.org/x"]
    assert problems == []
    assert "no such file" in expand([str(tmp_path / "none.txt")], 10_000)[1][0].lower()


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Thu, 14 Nov 2024 23:30:00 +0100", "2024-11-14T23:30"),  # the feed's day, not UTC's
        ("Thu, 14 Nov 2024 23:30:00 GMT", "2024-11-14T23:30"),
        ("2024-11-16T10:30:00-05:00", "2024-11-16T10:30"),
        ("2024-11-16", "2024-11-16"),
        ("not a date", None),
    ],
)
def test_parse_keeps_an_item_date_in_the_feeds_time_zone(date, expected):
    data = f'<rss version="2.0"><channel><item><link>https://e.org/a</link><pubDate>{date}</pubDate></item></channel></rss>'
    (item,) = parse(data.encode(), "feed")
    assert (item.key, item.link, item.published) == ("https://e.org/a", "https://e.org/a", expected)


@pytest.mark.parametrize(
    ("guid", "key"),
    [
        ("1234", "e.org#1234"),  # a CMS's number: unique on its site only
        ("urn:uuid:5e1d", "urn:uuid:5e1d"),
        ("https://e.org/?p=1234", "https://e.org/?p=1234"),
        ("", "https://e.org/a"),  # no guid: the link
    ],
)
def test_parse_knows_an_item_by_a_key_unique_across_sites(guid, key):
    data = f'<rss version="2.0"><channel><item><link>https://e.org/a</link><guid>{guid}</guid></item></channel></rss>'
    assert parse(data.encode(), "feed")[0].key == key


def test_watch_does_not_ingest_a_page_again_under_a_new_guid(tmp_path, site, feeds, fast_pipeline):
    db = str(tmp_path / "w.sqlite")
    watch(db, feeds, fast_pipeline)
    renumbered = [(f"new-{guid}", path, date) for guid, path, date in RSS_ITEMS]
    site.put("/fr/rss.xml", rss(site, renumbered), content_type="application/rss+xml")
    start = len(site.log)
    counts, errors = watch(db, feeds, fast_pipeline)
    assert errors == [] and (counts.new, counts.seen) == (0, 2)
    assert fetched(site, start) == [("/fr/rss.xml", 200), ("/en/atom.xml", 304)]


def test_parse_refuses_what_is_not_a_feed():
    with pytest.raises(diplograph.errors.InputError, match="feed.html: not an RSS or Atom feed"):
        parse(b"just words", "feed.html")


# --- politeness ----------------------------------------------------------------------------------------
def test_fetcher_waits_between_requests_to_one_host(tmp_path, site, feeds, fast_pipeline):
    delay = 0.15
    counts, errors = watch(str(tmp_path / "w.sqlite"), feeds, fast_pipeline, Settings(delay_s=delay, timeout_s=3))
    assert errors == [] and len(site.log) == 6
    gaps = [b.at - a.at for a, b in zip(site.log, site.log[1:], strict=False)]
    assert min(gaps) >= delay - 0.01, gaps


def test_fetcher_refuses_what_is_not_http_even_after_a_redirect(site):
    site.put("/jump", b"", status=302, location="file:///etc/passwd")
    fetcher = Fetcher(FAST)
    with pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")
    with pytest.raises(FetchError, match="HTTP 302.*not allowed"):  # urllib's own refusal
        fetcher.get(site.url("/jump"))
    site.put("/jump", b"", status=302, location="ftp://127.0.0.1/x")  # which urllib would follow
    with pytest.raises(FetchError, match="redirected to a URL that is not http"):
        fetcher.get(site.url("/jump"))


# --- the command ---------------------------------------------------------------------------------------
def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="diplograph")
    watch_cli.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


@pytest.fixture
def fast_settings(monkeypatch):
    monkeypatch.setattr(Settings, "from_config", classmethod(lambda cls, config: FAST))


def test_cli_watch_once_ingests_and_sums_up(tmp_path, feeds, fast_settings, capsys):
    db = str(tmp_path / "w.sqlite")
    args = parse_args(["watch", *feeds, "--db", db, "--once", "--no-parser"])
    assert args.run(args) == 0
    assert capsys.readouterr().err == "feeds 2, items 4 new, 4 ingested, 0 failed, 0 already seen\n"
    args = parse_args(["watch", feeds[0], feeds[0] + "x", "--db", db, "--once", "--no-parser"])
    assert args.run(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"diplograph: {feeds[0]}x: HTTP 404") and len(err) == 2


def test_cli_watch_loops_until_ctrl_c(tmp_path, feeds, fast_settings, capsys, monkeypatch):
    summaries = []

    def summary(self, counts):
        summaries.append(counts.line())
        if len(summaries) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C sends

    monkeypatch.setattr(watch_cli.Reporter, "summary", summary)
    args = parse_args(["watch", *feeds, "--db", str(tmp_path / "w.sqlite"), "--interval", "0.05", "--no-parser"])
    # Ctrl-C as a terminal delivers it, whatever this process inherited (a background job ignores SIGINT)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert args.run(args) == 130
    finally:
        signal.signal(signal.SIGINT, previous)
    assert summaries[1] == "feeds 2 (2 not modified), items 0 new, 0 ingested, 0 failed, 0 already seen"
    assert capsys.readouterr().err == "diplograph: watch stopped\n"


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_cli_watch_refuses_an_interval_that_is_not_positive(value, capsys):
    with pytest.raises(SystemExit):
        parse_args(["watch", "f.xml", "--interval", value])
    assert "positive number of seconds" in capsys.readouterr().err


# --- both backends -------------------------------------------------------------------------------------
def test_watch_state_survives_restarts_in_both_backends(url, site, feeds, fast_pipeline):  # noqa: F811
    counts, errors = watch(url, feeds, fast_pipeline)
    assert errors == [] and counts.ingested == 4
    site.put("/fr/rss.xml", rss(site, RSS_ITEMS) + "\n", content_type="application/rss+xml")  # a new ETag
    counts, errors = watch(url, feeds, fast_pipeline)
    assert errors == [] and (counts.new, counts.seen, counts.not_modified) == (0, 2, 1)
    with Store(url) as store:
        assert store.db.query("SELECT COUNT(*) FROM watch_items WHERE outcome = 'ingested'")[0][0] == 4


@pytest.mark.slow
def test_cli_watch_command_once_from_a_fresh_process(tmp_path, site, feeds):
    db = str(tmp_path / "cli.sqlite")
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "watch", *feeds, "--db", db, "--once", "--no-parser"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "items 4 new, 4 ingested" in proc.stderr
