"""Cue finding: the statement cues of a sentence (``statements.yaml``), typed and without overlaps."""

from __future__ import annotations

import re

from ...lang import compile_cues
from ...lang.caseless import Caseless, CaselessSet, lower


class StatementGrammar:
    """A pack's statement cues and the words around them (``statements.yaml``)."""

    def __init__(self, pack):
        data = pack.data("statements.yaml")
        self.w = pack.data("windows.yaml")["windows"]
        self.cues = [(c["type"], Caseless(c["pattern"])) for c in data["cues"]]
        self.codes = [(c.get("cameo"), c.get("plover_mode")) for c in data["cues"]]
        self.mutual = [bool(c.get("mutual")) for c in data["cues"]]
        self.negates_next = [bool(c.get("negates_next")) for c in data["cues"]]
        self.judged = [bool(c.get("judged")) for c in data["cues"]]
        # one pass to skip the sentences no cue can match
        self.any_cue = Caseless(c["pattern"] for c in data["cues"])
        self.cue_set = CaselessSet(pattern for _kind, pattern in self.cues)
        self.cue = compile_cues(
            data,
            (
                "negation",
                "first_person",
                "frame_before",
                "place_before",
                "subject_before",
                "coordination",
                "named_before",
                "actor_noun_before",
                "generic_addressee",
                "victim_before",
                "non_state_object",
                "attribution",
                "partner_before",
                "restraint",
            ),
        )
        self.frame_nouns = frozenset(data["frame_nouns"])
        self.owner_cases = frozenset(data["owner_cases"])
        self.pronouns = {k: frozenset(v) for k, v in data["pronouns"].items()}
        self.owner_carriers = frozenset(data["owner_carriers"])
        self.appeal_cases = frozenset(data["appeal_cases"])
        self.contact_subjects = frozenset(data["contact_subjects"])
        self.possessives = frozenset(data["possessives"])
        self.item_heading = re.compile(data["item_heading"], re.IGNORECASE)

    def find(self, text: str) -> list[tuple[int, int, str, int]]:
        """Cue hits in one sentence, left to right, without overlaps: start, end, type and the cue's index."""
        lowered = lower(text)
        if not self.any_cue.search(text, lowered):
            return []
        hits = sorted(
            (m.start(), -(m.end() - m.start()), i, m.end(), self.cues[i][0])
            for i, m in self.cue_set.finditer_each(text, lowered)
        )
        out, last = [], -1
        for start, _neg, i, end, kind in hits:
            if start >= last:
                out.append((start, end, kind, i))
                last = end
        # "s'est refusé à condamner": the refusal negates the cue that follows, it is no position of its own
        return [
            hit
            for k, hit in enumerate(out)
            if not (self.negates_next[hit[3]] and k + 1 < len(out) and out[k + 1][0] - hit[1] <= self.w["refusal_gap"])
        ]
