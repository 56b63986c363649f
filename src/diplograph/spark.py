"""The Spark job: extract a corpus on a cluster into one Parquet dataset per table.

    diplograph spark corpus/ out/ --master local[2]                     # the command (cli/spark.py)
    spark-submit "$(python -c 'import diplograph.spark as s; print(s.__file__)')" corpus/ out/   # a cluster
    python -m diplograph.spark corpus/ out/ --master yarn               # the same, in client mode

The driver lists the input files (or reads a Parquet dataset of ``id`` and ``text``) and deals them out to
partitions, largest first, a JSON Lines file bigger than ``SLICE_BYTES`` split into stripes of its lines. Each
executor Python process loads the pipeline once (``pipeline_for``, a module-level cache) and streams its
partition's documents through ``Pipeline.pipe`` in ``mapPartitions``; a document that fails is an error
row, never a failed job. The driver then turns the records into the tables, each partitioned by
``published_year`` (null when the document states no date), and writes ``manifest.json`` beside them:

- ``documents``: one row per record, with ``record``, the record's JSON exactly as ``extract`` prints it, and
  ``text``, the text its offsets point into; ``content_hash`` is what ``ingest`` compares.
- ``contacts`` (``contact_id`` = ``doc_id:cN``), ``participants`` (by ``contact_id`` and ``position``),
  ``statements`` (``statement_id`` = ``doc_id:sN``): the records' contents as columns, evidence offsets kept.
- ``errors``: one row per document that could not be read or extracted, with extract's message.

Files are read by the executors through ``diplograph.readers``: every executor must see them at the same path.
Document ids are those ``extract`` gives; a repeated id is an error for every later copy. ``read_output`` reads
an output back, for ``ingest``.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
import heapq
import json
import math
import os
import re
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplograph import __version__
from diplograph.errors import DiplographError, InputError
from diplograph.readers import (
    JSONL_SUFFIXES,
    SUPPORTED,
    RawDocument,
    ReadFailure,
    _ids,
    _walk,
    display,
    read_file,
    read_paths,
    without_surrogates,
)

TABLES = ("documents", "contacts", "participants", "statements", "errors")
YEAR = "published_year"
FORMAT = "diplograph-spark"
SLICE_BYTES = 200_000  # a JSON Lines file is read by one task per this many bytes (a few dozen documents)
PARTS_PER_CORE = 3  # partitions per core by default, so that a slow one does not hold the others up

# The record as ``extract`` prints it (shared spec OUTPUT.md), for Spark's from_json.
_EVIDENCE = "struct<`start`:int,`end`:int>"
_CAMEO = "struct<code:string,name:string,goldstein:double,quad_class:int,side:string>"
_PLOVER = "struct<type:string,mode:string>"
_ACTOR = "struct<id:string,name:string,affiliation:string,role:string,wikidata:string>"
_CONTACT = (
    "struct<medium:string,status:string,date:string,location:struct<name:string,country:string>,"
    f"participants:array<{_ACTOR}>,initiator:string,host:string,topics:array<string>,"
    f"evidence:array<{_EVIDENCE}>,trigger:string,plover:{_PLOVER},cameo:array<{_CAMEO}>>"
)
_STATEMENT = (
    "struct<type:string,source:array<string>,target:array<string>,topics:array<string>,negated:boolean,"
    f"evidence:{_EVIDENCE},cue:string,plover:{_PLOVER},cameo:{_CAMEO}>"
)
RECORD_SCHEMA = (
    "struct<doc_id:string,language:string,title:string,published:string,"
    f"contacts:array<{_CONTACT}>,statements:array<{_STATEMENT}>>"
)
# One row per input document, as the executors return it; ``record`` is null for a failure.
RESULT_SCHEMA = (
    "input_file int, input_position int, doc_id string, source string, url string, was_read boolean, "
    "record string, text string, content_hash string, published_year int, error string"
)


@dataclass(frozen=True)
class Settings:
    """What an executor needs to load the same pipeline as the driver: plain values, pickled to each task."""

    use_parser: bool | None = None
    reference_date: str | None = None
    config: Mapping[str, Any] | None = None  # the whole configuration, read on the driver
    max_bytes: int = 10 * 1024 * 1024

    @property
    def key(self) -> str:
        return json.dumps([self.use_parser, self.reference_date, self.config], sort_keys=True, default=str)


_PIPELINES: dict[str, Any] = {}  # settings -> pipeline, one per executor Python process


def pipeline_for(settings: Settings):
    """The pipeline of ``settings``, loaded once per Python process (Spark reuses its Python workers)."""
    if settings.key not in _PIPELINES:
        import diplograph

        pipeline = diplograph.load(settings.reference_date, settings.use_parser, settings.config, lazy=True)
        pipeline.warm()
        _PIPELINES[settings.key] = pipeline
    return _PIPELINES[settings.key]


# --- the executors' side ---------------------------------------------------------------------------


def extract_partition(items: Iterable[tuple[int, int, RawDocument | ReadFailure]], settings: Settings):
    """Result rows (``RESULT_SCHEMA``) of numbered documents, in their order, through one streaming pipe."""
    from diplograph.records import ErrorRecord
    from diplograph.store.write import content_hash

    pending: deque = deque()

    def documents():
        for index, position, item in items:
            pending.append((index, position, item))
            yield item

    for record in pipeline_for(settings).pipe(documents()):
        index, position, item = pending.popleft()
        raw = item if isinstance(item, RawDocument) else None
        source = raw.source if raw else item.error.source
        head = (index, position, record.doc_id, source, raw and raw.url, raw is not None)
        if isinstance(record, ErrorRecord):
            yield (*head, None, None, None, year_of(raw and raw.published), record.error)
            continue
        line = json.dumps(record.to_dict(), ensure_ascii=False)
        digest = content_hash(raw.doc_id, raw.text, raw.published, raw.title)  # what ingest hashes of a text
        yield (*head, line, raw.text, digest, year_of(record.published), None)


def file_items(groups: Iterable[list[tuple]], max_bytes: int) -> Iterator[tuple[int, int, RawDocument | ReadFailure]]:
    """The documents of a partition's files: (file index, position in the file, document). A unit is a file,
    or one stripe of a JSON Lines file (every ``parts``-th document from ``part``), or a listing failure."""
    for group in groups:
        for index, path, doc_id, part, parts, failure in group:
            if failure is not None:
                yield index, 0, ReadFailure(doc_id, InputError(*failure))
                continue
            for position, item in enumerate(read_file(Path(path), max_bytes, doc_id)):
                if position % parts == part:
                    yield index, position, item


def row_items(rows: Iterable[tuple[tuple, int]], source: str) -> Iterator[tuple[int, int, RawDocument | ReadFailure]]:
    """The documents of Parquet rows ``((id, text, published, title, url), row index)``, read as a JSON Lines
    corpus's lines are: a row without text is a failure, a row without id gets ``name:row``."""
    name = display(Path(source.rstrip("/")).stem) or "row"
    for (given, text, published, title, url), index in rows:
        n = index + 1
        doc_id = without_surrogates(str(given)) if given not in (None, "") else f"{name}:{n}"
        if not isinstance(text, str) or not text.strip():
            yield 0, index, ReadFailure(doc_id, InputError(source, "empty 'text'", n))
            continue
        extra = {
            k: without_surrogates(v) if v else None
            for k, v in zip(("published", "title", "url"), (published, title, url), strict=True)
        }
        yield 0, index, RawDocument(doc_id, without_surrogates(text), f"{source}:{n}", **extra)


