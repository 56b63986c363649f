"""The contract of the language data files, and their validation.

``lang/schema.yaml`` says, for every data file a language folder may hold, every key the code reads: its type,
whether it is required, its allowed values, how the code compiles it (docs/lang-format.md is generated from it).
``validate_file`` checks one file's data against it and returns every problem, one line each
(``lang/fr/triggers.yaml: triggers[3].medium: 'tel' is not one of in_person, phone, video, written``);
``check_or_raise`` refuses a file at load with all its problems; ``validate_language`` and
``validate_languages`` check whole folders, including which files a pack or a data-only folder must have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeBaseError

LANG_DIR = Path(__file__).parent
SCHEMA_PATH = LANG_DIR / "schema.yaml"
PACK, DATA_ONLY = "pack", "data-only"

REGEX_TYPES = frozenset({"regex", "regex_list", "regex_or_list"})
STR_TYPES = frozenset({"str", "str_list"})
# the attributes each type may carry, beyond type, meaning, required, nullable and unused
TYPE_ATTRS: dict[str, frozenset[str]] = {
    "str": frozenset({"enum", "form", "lowered", "unique"}),
    "str_list": frozenset({"enum", "form", "lowered"}),
    "regex": frozenset({"flags", "wrap", "lowered", "compile"}),
    "regex_list": frozenset({"flags", "wrap", "lowered", "compile"}),
    "regex_or_list": frozenset({"flags", "wrap", "lowered"}),
    "int": frozenset({"min", "max"}),
    "bool": frozenset(),
    "map": frozenset({"keys", "values"}),
    "record": frozenset({"fields"}),
    "list_of": frozenset({"fields"}),
}
COMMON_ATTRS = frozenset({"type", "meaning", "required", "nullable", "unused"})
EXPECTED = {
    "str": "a string",
    "str_list": "a list of strings",
    "regex": "a regular expression (a string)",
    "regex_list": "a list of regular expressions",
    "regex_or_list": "a regular expression or a list of them",
    "int": "an integer",
    "bool": "true or false",
    "map": "a mapping",
    "record": "a mapping",
    "list_of": "a list of mappings",
}

try:  # the C loader is several times faster
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader
_SIMPLE_KEY = re.compile(r"[\w-]+")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass(frozen=True)
class Spec:
    """What one key holds; ``attrs`` keeps the schema's own wording for the documentation."""

    type: str
    meaning: str
    attrs: Mapping[str, Any]
    required: bool | str = True  # True, False, or "pack": required in a pack, optional in a data-only folder
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    form: re.Pattern[str] | None = None
    lowered: str | None = None  # "pattern" (lowered before compiling) or "text" (matched against lowered text)
    unique: bool = False
    flags: int = 0
    wrap: str = "{}"
    compile: str = "each"  # each | joined | both
    min: int | None = None
    max: int | None = None
    keys: Spec | None = None
    values: Spec | None = None
    fields: Mapping[str, Spec] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSpec:
    name: str
    meaning: str
    required_in: frozenset[str]
    keys: Mapping[str, Spec]  # the common keys (source) first


@dataclass(frozen=True)
class Schema:
    folders: Mapping[str, str]
    files: Mapping[str, FileSpec]

    def required_files(self, kind: str) -> list[str]:
        return [name for name, f in self.files.items() if kind in f.required_in]


# --- loading the schema ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def schema() -> Schema:
    """``lang/schema.yaml``, checked; a broken schema raises ``KnowledgeBaseError`` with all its problems."""
    try:
        with SCHEMA_PATH.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError("lang/schema.yaml", f"cannot read: {exc}") from exc
    return build_schema(raw)


def build_schema(raw: Any) -> Schema:
    problems: list[str] = []
    if not isinstance(raw, dict) or not {"source", "folders", "files", "common"} <= set(raw):
        raise KnowledgeBaseError("lang/schema.yaml", "needs source, folders, common and files")
    folders = dict(raw["folders"])
    common = {k: _spec(v, k, problems) for k, v in raw["common"].items()}
    files = {}
    for name, entry in raw["files"].items():
        required_in = frozenset(entry.get("required_in", [PACK]))
        if not required_in <= set(folders):
            problems.append(f"{name}: required_in {sorted(required_in)} names a folder kind not in folders")
        if not entry.get("meaning"):
            problems.append(f"{name}: has no meaning")
        keys = common | {k: _spec(v, f"{name}: {k}", problems) for k, v in (entry.get("keys") or {}).items()}
        files[name] = FileSpec(name, entry.get("meaning", ""), required_in, keys)
    if problems:
        raise KnowledgeBaseError("lang/schema.yaml", "; ".join(problems))
    return Schema(folders, files)


