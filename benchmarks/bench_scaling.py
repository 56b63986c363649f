"""Time per kB of one document as it grows: extraction must stay linear in the size of its input.

    python benchmarks/bench_scaling.py [--sizes 1,100,1000,10000] [--no-parser]

Each input is ordinary French prose (the project's own gold documents, repeated up to the size in kB) and one
pathological line (20,000 "M. " abbreviations, then the same number of periods), run in one process with the
time budget switched off. Prints seconds, seconds per kB and the ratio to the smallest size's rate; a linear
extractor keeps that ratio near 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prose(kb: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "eval" / "docs").glob("*.txt"))]
    out, size, i = [], 0, 0
    while size < kb * 1000:
        chunk = texts[i % len(texts)]
        out.append(chunk)
        size += len(chunk.encode("utf-8"))
        i += 1
    return "\n\n".join(out)[: kb * 1000]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000,10000", help="sizes in kB, comma-separated")
    parser.add_argument("--no-parser", action="store_true")
    args = parser.parse_args()
    import diplograph

    pipeline = diplograph.load(
        use_parser=not args.no_parser, config={"extract": {"time_budget_s": 1e9, "max_file_bytes": 10**9}}
    )
    pipeline.warm()
    pipeline(prose(2), published="2024-06-01")  # grammars compile on first use: not part of any size's time
    rows = []
    for kb in (int(s) for s in args.sizes.split(",")):
        text = prose(kb)
        start = time.perf_counter()
        record = pipeline(text, published="2024-06-01")
        seconds = time.perf_counter() - start
        rows.append((kb, seconds, len(record.contacts)))
        print(f"prose {kb:>6} kB: {seconds:8.2f} s, {1000 * seconds / kb:7.2f} ms/kB, {len(record.contacts)} contacts")
        sys.stdout.flush()
    base = rows[0][1] / rows[0][0]
    for kb, seconds, _n in rows:
        print(f"ratio of ms/kB at {kb} kB to {rows[0][0]} kB: {seconds / kb / base:.2f}")
    for name, text in (("20,000 'M. '", "M. " * 20000), ("50,000 periods", "." * 50000)):
        start = time.perf_counter()
        pipeline(text)
        print(f"{name}: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
