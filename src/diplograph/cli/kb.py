"""diplograph kb: look up how a name or title resolves on a date, or validate the data files."""

from __future__ import annotations

import argparse
import json
import sys

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
    kbsub.add_parser(
        "validate",
        help="load every data file and report counts",
        description="Load and validate every knowledge-base data file and every language file; one line per problem.",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return lookup(args) if args.kb_command == "lookup" else validate(args)


def validate(args: argparse.Namespace) -> int:
    """Every problem of the knowledge base and of the language files, one line each; counts when none."""
    from ..errors import KnowledgeBaseError
    from ..kb import KnowledgeBase
    from ..lang.schema import validate_languages

    problems: list[str] = []
    kb = None
    try:
        kb = KnowledgeBase.default()
    except KnowledgeBaseError as exc:  # the knowledge base stops at its first broken entry
        problems.append(str(exc))
    problems += validate_languages()
    for problem in problems:
        print(f"diplograph: {problem}", file=sys.stderr)
    if problems or kb is None:
        return 1
    print(
        f"{len(kb.countries)} states, {len(kb.places)} places, {len(kb.organisations)} organisations, "
        f"{len(kb.people)} people: all files valid"
    )
    return 0


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
