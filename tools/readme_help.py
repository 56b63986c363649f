"""Rewrite the README's "Commands" section from the live `--help` of every command.

python tools/readme_help.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def commands(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
    out = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += commands(sub, prefix + [name])
    return out


def main() -> int:
    from diplograph.cli import build_parser

    env = {**os.environ, "COLUMNS": "100"}
    blocks = []
    for cmd in commands(build_parser(), []):
        text = subprocess.run(
            [sys.executable, "-m", "diplograph", *cmd, "--help"], capture_output=True, text=True, check=True, env=env
        ).stdout
        name = " ".join(["diplograph", *cmd])
        blocks.append(f"### {name} --help\n\n```text\n{text.rstrip()}\n```\n")
    readme = README.read_text(encoding="utf-8")
    start = readme.index("## Commands")
    nxt = readme.find("\n## ", start + 1)
    section = "## Commands\n\n" + "\n".join(blocks)
    README.write_text(readme[:start] + section + (readme[nxt:] if nxt != -1 else ""), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
