"""Language identification with lingua, restricted to the languages this genre is written in."""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = ("fr",)  # languages with contact extraction; others get a record with no contacts
CANDIDATES = ("FRENCH", "ENGLISH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "RUSSIAN", "ARABIC", "UKRAINIAN")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect(text: str, sample: int = 1200) -> str | None:
    """ISO 639-1 code of the main language of ``text``, or None when there are no words to judge."""
    snippet = text[:sample]
    if sum(ch.isalpha() for ch in snippet) < 10:
        return None
    language = _detector().detect_language_of(snippet)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()
