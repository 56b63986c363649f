"""Actors: who the document names, resolved across the whole text and on the document's date.

Mentions come from the gazetteer (people, states, organisations, places), from titles ("le ministre russe des
Affaires étrangères"), from honorifics ("M. Ba") and from a title next to a name ("Le ministre sénégalais des
Affaires étrangères, Amadou Ba"). A title without a name resolves to the holder of the office on the
document's date, or to the person already named with that office; a surname to the person named in full.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .kb import KnowledgeBase, Match, fold
from .kb.files import load_lang_yaml

MINISTERIAL = frozenset({"foreign-minister", "defence-minister", "minister", "eu-high-representative"})


@dataclass(frozen=True)
class ActorRef:
    key: str  # person id, "name:<surname>", "state:RUS" or "org:eu"
    id: str | None
    name: str
    affiliation: str | None
    role: str | None
    wikidata: str | None
    kind: str  # person | state | org

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: ActorRef
    source: str  # name | surname | title | honorific | state | org | counterpart


@dataclass(frozen=True)
class TitleHit:
    start: int
    end: int  # including its state or organisation complement
    role: str
    affiliation: str | None
    plural: bool
    counterpart: bool = False


@dataclass
class DocActors:
    """Every actor mention of a document, in order, and the actors they resolve to."""

    mentions: list[Mention] = field(default_factory=list)
    places: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, name, country
    states: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, code, kind
    titles: list[TitleHit] = field(default_factory=list)
    actors: dict[str, ActorRef] = field(default_factory=dict)

    def in_span(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def by_sentence(self, sentences) -> dict[int, list[Mention]]:
        """Mentions inside each sentence, in one sweep (mentions and sentences are both in text order)."""
        out: dict[int, list[Mention]] = {s.index: [] for s in sentences}
        i = 0
        for sent in sentences:
            while i < len(self.mentions) and self.mentions[i].start < sent.start:
                i += 1
            j = i
            while j < len(self.mentions) and self.mentions[j].start < sent.end:
                if self.mentions[j].end <= sent.end:
                    out[sent.index].append(self.mentions[j])
                j += 1
        return out

    def actor(self, key: str) -> ActorRef:
        return self.actors[key]


class TitleGrammar:
    def __init__(self, lang: str):
        data = load_lang_yaml(lang, "titles.yaml")
        self.entries = [
            (re.compile(rf"\b(?:{t['pattern']})\b", re.IGNORECASE), t["role"], t.get("affiliation"))
            for t in data["titles"]
        ]
        # a title that holds only in documents matching its context ("le président de la Commission" in a
        # document about the African Union)
        self.contexts = [re.compile(t["context"], re.IGNORECASE) if t.get("context") else None for t in data["titles"]]
        self.counterpart = re.compile(rf"\b(?:{data['counterpart']})\b", re.IGNORECASE)
        honorifics = "|".join(re.escape(h) for h in sorted(data["honorifics"], key=len, reverse=True))
        cap = "[A-ZÀ-ÖØ-Þ]"
        name = rf"{cap}[\w'-]+(?:\s+(?:(?:{data['name_particles']})\s+)?(?:al-|el-)?{cap}[\w'-]+){{0,3}}"
        self.honorific = re.compile(rf"(?:(?<=\s)|^|(?<=[(\"',]))(?:{honorifics})\s+(?P<name>{name})")
        of, forms, qualifiers = data["of"], data["state_forms"], data["state_form_qualifiers"]
        self.after_title = re.compile(rf"^\s*(?P<prep>{of})(?:(?:{forms})\b(?:\s+(?:{qualifiers}))*\s*(?:{of})?)?")
        self.appos_name = re.compile(
            rf"^(?:{data['title_complement']})?\s*,?\s*(?:(?:{honorifics})\s*)?(?P<name>{name})"
        )
        self.name_title_gap = re.compile(rf"^(?:{data['name_title_gap']})$")
        self.group_refs = [re.compile(p, re.IGNORECASE) for p in data["group_refs"]]
        self.speaker_title = re.compile(data["speaker_titles"], re.IGNORECASE)

    def find(self, text: str, document: str | None = None) -> list[tuple[int, int, str, str | None, bool]]:
        """Titles in ``text``: start, end, role, affiliation (when the title fixes it) and plural. A title
        with a context applies only when ``document`` (default: ``text``) matches it."""
        hits = []
        for priority, (pattern, role, aff) in enumerate(self.entries):
            context = self.contexts[priority]
            if context is not None and not context.search(document if document is not None else text):
                continue
            for m in pattern.finditer(text):
                hits.append((m.start(), -(m.end() - m.start()), priority, m.end(), role, aff))
        for m in self.counterpart.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), len(self.entries), m.end(), "counterpart", None))
        hits.sort()
        out, last = [], -1
        for start, _neg, _prio, end, role, aff in hits:
            if start >= last:
                plural = text[start:end].split()[0].lower().endswith("s") if text[start:end].split() else False
                out.append((start, end, role, aff, plural))
                last = end
        return out


@lru_cache(maxsize=4)
def title_grammar(lang: str) -> TitleGrammar:
    return TitleGrammar(lang)


@lru_cache(maxsize=4)
def function_words(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in load_lang_yaml(lang, "function_words.yaml")["words"].split())


TOP_ROLES = frozenset(
    {
        "head-of-state",
        "head-of-government",
        "foreign-minister",
        "eu-high-representative",
        "eu-council-president",
        "eu-commission-president",
        "secretary-general",
    }
)


class ActorResolver:
    def __init__(self, kb: KnowledgeBase, lang: str = "fr"):
        self.kb = kb
        self.lang = lang
        self.titles = title_grammar(lang)
        self.function_words = function_words(lang)

    def resolve(self, text: str, day: dt.date | None) -> DocActors:
        doc = DocActors()
        matches = self.kb.scan(text, self.lang)
        self._collect_places_and_states(text, matches, doc)
        titles = self._titles(text, doc)
        doc.titles = titles
        persons = self._person_spans(text, matches, day, titles)
        self._link_and_register(text, persons, titles, day, doc)
        doc.mentions.sort(key=lambda m: m.start)
        return doc

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
                ref = ActorRef(f"state:{code}", code, text[start:end], code, None, None, "state")
                doc.mentions.append(Mention(start, end, ref, "state"))
                doc.actors.setdefault(ref.key, ref)
        # people's names are matched later; keep only their spans here

    # --- titles ---------------------------------------------------------------------------------
    def _titles(self, text: str, doc: DocActors) -> list[TitleHit]:
        states = {s[0]: s for s in doc.states}
        orgs = {m.start: m for m in doc.mentions if m.source == "org"}
        out = []
        for start, end, role, aff, plural in self.titles.find(text):
            counterpart = role == "counterpart"
            # a state written inside the title ("ministre russe des Affaires étrangères")
            for s in doc.states:
                if start < s[0] < end and s[3] == "adjective" and aff is None:
                    aff = s[2]
            # an adjective right after it ("le président biélorusse"), or "de la Fédération de Russie"
            rest = text[end:]
            lead = len(rest) - len(rest.lstrip(" "))
            nxt = end + lead
            if nxt in states and states[nxt][3] == "adjective":
                aff = aff or states[nxt][2]
                end = states[nxt][1]
            else:
                m = self.titles.after_title.match(rest)
                if m and m.end() > 0:
                    # the state may be named in full from "République ..." or after it ("de la République du Bélarus")
                    for pos in (end + m.end("prep"), end + m.end()):
                        if pos in states and states[pos][3] in {"country", "capital"}:
                            aff = aff or states[pos][2]
                            end = states[pos][1]
                            break
                        if pos in orgs:
                            aff = aff or orgs[pos].actor.affiliation
                            end = orgs[pos].end
                            break
            out.append(TitleHit(start, end, role, aff, plural, counterpart))
        return out

    # --- people -----------------------------------------------------------------------------------
    def _person_spans(self, text, matches, day, titles):
        """(start, end, person_id or None, written name) for every person named."""
        spans: list[tuple[int, int, str | None, str]] = []
        taken: list[tuple[int, int]] = []
        full_ids = {e.ref for m in matches for e in m.entries if e.kind == "person"}
        for m in matches:
            kinds = m.kinds()
            surface = text[m.start : m.end]
            if "person" in kinds:
                ids = [e.ref for e in m.entries if e.kind == "person"]
                pid = self._choose_person(ids, day)
                spans.append((m.start, m.end, pid, surface))
                taken.append((m.start, m.end))
            elif "surname" in kinds:
                ids = [e.ref for e in m.entries if e.kind == "surname"]
                if re.match(r"\s+[A-ZÀ-ÖØ-Þ][a-zà-ÿ]", text[m.end : m.end + 3]):
                    continue  # "Michel Barnier": a first name here, not a surname
                if fold(surface) in self.function_words:
                    continue  # "Les présidents", "Ban" as a word
                pid = self._choose_surname(ids, day, full_ids, text, m.start, titles)
                if pid:
                    spans.append((m.start, m.end, pid, surface))
                    taken.append((m.start, m.end))

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        for m in self.titles.honorific.finditer(text):
            a, b = m.start("name"), m.end("name")
            if free(a, b) and self._plausible_name(text[a:b]):
                spans.append((a, b, None, m["name"]))
                taken.append((a, b))
        for t in titles:
            m = self.titles.appos_name.match(text[t.end :])
            if m and not t.plural:
                a, b = t.end + m.start("name"), t.end + m.end("name")
                if free(a, b) and self._plausible_name(text[a:b]):
                    spans.append((a, b, None, m["name"]))
                    taken.append((a, b))
        spans.sort()
        return spans

    def _plausible_name(self, surface: str) -> bool:
        first = fold(surface.split()[0]).strip("'") if surface.split() else ""
        return first not in self.function_words and not self._is_place_or_state(surface)

    def _is_place_or_state(self, surface: str) -> bool:
        return any(
            m.start == 0 for m in self.kb.scan(surface, self.lang) if m.kinds() & {"country", "capital", "place", "org"}
        )

    def _choose_person(self, ids: list[str], day: dt.date | None) -> str:
        if len(ids) == 1 or day is None:
            return ids[0]
        active = [i for i in ids if self.kb.people[i].active_around(day, 365)]
        return (active or ids)[0]

    def _choose_surname(self, ids, day, full_ids, text, start, titles) -> str | None:
        named = [i for i in ids if i in full_ids]
        if named:
            return named[0]
        # never named in full: only a person who held a top office then, and no other one of that name
        top = [
            i
            for i in dict.fromkeys(ids)
            if any(o.role in TOP_ROLES for o in self.kb.people[i].offices) and self.kb.people[i].active_around(day, 365)
        ]
        return top[0] if len(top) == 1 else None

    def _link_and_register(self, text, persons, titles, day, doc: DocActors) -> None:
        used_titles: set[int] = set()
        unknown_by_surname: dict[str, str] = {}
        for start, end, pid, surface in persons:
            title = self._linked_title(text, start, end, titles)
            if title is not None:
                used_titles.add(id(title))
            if pid:
                person = self.kb.people[pid]
                office = person.office_on(day)
                role = office.role if office else (title.role if title else None)
                aff = office.affiliation if office else (title.affiliation if title and title.affiliation else None)
                if aff is None:
                    latest = person.office_on(None)
                    aff, role = (latest.affiliation, latest.role) if latest else (None, role)
                ref = ActorRef(pid, pid, surface, aff, role, person.wikidata, "person")
                src = "name"
            elif (title and title.affiliation) and (match := self._fuzzy_person(surface, title.affiliation, day)):
                # a spelling the knowledge base lacks ("Abdallah" for "Abdullah"), in the state the title names
                person = self.kb.people[match]
                office = person.office_on(day) or person.office_on(None)
                ref = ActorRef(
                    match,
                    match,
                    surface,
                    title.affiliation,
                    office.role if office else title.role,
                    person.wikidata,
                    "person",
                )
                src = "name"
            else:
                surname = fold(surface.split()[-1])
                key = unknown_by_surname.get(surname) or f"name:{fold(surface)}"
                unknown_by_surname.setdefault(surname, key)
                prev = doc.actors.get(key)
                role = title.role if title else (prev.role if prev else None)
                aff = (title.affiliation if title else None) or (prev.affiliation if prev else None)
                ref = ActorRef(key, None, surface, aff, role if role != "counterpart" else None, None, "person")
                src = "honorific"
            self._register(doc, Mention(start, end, ref, src))
        for t in titles:
            if id(t) in used_titles or t.plural:
                continue
            ref = self._resolve_title(text, t, day, doc)
            if ref is not None:
                self._register(doc, Mention(t.start, t.end, ref, "counterpart" if t.counterpart else "title"))

    def _fuzzy_person(self, surface: str, affiliation: str, day: dt.date | None) -> str | None:
        """The person of ``affiliation`` active around ``day`` whose name is spelled most like ``surface``."""
        from rapidfuzz import fuzz

        target = fold(surface)
        best, best_score = None, 0.0
        for person in self.kb.people.values():
            if not any(o.affiliation == affiliation for o in person.offices) or not person.active_around(day, 365):
                continue
            for name in person.names:
                score = fuzz.token_sort_ratio(target, fold(name))
                if score > best_score:
                    best, best_score = person.id, score
        return best if best_score >= 85 else None

    def _linked_title(self, text, start, end, titles) -> TitleHit | None:
        for t in titles:
            if t.plural:
                continue
            if t.end <= start:
                m = self.titles.appos_name.match(text[t.end :])
                if m and t.end + m.start("name") == start:
                    return t
            if end <= t.start and self.titles.name_title_gap.match(text[end : t.start]):
                return t
        return None

    def _resolve_title(self, text, t: TitleHit, day, doc: DocActors) -> ActorRef | None:
        role, aff = t.role, t.affiliation
        if t.counterpart:
            prior = [m for m in doc.mentions if m.actor.is_person and m.end <= t.start and m.actor.role]
            if not prior or aff is None:
                return None
            role = prior[-1].actor.role
        if role == "minister-anaphor":
            earlier = [
                m.actor
                for m in doc.mentions
                if m.actor.is_person
                and m.end <= t.start
                and m.actor.role in MINISTERIAL
                and (aff is None or m.actor.affiliation == aff)
            ]
            if not earlier:
                return None
            # with a nationality, the last one of that state; bare, the text's protagonist: the first one named
            chosen = earlier[-1] if aff else earlier[0]
            return doc.actors.get(chosen.key, chosen)
        if role in {"minister", "other"} and aff is None:
            return None
        known = [
            a for a in doc.actors.values() if a.is_person and a.role == role and (aff is None or a.affiliation == aff)
        ]
        if aff is None:
            earlier = [m.actor for m in doc.mentions if m.actor.is_person and m.end <= t.start and m.actor.role == role]
            return earlier[-1] if earlier else None
        if known:
            return known[-1]
        if role == "other" and day is not None:
            # an office the knowledge base names ("président de la Commission de l'Union africaine"), written
            # whole or shortened ("le président de la Commission"): its one holder on that day
            written = " ".join(text[t.start : t.end].lower().split())
            named = [
                p
                for p in self.kb.holders(role, aff, day)
                if any(
                    o.role == role
                    and o.affiliation == aff
                    and o.covers(day)
                    and o.title
                    and o.title.lower().startswith(written)
                    for o in p.offices
                )
            ]
            if len(named) == 1:
                p = named[0]
                return ActorRef(p.id, p.id, p.names[0], aff, role, p.wikidata, "person")
        if role in {"ambassador", "minister", "other"}:
            name = text[t.start : t.end]
            return ActorRef(f"title:{role}:{aff}", None, name, aff, role, None, "person")
        holders = self.kb.holders(role, aff, day) if day else []
        if len(holders) >= 1:
            p = holders[0]
            return ActorRef(p.id, p.id, p.names[0], aff, role, p.wikidata, "person")
        return ActorRef(f"title:{role}:{aff}", None, text[t.start : t.end], aff, role, None, "person")

    @staticmethod
    def _register(doc: DocActors, mention: Mention) -> None:
        ref = mention.actor
        prev = doc.actors.get(ref.key)
        if prev is not None:
            name = ref.name if len(ref.name) > len(prev.name) and mention.source in {"name", "honorific"} else prev.name
            ref = replace(prev, name=name, affiliation=prev.affiliation or ref.affiliation, role=prev.role or ref.role)
            # update earlier mentions to the merged actor lazily: callers read doc.actors by key
        doc.actors[ref.key] = ref
        doc.mentions.append(Mention(mention.start, mention.end, ref, mention.source))
