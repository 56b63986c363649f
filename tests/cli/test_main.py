"""The command line as a whole: every command's --help, domain errors as one line, python -m diplograph."""

import subprocess
import sys

import pytest

from diplograph.cli import main

COMMANDS = [
    [],
    ["extract"],
    ["eval"],
    ["ingest"],
    ["query"],
    ["export"],
    ["explain"],
    ["serve"],
    ["kb"],
    ["kb", "lookup"],
    ["kb", "validate"],
    ["config"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "diplograph")
def test_main_help_of_every_command(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(" ".join(["usage: diplograph", *args]))


@pytest.mark.parametrize(
    "command,has_config",
    [("extract", True), ("ingest", True), ("serve", True), ("config", True), ("eval", False), ("query", False)],
)
def test_main_config_option_where_settings_apply(command, has_config, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert ("--config FILE" in capsys.readouterr().out) is has_config


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["nonsense"],
        ["extract"],
        ["kb"],
        ["extract", "--reference-date", "12/03/2023", "x.txt"],
        ["query", "--from", "May"],
    ],
)
def test_main_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "usage: diplograph" in capsys.readouterr().err


def test_main_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "diplograph", "--version"], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout.strip()) == (0, "diplograph 0.1.0")
