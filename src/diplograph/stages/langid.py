"""Language identification with lingua, restricted to the languages this genre is written in (configuration:
``language.candidates``), and the pack that analyses the language found. lingua's fast low-accuracy mode reads
texts of a paragraph or more well; a shorter text ("Le ministre a reçu M. Blinken à Paris.") is read by its
high-accuracy mode, loaded only when such a text comes. A short text is mostly names and titles, which read as
several languages at once ("President Emmanuel Macron met Chancellor Olaf Scholz in Berlin" is Italian to
lingua by a little): there a language with a pack wins over one without when its confidence is at least
``language.pack_margin`` of the best one's."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_PARAGRAPH_WORDS = 12  # a line this long is a paragraph whose language can be judged


class LanguageStage:
    name = "language"
    requires = ("clean",)
    assigns = ("language", "pack", "passages")

    def __init__(
        self, candidates: tuple[str, ...], packs: dict, sample: int = 800, short: int = 120, margin: float = 0.5
    ):
        self.candidates = candidates
        self.margin = margin
        self.packs = packs
        self.sample = sample
        self.short = short
        self._detectors: dict[bool, object] = {}
        self._words: dict[str, frozenset[str]] | None = None

    def __call__(self, doc) -> None:
        code = self.detect(doc.text)
        doc.language = code
        doc.pack = self.packs.get(code)
        doc.passages = self.passages(doc.text, code) if doc.pack is not None else []

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the main language of ``text``, or None when there are no words to judge."""
        snippet = text[: self.sample]
        if sum(ch.isalpha() for ch in snippet) < 10:
            return None
        if len(snippet.strip()) >= self.short:
            language = self.detector(accurate=False).detect_language_of(snippet)
            return language.iso_code_639_1.name.lower() if language is not None else None
        ranked = [
            (c.language.iso_code_639_1.name.lower(), c.value)
            for c in self.detector(accurate=True).compute_language_confidence_values(snippet)
        ]
        if not ranked or ranked[0][1] <= 0:
            return None
        best, score = ranked[0]
        if best not in self.packs:
            analysed = next(((code, value) for code, value in ranked if code in self.packs), None)
            if analysed is not None and analysed[1] >= self.margin * score:
                return analysed[0]
        return best

    def passages(self, text: str, main: str) -> list[tuple[int, int, str]]:
        """The passages of a mixed document (an article with a communiqué appended in another language): runs of
        paragraphs in another language with a pack, (start, end, code) in text order; [] when the document
        is in one language. A paragraph is read by the function words of each pack (cheap), and one that leans
        to another language is confirmed by lingua; short lines go with the paragraph before them."""
        words = self._markers()
        if main not in words:
            return []
        runs: list[list] = []
        pos = 0
        current = main
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            tokens = _WORD.findall(line.lower())
            if len(tokens) >= _PARAGRAPH_WORDS:
                counts = {code: sum(t in marks for t in tokens) for code, marks in words.items()}
                lean = max(counts, key=counts.get)
                if lean != main and counts[lean] >= 3 and counts[lean] >= 2 * counts[main]:
                    found = self.detector(accurate=False).detect_language_of(line)
                    lean = found.iso_code_639_1.name.lower() if found is not None else main
                    current = lean if lean in self.packs else main
                else:
                    current = main
            if current != main:
                if runs and runs[-1][2] == current and runs[-1][1] >= start - 1:
                    runs[-1][1] = start + len(line)
                else:
                    runs.append([start, start + len(line), current])
        return [tuple(r) for r in runs]

    def _markers(self) -> dict[str, frozenset[str]]:
        """Each pack's function words that no other pack shares: what makes a paragraph lean to a language."""
        if self._words is None:
            lists = {
                code: frozenset(pack.data("function_words.yaml")["words"].split()) for code, pack in self.packs.items()
            }
            self._words = {
                code: frozenset(w for w in ws if not any(w in other for c, other in lists.items() if c != code))
                for code, ws in lists.items()
            }
        return self._words

    def prepare(self, doc) -> None:
        """Load the detector this document needs (the high-accuracy one loads with the first short text)."""
        self.detector(accurate=len(doc.text[: self.sample].strip()) < self.short)

    def warm(self) -> None:
        self.detector(False)  # the high-accuracy one (about 1 s) loads with the first short text

    def detector(self, accurate: bool = False):
        if accurate not in self._detectors:
            from lingua import IsoCode639_1, LanguageDetectorBuilder
            from lingua import Language as Lingua

            languages = [Lingua.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in self.candidates]
            builder = LanguageDetectorBuilder.from_languages(*languages)
            # the models load when the detector is built, not with the first text (whose time budget they would eat)
            builder = builder.with_preloaded_language_models()
            self._detectors[accurate] = (builder if accurate else builder.with_low_accuracy_mode()).build()
        return self._detectors[accurate]
