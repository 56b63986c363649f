"""The document's layout: its title, publication date and where the body begins; then, once actors are
known, the speaker of a first-person text and the place of its dateline.

A document in a language no pack analyses is laid out with the data of every pack, so it still gets its
title and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import TitleGrammar
from .clean import plain
from .dates import DateGrammar, parse_iso
from .segment import is_body_line, lines


@dataclass(frozen=True)
class Layout:
    title_span: tuple[int, int] | None  # clean-text offsets of the headline
    title: str | None  # the headline as the original writes it, or the title given with the input
    published: str | None
    body_start: int


class LayoutGrammar:
    """A pack's header patterns (``layout.yaml``): lines that are no headline, what follows a dateline."""

    def __init__(self, pack):
        data = pack.data("layout.yaml")
        self.not_title = re.compile("|".join(f"(?:{p})" for p in data["not_title"]), re.IGNORECASE)
        self.dateline_after_place = re.compile(data["dateline_after_place"])
        self.non_letters = re.compile(rf"[^{pack.letters}]")
        self.dates = pack.grammar(DateGrammar)
        self.window = pack.data("windows.yaml")["windows"]


class LayoutStage:
    name = "layout"
    requires = ("clean", "language")  # every document is laid out, in a pack's language or not
    assigns = ("layout", "anchor")

    def __init__(self, packs: dict, reference_date=None):
        self.packs = packs
        self.reference_date = reference_date

    def __call__(self, doc) -> None:
        packs = [doc.pack] if doc.pack is not None else list(self.packs.values())
        grammars = [p.grammar(LayoutGrammar) for p in packs]
        doc.layout = layout(doc.clean, doc.raw, grammars)
        doc.anchor = parse_iso(doc.layout.published) or self.reference_date


def layout(ct, raw, grammars: list[LayoutGrammar]) -> Layout:
    text = ct.text
    all_lines = lines(text)
    header = []
    body_start = len(text)
    for line in all_lines:
        if is_body_line(text[line.start : line.end]):
            body_start = line.start
            break
        header.append(line)
    span = None
    for line in header:  # the last headline-like line before the body: site names and menus come first
        if _is_headline(text[line.start : line.end], grammars):
            span = (line.start, line.end)
    published = _normalise_published(raw.published) or _stated_date(text, header, all_lines, body_start, grammars)
    # a headline found in the text is quoted from the original; the given title serves when there is none
    title = plain(raw.text[slice(*ct.to_original(*span))]).strip() if span is not None else raw.title
    return Layout(span, title, published, body_start if span is None else min(body_start, span[1] + 1))


def _stated_date(text, header, all_lines, body_start, grammars) -> str | None:
    """The first full date of the header, else of the head of the first body line."""
    for g in grammars:
        zones = [(line.start, line.end) for line in header]
        first_body = next((ln for ln in all_lines if ln.start >= body_start), None)
        if first_body is not None:
            zones.append((first_body.start, min(first_body.end, first_body.start + g.window["published_zone"])))
        for a, b in zones:
            found = [d for d in g.dates.find(text[a:b], None) if d.value and d.kind in {"full", "numeric"}]
            if found:
                return found[0].value
    return None


def _is_headline(chunk: str, grammars) -> bool:
    words = chunk.split()
    if len(words) < 4 or any(_is_dateline(chunk, g) or g.not_title.match(chunk) for g in grammars):
        return False
    if re.search(r"\s[|>»/]\s|\S\s{2,}\S", chunk):  # menus, breadcrumbs, language switchers
        return False
    letters = [ch for ch in chunk if ch.isalpha()]
    return not (letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters))


def _is_dateline(chunk: str, g: LayoutGrammar) -> bool:
    letters = g.non_letters.sub("", chunk)
    return bool(g.dates.find(chunk, None)) and len(chunk.split()) <= 8 or len(letters) < 0.5 * len(chunk)


def _normalise_published(value: str | None) -> str | None:
    """A publication date given with the input ("2021-11-12T10:00:00Z") in the contract's form."""
    if not value:
        return None
    m = re.match(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", str(value))
    if not m:
        return None
    return f"{m[1]}T{m[2]}" if m[2] else m[1]


class SpeakerStage:
    """The author of a first-person text (the person in a title like "Déclaration de X") and the place of the
    dateline ("Dakar, le 14 mai 2024 - ")."""

    name = "speaker"
    requires = ("pack", "layout", "actors")
    assigns = ("speaker", "dateline")

    def __call__(self, doc) -> None:
        doc.speaker = speaker(doc.text, doc.layout, doc.actors, doc.pack.grammar(TitleGrammar))
        doc.dateline = dateline_place(doc.text, doc.actors, doc.pack.grammar(LayoutGrammar))


def speaker(text: str, lay: Layout, actors, titles: TitleGrammar):
    if lay.title_span is None:
        return None
    a, b = lay.title_span
    m = titles.speaker_title.search(text[a:b])
    if not m:
        return None
    for mention in actors.in_span(a + m.end(), b):
        if mention.actor.is_person:
            return actors.actor(mention.actor.key)
    return None


def dateline_place(text: str, actors, g: LayoutGrammar) -> tuple[str, str] | None:
    """The place of a dateline: a place at the head of a line, followed by a comma and a date or an agency."""
    for start, end, name, country in actors.places:
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip() and not text[:start].endswith("("):
            continue  # a dateline opens its line, or the parenthesis of a title: "(Paris, 4 juillet 2025)"
        if g.dateline_after_place.match(text[end : end + g.window["dateline_after"]]):
            return (name, country)
    return None
