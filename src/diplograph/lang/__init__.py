"""Language folders: each ``lang/<lang>/`` holds that language's patterns and resources as data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any


def compile_cues(
    data: Mapping[str, Any], keys: Iterable[str], *, flags: int = re.IGNORECASE, anchor_end: bool = False
) -> dict[str, re.Pattern[str]]:
    """The named cues of a language data file, compiled; a list of patterns becomes one alternation.
    ``anchor_end`` anchors a cue that describes what stands right before a word."""
    out = {}
    for key in keys:
        value = data[key]
        pattern = "|".join(f"(?:{p})" for p in value) if isinstance(value, list) else value
        out[key] = re.compile(f"(?:{pattern})$" if anchor_end else pattern, flags)
    return out
