"""Consistency checks of the knowledge base's tenures: for every listed state and each core office, whether
its holders overlap, leave it empty, or carry dates that look like placeholders.

Loading already refuses what cannot be read (a bad date, an end before the start); these checks find what
reads well but is likely wrong. ``check(kb)`` returns one ``Problem`` per finding; an error fails
``diplograph kb validate``, a warning fails it only with ``--strict``.

- ``overlap`` (warning): two holders of one office on the same days for more than ``OVERLAP_DAYS`` days (a
  month or a year when a tenure is dated only that closely), neither with a ``note`` (acting, interim,
  disputed, caretaker, vacant-after, co-holder) saying why. A title such as "le président français" then has
  two answers. A warning, not an error: most are a real acting or rival holder whose note is missing, and
  the people files are being completed; ``--strict`` fails on them.
- ``gap`` (warning): the office has no holder for more than ``GAP_DAYS`` days, from its first recorded holder
  up to the check's day, unless the tenure before the gap ends with note ``vacant-after`` or the next
  holder's is ``acting`` or ``interim``. A gap is often a holder the data does not list yet, not a mistake in
  what it lists, so it does not fail validation.
- ``placeholder`` (warning): a tenure starting or ending on the first day of a month (1 January included) at
  precision ``day``: often a month or a year written as a day. Write ``2019-05`` or ``2019``, or set
  ``precision: month|year``, when the source gives no day.
- ``order`` (error): an end before the start (the loader refuses it first; kept for offices built in code).

Only ``order`` is an error; the others need a source to settle, so they are warnings.

A warning that was looked into and could not be settled is noted in ``kb/data/check_exceptions.yaml`` (its
rule, person, office and the reason); ``kb validate`` counts it as noted, and ``--strict`` fails only on the
warnings not noted, and on a note that no longer matches any warning (so that the list shrinks as the data
improves).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..errors import KnowledgeBaseError
from .files import read_yaml

CORE_ROLES = ("head-of-state", "head-of-government", "foreign-minister", "defence-minister")
OVERLAP_DAYS = 7
GAP_DAYS = 60
# a tenure dated only to the month or the year may overlap its neighbour by that much
_SLACK = {"day": 0, "month": 31, "year": 366}
# notes that explain an overlap, and those that explain an empty office before or after them
_GAP_BEFORE = frozenset({"vacant-after"})
_GAP_AFTER = frozenset({"acting", "interim"})
RULES = {"order": "error", "overlap": "warning", "gap": "warning", "placeholder": "warning"}


@dataclass(frozen=True)
class Problem:
    rule: str  # overlap | gap | placeholder | order
    file: str  # the people file, relative to the data directory
    person: str
    role: str
    affiliation: str
    detail: str

    @property
    def level(self) -> str:
        return RULES[self.rule]

    def __str__(self) -> str:
        return f"{self.level}: {self.file}: {self.person}, {self.role} {self.affiliation}: {self.rule}: {self.detail}"


@dataclass(frozen=True)
class Noted:
    """A warning looked into and left, with why: it matches the problems of its rule, person and office."""

    rule: str
    person: str
    role: str
    affiliation: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.rule, self.person, self.role, self.affiliation

    def __str__(self) -> str:
        return f"{self.person}, {self.role} {self.affiliation}: {self.rule}"


def read_noted(data_dir) -> list[Noted]:
    """The noted exceptions of ``check_exceptions.yaml`` in ``data_dir`` (none when it is absent)."""
    path = data_dir / "check_exceptions.yaml"
    if not path.exists():
        return []
    out = []
    for i, entry in enumerate(read_yaml(path).get("exceptions") or [], 1):
        fields = [entry.get(k) if isinstance(entry, dict) else None for k in ("rule", "person", "role", "affiliation")]
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if RULES.get(fields[0]) != "warning" or not all(isinstance(f, str) and f for f in fields):
            raise KnowledgeBaseError(str(path), f"exception {i}: needs a warning's rule, person, role and affiliation")
        if not isinstance(reason, str) or not reason.strip():
            raise KnowledgeBaseError(str(path), f"exception {i} ({fields[1]}): needs the reason it is left")
        out.append(Noted(*fields, reason.strip()))
    return out


def sort_out(problems: list[Problem], noted: list[Noted]) -> tuple[list[Problem], list[Problem], list[Noted]]:
    """(the problems no exception notes, the warnings one does, the exceptions that match no warning)."""
    by_key = {n.key: n for n in noted}
    matched: set[tuple[str, str, str, str]] = set()
    open_, explained = [], []
    for p in problems:
        key = (p.rule, p.person, p.role, p.affiliation)
        if p.level == "warning" and key in by_key:
            explained.append(p)
            matched.add(key)
        else:
            open_.append(p)
    return open_, explained, [n for n in noted if n.key not in matched]


def check(kb, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the core offices of the listed states, ordered by state, office and date."""
    today = today or dt.date.today()
    files = _files_of_people(kb)
    by_office: dict[tuple[str, str], list] = defaultdict(list)
    for person in kb.people.values():
        for office in person.offices:
            if office.role in CORE_ROLES and office.affiliation in kb.countries:
                by_office[(office.affiliation, office.role)].append((person.id, office))
    problems: list[Problem] = []
    for code, country in sorted(kb.countries.items()):
        if not country.listed:
            continue
        for role in CORE_ROLES:
            tenures = sorted(by_office.get((code, role), ()), key=lambda t: (t[1].start or dt.date.min, t[0]))
            found = _order(tenures) + _placeholders(tenures) + _overlaps(tenures) + _gaps(tenures, today)
            problems += [
                Problem(rule, files.get(pid, "people"), pid, role, code, detail) for rule, pid, detail in found
            ]
    return problems


