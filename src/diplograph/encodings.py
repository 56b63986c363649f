"""Decoding a text file: UTF-8; UTF-16 and UTF-32 with or without a byte-order mark; else the legacy code page
whose decoding reads most like text of the languages the packs know.

Charset detectors rank code pages by how messy the decoding looks, which does not tell cp1252 from cp1250 or
cp1257 on a French page ("à" becomes "ŕ" or "ą", equally clean). Here each candidate decoding is scored on what
a reader would notice: control characters, words mixing scripts or made mostly of accented letters (the look of
Cyrillic read as Latin-1), and letters outside the alphabet of the language the text is in, when a pack knows
that language. The best score wins; ties go to the code pages of French and English web pages first.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from .errors import InputError

# Candidates, in the order that breaks ties: the legacy code pages of French and English pages first.
CODE_PAGES = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "mac_roman",
    "cp850",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "cp1257",
    "mac_cyrillic",
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# non-ASCII characters that are ordinary in running text of any Latin-script language
TYPOGRAPHY = frozenset("«»“”‘’„‚–—…€£°·•¿¡§©®™\u00a0\u202f‰×½¼¾²³¹ºª′″")
_WORD = re.compile(r"[^\W\d_]+")
_UTF7_RUN = re.compile(r"[A-Za-z]\+[A-Za-z0-9/+]{2,}-")  # a base64 run inside a word
SAMPLE = 20_000


def decode_bytes(data: bytes, source: str) -> str:
    if not data.strip():
        raise InputError(source, "empty file")
    text = _unicode(data)
    if text is None:
        if b"\x00" in data[:8192]:
            raise InputError(source, "binary file (NUL bytes), not text")
        text = _best_code_page(data)
    if text is None or _unprintable_share(text) > 0.05:
        raise InputError(source, "binary file, not text")
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def _unicode(data: bytes) -> str | None:
    """The text when the bytes are UTF-8, or UTF-16/32 announced by a byte-order mark or shown by the NUL
    bytes of ASCII characters; None otherwise."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    head = data[:4096]
    if len(head) >= 8 and head.count(0) >= len(head) // 4:  # NUL bytes are valid UTF-8: look at them first
        for encoding in _nul_pattern(head):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _unprintable_share(text) <= 0.05:
                return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.isascii() and len(_UTF7_RUN.findall(text)) >= 3:  # "t+AOk-l+AOk-phonique": UTF-7, all ASCII
        try:
            return data.decode("utf-7")
        except UnicodeDecodeError:
            return text
    return text


def _nul_pattern(head: bytes) -> tuple[str, ...]:
    """The wide encodings the positions of NUL bytes point to (ASCII text in UTF-16 has one NUL in two)."""
    n = len(head) - len(head) % 4
    zeros = [sum(1 for i in range(k, n, 4) if head[i] == 0) / (n // 4) for k in range(4)]
    if zeros[1] > 0.8 and zeros[2] > 0.8 and zeros[3] > 0.8:
        return ("utf-32-le",)
    if zeros[0] > 0.8 and zeros[1] > 0.8 and zeros[2] > 0.8:
        return ("utf-32-be",)
    if zeros[1] > 0.6 and zeros[3] > 0.6:
        return ("utf-16-le",)
    if zeros[0] > 0.6 and zeros[2] > 0.6:
        return ("utf-16-be",)
    return ()


def _unprintable_share(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for ch in sample if not ch.isprintable() and ch not in "\n\r\t\f\v")
    return bad / max(1, len(sample))


def _best_code_page(data: bytes) -> str | None:
    best: tuple[float, int, str] | None = None
    for rank, encoding in enumerate(CODE_PAGES):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text[:SAMPLE])
        if best is None or score > best[0]:
            best = (score, rank, text)
    return best[2] if best else None


def plausibility(text: str) -> float:
    """How much ``text`` reads like real text: 0 is perfect, each oddity costs."""
    cost = 10.0 * sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    alphabet = _alphabet(text)
    for word in _WORD.findall(text):
        scripts = {_script(ch) for ch in word}
        if len(scripts) > 1:
            cost += 3  # "Москва" read in one code page is one script; mixing scripts is a misreading
            continue
        accented = sum(1 for ch in word if ord(ch) > 127)
        if "latin" in scripts and len(word) >= 3 and accented > 0.5 * len(word):
            cost += 3  # "Ìèíèñòð": Cyrillic read as Latin-1
        if alphabet is not None:
            cost += sum(1 for ch in word if ord(ch) > 127 and not alphabet.match(ch))
        if accented and not (word.islower() or word.isupper() or word.istitle()):
            cost += 1  # "rŽunion", "мИНИСТР": capitals where the language has none
    cost += sum(0.5 for ch in text if ord(ch) > 127 and not ch.isalpha() and not ch.isspace() and ch not in TYPOGRAPHY)
    return -cost


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"):
        if name.startswith(script):
            return script.lower()
    return "other"


def _alphabet(text: str) -> re.Pattern[str] | None:
    """The letters of the language ``text`` is in, when a language pack knows it."""
    from .lang import pack_class

    code = _language(text)
    pack = pack_class(code) if code else None
    return re.compile(f"[{pack.letters}]") if pack is not None else None


def _language(text: str) -> str | None:
    language = _detector().detect_language_of(text[:2000])
    return language.iso_code_639_1.name.lower() if language is not None else None


@lru_cache(maxsize=1)
def _detector():
    """A detector over the configured candidate languages (decoding runs before the pipeline's identifier)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    from lingua import Language as Lingua

    from .config import Config

    codes = Config.load()["language"]["candidates"]
    languages = [Lingua.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