def _spec(raw: Any, where: str, problems: list[str]) -> Spec:
    if not isinstance(raw, dict) or raw.get("type") not in TYPE_ATTRS:
        problems.append(f"{where}: a spec needs a type, one of {', '.join(TYPE_ATTRS)}")
        return Spec("str", "", {})
    kind = raw["type"]
    extra = set(raw) - COMMON_ATTRS - TYPE_ATTRS[kind]
    if extra:
        problems.append(f"{where}: {kind} takes no {', '.join(sorted(extra))}")
    if not raw.get("meaning"):
        problems.append(f"{where}: has no meaning")
    flags = 0
    if kind in REGEX_TYPES:
        if not isinstance(raw.get("flags"), list):
            problems.append(f"{where}: a regular expression needs flags ([IGNORECASE], or [] for case-sensitive)")
        for name in raw.get("flags") or []:
            if not isinstance(getattr(re.RegexFlag, str(name), None), re.RegexFlag):
                problems.append(f"{where}: unknown flag {name!r}")
            else:
                flags |= getattr(re.RegexFlag, name)
    required = raw.get("required", True)
    if required not in {True, False, PACK}:
        problems.append(f"{where}: required must be true, false or pack")
    if "{}" not in raw.get("wrap", "{}"):
        problems.append(f"{where}: wrap must hold {{}} where the value goes")
    if raw.get("compile", "each") not in {"each", "joined", "both"}:
        problems.append(f"{where}: compile must be each, joined or both")
    if raw.get("lowered") not in {None, "pattern", "text"}:
        problems.append(f"{where}: lowered must be pattern or text")
    if kind == "map" and not ("keys" in raw and "values" in raw):
        problems.append(f"{where}: a map needs keys and values")
    if kind in {"record", "list_of"} and not raw.get("fields"):
        problems.append(f"{where}: a {kind} needs fields")
    form = None
    if "form" in raw:
        try:
            form = re.compile(raw["form"])
        except re.error as exc:
            problems.append(f"{where}: form does not compile: {exc}")
    return Spec(
        type=kind,
        meaning=raw.get("meaning", ""),
        attrs=raw,
        required=required if required == PACK else bool(required),
        nullable=bool(raw.get("nullable", False)),
        enum=tuple(raw["enum"]) if "enum" in raw else None,
        form=form,
        lowered=raw.get("lowered"),
        unique=bool(raw.get("unique", False)),
        flags=flags,
        wrap=raw.get("wrap", "{}"),
        compile=raw.get("compile", "each"),
        min=raw.get("min"),
        max=raw.get("max"),
        keys=_spec(raw["keys"], f"{where} keys", problems) if "keys" in raw else None,
        values=_spec(raw["values"], f"{where} values", problems) if "values" in raw else None,
        fields={k: _spec(v, f"{where}.{k}", problems) for k, v in (raw.get("fields") or {}).items()},
    )


# --- validating data -------------------------------------------------------------------------------------------


def validate_file(path: Path, lang: str, name: str, data: Any, *, pack: bool | None = None) -> list[str]:
    """Every problem of one language data file (``data`` as read from ``path``), one line each, naming the file
    and the key path; an empty list when the file keeps the contract. ``pack``: whether the file belongs to a
    pack (default: whether its folder holds an ``__init__.py``), for the keys only a pack must have."""
    label = _label(path, lang, name)
    spec = schema().files.get(name)
    if spec is None:
        return [f"{label}: unknown data file (lang/schema.yaml has no {name!r})"]
    checker = _Checker(pack if pack is not None else (Path(path).parent / "__init__.py").exists())
    checker.fields(spec.keys, data, "")
    return [f"{label}: {where}: {problem}" if where else f"{label}: {problem}" for where, problem in checker.problems]


def check_or_raise(path: Path, lang: str, name: str, data: Any) -> None:
    """Refuse a pack's file that breaks the contract: ``KnowledgeBaseError`` naming the file, with every
    problem."""
    problems = validate_file(path, lang, name, data, pack=True)
    if problems:
        label = _label(path, lang, name)
        raise KnowledgeBaseError(label, "; ".join(p.removeprefix(f"{label}: ") for p in problems))


def validate_language(folder: Path, pack: bool | None = None) -> list[str]:
    """Every problem of one language folder: files it must have and lacks, files the schema does not know, and
    the problems of each file. A folder is a pack when it holds an ``__init__.py`` (or ``pack`` says so)."""
    folder = Path(folder)
    lang = folder.name
    kind = PACK if (pack if pack is not None else (folder / "__init__.py").exists()) else DATA_ONLY
    label = _label(folder, lang, None)
    present = sorted(p.name for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})
    problems = [
        f"{label}: required data file {name!r} is missing (every {kind} folder has it)"
        for name in schema().required_files(kind)
        if name not in present
    ]
    for name in present:
        path = folder / name
        try:
            with path.open(encoding="utf-8") as fh:
                data = yaml.load(fh, Loader=_Loader)
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{_label(path, lang, name)}: cannot read: {' '.join(str(exc).split())}")
            continue
        problems += validate_file(path, lang, name, data, pack=kind == PACK)
    return problems