def year_of(published: str | None) -> int | None:
    match = re.match(r"(\d{4})", published or "")
    return int(match.group(1)) if match else None


# --- the driver's side: planning ----------------------------------------------------------------------


def list_inputs(inputs: Iterable[str]) -> list[tuple[Path, Path] | ReadFailure]:
    """(folder given, file) for every file under ``inputs`` in ``read_paths``'s order, and its failures; a
    glob pattern stands for the paths it matches."""
    entries: list[tuple[Path, Path] | ReadFailure] = []
    for given in inputs:
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else []
        for path in map(Path, matches or [given]):
            found = [item if isinstance(item, ReadFailure) else (path, item) for item in _walk(path)]
            if not path.exists() or (path.is_dir() and not found):
                entries.extend(read_paths([path]))  # its failure, in read_paths's words (nothing to read)
            else:
                entries.extend(found if path.is_dir() else [(path, path)])
    return entries


def plan(entries: list[tuple[Path, Path] | ReadFailure], partitions: int) -> list[list[tuple]]:
    """Units of work dealt out to at most ``partitions`` groups, largest first to the lightest group (by
    bytes), each group in input order. A unit is (file index, path, doc id, part, parts, failure)."""
    ids = _ids([e for e in entries if not isinstance(e, ReadFailure)])
    units = []
    for index, entry in enumerate(entries):
        if isinstance(entry, ReadFailure):
            error = entry.error
            units.append((1.0, (index, None, entry.doc_id, 0, 1, (error.source, error.problem, error.line))))
            continue
        path = entry[1]
        try:
            size = max(path.stat().st_size, 1)
        except OSError:
            size = 1  # the executor reports what is wrong with it
        parts = math.ceil(size / SLICE_BYTES) if path.suffix.lower() in JSONL_SUFFIXES else 1
        units += [(size / parts, (index, str(path), ids[path], part, parts, None)) for part in range(parts)]
    groups: list[list[tuple]] = [[] for _ in range(max(1, min(partitions, len(units))))]
    heap = [(0.0, i) for i in range(len(groups))]
    for weight, unit in sorted(units, key=lambda u: -u[0]):
        load, i = heapq.heappop(heap)
        groups[i].append(unit)
        heapq.heappush(heap, (load + weight, i))
    return [sorted(g) for g in groups if g]


