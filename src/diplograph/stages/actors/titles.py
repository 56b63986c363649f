"""Titles: the offices a text names ("le ministre russe des Affaires étrangères"), the state or organisation
each belongs to, the name it stands beside, and the holder a title without a name resolves to on the day."""

from __future__ import annotations

import re

from ...kb import KnowledgeBase
from .model import ActorRef, DocActors, TitleHit


class TitleGrammar:
    """A pack's titles, honorifics and the forms around a name (``titles.yaml``)."""

    def __init__(self, pack):
        data = pack.data("titles.yaml")
        self.entries = [
            (re.compile(rf"\b(?:{t['pattern']})\b", re.IGNORECASE), t["role"], t.get("affiliation"))
            for t in data["titles"]
        ]
        # a title that holds only in documents matching its context ("le président de la Commission" in a
        # document about the African Union)
        self.contexts = [re.compile(t["context"], re.IGNORECASE) if t.get("context") else None for t in data["titles"]]
        self.counterpart = re.compile(rf"\b(?:{data['counterpart']})\b", re.IGNORECASE)
        honorifics = "|".join(re.escape(h) for h in sorted(data["honorifics"], key=len, reverse=True))
        cap = f"[{pack.upper}]"
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


class Titles:
    """Finds a document's titles and resolves those no name stands beside."""

    def __init__(self, kb: KnowledgeBase, pack):
        self.kb = kb
        self.titles = pack.grammar(TitleGrammar)

    def find(self, text: str, doc: DocActors) -> list[TitleHit]:
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

    def linked(self, text, start, end, titles) -> TitleHit | None:
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

    def resolve(self, text, t: TitleHit, day, doc: DocActors) -> ActorRef | None:
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
                and m.actor.role in self.kb.roles.ministerial
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