def _files_of_people(kb) -> dict[str, str]:
    out = {}
    for path in sorted((kb.data_dir / "people").glob("*.yaml")):
        for entry in read_yaml(path).get("people") or []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                out.setdefault(entry["id"], f"people/{path.name}")
    return out


def _span(office) -> str:
    return f"{office.start or '?'}..{office.end or ''}"


def _order(tenures) -> list[tuple[str, str, str]]:
    return [
        ("order", pid, f"{_span(o)} ends before it starts")
        for pid, o in tenures
        if o.start and o.end and o.end < o.start
    ]


def _placeholders(tenures) -> list[tuple[str, str, str]]:
    out = []
    for pid, office in tenures:
        if office.precision != "day" or office.exact:  # dated no closer, or the 1st of a month as the source says
            continue
        for which, day in (("start", office.start), ("end", office.end)):
            if day is not None and day.day == 1:
                kind = "1 January" if day.month == 1 else "the 1st of a month"
                out.append(("placeholder", pid, f"{which} {day} is {kind}: a day, or a month or year written as one?"))
    return out


def _overlaps(tenures) -> list[tuple[str, str, str]]:
    out = []
    for i, (pid_a, a) in enumerate(tenures):
        for pid_b, b in tenures[i + 1 :]:
            if pid_a == pid_b or a.note or b.note:
                continue
            first = max(a.start or dt.date.min, b.start or dt.date.min)
            last = min(a.end or dt.date.max, b.end or dt.date.max)
            allowed = max(OVERLAP_DAYS, _SLACK[a.precision], _SLACK[b.precision])
            if first > last or (last - first).days + 1 <= allowed:
                continue
            days = "to this day" if last == dt.date.max else f"{(last - first).days + 1} days"
            out.append(("overlap", pid_b, f"{_span(b)} overlaps {pid_a} {_span(a)} from {first} ({days})"))
    return out


def _gaps(tenures, today: dt.date) -> list[tuple[str, str, str]]:
    """Empty stretches of the office after its first holder; ``tenures`` are sorted by start."""
    out = []
    covered, last = None, None  # the day the office is held up to so far, and the tenure that reaches it
    for pid, office in tenures:
        if office.start is None:
            covered, last = _later(covered, last, office, pid)
            continue
        if covered is not None and covered != dt.date.max:
            empty = (office.start - covered).days - 1
            allowed = max(GAP_DAYS, _SLACK[office.precision], _SLACK[last[1].precision])
            if empty > allowed and last[1].note not in _GAP_BEFORE and office.note not in _GAP_AFTER:
                detail = f"{_span(office)}: no holder for {empty} days after {last[0]} {_span(last[1])}"
                out.append(("gap", pid, detail))
        covered, last = _later(covered, last, office, pid)
    if covered is not None and covered != dt.date.max and (today - covered).days > GAP_DAYS:
        if last[1].note not in _GAP_BEFORE:
            out.append(("gap", last[0], f"{_span(last[1])}: no holder since, {(today - covered).days} days to {today}"))
    return out


def _later(covered, last, office, pid):
    end = office.end or dt.date.max
    return (end, (pid, office)) if covered is None or end > covered else (covered, last)


def counts(problems: list[Problem]) -> dict[str, int]:
    """How many problems each rule found, every rule named."""
    out = dict.fromkeys(RULES, 0)
    for p in problems:
        out[p.rule] += 1
    return out