def is_parquet(given: str) -> bool:
    """A Parquet dataset: a URI Spark reads (hdfs://, s3a://...), a .parquet file, or a folder of them."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", given) and not given.startswith("file://"):
        return True
    path = Path(given.removeprefix("file://"))
    if path.is_file():
        return path.suffix.lower() == ".parquet"
    if not path.is_dir():
        return False
    names = [f.lower() for _d, _s, files in os.walk(path) for f in files]
    return any(n.endswith(".parquet") for n in names) and not any(Path(n).suffix in SUPPORTED for n in names)


# --- the driver's side: the job -----------------------------------------------------------------------


def session(master: str | None = None, app_name: str = "diplograph", conf: Mapping[str, str] | None = None):
    """A SparkSession; ``master`` None keeps what spark-submit or the Spark defaults give."""
    builder = _pyspark().SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    own_jvm = "PYSPARK_GATEWAY_PORT" not in os.environ  # not started by spark-submit: local unless told
    if (master or "local").startswith("local") and own_jvm:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers import this diplograph
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def active_session():
    """The SparkSession already running in this process, or None."""
    return _pyspark().SparkSession.getActiveSession()


def _pyspark():
    try:
        import pyspark.sql
    except ImportError as exc:
        raise DiplographError("the Spark job needs PySpark: pip install 'diplograph[spark]'") from exc
    return pyspark.sql


def settings_of(use_parser: bool | None = None, reference_date=None, config=None) -> Settings:
    """The executors' settings, the configuration read (and checked) here on the driver."""
    from diplograph.config import Config

    loaded = Config.load(config)
    plain = json.loads(json.dumps(loaded.data, default=dict))
    if isinstance(reference_date, dt.date):
        reference_date = reference_date.isoformat()
    return Settings(use_parser, reference_date, plain, loaded.get("extract.max_file_bytes"))


