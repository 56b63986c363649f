"""diplograph ingest: the store reports through callbacks, the command prints (errors, progress, summary)."""

import importlib
import subprocess
import sys

import pytest

from conftest import ROOT
from diplograph.cli import main


@pytest.fixture
def fake_ingest(monkeypatch):
    """The store's ingest replaced by one that reports the given outcomes and problems."""
    calls = {}

    def install(outcomes, problems=()):
        def ingest(store, paths, *, batch=50, use_parser=True, config=None, on_document=None, on_error=None, **kw):
            calls.update(paths=list(paths), batch=batch, use_parser=use_parser, config=config)
            counts = dict.fromkeys(["added", "replaced", "unchanged", "failed"], 0)
            for message in problems:
                on_error(message)
            for n, outcome in enumerate(outcomes):
                on_document(f"d{n}", outcome)
                counts[outcome] += 1
            return counts

        monkeypatch.setattr(importlib.import_module("diplograph.store.ingest"), "ingest", ingest)
        return calls

    return install


@pytest.mark.parametrize(
    "outcomes,problems,status,summary",
    [
        (["added", "added", "unchanged"], [], 0, "2 added, 0 replaced, 1 unchanged, 0 failed"),
        (["added", "failed"], ["a.txt: empty file"], 2, "1 added, 0 replaced, 0 unchanged, 1 failed"),
        (["replaced"], [], 0, "0 added, 1 replaced, 0 unchanged, 0 failed"),
    ],
)
def test_ingest_prints_problems_and_a_summary(outcomes, problems, status, summary, fake_ingest, tmp_path, capsys):
    fake_ingest(outcomes, problems)
    assert main(["ingest", "--db", str(tmp_path / "x.sqlite"), "doc.txt"]) == status
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert err[:-1] == [f"diplograph: {p}" for p in problems]
    assert err[-1].startswith(summary + "; 0 events in ")


def test_ingest_quiet_prints_only_problems(fake_ingest, tmp_path, capsys):
    fake_ingest(["failed"], ["a.txt: empty file"])
    assert main(["ingest", "-q", "--db", str(tmp_path / "x.sqlite"), "a.txt"]) == 2
    assert capsys.readouterr().err == "diplograph: a.txt: empty file\n"


@pytest.mark.parametrize(
    "options,expected",
    [
        ([], {"batch": 50, "use_parser": None, "config": None}),  # None: as the configuration says
        (["--batch", "0", "--no-parser"], {"batch": 1, "use_parser": False, "config": None}),
        (["--config", "{tmp}/mine.yaml"], {"batch": 200, "use_parser": None, "config": "{tmp}/mine.yaml"}),
        (
            ["--batch", "7", "--config", "{tmp}/mine.yaml"],
            {"batch": 7, "use_parser": None, "config": "{tmp}/mine.yaml"},
        ),
    ],
)
def test_ingest_passes_its_options_to_the_store(options, expected, fake_ingest, tmp_path):
    (tmp_path / "mine.yaml").write_text("ingest:\n  batch: 200\n", encoding="utf-8")
    calls = fake_ingest([])
    options = [o.replace("{tmp}", str(tmp_path)) for o in options]
    assert main(["ingest", "-q", "--db", str(tmp_path / "x.sqlite"), *options, "a", "b"]) == 0
    expected = {k: v.replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v for k, v in expected.items()}
    assert calls == {"paths": ["a", "b"], **expected}


@pytest.mark.slow
def test_ingest_bundled_sample_then_query(tmp_path):
    db = str(tmp_path / "x.sqlite")
    cmd = [sys.executable, "-m", "diplograph"]
    first = subprocess.run(
        [*cmd, "ingest", "--no-parser", "--db", db, str(ROOT / "examples")], capture_output=True, text=True
    )
    again = subprocess.run(
        [*cmd, "ingest", "--no-parser", "--db", db, str(ROOT / "examples")], capture_output=True, text=True
    )
    assert (first.returncode, again.returncode) == (0, 0)
    assert first.stderr.startswith("4 added, 0 replaced, 0 unchanged, 0 failed; ")
    assert again.stderr.startswith("0 added, 0 replaced, 4 unchanged, 0 failed; ")
    table = subprocess.run([*cmd, "query", "--db", db], capture_output=True, text=True, check=True).stdout
    assert table.startswith("date        medium     event")
