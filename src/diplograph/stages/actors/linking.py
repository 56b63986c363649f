"""Linking: each name found becomes a mention of one actor (a known person, or one the text alone names, with
the title beside it), and each title with no name beside it a mention of its holder."""

from __future__ import annotations

import bisect
from dataclasses import replace

from ...kb import fold
from .model import ActorRef, DocActors, Mention
from .names import Names
from .titles import Titles


class Linker:
    def __init__(self, kb, titles: Titles, names: Names):
        self.kb, self.titles, self.names = kb, titles, names

    def link(self, text, persons, titles, day, doc: DocActors) -> None:
        used_titles: set[int] = set()
        unknown_by_surname: dict[str, str] = {}
        for start, end, pid, surface in persons:
            title = self.titles.linked(text, start, end, titles)
            if title is not None:
                used_titles.add(id(title))
                used_titles.update(id(t) for t in self.titles.joined(text, start, titles))
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
            elif (title and title.affiliation) and (match := self.names.fuzzy(surface, title.affiliation, day)):
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
            self.register(doc, Mention(start, end, ref, src))
        starts = [p[0] for p in persons]
        for t in titles:
            if id(t) in used_titles or t.plural:
                continue
            near = persons[max(0, bisect.bisect_left(starts, t.end) - 4) : bisect.bisect_left(starts, t.end)]
            if any(start < t.end and t.start < end for start, end, *_ in near):
                continue  # a title inside a name ("le roi Abdallah II") is that person's
            ref = self.titles.resolve(text, t, day, doc)
            if ref is not None:
                self.register(doc, Mention(t.start, t.end, ref, "counterpart" if t.counterpart else "title"))

    @staticmethod
    def register(doc: DocActors, mention: Mention) -> None:
        ref = mention.actor
        prev = doc.actors.get(ref.key)
        if prev is not None:
            name = ref.name if len(ref.name) > len(prev.name) and mention.source in {"name", "honorific"} else prev.name
            ref = replace(prev, name=name, affiliation=prev.affiliation or ref.affiliation, role=prev.role or ref.role)
            # update earlier mentions to the merged actor lazily: callers read doc.actors by key
        doc.add(Mention(mention.start, mention.end, ref, mention.source))
