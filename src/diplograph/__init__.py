"""diplograph: diplomatic texts to verifiable event data (who met or called whom, when, where, about what)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["load", "__version__"]


def load(reference_date=None, use_parser: bool = True):
    """The extraction pipeline: ``load()(text)`` returns a ``DocumentRecord``."""
    from .pipeline import load as _load

    return _load(reference_date=reference_date, use_parser=use_parser)
