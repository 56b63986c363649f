"""Cleaning: the text the analysis sees, with a map back to the original input.

The input is first normalised: Unicode NFC (a decomposed "é" becomes one character), a carriage return alone
ends a line as "\n" does, and invisible format characters (direction marks, soft hyphens) are dropped, so the
same text typed any of these ways reads the same. Typographic variants are replaced one character for one (offsets unchanged), clutter lines are blanked
with spaces (offsets unchanged), and tokens a CMS glued together (a weekday or month run into a number, a
year run into a clock time) get a space inserted; the map ``offsets[i]`` gives the original index of clean
character ``i``. Cleaning runs before language identification, so the calendar words of every language with
a ``lang/<lang>/dates.yaml`` are used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..kb.files import load_yaml, read_yaml
from ..lang import data_folders
from ..lang.caseless import lower

# One character for one: the analysis sees ' and " whatever the keyboard was, and plain spaces.
_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00ab": '"',
        "\u00bb": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2010": "-",
        "\r": " ",
        "\t": " ",
    }
)


def _glue_pattern() -> re.Pattern[str]:
    """Where a space is missing: a calendar word glued to a number, a number glued to a month, a four-digit
    year glued to a clock time. The space goes at the end of the named group that matched."""
    months: set[str] = set()
    weekdays: set[str] = set()
    for folder in data_folders():
        if not (folder / "dates.yaml").exists():
            continue
        data = read_yaml(folder / "dates.yaml")
        months |= set(data.get("months", {}))
        weekdays |= set(data.get("weekdays", {}))
    month = "|".join(sorted({re.escape(m.lower()) for m in months}, key=len, reverse=True))
    calendar = "|".join(sorted({re.escape(w.lower()) for w in months | weekdays}, key=len, reverse=True))
    # searched over the lowered text (lang.caseless.lower: offsets hold), several times faster than IGNORECASE
    return re.compile(rf"\b(?P<a>{calendar})\d" rf"|(?P<b>\d)(?:{month})\b" r"|\b(?P<c>(?:19|20)\d\d)\d{1,2}[:h]\d\d\b")


@dataclass(frozen=True)
class CleanText:
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries: original index of each clean character, then the end
    original: str
    ends: tuple[int, ...] | None = None  # original end of each clean character, where one stands for several

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the original text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.ends[end - 1] if self.ends else self.offsets[end - 1] + 1


# dropped on input: direction marks and isolates, soft hyphen, word joiner (U+200B and U+FEFF become spaces)
_INVISIBLE = re.compile("[\u00ad\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]")
_LONE_CR = re.compile("\r(?!\n)")


def plain(text: str) -> str:
    """A piece of the original as a field value (a title): NFC, without invisible marks."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def normalise(original: str) -> tuple[str, list[int], list[int]] | None:
    """NFC, lone carriage returns as line ends, invisible marks dropped: the text with, for each of its
    characters, the original start and end; None when the input is already so."""
    if unicodedata.is_normalized("NFC", original) and not _INVISIBLE.search(original) and "\r" not in original:
        return None
    text = _LONE_CR.sub("\n", original)  # one character for one
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1  # a base character and the marks that combine with it
        segment = text[i:j]
        if not _INVISIBLE.fullmatch(segment):
            out = unicodedata.normalize("NFC", _INVISIBLE.sub("", segment)) if j - i > 1 else segment
            parts.append(out)
            starts.extend([i] * len(out))
            ends.extend([j] * len(out))
        i = j
    return "".join(parts), starts, ends


def _clutter_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_yaml("clutter.yaml")
    lines = re.compile("|".join(f"(?:{p})" for p in data["lines"]), re.IGNORECASE)
    blocks = re.compile("|".join(f"(?:{p})" for p in data["block_headers"]), re.IGNORECASE)
    return lines, blocks


class Cleaner:
    """The cleaning stage: the calendar words of every language folder and the clutter lines of the data."""

    name = "clean"
    requires = ("raw",)
    assigns = ("clean",)

    def __init__(self):
        self.glue = _glue_pattern()
        self.clutter, self.block_header = _clutter_patterns()

    def __call__(self, doc) -> None:
        doc.clean = self.clean(doc.raw.text)

    def clean(self, original: str) -> CleanText:
        normal = normalise(original)
        source = normal[0] if normal else original
        text = _blank_clutter(source.translate(_CHAR_MAP), self.clutter, self.block_header)
        inserts = [m.end(m.lastgroup) for m in self.glue.finditer(lower(text))]
        offsets: list[int] = list(range(len(text) + 1))
        if inserts:
            parts: list[str] = []
            offsets = []
            prev = 0
            for pos in inserts:
                parts.append(text[prev:pos])
                offsets.extend(range(prev, pos))
                parts.append(" ")
                offsets.append(pos)  # the inserted space stands where the next original character is
                prev = pos
            parts.append(text[prev:])
            offsets.extend(range(prev, len(text) + 1))
            text = "".join(parts)
        if normal is None:
            return CleanText(text, tuple(offsets), original)
        starts, ends = normal[1] + [len(original)], normal[2] + [len(original)]
        return CleanText(text, tuple(starts[k] for k in offsets), original, tuple(ends[k] for k in offsets[:-1]))


@lru_cache(maxsize=1)
def _default() -> Cleaner:
    return Cleaner()


def clean(original: str) -> CleanText:
    """Clean one text with the package's data (a convenience for scripts; pipelines own their Cleaner)."""
    return _default().clean(original)


def _blank_clutter(text: str, pattern: re.Pattern[str], block_header: re.Pattern[str]) -> str:
    out: list[str] = []
    in_block = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            in_block = False
            out.append(line)
        elif in_block or pattern.fullmatch(stripped) or block_header.fullmatch(stripped):
            in_block = in_block or bool(block_header.fullmatch(stripped))
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)
