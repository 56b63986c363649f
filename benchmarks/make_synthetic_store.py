"""Fill a store with synthetic fused events, for query benchmarks (not a test; no extraction involved).

    python benchmarks/make_synthetic_store.py --events 1000000 --db /tmp/synthetic.sqlite

Events draw their parties from the knowledge base's people (two to four per event, a few multilateral ones
larger), dates from 2010 to 2026 (more recent years weigh more), media and topics from the contract's
vocabularies, with a popularity skew so that some actors have tens of thousands of events and most a few
hundred, as real datasets do. Rows go straight into the event tables through the store's own schema, and the
counts kept at ingest (store/aggregates.py) are computed from them at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time

TOPICS = [
    "ukraine", "syria", "libya", "iran-nuclear", "nagorno-karabakh", "belarus", "afghanistan", "sahel",
    "middle-east-peace", "korea", "venezuela", "relations", "security-architecture", "arms-control", "health",
    "human-rights", "interference", "terrorism", "cyber", "climate", "economy", "energy", "culture", "migration",
    "humanitarian", "eu-affairs", "elections", "regional-organizations",
]  # fmt: skip
MEDIA = ["in_person", "in_person", "in_person", "phone", "phone", "video", "written", None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", required=True, help="database URL or SQLite file (emptied of events first)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from diplograph.kb import KnowledgeBase
    from diplograph.store import Store, aggregates, network_counts

    rng = random.Random(args.seed)
    kb = KnowledgeBase.default()
    people = [(p.id, p.names[0], p.offices[0].affiliation, p.offices[0].role) for p in kb.people.values() if p.offices]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(people))]  # a few actors are everywhere
    start = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2026, 11, 1).toordinal() - start
    store = Store(args.db)
    db = store.db
    for table in ("event_topics", "event_actors", "events"):
        db.execute(f"DELETE FROM {table}")
    db.commit()
    t0 = time.perf_counter()
    batch_events, batch_actors, batch_topics = [], [], []
    for n in range(args.events):
        k = rng.choice((2, 2, 2, 2, 3, 4)) if rng.random() > 0.02 else rng.randint(5, 12)
        chosen = {people[i] for i in rng.choices(range(len(people)), weights=weights, k=k)}
        if len({c[2] for c in chosen}) < 2:
            chosen.add(rng.choice(people))
        day = dt.date.fromordinal(start + int(span * rng.random() ** 0.7)).isoformat()
        medium = rng.choice(MEDIA)
        topics = rng.sample(TOPICS, rng.choice((0, 1, 1, 2, 3)))
        event_id = f"ev-syn{n:09d}"
        parts = [
            {"id": i, "name": name, "affiliation": aff, "role": role, "wikidata": None}
            for i, name, aff, role in sorted(chosen)
        ]
        record = {
            "medium": medium, "status": "occurred", "date": day, "location": None, "participants": parts,
            "initiator": None, "host": None, "topics": topics, "event_id": event_id,
            "sources": [{"doc_id": f"syn-{n}", "evidence": [{"start": 0, "end": 200}]}], "n_sources": 1,
        }  # fmt: skip
        batch_events.append((event_id, day, day, medium, "occurred", 1, json.dumps(record, ensure_ascii=False)))
        keys = {(p["id"], p["affiliation"]) for p in parts} | {(p["affiliation"], p["affiliation"]) for p in parts}
        batch_actors += [(event_id, key, aff, day) for key, aff in keys]
        batch_topics += [(event_id, t, day) for t in topics]
        if len(batch_events) >= 20_000:
            _flush(db, batch_events, batch_actors, batch_topics)
            print(f"\r{n + 1} events, {(n + 1) / (time.perf_counter() - t0):.0f}/s", end="", file=sys.stderr)
    _flush(db, batch_events, batch_actors, batch_topics)
    aggregates.fill(db)  # the counts fusion keeps at ingest, for rows written past it
    network_counts.fill(db)
    db.commit()
    if db.dialect == "sqlite":
        db.execute("ANALYZE")
    else:
        db.execute("ANALYZE events")
        db.execute("ANALYZE event_actors")
        db.execute("ANALYZE event_topics")
    db.commit()
    print(f"\n{args.events} events written to {args.db} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    store.close()
    return 0


def _flush(db, events, actors, topics) -> None:
    db.executemany(
        "INSERT INTO events (event_id, sort_date, date, medium, status, n_sources, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    db.executemany("INSERT INTO event_actors (event_id, actor, affiliation, sort_date) VALUES (?, ?, ?, ?)", actors)
    db.executemany("INSERT INTO event_topics (event_id, topic, sort_date) VALUES (?, ?, ?)", topics)
    db.commit()
    events.clear()
    actors.clear()
    topics.clear()


if __name__ == "__main__":
    sys.exit(main())
