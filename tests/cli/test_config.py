"""diplograph config and --config: the effective settings, and one line for a bad file."""

import pytest
import yaml

from diplograph.cli import main
from diplograph.config import Config


def plain(value):
    return {k: plain(v) for k, v in value.items()} if hasattr(value, "items") else value


@pytest.fixture
def bad_config(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  fuzzy_name_scor: 90\n", encoding="utf-8")
    return str(path)


def test_config_prints_the_defaults(capsys):
    assert main(["config"]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == plain(Config.load(None).data)


def test_config_prints_an_override_on_the_defaults(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  fuzzy_name_score: 90\ningest:\n  batch: 200\n", encoding="utf-8")
    assert main(["config", "--config", str(path)]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    expected = plain(Config.load(None).data)
    expected["actors"]["fuzzy_name_score"] = 90
    expected["ingest"]["batch"] = 200
    assert printed == expected


@pytest.mark.parametrize(
    "args",
    [
        ["config"],
        ["extract", "--no-parser", "-q"],
        ["ingest", "-q", "--db", "{tmp}/x.sqlite"],
        ["serve", "--db", "{tmp}/x.sqlite", "--port", "0"],
    ],
    ids=lambda a: a[0],
)
def test_config_bad_key_is_one_line_and_exit_1(args, bad_config, tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text("Le président Emmanuel Macron a reçu le chancelier Olaf Scholz à Paris.", encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--config", bad_config]
    if args[0] in {"extract", "ingest"}:
        args.append(str(doc))
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"diplograph: {bad_config}: unknown setting 'actors.fuzzy_name_scor'"]


def test_config_missing_file_is_one_line(tmp_path, capsys):
    assert main(["config", "--config", str(tmp_path / "none.yaml")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"diplograph: {tmp_path / 'none.yaml'}: cannot read")
