"""What --actor, --with and --topic name: the ids and codes the store keeps, from an id, a code or a name.

A value the store or the knowledge base knows as it is (``sergey-lavrov``, ``RUS``, ``EU``, ``ukraine``) is
taken as it is. Otherwise the value is read as a name, whatever its case and accents, through the knowledge
base's own gazetteer (``--actor Lavrov``, ``--with Russia``, ``--with russe``): one match is taken and said on
stderr, several are an error listing them. Anything else is an error with the closest ids: a filter that
silently selects nothing reads as "no such events", which is not what the user learns from a typo.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import lru_cache

from ..errors import DiplographError

# gazetteer entries a name may stand for, per option (a capital or a place names no participant)
PERSONS = frozenset({"person", "surname"})
AFFILIATIONS = frozenset({"country", "adjective", "org"})
SUGGESTIONS = 3
SEVERAL = 5  # candidates listed when a name is ambiguous


def resolve_filters(f, store=None):
    """``f`` (the store's ``Filters``) with its actor, affiliation and topic resolved; ``store``, when given,
    also vouches for values it holds that the knowledge base does not know (a person since removed)."""
    out = f
    if f.actor:
        out = replace(out, actor=actor_key(f.actor, PERSONS | AFFILIATIONS, "--actor", "actor", store))
    if f.with_:
        out = replace(out, with_=actor_key(f.with_, AFFILIATIONS, "--with", "state or organisation", store))
    if f.topic:
        out = replace(out, topic=topic_id(f.topic, store))
    return out


def actor_key(value: str, kinds: frozenset[str], option: str, what: str, store=None) -> str:
    """The person id or affiliation code ``value`` names (see the module's docstring)."""
    from ..store import Filters

    names = _names()
    if value in names.labels or (store is not None and store.query(Filters(actor=value), limit=1)):
        return value
    found = names.lookup(value, kinds)
    if len(found) == 1:
        key = found[0]
        print(f"diplograph: {option} {value}: {names.label(key)}", file=sys.stderr)
        return key
    if found:
        listed = _either(
            [names.label(k) for k in found[:SEVERAL]]
            + ([f"{len(found) - SEVERAL} more"] if len(found) > SEVERAL else [])
        )
        raise DiplographError(f"{option} {value!r} names several: {listed}; give one of their ids")
    close = names.suggest(value, kinds)
    hint = f"did you mean {_either([names.label(k) for k in close])}?" if close else "see `diplograph kb lookup`"
    raise DiplographError(f"no {what} {value!r} in the knowledge base; {hint}")


def topic_id(value: str, store=None) -> str:
    """``value`` as a topic id of the vocabulary (shared spec topics.md), case and accents aside."""
    from rapidfuzz import fuzz, process

    from ..kb import fold
    from ..store import Filters

    ids = topic_ids()
    if value in ids or (store is not None and store.query(Filters(topic=value), limit=1)):
        return value
    key = fold(value).strip()
    by_form = {fold(t): t for t in ids}
    if key in by_form:
        return by_form[key]
    close = [t for t in ids if len(key) >= 3 and fold(t).startswith(key)]
    close += [by_form[m[0]] for m in process.extract(key, list(by_form), scorer=fuzz.ratio, score_cutoff=70)]
    close = list(dict.fromkeys(close))[:SUGGESTIONS]
    hint = f"did you mean {_either(close)}?" if close else f"the topics are {', '.join(ids)}"
    raise DiplographError(f"no topic {value!r}; {hint}")


@lru_cache(maxsize=1)
def topic_ids() -> tuple[str, ...]:
    """The topic ids of every language pack: one closed vocabulary, each pack with cues for all of it."""
    from .. import lang

    ids: set[str] = set()
    for code in lang.codes():
        ids |= set(lang.pack_class(code)().data("topics.yaml")["topics"])
    return tuple(sorted(ids))


class Names:
    """Every name and key of the knowledge base's actors, folded as its gazetteer folds them, to store keys."""

    def __init__(self, kb):
        from .. import lang

        self.kb = kb
        self.labels: dict[str, str] = {p.id: p.names[0] for p in kb.people.values()}
        self.labels |= {c.code: c.name("en") for c in kb.countries.values()}
        self.labels |= {code: o.name("en") for code, o in kb.org_by_code.items() if code not in self.labels}
        self.forms: dict[str, set[tuple[str, str]]] = {}  # folded form -> {(kind, store key)}
        for code in lang.codes():
            for form, (_length, entries) in kb.automaton(code).items():
                for e in entries:
                    key = kb.organisations[e.ref].code if e.kind == "org" else e.ref
                    self.forms.setdefault(form, set()).add((e.kind, key))
        for key in self.labels:  # ids and codes in any case: "rus", "Sergey-Lavrov"
            kind = "person" if key in kb.people else "org" if key not in kb.countries else "country"
            self.forms.setdefault(self.key(key), set()).add((kind, key))
        for org in kb.organisations.values():
            self.forms.setdefault(self.key(org.id), set()).add(("org", org.code))

    def key(self, text: str) -> str:
        from ..kb import fold

        return " ".join(self.kb.canonical(fold(text)).split())

    def label(self, key: str) -> str:
        name = self.labels.get(key)
        return f"{key} ({name})" if name and name != key else key

    def lookup(self, value: str, kinds: frozenset[str]) -> list[str]:
        """The store keys whose name, in some language, is ``value``, case and accents aside."""
        return sorted({key for kind, key in self.forms.get(self.key(value), ()) if kind in kinds})

    def suggest(self, value: str, kinds: frozenset[str]) -> list[str]:
        """The keys of the names closest to ``value`` (a typo, a prefix), best first."""
        from rapidfuzz import fuzz, process

        wanted = self.key(value)
        forms = [f for f, entries in self.forms.items() if any(kind in kinds for kind, _ in entries)]
        ranked = [f for f in forms if len(wanted) >= 3 and f.startswith(wanted)]
        ranked.sort(key=len)
        ranked += [m[0] for m in process.extract(wanted, forms, scorer=fuzz.ratio, score_cutoff=75, limit=10)]
        keys = [key for f in ranked for kind, key in sorted(self.forms[f]) if kind in kinds]
        return list(dict.fromkeys(keys))[:SUGGESTIONS]


@lru_cache(maxsize=1)
def _names() -> Names:
    from ..kb import KnowledgeBase

    return Names(KnowledgeBase.default())


def _either(items: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
