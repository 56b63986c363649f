"""Command-line interface: thin adapters over the library. Data to stdout, progress and errors to stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence

from . import __version__


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diplograph",
        description="Turn diplomatic texts into structured, verifiable event data (contacts, statements).",
    )
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="extract contacts and statements: one JSON record per document, or events",
        description="Extract contacts and statements from .txt, .html and .jsonl files or directories; "
        "prints one record per document (JSON Lines, the default), or one event per contact or statement "
        "(--format plover, cameo or csv), in input order. "
        "Exit status 0 when every document succeeded, 2 when some failed.",
    )
    ex.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    ex.add_argument(
        "--reference-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="anchor for relative dates when a text states no publication date",
    )
    ex.add_argument(
        "--format",
        choices=["jsonl", "plover", "cameo", "csv"],
        default="jsonl",
        help="jsonl: one record per document (the contract); plover: one PLOVER JSON event per contact or "
        "statement; cameo: dyadic TSV, one row per directed dyad; csv: one row per contact or statement "
        "(default: jsonl)",
    )
    ex.add_argument(
        "--no-parser",
        action="store_true",
        help="skip spaCy: about 3 times faster, but tense only from patterns and statements' sources and "
        "targets from word order (statement F1 on the seeds 0.61 instead of 0.87)",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress line on stderr")

    ev = sub.add_parser(
        "eval",
        help="score predictions against gold annotations",
        description="Precision/recall/F1 and accuracy per field of PRED.jsonl against the gold "
        "*.json files of GOLD_DIR (contract of OUTPUT.md).",
    )
    ev.add_argument("gold_dir", metavar="GOLD_DIR")
    ev.add_argument("predictions", metavar="PRED.jsonl")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--errors", action="store_true", help="also list every disagreement")

    db_help = "database URL: postgresql://user@host/db, sqlite:///file, or a file path (default: $DIPLOGRAPH_DB or diplograph.sqlite)"
    ing = sub.add_parser(
        "ingest",
        help="extract documents and store them, fused into events, in a database",
        description="Extract and store documents (text, contacts, participants, statements, evidence) and fuse "
        "contacts that report the same real-world contact into one event. The same document again changes "
        "nothing; a changed document replaces its old records. Commits every --batch documents, so a killed "
        "ingest resumes where its last commit left off. Exit status 0, or 2 when some documents failed.",
    )
    ing.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="documents (.txt, .html, .jsonl corpora of texts, directories), or JSON Lines of records that "
        "`diplograph extract` printed (stored as they are, without extracting again)",
    )
    ing.add_argument("--db", metavar="URL", help=db_help)
    ing.add_argument("--batch", type=int, default=50, metavar="N", help="documents per commit (default: 50)")
    ing.add_argument("--no-parser", action="store_true", help="extract without spaCy (see extract --help)")
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    def filters(p):
        p.add_argument("--db", metavar="URL", help=db_help)
        p.add_argument(
            "--actor", metavar="ID", help="a participant: knowledge-base id (sergey-lavrov) or affiliation code"
        )
        p.add_argument(
            "--with", dest="with_", metavar="AFFILIATION", help="a state or organisation taking part (RUS, EU)"
        )
        p.add_argument("--topic", metavar="ID", help="a topic id of topics.md")
        p.add_argument("--medium", choices=["in_person", "phone", "video", "written"])
        p.add_argument("--from", dest="since", type=_date_text, metavar="YYYY-MM-DD", help="on or after this day")
        p.add_argument("--to", dest="until", type=_date_text, metavar="YYYY-MM-DD", help="on or before this day")

    qu = sub.add_parser(
        "query",
        help="list fused events from a database, newest first",
        description="Fused events, newest first. In jsonl each event is a contact record of the spec with "
        "event_id, sources ({doc_id, evidence}) and n_sources (independent documents).",
    )
    filters(qu)
    qu.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    qu.add_argument("--statements", action="store_true", help="add the statements of each event's source documents")
    qu.add_argument("--limit", type=int, default=50, help="at most this many events (default: 50; 0 for all)")
    ex2 = sub.add_parser(
        "export",
        help="write the dataset or a selection to a file",
        description="Write the fused events (a query's selection, or everything) to FILE: csv, parquet, jsonl "
        "(one event per line), plover and cameo (events and statements), graphml and gexf (the actor network: "
        "nodes are actors with affiliation and role, edges carry the number of contacts, first and last date "
        "and topics).",
    )
    filters(ex2)
    ex2.add_argument(
        "--format", required=True, choices=["csv", "parquet", "jsonl", "plover", "cameo", "graphml", "gexf"]
    )
    ex2.add_argument("-o", "--output", required=True, metavar="FILE")
    xp = sub.add_parser(
        "explain",
        help="say why an event's sources were fused",
        description="Say why the sources of EVENT_ID were fused into one event.",
    )
    xp.add_argument("event_id", metavar="EVENT_ID")
    xp.add_argument("--db", metavar="URL", help=db_help)

    sv = sub.add_parser(
        "serve",
        help="serve the web app and its JSON API over a database",
        description="Serve the web app (timeline, actors, network, topics × countries, contacts with their "
        "evidence) and its JSON API (OpenAPI at /docs) over a database. Read-only unless --ingest-token is "
        "given: then POST /api/documents with 'Authorization: Bearer TOKEN' extracts and stores a document.",
    )
    sv.add_argument("--db", metavar="URL", help=db_help)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sv.add_argument("--ingest-token", metavar="TOKEN", help="accept documents from clients that send this bearer token")

    kb = sub.add_parser(
        "kb",
        help="query or validate the knowledge base",
        description="Look up how a name or title resolves on a date, or validate the data files.",
    )
    kbsub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    lk = kbsub.add_parser(
        "lookup", help="resolve a name or title", description="Show the actors a name or title resolves to, on a date."
    )
    lk.add_argument("query", metavar="TEXT")
    lk.add_argument("--on", type=_date, metavar="YYYY-MM-DD", help="the date of the text (default: none)")
    kbsub.add_parser(
        "validate",
        help="load every data file and report counts",
        description="Load and validate every knowledge-base data file; one line per problem.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .errors import DiplographError

    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "kb":
            return _kb(args)
        if args.command == "serve":
            return _serve(args)
        if args.command in {"ingest", "query", "export", "explain"}:
            return _store_command(args)
    except DiplographError as exc:
        print(f"diplograph: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`| head`): stop quietly, and keep Python from complaining at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


def _extract(args: argparse.Namespace) -> int:
    from .exports import writer
    from .pipeline import load
    from .readers import read_paths
    from .records import ErrorRecord

    pipeline = load(reference_date=args.reference_date, use_parser=not args.no_parser)
    failed = done = 0
    out = sys.stdout
    fmt = writer(args.format)
    out.write(fmt.header())
    for record in pipeline.pipe(read_paths(args.paths)):
        done += 1
        if isinstance(record, ErrorRecord):
            failed += 1
            print(f"diplograph: {record.error}", file=sys.stderr)
            if args.format == "jsonl":  # the other formats list events; a failure has none
                out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.writelines(fmt.lines(record.to_dict(), record.original))
        out.flush()
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{done} documents, {failed} failed", end="", file=sys.stderr)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    return 2 if failed else 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_gold, load_predictions

    try:
        preds = load_predictions(args.predictions)
    except (OSError, ValueError, KeyError) as exc:
        print(f"diplograph: {args.predictions}: cannot read predictions ({exc})", file=sys.stderr)
        return 1
    report = evaluate(load_gold(args.gold_dir), preds)
    if args.json:
        out = report.as_dict()
        if args.errors:
            out["errors"] = report.errors
        print(json.dumps(out, indent=1))
    else:
        print(report.table())
        if args.errors:
            for err in report.errors:
                print(json.dumps(err, ensure_ascii=False))
    return 0


def _store_command(args: argparse.Namespace) -> int:
    from .store import Filters, Store

    with Store(args.db) as store:
        if args.command == "ingest":
            from .pipeline import load

            pipeline = load(use_parser=not args.no_parser)
            counts = store.ingest(args.paths, batch=max(1, args.batch), progress=not args.quiet, pipeline=pipeline)
            if not args.quiet:
                print(
                    f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} unchanged, "
                    f"{counts['failed']} failed; {store.count()} events in {store.url}",
                    file=sys.stderr,
                )
            return 2 if counts["failed"] else 0
        if args.command == "explain":
            for line in store.explain(args.event_id):
                print(line)
            return 0
        f = Filters(args.actor, args.with_, args.topic, args.medium, args.since, args.until)
        if args.command == "export":
            from .store.tables import write

            events = store.iter_events(f)
            statements = store.statements(f) if args.format in {"plover", "cameo"} else ()
            n = write(args.format, args.output, events, statements)
            print(f"{n} items written to {args.output}", file=sys.stderr)
            return 0
        events = store.query(f, limit=args.limit or None, statements=args.statements)
        _print_events(events, args.format)
        return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .store import Store
    from .web import create_app

    Store(args.db).close()  # a bad URL or a newer schema: one line now, not at the first request
    token = args.ingest_token or os.environ.get("DIPLOGRAPH_INGEST_TOKEN") or None
    uvicorn.run(create_app(args.db, token), host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def _print_events(events: list[dict], fmt: str) -> None:
    from .exports import csv_value
    from .store.tables import COLUMNS, event_rows

    if fmt == "jsonl":
        for e in events:
            sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
        return
    rows = event_rows(events)
    if fmt == "csv":
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: csv_value(v) for k, v in row.items()})
        return
    print(f"{'date':<10}  {'medium':<9}  {'event':<15}  {'src':>3}  participants / topics")
    for row in rows:
        people = ", ".join(f"{n} ({a})" for n, a in zip(row["participants"], row["affiliations"], strict=True))
        print(
            f"{row['date'] or '':<10}  {row['medium'] or '':<9}  {row['event_id']:<15}  {row['n_sources']:>3}  {people}"
        )
        if row["topics"]:
            print(f"{'':<45}  {', '.join(row['topics'])}")


def _date_text(value: str) -> str:
    _date(value)
    return value


def _kb(args: argparse.Namespace) -> int:
    from .kb import KnowledgeBase

    kb = KnowledgeBase.default()
    if args.kb_command == "validate":
        print(
            f"{len(kb.countries)} states, {len(kb.places)} places, {len(kb.organisations)} organisations, "
            f"{len(kb.people)} people: all files valid"
        )
        return 0
    from .actors import ActorResolver

    doc = ActorResolver(kb).resolve(args.query, args.on)
    seen = set()
    for m in doc.mentions:
        ref = doc.actors.get(m.actor.key, m.actor)
        if ref.key in seen:
            continue
        seen.add(ref.key)
        line = {
            "text": args.query[m.start : m.end],
            "id": ref.id,
            "name": ref.name,
            "affiliation": ref.affiliation,
            "role": ref.role,
            "wikidata": ref.wikidata,
            "via": m.source,
        }
        if ref.id in kb.people:
            line["offices"] = [
                f"{o.role} {o.affiliation} {o.start or '?'}..{o.end or ''}" for o in kb.people[ref.id].offices
            ]
        print(json.dumps(line, ensure_ascii=False))
    if not seen:
        print("diplograph: no actor found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
