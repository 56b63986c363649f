"""The pipeline: read -> clean -> language -> layout and dates -> actors -> contacts -> topics -> record.

``diplograph.load()`` returns a ``Pipeline``; ``pipeline(text, published=None)`` returns a typed
``DocumentRecord`` and ``pipeline.pipe(documents)`` streams them. The CLI, the store and the web app are thin
adapters around it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from . import langid
from .actors import ActorRef, ActorResolver, title_grammar
from .analysis import Analyzer
from .clean import CleanText, clean
from .coding import coder
from .contacts import Draft, complete_from_trip, extract_contacts, find_triggers, protocol_host
from .dates import grammar as date_grammar
from .dates import parse_iso
from .errors import DiplographError, InputError
from .kb import KnowledgeBase
from .kb.files import load_lang_yaml
from .readers import RawDocument, ReadFailure
from .records import Actor, Contact, DocumentRecord, ErrorRecord, Evidence, Location
from .segment import is_body_line, lines, sentences
from .statements import extract_statements
from .topics import assign_topics

STAGES = (
    "read",
    "clean",
    "language",
    "layout",
    "dates",
    "actors",
    "analysis",
    "contacts",
    "topics",
    "statements",
    "record",
)


@dataclass(frozen=True)
class Layout:
    title: tuple[int, int] | None
    published: str | None
    body_start: int


class Pipeline:
    def __init__(self, kb: KnowledgeBase | None = None, reference_date: dt.date | None = None, use_parser: bool = True):
        self.kb = kb or KnowledgeBase.default()
        self.reference_date = reference_date
        self.analyzer = Analyzer() if use_parser else None
        self._resolvers: dict[str, ActorResolver] = {}

    def resolver(self, lang: str) -> ActorResolver:
        if lang not in self._resolvers:
            self._resolvers[lang] = ActorResolver(self.kb, lang)
        return self._resolvers[lang]

    def __call__(self, text: str | RawDocument, published: str | None = None, doc_id: str = "doc") -> DocumentRecord:
        raw = (
            text
            if isinstance(text, RawDocument)
            else RawDocument(doc_id=doc_id, text=text, source=doc_id, published=published)
        )
        return self.process(raw)

    def pipe(
        self, documents: Iterable[str | RawDocument | ReadFailure], batch_size: int = 32
    ) -> Iterator[DocumentRecord | ErrorRecord]:
        """Records in input order; a document that fails becomes an ``ErrorRecord`` and the stream goes on.
        ``batch_size`` is accepted for the spaCy-style signature; documents are processed one by one, since
        the tagger only sees the few sentences each document's first pass selects."""
        for i, item in enumerate(documents):
            if isinstance(item, ReadFailure):
                yield ErrorRecord(item.doc_id, str(item.error))
                continue
            raw = item if isinstance(item, RawDocument) else RawDocument(f"doc{i + 1}", item, f"doc{i + 1}")
            try:
                yield self.process(raw)
            except DiplographError as exc:
                yield ErrorRecord(raw.doc_id, str(exc))
            except Exception as exc:  # a bug must cost one document, never the rest of the batch
                yield ErrorRecord(
                    raw.doc_id, f"{raw.source}: internal error, please report it ({type(exc).__name__}: {exc})"
                )

    # ------------------------------------------------------------------------------------------
    def process(self, raw: RawDocument) -> DocumentRecord:
        if not raw.text.strip():
            raise InputError(raw.source, "no text")
        ct = clean(raw.text)
        lang = langid.detect(ct.text)
        layout = self._layout(ct, raw)
        title = raw.title or (ct.text[layout.title[0] : layout.title[1]].strip() if layout.title else None)
        if title is not None and layout.title is not None:
            title = raw.text[ct.offsets[layout.title[0]] : ct.to_original(*layout.title)[1]].strip()
        published = layout.published
        kept_text = raw.text if raw.extracted else None
        if lang != "fr":
            return DocumentRecord(
                raw.doc_id, lang, title, published, text=kept_text, source=raw.source, original=raw.text
            )
        anchor = parse_iso(published) or self.reference_date
        text = ct.text
        sents = sentences(text)
        actors = self.resolver(lang).resolve(text, anchor)
        dates = date_grammar(lang).find(text, anchor)
        speaker = self._speaker(text, layout, actors)
        triggers = find_triggers(text, sents, lang)
        tense = self.analyzer.tenses(text, sents, triggers, lang) if self.analyzer else {}
        drafts = extract_contacts(text, sents, actors, dates, anchor, speaker, lang, tense, triggers)
        complete_from_trip(drafts)
        assign_topics(text, sents, drafts, lang, layout.body_start)
        dateline = _dateline_place(text, actors)
        contacts = tuple(self._record(d, ct, actors, dateline) for d in drafts)
        found = extract_statements(
            text,
            sents,
            actors,
            drafts,
            speaker,
            self.kb,
            lang,
            layout.body_start,
            actors.by_sentence(sents),
            use_parser=self.analyzer is not None,
            title_span=layout.title,
        )
        statements = tuple(
            replace(s, evidence=Evidence(*ct.to_original(s.evidence.start, s.evidence.end))) for s in found
        )
        return DocumentRecord(
            raw.doc_id,
            lang,
            title,
            published,
            contacts,
            statements,
            text=kept_text,
            source=raw.source,
            original=raw.text,
        )

    def _layout(self, ct: CleanText, raw: RawDocument) -> Layout:
        text = ct.text
        all_lines = lines(text)
        header = []
        body_start = len(text)
        for line in all_lines:
            if is_body_line(text[line.start : line.end]):
                body_start = line.start
                break
            header.append(line)
        title = None
        for line in header:  # the last headline-like line before the body: site names and menus come first
            if _is_headline(text[line.start : line.end]):
                title = (line.start, line.end)
        published = _normalise_published(raw.published)
        if published is None:
            g = date_grammar("fr")
            zones = [(line.start, line.end) for line in header]
            first_body = next((ln for ln in all_lines if ln.start >= body_start), None)
            if first_body is not None:
                zones.append((first_body.start, min(first_body.end, first_body.start + 60)))
            for a, b in zones:
                found = [d for d in g.find(text[a:b], None) if d.value and d.kind in {"full", "numeric"}]
                if found:
                    published = found[0].value
                    break
        return Layout(title, published, body_start if title is None else min(body_start, title[1] + 1))

    def _speaker(self, text: str, layout: Layout, actors) -> ActorRef | None:
        """The author of a first-person text: the person in a title like "Déclaration de X"."""
        if layout.title is None:
            return None
        a, b = layout.title
        m = title_grammar("fr").speaker_title.search(text[a:b])
        if not m:
            return None
        for mention in actors.in_span(a + m.end(), b):
            if mention.actor.is_person:
                return actors.actor(mention.actor.key)
        return None

    def _record(self, d: Draft, ct: CleanText, actors, dateline: tuple[str, str] | None = None) -> Contact:
        participants = []
        for p in d.parties:
            ref = actors.actors.get(p.key, p)
            participants.append(Actor(ref.id, ref.name, ref.affiliation, ref.role, ref.wikidata))
        host = d.host or protocol_host(d)
        if d.medium not in {None, "in_person"}:
            host = None
        place = d.location
        if place is None and dateline and d.medium == "in_person" and d.status == "occurred" and host == dateline[1]:
            place = dateline  # "Dakar, le 14 mai 2024 - Le Président a reçu ...": the dateline says where
        location = Location(place[0], place[1]) if place else None
        evidence = tuple(Evidence(*ct.to_original(a, b)) for a, b in sorted(d.spans))
        affiliations = [a.affiliation for a in participants if a.affiliation]
        plover, cameo = coder().contact(d.medium, host, location.country if location else None, affiliations, d.trigger)
        return Contact(
            d.medium,
            d.status,
            d.date,
            location,
            tuple(participants),
            d.initiator,
            host,
            tuple(d.topics),
            evidence,
            d.trigger,
            plover,
            cameo,
        )


