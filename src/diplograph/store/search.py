"""Full-text search over the stored documents: SQLite FTS5, PostgreSQL tsvector with a GIN index.

    store.search("Lavrov Blinken")     # {"total": N, "items": [{doc_id, title, snippet, events, ...}]}
    store.query(q="téléphone Blinken")  # the events whose documents match (``Filters.q``)

Both databases index the same words: the title and the text of each document, lowered, with accents and
ligatures folded (``fold``: "Sergueï" is found by "serguei", "cœur" by "coeur"), one row per document kept in
step with it by ``Writer`` (``index`` at insert, ``unindex`` when the document is replaced or removed). A
user's query never reaches the database as syntax: ``parse`` keeps its words, each space-separated piece a
phrase ("l'Ukraine" is the phrase "l ukraine"), text between double quotes one phrase, a trailing ``*`` a
prefix; every piece must match. Unbalanced quotes, operators and brackets are just punctuation. The snippet
is cut from the stored text in Python, the matched words marked by offsets: the same on both databases, and
escaping is the reader's (the web templates autoescape).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .backend import Backend

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
WORD = re.compile(r"[^\W_]+")
ASCII_RUN = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]", re.DOTALL)
PIECE = re.compile(r'"([^"]*)"(\*?)|(\S+)')
MAX_TERMS = 16  # words and phrases of one query: a longer one keeps its first 16
SNIPPET = 240  # characters around the first match
LEAD = 80  # of which before it
INDEX_PAGE = 200  # documents read at once when the migration indexes an existing store
# PostgreSQL refuses a tsvector over 1 MB (a megabyte of distinct words makes 1.4 MB): it indexes the first
# 300,000 characters of a document (at most about 620 kB), SQLite all of it
PG_INDEXED = 300_000


def fold(text: str) -> str:
    """Lower case, accents and ligatures folded: what both databases index and what queries are made of."""
    return COMBINING.sub("", unicodedata.normalize("NFKD", text.lower())).translate(LIGATURES)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


def fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` piece by piece, with the offset in ``text`` of each folded character (a run of ASCII
    folds to itself lowered, one character for one; other characters are folded one at a time)."""
    out: list[str] = []
    where: list[int] = []
    for m in ASCII_RUN.finditer(text):
        piece, i = m.group(), m.start()
        if piece.isascii():
            out.append(piece.lower())
            where.extend(range(i, i + len(piece)))
        else:
            f = _fold_char(piece)
            out.append(f)
            where.extend([i] * len(f))
    return "".join(out), where


@dataclass(frozen=True)
class Term:
    """Words that must follow each other (one word, or a phrase); ``prefix``: the last may go on."""

    words: tuple[str, ...]
    prefix: bool = False


