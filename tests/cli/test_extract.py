"""diplograph extract over real documents, run as a subprocess (python -m diplograph)."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def run(*args):
    return subprocess.run([sys.executable, "-m", "diplograph", *args], capture_output=True, text=True, check=True)


def test_extract_bundled_sample_prints_one_record_per_document():
    proc = run("extract", str(ROOT / "examples"))
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["appel_kenya", "condamnation", "rubio_jaishankar_call", "visite_rabat"]
    for r in records:
        assert set(r) >= {"doc_id", "language", "title", "published", "contacts", "statements"}
    by_id = {r["doc_id"]: r for r in records}
    assert by_id["condamnation"]["contacts"] == []
    assert by_id["visite_rabat"]["contacts"][0]["host"] == "MAR"
    assert by_id["rubio_jaishankar_call"]["language"] == "en"
    assert [c["medium"] for c in by_id["rubio_jaishankar_call"]["contacts"]] == ["phone", "in_person"]


@pytest.mark.parametrize("reference_date,expected", [(None, None), ("2023-03-18", "2023-03-16")])
def test_extract_reference_date_anchors_relative_dates(reference_date, expected, tmp_path):
    doc = tmp_path / "call.txt"
    doc.write_text(
        "Le président français Emmanuel Macron s'est entretenu jeudi par téléphone avec le chancelier allemand Olaf Scholz.",
        encoding="utf-8",
    )
    options = ["--reference-date", reference_date] if reference_date else []
    record = json.loads(run("extract", *options, str(doc)).stdout)
    assert record["contacts"][0]["date"] == expected


def test_extract_config_file_settings_apply(tmp_path):
    config = tmp_path / "mine.yaml"
    config.write_text("extract:\n  use_parser: false\n", encoding="utf-8")
    without_parser = run("extract", "--no-parser", str(ROOT / "examples")).stdout
    assert run("extract", "--config", str(config), str(ROOT / "examples")).stdout == without_parser


def test_extract_a_failing_document_is_an_error_record_and_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "extract", "--no-parser", str(tmp_path / "empty.txt")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "error" in json.loads(proc.stdout)
    assert proc.stderr.startswith("diplograph: ") and len(proc.stderr.splitlines()) == 1


def test_extract_into_a_pipe_closed_early_stops_quietly(tmp_path):
    text = "Le président Emmanuel Macron a reçu le chancelier Olaf Scholz à Paris le 3 mai 2023."
    corpus = tmp_path / "corpus.jsonl"
    # far more output than a pipe buffer holds, so the writer meets the closed pipe
    corpus.write_text("\n".join(json.dumps({"id": f"d{i}", "text": text}) for i in range(400)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "diplograph", "extract", "--no-parser", str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in stderr
