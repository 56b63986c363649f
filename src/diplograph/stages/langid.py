"""Language identification with lingua, restricted to the languages this genre is written in (configuration:
``language.candidates``), and the pack that analyses the language found."""

from __future__ import annotations


class LanguageStage:
    name = "language"
    requires = ("clean",)
    assigns = ("language", "pack")

    def __init__(self, candidates: tuple[str, ...], packs: dict, sample: int = 1200):
        self.candidates = candidates
        self.packs = packs
        self.sample = sample
        self._detector = None

    def __call__(self, doc) -> None:
        code = self.detect(doc.text)
        doc.language = code
        doc.pack = self.packs.get(code)

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the main language of ``text``, or None when there are no words to judge."""
        snippet = text[: self.sample]
        if sum(ch.isalpha() for ch in snippet) < 10:
            return None
        language = self.detector().detect_language_of(snippet)
        if language is None:
            return None
        return language.iso_code_639_1.name.lower()

    def detector(self):
        if self._detector is None:
            from lingua import IsoCode639_1, LanguageDetectorBuilder
            from lingua import Language as Lingua

            languages = [Lingua.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in self.candidates]
            self._detector = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
        return self._detector
