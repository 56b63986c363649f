"""The shape the house style asks for: visible stages checked in order, a Doc each stage adds to once,
pipelines that share no settings, a core that names no language, and modules and functions of a readable size."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

import diplograph
from diplograph import lang
from diplograph.doc import Doc
from diplograph.errors import ConfigError, PipelineError
from diplograph.pipeline import Pipeline
from diplograph.readers import RawDocument
from diplograph.stages.actors import TitleGrammar
from diplograph.stages.dates import DateGrammar

PACKAGE = Path(diplograph.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
CORE = [p for p in MODULES if not p.is_relative_to(PACKAGE / "lang")]

STAGE_NAMES = [
    "clean",
    "language",
    "layout",
    "sentences",
    "actors",
    "dates",
    "speaker",
    "triggers",
    "cues",
    "parses",
    "tenses",
    "contacts",
    "topics",
    "statements",
]


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


# --- stages in order ------------------------------------------------------------------------------


def test_pipeline_stages_are_listed_in_order(pipeline):
    assert [s.name for s in pipeline.stages] == STAGE_NAMES
    assert [i.name for i in pipeline.stage_info] == STAGE_NAMES


def test_pipeline_each_requirement_is_assigned_by_an_earlier_stage(pipeline):
    assigned = {"raw"}
    for stage in pipeline.stages:
        assert isinstance(stage.requires, tuple) and isinstance(stage.assigns, tuple), stage.name
        assert stage.assigns, f"stage {stage.name!r} assigns nothing"
        assert set(stage.requires) <= assigned, (stage.name, set(stage.requires) - assigned)
        assigned |= set(stage.assigns)


class _NeedsDrafts:
    name = "early-reader"
    requires = ("drafts",)
    assigns = ("statements",)

    def __call__(self, doc) -> None:  # pragma: no cover - refused before it runs
        doc.statements = []


def _contacts_before_actors(stages: list) -> list:
    names = [s.name for s in stages]
    reordered = list(stages)
    contacts = reordered.pop(names.index("contacts"))
    reordered.insert(names.index("actors"), contacts)
    return reordered


@pytest.mark.parametrize(
    "reorder,stage,missing",
    [
        (_contacts_before_actors, "contacts", "actors"),
        (lambda stages: [_NeedsDrafts(), *stages[:-1]], "early-reader", "drafts"),
    ],
    ids=["contacts-before-actors", "custom-stage-first"],
)
def test_pipeline_refuses_a_stage_before_what_it_requires(pipeline, reorder, stage, missing):
    with pytest.raises(PipelineError, match=rf"'{re.escape(stage)}' requires .*\b{missing}\b"):
        Pipeline(stages=reorder(list(pipeline.stages)))


def test_pipeline_accepts_its_own_stages_as_a_custom_list(pipeline):
    assert [s.name for s in Pipeline(stages=list(pipeline.stages)).stages] == STAGE_NAMES


# --- the Doc --------------------------------------------------------------------------------------


def test_doc_refuses_a_second_assignment():
    doc = Doc(RawDocument("d", "Texte.", "d"))
    doc.language = "fr"
    with pytest.raises(AttributeError, match="already assigned"):
        doc.language = "en"
    assert doc.language == "fr"


def test_doc_refuses_an_unknown_attribute():
    doc = Doc(RawDocument("d", "Texte.", "d"))
    with pytest.raises(AttributeError, match="nope"):
        doc.nope = 1
    with pytest.raises(AttributeError):
        doc.nope  # noqa: B018 - reading it is what is tested


def test_doc_reads_an_unassigned_attribute_as_none():
    doc = Doc(RawDocument("d", "Texte.", "d"))
    assert doc.drafts is None and not doc.has("drafts")


# --- pipelines side by side -----------------------------------------------------------------------

MISSPELT = "Le ministre marocain des Affaires étrangères, Nasser Bourrita, a déclaré que le Maroc soutenait le plan."


def _people(pipe) -> list[str | None]:
    doc = pipe.annotate(RawDocument("d", MISSPELT, "d", published="2023-01-10"))
    return [m.actor.id for m in doc.actors.mentions if m.actor.is_person]


def test_pipelines_with_different_settings_live_side_by_side(pipeline):
    strict = diplograph.load(config={"actors": {"fuzzy_name_score": 100}})
    for _ in range(2):  # alternately: neither pipeline's settings leak into the other
        assert _people(pipeline) == ["nasser-bourita"]
        assert _people(strict) == [None]


def test_pipelines_own_their_packs_and_grammars(pipeline):
    other = diplograph.load()
    assert other.packs["fr"] is not pipeline.packs["fr"]
    for grammar in (DateGrammar, TitleGrammar):
        assert other.packs["fr"].grammar(grammar) is not pipeline.packs["fr"].grammar(grammar)
    assert other.coder is not pipeline.coder


@pytest.mark.parametrize(
    "config", [{"nope": 1}, {"actors": {"nope": 1}}, {"actors": {"fuzzy_name_score": "high"}}], ids=str
)
def test_load_refuses_an_unknown_or_mistyped_setting(config):
    with pytest.raises(ConfigError):
        diplograph.load(config=config)


# --- the core names no language -------------------------------------------------------------------

# Universal Dependencies relations. Those that are also English words ("case", "mark"...) count only as a
# whole string; the others also as a word inside one ("nsubj|obj").
UD_WORDS = {
    "nsubj", "nsubj:pass", "csubj", "csubj:pass", "obj", "iobj", "obl", "obl:arg", "obl:agent", "obl:mod",
    "nmod", "amod", "advcl", "advmod", "acl", "acl:relcl", "ccomp", "xcomp", "appos", "nummod", "parataxis",
    "expl", "expl:subj", "expl:pass", "expl:comp", "aux:pass", "aux:tense", "aux:caus", "flat:name",
    "flat:foreign", "det:poss", "nmod:poss", "ROOT",
}  # fmt: skip
UD_WHOLE = {"aux", "cop", "case", "mark", "det", "conj", "cc", "dep", "fixed", "flat", "compound", "punct", "root"}


@cache
def _roles() -> frozenset[str]:
    """The Syntax adapter's role names: the core's vocabulary, even where one is spelt like a label ("case")."""
    return frozenset(role for code in lang.codes() for role in lang.pack_class(code)().syntax.roles)


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def language_literals(source: str) -> list[tuple[int, str]]:
    """String constants (not docstrings, not comments) that name a language, a spaCy model or a UD label."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in skip:
            continue
        value = node.value
        words = set(re.findall(r"[A-Za-z]+(?::[a-z]+)?", value))
        if value == "fr" or "fr_core" in value or value.strip() in UD_WHOLE - _roles() or words & UD_WORDS:
            found.append((node.lineno, value))
    return found


