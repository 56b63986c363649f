"""Analysis with the pack's spaCy pipeline, run only on sentences a cheap first pass marked as candidates.

Each pack loads its model once, on first use, without the components no stage reads (the tagger's morphology
for tense and mood, the dependency parser for who takes a position towards whom), and each call runs only the
components it needs; nothing is downloaded at run time: the model is an installed package.
"""

from __future__ import annotations

from .contacts import ContactGrammar


def parse(texts: list[str], pack):
    """Dependency parses of a few sentences (the parser and what it listens to, no tagger)."""
    return pack.nlp().pipe(texts, batch_size=64, disable=["morphologizer", "attribute_ruler"])


class TenseStage:
    """Tense and mood of the contact verb of each candidate sentence: past, present, future or conditional."""

    name = "tenses"
    requires = ("pack", "sentences", "triggers")
    assigns = ("tenses",)

    def __init__(self, use_parser: bool = True):
        self.use_parser = use_parser  # without it, status comes from patterns alone

    def __call__(self, doc) -> None:
        doc.tenses = self.tenses(doc.text, doc.sentences, doc.triggers, doc.pack) if self.use_parser else {}

    def tenses(self, text: str, sents, triggers: dict, pack) -> dict[int, str]:
        g = pack.grammar(ContactGrammar)
        candidates = []
        for s in sents:
            if s.index not in triggers:
                continue
            chunk = text[s.start : s.end]
            spans = [(a, b) for a, b, t in triggers[s.index] if not t.needs_with]
            # the cheap pass decides where it can: a compound past or a status cue needs no tagger
            spans = [(a, b) for a, b in spans if not _decided(chunk, a, b, g)]
            if spans:
                candidates.append((s, chunk, spans))
        out: dict[int, str] = {}
        if not candidates:
            return out
        syntax = pack.syntax
        docs = pack.nlp().pipe([c[1] for c in candidates], batch_size=64, disable=["parser"])
        for (s, _chunk, spans), parsed in zip(candidates, docs, strict=True):
            for a, b in spans:
                verb = next((t for t in parsed if a <= t.idx < b and syntax.is_verb(t)), None)
                tense = syntax.tense(verb) if verb is not None else None
                if tense:
                    out[s.index] = tense
                    break
        return out


def _decided(chunk: str, start: int, end: int, g: ContactGrammar) -> bool:
    """True when patterns alone settle the status of the trigger at chunk[start:end]."""
    window = chunk[max(0, start - g.w["status"]) : end + g.w["status"]]
    if g.cue["planned"].search(window) or g.cue["occurred_override"].search(window):
        return True
    return bool(g.cue["compound_past"].search(chunk[max(0, start - g.w["compound_past"]) : end]))
