"""Load on the JSON API from a second process (not a test): bounded requests on loopback.

    python benchmarks/load_api.py [--requests 10000] [--concurrency 16] [--db FILE]

Fills a store from the seeds and the gold documents (unless --db names one), starts `diplograph serve` in a
subprocess on a free port, then sends the requests from this process: a mix of /api/contacts with and
without filters and paging, /api/contacts/{id}, /api/actors?q= and /api/actors/{id}, each with a bounded
`limit`. Prints throughput and the 50th and 99th latency percentiles.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT.parent / "shared" / "seeds", ROOT / "eval" / "docs"]


def fill(path: str) -> None:
    import diplograph
    from diplograph.readers import read_paths
    from diplograph.store import Store

    pipeline = diplograph.load()
    with Store(path) as store:
        for raw in read_paths([p for p in SOURCES if p.exists()]):
            store.add_record(pipeline(raw).to_dict(), raw.text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--db")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "load.sqlite")
    if not args.db:
        fill(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "diplograph", "serve", "--db", db, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/contacts?limit=1", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        paths = request_mix(base, args.requests)
        start = time.perf_counter()
        latencies, failures = send(base, paths, args.concurrency)
        wall = time.perf_counter() - start
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        print(
            f"{len(latencies)} requests, {args.concurrency} concurrent, {failures} not 200, in {wall:.1f} s: "
            f"{len(latencies) / wall:.0f} requests/s, p50 {statistics.median(latencies) * 1000:.1f} ms, "
            f"p99 {p99 * 1000:.1f} ms"
        )
    finally:
        server.terminate()
        server.wait(10)
    return 0


def request_mix(base: str, n: int) -> list[str]:
    """``n`` request paths, drawn from the events and actors the server lists."""
    events = [e["event_id"] for e in httpx.get(base + "/api/contacts", params={"limit": 200}).json()["items"]]
    actors = [a["id"] for a in httpx.get(base + "/api/actors", params={"limit": 50}).json()]
    rng = random.Random(3)
    paths = []
    for _ in range(n):
        r = rng.random()
        if r < 0.35:
            paths.append(f"/api/contacts?limit={rng.choice((10, 20, 50))}&offset={rng.randint(0, 20)}")
        elif r < 0.55:
            paths.append(f"/api/contacts?actor={rng.choice(actors)}&limit=20")
        elif r < 0.75:
            paths.append(f"/api/contacts/{rng.choice(events)}")
        elif r < 0.9:
            paths.append(f"/api/actors?q={rng.choice(actors)[:3]}&limit=10")
        else:
            paths.append(f"/api/actors/{rng.choice(actors)}")
    return paths


def send(base: str, paths: list[str], concurrency: int) -> tuple[list[float], int]:
    """Send the requests from ``concurrency`` threads; returns the sorted latencies and the failures."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    chunks = [paths[i::concurrency] for i in range(concurrency)]

    def worker(mine: list[str]) -> None:
        nonlocal failures
        with httpx.Client(base_url=base, timeout=10) as client:
            for path in mine:
                start = time.perf_counter()
                ok = client.get(path).status_code == 200
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    failures += not ok

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return latencies, failures


if __name__ == "__main__":
    sys.exit(main())