def run(
    spark,
    inputs: list[str],
    output: str,
    *,
    partitions: int | None = None,
    settings: Settings | None = None,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Extract ``inputs`` (files, folders and globs, or one Parquet dataset) into the tables under ``output``;
    returns the manifest written beside them (counts of documents and errors, seconds taken)."""
    from pyspark import StorageLevel

    settings = settings or settings_of()
    start = time.monotonic()
    fs, root = _filesystem(spark, output)
    if fs.exists(root) and not overwrite:
        raise DiplographError(f"{output} already exists (--overwrite replaces it)")
    partitions = partitions or spark.sparkContext.defaultParallelism * PARTS_PER_CORE
    # extracted once, kept (spilling to disk) while the tables are cut from it
    extracted = _results(spark, inputs, partitions, settings).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = _write_tables(_without_repeated_ids(extracted), output, "overwrite" if overwrite else "errorifexists")
    finally:
        extracted.unpersist()
    manifest = {
        "format": FORMAT,
        "version": 1,
        "diplograph": __version__,
        "tables": list(TABLES),
        "inputs": list(inputs),
        "use_parser": settings.use_parser,
        "reference_date": settings.reference_date,
        **counts,
        "seconds": round(time.monotonic() - start, 1),
    }
    stream = fs.create(spark.sparkContext._jvm.org.apache.hadoop.fs.Path(root, "manifest.json"), True)
    stream.write(bytearray(json.dumps(manifest, indent=1).encode("utf-8")))
    stream.close()
    return manifest


def _filesystem(spark, output: str):
    """The Hadoop file system of ``output`` and its path there (local, HDFS, S3: whatever Spark writes to)."""
    jvm = spark.sparkContext._jvm
    root = jvm.org.apache.hadoop.fs.Path(output)
    return root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), root


def _results(spark, inputs: list[str], partitions: int, settings: Settings):
    """The result rows of every input document (``RESULT_SCHEMA``), extracted by the executors."""
    if len(inputs) == 1 and is_parquet(inputs[0]):
        rows = _parquet_rows(spark, inputs[0]).zipWithIndex().repartition(partitions)
        items = functools.partial(row_items, source=inputs[0])
    else:
        groups = plan(list_inputs(inputs), partitions)
        rows = spark.sparkContext.parallelize(groups, max(1, len(groups)))  # one group per partition
        items = functools.partial(file_items, max_bytes=settings.max_bytes)
    extract = functools.partial(_extract, items=items, settings=settings)
    return spark.createDataFrame(rows.mapPartitions(extract), RESULT_SCHEMA)


def _extract(partition, items, settings):
    return extract_partition(items(partition), settings)


def _parquet_rows(spark, given: str):
    """(id, text, published, title, url) of a Parquet dataset's rows, dates as ISO text."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType, TimestampNTZType, TimestampType

    frame = spark.read.parquet(given)
    types = dict((f.name, f.dataType) for f in frame.schema.fields)
    missing = {"id", "text"} - set(types)
    if missing:
        raise DiplographError(
            f"{given}: a Parquet input needs the columns id and text (missing: {', '.join(sorted(missing))})"
        )

    def text(name: str):
        kind = types.get(name)
        if kind is None:
            return F.lit(None).cast("string")
        if isinstance(kind, TimestampType | TimestampNTZType):
            return F.date_format(F.col(name), "yyyy-MM-dd'T'HH:mm")
        return F.date_format(F.col(name), "yyyy-MM-dd") if isinstance(kind, DateType) else F.col(name).cast("string")

    columns = [F.col("id").cast("string"), F.col("text").cast("string"), *map(text, ("published", "title", "url"))]
    return frame.select(*columns).rdd.map(tuple)


def _without_repeated_ids(results):
    """The results with every document whose id an earlier one (in input order) has made an error, as
    ``read_paths`` makes it. Only the ids are shuffled to find them."""
    from pyspark.sql import functions as F

    read = results.filter("was_read")
    repeated = read.groupBy("doc_id").count().filter("count > 1").select("doc_id")
    over = "OVER (PARTITION BY doc_id ORDER BY input_file, input_position)"
    later = (
        read.join(F.broadcast(repeated), "doc_id")
        .selectExpr(
            "input_file",
            "input_position",
            f"row_number() {over} AS rank",
            "concat(source, ': document id ', char(39), doc_id, char(39), ' already used by ', "
            f"first(source) {over}) AS repeat",
        )
        .filter("rank > 1")
    )
    repeats = later.drop("rank").collect()  # the job that extracts (the first action); almost always none
    if not repeats:
        return results
    repeats = results.sparkSession.createDataFrame(repeats, "input_file int, input_position int, repeat string")
    joined = results.join(F.broadcast(repeats), ["input_file", "input_position"], "left")
    kept = {c: F.when(F.col("repeat").isNull(), F.col(c)) for c in ("record", "text", "content_hash")}
    return joined.withColumns({**kept, "error": F.coalesce("repeat", "error")}).drop("repeat")


# --- the driver's side: the tables --------------------------------------------------------------------


# Each table's columns, as Spark SQL over the parsed record: ``rec`` (a document), ``c`` (its contact at ``i``),
# ``a`` (that contact's participant at ``j``), ``s`` (its statement at ``i``); positions count from 1.
DOCUMENT_COLUMNS = (
    "doc_id", "rec.language AS language", "rec.title AS title", "rec.published AS published", YEAR, "url",
    "source", "size(rec.contacts) AS n_contacts", "size(rec.statements) AS n_statements", "content_hash", "text",
    "record", "input_file", "input_position",
)  # fmt: skip
CONTACT_COLUMNS = (
    "contact_id", "doc_id", "i + 1 AS position", "c.medium AS medium", "c.status AS status", "c.date AS date",
    "c.location.name AS location_name", "c.location.country AS location_country", "c.initiator AS initiator",
    "c.host AS host", "c.topics AS topics", "c.evidence AS evidence", "c.trigger AS trigger",
    "c.plover.type AS plover_type", "c.plover.mode AS plover_mode", "c.cameo AS cameo",
    "size(c.participants) AS n_participants", YEAR,
)  # fmt: skip
PARTICIPANT_COLUMNS = (
    "contact_id", "doc_id", "j + 1 AS position", "a.id AS actor_id", "a.name AS name",
    "a.affiliation AS affiliation", "a.role AS role", "a.wikidata AS wikidata", YEAR,
)  # fmt: skip
STATEMENT_COLUMNS = (
    "concat(doc_id, ':s', i + 1) AS statement_id", "doc_id", "i + 1 AS position", "s.type AS type",
    "s.source AS source", "s.target AS target", "s.topics AS topics", "s.negated AS negated",
    "s.evidence.start AS evidence_start", "s.evidence.end AS evidence_end", "s.cue AS cue",
    "s.plover.type AS plover_type", "s.plover.mode AS plover_mode", "s.cameo.code AS cameo_code",
    "s.cameo.name AS cameo_name", "s.cameo.goldstein AS cameo_goldstein", "s.cameo.quad_class AS cameo_quad_class",
    YEAR,
)  # fmt: skip
ERROR_COLUMNS = ("doc_id", "source", "error", "input_file", "input_position", YEAR)


def tables(results) -> dict[str, Any]:
    """The five tables (DataFrames) of the result rows; ids link participants to contacts to documents."""
    docs = results.filter("record IS NOT NULL").selectExpr("*", f"from_json(record, '{RECORD_SCHEMA}') AS rec")
    contact = docs.selectExpr("doc_id", YEAR, "posexplode(rec.contacts) AS (i, c)")
    contact = contact.selectExpr("*", "concat(doc_id, ':c', i + 1) AS contact_id")
    actor = contact.selectExpr("contact_id", "doc_id", YEAR, "posexplode(c.participants) AS (j, a)")
    said = docs.selectExpr("doc_id", YEAR, "posexplode(rec.statements) AS (i, s)")
    return {
        "documents": docs.selectExpr(*DOCUMENT_COLUMNS),
        "contacts": contact.selectExpr(*CONTACT_COLUMNS),
        "participants": actor.selectExpr(*PARTICIPANT_COLUMNS),
        "statements": said.selectExpr(*STATEMENT_COLUMNS),
        "errors": results.filter("record IS NULL").selectExpr(*ERROR_COLUMNS),
    }


def _write_tables(results, output: str, mode: str) -> dict[str, int]:
    """Each table as a Parquet dataset ``output/<table>``, partitioned by publication year; their rows."""
    parsed = results.selectExpr("record IS NULL AS failed", f"from_json(record, '{RECORD_SCHEMA}') AS rec")
    sums = {
        "documents": "count_if(NOT failed)",
        "contacts": "sum(size(rec.contacts))",
        "participants": "sum(aggregate(rec.contacts, 0, (n, c) -> n + size(c.participants)))",
        "statements": "sum(size(rec.statements))",
        "errors": "count_if(failed)",
    }
    counts = parsed.selectExpr(*[f"coalesce({sql}, 0) AS {name}" for name, sql in sums.items()]).first().asDict()
    for name, frame in tables(results).items():
        writer = frame.write.mode(mode)
        # an empty table is one empty file that keeps the schema (partitioned, Spark would write none)
        writer = writer.partitionBy(YEAR) if counts[name] else writer
        writer.parquet(f"{output.rstrip('/')}/{name}")
    return {name: int(n) for name, n in counts.items()}


# --- reading an output back -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """One document of a Spark output: its record (None for a failure), text, content hash, source, error."""

    doc_id: str
    record: dict[str, Any] | None
    text: str | None
    digest: str | None
    source: str | None
    error: str | None = None


def is_output(path: str | Path) -> bool:
    """Whether ``path`` is a folder this job wrote (its manifest says so)."""
    manifest = Path(path) / "manifest.json"
    try:
        return manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError):
        return False


