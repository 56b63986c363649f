"""One configuration: the shipped defaults (``defaults.yaml``) with a user's file or mapping layered on top.

``Config.load(None)`` is the defaults; ``Config.load("my.yaml")`` or ``Config.load({"actors": {...}})`` overrides
the keys it names. Every key must exist in the defaults and keep its type, so a typo is an error, not a setting
silently ignored. A ``Config`` is immutable; pipelines and stores each hold their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import ConfigError

DEFAULTS = Path(__file__).parent / "defaults.yaml"


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    return value


def _merge(base: Mapping, override: Mapping, where: str, path: str = "") -> dict:
    out = dict(base)
    for key, value in override.items():
        dotted = f"{path}{key}"
        if key not in base:
            raise ConfigError(where, f"unknown setting {dotted!r}")
        default = base[key]
        if isinstance(default, Mapping):
            if not isinstance(value, Mapping):
                raise ConfigError(where, f"{dotted!r} must be a mapping")
            out[key] = _merge(default, value, where, f"{dotted}.")
        elif isinstance(default, bool) or not isinstance(default, int | float):
            if type(value) is not type(default):
                raise ConfigError(where, f"{dotted!r} must be {type(default).__name__}, not {value!r}")
            out[key] = value
        else:  # numbers: an int where a float is expected is fine
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(where, f"{dotted!r} must be a number, not {value!r}")
            out[key] = type(default)(value) if isinstance(default, float) else value
            if isinstance(default, int) and not isinstance(value, int):
                raise ConfigError(where, f"{dotted!r} must be a whole number, not {value!r}")
    return out


def _read(path: Path) -> Mapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ConfigError(str(path), "a configuration file must be a mapping")
    return data


@dataclass(frozen=True)
class Config:
    data: Mapping[str, Any]

    @classmethod
    def load(cls, user: Config | Mapping | str | Path | None = None) -> Config:
        if isinstance(user, Config):
            return user
        defaults = dict(_read(DEFAULTS))
        defaults.pop("source", None)
        if user is None:
            return cls(_freeze(defaults))
        if isinstance(user, Mapping):
            override, where = user, "configuration"
        else:
            override, where = _read(Path(user)), str(user)
        return cls(_freeze(_merge(defaults, override, where)))

    def __getitem__(self, section: str) -> Mapping[str, Any]:
        return self.data[section]

    def get(self, dotted: str) -> Any:
        """A setting by its dotted name: ``config.get("actors.fuzzy_name_score")``."""
        value: Any = self.data
        for part in dotted.split("."):
            value = value[part]
        return value

    def with_overrides(self, override: Mapping) -> Config:
        """This configuration with ``override`` layered on top (the same checks as a user's file)."""
        plain = _thaw(self.data)
        return Config(_freeze(_merge(plain, override, "configuration")))


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    return value
