"""The store's export tables in-process: columns, codes kept as text, statements, stdout, dynamic GEXF, paging."""

import csv
import io
import json

import pytest

from diplograph.cli import main
from diplograph.store import Filters
from diplograph.store.tables import COLUMNS, STATEMENT_COLUMNS, event_pages, export


def _csv(filled, capsys, table):
    n = export(filled, "csv", "-", table=table)
    return n, capsys.readouterr().out


@pytest.mark.parametrize("table,columns", [("events", COLUMNS), ("statements", STATEMENT_COLUMNS)])
def test_export_tables_csv_columns_and_rows(filled, capsys, table, columns):
    n, out = _csv(filled, capsys, table)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert n == len(rows) > 0 and list(rows[0]) == columns
    assert any(r["evidence_text"] and r["title"] for r in rows)
    assert all(r["evidence_text"] for r in rows if r["title"])  # a stored document quotes its evidence


def test_export_tables_codes_read_back_as_text(filled, capsys):
    import pandas as pd

    _, events = _csv(filled, capsys, "events")
    _, statements = _csv(filled, capsys, "statements")
    codes = {
        c for cell in pd.read_csv(io.StringIO(events), dtype=str)["cameo_codes"].dropna() for c in cell.split("; ")
    }
    assert {"042", "043"} <= codes  # the visitor's and the host's code of a visit, leading zero kept
    frame = pd.read_csv(io.StringIO(statements), dtype={"cameo_code": str})
    assert any(c.startswith("0") for c in frame["cameo_code"].dropna())
    assert any(r["cameo_code"].startswith("0") for r in csv.DictReader(io.StringIO(statements)))


def test_export_tables_statements_parquet_and_jsonl(filled, tmp_path, capsys):
    import pyarrow.parquet as pq

    n = export(filled, "parquet", str(tmp_path / "s.parquet"), table="statements")
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.num_rows == n > 0 and table.schema.field("negated").type == "bool"
    assert all(isinstance(c, str) for c in table.column("cameo_code").drop_null().to_pylist())
    export(filled, "jsonl", "-", Filters(with_="RUS"), table="statements")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all("RUS" in r["source"] + r["target"] for r in rows)


def test_export_tables_events_parquet_keeps_every_code(filled, tmp_path):
    import pyarrow.parquet as pq

    export(filled, "parquet", str(tmp_path / "e.parquet"))
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert any(r["cameo_codes"] == ["042", "043"] and len(r["goldstein"]) == 2 for r in table)


def test_export_tables_dynamic_gexf_dates_edges(filled, tmp_path):
    import networkx as nx

    export(filled, "gexf", str(tmp_path / "g.gexf"))
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text and 'version="1.3"' in text
    g = nx.read_gexf(tmp_path / "g.gexf")
    spells = [s for _, _, d in g.edges(data=True) for s in d.get("spells") or []]
    assert spells and all(len(start) == 10 and start == end for start, end in spells)  # a spell per day met
    assert "spells" not in g.edges["sergey-lavrov", "antony-blinken"]  # an undated call: no day to show
    dated = [d for _, d in g.nodes(data=True) if d.get("start")]
    assert dated and all(d["start"] <= d["end"] for d in dated)


def test_export_tables_pages_cover_the_selection_once_in_order(filled):
    paged = [e["event_id"] for page in event_pages(filled, Filters(), chunk=3) for e, _ in page]
    assert paged == [e["event_id"] for e in filled.query(limit=None)]


def test_export_tables_dash_writes_stdout(filled_file, tmp_path, monkeypatch, capsysbinary):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", filled_file, "--format", "csv", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b'"event_id","date"')
    assert main(["export", "--db", filled_file, "--format", "gexf", "-o", "-"]) == 0
    assert b"<gexf" in capsysbinary.readouterr().out
    assert not (tmp_path / "-").exists()


def test_export_tables_graph_has_no_statements_table(filled_file, capsys):
    assert main(["export", "--db", filled_file, "--format", "gexf", "--table", "statements", "-o", "-"]) == 2
    assert "no --table statements" in capsys.readouterr().err
