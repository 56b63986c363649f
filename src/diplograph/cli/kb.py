"""diplograph kb: look up how a name or title resolves on a date, or validate the data files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .common import date


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "kb",
        help="query or validate the knowledge base",
        description="Look up how a name or title resolves on a date, or validate the data files.",
    )
    kbsub = p.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    lk = kbsub.add_parser(
        "lookup", help="resolve a name or title", description="Show the actors a name or title resolves to, on a date."
    )
    lk.add_argument("query", metavar="TEXT")
    lk.add_argument("--on", type=date, metavar="YYYY-MM-DD", help="the date of the text (default: none)")
    lk.add_argument(
        "--lang", metavar="CODE", help="the language of the text (default: language.default of the configuration)"
    )
    va = kbsub.add_parser(
        "validate",
        help="load every data file, check the tenures, report counts",
        description=(
            "Load and validate every knowledge-base data file and every language file, then check the tenures of "
            "the core offices of every listed state (overlapping holders, empty offices, dates that look like "
            "placeholders); one line per problem on stderr. A warning noted in check_exceptions.yaml, with the reason "
            "it is left, is counted, not printed. Exit status 1 on an error, or with --strict on a warning not "
            "noted, or a note that matches no warning."
        ),
    )
    va.add_argument(
        "--strict", action="store_true", help="fail on warnings too, except those noted in check_exceptions.yaml"
    )
    va.add_argument("--noted", action="store_true", help="print the noted warnings too, with their reasons")
    va.add_argument("--data-dir", type=Path, metavar="DIR", help="a knowledge-base data directory (default: shipped)")
    cv = kbsub.add_parser(
        "coverage",
        help="how many listed states have a holder of each core office",
        description=(
            "For each region (or subregion) and core office (head-of-state, head-of-government, foreign-minister, "
            "defence-minister): the listed states with a holder (or a vacancy noted vacant-after on the tenure "
            "before it) on every day from --since to --until, and with any holder in that period; then the organisations "
            "with officials, the same over all their officials, and each institution some office heads (UN/unhcr) over its "
            "heads; then the organisations without officials. "
            "With --gaps, the periods themselves; with --unsourced, the tenures counted that record no source."
        ),
    )
    cv.add_argument("--since", type=date, default=dt.date(2000, 1, 1), metavar="YYYY-MM-DD", help="default: 2000-01-01")
    cv.add_argument("--until", type=date, metavar="YYYY-MM-DD", help="default: today")
    cv.add_argument("--by", choices=("region", "subregion"), default="region")
    cv.add_argument("--format", choices=("text", "json"), default="text")
    cv.add_argument(
        "--gaps",
        action="store_true",
        help="list instead every period with no holder and no noted vacancy, one line each: "
        "code, office, first..last day, days, the holders around it",
    )
    cv.add_argument("--min-days", type=int, default=1, metavar="N", help="with --gaps: periods of N days or more")
    cv.add_argument(
        "--unsourced",
        action="store_true",
        help="list instead every tenure counted in the period that records no source, one line each: "
        "code, office, start..end, person id, name",
    )
    cv.add_argument("--data-dir", type=Path, metavar="DIR", help="a knowledge-base data directory (default: shipped)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return {"lookup": lookup, "validate": validate, "coverage": coverage}[args.kb_command](args)


def _load(args: argparse.Namespace):
    from ..kb import KnowledgeBase

    return KnowledgeBase(args.data_dir) if args.data_dir else KnowledgeBase.default()


def coverage(args: argparse.Namespace) -> int:
    """The coverage table (or JSON) of the core offices by region, and of the organisations."""
    from ..kb.coverage import coverage as compute
    from ..kb.coverage import table

    until = args.until or dt.date.today()
    if args.gaps:
        return _gaps(args, until)
    if args.unsourced:
        return _unsourced(args, until)
    rows, orgs = compute(_load(args), args.since, until, args.by)
    if args.format == "json":
        out = {
            "since": args.since.isoformat(),
            "until": until.isoformat(),
            "by": args.by,
            "rows": [r.to_dict() for r in rows],
            "organisations": [o.to_dict() for o in orgs],
        }
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(
            f"listed states with a holder from {args.since} to {until}: on every day (or a noted vacancy) / on any day"
        )
        print(table(rows, orgs, args.by))
    return 0


def _gaps(args: argparse.Namespace, until: dt.date) -> int:
    """The periods the coverage counts as not held, one line (or one JSON object) each."""
    from ..kb.coverage import gaps

    found = gaps(_load(args), args.since, until, args.min_days)
    if args.format == "json":
        out = {"since": args.since.isoformat(), "until": until.isoformat(), "gaps": [g.to_dict() for g in found]}
        print(json.dumps(out, ensure_ascii=False))
    else:
        print("\n".join(str(g) for g in found))
        print(
            f"{len(found)} periods of at least {args.min_days} day{'s' if args.min_days != 1 else ''} with no holder "
            "and no noted vacancy",
            file=sys.stderr,
        )
    return 0


def _unsourced(args: argparse.Namespace, until: dt.date) -> int:
    """The tenures the coverage counts that record no source, one line (or one JSON object) each."""
    from ..kb.coverage import unsourced

    found, total = unsourced(_load(args), args.since, until)
    if args.format == "json":
        out = {"since": args.since.isoformat(), "until": until.isoformat(), "tenures": total}
        print(json.dumps(out | {"unsourced": [u.to_dict() for u in found]}, ensure_ascii=False))
    else:
        print("\n".join(str(u) for u in found))
        print(f"{len(found)} of {total} tenures from {args.since} to {until} record no source", file=sys.stderr)
    return 0


def validate(args: argparse.Namespace) -> int:
    """Every problem of the knowledge base and of the language files, one line each; counts when none."""
    from ..errors import KnowledgeBaseError
    from ..kb import KnowledgeBase
    from ..kb.checks import check, counts, read_noted, sort_out
    from ..lang.schema import validate_languages

    problems: list[str] = []
    kb, noted = None, []
    try:
        kb = KnowledgeBase(args.data_dir) if args.data_dir else KnowledgeBase.default()
        noted = read_noted(kb.data_dir)
    except KnowledgeBaseError as exc:  # the knowledge base stops at its first broken entry
        problems.append(str(exc))
    problems += validate_languages()
    found, explained, stale = sort_out(check(kb) if kb is not None else [], noted)
    for problem in problems:
        print(f"diplograph: {problem}", file=sys.stderr)
    for finding in found:
        print(f"diplograph: {finding}", file=sys.stderr)
    for note in stale:
        print(
            f"diplograph: warning: check_exceptions.yaml: {note}: matches no warning any more (remove it)",
            file=sys.stderr,
        )
    if args.noted:
        reasons = {n.key: n.reason for n in noted}
        for finding in explained:
            reason = reasons[(finding.rule, finding.person, finding.role, finding.affiliation)]
            print(f"diplograph: noted {finding} (why left: {reason})", file=sys.stderr)
    errors = [f for f in found if f.level == "error"]
    warnings = [f for f in found if f.level == "warning"]
    if problems or kb is None or errors:
        return 1
    by_rule = ", ".join(f"{rule} {n}" for rule, n in counts(warnings).items() if n)
    summary = f"; {len(warnings)} warnings ({by_rule})" if warnings else "; no warning"
    summary += f", {len(explained)} noted in check_exceptions.yaml" if explained else ""
    summary += f", {len(stale)} stale exceptions" if stale else ""
    print(
        f"{len(kb.countries)} states, {len(kb.places)} places, {len(kb.organisations)} organisations, "
        f"{len(kb.people)} people: all files valid" + summary
    )
    return 1 if args.strict and (warnings or stale) else 0


def lookup(args: argparse.Namespace) -> int:
    """The actors ``args.query`` resolves to on ``args.on``, one JSON line each."""
    from ..errors import DiplographError
    from ..kb import KnowledgeBase
    from ..lang import codes, pack_class
    from ..stages.actors import ActorResolver

    kb = KnowledgeBase.default()
    from ..config import Config

    code = args.lang or Config.load()["language"]["default"]
    pack = pack_class(code)
    if pack is None:
        raise DiplographError(f"no language pack for {code!r} (packs: {', '.join(codes())})")
    doc = ActorResolver(kb, pack()).resolve(args.query, args.on)
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
