"""Languages as packs: ``lang/<code>/`` holds a language's data files and, for a language the pipeline can
analyse, an ``__init__.py`` defining a ``Language`` subclass named ``LANGUAGE``.

The core never names a language: it asks the registry for the pack of the language a document is written in
(``registry.pack(code)``), and the pack answers every language-specific question: its data files (validated
against ``schema.yaml`` when loaded), its character windows, its spaCy model, and a ``Syntax`` adapter that
turns the model's dependency labels into the roles the readers ask about (subject, argument, agent...).
Adding a language is adding a folder.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import KnowledgeBaseError
from ..kb.files import read_yaml
from .syntax import Syntax

LANG_DIR = Path(__file__).parent


def compile_cues(
    data: Mapping[str, Any], keys: Iterable[str], *, flags: int = re.IGNORECASE, anchor_end: bool = False
) -> dict[str, re.Pattern[str]]:
    """The named cues of a language data file, compiled; a list of patterns becomes one alternation.
    ``anchor_end`` anchors a cue that describes what stands right before a word. An optional cue a file
    leaves out (the schema says which may be) matches nothing."""
    out = {}
    for key in keys:
        value = data.get(key, "(?!)")
        pattern = "|".join(f"(?:{p})" for p in value) if isinstance(value, list) else value
        out[key] = re.compile(f"(?:{pattern})$" if anchor_end else pattern, flags)
    return out


class Language:
    """A language the pipeline analyses. Subclasses (one per ``lang/<code>/__init__.py``) set the class
    attributes; an instance owns its grammars and its spaCy model, so two pipelines never share state."""

    code: str = ""  # ISO 639-1, as the language identifier returns it
    model: str = ""  # the spaCy pipeline package, installed by name (never downloaded at run time)
    upper: str = "A-Z"  # regex class body of capital letters: where a sentence may begin
    lower: str = "a-z"  # regex class body of small letters: how a name goes on after its capital
    letters: str = "A-Za-z"  # regex class body of letters: how much of a line is words
    date_order: str = "DMY"  # how a numeric date is written: 03/04/2025 is 3 April in DMY
    syntax_class: type[Syntax] = Syntax

    def __init__(self) -> None:
        self.folder = LANG_DIR / self.code
        self._grammars: dict[type, Any] = {}
        self._nlp = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"

    def data(self, name: str) -> Any:
        """A data file of the pack (``triggers.yaml``...), checked against the schema on first use."""
        key = ("data", name)
        if key not in self._grammars:
            from .schema import check_or_raise

            path = self.folder / name
            if not path.exists():
                raise KnowledgeBaseError(str(path), "missing: every language pack must have this file")
            data = read_yaml(path)
            check_or_raise(path, self.code, name, data)
            self._grammars[key] = data
        return self._grammars[key]

    def window(self, name: str) -> int:
        """A character window of the language (``windows.yaml``): how far a cue may stand from its word."""
        return self.data("windows.yaml")["windows"][name]

    def grammar(self, cls: type) -> Any:
        """The pack's instance of a grammar class (built once from the pack's data: ``cls(self)``)."""
        if cls not in self._grammars:
            self._grammars[cls] = cls(self)
        return self._grammars[cls]

    @cached_property
    def syntax(self) -> Syntax:
        return self.syntax_class(self.data("syntax.yaml"))

    def analyse(self, texts: list[str], needs: frozenset[str]):
        """spaCy docs of ``texts`` with what ``needs`` asks for (``tense``, ``tree``: syntax.yaml's
        ``components``), running only those components and the embedding layers they listen to."""
        nlp = self.nlp()
        keep = {c for need in needs for c in self.syntax.components[need]}
        keep |= {name for name, pipe in nlp.pipeline if set(getattr(pipe, "listening_components", None) or ()) & keep}
        return nlp.pipe(texts, batch_size=64, disable=[name for name in nlp.pipe_names if name not in keep])

    def nlp(self):
        """The spaCy pipeline, loaded on first use without the components no stage reads."""
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(self.model, exclude=["ner", "lemmatizer"])
        return self._nlp


def codes() -> tuple[str, ...]:
    """Languages with a pack: the folders of ``lang/`` holding an ``__init__.py``, in name order."""
    return tuple(sorted(p.parent.name for p in LANG_DIR.glob("*/__init__.py")))


def pack_class(code: str | None) -> type[Language] | None:
    """The pack of language ``code``, or None when no pack analyses it."""
    if code not in codes():
        return None
    module = importlib.import_module(f"{__name__}.{code}")
    return module.LANGUAGE


def pack(code: str) -> Language:
    """A new instance of the pack of ``code``; a code no pack serves is a clear error."""
    cls = pack_class(code)
    if cls is None:
        raise KnowledgeBaseError(f"lang/{code}", f"no language pack (packs: {', '.join(codes()) or 'none'})")
    return cls()


def data_folders() -> tuple[Path, ...]:
    """Every language folder holding data files, packs and data-only folders alike."""
    return tuple(sorted(p for p in LANG_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml"))))
