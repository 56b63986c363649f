"""The Spark job (diplograph.spark): the same records as `extract`, failures as rows, Parquet input, and an
output that `ingest` loads into the same store as the records it holds. One local[2] session for the module."""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import DEV_EN_DOCS, DEV_FR_DOCS, OWN_DOCS, SEEDS
from diplograph.readers import RawDocument, ReadFailure, read_paths
from test_warc import EN_URL, FR_URL, write_warc

pyspark = pytest.importorskip("pyspark")

FOLDERS = [OWN_DOCS, SEEDS, DEV_FR_DOCS, DEV_EN_DOCS]
BROKEN = '{"id": "broken", "text": "Le ministre a reçu'  # a line cut in the middle


def _texts() -> list[RawDocument]:
    return [d for d in read_paths(FOLDERS) if isinstance(d, RawDocument)]


def _extract(paths) -> list[dict]:
    """What `diplograph extract PATHS` prints, as records."""
    from diplograph.cli import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(["extract", "-q", *map(str, paths)])
    return [json.loads(line) for line in printed.getvalue().splitlines()]


def _table(output: Path, name: str) -> list[dict]:
    import pyarrow as pa
    import pyarrow.dataset as ds

    years = ds.partitioning(pa.schema([("published_year", pa.int32())]), flavor="hive")
    return ds.dataset(output / name, format="parquet", partitioning=years).to_table().to_pylist()


def _records(output: Path) -> list[dict]:
    """The job's output as `extract` prints it, in input order: documents' JSON, and errors."""
    rows = [(r["input_file"], r["input_position"], json.loads(r["record"])) for r in _table(output, "documents")]
    rows += [
        (r["input_file"], r["input_position"], {"doc_id": r["doc_id"], "error": r["error"]})
        for r in _table(output, "errors")
    ]
    return [record for _file, _position, record in sorted(rows, key=lambda r: r[:2])]


@pytest.fixture(scope="module")
def spark():
    from diplograph.spark import session

    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        if os.environ.get("DIPLOGRAPH_REQUIRE_JAVA"):
            pytest.fail("no Java although DIPLOGRAPH_REQUIRE_JAVA is set (apt-get install openjdk-17-jre-headless)")
        pytest.skip("no Java for Spark: apt-get install openjdk-17-jre-headless")

    conf = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", "spark.ui.showConsoleProgress": "false"}
    spark = session("local[2]", "diplograph-tests", conf)
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The project's documents (read from ../shared), a JSON Lines corpus of copies of them (with stated
    dates), a broken line and an id that a file already has, and a WARC archive of two pages: 154 documents,
    two of them failing."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = [
        json.dumps({"id": f"copy-{d.doc_id}", "text": d.text, "published": "2024-05-0" + str(1 + i % 9), "title": None})
        for i, d in enumerate(_texts())
    ]
    lines[3:3] = [BROKEN, json.dumps({"id": "f001", "text": "Le ministre a reçu son homologue."})]
    (folder / "copies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [*FOLDERS, folder / "copies.jsonl", write_warc(folder / "crawl.warc.gz", gz=True)]


@pytest.fixture(scope="module")
def output(spark, corpus, tmp_path_factory) -> tuple[Path, float]:
    """The job's output for the corpus, run as `python -m diplograph.spark ... --master local[2]` would."""
    from diplograph.spark import main

    out = tmp_path_factory.mktemp("spark") / "out"
    start = time.monotonic()
    assert main([*map(str, corpus), str(out), "--master", "local[2]", "-q"]) == 0
    return out, time.monotonic() - start


@pytest.fixture(scope="module")
def extracted(corpus) -> list[dict]:
    return _extract(corpus)


@pytest.mark.slow
def test_spark_gives_the_records_of_extract_record_for_record(output, extracted):
    out, seconds = output
    expected = extracted
    got = _records(out)
    assert len(expected) == 154 and len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == theirs, theirs["doc_id"]
    print(f"{len(expected)} documents in {seconds:.1f} s")


@pytest.mark.slow
def test_spark_broken_json_line_is_an_errors_row_and_the_job_succeeds(output):
    out, _ = output
    errors = {row["doc_id"]: row for row in _table(out, "errors")}
    assert set(errors) == {"copies:4", "f001"}
    assert "broken JSON line" in errors["copies:4"]["error"] and errors["copies:4"]["source"].endswith("copies.jsonl")
    assert errors["f001"]["error"].endswith(f"document id 'f001' already used by {DEV_FR_DOCS / 'f001.txt'}")
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["documents"], manifest["errors"]) == (152, 2)
    urls = {row["doc_id"]: row["url"] for row in _table(out, "documents") if row["url"]}
    assert sorted(urls.values()) == sorted([EN_URL, FR_URL])


