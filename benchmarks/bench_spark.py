"""Throughput of the Spark job (`diplograph spark`) in local[1] and local[2], its scaling, and core-hours.

    python benchmarks/bench_spark.py [--docs 2000] [--files 40] [--masters local[1],local[2]] [--no-parser]

Documents: the project's gold documents, the seeds and the French and English development sets (read from
../shared), repeated up to --docs (as bench_extract.py does) and written as --files JSON Lines corpora. For each
master, in a Spark session of its own: the job run twice over the same input, the first run with cold
executors (each Python worker loads the pipeline, once) and the second with warm ones. Prints documents per
second of each run (wall time of the job, from the listing of the files to the last table written), the
scaling ratio of local[2] to local[1] (warm runs; the target is 1.6 on two cores), and the core-hours that one
million documents would take at each rate. Then the time to ingest the last output into SQLite, against the
time to ingest the same records as JSON Lines (each with its text).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = [ROOT / "eval" / "docs", SHARED / "seeds", SHARED / "dev" / "fr" / "docs", SHARED / "dev" / "en" / "docs"]
MILLION = 1_000_000


def write_corpus(folder: Path, n: int, files: int) -> int:
    """``n`` documents, the base corpus repeated with new ids, as ``files`` JSON Lines files; returns n."""
    from diplograph.readers import RawDocument, read_paths

    base = [d for d in read_paths([p for p in SOURCES if p.exists()]) if isinstance(d, RawDocument)]
    docs = [{"id": f"{d.doc_id}#{i}", "text": d.text} for i, d in zip(range(n), itertools.cycle(base))]
    per_file = -(-n // files)
    for k in range(files):
        chunk = docs[k * per_file : (k + 1) * per_file]
        if chunk:
            lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in chunk)
            (folder / f"corpus{k:03d}.jsonl").write_text(lines, encoding="utf-8")
    return len(docs)


def bench_master(master: str, corpus: Path, work: Path, use_parser: bool) -> list[tuple[float, dict]]:
    """(seconds, manifest) of a cold and a warm run of the job in one session of ``master``."""
    from diplograph.spark import run, session, settings_of

    conf = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}
    spark = session(master, "diplograph-bench", conf)
    settings = settings_of(use_parser=use_parser)
    out = []
    try:
        for attempt in ("cold", "warm"):
            target = work / f"{master[6:-1]}-{attempt}"
            start = time.perf_counter()
            manifest = run(spark, [str(corpus)], str(target), settings=settings)
            out.append((time.perf_counter() - start, manifest))
    finally:
        spark.stop()
    return out


def bench_ingest(output: Path, work: Path) -> tuple[float, float, int]:
    """Seconds to ingest a Spark output into SQLite, and the same records (each with its text) as JSON Lines."""
    from diplograph.spark import read_output
    from diplograph.store import Store
    from diplograph.store.ingest import ingest

    lines = work / "records.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        n = 0
        for doc in read_output(output):
            if doc.record is not None:
                fh.write(json.dumps({**doc.record, "text": doc.text}, ensure_ascii=False) + "\n")
                n += 1
    seconds = []
    for name, path in (("spark", output), ("jsonl", lines)):
        with Store(str(work / f"{name}.sqlite")) as store:
            start = time.perf_counter()
            ingest(store, [str(path)])
            seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1], n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--no-parser", action="store_true")
    args = parser.parse_args()
    rates = {}
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        work = Path(tmp)
        (work / "corpus").mkdir()
        n = write_corpus(work / "corpus", args.docs, args.files)
        print(f"{n} documents in {args.files} JSON Lines files{' (--no-parser)' if args.no_parser else ''}")
        for master in args.masters.split(","):
            cores = int(master[6:-1] or 1)
            for (seconds, manifest), attempt in zip(
                bench_master(master, work / "corpus", work, not args.no_parser), ("cold", "warm"), strict=True
            ):
                rate = manifest["documents"] / seconds
                rates[(master, attempt)] = rate
                hours = cores * MILLION / rate / 3600
                print(
                    f"{master} {attempt}: {manifest['documents']} documents, {manifest['errors']} failed, "
                    f"{seconds:.1f} s, {rate:.1f} documents/s ({rate / cores:.1f} per core); "
                    f"one million documents: {hours:.1f} core-hours"
                )
                sys.stdout.flush()
        masters = args.masters.split(",")
        if len(masters) == 2:
            for attempt in ("warm", "cold"):
                ratio = rates[(masters[1], attempt)] / rates[(masters[0], attempt)]
                print(f"scaling {masters[1]}/{masters[0]} ({attempt}): {ratio:.2f}")
        last = work / f"{masters[-1][6:-1]}-warm"
        spark_s, jsonl_s, k = bench_ingest(last, work)
        print(
            f"ingest into SQLite, {k} documents: Spark output {spark_s:.1f} s ({k / spark_s:.0f} documents/s), "
            f"the same records as JSON Lines {jsonl_s:.1f} s ({k / jsonl_s:.0f} documents/s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