@lru_cache(maxsize=1)
def _not_title() -> re.Pattern[str]:
    patterns = load_lang_yaml("fr", "layout.yaml")["not_title"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _is_headline(chunk: str) -> bool:
    words = chunk.split()
    if len(words) < 4 or _is_dateline(chunk) or _not_title().match(chunk):
        return False
    if re.search(r"\s[|>»/]\s|\S\s{2,}\S", chunk):  # menus, breadcrumbs, language switchers
        return False
    letters = [ch for ch in chunk if ch.isalpha()]
    return not (letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters))


def _normalise_published(value: str | None) -> str | None:
    """A publication date given with the input ("2021-11-12T10:00:00Z") in the contract's form."""
    if not value:
        return None
    m = re.match(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", str(value))
    if not m:
        return None
    return f"{m[1]}T{m[2]}" if m[2] else m[1]


@lru_cache(maxsize=1)
def _dateline_after_place() -> re.Pattern[str]:
    return re.compile(load_lang_yaml("fr", "layout.yaml")["dateline_after_place"])


def _dateline_place(text: str, actors) -> tuple[str, str] | None:
    """The place of a dateline: a place at the head of a line, followed by a comma and a date or an agency."""
    for start, end, name, country in actors.places:
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip() and not text[:start].endswith("("):
            continue  # a dateline opens its line, or the parenthesis of a title: "(Paris, 4 juillet 2025)"
        after = text[end : end + 60]
        if _dateline_after_place().match(after):
            return (name, country)
    return None


def _is_dateline(chunk: str) -> bool:
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", chunk)
    return bool(date_grammar("fr").find(chunk, None)) and len(chunk.split()) <= 8 or len(letters) < 0.5 * len(chunk)


def load(reference_date: dt.date | str | None = None, use_parser: bool = True) -> Pipeline:
    """The French-first extraction pipeline with the package's knowledge base."""
    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date)
    return Pipeline(reference_date=reference_date, use_parser=use_parser)
