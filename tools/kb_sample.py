"""Draw a random sample of (state, core office, day) triples and print the holders the knowledge base gives,
for an audit against public sources (docs/kb-audit-*.tsv records one, with its verdicts and sources).

python tools/kb_sample.py SEED N
"""

from __future__ import annotations

import argparse
import datetime as dt
import random

from diplograph.kb import KnowledgeBase
from diplograph.kb.checks import CORE_ROLES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=int)
    parser.add_argument("n", type=int)
    parser.add_argument("--since", type=dt.date.fromisoformat, default=dt.date(2000, 1, 1))
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    args = parser.parse_args()
    kb = KnowledgeBase.default()
    rng = random.Random(args.seed)
    states = sorted(code for code, country in kb.countries.items() if country.listed)
    for i in range(args.n):
        while True:  # an office the state has
            code, role = rng.choice(states), rng.choice(CORE_ROLES)
            country = kb.countries[code]
            if role not in country.no_office:
                break
        day = args.since + dt.timedelta(days=rng.randrange((args.until - args.since).days + 1))
        day = max(day, country.since or day)  # not before the state existed
        holders = "; ".join(f"{p.id} ({p.names[0]})" for p in kb.holders(role, code, day)) or "NONE"
        print(f"{i + 1}\t{code}\t{role}\t{day}\t{holders}")


if __name__ == "__main__":
    main()
