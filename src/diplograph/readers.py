"""Readers: turn paths into raw documents, one failure per bad document, never a lost batch.

Inputs: ``.txt`` (UTF-8, UTF-16 or UTF-32 with or without a byte-order mark, or a legacy code page; see
``encodings.py``), ``.html``/``.htm`` (main text extracted by trafilatura; the record keeps that text, since
offsets point into it), ``.jsonl`` corpora (one object per line with ``id`` and ``text``, optional
``published``, ``title``, ``url``) and directories, walked recursively in sorted order. Only regular files are
read, never more than the byte limit, whatever the file system says of their size.

Every document of one call gets its own id: the file's stem, or its path relative to the folder given when two
files share a stem; a JSON Lines id that repeats an earlier one is an error for the later line.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .encodings import decode_bytes
from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 10 * 1024 * 1024  # the genre's documents are a few kB; a larger file is almost surely not one
# an HTML attribute longer than this is data (an inlined image, a serialised state), never text: it is emptied
# before trafilatura parses the page, which would otherwise spend seconds on it
MAX_ATTRIBUTE = 10_000
_LONG_ATTRIBUTE = re.compile(rf"""=\s*(?:"[^"]{{{MAX_ATTRIBUTE},}}"|'[^']{{{MAX_ATTRIBUTE},}}')""")
_SURROGATE = re.compile("[\ud800-\udfff]")
OPTIONAL_STRINGS = ("published", "title", "url")


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


def display(path: Path | str) -> str:
    """A path as text that is always valid UTF-8: undecodable bytes of a file name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def without_surrogates(text: str) -> str:
    """Lone surrogates (which no UTF-8 output can carry) become U+FFFD, one character for one."""
    return _SURROGATE.sub("\ufffd", text)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a regular file; anything else (a pipe, a device, a socket) is refused."""
    # stat before opening: opening a FIFO for reading waits for a writer; O_NONBLOCK closes the race
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise InputError(display(path), "not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise InputError(display(path), "not a regular file")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(display(path), f"file too large (more than the {max_bytes / 1e6:.1f} MB limit)")
    return data


def read_text_file(path: Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None) -> RawDocument:
    text = decode_bytes(_read_bytes(path, max_bytes), display(path))
    return RawDocument(doc_id=doc_id or display(path.stem), text=text, source=display(path))


def html_to_text(html: str, source: str) -> str:
    import trafilatura

    html = _LONG_ATTRIBUTE.sub('=""', html)
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


def read_html_file(path: Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None) -> RawDocument:
    html = decode_bytes(_read_bytes(path, max_bytes), display(path))
    text = html_to_text(html, display(path))
    return RawDocument(doc_id=doc_id or display(path.stem), text=text, source=display(path), extracted=True)


def _jsonl_document(line: str, source: str, lineno: int, fallback_id: str) -> RawDocument | ReadFailure:
    """One line of a JSON Lines corpus as a document, or the failure that names what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(fallback_id, InputError(source, f"broken JSON line ({exc.msg})", lineno))
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, a 100,000-deep array
        problem = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        return ReadFailure(fallback_id, InputError(source, f"unreadable JSON line ({problem})", lineno))
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return ReadFailure(fallback_id, InputError(source, "JSON line without a string 'text'", lineno))
    given = obj.get("id")
    if isinstance(given, bool) or (given is not None and not isinstance(given, str | int)):
        return ReadFailure(fallback_id, InputError(source, "'id' must be a string or a number", lineno))
    doc_id = without_surrogates(str(given)) if given not in (None, "") else fallback_id
    for key in OPTIONAL_STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return ReadFailure(doc_id, InputError(source, f"'{key}' must be a string or null", lineno))
    if not obj["text"].strip():
        return ReadFailure(doc_id, InputError(source, "empty 'text'", lineno))
    return RawDocument(
        doc_id=doc_id,
        text=without_surrogates(obj["text"]),
        source=f"{source}:{lineno}",
        **{key: without_surrogates(obj[key]) if obj.get(key) else None for key in OPTIONAL_STRINGS},
    )


def read_jsonl_file(
    path: Path, max_bytes: int = MAX_BYTES, stem: str | None = None
) -> Iterator[RawDocument | ReadFailure]:
    stem = stem or display(path.stem)
    try:
        data = decode_bytes(_read_bytes(path, max_bytes), display(path))
    except InputError as exc:
        yield ReadFailure(stem, exc)
        return
    except OSError as exc:
        yield ReadFailure(stem, InputError(display(path), exc.strerror or str(exc)))
        return
    for lineno, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            yield _jsonl_document(line, display(path), lineno, f"{stem}:{lineno}")


def _walk(root: Path) -> Iterator[Path | ReadFailure]:
    """The supported files under ``root`` in sorted order, and a failure for each folder that cannot be read."""
    failures: list[OSError] = []
    found = []
    for folder, dirs, files in os.walk(root, onerror=failures.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            child = Path(folder) / name
            if child.suffix.lower() in SUPPORTED and not name.startswith("."):
                found.append(child)
    yield from sorted(found)
    for exc in failures:
        where = display(exc.filename or root)
        yield ReadFailure(display(Path(where).name), InputError(where, f"folder not read: {exc.strerror or exc}"))


def _ids(files: list[tuple[Path, Path]]) -> dict[Path, str]:
    """Each file's document id: its stem when no other file of the call has it, else its path relative to
    the folder it was found in (with its suffix when that is what tells two files apart)."""

    def relative(root: Path, file: Path) -> Path:
        return file.relative_to(root) if root != file else Path(file.name)

    stems = Counter(display(file.stem) for _root, file in files)
    out = {
        file: stem if stems[stem] == 1 else display(relative(root, file).with_suffix("").as_posix())
        for root, file in files
        for stem in [display(file.stem)]
    }
    taken = Counter(out.values())
    for root, file in files:
        if taken[out[file]] > 1:  # "b/communique.txt" and "b/communique.html"
            out[file] = display(relative(root, file).as_posix())
    return out


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadFailure]:
    """Yield a raw document or a failure for every document under ``paths``, in input order."""
    entries: list[tuple[Path, Path] | ReadFailure] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            entries.append(
                ReadFailure(display(path.stem or path), InputError(display(path), "no such file or directory"))
            )
        elif path.is_dir():
            found = [item if isinstance(item, ReadFailure) else (path, item) for item in _walk(path)]
            if not found:  # a folder given with nothing to read is said, not passed over
                problem = f"no {', '.join(sorted(SUPPORTED))} file in this folder"
                found = [ReadFailure(display(path.name or path), InputError(display(path), problem))]
            entries.extend(found)
        else:
            entries.append((path, path))
    ids = _ids([e for e in entries if not isinstance(e, ReadFailure)])
    seen: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, ReadFailure):
            yield entry
            continue
        for item in read_file(entry[1], max_bytes, ids[entry[1]]):
            if isinstance(item, RawDocument):
                if item.doc_id in seen:
                    problem = f"document id {item.doc_id!r} already used by {seen[item.doc_id]}"
                    yield ReadFailure(item.doc_id, InputError(item.source, problem))
                    continue
                seen[item.doc_id] = item.source
            yield item


def read_file(path: Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None) -> Iterator[RawDocument | ReadFailure]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, max_bytes, doc_id)
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield read_html_file(path, max_bytes, doc_id)
        else:
            yield read_text_file(path, max_bytes, doc_id)
    except InputError as exc:
        yield ReadFailure(doc_id or display(path.stem), exc)
    except OSError as exc:
        yield ReadFailure(doc_id or display(path.stem), InputError(display(path), exc.strerror or str(exc)))
