"""Topics of each contact, from cue patterns (``lang/<lang>/topics.yaml``) in the passages about it.

A contact reported as an event of the text owns the passage from its first sentence to the next reported
contact; a contact only referred to (an earlier call, a planned summit) owns its own sentences. The title
counts for the contacts it mentions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .contacts import Draft
from .kb.files import load_lang_yaml
from .segment import Sentence


class TopicCues:
    def __init__(self, lang: str):
        data = load_lang_yaml(lang, "topics.yaml")
        # cues are matched in lower case against the lowered passage: case-insensitive matching is several
        # times slower in Python's re, and the cues use no upper-case escapes (a test checks it)
        self.cues = {
            topic: re.compile("|".join(f"(?:{c.lower()})" for c in cues)) for topic, cues in data["topics"].items()
        }
        self.names = {f"t{i}": topic for i, topic in enumerate(self.cues)}
        # one alternation, one pass over the passage (cues of two topics never start at the same word)
        self.any = re.compile("|".join(f"(?P<t{i}>{p.pattern})" for i, p in enumerate(self.cues.values())))

    def find(self, text: str) -> list[str]:
        seen = {self.names[m.lastgroup] for m in self.any.finditer(text.lower())}
        return [t for t in self.cues if t in seen]


@lru_cache(maxsize=4)
def cues(lang: str) -> TopicCues:
    return TopicCues(lang)


def assign_topics(text: str, sentences: list[Sentence], drafts: list[Draft], lang: str, body_start: int) -> None:
    finder = cues(lang)
    # the contacts reported as events own the passages; in an announcement (nothing occurred) the planned ones do
    # a message handed over during a meeting does not open a passage of its own: the meeting's go on
    owners_first = (
        [d for d in drafts if d.reported and d.medium != "written"]
        or [d for d in drafts if d.reported]
        or [d for d in drafts if d.status == "planned"]
    )
    reported = sorted(owners_first, key=lambda d: min(d.sentences))
    body = [s for s in sentences if s.start >= body_start]
    owners: dict[int, Draft] = {}
    for i, draft in enumerate(reported):
        first = (
            min(i for i in draft.sentences if sentences[i].start >= body_start)
            if any(sentences[i].start >= body_start for i in draft.sentences)
            else None
        )
        if first is None:
            continue
        nxt = [
            min(j for j in d.sentences if sentences[j].start >= body_start)
            for d in reported[i + 1 :]
            if any(sentences[j].start >= body_start for j in d.sentences)
        ]
        stop = min([n for n in nxt if n > first], default=len(sentences))
        for s in body:
            if first <= s.index < stop:
                owners.setdefault(s.index, draft)
    for draft in drafts:
        indices = {i for i, d in owners.items() if d is draft} | set(draft.sentences)
        found: list[str] = []
        for i in sorted(indices):
            s = sentences[i]
            for t in finder.find(text[s.start : s.end]):
                if t not in found:
                    found.append(t)
        draft.topics = found
