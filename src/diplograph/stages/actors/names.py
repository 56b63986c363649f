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
        self._spellings: dict | None = None  # people by their names' word count and initials
        self._spelled: dict[tuple[str, dt.date | None], str | None] = {}  # names already looked up
        self.slack = settings["tenure_slack_days"]
        self.first_name = re.compile(rf"\s+[{pack.upper}][{pack.lower}]")
        # "Mohammed ben Salman": a surname after a patronymic particle names the son, not the bearer
        self.patronymic = re.compile(rf"(?:^|\s)(?:{self.titles.patronymics})[\s-]+$", re.IGNORECASE)
        # "Mohamed bin Salman": a word before a patronymic particle and a capitalised name is a given name
        self.before_patronymic = re.compile(rf"[^\S\n]+(?:{self.titles.patronymics})[^\S\n]+[{pack.upper}]", re.I)
        self.particle_start = re.compile(rf"(?:{self.titles.patronymics})\b", re.IGNORECASE)
        # the capitalised words written right before a name, nearest last ("Crown Prince Mohamed")
        self.words_before = re.compile(rf"(?:[{pack.upper}][\w'-]*[^\S\n]+){{1,3}}$")

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
                if self.before_patronymic.match(text, m.end):
                    continue  # "Mohamed" in "Mohamed bin Salman" is his given name, not Amina Mohamed's surname
                if self.particle_start.match(surface):
                    # "bin Salman" after a given name: the person whose whole name that is, or nobody
                    self._patronymic_name(text, m, ids, day, spans, taken, titles)
                    continue
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
                spans.append((a, b, self.known_spelling(text[a:b], day), text[a:b]))
                bisect.insort(taken, (a, b))
        for t in titles:
            m = self.titles.appos_name.match(text[t.end : t.end + WINDOW])
            if m and not t.plural:
                a, b = t.end + m.start("name"), t.end + m.end("name")
                # without an honorific, one capitalised word beside a title is a heading or a noun ("Finances")
                if free(a, b) and self.plausible(text[a:b]) and (m["hon"] or len(text[a:b].split()) > 1):
                    spans.append((a, b, self.known_spelling(text[a:b], day), text[a:b]))
                    bisect.insort(taken, (a, b))
        spans.sort()
        return spans

    def _patronymic_name(self, text, m, ids, day, spans, taken, titles) -> None:
        """A surname that starts with a patronymic ("bin Salman") read with the given names written before it:
        the name of the person just named ("Emir Tamim" + "bin Hamad"), or of a bearer of the surname spelled
        like it ("Mohamed Ben Salman"), the span then covering the whole name. After a title or an honorific,
        the bearer's surname alone; after another given name ("Faisal bin Hamad"), somebody else."""
        before = self.words_before.search(text, max(0, m.start - 60), m.start)
        words = list(re.finditer(r"\S+", before.group(0))) if before else []
        previous = spans[-1] if spans and not text[spans[-1][1] : m.start].strip() else None
        candidates = list(dict.fromkeys(([previous[2]] if previous and previous[2] else []) + ids))
        for n in range(1, len(words) + 1):  # the shortest run of given names first
            start = before.start() + words[-n].start()
            pid = self.spelled_like(text[start : m.end], candidates, day)
            if pid is None:
                continue
            if previous and previous[2] == pid and previous[1] > start:
                start = previous[0]  # "Emir Tamim" and "bin Hamad": one name
                spans.pop()
                taken.remove((previous[0], previous[1]))
            spans.append((start, m.end, pid, text[start : m.end]))
            taken.append((start, m.end))
            return
        if words and not self._titled(text, before.start() + words[-1].start(), m.start, titles):
            return
        pid = self._choose_surname(ids, day, set(), text, m.start, titles)
        if pid:
            spans.append((m.start, m.end, pid, text[m.start : m.end]))
            taken.append((m.start, m.end))

    def _titled(self, text, word_start, start, titles) -> bool:
        """Whether the word written at ``word_start`` right before a name is a title's or an honorific."""
        if any(t.end <= start and t.end > word_start for t in titles):
            return True
        hon = self.titles.honorific.match(text, word_start)
        return bool(hon) and hon.start("name") == start

    def known_spelling(self, surface: str, day: dt.date | None) -> str | None:
        """The person a name of two words or more the gazetteer does not know is a spelling of ("Mohamed VI"
        for "Mohammed VI"), when exactly one person active around ``day`` fits."""
        if (surface, day) in self._spelled:
            return self._spelled[(surface, day)]
        if len(self._spelled) > 10_000:
            self._spelled.clear()
        self._spelled[(surface, day)] = found = self._known_spelling(surface, day)
        return found

    def _known_spelling(self, surface: str, day: dt.date | None) -> str | None:
        words = self._words(surface)
        if len(words) < 2:
            return None
        if self._spellings is None:  # people by their names' word count and initials: a few to compare
            self._spellings = {}
            for person in self.kb.people.values():
                for name in person.names:
                    theirs = self._words(name)
                    key = (len(theirs), theirs[0][:1], theirs[-1][:1]) if theirs else None
                    self._spellings.setdefault(key, {})[person.id] = None
        candidates = self._spellings.get((len(words), words[0][:1], words[-1][:1]), {})
        return self.spelled_like(surface, list(candidates), day) if candidates else None

    def _words(self, name: str) -> tuple[str, ...]:
        return tuple(self.kb.canonical(fold(name)).replace("'", " ").split())

    def spelled_like(self, written: str, ids, day: dt.date | None) -> str | None:
        """The one person of ``ids`` active around ``day`` with a name of as many words as ``written``, each
        spelled like it ("Mohamed" like "Mohammed", "Salman" like "Salmane"; a word of three letters or
        fewer, such as a numeral, the same)."""
        from rapidfuzz import fuzz

        words = self._words(written)
        found = []
        for pid in ids:
            person = self.kb.people[pid]
            for name in person.names:
                theirs = self._words(name)
                if len(theirs) == len(words) and all(
                    a == b or (min(len(a), len(b)) > 3 and fuzz.ratio(a, b) >= self.fuzzy_score)
                    for a, b in zip(words, theirs, strict=True)
                ):
                    if person.active_around(day, self.slack):
                        found.append(pid)
                    break
        return found[0] if len(found) == 1 else None

    def plausible(self, surface: str) -> bool:
        first = fold(surface.split()[0]).strip("'") if surface.split() else ""
        return first not in self.function_words and not self._is_place_or_state(surface)

    def _is_place_or_state(self, surface: str) -> bool:
        """Whether ``surface`` starts with a state or an organisation, or is a place; a town's name followed by
        a capitalised word is a given name ("Victoria Nuland", though Victoria is the capital of Seychelles)."""
        for m in self.kb.scan(surface, self.lang):
            if m.start == 0 and m.kinds() & {"country", "org"}:
                return True
            if m.start == 0 and m.kinds() & {"capital", "place"}:
                return not any(w[:1].isupper() for w in surface[m.end :].split())
        return False

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