def parse(q: str) -> list[Term]:
    """The terms of a user's query: never an error, whatever it holds (no words: no terms)."""
    terms = []
    for m in PIECE.finditer(q or ""):
        phrase, star, bare = m.group(1), m.group(2), m.group(3)
        text = phrase if phrase is not None else bare
        prefix = bool(star) if phrase is not None else bare.endswith("*")
        words = tuple(WORD.findall(fold(text)))
        if words:
            terms.append(Term(words, prefix))
    return terms[:MAX_TERMS]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase (words are letters and digits only), ANDed."""
    return " ".join('"' + " ".join(t.words) + '"' + (" *" if t.prefix else "") for t in terms)


def tsquery(terms: list[Term]) -> str:
    """A PostgreSQL ``to_tsquery('simple', ...)`` expression: phrases with ``<->``, terms with ``&``."""
    parts = []
    for t in terms:
        lexemes = [f"'{w}'" for w in t.words]
        if t.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def matching(dialect: str, terms: list[Term]) -> tuple[str, list[Any]]:
    """SQL selecting the ``doc_id`` of the documents that match ``terms``, with its parameters."""
    if dialect == "postgresql":
        return "SELECT doc_id FROM document_search WHERE tsv @@ to_tsquery('simple', ?)", [tsquery(terms)]
    return (
        "SELECT s.doc_id FROM document_fts f JOIN document_search s ON s.id = f.rowid WHERE document_fts MATCH ?",
        [fts5_query(terms)],
    )


def events_matching(db: Backend, q: str, few: int) -> list[str] | None:
    """The events whose source documents match ``q`` when at most ``few`` documents do (read from the index,
    sorted), else None: the words are common, and each event is better checked on its own (``check``)."""
    terms = parse(q)
    if not terms:
        return []
    sql, params = matching(db.dialect, terms)
    docs = [r[0] for r in db.query(sql + " LIMIT ?", [*params, int(few) + 1])]
    if len(docs) > few:
        return None
    found: set[str] = set()
    for i in range(0, len(docs), 500):
        part = docs[i : i + 500]
        found |= {
            r[0]
            for r in db.query(
                f"SELECT event_id FROM contacts WHERE doc_id IN ({', '.join('?' * len(part))})"
                " AND event_id IS NOT NULL",
                part,
            )
        }
    return sorted(found)


def check(dialect: str, q: str, event: str) -> tuple[str, list[Any]]:
    """A WHERE condition: the event ``event`` (a column) has a source document matching ``q``, looked up for
    that event alone (its contacts' documents, each tested against the index), so that reading events
    newest first stops as soon as a page is found."""
    terms = parse(q)
    if not terms:
        return "1 = 0", []
    if dialect == "postgresql":
        return (
            "EXISTS (SELECT 1 FROM contacts c JOIN document_search s ON s.doc_id = c.doc_id"
            f" WHERE c.event_id = {event} AND s.tsv @@ to_tsquery('simple', ?))",
            [tsquery(terms)],
        )
    return (
        "EXISTS (SELECT 1 FROM contacts c JOIN document_search s ON s.doc_id = c.doc_id"
        f" JOIN document_fts f ON f.rowid = s.id WHERE c.event_id = {event} AND document_fts MATCH ?)",
        [fts5_query(terms)],
    )


# --- keeping the index in step -------------------------------------------------------------------
def body(title: str | None, text: str | None) -> str:
    return fold((title or "") + "\n\n" + (text or ""))


def index(db: Backend, doc_id: str, title: str | None, text: str | None) -> None:
    """Index one document (after its row is inserted; ``unindex`` first when it was there)."""
    if db.dialect == "postgresql":
        db.execute(
            "INSERT INTO document_search (doc_id, tsv) VALUES (?, to_tsvector('simple', ?))",
            (doc_id, body(title, text)[:PG_INDEXED]),
        )
        return
    rowid = db.execute("INSERT INTO document_search (doc_id) VALUES (?)", (doc_id,)).lastrowid
    db.execute("INSERT INTO document_fts (rowid, body) VALUES (?, ?)", (rowid, body(title, text)))


def unindex(db: Backend, doc_id: str) -> None:
    """Take one document out of the index (nothing when it is not in it)."""
    if db.dialect == "sqlite":
        db.execute(
            "DELETE FROM document_fts WHERE rowid IN (SELECT id FROM document_search WHERE doc_id = ?)", (doc_id,)
        )
    db.execute("DELETE FROM document_search WHERE doc_id = ?", (doc_id,))


def create(db: Backend) -> None:
    """Migration 0006: the index's tables, then every stored document indexed, a page at a time."""
    if db.dialect == "postgresql":
        db.execute(
            "CREATE TABLE document_search (doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,"
            " tsv tsvector NOT NULL)"
        )
        db.execute("CREATE INDEX document_search_tsv ON document_search USING GIN (tsv)")
    else:
        # rows keyed by an INTEGER PRIMARY KEY: the FTS rowids stay put when VACUUM renumbers other tables
        db.execute("CREATE TABLE document_search (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)")
        db.execute("CREATE VIRTUAL TABLE document_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    last = ""
    while rows := db.query(
        "SELECT doc_id, title, text FROM documents WHERE doc_id > ? ORDER BY doc_id LIMIT ?", (last, INDEX_PAGE)
    ):
        for doc_id, title, text in rows:
            index(db, doc_id, title, text)
        last = rows[-1][0]


# --- reading -------------------------------------------------------------------------------------
def search(db: Backend, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """The documents matching ``q``, best first: ``{"query", "total", "items"}``, each item a document's id,
    title, language, publication date and URL, a ``snippet`` (``text`` and ``marks``, [start, end] offsets
    into it of the matched words) and the ``events`` its contacts belong to."""
    terms = parse(q)
    if not terms:
        return {"query": q, "total": 0, "items": []}
    sql, params = matching(db.dialect, terms)
    total = int(db.query(f"SELECT COUNT(*) FROM ({sql}) m", params)[0][0])
    if db.dialect == "postgresql":
        ranked = (
            "SELECT s.doc_id FROM document_search s JOIN documents d ON d.doc_id = s.doc_id"
            " WHERE s.tsv @@ to_tsquery('simple', ?)"
            " ORDER BY ts_rank(s.tsv, to_tsquery('simple', ?)) DESC, d.published DESC NULLS LAST, s.doc_id"
        )
        params = params * 2
    else:
        ranked = sql + " ORDER BY f.rank, s.doc_id"
    ids = [r[0] for r in db.query(ranked + " LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])]
    return {"query": q, "total": total, "items": _items(db, ids, terms)}


def _items(db: Backend, ids: list[str], terms: list[Term]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    docs = {
        r[0]: r
        for r in db.query(
            f"SELECT doc_id, title, language, published, text, record, source FROM documents WHERE doc_id IN ({marks})",
            ids,
        )
    }
    events = _events(db, ids)
    out = []
    for doc_id in ids:
        _, title, language, published, text, record, source = docs[doc_id]
        url = json.loads(record or "{}").get("url") or (source if (source or "").startswith("http") else None)
        out.append(
            {
                "doc_id": doc_id,
                "title": title,
                "language": language,
                "published": published,
                "url": url,
                "snippet": snippet(text or "", terms),
                "events": events.get(doc_id, []),
            }
        )
    return out


def _events(db: Backend, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The events of each document's contacts, in the order of its contacts: id, date, medium, status and
    the participants' names."""
    rows = db.query(
        "SELECT c.doc_id, c.event_id, e.record FROM contacts c JOIN events e ON e.event_id = c.event_id"
        f" WHERE c.doc_id IN ({','.join('?' * len(ids))}) ORDER BY c.doc_id, c.position",
        ids,
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for doc_id, event_id, record in rows:
        if any(e["event_id"] == event_id for e in out.get(doc_id, [])):
            continue
        e = json.loads(record)
        out.setdefault(doc_id, []).append(
            {
                "event_id": event_id,
                "date": e.get("date"),
                "medium": e.get("medium"),
                "status": e.get("status"),
                "participants": [p.get("name") for p in e.get("participants") or []],
            }
        )
    return out


def snippet(text: str, terms: list[Term]) -> dict[str, Any]:
    """About SNIPPET characters of ``text`` around the first match of ``terms`` (the start when only the
    title matched), line breaks as spaces, with the ``marks`` of every match inside it."""
    folded, where = fold_map(text)
    pattern = _pattern(terms)
    hit = pattern.search(folded)
    first = where[hit.start()] if hit else 0
    start = max(0, first - LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET)
    if end < len(text):
        space = text.rfind(" ", max(first + 1, end - 40), end)
        end = space if space > first else end
    out, at = ["… "] if start else [], {}  # at: offset in the text -> offset in the snippet
    size = len(out[0]) if out else 0
    for i in range(start, end):
        at[i] = size
        if text[i].isspace():
            if out and out[-1] == " ":
                continue
            out.append(" ")
        else:
            out.append(text[i])
        size += 1
    at[end] = size
    window = pattern.finditer(folded, bisect.bisect_left(where, start), bisect.bisect_left(where, end))
    found = [(where[m.start()], where[m.end() - 1] + 1) for m in window] if hit else []
    marks = [[at[a], at[min(b, end)]] for a, b in found if start <= a < end]
    return {"text": "".join(out).rstrip() + (" …" if end < len(text) else ""), "marks": marks}


def _pattern(terms: list[Term]) -> re.Pattern:
    """A regular expression finding the terms in folded text, word-bounded as the index tokenises."""
    alternatives = []
    for t in terms:
        body_ = r"[\W_]+".join(re.escape(w) for w in t.words)
        alternatives.append(body_ + (r"[^\W_]*" if t.prefix else r"(?![^\W_])"))
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")")


def pieces(snip: dict[str, Any]) -> list[tuple[str, bool]]:
    """A snippet cut at its marks: (piece, is_match), in order; escaping is the reader's."""
    return cut(snip["text"], snip["marks"])


def cut(text: str, spans) -> list[tuple[str, bool]]:
    """``text`` cut at the (start, end) ``spans``: (piece, is_inside), in order, overlaps merged into the first;
    escaping is the reader's."""
    out, pos = [], 0
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans if b > a):
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out
