"""Titles: the offices a text names ("le ministre russe des Affaires étrangères"), the state or organisation
each belongs to, the name it stands beside, and the holder a title without a name resolves to on the day."""

from __future__ import annotations

import bisect
import re

from ...kb import KnowledgeBase
from ...lang.caseless import Caseless, CaselessSet, lower
from .model import ActorRef, DocActors, TitleHit

WINDOW = 300  # characters around a title where its complement or its name may stand
_REST_BLANK = re.compile(r"\s*\Z")


def plain(text: str) -> str:
    """``text`` with typographic apostrophes written straight, one character for one, so the patterns' "l'"
    reads "l’Économie" too and offsets stay valid."""
    return text.replace("\u2019", "'").replace("\u02bc", "'")


GENERIC_ROLES = frozenset({"minister"})  # a minister of a portfolio the patterns do not name


class TitleGrammar:
    """A pack's titles, honorifics and the forms around a name (``titles.yaml``)."""

    def __init__(self, pack):
        data = pack.data("titles.yaml")
        self.entries = [(Caseless(rf"\b(?:{t['pattern']})\b"), t["role"], t.get("affiliation")) for t in data["titles"]]
        # a title that holds only in documents matching its context ("le président de la Commission" in a
        # document about the African Union)
        self.contexts = [re.compile(t["context"], re.IGNORECASE) if t.get("context") else None for t in data["titles"]]
        self.counterpart = Caseless(rf"\b(?:{data['counterpart']})\b")
        self._sets: dict[tuple[bool, ...], CaselessSet] = {}  # by which titles' contexts hold
        honorifics = "|".join(re.escape(h) for h in sorted(data["honorifics"], key=len, reverse=True))
        cap = f"[{pack.upper}]"
        # a name stays on its line: a heading or list item below a title is not its holder's name
        sp = r"[^\S\n]"
        name = rf"{cap}[\w'-]+(?:{sp}+(?:(?:{data['name_particles']}){sp}+)?(?:al-|el-)?{cap}[\w'-]+){{0,3}}"
        self.patronymics = data.get("patronymics") or "(?!)"
        self.honorific = re.compile(rf"(?:(?<=\s)|^|(?<=[(\"',]))(?:{honorifics}){sp}+(?P<name>{name})")
        of, forms, qualifiers = data["of"], data["state_forms"], data["state_form_qualifiers"]
        self.after_title = re.compile(rf"^\s*(?P<prep>{of})(?:(?:{forms})\b(?:\s+(?:{qualifiers}))*\s*(?:{of})?)?")
        self.appos_name = re.compile(
            rf"^(?P<complement>{data['title_complement']})?{sp}*,?{sp}*(?:(?P<hon>{honorifics}){sp}*)?(?P<name>{name})"
        )
        self.list_joint = re.compile(rf"^{sp}*(?:,{sp}*|{data.get('list_joint') or '(?!)'}{sp}+)")
        self.name_title_gap = re.compile(rf"^(?:{data['name_title_gap']})$")
        # the word whose number is the title's: the first in French ("ministres des Affaires étrangères"), the
        # last in English ("Foreign Ministers")
        self.head = -1 if data.get("title_head") == "last" else 0
        # where a language writes the state before the title ("Russian Foreign Minister", "India's Prime Minister")
        self.state_before = re.compile(rf"(?:{data['state_before']})") if data.get("state_before") else None
        self.group_refs = [re.compile(p, re.IGNORECASE) for p in data["group_refs"]]
        self.speaker_title = re.compile(data["speaker_titles"], re.IGNORECASE)

    def find(self, text: str, document: str | None = None) -> list[tuple[int, int, str, str | None, bool]]:
        """Titles in ``text``: start, end, role, affiliation (when the title fixes it) and plural. A title
        with a context applies only when ``document`` (default: ``text``) matches it."""
        text = plain(text)
        held = tuple(c is None or bool(c.search(document if document is not None else text)) for c in self.contexts)
        # the titles whose context holds, by rank in the data (the rank is a title's priority), then the counterpart
        ranks = [i for i, h in enumerate(held) if h]
        if held not in self._sets:
            self._sets[held] = CaselessSet([self.entries[i][0] for i in ranks] + [self.counterpart])
        kept = [self.entries[i][1:] for i in ranks] + [("counterpart", None)]
        ranks.append(len(self.entries))
        hits = [
            (m.start(), -(m.end() - m.start()), ranks[k], m.end(), *kept[k])
            for k, m in self._sets[held].finditer_each(text, lower(text))
        ]
        hits.sort()
        # a generic minister's title that runs on past an office's title into its state ("ministre de la Défense
        # du Kenya", "Minister of Defence of Kenya") yields to the office: the state is the office's complement
        office_end = {}
        for start, _neg, _prio, end, role, _aff in hits:
            if role not in GENERIC_ROLES and start not in office_end and self.after_title.match(text[end:]):
                office_end[start] = end
        hits = [h for h in hits if not (h[4] in GENERIC_ROLES and h[3] > office_end.get(h[0], h[3]))]
        out, last = [], -1
        for start, _neg, _prio, end, role, aff in hits:
            if start >= last:
                words = text[start:end].split()
                plural = words[self.head].lower().endswith("s") if words else False
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
        text = plain(text)
        out = []
        found = self.titles.find(text)
        starts = [h[0] for h in found]
        for start, end, role, aff, plural in found:
            counterpart = role == "counterpart"
            # a state written inside the title ("ministre russe des Affaires étrangères")
            for s in doc.states_in(start + 1, end):
                if s[3] == "adjective" and aff is None:
                    aff = s[2]
            if aff is None and self.titles.state_before is not None:
                aff = self._state_before(text, start, doc, orgs)
            if counterpart and aff is None:
                listed = self._listed_states(text, end, states)
                if listed:
                    # "ses homologues malaisien, vietnamien et singapourien": one counterpart per state
                    for i, (a, b, code) in enumerate(listed):
                        label = f"{text[start:end].rstrip('s')} {text[a:b]}"
                        out.append(TitleHit(start if i == 0 else a, b, role, code, False, True, label))
                    continue
            end, aff = self._complement(text, end, aff, states, orgs)
            if aff is None and not plural:
                aff = self._state_before_name(text, end, doc, starts)
            out.append(TitleHit(start, end, role, aff, plural, counterpart))
        return out

    def _complement(self, text, end, aff, states, orgs) -> tuple[int, str | None]:
        """The title's end and state with its complement: an adjective right after it ("le président
        biélorusse"), or "de la Fédération de Russie", "de l'OTAN"."""
        rest = text[end : end + WINDOW]
        nxt = end + len(rest) - len(rest.lstrip(" "))
        if nxt in states and states[nxt][3] == "adjective":
            return states[nxt][1], aff or states[nxt][2]
        m = self.titles.after_title.match(rest)
        if m and m.end() > 0:
            # the state may be named in full from "République ..." or after it ("de la République du Bélarus")
            for pos in (end + m.end("prep"), end + m.end()):
                if pos in states and states[pos][3] in {"country", "capital"}:
                    return states[pos][1], aff or states[pos][2]
                if pos in orgs:
                    return orgs[pos].end, aff or orgs[pos].actor.affiliation
        return end, aff

    def _state_before(self, text, start, doc: DocActors, orgs) -> str | None:
        """The state or organisation written right before a title ("Russian Foreign Minister", "India's Prime
        Minister", "NATO Secretary General"), where the language puts it there (``state_before``)."""
        near = [
            (s[1], s[2]) for s in doc.states_in(max(0, start - WINDOW // 6), start) if s[3] in {"adjective", "country"}
        ]
        near += [(m.end, m.actor.affiliation) for m in orgs.values() if start - WINDOW // 6 <= m.end <= start]
        for end, code in sorted(near, reverse=True):
            if code and self.titles.state_before.fullmatch(text, end, start):
                return code
        return None

    def _listed_states(self, text, end, states) -> list[tuple[int, int, str]]:
        """The nationality adjectives listed right after a title: "malaisien, vietnamien et singapourien"."""
        found, pos = [], end
        while True:
            joint = self.titles.list_joint.match(text[pos : pos + WINDOW]) if found else None
            at = pos + (joint.end() if joint else len(text[pos:]) - len(text[pos:].lstrip(" ")))
            s = states.get(at)
            if s is None or s[3] != "adjective":
                return found
            found.append((s[0], s[1], s[2]))
            pos = s[1]

    def _state_before_name(self, text, end, doc: DocActors, starts: list[int]) -> str | None:
        """The state a long office name gives before the name in apposition: "le vice-Premier ministre du
        Conseil des affaires d'État de la République populaire de Chine, M. X" is China's."""
        m = self.titles.appos_name.match(text[end : end + WINDOW])
        if not m or not m["complement"]:
            return None
        a, b = end + m.start("complement"), end + m.end("complement")
        if any(a <= s < b for s in starts[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]):
            return None  # another title stands between ("vice-président du Conseil et ministre ... d'Italie")
        inside = [s for s in doc.states_in(a, b) if s[1] <= b and s[3] in {"country", "adjective"}]
        return inside[0][2] if inside else None

    def joined(self, text, start, titles) -> list[TitleHit]:
        """Every title before a name that reaches it through its complement: "the Tánaiste and Minister for
        Foreign Affairs, Simon Coveney" holds two titles of one person, neither an office standing alone."""
        lo = bisect.bisect_left([t.start for t in titles], start - WINDOW)
        out = []
        for t in titles[lo:]:
            if t.end > start:
                break
            m = self.titles.appos_name.match(text[t.end : t.end + WINDOW])
            if m and t.end + m.start("name") == start:
                out.append(t)
        return out

    def linked(self, text, start, end, titles) -> TitleHit | None:
        """The title a name stands beside: the nearest one before it ("le Vice-Premier ministre, ministre des
        Affaires étrangères, X" is the foreign minister), else one right after it ("X, ministre ...").
        ``text`` is already plain (``ActorResolver.resolve``); only titles within a window of the name count."""
        before = None
        lo = bisect.bisect_left([t.start for t in titles], start - WINDOW)
        for t in titles[lo:]:
            if t.start > end + WINDOW:
                break
            if t.plural:
                continue
            if t.end <= start:
                m = self.titles.appos_name.match(text[t.end : t.end + WINDOW])
                if m and t.end + m.start("name") == start:
                    before = t
            elif end <= t.start and self.titles.name_title_gap.match(text[end : t.start]):
                return before or t
        return before

    def resolve(self, text, t: TitleHit, day, doc: DocActors) -> ActorRef | None:
        """The actor a title no name stands beside is: the person the text names with that office, the
        holder on the day, or the office itself (id null) where the text gives only the office; never a
        title the text cuts off."""
        role, aff = t.role, t.affiliation
        if role in {"minister", "other"} and _REST_BLANK.match(text, t.end):
            return None  # "ministre russe des Affaire" where the document is cut
        if t.counterpart:
            return self._counterpart(text, t, doc)
        if role == "minister-anaphor":
            return self._minister_anaphor(t, doc)
        if role in {"minister", "other"} and aff is None:
            return None
        known = [a for a in doc.people_with_role(role) if aff is None or a.affiliation == aff]
        if aff is None:
            earlier = doc.people_before((role,), t.start)
            return earlier[-1] if earlier else None
        if known:
            return known[-1]
        if role == "other":
            earlier = self._named_holder(text, t, doc)
            if earlier is not None:
                return earlier  # "the Tánaiste" after "the Tánaiste and Minister ..., Simon Coveney"
        if role == "other" and day is not None:
            named = self._titled_holders(text, t, day)
            if len(named) == 1:
                p = named[0]
                return ActorRef(p.id, p.id, p.names[0], aff, role, p.wikidata, "person")
        holders = self.kb.holders(role, aff, day) if day and role not in {"ambassador", "minister", "other"} else []
        if holders:
            p = holders[0]
            return ActorRef(p.id, p.id, p.names[0], aff, role, p.wikidata, "person")
        # no date, or an office the knowledge base does not follow: the office, as the text writes it
        return ActorRef(f"title:{role}:{aff}", None, text[t.start : t.end], aff, role, None, "person")

    def _counterpart(self, text, t: TitleHit, doc: DocActors) -> ActorRef | None:
        """ "son homologue malaisien": the person of that state the text names with the office of the actor
        just named, else that office, unnamed (id null, the state's code)."""
        if t.affiliation is None:
            return None
        prior = doc.people_before(doc.roles(), t.start)
        role = prior[-1].role if prior else None
        named = [a for a in doc.people_with_role(role) if a.id and a.affiliation == t.affiliation] if role else []
        if role and named:
            return named[-1]
        name = t.label or text[t.start : t.end]
        return ActorRef(f"title:{role}:{t.affiliation}", None, name, t.affiliation, role, None, "person")

    def _minister_anaphor(self, t: TitleHit, doc: DocActors) -> ActorRef | None:
        earlier = [
            a
            for a in doc.people_before(sorted(self.kb.roles.ministerial), t.start)
            if t.affiliation is None or a.affiliation == t.affiliation
        ]
        if not earlier:
            return None
        # with a nationality, the last one of that state; bare, the text's protagonist: the first one named
        chosen = earlier[-1] if t.affiliation else earlier[0]
        return doc.actors.get(chosen.key, chosen)

    def _named_holder(self, text, t: TitleHit, doc: DocActors) -> ActorRef | None:
        """The person named earlier in the text who holds (at some time) the office this title names."""
        written = " ".join(text[t.start : t.end].lower().split())
        for m in reversed([m for m in doc.mentions if m.start < t.start and m.actor.is_person and m.actor.id]):
            person = self.kb.people.get(m.actor.id)
            if person is not None and any(
                o.title and o.title.lower().startswith(written) and t.affiliation in {None, o.affiliation}
                for o in person.offices
            ):
                return m.actor
        return None

    def _titled_holders(self, text, t: TitleHit, day) -> list:
        """Holders on ``day`` of an office the knowledge base names ("président de la Commission de l'Union
        africaine"), written whole or shortened ("le président de la Commission")."""
        written = " ".join(text[t.start : t.end].lower().split())
        return [
            p
            for p in self.kb.holders(t.role, t.affiliation, day)
            if any(
                o.role == t.role
                and o.affiliation == t.affiliation
                and o.covers(day)
                and o.title
                and o.title.lower().startswith(written)
                for o in p.offices
            )
        ]
