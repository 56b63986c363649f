"""Give the synthetic events their documents, for the routes that read documents (not a test): full-text
search, statements, a contact's sources.

    python benchmarks/make_synthetic_store.py --events 1000000 --db /tmp/synth1m.sqlite
    python benchmarks/add_synthetic_documents.py --db /tmp/synth1m.sqlite [--documents N]

Each synthetic event names one source document (``syn-N``); this writes it: a short readout in French or
English naming the event's people, its day and its topics, with one contact (the event's, linked to it) and up
to three statements between its parties (types, cues and codes from ``kb/data/codes.yaml``), each with its
evidence offsets in the text, plus words of the genre drawn at random so that documents differ. Rows go
straight into the document tables and the full-text index through the store's own schema (no extraction, no
fusion, no near-duplicate signatures). Documents already there are replaced.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

import yaml

STATEMENT_TYPES = ["REQUEST", "SUPPORT", "ACCUSE", "COOPERATE", "AGREE", "REJECT", "THREATEN"]
CONTACT = {  # medium: (French, English) verb of the readout
    "phone": ("s'est entretenu par téléphone avec", "spoke by phone with"),
    "video": ("s'est entretenu par visioconférence avec", "held a video call with"),
    "in_person": ("a rencontré", "met"),
    "written": ("a adressé un message à", "sent a message to"),
    None: ("s'est entretenu avec", "talked with"),
}
CUES = {  # statement type: (French cue, English cue)
    "REQUEST": ("a appelé", "urged"),
    "SUPPORT": ("a salué", "welcomed"),
    "ACCUSE": ("a condamné", "condemned"),
    "COOPERATE": ("s'est dit prêt à coopérer avec", "expressed readiness to cooperate with"),
    "AGREE": ("est convenu avec", "agreed with"),
    "REJECT": ("a rejeté les propositions de", "rejected the proposals of"),
    "THREATEN": ("a mis en garde", "warned"),
}
WORDS = {  # words of the genre, for the rest of each readout
    "fr": "coopération bilatérale sécurité régionale sanctions dialogue partenariat stratégique économie énergie"
    " commerce investissements crise humanitaire cessez-le-feu négociations accord sommet visite ministre président"
    " gouvernement diplomatie relations situation perspectives consultations échanges réforme stabilité paix"
    " frontière réfugiés élections développement infrastructure transports santé climat".split(),
    "en": "bilateral cooperation regional security sanctions dialogue strategic partnership economy energy trade"
    " investment humanitarian crisis ceasefire negotiations agreement summit visit minister president government"
    " diplomacy relations situation prospects consultations exchanges reform stability peace border refugees"
    " elections development infrastructure transport health climate".split(),
}


def readout(event: dict, rng: random.Random, codes: dict) -> tuple[dict, str]:
    """The record and text of the document of ``event`` (a synthetic event's record)."""
    lang = rng.choice(("fr", "en"))
    i = 0 if lang == "fr" else 1
    people = event["participants"]
    a, others = people[0], people[1:]
    names = ", ".join(p["name"] for p in others)
    parts: list[str] = []

    def add(sentence: str) -> dict:
        start = sum(len(p) + 1 for p in parts)
        parts.append(sentence)
        return {"start": start, "end": start + len(sentence)}

    day = event["date"]
    contact_span = add(f"{a['name']} {CONTACT[event['medium']][i]} {names} ({day}).")
    if event["topics"]:
        add(("Les échanges ont porté sur " if lang == "fr" else "They discussed ") + ", ".join(event["topics"]) + ".")
    add(" ".join(rng.choices(WORDS[lang], k=rng.randint(40, 160))).capitalize() + ".")
    statements = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        kind = rng.choice(STATEMENT_TYPES)
        speaker, target = rng.sample(people, 2)
        if speaker["affiliation"] == target["affiliation"]:
            continue
        cue = CUES[kind][i]
        span = add(f"{speaker['name']} {cue} {target['name']}: " + " ".join(rng.choices(WORDS[lang], k=12)) + ".")
        code = codes["statements"][kind]["cameo"]
        cameo = codes["cameo"][code]
        statements.append(
            {
                "type": kind, "source": [speaker["affiliation"]], "target": [target["affiliation"]],
                "topics": event["topics"][:1], "negated": rng.random() < 0.05, "evidence": span, "cue": cue,
                "plover": {"type": codes["statements"][kind]["plover"], "mode": None},
                "cameo": {"code": code, "name": cameo["name"], "goldstein": cameo["goldstein"],
                          "quad_class": cameo["quad_class"]},
            }
        )  # fmt: skip
    contact = {k: event[k] for k in ("medium", "status", "date", "location", "participants", "initiator", "host")}
    contact |= {"topics": event["topics"], "evidence": [contact_span]}
    title = (f"Entretien de {a['name']} avec {names}" if lang == "fr" else f"{a['name']} and {names}")[:200]
    record = {"doc_id": event["sources"][0]["doc_id"], "language": lang, "title": title, "published": day}
    return record | {"contacts": [contact], "statements": statements}, " ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store made by make_synthetic_store.py")
    parser.add_argument("--documents", type=int, default=None, help="the first N events' documents (default: all)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from diplograph.coding import CODES
    from diplograph.store import Store, names, search, statement_keys

    codes = yaml.safe_load(CODES.read_text())
    rng = random.Random(args.seed)
    store = Store(args.db)
    db = store.db
    tables = ("statement_keys", "statement_parties", "statements", "actor_names", "participants", "contacts")
    for table in (*tables, "documents"):
        db.execute(f"DELETE FROM {table}")
    if db.dialect == "sqlite":
        db.execute("DELETE FROM document_fts")
    db.execute("DELETE FROM document_search")
    db.commit()
    t0, done, last = time.perf_counter(), 0, ""
    limit = args.documents if args.documents is not None else 1 << 62
    while done < limit and (
        rows := db.query(
            "SELECT event_id, record FROM events WHERE event_id > ? ORDER BY event_id LIMIT ?",
            (last, min(10_000, limit - done)),
        )
    ):
        for event_id, raw in rows:
            record, text = readout(json.loads(raw), rng, codes)
            _write(db, (search, names, statement_keys), event_id, record, text)
        last, done = rows[-1][0], done + len(rows)
        db.commit()
        print(f"\r{done} documents, {done / (time.perf_counter() - t0):.0f}/s", end="", file=sys.stderr)
    db.execute("ANALYZE" if db.dialect == "sqlite" else "ANALYZE documents")
    db.commit()
    print(f"\n{done} documents written to {args.db} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    store.close()
    return 0


def _write(db, modules, event_id: str, record: dict, text: str) -> None:
    """A document's rows, as the store writes them, its contact linked to ``event_id``."""
    search, names, statement_keys = modules
    doc_id = record["doc_id"]
    stored = json.dumps({k: v for k, v in record.items()}, ensure_ascii=False)
    db.execute(
        "INSERT INTO documents (doc_id, content_hash, language, title, published, text, source, record,"
        " ingested_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, '2026-12-04T00:00:00+00:00')",
        (doc_id, doc_id, record["language"], record["title"], record["published"], text, stored),
    )
    search.index(db, doc_id, record["title"], text)
    contact = record["contacts"][0]
    db.execute(
        "INSERT INTO contacts (contact_id, doc_id, position, event_id, medium, status, date, record, reason)"
        " VALUES (?, ?, 1, ?, ?, ?, ?, ?, NULL)",
        (f"{doc_id}:c1", doc_id, event_id, contact["medium"], contact["status"], contact["date"], json.dumps(contact)),
    )
    people = [
        (f"{doc_id}:c1", j, p["id"], p["name"], p["affiliation"], p["role"])
        for j, p in enumerate(contact["participants"], 1)
    ]
    db.executemany(
        "INSERT INTO participants (contact_id, position, actor_id, name, affiliation, role) VALUES (?, ?, ?, ?, ?, ?)",
        people,
    )
    names.add(db, [p[2:] for p in people])
    for j, s in enumerate(record["statements"], 1):
        sid = f"{doc_id}:s{j}"
        db.execute(
            "INSERT INTO statements (statement_id, doc_id, position, type, negated, record) VALUES (?, ?, ?, ?, ?, ?)",
            (sid, doc_id, j, s["type"], int(s["negated"]), json.dumps(s, ensure_ascii=False)),
        )
        db.executemany(
            "INSERT INTO statement_parties (statement_id, side, affiliation) VALUES (?, ?, ?)",
            [(sid, "source", x) for x in s["source"]] + [(sid, "target", x) for x in s["target"]],
        )
        statement_keys.add(db, sid, doc_id, j, record["published"], s)


if __name__ == "__main__":
    sys.exit(main())