def read_output(path: str | Path, batch_size: int = 1000) -> Iterator[Stored]:
    """The errors, then the documents, of a Spark output (pyarrow only: no Spark needed), in batches."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    years = ds.partitioning(pa.schema([(YEAR, pa.int32())]), flavor="hive")  # all null: nothing to infer from

    columns = {
        "errors": ["doc_id", "source", "error"],
        "documents": ["doc_id", "record", "text", "content_hash", "source"],
    }
    for table, names in columns.items():
        folder = Path(path) / table
        if not folder.is_dir():
            continue  # a table with no row at all: Spark writes nothing
        dataset = ds.dataset(folder, format="parquet", partitioning=years)
        for batch in dataset.to_batches(columns=names, batch_size=batch_size):
            for row in batch.to_pylist():
                if table == "errors":
                    yield Stored(row["doc_id"], None, None, None, row["source"], row["error"])
                else:
                    record = json.loads(row["record"])
                    yield Stored(row["doc_id"], record, row["text"], row["content_hash"], row["source"])


# --- spark-submit and python -m diplograph.spark ----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """The job as a program: ``diplograph spark``'s arguments; the master is spark-submit's unless given."""
    import argparse

    from diplograph.cli import spark as command

    parser = argparse.ArgumentParser(prog="diplograph.spark", description=command.DESCRIPTION)
    command.add_arguments(parser, default_master=None)
    args = parser.parse_args(argv)
    try:
        return command.run(args)
    except DiplographError as exc:
        print(f"diplograph: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    # run as a script (spark-submit .../spark.py): the package's module does the work, so that what the
    # executors unpickle is diplograph.spark, which they import, and not this __main__
    from diplograph.spark import main as _main

    sys.exit(_main())
