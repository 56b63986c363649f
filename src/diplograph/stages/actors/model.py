"""What the actor stage finds: mentions, the actors they resolve to, titles, and a document's collection."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


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
    label: str | None = None  # the name of an unnamed counterpart in a list ("homologue vietnamien")


@dataclass
class DocActors:
    """Every actor mention of a document, in order, and the actors they resolve to."""

    mentions: list[Mention] = field(default_factory=list)
    places: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, name, country
    states: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, code, kind
    titles: list[TitleHit] = field(default_factory=list)
    actors: dict[str, ActorRef] = field(default_factory=dict)
    _state_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    # person mentions by role, sorted by where they end: "the last minister named before this title" by bisection
    _by_role: dict[str, list[tuple[int, int, Mention]]] = field(default_factory=dict, repr=False, compare=False)
    _keys_by_role: dict[str, dict[str, None]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, mention: Mention) -> None:
        """Record a resolved mention (the linker's only way in), keeping the role indexes."""
        self.mentions.append(mention)
        self.actors[mention.actor.key] = mention.actor
        role = mention.actor.role
        if mention.actor.is_person and role:
            bisect.insort(self._by_role.setdefault(role, []), (mention.end, len(self.mentions), mention))
            self._keys_by_role.setdefault(role, {})[mention.actor.key] = None

    def people_before(self, roles, end: int) -> list[ActorRef]:
        """The people of these roles mentioned so far that end at or before ``end``, in text order."""
        found: list[tuple[int, int, Mention]] = []
        for role in roles:
            entries = self._by_role.get(role, [])
            found += entries[: bisect.bisect_right(entries, (end, float("inf")))]
        return [m.actor for m in (e[2] for e in sorted(found, key=lambda e: (e[2].start, e[1])))]

    def roles(self) -> list[str]:
        """Every role a person mentioned so far has held."""
        return list(self._by_role)

    def people_with_role(self, role: str) -> list[ActorRef]:
        """The actors (as they stand now) that were ever mentioned with this role, in first-mention order."""
        return [self.actors[k] for k in self._keys_by_role.get(role, {}) if self.actors[k].role == role]

    def states_in(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """The states (names, adjectives, capitals) that begin in [start, end), found by bisection: readers
        ask this once per sentence, so it must not walk the whole document."""
        if len(self._state_starts) != len(self.states):
            self.states.sort()
            self._state_starts[:] = [s[0] for s in self.states]
        keys = self._state_starts
        return self.states[bisect.bisect_left(keys, start) : bisect.bisect_left(keys, end)]

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
