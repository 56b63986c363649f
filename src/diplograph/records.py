"""Frozen, typed records: what the pipeline returns at its edge (see shared spec OUTPUT.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .coding import Cameo, Plover


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None


@dataclass(frozen=True)
class Actor:
    id: str | None
    name: str
    affiliation: str | None
    role: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Contact:
    medium: str | None
    status: str
    date: str | None
    location: Location | None
    participants: tuple[Actor, ...]
    initiator: str | None
    host: str | None
    topics: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    trigger: str = ""  # the trigger words, for people reading the output
    plover: Plover | None = None  # CONSULT and its mode
    cameo: tuple[Cameo, ...] = ()  # one code, or the visitor's and the host's for a visit

    def to_dict(self) -> dict[str, Any]:
        return {
            "medium": self.medium,
            "status": self.status,
            "date": self.date,
            "location": asdict(self.location) if self.location else None,
            "participants": [asdict(a) for a in self.participants],
            "initiator": self.initiator,
            "host": self.host,
            "topics": list(self.topics),
            "evidence": [asdict(e) for e in self.evidence],
            "trigger": self.trigger,
            "plover": self.plover.to_dict() if self.plover else None,
            "cameo": [c.to_dict() for c in self.cameo],
        }


@dataclass(frozen=True)
class Statement:
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    topics: tuple[str, ...]
    negated: bool
    evidence: Evidence
    cue: str = ""  # the cue words, for people reading the output
    plover: Plover | None = None  # None when negated: no event took place
    cameo: Cameo | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "source": list(self.source),
            "target": list(self.target),
            "topics": list(self.topics),
            "negated": self.negated,
            "evidence": asdict(self.evidence),
            "cue": self.cue,
            "plover": self.plover.to_dict() if self.plover else None,
            "cameo": self.cameo.to_dict() if self.cameo else None,
        }


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    language: str | None
    title: str | None
    published: str | None
    contacts: tuple[Contact, ...] = ()
    statements: tuple[Statement, ...] = ()
    text: str | None = None  # kept when offsets point into extracted text (HTML), so claims can be shown
    source: str | None = None
    original: str | None = field(default=None, repr=False, compare=False)  # the text every offset points into
    published_source: str | None = None  # "input", "text", "archive" or "feed": where ``published`` comes from
    url: str | None = None

    def evidence_text(self, item: Contact | Statement) -> list[str]:
        """The words each evidence span of ``item`` (one of this record's contacts or statements) points at,
        read from the text the offsets point into."""
        text = self.original if self.original is not None else self.text
        if text is None:
            raise ValueError(f"{self.doc_id}: this record does not carry its text (rebuilt from JSON?)")
        spans = item.evidence if isinstance(item.evidence, tuple) else (item.evidence,)
        return [text[e.start : e.end] for e in spans]

    def _repr_html_(self) -> str:
        """In a notebook: the text with every claim's evidence highlighted, and the claims as tables."""
        from .display import record_html

        return record_html(self)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "language": self.language,
            "title": self.title,
            "published": self.published,
            "contacts": [c.to_dict() for c in self.contacts],
            "statements": [s.to_dict() for s in self.statements],
            "published_source": self.published_source,
            "url": self.url,
        }
        if self.text is not None:
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class ErrorRecord:
    doc_id: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "error": self.error}
