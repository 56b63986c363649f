"""The document's layout: its title, publication date and where the body begins; then, once actors are
known, the speaker of a first-person text and the place of its dateline.

How a reader of the genre finds the headline: the header is every line before the first paragraph of prose;
site names, menus, section headings, list items, datelines and photo captions are no headline. A dateline
(a date with its place or publisher) or a photo credit follows the headline, so the headline is the last
headline-like line before the header's first dateline or credit; without either, the last headline-like line
of the header. The line a credit introduces, or the line glued to it, is the photo's caption.

The publication date is the first full date of the header or of the head of the first paragraph; else a date
line standing alone further down ("5 octobre 2023 - Seul le prononcé fait foi"), when every such line gives
the same day. A date introduced as a revision ("Dernière modification : 12/03/2021", "Mis à jour le") is never
the publication date.

A listing page (a news page of several dated items, each with its own heading or date line and its own
text) has no headline and no publication date of its own: ``Layout.items`` lists its items, each with its
clean-text span and its date, so a later stage can date what each item reports by that item's date.

A document in a language no pack analyses is laid out with the data of every pack, so it still gets its
title and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from .actors import TitleGrammar
from .clean import plain
from .dates import DateGrammar, parse_iso
from .segment import Line, is_body_line, lines

# A listing page has at least this many dated items: a page that repeats its own date (the headline's "(Paris,
# 4 juillet 2012)" and a quoted "Propos ... (Paris, 4 juillet 2012)") is no listing.
_LISTING_MIN_ITEMS = 3
# A date line's fields ("Le 9 octobre 2016 - Ottawa, Ontario - Affaires mondiales Canada") are this short, and
# the whole line this short: a headline that names a date among commas is longer.
_FIELD_WORDS = 5
_DATE_LINE_WORDS = 15
# A date line's date comes first, or after a few words: a place, "le", a label ("Publié le", "Zagreb,").
_DATE_LEAD_WORDS = 4
_FIELD_SPLIT = re.compile(r"\s[-|/]\s|[,;()]")
# The date kinds that date a page or an item: a day with its year ("4 juillet 2012", "20.01.2025").
_DAY_KINDS = frozenset({"full", "numeric"})


class Item(NamedTuple):
    """One dated item of a listing page: its clean-text span (its heading lines to the next item) and its
    date (``YYYY-MM-DD``, with the time when given)."""

    start: int
    end: int
    date: str


@dataclass(frozen=True)
class Layout:
    title_span: tuple[int, int] | None  # clean-text offsets of the headline
    title: str | None  # the headline as the original writes it, or the title given with the input
    published: str | None
    body_start: int
    # the dated items of a listing page, in text order; empty for a page that reports one thing
    items: tuple[Item, ...] = ()
    # where ``published`` comes from: "input" (given with it), "text" (stated), or where neither states one the
    # fallback's source ("archive": the date a WARC archived the page, "feed": the feed item's date); None with no date
    published_source: str | None = None

    @property
    def is_listing(self) -> bool:
        """A page of several dated items: it has no headline or publication date of its own."""
        return bool(self.items)


_BYLINE_WORDS = 12
_LEAD_LINES = 3
_INTRO_WORDS = 12  # a line that introduces a quotation names its speaker in a few words  # lines at the head of a body where "A statement by X" names the author  # a signature line is short: a name and an office


class LayoutGrammar:
    """A pack's header patterns (``layout.yaml``): lines that are no headline, what follows a dateline, photo
    credits, list bullets and the words that make a date a revision date."""

    def __init__(self, pack):
        data = pack.data("layout.yaml")
        self.not_title = re.compile("|".join(f"(?:{p})" for p in data["not_title"]), re.IGNORECASE)
        self.dateline_after_place = re.compile(data["dateline_after_place"])
        self.credit = re.compile(data["credit"], re.IGNORECASE)
        self.list_item = re.compile(data["list_item"])
        self.revised = re.compile(f"(?:{data['revised']})\\W*$", re.IGNORECASE)
        self.non_letters = re.compile(rf"[^{pack.letters}]")
        self.dates = pack.grammar(DateGrammar)
        self.titles = pack.grammar(TitleGrammar)
        # a transcript's speaker label at the head of a line ("SECRETARY BLINKEN:", "M. LAVROV :")
        label = data.get("speaker_label")
        self.speaker_label = re.compile(rf"^(?:{label})", re.MULTILINE) if label else None
        # the end of a short line that introduces a quotation: "The Tánaiste said," then the quoted paragraphs
        intro = data.get("quote_intro")
        self.quote_intro = re.compile(rf"(?:{intro})[^\S\n]*$", re.MULTILINE | re.IGNORECASE) if intro else None
        self.window = pack.data("windows.yaml")["windows"]

    def is_byline(self, chunk: str) -> bool:
        """A signature line under a headline: a name, a comma and an office ("Michael R. Pompeo, Secretary of
        State"); it closes the headline zone like a date line."""
        head, comma, rest = chunk.partition(",")
        if not comma or len(chunk.split()) > _BYLINE_WORDS or len(head.split()) > 5:
            return False
        found = self.titles.find(rest.strip())
        return bool(found) and found[0][0] == 0 and head.strip()[:1].isupper()

    def day_dates(self, chunk: str) -> list:
        """The dates of a line that give a day with its year, leaving out revision dates."""
        return [
            d
            for d in self.dates.find(chunk, None)
            if d.value and d.kind in _DAY_KINDS and not self.revised.search(chunk[: d.start])
        ]


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
    header: list[Line] = []
    body_start = len(text)
    for line in all_lines:
        if is_body_line(text[line.start : line.end]):
            body_start = line.start
            break
        header.append(line)
    items = listing_items(text, all_lines, grammars)
    span = None if items else _headline(ct, header, body_start, grammars)
    stated = None if items else _stated_date(text, header, all_lines, body_start, grammars)
    given = _normalise_published(raw.published)
    fallback = None if items else _normalise_published(raw.fallback_published)  # a listing has no date of its own
    published = given or stated or fallback
    source = "input" if given else "text" if stated else raw.fallback_source if fallback else None
    # a headline found in the text is quoted from the original; the given title serves when there is none
    title = plain(raw.text[slice(*ct.to_original(*span))]).strip() if span is not None else raw.title
    end = body_start if span is None else min(body_start, span[1] + 1)
    return Layout(span, title, published, end, items, source)


def _headline(ct, header: list[Line], body_start: int, grammars) -> tuple[int, int] | None:
    """The last headline-like line before the first dateline or photo credit of the header, else the last
    headline-like line of the header; never a photo caption."""
    text = ct.text
    credits = _credit_lines(ct, body_start, grammars)
    captions = _captions(text, header, credits)
    datelines = [
        ln.start
        for ln in header
        if any(_is_date_line(text[ln.start : ln.end], g) or g.is_byline(text[ln.start : ln.end]) for g in grammars)
    ]
    closer = min(credits + datelines, default=len(text))
    found = [ln for ln in header if ln not in captions and _is_headline(text[ln.start : ln.end], grammars)]
    before = [ln for ln in found if ln.end <= closer]
    pick = (before or found)[-1] if found else None
    return (pick.start, pick.end) if pick else None


def _credit_lines(ct, limit: int, grammars) -> list[int]:
    """Where the photo credits ("©MAEE", "1. © SIP / Charles Caratini", "Photo : AFP") of the header start,
    read in the original text, since cleaning blanks a copyright line."""
    out = []
    pos = 0
    for raw_line in ct.text[:limit].split("\n"):
        end = pos + len(raw_line)
        if raw_line.strip():
            chunk = raw_line.strip()
        elif end > pos:
            chunk = ct.original[slice(*ct.to_original(pos, end))].strip()
        else:
            chunk = ""
        if chunk and any(g.credit.match(chunk) for g in grammars):
            out.append(pos)
        pos = end + 1
    return out


def _captions(text: str, header: list[Line], credits: list[int]) -> set[Line]:
    """The header lines that caption a photo: the line after its credit, and a line glued to the credit above."""
    out = set()
    for c in credits:
        after = next((ln for ln in header if ln.start > c), None)
        before = next((ln for ln in reversed(header) if ln.end <= c), None)
        if after is not None:
            out.add(after)
        if before is not None and text.count("\n", before.end, c) == 1:
            out.add(before)
    return out


def listing_items(text: str, all_lines: list[Line], grammars) -> tuple[Item, ...]:
    """The dated items of a listing page: lines that are no prose and carry a day with its year, each followed
    by its own prose before the next. A page has none when it has fewer than three, or when its first item
    holds an article and the others only teasers (an article followed by dated links to related ones)."""
    dated = []
    for i, ln in enumerate(all_lines):
        chunk = text[ln.start : ln.end]
        if not is_body_line(chunk):
            found = next((d for g in grammars for d in g.day_dates(chunk)), None)
            if found is not None:
                dated.append((i, found.value))
    items, prose = [], []
    for k, (i, value) in enumerate(dated):
        stop = dated[k + 1][0] if k + 1 < len(dated) else len(all_lines)
        paragraphs = sum(is_body_line(text[ln.start : ln.end]) for ln in all_lines[i + 1 : stop])
        if paragraphs:
            items.append((i, value))
            prose.append(paragraphs)
    if len(items) < _LISTING_MIN_ITEMS or prose[0] >= 3 and prose[0] > 2 * max(prose[1:]):
        return ()
    starts = []
    for k, (i, _value) in enumerate(items):
        floor = items[k - 1][0] + 1 if k else 0
        j = i  # an item's heading lines stand right above its date line: "Titre\n12 mars 2024\nTexte"
        while j > max(floor, i - 2) and not is_body_line(text[all_lines[j - 1].start : all_lines[j - 1].end]):
            j -= 1
        starts.append(all_lines[j].start)
    ends = starts[1:] + [len(text)]
    return tuple(Item(a, b, value) for a, b, (_i, value) in zip(starts, ends, items, strict=True))


def _stated_date(text, header, all_lines, body_start, grammars) -> str | None:
    """The first full date of the header, else of the head of the first body line, else the day of the date
    lines standing alone further down when they all agree."""
    first_body = next((ln for ln in all_lines if ln.start >= body_start), None)
    for g in grammars:
        zones = [(line.start, line.end) for line in header]
        if first_body is not None:
            zones.append((first_body.start, min(first_body.end, first_body.start + g.window["published_zone"])))
        for a, b in zones:
            found = g.day_dates(text[a:b])
            if found:
                return found[0].value
    # a line of its own further down: never a sentence of the body that happens to be short
    later = [text[ln.start : ln.end] for ln in all_lines if ln.start > body_start]
    later = [chunk for chunk in later if not is_body_line(chunk)]
    for g in grammars:
        found = [g.day_dates(chunk)[0].value for chunk in later if _is_date_line(chunk, g)]
        if found and len({v[:10] for v in found}) == 1:
            return found[0]
    return None


def _is_headline(chunk: str, grammars) -> bool:
    words = [w for w in chunk.split() if any(ch.isalpha() for ch in w)]
    if len(words) < 4 or any(_is_dateline(chunk, g) or g.not_title.match(chunk) for g in grammars):
        return False
    if any(g.list_item.match(chunk) for g in grammars):  # an entry of a list: a menu, a related link, an item
        return False
    if re.search(r"\s[|>»/]\s|\S\s{2,}\S", chunk):  # menus, breadcrumbs, language switchers
        return False
    letters = [ch for ch in chunk if ch.isalpha()]
    return not (letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters))