@pytest.mark.slow
def test_spark_tables_hold_each_record_and_link_by_id(output):
    """contacts, participants and statements put together again give every document's record."""
    out, _ = output
    documents = {row["doc_id"]: row for row in _table(out, "documents")}
    contacts, statements = {}, {}
    people = {}
    for row in sorted(_table(out, "participants"), key=lambda r: r["position"]):
        people.setdefault(row["contact_id"], []).append(
            {"id": row["actor_id"], **{k: row[k] for k in ("name", "affiliation", "role", "wikidata")}}
        )
    for row in sorted(_table(out, "contacts"), key=lambda r: r["position"]):
        assert row["contact_id"] == f"{row['doc_id']}:c{row['position']}"
        contacts.setdefault(row["doc_id"], []).append(_contact(row, people.get(row["contact_id"], [])))
    for row in sorted(_table(out, "statements"), key=lambda r: r["position"]):
        statements.setdefault(row["doc_id"], []).append(_statement(row))
    assert sum(map(len, contacts.values())) > 100 and sum(map(len, statements.values())) > 100
    for doc_id, row in documents.items():
        record = json.loads(row["record"])
        assert (row["n_contacts"], row["n_statements"]) == (len(record["contacts"]), len(record["statements"]))
        assert contacts.get(doc_id, []) == record["contacts"], doc_id
        assert statements.get(doc_id, []) == record["statements"], doc_id
        assert row["published_year"] == (int(record["published"][:4]) if record["published"] else None)


def _contact(row: dict, participants: list[dict]) -> dict:
    location = {"name": row["location_name"], "country": row["location_country"]} if row["location_name"] else None
    return {
        **{k: row[k] for k in ("medium", "status", "date")},
        "location": location,
        "participants": participants,
        **{k: row[k] for k in ("initiator", "host", "topics", "evidence", "trigger")},
        "plover": {"type": row["plover_type"], "mode": row["plover_mode"]} if row["plover_type"] else None,
        "cameo": [{k: v for k, v in c.items() if v is not None or k != "side"} for c in row["cameo"]],
    }


def _statement(row: dict) -> dict:
    cameo = {k: row[f"cameo_{k}"] for k in ("code", "name", "goldstein", "quad_class")}
    return {
        **{k: row[k] for k in ("type", "source", "target", "topics", "negated")},
        "evidence": {"start": row["evidence_start"], "end": row["evidence_end"]},
        "cue": row["cue"],
        "plover": {"type": row["plover_type"], "mode": row["plover_mode"]} if row["plover_type"] else None,
        "cameo": cameo if row["cameo_code"] else None,
    }


