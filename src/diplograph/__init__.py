"""diplograph: diplomatic texts to verifiable event data (who met or called whom, when, where, about what)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["load", "open", "__version__"]


def load(reference_date=None, use_parser: bool | None = None, config=None):
    """The extraction pipeline: ``load()(text)`` returns a ``DocumentRecord``. ``config`` is a YAML file, a
    mapping or a ``Config`` layered on the shipped defaults (``diplograph config`` prints them)."""
    from .pipeline import load as _load

    return _load(reference_date=reference_date, use_parser=use_parser, config=config)


def open(url=None, config=None):  # noqa: A001 - the analyst's entry point: diplograph.open("diplograph.sqlite")
    """The event store at ``url`` (``postgresql://...``, ``sqlite:///path``, a file path; default
    ``$DIPLOGRAPH_DB`` or ``diplograph.sqlite``): ``.query(...)`` gives records, ``.query_df(...)`` a DataFrame."""
    from .store import Store

    return Store(url, config=config)