def _is_dateline(chunk: str, g: LayoutGrammar) -> bool:
    """A line that dates the page rather than heading it: a short line that opens with a date, a date line, or
    a line mostly made of digits and signs."""
    letters = g.non_letters.sub("", chunk)
    if len(letters) < 0.5 * len(chunk):
        return True
    dates = g.dates.find(chunk, None)
    return (
        bool(dates)
        and len(chunk.split()) <= 8
        and _lead_words(chunk, dates[0]) <= _DATE_LEAD_WORDS
        or (_is_date_line(chunk, g))
    )


def _is_date_line(chunk: str, g: LayoutGrammar) -> bool:
    """A day with its year near the line's start and, around it, only short fields: a place, a publisher, a
    label ("Le 9 octobre 2016 - Ottawa, Ontario - Affaires mondiales Canada", "5 octobre 2023 - Seul le
    prononcé fait foi"). A headline that ends with its date ("Russie - Entretien avec M. Lavrov (12 novembre
    2021)") is none."""
    dates = g.day_dates(chunk)
    if not dates or _lead_words(chunk, dates[0]) > _DATE_LEAD_WORDS:
        return False
    words = len(chunk.split())
    return (
        words <= 8
        or words <= _DATE_LINE_WORDS
        and all(len(f.split()) <= _FIELD_WORDS for f in _FIELD_SPLIT.split(chunk))
    )


