"""The hand-check sample (benchmarks/kb_sample.py): its draws stay where the coverage counts, and a drawn
organisation or UN body is answered with its own heads."""

from __future__ import annotations

import datetime as dt
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import kb_sample  # noqa: E402

SINCE, UNTIL = dt.date(2000, 1, 1), dt.date(2026, 11, 30)


def test_a_sample_is_the_same_for_a_seed_and_keeps_to_each_bodys_counted_span(kb):
    pairs = kb_sample.draw_organisations(kb, 7, 60, SINCE, UNTIL)
    assert pairs == kb_sample.draw_organisations(kb, 7, 60, SINCE, UNTIL)
    assert len({body for body, _ in pairs}) > 20
    for body, day in pairs:
        code, _, institution = body.partition("/")
        org = next(o for o in kb.organisations.values() if (o.id if institution else o.code) == (institution or code))
        assert max(SINCE, org.since or SINCE, org.officials_since or SINCE) <= day <= min(UNTIL, org.until or UNTIL)


def test_a_un_body_is_answered_with_its_head_not_every_un_official(kb):
    day = dt.date(2010, 6, 1)
    heads = {p.id for p, _ in kb_sample.officials(kb, "UN/unhcr", day)}
    assert heads == {"antonio-guterres"}
    assert {"ban-ki-moon", "antonio-guterres"} <= {p.id for p, _ in kb_sample.officials(kb, "UN", day)}
