"""The store's speed: ingest rate, and query latency on a large synthetic store (not a test).

    python benchmarks/make_synthetic_store.py --events 1000000 --db /tmp/synthetic.sqlite
    python benchmarks/bench_store.py --query-db /tmp/synthetic.sqlite [--ingest-docs 300] [--runs 100]
    python benchmarks/bench_store.py --ingest-docs 0 --write-records 2000

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


def bench_writes(n: int) -> None:
    """Store writes alone: ``n`` records of one call each among 40 people of the knowledge base, over two
    years, with topics, written into a fresh SQLite file; then the same with the network's counts switched
    off, to show what they cost."""
    from diplograph.kb import KnowledgeBase
    from diplograph.store import Store, network_counts

    kb = KnowledgeBase.default()
    people = [(p.id, p.offices[0].affiliation) for p in list(kb.people.values())[:400:10] if p.offices]
    rng = random.Random(4)
    records = []
    for i in range(n):
        day = f"202{rng.randint(1, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        parties = [
            {"id": pid, "name": pid, "affiliation": aff, "role": "foreign-minister", "wikidata": None}
            for pid, aff in rng.sample(people, rng.choice((2, 2, 3)))
        ]
        contact = {"medium": "phone", "status": "occurred", "date": day, "location": None, "participants": parties}
        contact |= {"initiator": None, "host": None, "topics": rng.sample(TOPICS, rng.randint(0, 2)), "evidence": []}
        record = {"doc_id": f"w{i:05d}", "language": "fr", "title": None, "published": day, "contacts": [contact]}
        records.append(({**record, "statements": []}, f"w{i:05d} {day} " + " ".join(p["id"] for p in parties)))
    for label in ("with the network counts", "without them"):
        if label == "without them":
            network_counts.add = network_counts.remove = lambda *args, **kwargs: None
        with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "writes.sqlite")) as store:
            start = time.perf_counter()
            for record, text in records:
                store.add_record(record, text)
            elapsed = time.perf_counter() - start
        print(f"store writes {label}: {n} records in {elapsed:.1f} s, {n / elapsed:.1f} records/s")


TOPICS = ["ukraine", "syria", "relations", "iran-nuclear", "economy", "climate"]


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
    parser.add_argument("--write-records", type=int, default=0, help="also time store writes alone (e.g. 2000)")
    args = parser.parse_args()
    if args.ingest_docs:
        bench_ingest(args.ingest_docs)
    if args.write_records:
        bench_writes(args.write_records)
    if args.query_db:
        bench_queries(args.query_db, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
