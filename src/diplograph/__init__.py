"""diplograph: diplomatic texts to verifiable event data (who met or called whom, when, where, about what)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Document", "load", "open", "__version__"]


def load(reference_date=None, use_parser: bool | None = None, config=None, lazy: bool = False):
    """The extraction pipeline, its models loaded (``lazy=True``: on first use): ``load()(text)`` returns a
    ``DocumentRecord``, ``load().pipe(documents)`` a stream of them. ``config`` is a YAML file, a mapping or
    a ``Config`` layered on the shipped defaults (``diplograph config`` prints them)."""
    from .pipeline import load as _load

    return _load(reference_date=reference_date, use_parser=use_parser, config=config, lazy=lazy)


def __getattr__(name: str):
    # ``diplograph.Document(doc_id, text, source, published=None, title=None, url=None)``: a document with its
    # id and metadata, for ``pipe`` (imported on first use: ``import diplograph`` stays light)
    if name == "Document":
        from .readers import RawDocument

        return RawDocument
    raise AttributeError(f"module 'diplograph' has no attribute {name!r}")


def open(url=None, config=None):  # noqa: A001 - the analyst's entry point: diplograph.open("diplograph.sqlite")
    """The event store at ``url`` (``postgresql://...``, ``sqlite:///path``, a file path; default
    ``$DIPLOGRAPH_DB`` or ``diplograph.sqlite``): ``.query(...)`` gives records, ``.query_df(...)`` a DataFrame."""
    from .store import Store

    return Store(url, config=config)
