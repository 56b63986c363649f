"""Names: the people a text names in full, by surname, after an honorific ("M. Ba") or beside a title, and the
person of the knowledge base each one is on the document's day."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from ...kb import KnowledgeBase, fold
from .titles import WINDOW, TitleGrammar


class FunctionWords(frozenset):
    """A pack's function words, folded: a capitalised one starts no name ("Les présidents")."""

    def __new__(cls, pack):
        return super().__new__(cls, (fold(w) for w in pack.data("function_words.yaml")["words"].split()))


class Names:
    def __init__(self, kb: KnowledgeBase, pack, settings):
        self.kb = kb
        self.lang = pack.code
        self.titles = pack.grammar(TitleGrammar)
        self.function_words = pack.grammar(FunctionWords)
        self.fuzzy_score = settings["fuzzy_name_score"]
        self.slack = settings["tenure_slack_days"]
        self.first_name = re.compile(rf"\s+[{pack.upper}][{pack.lower}]")
        # "Mohammed ben Salman": a surname after a patronymic particle names the son, not the bearer
        self.patronymic = re.compile(rf"(?:^|\s)(?:{self.titles.patronymics})[\s-]+$", re.IGNORECASE)

    def spans(self, text, matches, day, titles):
        """(start, end, person_id or None, written name) for every person named."""
        spans: list[tuple[int, int, str | None, str]] = []
        taken: list[tuple[int, int]] = []
        full_ids = {e.ref for m in matches for e in m.entries if e.kind == "person"}
        states = self._states(matches)
        for m in matches:
            kinds = m.kinds()
            surface = text[m.start : m.end]
            if "person" in kinds:
                ids = [e.ref for e in m.entries if e.kind == "person"]
                pid = self._choose_person(ids, day, states)
                spans.append((m.start, m.end, pid, surface))
                taken.append((m.start, m.end))
            elif "surname" in kinds:
                ids = [e.ref for e in m.entries if e.kind == "surname"]
                if self.first_name.match(text[m.end : m.end + 3]):
                    continue  # "Michel Barnier": a first name here, not a surname
                if fold(surface) in self.function_words:
                    continue  # "Les présidents", "Ban" as a word
                if self.patronymic.search(text[max(0, m.start - 8) : m.start]):
                    continue  # "Khalid ben Salman" is not King Salman
                pid = self._choose_surname(ids, day, full_ids, text, m.start, titles)
                if pid:
                    spans.append((m.start, m.end, pid, surface))
                    taken.append((m.start, m.end))

        taken.sort()

        def free(a: int, b: int) -> bool:
            """No span taken overlaps [a, b) (taken spans are disjoint and sorted: look at the neighbours)."""
            i = bisect.bisect_left(taken, (a, a))
            return all(b <= s or a >= e for s, e in taken[max(0, i - 1) : i + 1])

        for m in self.titles.honorific.finditer(text):
            a, b = m.start("name"), m.end("name")
            if free(a, b) and self.plausible(text[a:b]):
                spans.append((a, b, None, text[a:b]))
                bisect.insort(taken, (a, b))
        for t in titles:
            m = self.titles.appos_name.match(text[t.end : t.end + WINDOW])
            if m and not t.plural:
                a, b = t.end + m.start("name"), t.end + m.end("name")
                # without an honorific, one capitalised word beside a title is a heading or a noun ("Finances")
                if free(a, b) and self.plausible(text[a:b]) and (m["hon"] or len(text[a:b].split()) > 1):
                    spans.append((a, b, None, text[a:b]))
                    bisect.insort(taken, (a, b))
        spans.sort()
        return spans

    def plausible(self, surface: str) -> bool:
        first = fold(surface.split()[0]).strip("'") if surface.split() else ""
        return first not in self.function_words and not self._is_place_or_state(surface)

    def _is_place_or_state(self, surface: str) -> bool:
        return any(
            m.start == 0 for m in self.kb.scan(surface, self.lang) if m.kinds() & {"country", "capital", "place", "org"}
        )

    def _states(self, matches) -> set[str]:
        """The states a text names (by name, adjective, capital or a place in them)."""
        out = set()
        for m in matches:
            for e in m.entries:
                if e.kind in {"country", "adjective", "capital"}:
                    out.add(e.ref)
                elif e.kind == "place":
                    out.add(self.kb.places[int(e.ref)].country)
        return out

    def _choose_person(self, ids: list[str], day: dt.date | None, states: set[str] = frozenset()) -> str:
        """Of namesakes ("Pedro Sánchez"): the one in office around the day, then one of a state the text
        names, then one who held a top office."""
        ids = list(dict.fromkeys(ids))
        if len(ids) == 1:
            return ids[0]
        people = [self.kb.people[i] for i in ids]
        if day is not None:
            people = [p for p in people if p.active_around(day, self.slack)] or people
        for keep in (
            lambda p: any(o.affiliation in states for o in p.offices),
            lambda p: any(o.role in self.kb.roles.top for o in p.offices),
        ):
            people = [p for p in people if keep(p)] or people
        return people[0].id

    def _choose_surname(self, ids, day, full_ids, text, start, titles) -> str | None:
        named = [i for i in ids if i in full_ids]
        if named:
            return named[0]
        titled = self._by_title(dict.fromkeys(ids), text, start, titles)
        if titled is not None:
            return titled
        # never named in full: only a person who held a top office then, and no other one of that name
        top = [
            i
            for i in dict.fromkeys(ids)
            if any(o.role in self.kb.roles.top for o in self.kb.people[i].offices)
            and self.kb.people[i].active_around(day, self.slack)
        ]
        return top[0] if len(top) == 1 else None

    def _by_title(self, ids, text, start, titles) -> str | None:
        """The one bearer of a surname whose office the title right before it names ("VICE PRESIDENT HARRIS"
        is the one of the two Harrises who was a vice president)."""
        title = next((t for t in reversed(titles) if t.end <= start and not text[t.end : start].strip(" .")), None)
        if title is None:
            return None
        written = " ".join(text[title.start : title.end].lower().split())
        fitting = [
            i
            for i in ids
            if any(
                (o.title and written in o.title.lower())
                or (o.role == title.role and o.role not in {"other", "minister"})
                for o in self.kb.people[i].offices
            )
        ]
        return fitting[0] if len(fitting) == 1 else None

    def fuzzy(self, surface: str, affiliation: str, day: dt.date | None) -> str | None:
        """The person of ``affiliation`` active around ``day`` whose name is spelled most like ``surface``."""
        from rapidfuzz import fuzz

        target = fold(surface)
        best, best_score = None, 0.0
        for person in self.kb.people.values():
            if not any(o.affiliation == affiliation for o in person.offices) or not person.active_around(
                day, self.slack
            ):
                continue
            for name in person.names:
                score = fuzz.token_sort_ratio(target, fold(name))
                if score > best_score:
                    best, best_score = person.id, score
        return best if best_score >= self.fuzzy_score else None
