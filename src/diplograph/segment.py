"""Sentences and the document's layout: header lines, title, body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .kb.files import load_lang_yaml


@lru_cache(maxsize=4)
def _abbreviation(lang: str = "fr") -> re.Pattern[str]:
    """A word ending in a period that does not end a sentence: a listed abbreviation or an initial."""
    return re.compile(rf"(?:\b(?:{load_lang_yaml(lang, 'layout.yaml')['abbreviations']})|\b[A-Z])\.$")


# A sentence ends at . ! ? (or …) followed by space and a capital, quote or digit, unless the word before is an
# abbreviation or an initial ("M. Bourita", "J. Barrot").
_END = re.compile(r"[.!?…]+[\"')\]]*\s+(?=[\"'«(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    line: int  # index of the non-empty line (paragraph) it belongs to

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]


@dataclass(frozen=True)
class Line:
    start: int
    end: int


def lines(text: str) -> list[Line]:
    """Non-blank lines with their stripped spans."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def sentences(text: str, text_lines: list[Line] | None = None) -> list[Sentence]:
    out: list[Sentence] = []
    for li, line in enumerate(text_lines if text_lines is not None else lines(text)):
        chunk = text[line.start : line.end]
        begin = 0
        for m in _END.finditer(chunk):
            head = chunk[begin : m.start() + 1].rstrip()
            if _abbreviation().search(head.split()[-1] if head.split() else ""):
                continue
            end = m.end()
            seg = chunk[begin:end].rstrip()
            if seg:
                out.append(Sentence(len(out), line.start + begin, line.start + begin + len(seg), li))
            begin = end
        seg = chunk[begin:].rstrip()
        if seg.strip():
            out.append(Sentence(len(out), line.start + begin, line.start + begin + len(seg), li))
    return out


def is_body_line(text: str) -> bool:
    """A paragraph of running prose (not a headline, date line or menu): long and ending like a sentence."""
    words = text.split()
    return len(words) >= 60 or (len(words) >= 8 and text.rstrip().endswith((".", '."', ".'", ":", "!", "?", '"')))
