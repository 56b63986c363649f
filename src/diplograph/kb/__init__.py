"""The knowledge base: states, places, organisations and people with their offices, loaded from data files.

Every file is validated on load (see docs/kb-format.md); a broken file raises ``KnowledgeBaseError``
naming the file and the entry. ``KnowledgeBase.default()`` loads the package's own data once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeBaseError
from .files import DATA_DIR, read_yaml
from .fold import fold
from .model import (
    Country,
    Office,
    Organisation,
    Person,
    Place,
    Roles,
    build_country,
    build_organisation,
    build_person,
    build_place,
    people_wikidata,
)

__all__ = ["KnowledgeBase", "Match", "Country", "Organisation", "Person", "Place", "Office", "fold"]


@dataclass(frozen=True)
class Entry:
    kind: str  # person | surname | country | adjective | combining | capital | place | org
    ref: str  # person id, country code, org id, or place index
    exact_case: bool  # acronyms and short surnames must be written as the data writes them
    form: str = ""  # the name as the data writes it


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entries: tuple[Entry, ...]

    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}


class KnowledgeBase:
    def __init__(self, data_dir: Path = DATA_DIR):
        self.data_dir = data_dir
        self.countries: dict[str, Country] = {}
        self.places: list[Place] = []
        self.organisations: dict[str, Organisation] = {}
        self.org_by_code: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self._load()
        self._holders: dict[tuple[str, str], list[tuple[Person, Office]]] = defaultdict(list)
        for person in self.people.values():
            for office in person.offices:
                self._holders[(office.role, office.affiliation)].append((person, office))
        self._automata: dict[str, object] = {}
        self._name_forms = _name_forms(self.data_dir / "name_forms.yaml")

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> KnowledgeBase:
        return cls()

    # --- loading -------------------------------------------------------------------------------
    def _load(self) -> None:
        path = self.data_dir / "countries.yaml"
        for entry in read_yaml(path).get("countries") or []:
            country = build_country(entry, str(path))
            if country.code in self.countries:
                raise KnowledgeBaseError(str(path), f"country {country.code} appears twice")
            self.countries[country.code] = country
        path = self.data_dir / "places.yaml"
        if path.exists():
            self.places = [build_place(e, str(path), set(self.countries)) for e in read_yaml(path).get("places") or []]
        path = self.data_dir / "organisations.yaml"
        if path.exists():
            for entry in read_yaml(path).get("organisations") or []:
                org = build_organisation(entry, str(path))
                if org.id in self.organisations:
                    raise KnowledgeBaseError(str(path), f"organisation {org.id} appears twice")
                self.organisations[org.id] = org
                if org.kind == "organisation" or org.code not in self.org_by_code:
                    self.org_by_code.setdefault(org.code, org)
            for org in self.organisations.values():
                if org.part_of and org.part_of not in self.organisations:
                    raise KnowledgeBaseError(str(path), f"organisation {org.id}: part_of {org.part_of!r} is unknown")
        path = self.data_dir / "roles.yaml"
        self.roles = Roles.build(read_yaml(path), str(path))
        for path in sorted((self.data_dir / "people").glob("*.yaml")):
            for entry in read_yaml(path).get("people") or []:
                person = build_person(entry, str(path), self.roles.ids)
                if person.id in self.people:
                    raise KnowledgeBaseError(str(path), f"person {person.id} appears twice")
                self.people[person.id] = person
        path = self.data_dir / "people_wikidata.yaml"
        if path.exists():
            self.people = people_wikidata(read_yaml(path).get("people") or [], str(path), self.people)
        known = set(self.countries) | {o.code for o in self.organisations.values()}
        for person in self.people.values():
            for office in person.offices:
                if office.affiliation not in known:
                    raise KnowledgeBaseError(
                        str(self.data_dir / "people"), f"person {person.id}: unknown affiliation {office.affiliation}"
                    )
                body = self.organisations.get(office.body) if office.body else None
                if office.body and (body is None or body.kind != "institution" or body.code != office.affiliation):
                    raise KnowledgeBaseError(
                        str(self.data_dir / "people"),
                        f"person {person.id}: body {office.body!r} is not an institution of {office.affiliation}",
                    )

    # --- questions -----------------------------------------------------------------------------
    def holders(self, role: str, affiliation: str, day: dt.date | None) -> list[Person]:
        """Who held ``role`` for ``affiliation`` on ``day`` (every holder when day is None)."""
        found = [p for p, o in self._holders.get((role, affiliation), []) if day is None or o.covers(day)]
        return list(dict.fromkeys(found))

    # --- gazetteer -----------------------------------------------------------------------------
    def canonical(self, folded: str) -> str:
        """``folded`` with every spelling of a name element written one way ("muhammad bin" -> "mohammed
        ben"), word for word and of the same length, so offsets stay valid (``name_forms.yaml``)."""
        pattern, table = self._name_forms
        return pattern.sub(lambda m: table[m.group(0)], folded) if table else folded

    def automaton(self, lang: str):
        if lang not in self._automata:
            self._automata[lang] = self._build_automaton(lang)
        return self._automata[lang]

    def _build_automaton(self, lang: str):
        import ahocorasick

        table: dict[str, list[Entry]] = defaultdict(list)

        def add(name: str, entry: Entry) -> None:
            key = self.canonical(fold(name)).strip()
            entry = Entry(entry.kind, entry.ref, entry.exact_case, name.strip())
            if len(key) >= 2 and entry not in table[key]:
                table[key].append(entry)

        def is_acronym(name: str) -> bool:
            return len(name) <= 6 and name.replace("-", "").isupper()

        for country in self.countries.values():
            for name in country.names.get(lang, ()) + country.names.get("en", ()):
                add(name, Entry("country", country.code, is_acronym(name)))
            for adj in country.adjectives.get(lang, ()):
                add(adj, Entry("adjective", country.code, False))
            for form in country.combining.get(lang, ()):
                add(form, Entry("combining", country.code, False))
            for cap in country.capital.get(lang, ()) + country.capital.get("en", ()):
                add(cap, Entry("capital", country.code, False))
        for i, place in enumerate(self.places):
            for name in place.names.get(lang, ()) + place.names.get("en", ()):
                add(name, Entry("place", str(i), False))
        for org in self.organisations.values():
            for name in org.names.get(lang, ()) + org.names.get("en", ()):
                add(name, Entry("org", org.id, is_acronym(name)))
        for person in self.people.values():
            for name in person.names:
                add(name, Entry("person", person.id, False))
            for surname in person.surnames:
                add(surname, Entry("surname", person.id, len(surname) <= 4))
        automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            automaton.add_word(key, (len(key), tuple(entries)))
        automaton.make_automaton()
        return automaton

    def scan(self, text: str, lang: str) -> list[Match]:
        """Leftmost-longest gazetteer matches in ``text`` (clean text), on word boundaries."""
        folded = self.canonical(fold(text))
        found: list[Match] = []
        for end, (length, entries) in self.automaton(lang).iter(folded):
            start = end - length + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end + 1 < len(folded) and folded[end + 1].isalnum():
                continue
            surface = text[start : end + 1]
            compound = end + 1 < len(text) and text[end + 1] in "-‑–"
            kept = tuple(e for e in entries if _case_ok(e, surface) and (e.kind != "combining" or compound))
            if kept:
                found.append(Match(start, end + 1, kept))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        found = _outside_compounds(text, found)
        out: list[Match] = []
        last_end = -1
        for m in found:
            if m.start >= last_end:
                out.append(m)
                last_end = m.end
        return out


def _name_forms(path: Path) -> tuple[re.Pattern[str], dict[str, str]]:
    """The spelling groups of ``name_forms.yaml``: a pattern of every non-canonical form, and its canonical."""
    table: dict[str, str] = {}
    if path.exists():
        for group in read_yaml(path).get("equivalents") or []:
            forms = [fold(str(f)).strip() for f in group]
            if len(forms) < 2 or len({len(f) for f in forms}) != 1 or not all(forms):
                raise KnowledgeBaseError(str(path), f"group {group}: two or more forms of the same length")
            table.update({f: forms[0] for f in forms[1:]})
    alternatives = "|".join(re.escape(f) for f in sorted(table, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])"), table


# lower-case particles a surname may start with (never an article: "le roi Abdallah II" is a title and a name)
_PARTICLES = frozenset("von van de der den du da das dos di della al el al- el- bin ben ibn ould".split())


def _capitalised(entry: Entry, surface: str) -> bool:
    """A name is written with a capital, or with a lower-case particle where its data form has a particle
    ("von der Leyen", "ould Ghazouani" for "Ould Ghazouani", "al-Busaidi"), a capital following."""
    if surface[:1].isupper():
        return True
    # the particle as the text writes it: "ben Salman" matches the form "bin Salman" (name_forms.yaml)
    return bool(_particle(entry.form) and _particle(surface)) and any(c.isupper() for c in surface)


def _particle(name: str) -> str:
    """The particle ``name`` starts with, lower-cased ("al-" of "al-Busaidi", "ould" of "Ould Ghazouani"), or ""."""
    first = name.split()[0].lower() if name.split() else ""
    if first in _PARTICLES:
        return first
    head = re.split(f"[{_HYPHENS}]", first, maxsplit=1)[0] + "-"
    return head if len(head) < len(first) and head in _PARTICLES else ""


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


_HYPHENS = "-‑"


def _outside_compounds(text: str, found: list[Match]) -> list[Match]:
    """Drop a bare surname that is one part of a hyphenated name the knowledge base does not know ("Zia" and
    "Haq" in "Zia-Ul-Haq"): it is kept when every other part of the compound is a particle or a name too
    ("al-Assad", "la rencontre Poutine-Biden")."""
    spans = {(m.start, m.end) for m in found}
    kept = []
    for m in found:
        start, end = _compound(text, m.start, m.end)
        if (start, end) != (m.start, m.end) and all(e.kind == "surname" for e in m.entries):
            parts, pos = [], start
            for piece in re.split(f"[{_HYPHENS}]", text[start:end]):
                parts.append((pos, pos + len(piece)))
                pos += len(piece) + 1
            if any((a, b) not in spans and text[a:b].lower() not in _PARTICLES for a, b in parts):
                continue
        kept.append(m)
    return kept


def _compound(text: str, start: int, end: int) -> tuple[int, int]:
    """The hyphenated word ``text[start:end]`` is part of (itself when it stands alone)."""
    while start > 1 and text[start - 1] in _HYPHENS and text[start - 2].isalnum():
        start -= 1
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "'"):
            start -= 1
    while end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum():
        end += 1
        while end < len(text) and (text[end].isalnum() or text[end] == "'"):
            end += 1
    return start, end


def _case_ok(entry: Entry, surface: str) -> bool:
    if entry.kind in {"person", "surname", "country", "capital", "place"} and not _capitalised(entry, surface):
        return False
    if entry.exact_case:
        return _strip_accents(surface).replace("-", " ") == _strip_accents(entry.form).replace("-", " ")
    if entry.kind == "org" and surface.islower() and len(surface) <= 6:
        return False
    return True