def validate_languages(root: Path | None = None) -> list[str]:
    """Every problem of every language folder under ``root`` (default: the package's ``lang/``)."""
    root = Path(root) if root is not None else LANG_DIR
    folders = sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.y*ml")))
    return [problem for folder in folders for problem in validate_language(folder)]


def _error(pattern: str, flags: int) -> str | None:
    """Why ``pattern`` does not compile, or None."""
    try:
        re.compile(pattern, flags)
    except re.error as exc:
        return str(exc)
    return None


def _label(path: Path, lang: str, name: str | None) -> str:
    """``lang/fr/triggers.yaml`` for the package's own files, the full path for a folder elsewhere."""
    try:
        Path(path).resolve().relative_to(LANG_DIR.resolve())
    except ValueError:
        return str(path)
    return f"lang/{lang}/{name}" if name else f"lang/{lang}"


def _child(path: str, key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{path}[{key}]"
    key = str(key)
    step = key if _SIMPLE_KEY.fullmatch(key) else f"[{key!r}]"
    return f"{path}.{step}" if path and not step.startswith("[") else f"{path}{step}"


def _show(value: Any) -> str:
    if value is None:
        return "null"
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "mapping"}
    text = repr(value)
    return f"{kind.get(type(value), type(value).__name__)} {text if len(text) <= 40 else text[:37] + '...'}"


