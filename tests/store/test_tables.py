"""The store's exports through `diplograph export`: every format, and a selection."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # each test runs the command in a subprocess


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl", "plover", "cameo", "graphml", "gexf"])
def test_export_formats(fmt, filled_file, tmp_path):
    out = tmp_path / f"out.{fmt}"
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "export", "--db", filled_file, "--format", fmt, "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert "sergey-lavrov" in {i for ids in table.column("participant_ids").to_pylist() for i in ids}
    elif fmt in {"graphml", "gexf"}:
        import networkx as nx

        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
        lavrov = "sergey-lavrov"
        assert {"josep-borrell", "antony-blinken"} <= set(g.neighbors(lavrov))
        edge = g.edges[lavrov, "antony-blinken"]
        assert int(edge["weight"]) >= 1 and g.nodes[lavrov]["affiliation"] == "RUS"
    else:
        text = out.read_text(encoding="utf-8")
        assert "sergey-lavrov" in text or "RUS" in text
        if fmt == "cameo":
            assert text.splitlines()[0].startswith("date\tsource\ttarget\tcameo_code")
            assert any(line.split("\t")[9] == "statement" for line in text.splitlines()[1:])


def test_export_selection(filled_file, tmp_path):
    out = tmp_path / "eu.jsonl"
    subprocess.run(
        [sys.executable, "-m", "diplograph", "export", "--db", filled_file, "--with", "EU", "--format", "jsonl"]
        + ["-o", str(out)],
        check=True,
        capture_output=True,
    )
    events = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert events and all(any(p["affiliation"] == "EU" for p in e["participants"]) for e in events)
