import json
import subprocess
import sys

import pytest

from conftest import ROOT


def run(*args, check=True):
    return subprocess.run([sys.executable, "-m", "diplograph", *args], capture_output=True, text=True, check=check)


@pytest.mark.parametrize("args", [[], ["extract"], ["eval"], ["kb"], ["kb", "lookup"], ["kb", "validate"]])
def test_cli_help_of_every_command(args):
    out = run(*args, "--help").stdout
    assert out.startswith("usage: diplograph")


def test_cli_extract_bundled_sample_prints_one_record_per_document():
    proc = run("extract", str(ROOT / "examples"))
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["appel_kenya", "condamnation", "visite_rabat"]
    for r in records:
        assert set(r) >= {"doc_id", "language", "title", "published", "contacts", "statements"}
    by_id = {r["doc_id"]: r for r in records}
    assert by_id["condamnation"]["contacts"] == []
    assert by_id["visite_rabat"]["contacts"][0]["host"] == "MAR"


def test_cli_kb_lookup_resolves_title_on_date():
    out = run("kb", "lookup", "le ministre russe des Affaires étrangères", "--on", "2021-11-12").stdout
    assert json.loads(out.splitlines()[0])["id"] == "sergey-lavrov"


def test_cli_reference_date_anchors_relative_dates(tmp_path):
    doc = tmp_path / "call.txt"
    doc.write_text(
        "Le président français Emmanuel Macron s'est entretenu jeudi par téléphone avec le chancelier allemand Olaf Scholz.",
        encoding="utf-8",
    )
    without = json.loads(run("extract", str(doc)).stdout)
    with_ref = json.loads(run("extract", "--reference-date", "2023-03-18", str(doc)).stdout)
    assert without["contacts"][0]["date"] is None
    assert with_ref["contacts"][0]["date"] == "2023-03-16"


def test_cli_extract_into_a_pipe_closed_early_stops_quietly(tmp_path):
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
