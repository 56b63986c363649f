"""A record as HTML, for notebooks: the document's text with each claim's evidence highlighted, and the
contacts and statements as tables whose rows point at their highlights."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import DocumentRecord

_STYLE = (
    "<style>.dg mark.c{background:#ffe58a}.dg mark.s{background:#bde0fe}.dg td,.dg th{text-align:left;"
    "vertical-align:top;padding:2px 8px}.dg pre{white-space:pre-wrap;max-height:24em;overflow:auto}</style>"
)


def record_html(record: DocumentRecord) -> str:
    """HTML of ``record``; every piece of the text is escaped."""
    head = " · ".join(escape(str(v)) for v in (record.doc_id, record.language, record.published) if v)
    title = f"<b>{escape(record.title)}</b><br>" if record.title else ""
    parts = [_STYLE, '<div class="dg">', title, f"<small>{head}</small>"]
    parts.append(_contacts(record))
    parts.append(_statements(record))
    text = record.original if record.original is not None else record.text
    if text is not None:
        parts.append(f"<pre>{_highlighted(text, record)}</pre>")
    parts.append("</div>")
    return "".join(parts)


def _contacts(record: DocumentRecord) -> str:
    if not record.contacts:
        return "<p>No contact.</p>"
    rows = []
    for n, c in enumerate(record.contacts, 1):
        people = ", ".join(f"{a.name} ({a.affiliation or '?'})" for a in c.participants)
        place = c.location.name if c.location else ""
        cells = [f"C{n}", c.date or "", c.medium or "", c.status, people, place, " ".join(c.topics)]
        rows.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("", "date", "medium", "status", "participants", "place", "topics"))
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _statements(record: DocumentRecord) -> str:
    if not record.statements:
        return ""
    rows = []
    for n, s in enumerate(record.statements, 1):
        kind = f"not {s.type}" if s.negated else s.type
        cells = [f"S{n}", kind, ", ".join(s.source), ", ".join(s.target), s.cue]
        rows.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("", "type", "source", "target", "cue"))
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _highlighted(text: str, record: DocumentRecord) -> str:
    """The text with each evidence span in a <mark> naming its claims (C1, S2); overlapping spans are
    merged into one mark."""
    spans: list[tuple[int, int, str, str]] = []
    for n, c in enumerate(record.contacts, 1):
        spans += [(e.start, e.end, f"C{n}", "c") for e in c.evidence]
    for n, s in enumerate(record.statements, 1):
        spans.append((s.evidence.start, s.evidence.end, f"S{n}", "s"))
    spans.sort()
    merged: list[list] = []
    for start, end, label, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(label)
        else:
            merged.append([start, end, [label], kind])
    out, pos = [], 0
    for start, end, labels, kind in merged:
        out.append(escape(text[pos:start]))
        names = " ".join(labels)
        out.append(f'<mark class="{kind}" title="{names}">{escape(text[start:end])}</mark><sup>{names}</sup>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)
