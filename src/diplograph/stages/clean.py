"""Cleaning: the text the analysis sees, with a map back to the original input.

Typographic variants are replaced one character for one (offsets unchanged), clutter lines are blanked
with spaces (offsets unchanged), and tokens a CMS glued together (a weekday or month run into a number, a
year run into a clock time) get a space inserted; the map ``offsets[i]`` gives the original index of clean
character ``i``. Cleaning runs before language identification, so the calendar words of every language with
a ``lang/<lang>/dates.yaml`` are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..kb.files import load_yaml, read_yaml
from ..lang import data_folders

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
    month = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    calendar = "|".join(sorted(map(re.escape, months | weekdays), key=len, reverse=True))
    return re.compile(
        rf"(?i)\b(?P<a>{calendar})\d" rf"|(?P<b>\d)(?:{month})\b" r"|\b(?P<c>(?:19|20)\d\d)\d{1,2}[:h]\d\d\b"
    )


@dataclass(frozen=True)
class CleanText:
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries: original index of each clean character, then the end
    original: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the original text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


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
        text = _blank_clutter(original.translate(_CHAR_MAP), self.clutter, self.block_header)
        inserts = [m.end(m.lastgroup) for m in self.glue.finditer(text)]
        if not inserts:
            return CleanText(text, tuple(range(len(text) + 1)), original)
        parts: list[str] = []
        offsets: list[int] = []
        prev = 0
        for pos in inserts:
            parts.append(text[prev:pos])
            offsets.extend(range(prev, pos))
            parts.append(" ")
            offsets.append(pos)  # the inserted space stands where the next original character is
            prev = pos
        parts.append(text[prev:])
        offsets.extend(range(prev, len(text) + 1))
        return CleanText("".join(parts), tuple(offsets), original)


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
