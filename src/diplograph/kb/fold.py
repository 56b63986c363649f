"""One-character-for-one folding for matching: lower case, no accents, hyphens as spaces."""

from __future__ import annotations

import unicodedata


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x370, 0x500)):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if len(base) == 1 and base != ch:
            table[code] = base
    for ch in "-\u2010\u2011\u2013\u2014":
        table[ord(ch)] = " "
    for ch in "\u2019\u2018\u02bc`":
        table[ord(ch)] = "'"
    table[ord("\u00a0")] = " "
    return table


_TABLE = _build_table()


def fold(text: str) -> str:
    """Same length as ``text``; "Mevlüt Çavuşoğlu" -> "mevlut cavusoglu", "Jean-Noël" -> "jean noel"."""
    return text.translate(_TABLE)
