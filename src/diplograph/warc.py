"""WARC archives (``.warc``, ``.warc.gz``), read as a stream with warcio: each HTML page becomes one document.

A page is a ``response`` record with HTTP status 200 and a Content-Type of ``text/html`` or
``application/xhtml+xml``. Its text is extracted by trafilatura exactly as an ``.html`` file's is, and the
record keeps that text (``extracted``), since offsets point into it. The document's

- ``doc_id`` is the archive's stem and a short form of the WARC-Record-ID: ``crawl:2f6a8c4e-9b1d-4f3a`` for
  ``<urn:uuid:2f6a8c4e-9b1d-4f3a-...>`` (the id's first 64 bits, so a prefix that finds the record), or
  16 hex digits of the id's SHA-1 when the id is no UUID; the same record gives the same id in every run;
- ``source`` is the archive and the full record id (``crawl.warc.gz#urn:uuid:...``);
- ``url`` the WARC-Target-URI, ``fallback_published`` the WARC-Date: the publication date to fall back on where the
  text states none (``published`` stays for a date the input states).

Every other record is skipped and counted: a response that is no page ("not 200", "not HTML") by reason, any
other record (request, metadata, warcinfo, revisit) by its type. Once the archive is read, its
``ReadSummary`` goes to ``on_note``: no skip is silent. A page that cannot be read (no main text, too large,
undecodable) is one ``ReadFailure`` and the archive goes on. A truncated or corrupt archive yields the pages
before the damage and one failure naming the archive and the problem; a batch of archives goes on.

The byte limit applies to each page's HTTP body once decoded (chunked transfer and gzip content encoding
undone), as it applies to an ``.html`` file: an archive holds thousands of pages, so its size says nothing of
a document's. The archive itself is streamed, record by record, never held in memory; the body of a skipped
record is never read into memory either.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from .encodings import decode_bytes
from .errors import InputError
from .readers import (
    MAX_BYTES,
    OnNote,
    RawDocument,
    ReadFailure,
    ReadSummary,
    display,
    file_stem,
    html_to_text,
    log_note,
    open_regular,
    unreadable,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_UUID = re.compile(r"urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4})-", re.IGNORECASE)
_DRAIN = 64 * 1024


class _Archive(ArchiveIterator):
    """warcio's iterator, noting whether the archive's last gzip member ended early: warcio reads a gzip cut
    short as if the archive ended there, and says nothing."""

    cut_short = False

    def close(self):
        decompressor = self.reader.decompressor if self.reader is not None else None
        if decompressor is not None and not decompressor.eof:
            self.cut_short = True
        super().close()


def read_warc_file(
    path: Path, max_bytes: int = MAX_BYTES, stem: str | None = None, on_note: OnNote | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """The pages of one archive as documents, a failure for each page or damage that stops the reading, and
    the archive's summary to ``on_note`` (default: ``log_note``) at the end."""
    stem = stem or file_stem(path)
    summary = ReadSummary(display(path))
    try:
        fh = open_regular(path)
    except (InputError, OSError) as exc:
        yield unreadable(stem, path, exc)
        return
    with fh:
        yield from _records(fh, summary, stem, max_bytes)
    (on_note or log_note)(summary)


def _records(fh, summary: ReadSummary, stem: str, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Each page of the archive ``fh``, or its failure, counted in ``summary``; then the failure of the
    archive when it is empty, cut short or corrupt."""
    where = summary.source
    size = os.fstat(fh.fileno()).st_size
    if size == 0:
        yield ReadFailure(stem, InputError(where, "empty file"))
        return
    archive = _Archive(fh)
    records = iter(archive)
    last = 0  # where the last whole record starts
    while True:
        try:
            record = next(records, None)
        except Exception as exc:  # noqa: BLE001 - warcio raises anything on a damaged archive
            yield ReadFailure(stem, InputError(where, _damage(exc, archive.offset)))
            return
        if record is None:
            break
        offset = archive.offset  # where this record starts (in the compressed file for a .warc.gz)
        if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():  # headers cut short
            yield ReadFailure(stem, InputError(where, _damage(None, offset)))
            return
        why = _skip_reason(record)
        item = _page(record, where, stem, offset, max_bytes) if why is None else None
        if _drain(record):  # the record ends before its Content-Length
            yield ReadFailure(stem, InputError(where, f"archive cut short in the record at byte {offset}"))
            return
        last = offset
        if item is None:
            summary.skipped[why] += 1
            continue
        if isinstance(item, RawDocument):
            summary.documents += 1
        else:
            summary.failed += 1
        yield item
    # warcio ends quietly where a record's headers are cut short: what is left past the last record says it
    if archive.offset < size:
        yield ReadFailure(stem, InputError(where, _damage(None, archive.offset)))
    elif archive.cut_short:  # the gzip member of the last record ends early
        yield ReadFailure(stem, InputError(where, f"archive cut short after the record at byte {last}"))
    elif not (summary.documents or summary.failed or summary.skipped):
        yield ReadFailure(stem, InputError(where, "no WARC record in this file"))


def _skip_reason(record) -> str | None:
    """Why a record is no page ("not 200", "not HTML", or its record type), or None for a page."""
    if record.rec_type != "response":
        return record.rec_type or "untyped"
    http = record.http_headers
    if http is None:  # a response of another protocol (dns:)
        return "not HTML"
    if http.get_statuscode() != "200":
        return "not 200"
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return None if content_type in HTML_TYPES else "not HTML"


def _page(record, where: str, stem: str, offset: int, max_bytes: int) -> RawDocument | ReadFailure:
    """One HTML response as a document, or the failure that says why it could not be read."""
    headers = record.rec_headers
    record_id = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>")
    url = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    source = f"{where}#{record_id}" if record_id else f"{where}@{offset}"
    doc_id = f"{stem}:{short_id(record_id, offset)}"
    try:
        data = record.content_stream().read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(source, f"page too large (more than the {max_bytes / 1e6:.1f} MB limit)")
        text = html_to_text(decode_bytes(data, source), source)
    except InputError as exc:
        return ReadFailure(doc_id, InputError(exc.source, f"{exc.problem} ({url})", exc.line))
    except Exception as exc:  # noqa: BLE001 - one page that breaks a library must not cost the archive
        problem = f"page not read ({type(exc).__name__}: {_first_line(exc)}) ({url})"
        return ReadFailure(doc_id, InputError(source, problem))
    archived = (headers.get_header("WARC-Date") or "").strip() or None
    return RawDocument(
        doc_id, text, source, url=url, extracted=True, fallback_published=archived, fallback_source="archive"
    )


def short_id(record_id: str, offset: int) -> str:
    """A short, stable form of a WARC-Record-ID: a UUID's first three groups, else 16 hex digits of its SHA-1;
    the record's byte offset when it has no id."""
    if not record_id:
        return f"@{offset}"
    m = _UUID.search(record_id)
    if m:
        return m[1].lower()
    return hashlib.sha1(record_id.encode("utf-8", "replace")).hexdigest()[:16]


def _drain(record) -> bool:
    """Read the rest of the record's block; True when the archive ends before the block's declared length."""
    stream = record.raw_stream
    while stream.read(_DRAIN):
        pass
    return getattr(stream, "limit", 0) > 0


def _damage(exc: Exception | None, offset: int) -> str:
    """An archive that warcio cannot read on from ``offset``: cut short or corrupt."""
    why = f" ({type(exc).__name__}: {_first_line(exc)})" if exc is not None else ""
    return f"archive cut short or corrupt: no whole WARC record at byte {offset}{why}"


def _first_line(exc: Exception) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0][:200] if lines else "no message"
