"""Sentences and the document's layout: header lines, title, body."""

from __future__ import annotations

import re
from dataclasses import dataclass


class Segmenter:
    """A pack's sentence splitter. A sentence ends at . ! ? (or …) followed by space and a capital of the
    language, a quote or a digit, unless the word before is a listed abbreviation or an initial ("M. Bourita",
    "J. Barrot")."""

    def __init__(self, pack):
        abbreviations = pack.data("layout.yaml")["abbreviations"]
        self.abbreviation = re.compile(rf"(?:\b(?:{abbreviations})|\b[{pack.upper}])\.$")
        self.end = re.compile(rf"[.!?…]+[\"')\]]*\s+(?=[\"'«(\[]?\s*[{pack.upper}0-9])")

    def sentences(self, text: str, text_lines: list[Line] | None = None) -> list[Sentence]:
        out: list[Sentence] = []
        for li, line in enumerate(text_lines if text_lines is not None else lines(text)):
            chunk = text[line.start : line.end]
            begin = 0
            for m in self.end.finditer(chunk):
                if self.abbreviation.search(_last_word(chunk, begin, m.start() + 1)):
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


def _last_word(chunk: str, begin: int, end: int) -> str:
    """The last whitespace-separated word of chunk[begin:end], read backwards: the time it takes does not grow
    with the text already scanned, so a line of many abbreviations stays linear."""
    k = end
    while k > begin and not chunk[k - 1].isspace():
        k -= 1
    return chunk[k:end]


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


def is_body_line(text: str) -> bool:
    """A paragraph of running prose (not a headline, date line or menu): long and ending like a sentence."""
    words = text.split()
    return len(words) >= 60 or (len(words) >= 8 and text.rstrip().endswith((".", '."', ".'", ":", "!", "?", '"')))


class SegmentStage:
    name = "sentences"
    requires = ("clean", "pack")
    assigns = ("sentences",)

    def __call__(self, doc) -> None:
        doc.sentences = doc.pack.grammar(Segmenter).sentences(doc.text)
