"""The fuzz campaign's quick sample (benchmarks/fuzz.py --quick): malformed and hostile inputs mixed with good
documents, run through the real `diplograph extract` and `ingest` in subprocesses. One failure per bad document,
never a lost batch: no traceback, no good document lost, no timeout."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import fuzz  # noqa: E402


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return fuzz.campaign(quick=True, out=tmp_path_factory.mktemp("fuzz"), log=lambda _: None)


def describe(failures: list[dict]) -> str:
    return "\n".join(f"[{f['command']}] {f['category']}/{f['variant']} ({f['input']}): {f['what']}" for f in failures)


def test_fuzz_quick_no_traceback(quick):
    assert quick["tracebacks"] == {"extract": 0, "ingest": 0}, describe(quick["failures"])


def test_fuzz_quick_no_good_document_lost(quick):
    assert quick["good_lost"] == []


def test_fuzz_quick_no_timeout(quick):
    assert quick["timeouts"] == {"extract": 0, "ingest": 0}, describe(quick["failures"])


def test_fuzz_quick_covers_every_category(quick):
    assert quick["inputs"]["bad"] >= 40 and quick["inputs"]["good"] >= 10
    assert set(quick["by_category"]) >= {
        "binary",
        "encoding",
        "unicode",
        "html",
        "jsonl",
        "records",
        "names",
        "special",
    }
