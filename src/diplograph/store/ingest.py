"""Ingest: read files, extract what is new or changed, and add it to a store.

    from diplograph.store.ingest import ingest
    counts = ingest(store, ["corpus/"], on_error=print)   # {"added": .., "replaced": .., "unchanged": .., "failed": ..}

Three kinds of input: texts (any file ``read_paths`` reads), extracted and stored; JSON Lines files of
records as ``diplograph extract`` prints them, stored as they are; and folders that ``diplograph spark``
wrote, whose records are stored with their texts. A document whose content hash is already
stored is skipped before extraction. Records read from a file are checked against the contract first
(``diplograph.contract``). Nothing is printed: each document handled is reported to
``on_document(doc_id, outcome)``, with the outcome one of the counts' keys, and each problem to
``on_error(message)`` as one line; the batch goes on. A document that cannot be stored (an invalid record, a
document id already seen in this run, an error while writing it) costs only itself: each is written under
its own savepoint, rolled back alone.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..contract import validate_record
from ..readers import ReadFailure, read_paths
from ..spark import is_output as is_spark_output
from ..spark import read_output as read_spark_output
from .write import content_hash, record_hash

if TYPE_CHECKING:
    from ..config import Config
    from . import Store

OUTCOMES = ("added", "replaced", "unchanged", "failed")
SHOWN_PROBLEMS = 3  # of an invalid record, on its one error line


class _Run:
    """One ingest run: the counts, the hashes known so far, the ids seen, the open batch and the callbacks."""

    def __init__(self, store: Store, batch: int, on_document: Callable | None, on_error: Callable | None):
        self.store = store
        self.batch = batch
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.known = store.content_hashes()
        self.seen: dict[str, str] = {}  # document id -> where this run first read it
        self.pending = 0
        self.on_document = on_document
        self.on_error = on_error

    def done(self, doc_id: str, outcome: str, error: str | None = None) -> None:
        self.counts[outcome] += 1
        if self.on_document is not None:
            self.on_document(doc_id, outcome)
        if error is not None and self.on_error is not None:
            self.on_error(error)

    def first(self, doc_id: str, where: str) -> bool:
        """Whether this run reads ``doc_id`` for the first time; a repetition fails, the first copy stays."""
        if doc_id not in self.seen:
            self.seen[doc_id] = where
            return True
        self.done(doc_id, "failed", f"{where}: document id {doc_id!r} already used by {self.seen[doc_id]}")
        return False

    def unchanged(self, doc_id: str, digest: str) -> bool:
        if self.known.get(doc_id) != digest:
            return False
        self.done(doc_id, "unchanged")
        return True

    def put(self, record: dict[str, Any], text: str, digest: str, source: str | None, where: str) -> None:
        """Store one document under its own savepoint: an error rolls back this document only."""
        doc_id = record["doc_id"]
        outcome = "replaced" if doc_id in self.known else "added"
        db = self.store.db
        db.begin_write()
        db.savepoint("document")
        try:
            stored = self.store.add_record(record, text, source, digest=digest, commit=False)
        except Exception as exc:  # any failure of one document must not cost the batch
            db.rollback_to("document")
            self.done(doc_id, "failed", f"{where}: could not store document {doc_id!r} ({type(exc).__name__}: {exc})")
            return
        db.release("document")
        self.known[doc_id] = digest
        if stored:
            self.pending += 1
            if self.pending >= self.batch:
                db.commit()
                self.pending = 0
        self.done(doc_id, outcome if stored else "unchanged")


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    pipeline=None,
    batch: int = 50,
    use_parser: bool = True,
    config: Config | Mapping | str | Path | None = None,
    on_document: Callable[[str, str], Any] | None = None,
    on_error: Callable[[str], Any] | None = None,
) -> dict[str, int]:
    """Extract and store the documents under ``paths``, committing every ``batch`` documents. Returns the
    counts: added, replaced, unchanged, failed. ``pipeline`` is a loaded pipeline, or None to load one (with
    ``use_parser`` and ``config``) at the first document that needs extracting."""
    run = _Run(store, batch, on_document, on_error)
    paths = [str(p) for p in paths]
    for path in [p for p in paths if _is_record_file(p)]:
        paths.remove(path)
        _ingest_records(run, path)
    for path in [p for p in paths if is_spark_output(p)]:
        paths.remove(path)
        _ingest_spark_output(run, path)
    for raw in read_paths(paths):
        if isinstance(raw, ReadFailure):
            run.done(raw.doc_id, "failed", str(raw.error))
            continue
        digest = content_hash(raw.doc_id, raw.text, raw.published, raw.title)
        if not run.first(raw.doc_id, raw.source) or run.unchanged(raw.doc_id, digest):
            continue
        if pipeline is None:
            import diplograph

            pipeline = diplograph.load(use_parser=use_parser, config=config, lazy=True)
        record = next(iter(pipeline.pipe([raw])))
        if not hasattr(record, "original"):  # an ErrorRecord
            run.done(raw.doc_id, "failed", str(record.error))
            continue
        run.put(record.to_dict(), raw.text, digest, raw.source, raw.source)
    store.db.commit()
    return run.counts


def _ingest_records(run: _Run, path: str) -> None:
    """The records of a JSON Lines file printed by ``extract``, checked against the contract and stored."""
    with open(path, "rb") as lines:
        for n, line in enumerate(lines, 1):
            where = f"{path}:{n}"
            record, problem = _read_record(line, n)
            if record is None and problem is None:
                continue
            doc_id = record.get("doc_id") if isinstance(record, dict) else None
            doc_id = doc_id if isinstance(doc_id, str) and doc_id else where
            if problem is not None:
                run.done(doc_id, "failed", f"{where}: {problem}")
                continue
            text = record.get("text") or ""
            digest = record_hash(record, text)
            if run.first(doc_id, where) and not run.unchanged(doc_id, digest):
                run.put(record, text, digest, path, where)


def _ingest_spark_output(run: _Run, path: str) -> None:
    """The records of a ``diplograph spark`` output, stored with their texts and hashes as the job read them
    (the store is then what ingesting the same texts gives); each failure of the job counts as one here."""
    for doc in read_spark_output(path):
        if doc.record is None:
            run.done(doc.doc_id, "failed", doc.error)
            continue
        problems = validate_record(doc.record)
        if problems:
            run.done(doc.doc_id, "failed", f"{doc.source}: not a valid record: " + "; ".join(problems[:SHOWN_PROBLEMS]))
        elif run.first(doc.doc_id, doc.source) and not run.unchanged(doc.doc_id, doc.digest):
            run.put(doc.record, doc.text or "", doc.digest, doc.source, doc.source)


def _read_record(line: bytes, n: int) -> tuple[Any, str | None]:
    """One line's record, or what is wrong with it; (None, None) for a blank line."""
    try:
        text = line.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
    if not text.strip():
        return None, None
    try:
        record = json.loads(text)
    except ValueError as exc:  # broken JSON, or a number of thousands of digits
        return None, f"not an extracted record ({str(exc).split(';')[0]})"
    except RecursionError:
        return None, "not an extracted record (nested too deeply)"
    if isinstance(record, dict) and "error" in record and "contacts" not in record:
        return record, f"not an extracted record ({record['error']})"
    problems = validate_record(record)
    if problems:
        more = f" (and {len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
        return record, "not a valid record: " + "; ".join(problems[:SHOWN_PROBLEMS]) + more
    return record, None


RECORD_PROBE = 5  # non-blank lines read to tell a file of records from a corpus of texts


def _is_record_file(path: str) -> bool:
    """A JSON Lines file of records as ``diplograph extract`` prints them (not a corpus of texts)."""
    if not path.endswith((".jsonl", ".ndjson")) or not os.path.isfile(path):
        return False  # a pipe or a device is for the readers to refuse, without waiting on it
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = list(itertools.islice((ln for ln in fh if ln.strip()), RECORD_PROBE))
    except OSError:
        return False
    for line in lines:  # a broken first line does not make the records after it a corpus of texts
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        return isinstance(record, dict) and "doc_id" in record and "contacts" in record
    return False
