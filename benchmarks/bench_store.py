"""The store's speed: ingest rate, and query latency on a large synthetic store (not a test).

    python benchmarks/make_synthetic_store.py --events 1000000 --db /tmp/synthetic.sqlite
    python benchmarks/bench_store.py --query-db /tmp/synthetic.sqlite [--ingest-docs 300] [--runs 100]

Ingest: the gold documents and the seeds, repeated under new names, into a fresh SQLite file (extraction
included, with the parser), in documents/s; then the time ``Store.rebuild()`` takes on that store. Query: for each filter of `diplograph query`, --runs queries
with values drawn at random from the store (the first 50 events, newest first, as `query` shows them);
prints the median and the 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "eval" / "docs", ROOT.parent / "shared" / "seeds"]


def bench_ingest(n: int) -> None:
    import diplograph
    from diplograph.store import Store
    from diplograph.store.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = [p for src in SOURCES if src.exists() for p in sorted(src.glob("*.txt"))]
        for i in range(n):
            src = files[i % len(files)]
            (corpus / f"{i:05d}_{src.name}").write_bytes(src.read_bytes())
        pipeline = diplograph.load()
        pipeline(files[0].read_text(encoding="utf-8"))  # load the models before the clock starts
        with Store(str(Path(tmp) / "ingest.sqlite")) as store:
            start = time.perf_counter()
            counts = ingest(store, [corpus], pipeline=pipeline)
            elapsed = time.perf_counter() - start
            events = store.count()
            start = time.perf_counter()
            store.rebuild()
            rebuilt = time.perf_counter() - start
        print(
            f"ingest: {counts['added']} documents in {elapsed:.1f} s, {counts['added'] / elapsed:.1f} documents/s, {events} events"
        )
        print(f"rebuild (near-duplicates and events, no extraction): {rebuilt:.2f} s")


def bench_queries(url: str, runs: int) -> None:
    from diplograph.store import Filters, Store

    rng = random.Random(1)
    with Store(url) as store:
        db = store.db
        total = db.query("SELECT COUNT(*) FROM events")[0][0]
        people = [
            r[0] for r in db.query("SELECT DISTINCT actor FROM event_actors WHERE actor <> affiliation LIMIT 2000")
        ]
        states = [r[0] for r in db.query("SELECT DISTINCT affiliation FROM event_actors LIMIT 300")]
        topics = [r[0] for r in db.query("SELECT DISTINCT topic FROM event_topics")]

        def window():
            year = rng.randint(2011, 2026)
            return f"{year}-{rng.randint(1, 12):02d}-01", f"{year}-12-31"

        cases = {
            "no filter": lambda: Filters(),
            "--actor": lambda: Filters(actor=rng.choice(people)),
            "--with": lambda: Filters(with_=rng.choice(states)),
            "--topic": lambda: Filters(topic=rng.choice(topics)),
            "--medium": lambda: Filters(medium=rng.choice(["in_person", "phone", "video", "written"])),
            "--from/--to": lambda: Filters(since=window()[0], until=window()[1]),
            "--actor --from/--to": lambda: Filters(actor=rng.choice(people), since=window()[0], until=window()[1]),
            "--with --topic --medium": lambda: Filters(
                with_=rng.choice(states), topic=rng.choice(topics), medium="phone"
            ),
        }
        print(f"query: {total} events in {url}, {runs} queries per filter, first 50 newest first")
        for name, make in cases.items():
            times = []
            for _ in range(runs):
                f = make()
                start = time.perf_counter()
                store.query(f, limit=50)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"  {name:<26} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest-docs", type=int, default=300)
    parser.add_argument("--query-db", help="a store filled by make_synthetic_store.py")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    if args.ingest_docs:
        bench_ingest(args.ingest_docs)
    if args.query_db:
        bench_queries(args.query_db, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
