"""How completely the knowledge base covers the offices it resolves titles to: for each region (or subregion)
and core office, how many listed states have a holder on every day of a period (or, between holders, a
vacancy a source shows: a tenure noted ``vacant-after``), and how many have any holder in it; for each
organisation with officials, the same over all its officials, and for each institution whose head an office
names as its ``body`` (UNHCR within the UN), over those offices, as ``UN/unhcr``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .checks import CORE_ROLES


@dataclass
class Row:
    group: str  # a region or subregion
    role: str
    states: int = 0
    full: int = 0  # a holder (or a noted vacancy) on every day of the period
    any: int = 0  # a holder on at least one day of it
    partial: list[str] = field(default_factory=list)  # held on some days only
    missing: list[str] = field(default_factory=list)  # no holder in the period
    no_office: list[str] = field(default_factory=list)  # states without the office (counted as covered)
    created: list[str] = field(default_factory=list)  # "BIH 2004-03-15": an office created in the period, from then

    def to_dict(self) -> dict:
        keys = ("group", "role", "states", "full", "any", "partial", "missing", "no_office", "created")
        return {k: getattr(self, k) for k in keys}


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    officials: int  # people with an office of the organisation, whenever
    full: bool
    any: bool
    officials_since: dt.date | None = None  # counted from then: its first office began after it was founded

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in ("code", "name", "officials", "full", "any")}
        return out | {"officials_since": self.officials_since.isoformat() if self.officials_since else None}


@dataclass(frozen=True)
class Gap:
    code: str  # a state or an organisation
    role: str  # a core office, or "*" for all of an organisation's officials
    first: dt.date
    last: dt.date
    after: str | None  # the person whose tenure ends before it
    before: str | None  # the person whose tenure begins after it

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in ("code", "role", "after", "before")}
        return out | {"first": self.first.isoformat(), "last": self.last.isoformat(), "days": self.days}

    def __str__(self) -> str:
        around = [f"after {self.after}"] if self.after else []
        around += [f"before {self.before}"] if self.before else []
        return f"{self.code}\t{self.role}\t{self.first}..{self.last}\t{self.days} days\t{', '.join(around)}"


@dataclass(frozen=True)
class Unsourced:
    """A tenure counted by the coverage that names no source: who held ``role`` of ``code``, from when to when."""

    code: str  # a state or an organisation
    role: str
    person: str
    name: str
    start: dt.date | None
    end: dt.date | None

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in ("code", "role", "person", "name")}
        return out | {"start": _iso(self.start), "end": _iso(self.end)}

    def __str__(self) -> str:
        return f"{self.code}\t{self.role}\t{self.start or '?'}..{self.end or ''}\t{self.person}\t{self.name}"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _uncovered(tenures, since: dt.date, until: dt.date) -> list[tuple[dt.date, dt.date, str | None, str | None]]:
    """The periods of [since, until] that the union of ``tenures`` ((office, person id) pairs) leaves
    unaccounted for, each with the person before and after it. A day is accounted for when someone holds the
    office, or when the office is empty after a tenure noted ``vacant-after`` (a vacancy a source shows, until
    the next holder or the end of the period), the last tenure before the period included (Somalia's
    presidency, empty from 1991 until August 2000)."""
    day = dt.timedelta(days=1)
    before = max(((o, p) for o, p in tenures if o.end and o.end < since), key=lambda t: t[0].end, default=None)
    spans = sorted(
        (max(o.start or dt.date.min, since), min(o.end or dt.date.max, until), o.note == "vacant-after", p)
        for o, p in tenures
        if (o.start or dt.date.min) <= until and (o.end or dt.date.max) >= since
    )
    reached = since - day  # the last day accounted for so far
    vacant = bool(before and before[0].note == "vacant-after")  # whether the tenure that reached it ends in one
    last_holder = before[1] if before else None
    out = []
    for start, end, vacant_after, person in spans:
        if start > reached + day and not vacant:
            out.append((reached + day, start - day, last_holder, person))
        if end >= reached:  # co-holders that leave on one day: a vacancy noted on either stands
            vacant = vacant_after or (vacant and end == reached)
            reached, last_holder = end, person
    if reached < until and not vacant:
        out.append((reached + day, until, last_holder, None))
    return out


def _held(tenures, since: dt.date, until: dt.date) -> tuple[bool, bool]:
    """(accounted for on every day of [since, until], held on any day of it) by the union of ``tenures``."""
    held = any((o.start or dt.date.min) <= until and (o.end or dt.date.max) >= since for o, _ in tenures)
    return held and not _uncovered(tenures, since, until), held


def _tenures(kb) -> dict[tuple[str, str], list]:
    """(office, person id) pairs by (affiliation, role), by (affiliation, "*") for all of them, and by
    ("affiliation/body", "*") for those that head an institution."""
    tenures: dict[tuple[str, str], list] = defaultdict(list)
    for person in kb.people.values():
        for office in person.offices:
            tenures[(office.affiliation, office.role)].append((office, person.id))
            tenures[(office.affiliation, "*")].append((office, person.id))
            if office.body:
                tenures[(f"{office.affiliation}/{office.body}", "*")].append((office, person.id))
    return tenures


def _periods(kb, since: dt.date, until: dt.date):
    """(code, role, first day counted, last day counted, counted as held, the state or organisation) for every
    listed state's core office, every organisation (role "*") and every institution some office heads
    ("UN/unhcr"): a state from the day it came into being, an office created later from its first day, an
    organisation or institution while it existed and had officials."""
    for code, country in sorted(kb.countries.items()):
        if country.listed:
            begins = max(since, country.since or since)
            for role in CORE_ROLES:
                first = max(begins, country.office_since.get(role, begins))
                yield code, role, first, until, role in country.no_office, country
    seen = set()
    headed = {o.body for p in kb.people.values() for o in p.offices if o.body}
    for org in kb.organisations.values():
        if org.kind == "organisation" and org.code not in seen:
            seen.add(org.code)
            code = org.code
        elif org.kind == "institution" and org.id in headed:
            code = f"{org.code}/{org.id}"
        else:
            continue
        begins, ends = max(since, org.since or since), min(until, org.until or until)
        if org.officials_since and org.officials_since > begins:
            begins = org.officials_since
        yield code, "*", begins, ends, False, org


def gaps(kb, since: dt.date, until: dt.date, min_days: int = 1) -> list[Gap]:
    """Every period of at least ``min_days`` in which a listed state's core office (or all of an organisation's
    officials, once it has any) has no holder and no noted vacancy."""
    tenures = _tenures(kb)
    out = []
    for code, role, first, last, absent, _ in _periods(kb, since, until):
        held = tenures.get((code, role), ())
        if absent or not held or first > last:
            continue
        for a, b, after, before in _uncovered(held, first, last):
            if (b - a).days + 1 >= min_days:
                out.append(Gap(code, role, a, b, after, before))
    return out


def unsourced(kb, since: dt.date, until: dt.date) -> tuple[list[Unsourced], int]:
    """The tenures the coverage counts (a listed state's core office, an organisation's officials) that overlap
    [since, until] and record no source, by state and office; and how many such tenures there are in all."""
    names = {p.id: p.names[0] if p.names else p.id for p in kb.people.values()}
    tenures = _tenures(kb)
    out, total = [], 0
    for code, role, first, last, absent, _ in _periods(kb, since, until):
        for office, person in sorted(tenures.get((code, role), ()), key=lambda t: (t[0].start or dt.date.min, t[1])):
            if absent or (office.start or dt.date.min) > last or (office.end or dt.date.max) < first:
                continue
            total += 1
            if not office.source:
                out.append(Unsourced(code, office.role, person, names[person], office.start, office.end))
    return out, total


def coverage(kb, since: dt.date, until: dt.date, by: str = "region") -> tuple[list[Row], list[OrgRow]]:
    """Rows by (group, role) over the listed states, sorted; then the organisations (those without officials
    with 0) and the institutions some office heads."""
    tenures = _tenures(kb)
    rows: dict[tuple[str, str], Row] = {}
    orgs = []
    for code, role, first, last, absent, subject in _periods(kb, since, until):
        held = tenures.get((code, role), ())
        if role == "*":
            full, any_ = _held(held, first, last) if held else (False, False)
            later = first if held and first == subject.officials_since else None
            orgs.append(OrgRow(code, subject.name("en"), len({p for _, p in held}), full, any_, later))
            continue
        group = (subject.subregion if by == "subregion" else subject.region) or "(none)"
        row = rows.setdefault((group, role), Row(group, role))
        if first > max(since, subject.since or since):  # an office created after the state: counted from then
            row.created.append(f"{code} {first}")
        full, any_ = _held(held, first, last)
        if absent:  # a state without the office: nothing to hold
            full = any_ = True
            row.no_office.append(code)
        row.states += 1
        row.full += full
        row.any += any_
        if not any_:
            row.missing.append(code)
        elif not full:
            row.partial.append(code)
    order = {r: i for i, r in enumerate(CORE_ROLES)}
    return sorted(rows.values(), key=lambda r: (r.group, order[r.role])), sorted(orgs, key=lambda r: r.code)


def table(rows: list[Row], orgs: list[OrgRow], by: str) -> str:
    """The rows as a text table: one line per group, a column pair (every day / any) per office."""
    groups = list(dict.fromkeys(r.group for r in rows))
    cells = {(r.group, r.role): r for r in rows}
    width = max([len(by), 5, *(len(g) for g in groups)])
    head = f"{by:<{width}}  {'states':>6}" + "".join(f"  {role:>19}" for role in CORE_ROLES)
    lines = [head, f"{'':<{width}}  {'':>6}" + f"  {'every day / any':>19}" * len(CORE_ROLES)]
    totals = {role: [0, 0, 0] for role in CORE_ROLES}
    for g in groups:
        states = cells[(g, CORE_ROLES[0])].states
        line = f"{g:<{width}}  {states:>6}"
        for role in CORE_ROLES:
            r = cells[(g, role)]
            line += f"  {f'{r.full:>4} / {r.any:<4}':>19}"
            totals[role] = [totals[role][0] + r.full, totals[role][1] + r.any, totals[role][2] + r.states]
        lines.append(line)
    total_states = totals[CORE_ROLES[0]][2]
    line = f"{'total':<{width}}  {total_states:>6}"
    lines.append(line + "".join(f"  {f'{totals[r][0]:>4} / {totals[r][1]:<4}':>19}" for r in CORE_ROLES))
    for role in CORE_ROLES:
        if absent := sorted(c for r in rows if r.role == role for c in r.no_office):
            lines.append(f"without the office of {role} (counted as held): {', '.join(absent)}")
        if created := sorted(c for r in rows if r.role == role for c in r.created):
            lines.append(f"the office of {role} created later, counted from then: {', '.join(created)}")
    if staffed := [o for o in orgs if o.officials]:
        lines += ["", f"{'organisation':<14}  {'officials':>9}  {'every day':>9}  {'any':>3}"]
        for o in staffed:
            lines.append(
                f"{o.code:<14}  {o.officials:>9}  {'yes' if o.full else 'no':>9}  {'yes' if o.any else 'no':>3}"
            )
        if later := [f"{o.code} {o.officials_since}" for o in staffed if o.officials_since]:
            lines.append(f"officials counted from their first office's first day: {', '.join(later)}")
    if empty := [o.code for o in orgs if not o.officials]:
        lines.append(f"organisations without officials in the knowledge base: {', '.join(empty)}")
    return "\n".join(lines)
