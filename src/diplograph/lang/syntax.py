"""The syntax adapter: the questions the readers ask of a dependency parse, in the pack's own terms.

A pack's ``syntax.yaml`` maps roles (``subject``, ``clause``, ``argument``...) to the dependency labels its
spaCy model uses, so the readers name roles, never labels. A pack may subclass ``Syntax`` where a question
needs more than a label (tense from the model's morphology, a passive from its auxiliary).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Syntax:
    def __init__(self, spec: Mapping[str, Any]):
        self.roles: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in spec["roles"].items()}
        self.far: dict[str, int] = dict(spec.get("far", {}))
        self.verb_pos = frozenset(spec["verb_pos"])
        self.passive_auxiliaries = frozenset(spec.get("passive_auxiliaries", ()))
        self.tenses: dict[str, str] = dict(spec.get("tenses", {}))
        self.moods: dict[str, str] = dict(spec.get("moods", {}))
        self.components: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in spec["components"].items()}

    def is_(self, token, role: str) -> bool:
        """True when ``token`` stands in ``role`` to its head."""
        return token.dep_ in self.roles[role]

    def children(self, token, role: str) -> list:
        return [c for c in token.children if c.dep_ in self.roles[role]]

    def child(self, token, role: str):
        return next((c for c in token.children if c.dep_ in self.roles[role]), None)

    def far_weight(self, token) -> int:
        """How many steps further an argument counts (an adverbial clause is farther than an object)."""
        return self.far.get(token.dep_, 0)

    @staticmethod
    def is_root(token) -> bool:
        return token.head.i == token.i

    def is_main_clause(self, token) -> bool:
        """The sentence's root, or a word hanging straight from it."""
        return self.is_root(token) or self.is_root(token.head)

    def subjects(self, token) -> list:
        return self.children(token, "subject")

    def agent(self, verb):
        """The agent of a passive ("par l'Union européenne"), or None."""
        return self.child(verb, "agent")

    def is_true_passive(self, verb) -> bool:
        """A passive the position is turned around by: an agent, or a passive auxiliary of the listed forms
        (not a verb merely conjugated with the auxiliary)."""
        return self.agent(verb) is not None or any(
            self.is_(c, "passive_aux") and c.lower_ in self.passive_auxiliaries for c in verb.children
        )

    def case_words(self, token) -> set[str]:
        """The case-marking words (prepositions) of a noun, lowered."""
        return {c.lower_ for c in self.children(token, "case")}

    def is_verb(self, token) -> bool:
        return token.pos_ in self.verb_pos

    def tense(self, token) -> str | None:
        """past, present, future or conditional, from the model's morphology; None when it says nothing."""
        for mood in token.morph.get("Mood"):
            if mood in self.moods:
                return self.moods[mood]
        found = token.morph.get("Tense")
        return self.tenses.get(found[0]) if found else None
