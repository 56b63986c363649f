"""Draw random (state, office, day) triples and print who the knowledge base says held the office, for checking by
hand against public sources (not a test: the checking is a person's work, recorded with its sources).

    python benchmarks/kb_sample.py --seed 15 --n 50 > /tmp/sample.md
    python benchmarks/kb_sample.py --seed 20261204 --n 50 --until 2026-11-30 --held-only
    python benchmarks/kb_sample.py --organisations --seed 512 --n 30

The states are the listed ones (UN members, the Holy See, Palestine, Kosovo), the offices the four core ones,
the days uniform over --since to --until. Each row gives the holders on that day (several when the knowledge
base records an acting holder or co-holders beside the titular one), each with the dates and the source of the
tenure, or "none" (a gap). With --organisations, the pairs are (organisation, day) instead, over the
organisations that have officials and the institutions some office heads ("UN/unicef"), each day within the span
the coverage counts for it, and the holders are its officials on that day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROLES = ("head-of-state", "head-of-government", "foreign-minister", "defence-minister")


def draw(
    kb, seed: int, n: int, since: dt.date, until: dt.date, held_only: bool = False
) -> list[tuple[str, str, dt.date]]:
    """``held_only``: draw the state and office again when the state does not have that office, and move a
    day before the state existed to its first day."""
    rng = random.Random(seed)
    states = sorted(code for code, c in kb.countries.items() if c.listed)
    span = (until - since).days
    out = []
    for _ in range(n):
        state, role = rng.choice(states), rng.choice(ROLES)
        while held_only and role in kb.countries[state].no_office:
            state, role = rng.choice(states), rng.choice(ROLES)
        day = since + dt.timedelta(days=rng.randrange(span + 1))
        out.append((state, role, max(day, kb.countries[state].since or day) if held_only else day))
    return out


def draw_organisations(kb, seed: int, n: int, since: dt.date, until: dt.date) -> list[tuple[str, dt.date]]:
    """(organisation or "ORG/institution", day) pairs, each day within the period the coverage counts for it."""
    from diplograph.kb.coverage import coverage

    spans = {}
    for org in kb.organisations.values():
        first = max(since, org.since or since, org.officials_since or since)
        spans.setdefault(org.code if org.kind == "organisation" else f"{org.code}/{org.id}", (first, org.until))
    _, rows = coverage(kb, since, until)
    bodies = sorted(r.code for r in rows if r.officials)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        body = rng.choice(bodies)
        first, last = spans[body][0], min(until, spans[body][1] or until)
        out.append((body, first + dt.timedelta(days=rng.randrange((last - first).days + 1))))
    return out


def officials(kb, body: str, day: dt.date):
    """(person, office) for every official of the organisation (or of the institution, "UN/unicef") on ``day``."""
    code, _, institution = body.partition("/")
    for person in kb.people.values():
        for office in person.offices:
            if office.affiliation == code and office.covers(day) and (not institution or office.body == institution):
                yield person, office


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--since", type=dt.date.fromisoformat, default=dt.date(2000, 1, 1))
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--held-only", action="store_true", help="only offices the state has, from its first day")
    parser.add_argument("--organisations", action="store_true", help="draw (organisation, day) pairs instead")
    parser.add_argument("--data-dir", help="a knowledge-base data directory (default: shipped)")
    args = parser.parse_args()

    from diplograph.kb import KnowledgeBase

    kb = KnowledgeBase(Path(args.data_dir)) if args.data_dir else KnowledgeBase.default()
    if args.organisations:
        print(f"seed {args.seed}, {args.n} pairs over {args.since} to {args.until}\n")
        print("| # | organisation | day | knowledge base | office | tenure | source |")
        print("|---:|---|---|---|---|---|---|")
        for i, (body, day) in enumerate(draw_organisations(kb, args.seed, args.n, args.since, args.until), 1):
            held = sorted(officials(kb, body, day), key=lambda t: (t[1].role, t[0].id))
            if not held:
                print(f"| {i} | {body} | {day} | none | | | |")
            for person, office in held:
                tenure = f"{office.start or '?'} to {office.end or 'now'}" + (
                    f" ({office.note})" if office.note else ""
                )
                title = office.title or office.role
                print(f"| {i} | {body} | {day} | {person.names[0]} | {title} | {tenure} | {office.source or ''} |")
        return 0
    print(f"seed {args.seed}, {args.n} triples over {args.since} to {args.until}\n")
    print("| # | state | office | day | knowledge base | tenure | source |")
    print("|---:|---|---|---|---|---|---|")
    for i, (state, role, day) in enumerate(draw(kb, args.seed, args.n, args.since, args.until, args.held_only), 1):
        holders = kb.holders(role, state, day)
        if not holders:
            print(f"| {i} | {state} | {role} | {day} | none | | |")
        for person in holders:
            office = next(o for o in person.offices if o.role == role and o.affiliation == state and o.covers(day))
            tenure = f"{office.start or '?'} to {office.end or 'now'}" + (f" ({office.note})" if office.note else "")
            print(f"| {i} | {state} | {role} | {day} | {person.names[0]} | {tenure} | {office.source or ''} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
