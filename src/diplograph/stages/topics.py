"""Topics of each contact, from cue patterns (``lang/<lang>/topics.yaml``) in the passages about it.

A contact reported as an event of the text owns the passage from its first sentence to the next reported
contact; a contact only referred to (an earlier call, a planned summit) owns its own sentences. The title
counts for the contacts it mentions.
"""

from __future__ import annotations

import re

from .contact_merge import Draft
from .segment import Sentence

# the literal word a cue begins with, after an optional \b and lookbehind: any script's letters
_STEM = re.compile(r"^(?:\\b)?(?:\(\?<!?[^)]*\))?(?:\\b)?((?:[^\W\d_]|['-])(?:[^\W\d_]|[' -]){2,})")


class TopicCues:
    """Topic cue patterns. Most cues begin with a literal word stem ("ukrain", "syri"): one Aho-Corasick pass over
    those stems picks the candidate topics, and only their patterns run; a cue without a stem always runs."""

    def __init__(self, pack):
        import ahocorasick

        data = pack.data("topics.yaml")
        # cues are matched in lower case against the lowered passage: case-insensitive matching is several
        # times slower in Python's re, and the cues use no upper-case escapes (a test checks it)
        self.cues = {
            topic: re.compile("|".join(f"(?:{c.lower()})" for c in cues)) for topic, cues in data["topics"].items()
        }
        self.always: set[str] = set()
        self.stems = ahocorasick.Automaton()
        stems: dict[str, set[str]] = {}
        for topic, cue_list in data["topics"].items():
            for cue in cue_list:
                lowered = cue.lower()
                m = _STEM.match(lowered)
                stem = m.group(1) if m else ""
                if stem and lowered[m.end(1) : m.end(1) + 1] in {"?", "*", "{"}:
                    stem = stem[:-1]  # "commerciale?": the last letter is optional
                stem = stem.rstrip(" ")
                if len(stem) >= 3:
                    stems.setdefault(stem, set()).add(topic)
                else:
                    self.always.add(topic)
        for stem, topics in stems.items():
            self.stems.add_word(stem, frozenset(topics))
        self.stems.make_automaton()

    def find(self, text: str) -> list[str]:
        lowered = text.lower()
        candidates = set(self.always)
        for _end, topics in self.stems.iter(lowered):
            candidates |= topics
        return [t for t, p in self.cues.items() if t in candidates and p.search(lowered)]


class TopicStage:
    name = "topics"
    requires = ("pack", "sentences", "layout", "actors", "drafts")
    assigns = ("topics",)

    def __call__(self, doc) -> None:
        finder = doc.pack.grammar(TopicCues)
        text = _without_titles(doc.text, doc.actors.titles)
        doc.topics = assign_topics(text, doc.sentences, doc.drafts, finder, doc.layout.body_start)


def _without_titles(text: str, titles) -> str:
    """The text with the offices it names blanked out, one character for one: "le ministre de l'Économie" or
    "de l'Action humanitaire" says who someone is, not what they discussed."""
    if not titles:
        return text
    chars = list(text)
    for t in titles:
        chars[t.start : t.end] = " " * (t.end - t.start)
    return "".join(chars)


def assign_topics(
    text: str, sentences: list[Sentence], drafts: list[Draft], finder: TopicCues, body_start: int
) -> list[list[str]]:
    """The topics of each draft, in the drafts' order."""
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
    per_sentence: dict[int, list[str]] = {}
    out: list[list[str]] = []
    for draft in drafts:
        indices = {i for i, d in owners.items() if d is draft} | set(draft.sentences)
        found: list[str] = []
        for i in sorted(indices):
            if i not in per_sentence:  # a sentence can belong to several contacts: read it once
                per_sentence[i] = finder.find(text[sentences[i].start : sentences[i].end])
            for t in per_sentence[i]:
                if t not in found:
                    found.append(t)
        out.append(found)
    return out
