"""Output formats of extracted records: the contract's JSON Lines, and what event-data workflows read.

- ``jsonl``: one record per document, the contract of OUTPUT.md.
- ``plover``: one PLOVER-style JSON event per contact or statement: source, target, event type and mode,
  contexts mapped from our topics, date and the evidence with its text.
- ``cameo``: dyadic tab-separated events as event datasets ship them, one row per directed dyad: a contact
  between n parties yields n(n-1) rows (042 from the visitor, 043 from the host of a visit), a statement one
  row per source and target. A statement with no target, or a negated one, is no dyadic event and has no row.
- ``csv``: one flat row per contact or statement.

Codes stay strings: CAMEO codes such as "042" are quoted in CSV (every text cell is, numbers are not) and
must be read as text (pandas: ``dtype={"cameo_codes": str, "cameo_code": str}`` or ``dtype=str``). A contact
keeps every CAMEO code (the visitor's 042 and the host's 043), as aligned lists joined with "; " in CSV.
Every row carries its document's title and URL and the evidence text.

Writers take record dictionaries (``DocumentRecord.to_dict()``) and the text their offsets point into, so
the same code serves records read back from a store.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from itertools import permutations
from typing import Any

from .coding import coder

FORMATS = ("jsonl", "plover", "cameo", "csv")

CAMEO_COLUMNS = [
    "date",
    "source",
    "target",
    "cameo_code",
    "goldstein",
    "quad_class",
    "doc_id",
    "evidence_start",
    "evidence_end",
    "kind",
    "event_id",
    "status",
    "evidence_text",
    "title",
    "url",
]

# what a contact (or a fused event) and a statement share as flat columns; lists stay lists until written
ITEM_COLUMNS = [
    "location",
    "location_country",
    "participants",
    "participant_ids",
    "affiliations",
    "roles",
    "initiator",
    "host",
    "topics",
    "plover_type",
    "plover_mode",
    "cameo_codes",
    "cameo_sides",
    "goldstein",
    "quad_class",
]

CSV_COLUMNS = [
    "event_id",
    "doc_id",
    "kind",
    "type",
    "status",
    "medium",
    "negated",
    "date",
    "published",
    *ITEM_COLUMNS,
    "source",
    "target",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "title",
    "url",
]


def item_fields(item: dict[str, Any]) -> dict[str, Any]:
    """The ITEM_COLUMNS of a contact, an event or a statement: every CAMEO code, as aligned lists."""
    people = item.get("participants") or []
    location = item.get("location") or {}
    plover = item.get("plover") or {}
    codes = cameo_codes(item)
    return {
        "location": location.get("name"),
        "location_country": location.get("country"),
        "participants": [p.get("name") or "" for p in people],
        "participant_ids": [p.get("id") or "" for p in people],
        "affiliations": [p.get("affiliation") or "" for p in people],
        "roles": [p.get("role") or "" for p in people],
        "initiator": item.get("initiator"),
        "host": item.get("host"),
        "topics": list(item.get("topics") or []),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        "cameo_codes": [str(c.get("code")) for c in codes],
        "cameo_sides": [c.get("side") or "" for c in codes],
        "goldstein": [c.get("goldstein") for c in codes],
        "quad_class": [c.get("quad_class") for c in codes],
    }


def cameo_codes(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Every CAMEO code of a contact (a list) or a statement (one code or none)."""
    cameo = item.get("cameo")
    if isinstance(cameo, list):
        return [c for c in cameo if c]
    return [cameo] if cameo else []


def csv_value(value: Any) -> Any:
    """A list joined with "; " (a text cell), None as an empty cell, a boolean as "true"/"false"."""
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else value


def day(value: str | None) -> str | None:
    """The day part of a published date ("2021-02-03T18:20" gives "2021-02-03")."""
    return value[:10] if value else None


