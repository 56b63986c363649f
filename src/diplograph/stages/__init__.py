"""The pipeline's stages, in order. Each is a small object with a ``name``, the ``Doc`` attributes it
``requires`` and those it ``assigns``, and ``__call__(doc)``; ``Pipeline`` checks at load that every stage's
requirements are assigned by an earlier one.

A stage whose requirements include ``pack`` analyses the language: it is skipped for a document in a language
no pack covers, which then gets its language, title and date and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..doc import ATTRIBUTES
from ..errors import PipelineError


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc) -> None: ...


@dataclass(frozen=True)
class StageInfo:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


def check_order(stages) -> None:
    """Refuse stages whose requirements no earlier stage assigns, or that assign what another already does."""
    assigned = {"raw"}
    for stage in stages:
        unknown = [a for a in (*stage.requires, *stage.assigns) if a not in ATTRIBUTES]
        if unknown:
            raise PipelineError(f"stage {stage.name!r} names unknown Doc attributes: {', '.join(unknown)}")
        missing = [r for r in stage.requires if r not in assigned]
        if missing:
            raise PipelineError(f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns")
        twice = [a for a in stage.assigns if a in assigned]
        if twice:
            raise PipelineError(f"stage {stage.name!r} assigns {', '.join(twice)}, already assigned earlier")
        assigned.update(stage.assigns)
