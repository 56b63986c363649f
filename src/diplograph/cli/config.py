"""diplograph config: the effective configuration as YAML, the shipped defaults with --config FILE on top."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from .common import add_config


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "config",
        help="print the effective configuration as YAML",
        description="Print the effective configuration as YAML: the shipped defaults, with the settings of "
        "--config FILE layered on top. Every key that a configuration file may set is listed.",
    )
    add_config(p, help="a YAML file of settings to layer on the shipped defaults")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from ..config import Config

    config = Config.load(args.config)
    yaml.safe_dump(_plain(config.data), sys.stdout, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return 0


def _plain(value: Any) -> Any:
    """Plain dicts for the YAML writer, which does not know a Config's read-only mappings."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value