def contact_sides(contact: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Source and target of a contact as a directed event: the visitors towards the host of a visit, the
    initiator towards the others, or else the first party named towards the rest."""
    parties = list(dict.fromkeys(a["affiliation"] for a in contact.get("participants") or [] if a.get("affiliation")))
    lead = contact.get("host") if any(c.get("side") == "host" for c in contact.get("cameo") or []) else None
    if lead in parties:
        return [p for p in parties if p != lead], [lead]
    first = contact.get("initiator") if contact.get("initiator") in parties else (parties[0] if parties else None)
    if first is None:
        return [], []
    return [first], [p for p in parties if p != first]


def events(record: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every contact and statement of a record, each with its kind and a stable id within the document."""
    for i, contact in enumerate(record.get("contacts") or [], 1):
        yield "contact", f"{record['doc_id']}:c{i}", contact
    for i, statement in enumerate(record.get("statements") or [], 1):
        yield "statement", f"{record['doc_id']}:s{i}", statement


def spans_of(item: dict[str, Any]) -> list[dict[str, int]]:
    evidence = item.get("evidence")
    return list(evidence) if isinstance(evidence, list) else ([evidence] if evidence else [])


def quote(text: str | None, spans: list[dict[str, int]]) -> str | None:
    """The evidence's words, each span's whitespace collapsed, spans joined by " … "."""
    if text is None:
        return None
    return " … ".join(" ".join(text[s["start"] : s["end"]].split()) for s in spans)


class Writer:
    """Turns records into lines of one format; ``header`` comes first, once."""

    name = "jsonl"

    def header(self) -> str:
        return ""

    def lines(self, record: dict[str, Any], text: str | None = None) -> Iterator[str]:
        yield json.dumps(record, ensure_ascii=False) + "\n"


class PloverWriter(Writer):
    name = "plover"

    def lines(self, record, text=None):
        contexts = coder().plover_contexts
        for kind, event_id, item in events(record):
            spans = spans_of(item)
            plover = item.get("plover") or {}
            if kind == "contact":
                source, target = contact_sides(item)
                date = item.get("date") or day(record.get("published"))
                actors = item.get("participants") or []
            else:
                if item.get("negated") or not plover:
                    continue
                source, target = item.get("source") or [], item.get("target") or []
                date = day(record.get("published"))
                actors = []
            event = {
                "event_id": event_id,
                "doc_id": record["doc_id"],
                "kind": kind,
                "event_type": plover.get("type"),
                "mode": plover.get("mode"),
                "context": contexts(item.get("topics") or []),
                "source": source,
                "target": target,
                "date": date,
                "status": item.get("status", "occurred"),
                "language": record.get("language"),
                "topics": item.get("topics") or [],
                "actors": actors,
                "location": item.get("location"),
                "cameo": item.get("cameo"),
                "evidence": [{**s, "text": quote(text, [s])} for s in spans],
                "title": record.get("title"),
                "url": record.get("url"),
            }
            yield json.dumps(event, ensure_ascii=False) + "\n"


class CameoWriter(Writer):
    name = "cameo"

    def header(self):
        return "\t".join(CAMEO_COLUMNS) + "\n"

    def lines(self, record, text=None):
        for kind, event_id, item in events(record):
            spans = spans_of(item)
            if kind == "contact":
                date = item.get("date") or day(record.get("published"))
                rows = contact_dyads(item)
                status = item.get("status", "")
            else:
                code = item.get("cameo")
                if item.get("negated") or not code:
                    continue
                date = day(record.get("published"))
                rows = [(a, b, code) for a in item.get("source") or [] for b in item.get("target") or [] if a != b]
                status = "occurred"
            start = min((s["start"] for s in spans), default="")
            end = max((s["end"] for s in spans), default="")
            tail = [start, end, kind, event_id, status, quote(text, spans), record.get("title"), record.get("url")]
            for a, b, code in rows:
                fields = [date or "", a, b, code["code"], code["goldstein"], code["quad_class"], record["doc_id"]]
                yield "\t".join(_tsv(f) for f in fields + tail) + "\n"


def contact_dyads(contact: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(source, target, code) rows of a contact: every directed pair of parties, with the visitor's code from
    a visitor and the host's from the host of a visit, or else every code of the contact."""
    codes = cameo_codes(contact)
    parties = list(dict.fromkeys(a["affiliation"] for a in contact.get("participants") or [] if a.get("affiliation")))
    sided = {c.get("side"): c for c in codes if c.get("side")}
    rows = []
    for a, b in permutations(parties, 2):
        if "host" in sided:
            side = "host" if a == contact.get("host") else "visitor"
            chosen = [sided[side]] if side in sided else [c for c in codes if not c.get("side")]
        else:
            chosen = codes
        rows += [(a, b, c) for c in chosen]
    return rows


def _tsv(value: Any) -> str:
    """A TSV cell: no tab or line break inside, None as empty."""
    return "" if value is None else " ".join(str(value).split("\t")).replace("\r", " ").replace("\n", " ")


class CsvWriter(Writer):
    name = "csv"

    def header(self):
        return csv_line(CSV_COLUMNS)

    def lines(self, record, text=None):
        for kind, event_id, item in events(record):
            spans = spans_of(item)
            if kind == "contact":
                source, target = contact_sides(item)
            else:
                source, target = item.get("source") or [], item.get("target") or []
            row = {
                "event_id": event_id,
                "doc_id": record["doc_id"],
                "kind": kind,
                "type": item.get("type") or "CONTACT",
                "status": item.get("status"),
                "medium": item.get("medium"),
                "negated": str(bool(item.get("negated"))).lower() if kind == "statement" else None,
                "date": item.get("date"),
                "published": record.get("published"),
                **item_fields(item),
                "source": source,
                "target": target,
                "evidence_start": min((s["start"] for s in spans), default=None),
                "evidence_end": max((s["end"] for s in spans), default=None),
                "evidence_text": quote(text, spans),
                "title": record.get("title"),
                "url": record.get("url"),
            }
            yield csv_line([csv_value(row[c]) for c in CSV_COLUMNS])


def csv_writer(fh):
    """A CSV writer quoting every text cell (so that "042" reads back as text) and no number."""
    return csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)


def csv_line(values) -> str:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(values)
    return buffer.getvalue()


def writer(name: str) -> Writer:
    return {"jsonl": Writer, "plover": PloverWriter, "cameo": CameoWriter, "csv": CsvWriter}[name]()
