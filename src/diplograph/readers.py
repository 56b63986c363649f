"""Readers: turn paths into raw documents, one failure per bad document, never a lost batch.

Inputs: ``.txt`` (UTF-8, UTF-16 or UTF-32 with or without a byte-order mark, or a legacy code page; see
``encodings.py``), ``.html``/``.htm`` (main text extracted by trafilatura; the record keeps that text, since
offsets point into it), ``.jsonl`` corpora (one object per line with ``id`` and ``text``, optional
``published``, ``title``, ``url``), ``.warc``/``.warc.gz`` archives (each HTML page one document, see
``warc.py``) and directories, walked recursively in sorted order. Only regular files are read, never more than
the byte limit (for an archive: per page), whatever the file system says of their size.

Every document of one call gets its own id: the file's stem, or its path relative to the folder given when two
files share a stem (an archive's pages add a short form of their record id); a JSON Lines id that repeats an
earlier one is an error for the later line. An archive also reports what it held besides its pages
(``ReadSummary``: pages read, records skipped and why) to ``on_note``; without one, to the
``diplograph.readers`` logger as a warning, so that no skipped record goes unsaid.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .encodings import decode_bytes
from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")  # a name ending, not a suffix: ".warc.gz" is two
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
    # a publication date to fall back on where neither the input nor the text states one, and where it comes
    # from: "archive" (a WARC record's WARC-Date), "feed" (the feed item's date); never a stated date itself
    fallback_published: str | None = None
    fallback_source: str | None = None


@dataclass(frozen=True)
class ReadFailure:
    doc_id: str
    error: InputError


@dataclass
class ReadSummary:
    """What one file of several pages held (an archive): its pages read, its pages that failed (each also a
    ``ReadFailure``), and the records skipped by reason ("not HTML", "not 200") or record type ("request")."""

    source: str
    documents: int = 0
    failed: int = 0
    skipped: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        total = sum(self.skipped.values())
        line = f"{self.source}: {_count(self.documents, 'page')} read"
        if self.failed:
            line += f", {self.failed} failed"
        line += f", {_count(total, 'record')} skipped"
        if total:  # reasons first ("not HTML", "not 200"), then record types, most frequent first
            ranked = sorted(self.skipped.items(), key=lambda kv: (not kv[0].startswith("not "), -kv[1]))
            line += " (" + ", ".join(f"{n} {why}" for why, n in ranked) + ")"
        return line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


OnNote = Callable[[ReadSummary], Any]
_log = logging.getLogger("diplograph.readers")


def log_note(note: ReadSummary) -> None:
    """A summary where the caller takes none: a warning of the ``diplograph.readers`` logger (on stderr when
    logging is not configured)."""
    _log.warning("%s", note)


def display(path: Path | str) -> str:
    """A path as text that is always valid UTF-8: undecodable bytes of a file name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def without_surrogates(text: str) -> str:
    """Lone surrogates (which no UTF-8 output can carry) become U+FFFD, one character for one."""
    return _SURROGATE.sub("\ufffd", text)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _without_suffix(path: Path) -> Path:
    """The path without its extension: ``crawl`` for ``crawl.warc.gz`` as for ``crawl.warc``."""
    if is_warc(path) and len(path.name) > len(".warc.gz"):
        return path.with_name(path.name[: -len(".warc.gz" if path.name.lower().endswith(".gz") else ".warc")])
    return path.with_suffix("") if path.suffix else path


def file_stem(path: Path) -> str:
    """The file's name without its extension, as a document id starts: ``crawl`` for ``crawl.warc.gz``."""
    return display(_without_suffix(Path(path.name)).name or path.name)


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED or is_warc(path)


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading; anything else (a pipe, a device, a socket) is refused."""
    # stat before opening: opening a FIFO for reading waits for a writer; O_NONBLOCK closes the race
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise InputError(display(path), "not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        raise InputError(display(path), "not a regular file")
    return fh


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a regular file."""
    with open_regular(path) as fh:
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


def unreadable(doc_id: str, path: Path, exc: InputError | OSError) -> ReadFailure:
    """The failure of a file that cannot be read: the reader's own error, or the system's named by file."""
    if isinstance(exc, InputError):
        return ReadFailure(doc_id, exc)
    return ReadFailure(doc_id, InputError(display(path), exc.strerror or str(exc)))


def read_jsonl_file(
    path: Path, max_bytes: int = MAX_BYTES, stem: str | None = None
) -> Iterator[RawDocument | ReadFailure]:
    stem = stem or display(path.stem)
    try:
        data = decode_bytes(_read_bytes(path, max_bytes), display(path))
    except (InputError, OSError) as exc:
        yield unreadable(stem, path, exc)
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
            if _supported(child) and not name.startswith("."):
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

    stems = Counter(file_stem(file) for _root, file in files)
    out = {
        file: stem if stems[stem] == 1 else display(_without_suffix(relative(root, file)).as_posix())
        for root, file in files
        for stem in [file_stem(file)]
    }
    taken = Counter(out.values())
    for root, file in files:
        if taken[out[file]] > 1:  # "b/communique.txt" and "b/communique.html"
            out[file] = display(relative(root, file).as_posix())
    return out


def read_paths(
    paths: Iterable[str | Path], max_bytes: int = MAX_BYTES, on_note: OnNote | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """Yield a raw document or a failure for every document under ``paths``, in input order; the summary of
    each archive goes to ``on_note`` (default: ``log_note``) once the archive is read."""
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
                problem = f"no {', '.join(sorted(SUPPORTED) + list(WARC_SUFFIXES))} file in this folder"
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
        for item in read_file(entry[1], max_bytes, ids[entry[1]], on_note):
            if isinstance(item, RawDocument):
                if item.doc_id in seen:
                    problem = f"document id {item.doc_id!r} already used by {seen[item.doc_id]}"
                    yield ReadFailure(item.doc_id, InputError(item.source, problem))
                    continue
                seen[item.doc_id] = item.source
            yield item


def read_file(
    path: Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None, on_note: OnNote | None = None
) -> Iterator[RawDocument | ReadFailure]:
    suffix = path.suffix.lower()
    if is_warc(path):
        from .warc import read_warc_file

        yield from read_warc_file(path, max_bytes, doc_id, on_note)
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, max_bytes, doc_id)
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield read_html_file(path, max_bytes, doc_id)
        else:
            yield read_text_file(path, max_bytes, doc_id)
    except (InputError, OSError) as exc:
        yield unreadable(doc_id or display(path.stem), path, exc)