@pytest.mark.slow
def test_spark_reads_a_parquet_dataset_of_id_and_text(spark, tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    from diplograph.spark import run, settings_of

    docs = _texts()[:24]
    rows = {
        "id": [d.doc_id for d in docs] + [None, "empty"],
        "text": [d.text for d in docs] + [docs[0].text, "  "],
        "published": [dt.date(2023, 1, 1 + i) if i % 2 else None for i in range(len(docs) + 2)],
    }
    pq.write_table(pa.table(rows), tmp_path / "corpus.parquet")
    manifest = run(spark, [str(tmp_path / "corpus.parquet")], str(tmp_path / "out"), settings=settings_of())
    assert (manifest["documents"], manifest["errors"]) == (25, 1)
    lines = [
        {"id": i, "text": t, "published": p.isoformat() if p else None}
        for i, t, p in zip(rows["id"], rows["text"], rows["published"], strict=True)
    ]
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    expected = _extract([tmp_path / "corpus.jsonl"])
    got = _records(tmp_path / "out")
    assert len(got) == len(expected) == 26
    for mine, theirs in zip(got, expected, strict=True):  # as a JSON Lines corpus of the same rows
        if "error" in theirs:  # whose message names the file it was read from
            assert mine["error"].endswith("empty 'text'") and theirs["error"].endswith("empty 'text'")
        assert {**mine, "error": None} == {**theirs, "error": None}


@pytest.mark.slow
def test_spark_output_ingests_as_the_records_and_texts_it_holds(output, corpus, extracted, tmp_path):
    """`ingest OUTPUT` stores what `ingest` of extract's JSON Lines (each record with its text) stores:
    the same documents and the same fused events, and again nothing changes."""
    from diplograph.store import Store
    from diplograph.store.ingest import ingest

    out, _ = output
    records = [r for r in extracted if "error" not in r]
    texts = {d.doc_id: d.text for d in read_paths(corpus) if not isinstance(d, ReadFailure)}
    lines = tmp_path / "records.jsonl"
    lines.write_text(
        "".join(json.dumps({**r, "text": texts[r["doc_id"]]}, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    stores, seconds = {}, {}
    for name, path in (("spark", out), ("jsonl", lines)):
        stores[name] = Store(str(tmp_path / f"{name}.sqlite"))
        start = time.monotonic()
        counts = ingest(stores[name], [str(path)])
        seconds[name] = time.monotonic() - start
        assert counts["added"] == 152
    spark, jsonl = stores["spark"], stores["jsonl"]
    assert spark.count() > 50 and spark.query(limit=None) == jsonl.query(limit=None)
    for doc_id in texts:
        a, b = spark.document(doc_id), jsonl.document(doc_id)
        assert (a is None) == (b is None) and (a is None or {**a, "source": None} == {**b, "source": None}), doc_id
    assert ingest(spark, [str(out)])["unchanged"] == 152
    print(f"ingest: Spark output {seconds['spark']:.1f} s, records {seconds['jsonl']:.1f} s")
    for store in stores.values():
        store.close()


# --- planning, without Spark ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given,expected",
    [(["."], ["a/x", "b/x", "y", "c"]), (["b/*", "c.jsonl"], ["x", "y", "c"]), (["*.jsonl", "nope"], ["c", "nope"])],
)
def test_list_inputs_gives_the_files_and_ids_of_read_paths(tmp_path, monkeypatch, given, expected):
    from diplograph.readers import _ids
    from diplograph.spark import list_inputs

    for name in ("a/x.txt", "b/x.txt", "b/y.html", "c.jsonl"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text('{"id": "c", "text": "texte"}' if name == "c.jsonl" else "<p>texte</p>")
    monkeypatch.chdir(tmp_path)
    entries = list_inputs(given)
    ids = _ids([e for e in entries if not isinstance(e, ReadFailure)])
    listed = [e.doc_id if isinstance(e, ReadFailure) else ids[e[1]] for e in entries]
    read = [d.doc_id for d in read_paths([p for g in given for p in (sorted(glob.glob(g)) or [g])])]
    assert listed == read == expected


@pytest.mark.parametrize("parts,expected", [(1, 1), (3, 3), (50, 8)])
def test_plan_deals_units_to_partitions_and_stripes_big_json_lines(tmp_path, monkeypatch, parts, expected):
    import diplograph.spark as job

    monkeypatch.setattr(job, "SLICE_BYTES", 100)
    (tmp_path / "big.jsonl").write_text("x" * 350, encoding="utf-8")  # four stripes
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text("y" * 10 * (i + 1), encoding="utf-8")
    groups = job.plan(job.list_inputs([str(tmp_path)]), parts)
    units = [u for g in groups for u in g]
    assert len(groups) == expected and len(units) == 8
    assert sorted((u[2], u[3], u[4]) for u in units if u[2] == "big") == [("big", k, 4) for k in range(4)]
    assert all(g == sorted(g) for g in groups)


@pytest.mark.parametrize(
    "published,year", [("2024-05-01", 2024), ("2020-06-16T18:56", 2020), (None, None), ("mai 2024", None)]
)
def test_year_of(published, year):
    from diplograph.spark import year_of

    assert year_of(published) == year


def test_spark_command_takes_inputs_output_and_the_job_options():
    import argparse

    from diplograph.cli import spark as command

    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers())
    args = parser.parse_args(
        ["spark", "a/", "b/*.jsonl", "out", "--master", "local[2]", "--partitions", "8", "--no-parser"]
    )
    assert (args.inputs, args.output, args.master, args.partitions, args.no_parser) == (
        ["a/", "b/*.jsonl"],
        "out",
        "local[2]",
        8,
        True,
    )
    assert parser.parse_args(["spark", "a", "out"]).master == "local[*]" and args.run is command.run
