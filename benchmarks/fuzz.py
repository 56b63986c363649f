"""Fuzz campaign: "one failure per bad document, never a lost batch", checked against the real CLI.

    python benchmarks/fuzz.py [--inputs 1337] [--good 202] [--seed 0] [--timeout 60] [--out DIR] [--quick] [--json]
                              [--batch-bad 20] [--jobs N] [--confirm 5] [--src OTHER_CHECKOUT/src]

Writes --inputs malformed and hostile inputs (deterministic from --seed) and --good good documents (read at run
time from the gold documents, the seeds and the dev sets under ../shared, never copied into the repository) in a
temporary directory (or DIR), deals them into batches of --batch-bad bad inputs and a few good documents, and runs
``diplograph extract`` and ``diplograph ingest --db`` on every batch, each batch in one subprocess with a
--timeout. Bad .jsonl inputs also carry "canary" lines, valid documents next to the broken one.

Checks: tracebacks (a ``Traceback`` on stderr, or an exit status other than 0 or 2), timeouts, good documents
lost (no record in extract's output, or absent from the store after ingest), silent bad inputs (neither a
record, a stored document nor an error line naming them), invalid UTF-8 or JSON on stdout, misdecoded texts
(the accented marker line of the encoding variants missing from the stored text), and the slowest inputs:
seconds per document estimated from when extract prints each record, the slowest confirmed by running them
alone. A failing batch is narrowed to its culprit by running its suspects alone. Exit status 1 when any
traceback, lost good document or timeout, else 0.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOOD_SOURCES = [
    ROOT / "eval" / "docs",
    SHARED / "seeds",
    SHARED / "dev" / "fr" / "docs",
    SHARED / "dev" / "en" / "docs",
]
FRENCH_SOURCES = GOOD_SOURCES[:3]
MARKER = "Entretien téléphonique à Genève : la ministre française a reçu son homologue."
MARKER_PROBE = "téléphonique à Genève"
TOKEN = re.compile(r"(?<![A-Za-z0-9])([BG]\d{4})(?!\d)")  # every input's name carries its key
TRACEBACK = "Traceback (most recent call last)"
MB = 1_000_000


@dataclass
class Input:
    key: str  # B0042 for a bad input, G0042 for a good document: in every file name, id and error line
    category: str
    variant: str
    description: str
    paths: list[bytes]
    expect: int = 1  # documents (records, stored documents or error lines) it should give at least
    slow: bool = False  # costly to process: dealt first, one per batch
    record_file: bool = False  # a JSON Lines file of records, which ingest reads before everything else
    canaries: dict[str, tuple[str, ...]] = field(default_factory=dict)  # valid doc_id -> commands that keep it
    marker: bool = False  # a .txt whose stored text must contain MARKER
    good_id: str | None = None


@dataclass
class Run:
    command: str
    label: str
    rc: int | None
    seconds: float
    timed_out: bool
    stdout: list[tuple[float, bytes]]  # (seconds since start, line)
    stderr: str
    db: Path | None = None

    @property
    def crashed(self) -> bool:
        return TRACEBACK in self.stderr or (not self.timed_out and self.rc not in (0, 2))

    @property
    def failed(self) -> bool:
        return self.crashed or self.timed_out


# ---------------------------------------------------------------------------------------------------- inputs


class Maker:
    """Writes one input's files; variants call it and set what the checks should expect."""

    def __init__(self, base: Path, texts: list[str], french: list[str]):
        self.base, self.texts, self.french_texts = base, texts, french

    def start(self, key: str, variant: str, rng: random.Random) -> None:
        self.key, self.variant, self.rng = key, variant, rng
        self.expect, self.record_file, self.marker, self.detail = None, False, False, ""
        self.canaries: dict[str, tuple[str, ...]] = {}

    def french(self) -> str:
        return self.rng.choice(self.french_texts)

    def name(self, suffix: str) -> str:
        return f"{self.key}_{self.variant}{suffix}"

    def file(
        self, data: bytes | str, suffix: str = ".txt", name: str | bytes | None = None, folder: bytes = b""
    ) -> bytes:
        path = os.path.join(
            folder or os.fsencode(self.base), os.fsencode(name if name is not None else self.name(suffix))
        )
        with open(path, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def folder(self, name: str | bytes | None = None, parent: bytes = b"") -> bytes:
        path = os.path.join(parent or os.fsencode(self.base), os.fsencode(name if name is not None else self.name("")))
        os.makedirs(path, exist_ok=True)
        return path

    def jsonl(self, lines: list[str], canary: bool = True, encoding: str = "utf-8") -> bytes:
        if canary:  # a valid document after the broken one: it must not be lost with it
            doc_id = f"{self.key}-canary"
            lines = [*lines, json.dumps({"id": doc_id, "text": self.french()}, ensure_ascii=False)]
            self.canaries[doc_id] = ("extract", "ingest")
        self.expect = sum(1 for line in lines if line.strip())
        errors = "surrogatepass" if encoding.startswith("utf") else "replace"
        return self.file("\n".join(lines).encode(encoding, errors), ".jsonl")

    def records(self, broken: str, first: bool = False) -> bytes:
        """A JSON Lines file of records as extract prints them: valid ones around a broken one."""
        good = [json.dumps(record(f"{self.key}-canary{n}"), ensure_ascii=False) for n in (1, 2)]
        lines = [broken, *good] if first else [good[0], broken, good[1]]
        for n in (1, 2):
            self.canaries[f"{self.key}-canary{n}"] = ("ingest",)  # extract reads it as texts: errors expected
        self.record_file = is_record_line(lines[0])
        self.expect = 3
        return self.file("\n".join(lines), ".jsonl")


def record(doc_id: object) -> dict:
    """A record as ``diplograph extract`` prints it (one contact, one statement)."""
    code = {"code": "041", "name": "Discuss by telephone", "goldstein": 1.0, "quad_class": 1}
    people = [
        {"id": "jean-noel-barrot", "name": "Jean-Noël Barrot", "affiliation": "FRA", "role": None, "wikidata": None},
        {"id": None, "name": "Annalena Baerbock", "affiliation": "DEU", "role": None, "wikidata": None},
    ]
    contact = {
        "medium": "phone", "status": "occurred", "date": "2024-03-01", "location": {"name": "Paris", "country": "FRA"},
        "participants": people, "initiator": "FRA", "host": None, "topics": ["relations"],
        "evidence": [{"start": 0, "end": 40}], "trigger": "s'est entretenu",
        "plover": {"type": "CONSULT", "mode": "phone"}, "cameo": [code],
    }  # fmt: skip
    statement = {
        "type": "REQUEST", "source": ["FRA"], "target": ["DEU"], "topics": [], "negated": False,
        "evidence": {"start": 0, "end": 40}, "cue": "a appelé", "plover": {"type": "REQUEST", "mode": None},
        "cameo": {"code": "020", "name": "Make an appeal", "goldstein": 3.0, "quad_class": 1},
    }  # fmt: skip
    text = "M. Jean-Noël Barrot s'est entretenu avec Mme Annalena Baerbock au téléphone le 1er mars 2024."
    return {"doc_id": doc_id, "language": "fr", "title": "Entretien", "published": "2024-03-01",
            "contacts": [contact], "statements": [statement], "text": text}  # fmt: skip


def is_record_line(line: str) -> bool:
    """What ingest's ``_is_record_file`` decides from a file's first line."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and "doc_id" in obj and "contacts" in obj


def html(body: str, head: str = "<title>Communiqué</title>") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def paragraphs(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())


def mutated(path: str, value: object) -> Callable[[Maker], bytes]:
    """A records variant: the record with ``path`` (dotted, through lists by index) set to ``value``."""

    def make(m: Maker) -> bytes:
        rec = record(f"{m.key}-broken")
        *parents, last = path.split(".")
        node = rec
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is DELETE:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value
        return m.records(json.dumps(rec, ensure_ascii=False))

    return make


DELETE = object()
ENCODINGS = {
    "cp1252": ("cp1252", b""), "latin-1": ("latin-1", b""), "iso8859-15": ("iso8859_15", b""),
    "mac-roman": ("mac_roman", b""), "cp850": ("cp850", b""), "utf-16-le": ("utf-16-le", b""),
    "utf-16-be": ("utf-16-be", b""), "utf-16-le-bom": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be-bom": ("utf-16-be", codecs.BOM_UTF16_BE), "utf-32-le": ("utf-32-le", b""),
    "utf-32-be": ("utf-32-be", b""), "utf-32-le-bom": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32-be-bom": ("utf-32-be", codecs.BOM_UTF32_BE), "utf-8-bom": ("utf-8", codecs.BOM_UTF8),
    "utf-7": ("utf-7", b""),
}  # fmt: skip


def encoded(encoding: str, suffix: str = ".txt") -> Callable[[Maker], bytes]:
    codec, bom = ENCODINGS[encoding]

    def make(m: Maker) -> bytes:
        text = f"{MARKER}\n\n{m.french()}"
        if suffix == ".html":
            text = html(paragraphs(text)).replace("utf-8", encoding)
        m.marker = suffix == ".txt"
        return m.file(bom + text.encode(codec, "replace"), suffix)

    return make


def sprinkle(text: str, marks: str, rng: random.Random, rate: float = 0.15) -> str:
    return "".join(ch + (rng.choice(marks) if ch.isalpha() and rng.random() < rate else "") for ch in text)


def no_nul(rng: random.Random, n: int) -> bytes:
    return bytes(rng.randrange(0x80, 0x100) for _ in range(n))


def words(rng: random.Random, texts: list[str], size: int, sep: str = " ") -> str:
    pool = " ".join(texts).split()
    out, total = [], 0
    while total < size:
        w = rng.choice(pool)
        out.append(w)
        total += len(w.encode()) + 1
    return sep.join(out)


def repeated(m: Maker, size: int) -> str:
    out, total = [], 0
    while total < size:
        t = m.french()
        out.append(t)
        total += len(t.encode()) + 2
    return "\n\n".join(out).encode()[:size].decode("utf-8", "ignore")


def fifo(m: Maker, suffix: str) -> bytes:
    path = os.path.join(os.fsencode(m.base), os.fsencode(m.name(suffix)))
    os.mkfifo(path)
    return path


def symlink(target: bytes | str, link: bytes) -> bytes:
    os.symlink(target, link)
    return link


def unix_socket(m: Maker) -> bytes:
    path = os.path.join(os.fsencode(m.base), os.fsencode(m.name(".txt")))
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(path)
    return path


def sparse(m: Maker, suffix: str, size: int) -> bytes:
    path = m.file(b"", suffix)
    os.truncate(path, size)
    return path


def unreadable(m: Maker) -> bytes:
    path = m.file(m.french())
    os.chmod(path, 0)
    return path


def named_folder(m: Maker) -> bytes:
    path = m.folder(m.name(".jsonl"))
    m.file(m.french(), name=f"{m.key}_inside.txt", folder=path)
    return path


def two_folders(m: Maker, given_as_dir: bool) -> list[bytes] | bytes:
    parent = m.folder()
    paths = [m.file(m.french(), name=f"{m.key}_same.txt", folder=m.folder(f"{m.key}_{side}", parent)) for side in "ab"]
    m.expect = 2
    return parent if given_as_dir else paths


def same_stem(m: Maker) -> list[bytes]:
    text = m.french()
    m.expect = 2
    return [m.file(text, name=f"{m.key}_same.txt"), m.file(html(paragraphs(text)), name=f"{m.key}_same.html")]


def folder_with(m: Maker, name: str | bytes) -> bytes:
    path = m.folder()
    m.file(m.french(), name=name, folder=path)
    return path


def dir_loop(m: Maker) -> bytes:
    path = m.folder()
    m.file(m.french(), name=f"{m.key}_inside.txt", folder=path)
    symlink(path, os.path.join(path, b"loop"))
    return path


def loop_pair(m: Maker) -> bytes:
    a, b = (os.path.join(os.fsencode(m.base), os.fsencode(m.name(s))) for s in ("-a.txt", "-b.txt"))
    symlink(b, a)
    symlink(a, b)
    return a


def odd_id(value: object) -> Callable[[Maker], bytes]:
    def make(m: Maker) -> bytes:
        path = m.jsonl([json.dumps({"id": value, "text": m.french()})])
        m.expect = 1  # a record named by that id cannot be told from its neighbours' records
        return path

    return make


def deep_html(depth: int, closed: bool) -> Callable[[Maker], bytes]:
    return lambda m: m.file(
        html("<div>" * depth + paragraphs(m.french()) + ("</div>" * depth if closed else "")), ".html"
    )


V = tuple[str, str, str, Callable[[Maker], object], int | None, bool]  # category, variant, description, make, cap, slow
VARIANTS: list[V] = []


def variant(category: str, name: str, description: str, make: Callable[[Maker], object], cap: int | None = None,
            slow: bool = False) -> None:  # fmt: skip
    VARIANTS.append((category, name, description, make, cap, slow))


def register() -> None:
    b = "binary"
    variant(
        b, "random-txt", "random bytes (1-64 kB) as .txt", lambda m: m.file(m.rng.randbytes(m.rng.randrange(1, 65536)))
    )
    variant(
        b, "random-html", "random bytes as .html", lambda m: m.file(m.rng.randbytes(m.rng.randrange(1, 65536)), ".html")
    )
    variant(
        b,
        "random-jsonl",
        "random bytes as .jsonl",
        lambda m: m.file(m.rng.randbytes(m.rng.randrange(1, 65536)), ".jsonl"),
    )
    variant(
        b,
        "high-bytes",
        "random bytes 0x80-0xFF, no NUL, as .txt",
        lambda m: m.file(no_nul(m.rng, m.rng.randrange(16, 20000))),
    )
    variant(b, "high-bytes-jsonl", "random bytes 0x80-0xFF as .jsonl", lambda m: m.file(no_nul(m.rng, 4000), ".jsonl"))
    variant(
        b, "bom-then-random", "a UTF-8 BOM then random bytes", lambda m: m.file(codecs.BOM_UTF8 + m.rng.randbytes(5000))
    )
    variant(
        b,
        "gzip",
        "a gzip-compressed French text as .txt",
        lambda m: m.file(gzip.compress(m.french().encode(), mtime=0)),
    )
    variant(
        b,
        "png-header",
        "a PNG signature and random bytes as .html",
        lambda m: m.file(b"\x89PNG\r\n\x1a\n" + m.rng.randbytes(3000), ".html"),
    )
    variant(
        b,
        "text-then-nul",
        "a French text with NUL bytes after 9 kB",
        lambda m: m.file(repeated(m, 9000).encode() + b"\x00" * 100),
    )
    variant(
        b,
        "mixed-utf8-cp1252",
        "half UTF-8, half cp1252 bytes",
        lambda m: m.file(m.french().encode() + m.french().encode("cp1252", "replace")),
    )
    variant(
        b,
        "cesu-surrogate",
        "UTF-8 with encoded surrogates (CESU-8 bytes ED A0 80)",
        lambda m: m.file(m.french().encode() + b"\xed\xa0\x80\xed\xb0\x80"),
    )
    for enc in ENCODINGS:
        variant("encoding", enc, f"a French text encoded in {enc}", encoded(enc))
    for enc in ("cp1252", "utf-16-le-bom", "utf-16-be", "mac-roman"):
        variant(
            "encoding", f"{enc}-html", f"a French HTML page in {enc}, its meta charset saying so", encoded(enc, ".html")
        )
    variant(
        "encoding",
        "utf-16-jsonl",
        "a JSON Lines corpus in UTF-16 with BOM",
        lambda m: m.jsonl([json.dumps({"id": f"{m.key}-1", "text": m.french()})], encoding="utf-16"),
    )
    variant(
        "encoding",
        "cp1252-jsonl",
        "a JSON Lines corpus in cp1252",
        lambda m: m.jsonl(
            [json.dumps({"id": f"{m.key}-1", "text": m.french()}, ensure_ascii=False)], encoding="cp1252"
        ),
    )
    variant(
        "encoding",
        "lying-meta",
        "cp1252 bytes with <meta charset=utf-16>",
        lambda m: m.file(html(paragraphs(m.french())).replace("utf-8", "utf-16").encode("cp1252", "replace"), ".html"),
    )
    u = "unicode"
    variant(
        u,
        "nfd",
        "a French text in NFD (decomposed accents)",
        lambda m: m.file(unicodedata.normalize("NFD", m.french())),
    )
    variant(u, "cr-only", "CR-only line ends", lambda m: m.file(m.french().replace("\n", "\r")))
    variant(u, "crlf", "CRLF line ends", lambda m: m.file(m.french().replace("\n", "\r\n")))
    variant(
        u, "rtl-marks", "RLM/LRM marks after letters", lambda m: m.file(sprinkle(m.french(), "\u200f\u200e", m.rng))
    )
    variant(
        u,
        "bidi-override",
        "RLO/PDF overrides around every line",
        lambda m: m.file("\n".join(f"\u202e{line}\u202c" for line in m.french().split("\n"))),
    )
    variant(
        u,
        "zero-width",
        "zero-width spaces and joiners inside words",
        lambda m: m.file(sprinkle(m.french(), "\u200b\u200c\u200d\u2060", m.rng)),
    )
    variant(
        u, "bom-inside", "U+FEFF scattered inside words", lambda m: m.file(sprinkle(m.french(), "\ufeff", m.rng, 0.05))
    )
    variant(
        u,
        "line-separators",
        "U+2028, U+2029 and NEL as line ends",
        lambda m: m.file("".join(c if c != "\n" else m.rng.choice("\u2028\u2029\x85") for c in m.french())),
    )
    variant(
        u,
        "zalgo",
        "50 combining marks on some letters",
        lambda m: m.file(sprinkle(m.french(), "\u0301" * 50, m.rng, 0.02)),
    )
    variant(
        u,
        "nbsp",
        "narrow and plain no-break spaces for every space",
        lambda m: m.file(m.french().replace(" ", "\u202f").replace("\u202f:", "\u00a0:")),
    )
    variant(
        u,
        "controls",
        "C0 controls (VT, FF, ESC, BEL) sprinkled",
        lambda m: m.file(sprinkle(m.french(), "\x0b\x0c\x1b\x07", m.rng, 0.01)),
    )
    variant(
        u,
        "fullwidth",
        "fullwidth Latin letters",
        lambda m: m.file("".join(chr(ord(c) + 0xFEE0) if "A" <= c <= "z" and c.isalpha() else c for c in m.french())),
    )
    variant(
        u,
        "emoji",
        "emoji and astral characters between words",
        lambda m: m.file(m.french().replace(" ", " \U0001f1eb\U0001f1f7 ", 50)),
    )
    h = "html"
    variant(
        h,
        "unclosed",
        "unclosed <p>, <div>, <b> tags",
        lambda m: m.file("<html><body><div><p><b>" + m.french().replace("\n", "<p>"), ".html"),
    )
    variant(h, "deep-10000", "10,000 nested <div>, closed", deep_html(10000, True))
    variant(h, "deep-10000-open", "10,000 nested <div>, never closed", deep_html(10000, False))
    variant(
        h,
        "deep-100000",
        "100,000 nested <span>",
        lambda m: m.file(html("<span>" * 100000 + m.french()), ".html"),
        cap=3,
    )
    variant(
        h,
        "attribute-5mb",
        "a 5 MB attribute",
        lambda m: m.file(html(f"<div data-x='{'x' * 5 * MB}'>" + paragraphs(m.french()) + "</div>"), ".html"),
        cap=2,
        slow=True,
    )
    variant(
        h,
        "script-style-only",
        "only <script> and <style>",
        lambda m: m.file(html("<script>var a = 1;</script><style>p{}</style>"), ".html"),
    )
    variant(
        h,
        "no-body",
        "a <head> with a title, no <body>",
        lambda m: m.file(f"<html><head><title>{m.key} titre</title></head></html>", ".html"),
    )
    variant(h, "empty-body", "an empty <body>", lambda m: m.file(html(""), ".html"))
    variant(h, "comments-only", "text only inside comments", lambda m: m.file(html(f"<!-- {m.french()} -->"), ".html"))
    variant(
        h,
        "noscript-only",
        "text only inside <noscript>",
        lambda m: m.file(html(f"<noscript>{m.french()}</noscript>"), ".html"),
    )
    variant(
        h,
        "bad-entities",
        "huge, zero and surrogate numeric entities",
        lambda m: m.file(
            html(paragraphs(m.french()) + "<p>&#xFFFFFFFF; &#0; &#xD800; &#99999999999; &bogus;</p>"), ".html"
        ),
    )
    variant(
        h,
        "many-paragraphs",
        "30,000 one-word paragraphs",
        lambda m: m.file(html("<p>mot</p>" * 30000), ".html"),
        cap=4,
        slow=True,
    )
    variant(
        h,
        "cdata-xml",
        "an XHTML page with an XML declaration and CDATA",
        lambda m: m.file("<?xml version='1.0' encoding='utf-8'?>" + html(f"<![CDATA[{m.french()}]]>"), ".xhtml"),
    )
    variant(h, "plain-text", "plain text, no tags, named .html", lambda m: m.file(m.french(), ".html"))
    variant(
        h,
        "frameset",
        "a frameset page",
        lambda m: m.file("<html><frameset><frame src='a.html'></frameset></html>", ".html"),
    )
    variant(
        h,
        "table-only",
        "the text only in nested tables",
        lambda m: m.file(html("<table><tr><td>" * 50 + m.french() + "</td></tr></table>" * 50), ".html"),
    )
    variant(
        h,
        "nul-bytes",
        "HTML with NUL bytes",
        lambda m: m.file(html(paragraphs(m.french())).encode().replace(b"<p>", b"<p>\x00"), ".html"),
    )
    variant(
        h,
        "only-title",
        "a page whose only text is a 20 kB <title>",
        lambda m: m.file(html("", f"<title>{'Titre ' * 4000}</title>"), ".html"),
    )
    j = "jsonl"

    def doc(m: Maker, **fields) -> str:
        return json.dumps({"id": f"{m.key}-1", "text": m.french(), **fields}, ensure_ascii=False)

    variant(
        j, "truncated", "a line cut in the middle of a string", lambda m: m.jsonl([doc(m)[: m.rng.randrange(5, 200)]])
    )
    variant(j, "digits-5000", "a 5,000-digit number", lambda m: m.jsonl([doc(m)[:-1] + ', "n": ' + "9" * 5000 + "}"]))
    variant(
        j,
        "digits-5000-published",
        "a 5,000-digit number as published",
        lambda m: m.jsonl([doc(m)[:-1] + ', "published": ' + "1" * 5000 + "}"]),
    )
    variant(j, "array-100000", "a 100,000-deep array", lambda m: m.jsonl(["[" * 100000 + "]" * 100000]))
    variant(
        j,
        "object-100000",
        "a 100,000-deep object as text",
        lambda m: m.jsonl(['{"id": "x", "text": ' + '{"a": ' * 100000 + "1" + "}" * 100001]),
    )
    for name, value in [("number", 42), ("list", ["a", "b"]), ("null", None), ("object", {"a": 1}), ("bool", True)]:
        variant(
            j,
            f"text-{name}",
            f"'text' a {name}",
            lambda m, v=value: m.jsonl([json.dumps({"id": f"{m.key}-1", "text": v})]),
        )
    variant(j, "missing-id", "no 'id'", lambda m: m.jsonl([json.dumps({"text": m.french()}, ensure_ascii=False)]))
    variant(j, "duplicate-ids", "two lines with the same id", lambda m: m.jsonl([doc(m), doc(m)]))
    for name, value in [("list", ["a", "b"]), ("object", {"fr": "x"}), ("number", 12), ("bool", False)]:
        variant(j, f"title-{name}", f"'title' a {name}", lambda m, v=value: m.jsonl([doc(m, title=v)]))
    for name, value in [
        ("number", 20240301),
        ("list", ["2024-03-01"]),
        ("not-a-date", "mardi prochain"),
        ("impossible", "2024-02-30"),
        ("object", {"y": 2024}),
    ]:
        variant(j, f"published-{name}", f"'published' {name}", lambda m, v=value: m.jsonl([doc(m, published=v)]))
    variant(j, "url-list", "'url' a list", lambda m: m.jsonl([doc(m, url=["http://a", "http://b"])]))
    for name, value in [
        ("number", 42),
        ("list", [1, 2]),
        ("object", {"a": 1}),
        ("empty", ""),
        ("zero", 0),
        ("long", "x" * 10000),
        ("newline", "a\nb/../c"),
    ]:
        variant(j, f"id-{name}", f"'id' {name} (its record carries no key: only the canary is counted)", odd_id(value))
    variant(
        j,
        "surrogate-text",
        'a lone surrogate "\\ud800" escaped in text',
        lambda m: m.jsonl([doc(m)[:-2] + '\\ud800"}']),
    )
    variant(
        j,
        "surrogate-id",
        'a lone surrogate "\\udc80" escaped in id',
        lambda m: m.jsonl(['{"id": "' + m.key + '-\\udc80", "text": ' + json.dumps(m.french()) + "}"]),
    )
    variant(
        j,
        "surrogate-title",
        'a lone surrogate "\\ud83d" escaped in title',
        lambda m: m.jsonl([doc(m)[:-1] + ', "title": "a\\ud83d"}']),
    )
    variant(j, "nul-escaped", 'an escaped NUL "\\u0000" in text', lambda m: m.jsonl([doc(m)[:-2] + '\\u0000 fin"}']))
    variant(
        j,
        "huge-line",
        "a 2 MB line of French text",
        lambda m: m.jsonl([json.dumps({"id": f"{m.key}-1", "text": repeated(m, 2 * MB)})]),
        cap=2,
        slow=True,
    )
    variant(
        j,
        "nan",
        "NaN and Infinity literals",
        lambda m: m.jsonl([doc(m)[:-1] + ', "published": NaN, "title": Infinity}']),
    )
    variant(
        j,
        "top-level",
        "lines that are an array, a string, null, a number",
        lambda m: m.jsonl(["[1, 2]", '"texte"', "null", "3"]),
    )
    variant(
        j,
        "bom-crlf-blank",
        "a BOM, CRLF line ends and blank lines",
        lambda m: m.file(
            codecs.BOM_UTF8 + f"\r\n  \r\n{doc(m)}\r\n\r\n{doc(m).replace('-1', '-2')}\r\n".encode(), ".jsonl"
        ),
    )
    variant(
        j,
        "text-blank",
        "'text' empty and whitespace",
        lambda m: m.jsonl(
            [json.dumps({"id": f"{m.key}-1", "text": ""}), json.dumps({"id": f"{m.key}-2", "text": " \n\t"})]
        ),
    )
    variant(
        j,
        "duplicate-keys",
        "an object with 'text' twice, the last not a string",
        lambda m: m.jsonl(['{"id": "' + m.key + '-1", "text": "a", "text": 5}']),
    )
    variant(
        j,
        "js-syntax",
        "single quotes, trailing commas, comments",
        lambda m: m.jsonl(["{'id': 'a', 'text': 'b'}", '{"id": "b", "text": "c",}', "// commentaire"]),
    )
    variant(
        j,
        "raw-controls",
        "a raw tab and newline-free control in a string",
        lambda m: m.jsonl([doc(m).replace(" ", "\t", 3)[:-2] + '\x01"}']),
    )
    variant(
        j,
        "many-lines",
        "500 tiny documents",
        lambda m: m.jsonl([json.dumps({"id": f"{m.key}-{n}", "text": "M. Dupont."}) for n in range(500)], canary=False),
        cap=3,
        slow=True,
    )
    r = "records"
    for path, value, desc in [
        ("title", ["a", "b"], "title a list"), ("published", 20240301, "published a number"),
        ("doc_id", 12345, "doc_id a number"), ("doc_id", None, "doc_id null"), ("doc_id", "", "doc_id empty"),
        ("doc_id", DELETE, "doc_id missing"), ("doc_id", ["x"], "doc_id a list"), ("contacts", "rencontre", "contacts a string"),
        ("contacts", DELETE, "contacts missing"), ("contacts", [42], "a contact a number"),
        ("contacts.0.date", "mardi prochain", "contact date not a date"), ("contacts.0.date", 20240301, "contact date a number"),
        ("contacts.0.participants", None, "participants null"), ("contacts.0.participants", ["FRA"], "participants strings"),
        ("contacts.0.participants.0.name", None, "participant name null"),
        ("contacts.0.evidence", [{"start": "a", "end": "b"}], "evidence offsets not numbers"),
        ("contacts.0.evidence", [{"start": 50, "end": 10**6}], "evidence offsets past the text"),
        ("contacts.0.evidence", [[0, 10]], "evidence a list of lists"), ("contacts.0.location", "Paris", "location a string"),
        ("contacts.0.topics", {"a": 1}, "topics an object"), ("contacts.0.plover", ["CONSULT"], "plover a list"),
        ("contacts.0.cameo", "041", "cameo a string"), ("contacts.0.medium", 3, "medium a number"),
        ("statements", "aucune", "statements a string"), ("statements.0.source", "FRA", "statement source a string"),
        ("statements.0.evidence", [0, 10], "statement evidence a list"), ("statements.0.negated", "oui", "negated a string"),
        ("text", 42, "text a number"), ("language", ["fr"], "language a list"), ("error", "boom", "an error field with contacts"),
    ]:  # fmt: skip
        variant(r, desc.replace(" ", "-"), f"a record with {desc}", mutated(path, value))
    variant(
        r, "truncated", "a record cut in the middle", lambda m: m.records(json.dumps(record(f"{m.key}-broken"))[:300])
    )
    variant(
        r,
        "broken-first",
        "the broken record first (title a list), then valid ones",
        lambda m: m.records(json.dumps({**record(f"{m.key}-broken"), "title": [1]}), first=True),
    )
    variant(
        r,
        "truncated-first",
        "a truncated record first, then valid ones",
        lambda m: m.records(json.dumps(record(f"{m.key}-broken"))[:200], first=True),
    )
    variant(r, "list-line", "a line that is a JSON array", lambda m: m.records(json.dumps([record(f"{m.key}-broken")])))
    variant(
        r,
        "array-100000",
        "a 100,000-deep array in a record",
        lambda m: m.records(json.dumps(record(f"{m.key}-broken"))[:-1] + ', "x": ' + "[" * 100000 + "]" * 100000 + "}"),
    )
    variant(
        r,
        "digits-5000",
        "a 5,000-digit evidence offset",
        lambda m: m.records(json.dumps(record(f"{m.key}-broken")).replace('"end": 40', '"end": ' + "7" * 5000, 1)),
    )
    variant(
        r,
        "surrogate-title",
        'a lone surrogate "\\ud800" in the title',
        lambda m: m.records(json.dumps(record(f"{m.key}-broken")).replace('"Entretien"', '"a\\ud800"')),
    )
    variant(
        r,
        "surrogate-doc-id",
        'a lone surrogate "\\udfff" in doc_id',
        lambda m: m.records(json.dumps(record(f"{m.key}-broken")).replace("-broken", "-\\udfff")),
    )
    variant(
        r,
        "duplicate-doc-id",
        "the same doc_id twice in one file, different contents",
        lambda m: m.records(json.dumps({**record(f"{m.key}-canary1"), "title": "Autre"})),
    )
    variant(
        r,
        "nan-offsets",
        "NaN and Infinity offsets",
        lambda m: m.records(
            json.dumps(record(f"{m.key}-broken"))
            .replace('"start": 0', '"start": NaN')
            .replace('"end": 40', '"end": Infinity')
        ),
    )
    n = "names"
    for name, fname in [
        ("spaces", "{k} with  spaces .txt"), ("quotes", "{k}_l'\"cité\".txt"), ("newline", "{k}_line\nbreak.txt"),
        ("carriage-return", "{k}_cr\rname.txt"), ("tab-escape", "{k}_tab\there\x1b[31m.txt"),
        ("long-255", "{k}_" + "x" * 245 + ".txt"), ("long-multibyte", "{k}_" + "é" * 120 + ".txt"),
        ("shell", "{k}_$(echo x);|&`id`.txt"), ("glob", "{k}_[a]*?{{b}}.txt"), ("backslash", "{k}_back\\slash.txt"),
        ("upper-suffix", "{k}_upper.TXT"), ("double-suffix", "{k}_double.txt.html"), ("no-suffix", "{k}_nosuffix"),
        ("hidden", ".{k}_hidden.txt"), ("nfd-name", "{k}_" + unicodedata.normalize("NFD", "été") + ".txt"),
        ("rtl-name", "{k}_\u202etxt.exe.txt"), ("emoji-name", "{k}_\U0001f1eb\U0001f1f7.txt"), ("unsupported-suffix", "{k}_rapport.pdf"),
    ]:  # fmt: skip
        variant(n, name, f"a good text named {fname!r}", lambda m, f=fname: m.file(m.french(), name=f.format(k=m.key)))
    variant(
        n,
        "non-utf8-bytes",
        "a name with bytes FF FE and latin-1 é (not UTF-8)",
        lambda m: m.file(m.french(), name=m.key.encode() + b"_\xff\xfe_caf\xe9.txt"),
    )
    variant(
        n,
        "non-utf8-in-folder",
        "a non-UTF-8 name inside a folder given",
        lambda m: folder_with(m, m.key.encode() + b"_\xe9t\xe9.txt"),
    )
    variant(
        n,
        "dash-in-folder",
        "a file named '-v.txt'-like inside a folder given",
        lambda m: folder_with(m, f"-{m.key}_--help.txt"),
    )
    variant(
        n, "same-stem-two-folders", "the same stem in two folders, both files given", lambda m: two_folders(m, False)
    )
    variant(
        n,
        "same-stem-two-folders-walked",
        "the same stem in two folders, the parent given",
        lambda m: two_folders(m, True),
    )
    variant(n, "same-stem-txt-html", "the same stem as .txt and .html", same_stem)
    s = "special"
    variant(s, "empty-txt", "an empty .txt", lambda m: m.file(b""))
    variant(s, "empty-html", "an empty .html", lambda m: m.file(b"", ".html"))
    variant(s, "empty-jsonl", "an empty .jsonl", lambda m: m.file(b"", ".jsonl"))
    variant(s, "whitespace", "only whitespace", lambda m: m.file(b" \n\t\r\n  "))
    variant(s, "bom-only", "only a UTF-8 BOM", lambda m: m.file(codecs.BOM_UTF8))
    variant(s, "dir-named-txt", "an empty directory named like a .txt", lambda m: m.folder(m.name(".txt")))
    variant(s, "dir-named-jsonl", "a directory named .jsonl with a text inside", named_folder)
    variant(s, "empty-dir", "an empty directory", lambda m: m.folder())
    variant(s, "fifo-txt", "a named pipe .txt (no writer)", lambda m: fifo(m, ".txt"), cap=1)
    variant(s, "fifo-jsonl", "a named pipe .jsonl (no writer)", lambda m: fifo(m, ".jsonl"), cap=1)
    variant(
        s,
        "fifo-in-folder",
        "a named pipe inside a folder given",
        lambda m: (lambda d: (os.mkfifo(os.path.join(d, m.key.encode() + b"_p.txt")), d)[1])(m.folder()),
        cap=2,
    )
    variant(s, "symlink-loop", "two symlinks pointing at each other", loop_pair)
    variant(
        s,
        "symlink-self",
        "a symlink to itself",
        lambda m: symlink(m.name(".txt").encode(), os.path.join(os.fsencode(m.base), os.fsencode(m.name(".txt")))),
    )
    variant(s, "symlink-dir-loop", "a folder holding a symlink to itself, and a text", dir_loop)
    variant(
        s,
        "dangling-symlink",
        "a symlink to nothing",
        lambda m: symlink(b"/nonexistent/x.txt", os.path.join(os.fsencode(m.base), os.fsencode(m.name(".txt")))),
    )
    variant(s, "socket", "a Unix socket named .txt", unix_socket)
    variant(s, "sparse-11mb", "an 11 MB sparse .txt (over the limit)", lambda m: sparse(m, ".txt", 11 * 1024 * 1024))
    variant(
        s, "sparse-11mb-jsonl", "an 11 MB sparse .jsonl (NUL bytes)", lambda m: sparse(m, ".jsonl", 11 * 1024 * 1024)
    )
    variant(s, "unreadable-file", "a file with mode 000", unreadable)
    variant(s, "unreadable-folder", "a sub-folder with mode 000, its parent given", unreadable_parent)
    x = "regex"
    variant(x, "mr-20000", '20,000 × "M. "', lambda m: m.file("M. " * 20000), cap=3, slow=True)
    variant(
        x,
        "nospace-100k",
        "100 kB without spaces",
        lambda m: m.file("".join(m.rng.choice("abcdefghéè'-") for _ in range(100000))),
        cap=3,
        slow=True,
    )
    variant(x, "periods-50000", "50,000 periods", lambda m: m.file("." * 50000), cap=3, slow=True)
    variant(
        x,
        "line-1mb",
        "a 1 MB single line of French words",
        lambda m: m.file(words(m.rng, m.french_texts, MB)),
        cap=2,
        slow=True,
    )
    variant(
        x,
        "text-9.9mb",
        "a 9.9 MB ordinary French text (good texts repeated)",
        lambda m: m.file(repeated(m, 9_900_000)),
        cap=2,
        slow=True,
    )
    for name, unit, count in [
        ("guillemets", "« ", 10000), ("parens", "(", 20000), ("dates", "le 12 mars 2024, ", 5000),
        ("cues", "La France a appelé l'Allemagne à condamner ", 2000),
        ("contacts", "M. Macron s'est entretenu avec M. Scholz, puis ", 2000),
        ("capitals", "Le Président De La République ", 5000), ("ellipses", "…—– ", 20000), ("digits", "0123456789", 10000),
        ("urls", "https://www.diplomatie.gouv.fr/fr/ ", 3000), ("hyphens", "a-", 50000), ("apostrophes", "l'", 40000),
        ("newlines", "\n", 200000), ("titles", "S.E.M. le ministre ", 5000),
    ]:  # fmt: skip
        variant(
            x,
            name,
            f"{count:,} × {unit!r}",
            lambda m, u=unit, c=count: m.file(u * c + "\n" + m.french()),
            cap=3,
            slow=True,
        )


def unreadable_parent(m: Maker) -> bytes:
    parent = m.folder()
    m.file(m.french(), name=f"{m.key}_readable.txt", folder=parent)
    sub = m.folder(f"{m.key}_locked", parent)
    m.file(m.french(), name=f"{m.key}_inside.txt", folder=sub)
    os.chmod(sub, 0)
    m.expect = 2
    return parent


def chmod_blocks(base: Path) -> bool:
    """Whether mode 000 stops this user reading (not for root)."""
    probe = base / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        probe.read_text()
        return False
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
        probe.unlink()


# ---------------------------------------------------------------------------------------------------- campaign


def good_sources() -> list[Path]:
    return [p for src in GOOD_SOURCES if src.is_dir() for p in sorted(src.iterdir()) if p.suffix in (".txt", ".html")]


def make_inputs(
    base: Path, n_bad: int, n_good: int, seed: int, quick: bool
) -> tuple[list[Input], list[Input], list[str]]:
    """The bad inputs (categories in turn, each category's variants in a seeded order, up to each one's cap), the
    good documents under unique names, and the variants skipped with why."""
    sources = good_sources()
    if not sources:
        raise SystemExit(f"fuzz: no good documents under {', '.join(map(str, GOOD_SOURCES))}")
    texts = [p.read_text(encoding="utf-8") for p in sources]
    french = [t for p, t in zip(sources, texts, strict=True) if any(p.is_relative_to(s) for s in FRENCH_SOURCES)]
    inputs = base / "in"
    inputs.mkdir(parents=True)
    maker = Maker(inputs, texts, french or texts)
    skipped = []
    skip = set()
    if not chmod_blocks(base):
        skip |= {"unreadable-file", "unreadable-folder"}
        skipped.append("unreadable-file, unreadable-folder: chmod 000 does not block reads for this user (root)")
    if not hasattr(os, "mkfifo"):
        skip |= {"fifo-txt", "fifo-jsonl", "fifo-in-folder"}
        skipped.append("fifo-*: no os.mkfifo on this system")
    if not VARIANTS:
        register()
    rng = random.Random(seed)
    by_category: dict[str, list[V]] = {}
    for v in VARIANTS:
        if v[1] not in skip and not (quick and v[5]):  # the quick sample leaves out the slow variants
            by_category.setdefault(v[0], []).append(v)
    for vs in by_category.values():
        rng.shuffle(vs)
    used: dict[tuple[str, str], int] = {}
    turn = dict.fromkeys(by_category, 0)
    bad: list[Input] = []
    while len(bad) < n_bad:
        added = False
        for category, vs in by_category.items():
            for _ in range(len(vs)):
                cat, name, description, make, cap, slow = vs[turn[category] % len(vs)]
                turn[category] += 1
                if cap is None or used.get((cat, name), 0) < cap:
                    break
            else:
                continue
            used[(cat, name)] = used.get((cat, name), 0) + 1
            key = f"B{len(bad) + 1:04d}"
            maker.start(key, name, random.Random(f"{seed}:{key}"))
            made = make(maker)
            paths = made if isinstance(made, list) else [made]
            bad.append(Input(key, cat, name, description, paths, maker.expect or len(paths), slow,
                             maker.record_file, maker.canaries, maker.marker))  # fmt: skip
            added = True
            if len(bad) == n_bad:
                break
        if not added:
            break  # every variant at its cap
    good = []
    for k in range(n_good):
        src = sources[k % len(sources)]
        key = f"G{k + 1:04d}"
        path = inputs / f"{key}_{src.stem}{src.suffix}"
        path.write_bytes(src.read_bytes())
        good.append(Input(key, "good", src.parent.parent.name, str(src.relative_to(ROOT.parent)), [os.fsencode(path)],
                          good_id=path.stem))  # fmt: skip
    return bad, good, skipped


def deal(bad: list[Input], good: list[Input], per_batch: int, seed: int) -> list[list[Input]]:
    """Batches of about ``per_batch`` bad inputs, the slow ones spread one per batch, and the good documents spread
    evenly, one of them first (its time absorbs the start-up, so no bad input is charged for it)."""
    rng = random.Random(seed + 1)
    n = max(1, -(-len(bad) // per_batch))
    rest = [b for b in bad if not b.slow]
    rng.shuffle(rest)
    batches: list[list[Input]] = [[] for _ in range(n)]
    for i, inp in enumerate([b for b in bad if b.slow] + rest):
        batches[i % n].append(inp)
    goods: list[list[Input]] = [[] for _ in range(n)]
    for i, inp in enumerate(good):
        goods[i % n].append(inp)
    for batch, gs in zip(batches, goods, strict=True):
        mixed = batch + gs[1:]
        rng.shuffle(mixed)
        batch[:] = gs[:1] + mixed
    return batches


class Runner:
    """Runs the CLI in subprocesses, each in its own session so a timeout kills it and its children."""

    def __init__(self, base: Path, timeout: float, src: Path | None = None):
        self.base, self.timeout = base, timeout
        self.env = dict(os.environ)
        if src is not None:  # another checkout's package first on the path (the venv's dependencies still serve)
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), self.env.get("PYTHONPATH")]))
        self.count = 0
        self.lock = threading.Lock()
        (base / "db").mkdir(exist_ok=True)

    def __call__(self, command: str, inputs: list[Input], label: str, timeout: float | None = None,
                 extra: tuple[str, ...] = ()) -> Run:  # fmt: skip
        paths = [p for inp in inputs for p in inp.paths]
        db = None
        args: list[str | bytes] = [sys.executable, "-m", "diplograph", command, *extra]
        if command == "ingest":
            db = self.base / "db" / f"{label}.sqlite"
            args += ["--db", str(db)]
        with self.lock:
            self.count += 1
        start = time.perf_counter()
        proc = subprocess.Popen([*args, *paths], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                cwd=self.base, env=self.env, start_new_session=True)  # fmt: skip
        out: list[tuple[float, bytes]] = []
        err: list[bytes] = []
        pumps = [
            threading.Thread(target=lambda: out.extend((time.perf_counter() - start, line) for line in proc.stdout)),
            threading.Thread(target=lambda: err.append(proc.stderr.read())),
        ]
        for t in pumps:
            t.start()
        timed_out = False
        try:
            proc.wait(timeout or self.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)  # our own child's session, nothing else
            proc.wait()
        seconds = time.perf_counter() - start
        for t in pumps:
            t.join(10)
        stderr = b"".join(err).decode("utf-8", "backslashreplace")
        return Run(command, label, proc.returncode, seconds, timed_out, out, stderr, db)


# ---------------------------------------------------------------------------------------------------- checks


@dataclass
class Seen:
    """What one run of one batch produced, per input key."""

    outcomes: dict[str, int] = field(default_factory=dict)  # records or stored documents, plus error lines
    ok_ids: set[str] = field(default_factory=set)  # documents with a record (extract) or stored (ingest)
    errors: dict[str, str] = field(default_factory=dict)  # doc_id -> error of its error record
    seconds: dict[str, float] = field(default_factory=dict)  # extract: seconds between records, per input
    docs: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # ingest: stored text per doc_id
    invalid_utf8: int = 0
    bad_json: int = 0


def named_lines(stderr: str) -> dict[str, int]:
    named: dict[str, int] = {}
    for line in stderr.splitlines():
        if line.startswith("diplograph:"):
            for key in set(TOKEN.findall(line)):
                named[key] = named.get(key, 0) + 1
    return named


def key_of(*texts: object) -> str | None:
    for text in texts:
        found = TOKEN.search(str(text)) if text is not None else None
        if found:
            return found.group(1)
    return None


def seen_extract(run: Run, batch: list[Input]) -> Seen:
    seen = Seen(outcomes=named_lines(run.stderr))
    index = {inp.key: i for i, inp in enumerate(batch)}
    pointer, previous = 0, None
    for at, line in run.stdout:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            seen.invalid_utf8 += 1
            text = line.decode("utf-8", "surrogateescape")
        try:
            rec = json.loads(text)
        except ValueError:
            seen.bad_json += 1
            rec = {"doc_id": text[:200], "error": "unparsable output line"}
        doc_id = str(rec.get("doc_id")) if isinstance(rec, dict) else ""
        error = rec.get("error") if isinstance(rec, dict) else None
        key = key_of(doc_id, error)
        if key in index and index[key] >= pointer:  # records come in input order; an id without a key stays put
            pointer = index[key]
        owner = batch[pointer].key
        seen.outcomes[owner] = seen.outcomes.get(owner, 0) + 1
        seen.docs[owner] = seen.docs.get(owner, 0) + 1
        if previous is not None:
            seen.seconds[owner] = seen.seconds.get(owner, 0.0) + at - previous
        previous = at
        if error is None:
            seen.ok_ids.add(doc_id)
        else:
            seen.errors[doc_id] = str(error)
    return seen


def seen_ingest(run: Run) -> Seen:
    seen = Seen(outcomes=named_lines(run.stderr))
    try:
        with sqlite3.connect(f"file:{run.db}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT doc_id, text FROM documents").fetchall()
        db.close()
    except sqlite3.Error:
        rows = []
    for doc_id, text in rows:
        seen.ok_ids.add(doc_id)
        seen.texts[doc_id] = text
        key = key_of(doc_id)
        if key:
            seen.outcomes[key] = seen.outcomes.get(key, 0) + 1
    return seen


def signature(stderr: str, base: Path, run: Run) -> str:
    """The failure in one line: the exception's last line (or the timeout, or the exit status), without paths."""
    if run.timed_out:
        return "timeout"
    lines = [line for line in stderr.splitlines() if line.strip()]
    if TRACEBACK in stderr:
        start = max(i for i, line in enumerate(lines) if TRACEBACK in line)
        tail = [line for line in lines[start:] if not line.startswith((" ", "diplograph:", "\t"))]
        line = tail[-1] if tail else lines[-1]
    else:
        line = f"exit {run.rc}: {lines[-1] if lines else ''}"
    line = line.replace(str(base), "<dir>")
    line = TOKEN.sub("<key>", line)
    return re.sub(r"\d{7,}", "<n>", line)[:200]


def traceback_tail(stderr: str, lines: int = 12) -> str:
    if TRACEBACK not in stderr:
        return "\n".join(stderr.splitlines()[-3:])
    return "\n".join(stderr[stderr.rindex(TRACEBACK) :].splitlines()[-lines:])


def processing_order(command: str, batch: list[Input]) -> list[Input]:
    if command == "ingest":  # ingest opens every .jsonl given and stores the files of records first
        return [b for b in batch if b.record_file] + [b for b in batch if not b.record_file]
    return batch


# ---------------------------------------------------------------------------------------------------- campaign


class Campaign:
    def __init__(self, base: Path, timeout: float, jobs: int, src: Path | None = None):
        self.base, self.timeout, self.jobs = base, timeout, jobs
        self.run = Runner(base, timeout, src)
        self.singles: dict[tuple[str, str], Run] = {}

    def single(self, command: str, inp: Input, timeout: float | None = None) -> Run:
        if (command, inp.key) not in self.singles:
            self.singles[(command, inp.key)] = self.run(command, [inp], f"single-{command}-{inp.key}", timeout)
        return self.singles[(command, inp.key)]

    def culprit(self, run: Run, batch: list[Input], seen: Seen, known: set[str]) -> tuple[Input | None, Run | None]:
        """The input that makes a failed run fail: the first one, in the order the command handles them, from the
        last with an outcome on, that fails alone too. An ingest that crashed is run again committing every
        document first, so the store shows how far it got."""
        if run.command == "ingest" and not run.timed_out:
            again = self.run("ingest", batch, f"{run.label}-batch1", extra=("--batch", "1"))
            seen = seen_ingest(again)
            seen.outcomes.update({k: v + seen.outcomes.get(k, 0) for k, v in named_lines(again.stderr).items()})
        order = processing_order(run.command, batch)
        last = max((i for i, inp in enumerate(order) if seen.outcomes.get(inp.key)), default=0)
        suspects = [inp for inp in order[last:] if not inp.good_id]
        suspects.sort(key=lambda inp: inp.key not in known)  # a culprit found elsewhere first (stable otherwise)
        for inp in suspects[:6]:
            alone = self.single(run.command, inp, min(self.timeout, 30))
            if alone.failed:
                control = self.run(run.command, [g for g in batch if g.good_id][:1], f"control-{run.label}")
                if control.failed:  # a good document fails alone too: the package is broken, not the input
                    return None, control
                known.add(inp.key)
                return inp, alone
        return None, None

    def execute(self, batches: list[list[Input]], confirm: int, log: Callable[[str], None]) -> dict:
        started = time.perf_counter()
        tasks = [(command, i) for i in range(len(batches)) for command in ("extract", "ingest")]
        with ThreadPoolExecutor(self.jobs) as pool:
            runs = dict(
                zip(tasks, pool.map(lambda t: self.run(t[0], batches[t[1]], f"{t[0]}-{t[1]:03d}"), tasks), strict=True)
            )
        log(f"fuzz: {len(tasks)} batch runs in {time.perf_counter() - started:.0f} s")
        seen = {t: seen_extract(r, batches[t[1]]) if t[0] == "extract" else seen_ingest(r) for t, r in runs.items()}
        failures = self.failures(runs, seen, batches)
        report = {
            "batches": len(batches),
            "batch_runs": len(tasks),
            "tracebacks": {c: sum(r.crashed for t, r in runs.items() if t[0] == c) for c in ("extract", "ingest")},
            "timeouts": {c: sum(r.timed_out for t, r in runs.items() if t[0] == c) for c in ("extract", "ingest")},
            "slowest_batch": {
                c: round(max(r.seconds for t, r in runs.items() if t[0] == c), 1) for c in ("extract", "ingest")
            },
            "failures": failures,
            **self.losses(runs, seen, batches),
            **self.stdout_checks(seen),
            **self.timing(seen, batches, confirm),
        }
        report["subprocesses"] = self.run.count
        report["seconds"] = round(time.perf_counter() - started, 1)
        return report

    def failures(self, runs: dict, seen: dict, batches: list[list[Input]]) -> list[dict]:
        """Every failed run, narrowed to its culprit, merged into distinct failures."""
        distinct: dict[tuple, dict] = {}
        known: set[str] = set()
        failed = sorted((t for t, r in runs.items() if r.failed), key=lambda t: (t[0] != "extract", t[1]))
        with ThreadPoolExecutor(self.jobs) as pool:  # extract's culprits first: ingest's search tries them first
            found = dict(
                zip(
                    failed,
                    pool.map(lambda t: self.culprit(runs[t], batches[t[1]], seen[t], known), failed),
                    strict=True,
                )
            )
        for command, i in failed:
            run, batch = runs[(command, i)], batches[i]
            inp, alone = found[(command, i)]
            lost = sum(1 for b in batch if b.good_id and b.good_id not in seen[(command, i)].ok_ids)
            sig = signature((alone or run).stderr, self.base, alone or run)
            where = (
                (inp.category, inp.variant)
                if inp
                else ("environment", "a good document fails alone: the package itself is broken")
                if alone
                else ("?", "not isolated: no input fails alone")
            )
            entry = distinct.setdefault((command, *where, sig), {
                "command": command, "category": where[0], "variant": where[1],
                "input": inp.description if inp else "", "example": inp.key if inp else None,
                "paths": [os.fsdecode(p).replace(str(self.base), "<dir>") for p in inp.paths] if inp else [],
                "what": sig, "traceback": traceback_tail((alone or run).stderr),
                "alone_seconds": round(alone.seconds, 1) if alone else None,
                "batches": [], "good_lost": 0, "batch_seconds": [],
            })  # fmt: skip
            entry["batches"].append(i)
            entry["good_lost"] += lost
            entry["batch_seconds"].append(round(run.seconds, 1))
        return list(distinct.values())

    def losses(self, runs: dict, seen: dict, batches: list[list[Input]]) -> dict:
        lost, silent, misdecoded, rejected = [], [], [], []
        for (command, i), run in runs.items():
            s = seen[(command, i)]
            cause = "timeout" if run.timed_out else "crash" if run.crashed else None
            for inp in batches[i]:
                wanted = [inp.good_id] if inp.good_id else [c for c, cmds in inp.canaries.items() if command in cmds]
                for doc_id in wanted:
                    if doc_id not in s.ok_ids:
                        why = cause or (f"error record: {s.errors[doc_id]}" if doc_id in s.errors else "missing")
                        lost.append({"command": command, "batch": i, "doc_id": doc_id, "input": inp.key,
                                     "category": inp.category, "variant": inp.variant, "cause": why.replace(str(self.base), "<dir>")})  # fmt: skip
                if inp.good_id or run.failed:
                    continue  # a document a failed run never reached is lost, not silent
                if s.outcomes.get(inp.key, 0) < inp.expect:
                    silent.append({"command": command, "input": inp.key, "category": inp.category, "variant": inp.variant,
                                   "description": inp.description, "got": s.outcomes.get(inp.key, 0), "expected": inp.expect})  # fmt: skip
                if command == "ingest" and inp.marker:
                    doc_id = os.fsdecode(os.path.splitext(os.path.basename(inp.paths[0]))[0])
                    if doc_id not in s.texts:
                        rejected.append({"input": inp.key, "variant": inp.variant})
                    elif MARKER_PROBE not in s.texts[doc_id]:
                        misdecoded.append({"input": inp.key, "variant": inp.variant, "stored": s.texts[doc_id][:70]})
        return {"good_lost": lost, "silent": silent, "misdecoded": misdecoded, "encoding_rejected": rejected}

    @staticmethod
    def stdout_checks(seen: dict) -> dict:
        return {
            "invalid_utf8_lines": sum(s.invalid_utf8 for s in seen.values()),
            "unparsable_lines": sum(s.bad_json for t, s in seen.items() if t[0] == "extract"),
        }

    def timing(self, seen: dict, batches: list[list[Input]], confirm: int) -> dict:
        """Seconds per document of each bad input, from when extract printed its records; the slowest ones are
        run alone, less the start-up of extract on one good document, to confirm."""
        by_key = {inp.key: inp for batch in batches for inp in batch}
        estimates = []
        for (command, _), s in seen.items():
            if command == "extract":
                for key, sec in s.seconds.items():
                    if not by_key[key].good_id:
                        estimates.append((sec / max(1, s.docs[key]), key))
        estimates.sort(reverse=True)
        top = [by_key[key] for _, key in estimates[: max(confirm, 5)]]
        estimate = {key: per for per, key in estimates}
        startup = None
        goods = [inp for batch in batches for inp in batch if inp.good_id]
        if confirm and goods:
            starts = [self.run("extract", [goods[0]], f"startup-{n}") for n in range(2)]
            if not any(r.failed for r in starts):  # else the package is broken: no timing alone means anything
                startup = min(r.seconds for r in starts)
        slowest = []
        for inp in top:
            row = {"input": inp.key, "category": inp.category, "variant": inp.variant, "description": inp.description,
                   "in_batch_s_per_doc": round(estimate[inp.key], 2), "alone_s_per_doc": None}  # fmt: skip
            if startup is not None and len(slowest) < confirm:
                alone = self.run("extract", [inp], f"alone-{inp.key}")
                docs = max(1, len(alone.stdout))
                row["alone_s_per_doc"] = round(max(0.0, alone.seconds - startup) / docs, 2)
            slowest.append(row)
        slowest.sort(
            key=lambda r: -(r["alone_s_per_doc"] if r["alone_s_per_doc"] is not None else r["in_batch_s_per_doc"])
        )
        return {"startup_seconds": round(startup, 2) if startup else None, "slowest": slowest[:5]}


# ---------------------------------------------------------------------------------------------------- report


def table(report: dict) -> str:
    def both(counts: dict) -> str:
        return f"{counts['extract']:>9} {counts['ingest']:>8}"

    def per(rows: list[dict]) -> dict:
        return {c: sum(1 for r in rows if r["command"] == c) for c in ("extract", "ingest")}

    inp = report["inputs"]
    out = [
        f"diplograph fuzz campaign, seed {report['seed']}: {inp['bad']} bad inputs ({inp['categories']}), "
        f"{inp['good']} good documents and {inp['canaries']} canary documents in {report['batches']} batches",
        f"{'':34}{'extract':>9} {'ingest':>8}",
        f"{'runs (batches)':34}{report['batches']:>9} {report['batches']:>8}   ({report['subprocesses']} subprocesses in all)",
        f"{'tracebacks or exit not 0/2':34}{both(report['tracebacks'])}",
        f"{'timeouts (' + str(report['timeout']) + ' s)':34}{both(report['timeouts'])}",
        f"{'good documents lost':34}{both(per(report['good_lost']))}",
        f"{'silent bad inputs':34}{both(per(report['silent']))}",
        f"{'slowest batch (s)':34}{both(report['slowest_batch'])}",
        f"{'invalid UTF-8 / unparsable lines':34}{report['invalid_utf8_lines']:>9} {report['unparsable_lines']:>8}   (stdout)",
        f"{'encodings misdecoded / rejected':34}{len(report['misdecoded']):>9} {len(report['encoding_rejected']):>8}   (stored text)",
    ]
    if report["slowest"]:
        out.append(f"slowest inputs, s/doc in batch | alone (start-up {report['startup_seconds']} s subtracted):")
        for r in report["slowest"]:
            out.append(
                f"  {r['input']} {r['category']}/{r['variant']}: {r['in_batch_s_per_doc']} | {r['alone_s_per_doc']}  ({r['description']})"
            )
    for note in report["skipped"]:
        out.append(f"skipped: {note}")
    if report["failures"]:
        out.append(f"distinct failures ({len(report['failures'])}):")
    for f in report["failures"]:
        out.append(f"  [{f['command']}] {f['category']}/{f['variant']} ({f['example']}: {f['input']}): {f['what']}"
                   f"  -- {len(f['batches'])} batch(es), {f['good_lost']} good lost")  # fmt: skip
    out.append(f"{report['seconds']} s; exit status {report['status']}")
    return "\n".join(out)


def campaign(n_bad: int = 1337, n_good: int = 202, seed: int = 0, timeout: float = 60, out: Path | None = None,
             quick: bool = False, per_batch: int = 20, jobs: int | None = None, confirm: int = 5, src: Path | None = None,
             log: Callable[[str], None] = lambda s: print(s, file=sys.stderr)) -> dict:  # fmt: skip
    """Run the whole campaign; the report as a dict (``status`` 1 when a traceback, a lost good document or a
    timeout)."""
    if quick:
        n_bad, n_good, per_batch, confirm, timeout = min(n_bad, 48), min(n_good, 12), 16, 0, min(timeout, 20)
    base = Path(tempfile.mkdtemp(prefix="diplograph-fuzz-")) if out is None else out
    base.mkdir(parents=True, exist_ok=True)
    if (base / "in").exists():
        raise SystemExit(f"fuzz: {base / 'in'} exists already; give an empty --out")
    try:
        bad, good, skipped = make_inputs(base, n_bad, n_good, seed, quick)
        batches = deal(bad, good, per_batch, seed)
        log(f"fuzz: {len(bad)} bad inputs, {len(good)} good documents in {base / 'in'}; {len(batches)} batches")
        jobs = jobs or max(1, min(4, os.cpu_count() or 1))
        report = Campaign(base, timeout, jobs, src).execute(batches, confirm, log)
    finally:
        if out is None:
            restore_modes(base)
            shutil.rmtree(base, ignore_errors=True)
    report = {
        "seed": seed,
        "timeout": timeout,
        "inputs": {
            "bad": len(bad),
            "good": len(good),
            "canaries": sum(len(b.canaries) for b in bad),
            "categories": len({b.category for b in bad}),
        },  # fmt: skip
        "by_category": {c: sum(1 for b in bad if b.category == c) for c in dict.fromkeys(b.category for b in bad)},
        "skipped": skipped,
        **report,
    }
    failed = sum(report["tracebacks"].values()) + sum(report["timeouts"].values()) + len(report["good_lost"])
    report["status"] = 1 if failed else 0
    if out is not None:
        (base / "report.json").write_text(json.dumps(report, indent=1))  # ASCII: names may hold lone surrogates
    return report


def restore_modes(base: Path) -> None:
    """Give back the permissions the unreadable variants took, so the directory can be removed."""
    for root, dirs, _ in os.walk(base):
        for d in dirs:
            path = os.path.join(root, d)
            if not os.path.islink(path):
                os.chmod(path, 0o700)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--inputs", type=int, default=1337, help="bad inputs (default: 1337)")
    p.add_argument("--good", type=int, default=202, help="good documents (default: 202)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=60, help="seconds per subprocess (default: 60)")
    p.add_argument(
        "--out", type=Path, help="keep the inputs, stores and report.json here (default: a removed temp dir)"
    )
    p.add_argument("--quick", action="store_true", help="a small sample (48 bad, 12 good, no slow variants)")
    p.add_argument("--batch-bad", type=int, default=20, help="bad inputs per batch (default: 20)")
    p.add_argument("--jobs", type=int, help="subprocesses at once (default: CPUs, at most 4)")
    p.add_argument("--confirm", type=int, default=5, help="slowest inputs to time alone (default: 5)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--src", type=Path, help="run another checkout's src/ (prepended to PYTHONPATH)")
    args = p.parse_args(argv)
    report = campaign(args.inputs, args.good, args.seed, args.timeout, args.out, args.quick, args.batch_bad, args.jobs,
                      args.confirm, args.src)  # fmt: skip
    text = json.dumps(report, indent=1) if args.json else table(report)
    print(text.encode("utf-8", "backslashreplace").decode("utf-8"))  # a non-UTF-8 file name, escaped
    return report["status"]


if __name__ == "__main__":
    sys.exit(main())
