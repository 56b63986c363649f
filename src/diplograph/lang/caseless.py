"""Case-insensitive patterns, searched fast.

Python's ``re.IGNORECASE`` folds case at every comparison and loses its literal-prefix search, which makes a
long alternation of cues several times slower. A pattern whose source has no capital letter (outside an
escape such as ``\\S``) matches the lowered text exactly as it matches the text with ``IGNORECASE``, so it is
compiled without the flag and searched over ``lower(text)``; a pattern that names capitals (``(?-i:[A-Z])``)
keeps the flag and searches the text itself. ``lower`` keeps one character for one, so offsets hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def lower(text: str) -> str:
    """Lower case, one character for one (offsets stay valid): "İ".lower() is two characters."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _caseless(source: str) -> bool:
    """True when ``source`` names no capital letter outside an escape, so case folding cannot matter."""
    return not any(ch.isupper() and (i == 0 or source[i - 1] != "\\") for i, ch in enumerate(source))


def _alternation(sources: list[str]) -> str:
    """One pattern of several; when each begins at a word boundary, the boundary is tested once, before the
    alternatives (the same matches, found several times faster)."""
    body = "|".join(f"(?:{s})" for s in sources)
    return rf"\b(?:{body})" if all(s.startswith("\\b") for s in sources) else body


class Caseless:
    """One case-insensitive pattern, or the alternation of several; ``search``/``finditer`` take the text and
    its ``lower()``, computed once by the caller for every pattern it tries. Match offsets are the text's; a
    match's string may be lowered, so callers read offsets only."""

    def __init__(self, sources: str | Iterable[str]):
        sources = [sources] if isinstance(sources, str) else list(sources)
        fast = [s for s in sources if _caseless(s)]
        slow = [s for s in sources if not _caseless(s)]
        self._fast = re.compile(_alternation(fast)) if fast else None
        self._slow = re.compile(_alternation(slow), re.IGNORECASE) if slow else None

    def search(self, text: str, lowered: str) -> bool:
        return bool(
            (self._fast is not None and self._fast.search(lowered))
            or (self._slow is not None and self._slow.search(text))
        )

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Matches of a single pattern (an alternation of several mixes the two kinds only in ``search``)."""
        if self._fast is not None and self._slow is not None:
            raise ValueError("finditer needs a single pattern")
        if self._fast is not None:
            return self._fast.finditer(lowered)
        return self._slow.finditer(text)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_BACKREFERENCE = re.compile(r"\(\?P=|\\[1-9]")


def _union(sources: list[str], flags: int) -> re.Pattern[str] | None:
    """The alternation of ``sources`` with their groups unnamed, to find where any of them matches; None
    when they cannot be joined (a back-reference)."""
    if any(_BACKREFERENCE.search(s) for s in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', s)})" for s in sources), flags)
    except re.error:
        return None


class CaselessSet:
    """Several case-insensitive patterns whose every match is wanted. One scan of their alternation finds the
    places where any of them matches, and only there is each one tried: the matches ``finditer`` of each
    would give, in a fraction of the time of scanning the text once per pattern."""

    def __init__(self, patterns: Iterable[Caseless]):
        self.patterns = list(patterns)
        if any(p._fast is not None and p._slow is not None for p in self.patterns):
            raise ValueError("a set takes single patterns")
        self._groups = []
        for fast in (True, False):
            members = [(i, p._fast if fast else p._slow) for i, p in enumerate(self.patterns)]
            members = [(i, r) for i, r in members if r is not None]
            if members:
                union = _union([r.pattern for _i, r in members], 0 if fast else re.IGNORECASE)
                self._groups.append((fast, members, union))

    def finditer_each(self, text: str, lowered: str) -> list[tuple[int, re.Match[str]]]:
        """Every match of every pattern, as (pattern number, match), by start and then pattern number."""
        out: list[tuple[int, re.Match[str]]] = []
        for fast, members, union in self._groups:
            subject = lowered if fast else text
            if union is None:
                out += [(i, m) for i, r in members for m in r.finditer(subject)]
                continue
            resume = dict.fromkeys((i for i, _r in members), 0)  # where each pattern's own scan would go on
            pos = 0
            while (hit := union.search(subject, pos)) is not None:
                at = hit.start()
                for i, r in members:
                    if resume[i] <= at and (m := r.match(subject, at)) is not None:
                        out.append((i, m))
                        resume[i] = max(m.end(), at + 1)
                pos = at + 1
        out.sort(key=lambda hit: (hit[1].start(), hit[0]))
        return out
