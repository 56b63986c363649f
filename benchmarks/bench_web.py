"""Time every page and API route of the web app over big stores (not a test): median of 3 after a warm-up.

    python benchmarks/make_synthetic_store.py --events 100000 --db /tmp/synth100k.sqlite
    python benchmarks/make_synthetic_store.py --events 1000000 --db /tmp/synth1m.sqlite
    python benchmarks/bench_web.py --db /tmp/synth100k.sqlite --db /tmp/synth1m.sqlite

For each store: opens it once (applying any pending migration, timed apart), picks realistic parameters from
its contents (the most connected person and a rare one, the most frequent country and a pair with it, a
common topic, an event), starts `diplograph serve` on a free 127.0.0.1 port, requests every route once to
warm up, then three times, and keeps the median. Prints a Markdown table with a column per store; a time over
the limit (1000 ms) is flagged with "⚠". Routes of the app that the list does not cover are named at the end.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

LIMIT_MS = 1000.0


def params_of(db: str) -> dict[str, str]:
    """Realistic route parameters drawn from the store at ``db`` (opening it applies pending migrations)."""
    from diplograph.store import Store

    start = time.perf_counter()
    with Store(db) as store:
        opened = time.perf_counter() - start
        q = store.db.query
        people = q(
            "SELECT actor, COUNT(*) FROM event_actors WHERE affiliation IS NOT NULL AND actor <> affiliation"
            " GROUP BY actor ORDER BY 2 DESC, 1"
        )
        countries = q(
            "SELECT actor, COUNT(*) FROM event_actors WHERE actor = affiliation GROUP BY actor ORDER BY 2 DESC, 1"
        )
        topic = q("SELECT topic, COUNT(*) FROM event_topics GROUP BY topic ORDER BY 2 DESC, 1 LIMIT 1")[0][0]
        event = q("SELECT event_id FROM events ORDER BY sort_date DESC, event_id DESC LIMIT 1 OFFSET 1000")[0][0]
        doc = q("SELECT doc_id FROM documents LIMIT 1")
        statement = q("SELECT affiliation FROM statement_parties GROUP BY affiliation ORDER BY COUNT(*) DESC LIMIT 1")
    rare = next((a for a, n in reversed(people) if n >= 20), people[-1][0])
    return {
        "top": people[0][0],
        "rare": rare,
        "country": countries[0][0],
        "other": countries[1][0],
        "topic": topic,
        "event": event,
        "doc": doc[0][0] if doc else "none",
        "speaker": statement[0][0] if statement else countries[0][0],
        "prefix": people[0][0][:3],
        "opened": f"{opened:.1f}",
    }


ROUTES = [  # (label, path template)
    ("timeline", "/"),
    ("timeline, page 50", "/?page=50"),
    ("timeline, actor", "/?actor={top}"),
    ("timeline, country pair", "/?country={country}&with={other}"),
    ("timeline, topic", "/?topic={topic}"),
    ("timeline, date range", "/?from=2024-01-01&to=2024-06-30"),
    ("timeline, all filters", "/?actor={top}&country={other}&topic={topic}&from=2020-01-01&to=2025-12-31"),
    ("contact page", "/contacts/{event}"),
    ("actor page, most connected", "/actors/{top}"),
    ("actor page, most connected, page 20", "/actors/{top}?page=20"),
    ("actor page, rare", "/actors/{rare}"),
    ("country page", "/actors/{country}"),
    ("country page, page 50", "/actors/{country}?page=50"),
    ("matrix", "/matrix"),
    ("matrix, date range", "/matrix?from=2022-03-15&to=2023-09-10"),
    ("network page", "/network"),
    ("network page, top 50", "/network?top=50"),
    ("network page, country view, top 50", "/network?view=country&top=50"),
    ("statements page", "/statements"),
    ("statements page, filtered", "/statements?source={speaker}&from=2020-01-01"),
    ("docs", "/docs"),
    ("/openapi.json", "/openapi.json"),
    ("/api/contacts", "/api/contacts"),
    ("/api/contacts page 50", "/api/contacts?offset=2450"),
    ("/api/contacts, actor, page 50", "/api/contacts?actor={top}&offset=2450"),
    ("/api/contacts, filters", "/api/contacts?with={country}&topic={topic}&from=2021-01-01&to=2023-12-31"),
    ("/api/contacts/{id}", "/api/contacts/{event}"),
    ("/api/actors?q=", "/api/actors?q={prefix}"),
    ("/api/actors", "/api/actors"),
    ("/api/actors/{id}, most connected", "/api/actors/{top}"),
    ("/api/actors/{id}, country", "/api/actors/{country}"),
    ("/api/documents/{id}", "/api/documents/{doc}"),
    ("/api/network, person, top 50", "/api/network?top=50"),
    ("/api/network, country", "/api/network?view=country"),
    ("/api/network, person, one year", "/api/network?from=2024-01-01&to=2024-12-31"),
    ("/api/network, person, topic, top 100", "/api/network?topic={topic}&top=100"),
    ("/api/network, person, one year, top 100", "/api/network?from=2024-01-01&to=2024-12-31&top=100"),
    ("/api/network, country, cut months", "/api/network?view=country&from=2022-03-15&to=2023-09-10"),
    ("/api/network, person, cut months, top 100", "/api/network?from=2022-03-15&to=2023-09-10&top=100"),
    ("/api/network, person, twelve years, top 100", "/api/network?from=2013-01-01&to=2024-12-31&top=100"),
    ("/api/network, country, with a state", "/api/network?view=country&with={country}"),
    ("/api/network, person (all), first page", "/api/network"),
    ("map", "/map"),
    ("map, one year", "/map?from=2024-01-01&to=2024-12-31"),
    ("/api/map", "/api/map"),
    ("/api/map, actor", "/api/map?actor={top}"),
    ("/api/search", "/api/search?q=minister"),
    ("timeline, words", "/?q=minister"),
    ("/api/export csv, rare actor", "/api/export?format=csv&actor={rare}"),
    ("/api/statements", "/api/statements"),
    ("/api/statements, filtered", "/api/statements?source={speaker}&from=2020-01-01&offset=100"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "diplograph", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/openapi.json", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(proc.stderr.read().decode())


def time_routes(db: str, runs: int = 3, only: str = "") -> tuple[dict[str, float], dict[str, str]]:
    """Median milliseconds per route label (those holding ``only``) over ``runs`` requests, after one warm-up
    request each."""
    params = params_of(db)
    print(f"{db}: opened in {params['opened']} s; parameters {params}", file=sys.stderr)
    proc, base = serve(db)
    out: dict[str, float] = {}
    try:
        with httpx.Client(base_url=base, timeout=600) as client:
            for label, template in ROUTES:
                if only not in label:
                    continue
                path = template.format(**{k: quote(v, safe="") for k, v in params.items()})
                start = time.perf_counter()
                status = client.get(path).status_code  # warm-up
                if status != 200:
                    print(f"  {path}: HTTP {status}", file=sys.stderr)
                warm = (time.perf_counter() - start) * 1000
                times = []
                for _ in range(runs if warm < 10 * LIMIT_MS else 0):  # a route over 10 s: its warm-up only
                    start = time.perf_counter()
                    client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                out[label] = statistics.median(times or [warm])
                print(f"  {label}: {out[label]:.0f} ms", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(10)
    return out, params


def uncovered() -> list[str]:
    """GET routes of the app that no ROUTES entry requests (compared by path, parameters as patterns)."""
    from diplograph.web import create_app

    paths = [t.split("?")[0] for _, t in ROUTES]
    missing = []
    for route in _routes(create_app(":memory:").routes):
        methods = getattr(route, "methods", None) or set()
        if "GET" not in methods or route.path.startswith(("/static", "/swagger-ui", "/vendor")):
            continue
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(route.path)) + "$")
        if not any(pattern.match(p.replace("{", "x").replace("}", "")) for p in paths):
            missing.append(route.path)
    return missing


def _routes(routes):
    """The app's routes, those of its included routers too (FastAPI may keep a router whole)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _routes(inner.routes) if inner is not None else [route]


def table(results: dict[str, dict[str, float]]) -> str:
    names = list(results)
    lines = ["| route | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for label, _ in ROUTES:
        if all(label not in r for r in results.values()):
            continue
        cells = []
        for name in names:
            ms = results[name].get(label)
            cells.append("" if ms is None else f"{ms:.0f}" + (" ⚠" if ms > LIMIT_MS else ""))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="a store (repeat: one column each)")
    parser.add_argument("--name", action="append", help="the column names (default: the file names)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="time only the routes whose label holds this text")
    args = parser.parse_args()
    names = args.name or [Path(d).stem for d in args.db]
    results = {f"{name} ms": time_routes(db, args.runs, args.only)[0] for name, db in zip(names, args.db, strict=True)}
    print(table(results))
    slow = sorted({label for r in results.values() for label, ms in r.items() if ms > LIMIT_MS})
    print(f"\nover {LIMIT_MS:.0f} ms: {', '.join(slow) if slow else 'none'}")
    if missing := uncovered():
        print(f"routes not timed: {', '.join(missing)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