def test_language_literals_finds_what_it_looks_for():
    source = (
        '"""Docstring naming "fr" and nsubj."""\n'
        "def f():\n"
        '    """obj here is documentation."""\n'
        '    return {"fr": 1, "x": "nsubj|obj", "y": "ROOT", "z": "fr_core_news_md", "w": "dep"}  # "obl:arg"\n'
        'NOTE = "a case in point, from France"\n'
        'ROLE = syn.child(token, "case")\n'
    )
    assert [v for _line, v in language_literals(source)] == ["fr", "nsubj|obj", "ROOT", "fr_core_news_md", "dep"]


@pytest.mark.parametrize("path", CORE, ids=_rel)
def test_core_module_names_no_language(path):
    found = language_literals(path.read_text(encoding="utf-8"))
    assert not found, f"{_rel(path)}: " + ", ".join(f"line {line}: {value!r}" for line, value in found)


def test_core_modules_are_audited():
    assert len(CORE) > 30 and PACKAGE / "pipeline.py" in CORE and PACKAGE / "lang" / "__init__.py" not in CORE


# --- sizes ----------------------------------------------------------------------------------------

MAX_MODULE_LINES = 550
MAX_FUNCTION_LINES = 80


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_is_short_and_so_are_its_functions(path):
    source = path.read_text(encoding="utf-8")
    lines = len(source.splitlines())
    problems = [f"{lines} lines"] if lines > MAX_MODULE_LINES else []
    problems += [
        f"{node.name} (line {node.lineno}) has {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not problems, f"{_rel(path)}: " + "; ".join(problems)
