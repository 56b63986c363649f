"""diplograph kb: lookup on a date, and validation of the knowledge base and the language files."""

import importlib
import json

import pytest

from diplograph.cli import main


@pytest.mark.parametrize(
    "text,day,expected",
    [
        ("le ministre russe des Affaires étrangères", "2021-11-12", "sergey-lavrov"),
        ("Sergueï Lavrov", None, "sergey-lavrov"),
    ],
)
def test_kb_lookup_resolves_name_or_title(text, day, expected, capsys):
    assert main(["kb", "lookup", text, *(["--on", day] if day else [])]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == expected


def test_kb_lookup_nothing_found_is_one_line_and_exit_1(capsys):
    assert main(["kb", "lookup", "zzzz qqqq"]) == 1
    assert capsys.readouterr().err == "diplograph: no actor found\n"


def test_kb_validate_succeeds_on_the_shipped_data(capsys):
    assert main(["kb", "validate"]) == 0
    captured = capsys.readouterr()
    assert "people: all files valid" in captured.out
    # the tenure checks' warnings (kb/checks.py) are listed, one per line, and fail only --strict
    assert all(line.startswith("diplograph: warning: people/") for line in captured.err.splitlines())


def test_kb_validate_reports_every_language_problem(monkeypatch, capsys):
    schema = importlib.import_module("diplograph.lang.schema")
    problems = ["lang/fr/dates.yaml: months: 'janvier' appears twice", "lang/en/syntax.yaml: unknown key 'verbz'"]
    monkeypatch.setattr(schema, "validate_languages", lambda: problems)
    assert main(["kb", "validate"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[:2] == [f"diplograph: {p}" for p in problems]
