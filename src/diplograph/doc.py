"""The document every stage annotates.

One ``Doc`` per input carries what the stages have found so far: the clean text and its offset map, the
language and its pack, the layout, sentences, actor mentions, dates, triggers, contact drafts, topics and
statements. A stage reads what earlier stages assigned and assigns its own attributes once: assigning an
attribute a second time is refused, so no stage edits another's output in place. Records are built from the
``Doc`` only at the edge (``records.build``).
"""

from __future__ import annotations

from typing import Any

from .readers import RawDocument

# Every attribute a stage may assign, with what it holds. Stages declare theirs in ``assigns``.
ATTRIBUTES = {
    "raw": "the input document (text, id, source, given title and publication date)",
    "clean": "CleanText: the analysed text and its map back to the original",
    "language": "ISO 639-1 code of the main language, or None",
    "passages": "passages in another language with a pack: (start, end, code) in clean-text offsets; [] when none",
    "pack": "the Language pack of that language, or None when no pack analyses it",
    "layout": "Layout: title span, title, publication date, where the body begins",
    "anchor": "the day relative dates resolve against (publication date, else the reference date)",
    "sentences": "list of Sentence, in text order",
    "actors": "DocActors: every actor mention, state, place and title, resolved on the anchor day",
    "dates": "list of DateMention",
    "speaker": "the author of a first-person text (ActorRef), or None",
    "turns": "a transcript's turns: (start, end, speaker ActorRef or None), in text order",
    "dateline": "(place, country) of the dateline, or None",
    "triggers": "contact trigger hits by sentence index",
    "cues": "statement cue hits by sentence index (body sentences only)",
    "parses": "spaCy analyses of the candidate sentences by sentence index (empty without the parser)",
    "tenses": "tense of each trigger sentence's contact verb, where the parse decided it",
    "drafts": "list of contact Drafts, frozen once the contacts stage is done",
    "topics": "topics of each draft, in the drafts' order",
    "statements": "list of Statement records, evidence in clean-text offsets",
}


class Doc:
    """A document under analysis. Attributes not yet assigned read as None."""

    __slots__ = ("_values",)

    def __init__(self, raw: RawDocument):
        object.__setattr__(self, "_values", {"raw": raw})

    def __getattr__(self, name: str) -> Any:
        if name not in ATTRIBUTES:
            raise AttributeError(name)
        return self._values.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in ATTRIBUTES:
            raise AttributeError(f"a Doc has no attribute {name!r} (see doc.ATTRIBUTES)")
        if name in self._values:
            raise AttributeError(f"Doc.{name} is already assigned: a stage adds its own attributes only")
        self._values[name] = value

    def has(self, name: str) -> bool:
        return name in self._values

    @property
    def text(self) -> str:
        """The clean text every stage reads."""
        return self._values["clean"].text
