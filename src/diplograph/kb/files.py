"""Locating and reading the package's data files."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeBaseError

DATA_DIR = Path(__file__).parent / "data"
LANG_DIR = Path(__file__).parent.parent / "lang"

try:  # the C loader is several times faster on the people files
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):
    """A safe loader that refuses a key written twice in one mapping: YAML would keep the last value silently (an
    office with two ``end:`` lines)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} written twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


@cache
def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(str(path), f"cannot read: {' '.join(str(exc).split())}") from exc  # one line
    if not isinstance(data, dict) or "source" not in data:
        raise KnowledgeBaseError(str(path), "a data file must be a mapping with a 'source' key")
    return data


def load_yaml(name: str) -> Any:
    """A file of ``kb/data``."""
    return read_yaml(DATA_DIR / name)


def load_lang_yaml(lang: str, name: str) -> Any:
    """A file of ``lang/<lang>``."""
    return read_yaml(LANG_DIR / lang / name)