class _Checker:
    """Walks a file's data along its specs, collecting (key path, problem) pairs."""

    def __init__(self, pack: bool) -> None:
        self.pack = pack
        self.problems: list[tuple[str, str]] = []

    def add(self, where: str, problem: str) -> None:
        self.problems.append((where, problem))

    def fields(self, specs: Mapping[str, Spec], data: Any, where: str) -> None:
        """A mapping with fixed keys: a file, a record, an entry of a list."""
        if not isinstance(data, dict):
            self.add(where, f"expected a mapping, got {_show(data)}")
            return
        for key, spec in specs.items():
            if key not in data:
                if spec.required is True or (spec.required == PACK and self.pack):
                    self.add(where, f"required key {key!r} is missing")
                continue
            self.value(spec, data[key], _child(where, key))
        for key in data:
            if key not in specs:
                self.add(where, f"unknown key {key!r}")

    def value(self, spec: Spec, value: Any, where: str) -> None:
        if value is None:
            if not spec.nullable:
                self.add(where, f"expected {EXPECTED[spec.type]}, got null")
            return
        getattr(self, f"_{spec.type}")(spec, value, where)

    def _type_ok(self, spec: Spec, value: Any, where: str, ok: bool) -> bool:
        if not ok:
            self.add(where, f"expected {EXPECTED[spec.type]}, got {_show(value)}")
        return ok

    def _items(self, spec: Spec, value: Any, where: str) -> bool:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if isinstance(value, list) and not ok:
            bad = next(i for i, v in enumerate(value) if not isinstance(v, str))
            self.add(_child(where, bad), f"expected a string, got {_show(value[bad])}")
            return False
        return self._type_ok(spec, value, where, ok)

    # str and str_list --------------------------------------------------------------------------------------
    def _str(self, spec: Spec, value: Any, where: str) -> None:
        if self._type_ok(spec, value, where, isinstance(value, str)):
            self._word(spec, value, where)

    def _str_list(self, spec: Spec, value: Any, where: str) -> None:
        if self._items(spec, value, where):
            for i, item in enumerate(value):
                self._word(spec, item, _child(where, i))

    def _word(self, spec: Spec, value: str, where: str) -> None:
        if spec.enum is not None and value not in spec.enum:
            self.add(where, f"{value!r} is not one of {', '.join(spec.enum)}")
        if spec.form is not None and not spec.form.fullmatch(value):
            self.add(where, f"{value!r} does not have the form {spec.form.pattern}")
        if spec.lowered == "text" and value != value.lower():
            self.add(where, f"{value!r} must be written in lower case (it is matched against lowered text)")

    # regular expressions -----------------------------------------------------------------------------------
    def _regex(self, spec: Spec, value: Any, where: str) -> None:
        if self._type_ok(spec, value, where, isinstance(value, str)):
            self._case(spec, value, where)
            self._compile(spec, [(where, value)])

    def _regex_list(self, spec: Spec, value: Any, where: str) -> None:
        if not self._items(spec, value, where):
            return
        items = [(_child(where, i), p) for i, p in enumerate(value)]
        for item_where, pattern in items:
            self._case(spec, pattern, item_where)
        if spec.compile == "joined":
            self._joined(spec, items, where, name_culprits=True)
        elif self._compile(spec, items) and spec.compile == "both":
            self._joined(spec, items, where, name_culprits=False)

    def _regex_or_list(self, spec: Spec, value: Any, where: str) -> None:
        if isinstance(value, str):
            self._case(spec, value, where)
            self._compile(spec, [(where, value)])
        elif self._items(spec, value, where):
            items = [(_child(where, i), p) for i, p in enumerate(value)]
            for item_where, pattern in items:
                self._case(spec, pattern, item_where)
            self._joined(spec, items, where, name_culprits=True)

    def _joined(self, spec: Spec, items: list[tuple[str, str]], where: str, *, name_culprits: bool) -> None:
        """Patterns the code compiles as one alternation, compiled so. When that fails, the patterns that fail
        alone are the culprits (named when ``name_culprits``, else already reported); when none fails alone,
        the alternation itself is the problem (a group name used twice, a flag not at the start)."""
        try:
            re.compile(self._embed(spec, "|".join(f"(?:{p})" for _w, p in items)), spec.flags)
        except re.error as exc:
            culprits = [(w, p, err) for w, p in items if (err := _error(self._lower(spec, p), spec.flags))]
            for item_where, _p, err in culprits if name_culprits else []:
                self.add(item_where, f"does not compile: {err}")
            if not culprits:
                self.add(where, f"does not compile as one alternation: {exc}")

    def _compile(self, spec: Spec, items: list[tuple[str, str]]) -> bool:
        """Compile each pattern as the code does; True when all compile."""
        ok = True
        for where, pattern in items:
            err = _error(self._embed(spec, pattern), spec.flags)
            if err:
                ok = False
                embedded = spec.wrap != "{}" and not _error(self._lower(spec, pattern), spec.flags)
                self.add(
                    where, f"does not compile: {err}" + (f" (as the code embeds it: {spec.wrap})" if embedded else "")
                )
        return ok

    @staticmethod
    def _lower(spec: Spec, pattern: str) -> str:
        return pattern.lower() if spec.lowered == "pattern" else pattern

    def _embed(self, spec: Spec, pattern: str) -> str:
        return spec.wrap.replace("{}", self._lower(spec, pattern))

    def _case(self, spec: Spec, pattern: str, where: str) -> None:
        if spec.lowered == "pattern":
            for m in _ESCAPE.finditer(pattern):
                if m.group(1).isupper():
                    self.add(where, f"upper-case escape \\{m.group(1)} changes meaning once the pattern is lowered")
        elif spec.lowered == "text":
            bare = _ESCAPE.sub("", pattern)
            if bare != bare.lower():
                self.add(where, f"{pattern!r} must be written in lower case (it is matched against lowered text)")

    # numbers and flags -------------------------------------------------------------------------------------
    def _int(self, spec: Spec, value: Any, where: str) -> None:
        if self._type_ok(spec, value, where, isinstance(value, int) and not isinstance(value, bool)):
            if spec.min is not None and value < spec.min:
                self.add(where, f"{value} is below the minimum {spec.min}")
            if spec.max is not None and value > spec.max:
                self.add(where, f"{value} is above the maximum {spec.max}")

    def _bool(self, spec: Spec, value: Any, where: str) -> None:
        self._type_ok(spec, value, where, isinstance(value, bool))

    # containers --------------------------------------------------------------------------------------------
    def _map(self, spec: Spec, value: Any, where: str) -> None:
        if not self._type_ok(spec, value, where, isinstance(value, dict)):
            return
        assert spec.keys is not None and spec.values is not None
        for key, item in value.items():
            inner = _child(where, key)
            if not isinstance(key, str):
                self.add(where, f"key {key!r} is not a string (quote it)")
                continue
            self.value(spec.keys, key, inner)
            self.value(spec.values, item, inner)

    def _record(self, spec: Spec, value: Any, where: str) -> None:
        self.fields(spec.fields, value, where)

    def _list_of(self, spec: Spec, value: Any, where: str) -> None:
        if not self._type_ok(spec, value, where, isinstance(value, list)):
            return
        seen: dict[str, dict[Any, str]] = {k: {} for k, f in spec.fields.items() if f.unique}
        for i, entry in enumerate(value):
            inner = _child(where, i)
            self.fields(spec.fields, entry, inner)
            for key, first in seen.items():
                item = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(item, str) and item in first:
                    self.add(_child(inner, key), f"{item!r} appears twice (first at {first[item]})")
                elif isinstance(item, str):
                    first[item] = inner
        for key, field_spec in spec.fields.items():
            if field_spec.type == "regex" and field_spec.compile == "both":
                items = [
                    (_child(_child(where, i), key), e[key])
                    for i, e in enumerate(value)
                    if isinstance(e, dict) and isinstance(e.get(key), str)
                ]
                self._joined(field_spec, items, f"{where}[*].{key}", name_culprits=False)
