"""Actors: who the document names, resolved across the whole text and on the document's date.

Mentions come from the gazetteer (people, states, organisations, places), from titles ("le ministre russe des
Affaires étrangères"), from honorifics ("M. Ba") and from a title next to a name ("Le ministre sénégalais des
Affaires étrangères, Amadou Ba"). A title without a name resolves to the holder of the office on the
document's date, or to the person already named with that office; a surname to the person named in full.
"""

from __future__ import annotations

import datetime as dt

from ...kb import KnowledgeBase, Match
from ..dates import DateGrammar
from .linking import Linker
from .model import ActorRef, DocActors, Mention, TitleHit
from .names import FunctionWords, Names
from .titles import TitleGrammar, Titles, plain

__all__ = [
    "ActorRef",
    "ActorResolver",
    "ActorStage",
    "DocActors",
    "FunctionWords",
    "Mention",
    "TitleGrammar",
    "TitleHit",
]


class ActorResolver:
    """Every actor a text names, resolved on a day: gazetteer matches, titles, names, then their linking."""

    def __init__(self, kb: KnowledgeBase, pack, config=None):
        from ...config import Config

        self.kb = kb
        self.lang = pack.code
        self.titles = Titles(kb, pack)
        self.names = Names(kb, pack, Config.load(config)["actors"])
        self.linker = Linker(kb, self.titles, self.names)
        self.dates = pack.grammar(DateGrammar)

    def resolve(self, text: str, day: dt.date | None) -> DocActors:
        """The actors of ``text`` on ``day``; without a day, on the first full date the text writes (a listing
        or a press release without a date line still says when its events took place)."""
        text = plain(text)  # one character for one: offsets stay valid
        day = day or self._written_day(text)
        doc = DocActors()
        matches = self.kb.scan(text, self.lang)
        self._collect_places_and_states(text, matches, doc)
        titles = self.titles.find(text, doc)
        doc.titles = titles
        persons = self.names.spans(text, matches, day, titles)
        _drop_places_starting_names(persons, doc)
        self.linker.link(text, persons, titles, day, doc)
        doc.mentions.sort(key=lambda m: m.start)
        return doc

    def _written_day(self, text: str) -> dt.date | None:
        for mention in self.dates.find(text, None):
            if mention.day is not None and mention.kind in {"full", "numeric"}:
                return mention.day
        return None

    # --- places, states and organisations -----------------------------------------------------
    def _collect_places_and_states(self, text: str, matches: list[Match], doc: DocActors) -> None:
        for m in matches:
            first = m.entries[0]
            if first.kind == "place":
                place = self.kb.places[int(first.ref)]
                doc.places.append((m.start, m.end, text[m.start : m.end], place.country))
            elif first.kind == "capital":
                doc.places.append((m.start, m.end, text[m.start : m.end], first.ref))
                doc.states.append((m.start, m.end, first.ref, "capital"))
            elif first.kind in {"country", "adjective", "combining"}:
                doc.states.append((m.start, m.end, first.ref, first.kind))
            elif first.kind == "org":
                org = self.kb.organisations[first.ref]
                ref = ActorRef(f"org:{org.id}", org.id, text[m.start : m.end], org.code, None, org.wikidata, "org")
                doc.mentions.append(Mention(m.start, m.end, ref, "org"))
                doc.actors.setdefault(ref.key, ref)
        for start, end, code, kind in doc.states:
            if kind == "country":
                qid = self.kb.countries[code].wikidata if code in self.kb.countries else None
                ref = ActorRef(f"state:{code}", code, text[start:end], code, None, qid, "state")
                doc.mentions.append(Mention(start, end, ref, "state"))
                doc.actors.setdefault(ref.key, ref)
        # people's names are matched later; keep only their spans here


def _drop_places_starting_names(persons, doc: DocActors) -> None:
    """A town that starts a person's name ("Victoria Nuland") is no place of the text and names no state."""
    ends = {start: end for start, end, *_ in persons}

    def inside(start: int, end: int) -> bool:
        return start in ends and end < ends[start]

    if not any(inside(s, e) for s, e, *_ in doc.places):
        return
    doc.places = [p for p in doc.places if not inside(p[0], p[1])]
    doc.states = [s for s in doc.states if not inside(s[0], s[1])]
    dropped = {m.actor.key for m in doc.mentions if m.source == "state" and inside(m.start, m.end)}
    doc.mentions = [m for m in doc.mentions if not (m.source == "state" and inside(m.start, m.end))]
    for key in dropped - {m.actor.key for m in doc.mentions}:
        doc.actors.pop(key, None)


class ActorStage:
    """Actor mentions resolved on the document's day, with the pipeline's knowledge base."""

    name = "actors"
    requires = ("clean", "pack", "anchor")
    assigns = ("actors",)

    def __init__(self, kb: KnowledgeBase, config=None):
        self.kb = kb
        self.config = config
        self._resolvers: dict[str, ActorResolver] = {}

    def __call__(self, doc) -> None:
        code = doc.pack.code
        if code not in self._resolvers:
            self._resolvers[code] = ActorResolver(self.kb, doc.pack, self.config)
        doc.actors = self._resolvers[code].resolve(doc.text, doc.anchor)
