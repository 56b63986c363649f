"""Readers: turn paths into raw documents, one failure per bad document, never a lost batch.

Inputs: ``.txt`` (UTF-8, or a legacy encoding detected by charset-normalizer), ``.html``/``.htm`` (main
text extracted by trafilatura; the record keeps that text, since offsets point into it), ``.jsonl``
corpora (one object per line with ``id`` and ``text``, optional ``published``, ``title``, ``url``) and
directories, walked recursively in sorted order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 10 * 1024 * 1024  # the genre's documents are a few kB; a larger file is almost surely not one
# Among equally clean decodings, the legacy encodings of French and English web pages come first
# (charset-normalizer ties cp1250 and cp1252 on short French texts).
PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "mac_roman")


@dataclass(frozen=True)
class RawDocument:
    doc_id: str
    text: str
    source: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    extracted: bool = False  # True when ``text`` was extracted (HTML): the record then carries it


@dataclass(frozen=True)
class ReadFailure:
    doc_id: str
    error: InputError


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text file: UTF-8 first, then the legacy encoding charset-normalizer finds."""
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        raise InputError(source, "not text in any known encoding")
    least_chaos = min(round(r.chaos, 3) for r in results)
    clean = [r for r in results if round(r.chaos, 3) == least_chaos]
    rank = {enc: i for i, enc in enumerate(PREFERRED_ENCODINGS)}
    best = min(clean, key=lambda r: rank.get(r.encoding, len(rank)))
    text = str(best)
    if sum(1 for ch in text[:4096] if not ch.isprintable() and ch not in "\n\r\t") > 0.05 * min(len(text), 4096):
        raise InputError(source, "binary file, not text")
    return text


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit)")
    return path.read_bytes()


def read_text_file(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    text = decode_bytes(_read_bytes(path, max_bytes), str(path))
    return RawDocument(doc_id=path.stem, text=text, source=str(path))


def html_to_text(html: str, source: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise InputError(source, "HTML page with no main text")
    title = None
    meta = trafilatura.extract_metadata(html)
    if meta is not None and meta.title:
        title = meta.title.strip()
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return text


def read_html_file(path: Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    html = decode_bytes(_read_bytes(path, max_bytes), str(path))
    return RawDocument(doc_id=path.stem, text=html_to_text(html, str(path)), source=str(path), extracted=True)


def read_jsonl_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadFailure]:
    try:
        data = decode_bytes(_read_bytes(path, max_bytes), str(path))
    except InputError as exc:
        yield ReadFailure(path.stem, exc)
        return
    for lineno, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        fallback_id = f"{path.stem}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(fallback_id, InputError(str(path), f"broken JSON line ({exc.msg})", lineno))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield ReadFailure(fallback_id, InputError(str(path), "JSON line without a string 'text'", lineno))
            continue
        doc_id = str(obj.get("id") or fallback_id)
        if not obj["text"].strip():
            yield ReadFailure(doc_id, InputError(str(path), "empty 'text'", lineno))
            continue
        yield RawDocument(
            doc_id=doc_id,
            text=obj["text"],
            source=f"{path}:{lineno}",
            published=obj.get("published") or None,
            title=obj.get("title") or None,
            url=obj.get("url") or None,
        )


def _walk(path: Path) -> Iterator[Path]:
    for child in sorted(path.rglob("*")):
        if child.is_file() and child.suffix.lower() in SUPPORTED and not child.name.startswith("."):
            yield child


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadFailure]:
    """Yield a raw document or a failure for every document under ``paths``, in input order."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield ReadFailure(path.stem or str(path), InputError(str(path), "no such file or directory"))
            continue
        files = _walk(path) if path.is_dir() else iter([path])
        for file in files:
            yield from read_file(file, max_bytes)


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadFailure]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, max_bytes)
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield read_html_file(path, max_bytes)
        else:
            yield read_text_file(path, max_bytes)
    except InputError as exc:
        yield ReadFailure(path.stem, exc)
    except OSError as exc:
        yield ReadFailure(path.stem, InputError(str(path), exc.strerror or str(exc)))
