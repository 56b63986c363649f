"""Peer check: the English pipeline on the peers' own test sentences, scored per dataset.

    python benchmarks/peer_check.py [--json FILE] [--floors FILE]

Reads ../shared/peer/union_sentence_level_events.jsonl (never copied into the project), keeps its English
sentences (PETRARCH-2's validation set, the PLOVER gold standard, the CAMEO manual's examples) and runs each
through the pipeline as one document dated by the sentence's date (``YYYYMMDD`` or ``YYYY-MM-DD``; a date of
another form is dropped), so relative dates and office holders resolve on that day. Language identification
chooses among English alone (configuration ``language.candidates: [en]``); a sentence still read as another
language is counted. Prints one Markdown row per dataset and one for all of them:

- **CONSULT recall**: sentences with an expected CONSULT (PLOVER ``CONSULT`` or CAMEO 04x) where the pipeline
  finds a contact; **CONSULT actors**: of those whose expected actors the knowledge base knows, the share where
  one contact's participants' affiliations include them all.
- **Statements**: precision and recall of statement types, counted once per sentence and type. The expected
  type of an event: PLOVER REQUEST, SUPPORT, ACCUSE, REJECT and THREATEN are the contract's types of the same
  name; PLOVER AGREE is the contract's AGREE or COOPERATE (the contract's COOPERATE, readiness to cooperate, is
  PLOVER's AGREE: ``kb/data/codes.yaml``); a CAMEO 02x appeal, which PLOVER drops, is REQUEST. Investigations
  (CAMEO 09x, which PLOVER files under ACCUSE), PLOVER's COOPERATE (material cooperation) and every other type
  are no statement. A negated statement reports no event and is left out.
- **Source/target**: of the sentence-and-type pairs found, those with an expected event whose actors the
  knowledge base knows: the share where one predicted statement's source and target include that event's
  source and target (both sides of a symmetric event, "A and B agreed", in its source or target).
- **No-event FP**: share of ``no_event`` sentences where the pipeline outputs any contact or statement.

An actor code is known when it is a state or organisation code of the knowledge base, or a CAMEO actor code
made of a known state and state sectors only (``USAGOV``, ``IRQGOVMIL``: the government, forces, legislature or
courts of that state), or a CAMEO code of an organisation the knowledge base holds (``IGOEUREEC`` is ``EU``).
Opposition, rebels, civilians and invented or dated codes (``ITL``, ``IGO``) are not scored.

``--json FILE`` writes every figure, with its counts and the per-type scores, keyed ``peer/<dataset>`` and
``peer/total``. ``--floors FILE`` reads floors in the form of eval/baseline.json (``{"peer/total":
{"statement_f1": 0.31, ...}}``; groups not named ``peer/...`` are ignored) and exits 1 when a figure is below
its floor. Every figure there is higher-is-better: ``no_event_clean`` is one minus the no-event FP rate.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_FILE = ROOT.parent / "shared" / "peer" / "union_sentence_level_events.jsonl"
PREFIX = "peer/"
CONFIG = {"language": {"candidates": ["en"]}}

# expected PLOVER type -> the family of contract types a prediction may have to match it
FAMILY = {t: t for t in ("REQUEST", "AGREE", "SUPPORT", "ACCUSE", "REJECT", "THREATEN")}
# predicted contract type -> its family (the contract's COOPERATE is PLOVER's AGREE)
PREDICTED_FAMILY = {**FAMILY, "COOPERATE": "AGREE"}
STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
# CAMEO organisation codes (a prefix stands for its sub-bodies: IGOUNOMIL is UN forces) -> knowledge-base codes
CAMEO_ORGS = {"IGOEUREEC": "EU", "IGOUNO": "UN", "IGOWSTNAT": "NATO"}
MEASURES = (
    "consult_recall",
    "consult_actors",
    "statement_precision",
    "statement_recall",
    "statement_actors",
    "no_event_clean",
)


# --- reading the peer file ------------------------------------------------------------------------


def read_sentences(path: Path = PEER_FILE, lang: str = "en") -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if r.get("lang") == lang]


def iso_date(value: str | None) -> str | None:
    """``20080804`` or ``2008-08-04`` as ``2008-08-04``; None for anything else (the peers' ``121108``)."""
    value = (value or "").strip()
    if len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    if len(value) == 10 and value[4] == value[7] == "-" and value.replace("-", "").isdigit():
        return value
    return None


# --- what the peers expect --------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One expected event: its statement family (None when it is no statement of the contract), whether it is
    a CONSULT, and its actors as knowledge-base codes (None when either side is missing or unknown)."""

    family: str | None
    consult: bool
    sources: frozenset[str] | None
    targets: frozenset[str] | None
    symmetric: bool = False

    @property
    def scorable(self) -> bool:
        return self.sources is not None and self.targets is not None

    @property
    def codes(self) -> frozenset[str]:
        return (self.sources or frozenset()) | (self.targets or frozenset())


def expected_family(event: dict) -> str | None:
    cameo, plover = str(event.get("cameo") or ""), event.get("plover") or ""
    if cameo.startswith("09") or event.get("plover_0.5b1") == "INVESTIGATE":
        return None
    if plover in FAMILY:
        return FAMILY[plover]
    if not plover and cameo.startswith("02"):
        return "REQUEST"
    return None


def known_code(code: str, sector: str, known: set[str]) -> str | None:
    """The knowledge-base code a peer actor code stands for, or None (see the module docstring)."""
    code, sector = (code or "").strip().upper(), (sector or "").strip().upper()
    for cameo, ours in CAMEO_ORGS.items():
        if code.startswith(cameo) and ours in known:
            return ours
    state, rest = code[:3], code[3:] + sector
    if state not in known or len(rest) % 3:
        return None
    if all(rest[i : i + 3] in STATE_SECTORS for i in range(0, len(rest), 3)):
        return state
    return None


def _side(actors: list[tuple[str, str]], known: set[str]) -> frozenset[str] | None:
    codes = [known_code(code, sector, known) for code, sector in actors]
    if not codes or None in codes:
        return None
    return frozenset(codes)


def expected_actors(event: dict, known: set[str]) -> tuple[frozenset | None, frozenset | None, bool]:
    """(sources, targets, symmetric). PETRARCH-2 gives one code a side; the PLOVER gold standard gives lists,
    and several sources with no target for a joint act ("Hungarian and Romanian officials agreed")."""
    if "source_code" in event:
        src = [(event.get("source_code") or "", "")]
        tgt = [(event.get("target_code") or "", "")]
    else:
        src = [(a.get("code", ""), a.get("sector", "")) for a in event.get("source") or []]
        tgt = [(a.get("code", ""), a.get("sector", "")) for a in event.get("target") or []]
        if not tgt and len(src) >= 2:
            both = _side(src, known)
            return both, both, True
    return _side(src, known), _side(tgt, known), False


def expected_events(row: dict, known: set[str]) -> list[Expected]:
    """The sentence's expected events; an event coded both ways (PETRARCH-2's A->B and B->A of one type) is
    a joint act, scored as symmetric."""
    out = []
    for event in row.get("events") or []:
        cameo = str(event.get("cameo") or "")
        consult = event.get("plover") == "CONSULT" or cameo.startswith("04")
        sources, targets, symmetric = expected_actors(event, known)
        out.append(Expected(expected_family(event), consult, sources, targets, symmetric))
    pairs = {(e.family, e.sources, e.targets) for e in out if e.scorable}
    return [replace(e, symmetric=True) if e.scorable and (e.family, e.targets, e.sources) in pairs else e for e in out]


# --- scoring ----------------------------------------------------------------------------------------


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class Tally:
    """The counts of one dataset (or of all of them)."""

    sentences: int = 0
    not_english: int = 0
    errors: int = 0
    undated: int = 0
    ratios: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))

    def add(self, measure: str, hit: bool) -> None:
        self.ratios[measure].add(hit)

    def value(self, measure: str) -> float | None:
        return self.ratios[measure].value if measure in self.ratios else None

    def f1(self) -> float | None:
        p, r = self.value("statement_precision"), self.value("statement_recall")
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def affiliations(contact: dict) -> set[str]:
    return {p.get("affiliation") for p in contact.get("participants") or [] if p.get("affiliation")}


def statement_agrees(statement: dict, exp: Expected) -> bool:
    source, target = set(statement.get("source") or ()), set(statement.get("target") or ())
    if exp.symmetric:
        return exp.codes <= source | target
    return exp.sources <= source and exp.targets <= target


def score_consult(tally: Tally, expected: list[Expected], record: dict) -> None:
    consults = [e for e in expected if e.consult]
    if not consults:
        return
    contacts = record.get("contacts") or []
    tally.add("consult_recall", bool(contacts))
    scorable = [e for e in consults if e.scorable]
    if scorable:
        found = any(e.codes <= affiliations(c) for e in scorable for c in contacts)
        tally.add("consult_actors", found)


def score_statements(tally: Tally, expected: list[Expected], record: dict) -> None:
    """Precision and recall over (sentence, type) pairs, per type and overall; source/target agreement on the
    pairs found."""
    statements = [s for s in record.get("statements") or [] if not s.get("negated")]
    want = {e.family for e in expected if e.family}
    predicted_types = {s["type"] for s in statements if s.get("type") in PREDICTED_FAMILY}
    got = {PREDICTED_FAMILY[t] for t in predicted_types}
    for kind in predicted_types:
        tally.add(f"precision:{kind}", PREDICTED_FAMILY[kind] in want)
    for family in got:
        tally.add("statement_precision", family in want)
    for family in want:
        tally.add("statement_recall", family in got)
        tally.add(f"recall:{family}", family in got)
    for family in want & got:
        scorable = [e for e in expected if e.family == family and e.scorable]
        mine = [s for s in statements if PREDICTED_FAMILY.get(s.get("type")) == family]
        if scorable:
            tally.add("statement_actors", any(statement_agrees(s, e) for s in mine for e in scorable))


def score_sentence(tally: Tally, row: dict, record: dict, known: set[str]) -> None:
    tally.sentences += 1
    tally.undated += iso_date(row.get("date")) is None
    if "error" in record:
        tally.errors += 1
    elif record.get("language") != "en":
        tally.not_english += 1
    expected = expected_events(row, known)
    score_consult(tally, expected, record)
    score_statements(tally, expected, record)
    if row.get("no_event"):
        tally.add("no_event_clean", not (record.get("contacts") or record.get("statements")))


# --- running ----------------------------------------------------------------------------------------


def load_pipeline():
    import diplograph

    return diplograph.load(config=CONFIG)


def predict(rows: list[dict], pipeline) -> list[dict]:
    """One record (as a dict) per sentence, in order; a failed sentence is its error record."""
    from diplograph.readers import RawDocument

    docs = [
        RawDocument(f"{r['dataset']}#{i}", r["text"], r.get("id") or str(i), published=iso_date(r.get("date")))
        for i, r in enumerate(rows)
    ]
    return [record.to_dict() for record in pipeline.pipe(docs)]


def known_codes(kb) -> set[str]:
    return set(kb.countries) | set(kb.org_by_code)


def check(rows: list[dict], pipeline=None) -> dict[str, Tally]:
    """The tallies of each dataset of ``rows`` and of all of them (key ``total``)."""
    pipeline = pipeline or load_pipeline()
    known = known_codes(pipeline.kb)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row, record in zip(rows, predict(rows, pipeline), strict=True):
        for name in (row["dataset"], "total"):
            score_sentence(tallies[name], row, record, known)
    return dict(sorted(tallies.items(), key=lambda kv: (kv[0] == "total", kv[0])))


# --- reporting --------------------------------------------------------------------------------------


def figures(tally: Tally) -> dict:
    """Every figure of one tally, as --json writes it."""
    out: dict = {m: _round(tally.value(m)) for m in MEASURES}
    out["statement_f1"] = _round(tally.f1())
    out["sentences"] = tally.sentences
    out["not_english"], out["errors"], out["undated"] = tally.not_english, tally.errors, tally.undated
    out["counts"] = {m: [r.hits, r.total] for m, r in sorted(tally.ratios.items())}
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _cell(ratio: Ratio | None, invert: bool = False) -> str:
    if ratio is None or not ratio.total:
        return "–"
    hits = ratio.total - ratio.hits if invert else ratio.hits
    return f"{hits / ratio.total:.2f} ({hits}/{ratio.total})"


def table(tallies: dict[str, Tally]) -> str:
    head = (
        "| dataset | sentences | CONSULT recall | CONSULT actors | statement P | statement R | statement F1 "
        "| source/target | no-event FP |"
    )
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, t in tallies.items():
        r = t.ratios
        f1 = t.f1()
        cells = [
            f"**{name}**" if name == "total" else name,
            str(t.sentences),
            _cell(r.get("consult_recall")),
            _cell(r.get("consult_actors")),
            _cell(r.get("statement_precision")),
            _cell(r.get("statement_recall")),
            "–" if f1 is None else f"{f1:.2f}",
            _cell(r.get("statement_actors")),
            _cell(r.get("no_event_clean"), invert=True),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def type_table(tally: Tally) -> str:
    """Precision of each predicted contract type and recall of each expected type: PLOVER's AGREE is found by an
    AGREE or a COOPERATE, so COOPERATE has no recall of its own."""
    lines = ["| type | precision | recall |", "| --- | ---: | ---: |"]
    for kind in PREDICTED_FAMILY:
        recall = "in AGREE" if kind == "COOPERATE" else _cell(tally.ratios.get(f"recall:{kind}"))
        label = "AGREE (recall: AGREE or COOPERATE)" if kind == "AGREE" else kind
        lines.append(f"| {label} | {_cell(tally.ratios.get(f'precision:{kind}'))} | {recall} |")
    return "\n".join(lines)


def below_floors(results: dict[str, dict], floors: dict[str, dict]) -> list[str]:
    """``group.measure: score < floor`` for every peer figure under its floor (a missing figure is below)."""
    out = []
    for group, measures in floors.items():
        if not group.startswith(PREFIX):
            continue
        for measure, floor in measures.items():
            score = results.get(group, {}).get(measure)
            if score is None or score + 1e-9 < floor:
                out.append(f"{group}.{measure}: {score} < {floor}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--floors", type=Path, metavar="FILE", help="exit 1 if a figure is below its floor here")
    parser.add_argument("--peer-file", type=Path, default=PEER_FILE, help=argparse.SUPPRESS)
    args = parser.parse_args()
    tallies = check(read_sentences(args.peer_file))
    print(table(tallies))
    print(f"\nBy type, all datasets:\n\n{type_table(tallies['total'])}")
    total = tallies["total"]
    print(
        f"\n{total.not_english} sentences read as another language or none, {total.errors} error records, "
        f"{total.undated} undated"
    )
    results = {f"{PREFIX}{name}": figures(t) for name, t in tallies.items()}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.floors:
        below = below_floors(results, json.loads(args.floors.read_text(encoding="utf-8")))
        for line in below:
            print(f"below floor: {line}", file=sys.stderr)
        return 1 if below else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
