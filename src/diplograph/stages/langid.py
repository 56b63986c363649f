"""Language identification with lingua, restricted to the languages this genre is written in (configuration:
``language.candidates``), and the pack that analyses the language found. lingua's fast low-accuracy mode reads
texts of a paragraph or more well; a shorter text ("Le ministre a reçu M. Blinken à Paris.") is read by its
high-accuracy mode, loaded only when such a text comes. A short text is mostly names and titles, which read as
several languages at once ("President Emmanuel Macron met Chancellor Olaf Scholz in Berlin" is Italian to
lingua by a little): there a language with a pack wins over one without when its confidence is at least
``language.pack_margin`` of the best one's."""

from __future__ import annotations


class LanguageStage:
    name = "language"
    requires = ("clean",)
    assigns = ("language", "pack")

    def __init__(
        self, candidates: tuple[str, ...], packs: dict, sample: int = 1200, short: int = 120, margin: float = 0.5
    ):
        self.candidates = candidates
        self.margin = margin
        self.packs = packs
        self.sample = sample
        self.short = short
        self._detectors: dict[bool, object] = {}

    def __call__(self, doc) -> None:
        code = self.detect(doc.text)
        doc.language = code
        doc.pack = self.packs.get(code)

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