def _lead_words(chunk: str, date) -> int:
    """How many words stand before a date on its line: a place and "le", or a label such as "Publié le"."""
    return len(chunk[: date.start].split())


def _normalise_published(value: str | None) -> str | None:
    """A publication date given with the input ("2021-11-12T10:00:00Z") in the contract's form."""
    if not value:
        return None
    m = re.match(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", str(value))
    if not m:
        return None
    return f"{m[1]}T{m[2]}" if m[2] else m[1]


class SpeakerStage:
    """The author of a first-person text (the person in a title like "Déclaration de X"), the turns of a
    transcript ("SECRETARY BLINKEN: ..."), and the place of the dateline ("Dakar, le 14 mai 2024 - ")."""

    name = "speaker"
    requires = ("pack", "layout", "actors")
    assigns = ("speaker", "turns", "dateline")

    def __call__(self, doc) -> None:
        g = doc.pack.grammar(LayoutGrammar)
        doc.speaker = speaker(doc.text, doc.layout, doc.actors, doc.pack.grammar(TitleGrammar))
        doc.turns = turns(doc.text, doc.actors, g)
        doc.dateline = dateline_place(doc.text, doc.actors, g)


def turns(text: str, actors, g: LayoutGrammar) -> list[tuple[int, int, object]]:
    """The turns of a transcript or of quoted remarks: (start, end, speaker) from one speaker's label at the
    head of a line ("SECRETARY BLINKEN:"), or from a short line that introduces a quotation ("The Tánaiste
    said,"), to the next one; the speaker is the person the label or line names, None for a label that names
    nobody ("QUESTION:")."""
    starts = []
    if g.speaker_label is not None:
        for m in g.speaker_label.finditer(text):
            people = [x.actor for x in actors.in_span(m.start("label"), m.end("label")) if x.actor.is_person]
            starts.append((m.start(), actors.actor(people[0].key) if people else None))
    if g.quote_intro is not None:
        for m in g.quote_intro.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            people = [x.actor for x in actors.in_span(line_start, m.start()) if x.actor.is_person]
            if people and len(text[line_start : m.start()].split()) <= _INTRO_WORDS:
                starts.append((line_start, actors.actor(people[-1].key)))
    if not starts:
        return []
    starts.sort(key=lambda s: s[0])
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [(start, end, who) for (start, who), end in zip(starts, ends, strict=True)]


def speaker_at(turns: list, pos: int, default):
    """Who speaks at ``pos``: the speaker of the transcript's turn there, else ``default`` (the author)."""
    for start, end, who in turns:
        if start <= pos < end:
            return who if who is not None else default
    return default


def speaker(text: str, lay: Layout, actors, titles: TitleGrammar):
    """The author of a first-person text: the person a headline like "Déclaration de X" names, else the one
    one of the body's first lines names that way ("A statement by Dominic Raab MP, Foreign Secretary")."""
    spans = [lay.title_span] if lay.title_span is not None else []
    start = lay.body_start
    for _ in range(_LEAD_LINES):  # the body's first lines: a date line may come before the author's
        end = text.find("\n", start)
        end = end if end >= 0 else len(text)
        spans.append((start, end))
        start = end + 1
    for a, b in spans:
        m = titles.speaker_title.search(text[a:b])
        if not m:
            continue
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
