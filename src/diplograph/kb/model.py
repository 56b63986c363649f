"""Knowledge-base entities, validated as they are built from the data files (docs/kb-format.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..errors import KnowledgeBaseError


@dataclass(frozen=True)
class Roles:
    """The office roles (``kb/data/roles.yaml``): every id, the top offices, the ministerial ones, and the
    protocol precedence of heads of state and government."""

    ids: frozenset[str]
    top: frozenset[str]
    ministerial: frozenset[str]
    heads: dict[str, int]

    @classmethod
    def build(cls, data: dict, path: str) -> Roles:
        ids = frozenset(data.get("roles") or {})
        groups = {k: data.get(k) or [] for k in ("top", "ministerial")}
        for name, members in (*groups.items(), ("heads", list(data.get("heads") or {}))):
            unknown = [m for m in members if m not in ids]
            if unknown:
                raise KnowledgeBaseError(path, f"{name}: unknown role(s) {', '.join(unknown)}")
        return cls(ids, frozenset(groups["top"]), frozenset(groups["ministerial"]), dict(data.get("heads") or {}))


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CODE = re.compile(r"^[A-Z][A-Z0-9-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def parse_partial_date(value: object, *, end: bool, where: str, path: str) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD (YAML may hand a date object) to a date; a partial end date is the period's last day."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            year, month = parts
            if not end:
                return dt.date(year, month, 1)
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    except (ValueError, TypeError):
        pass
    raise KnowledgeBaseError(path, f"{where}: bad date {text!r} (want YYYY, YYYY-MM or YYYY-MM-DD)")


def names_by_lang(value: object, where: str, path: str) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise KnowledgeBaseError(path, f"{where}: expected a mapping of language to names")
    out = {}
    for lang, names in value.items():
        if names is None:
            names = []
        if isinstance(names, str):
            names = [names]
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise KnowledgeBaseError(path, f"{where}: names must be non-empty strings")
        out[str(lang)] = tuple(n.strip() for n in names)
    return out


@dataclass(frozen=True)
class Country:
    code: str
    names: dict[str, tuple[str, ...]]
    adjectives: dict[str, tuple[str, ...]]
    capital: dict[str, tuple[str, ...]]
    combining: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "franco" in "franco-allemand"
    region: str | None = None  # "Africa", "Europe"...
    subregion: str | None = None  # "Western Africa"...
    listed: bool = False  # a UN member, the Holy See, Palestine or Kosovo: the states whose offices are covered
    since: dt.date | None = None  # the day the state came into being, when the knowledge base's span needs it
    no_office: tuple[str, ...] = ()  # core offices the state does not have (no armed forces: no defence minister)
    # core offices created after the state, from their first day (Bosnia's defence minister from 2004)
    office_since: dict[str, dt.date] = field(default_factory=dict)
    wikidata: str | None = None  # its Wikidata item, from a registry that gives it (countries.yaml's source)

    def name(self, lang: str) -> str:
        for key in (lang, "en"):
            if self.names.get(key):
                return self.names[key][0]
        return self.code


@dataclass(frozen=True)
class Place:
    names: dict[str, tuple[str, ...]]
    country: str

    def name(self, lang: str) -> str:
        return (self.names.get(lang) or self.names.get("en") or ("?",))[0]


@dataclass(frozen=True)
class Organisation:
    id: str
    code: str
    kind: str
    part_of: str | None
    members: tuple[str, ...]
    names: dict[str, tuple[str, ...]]
    wikidata: str | None
    since: dt.date | None = None  # founded (when after the knowledge base's span begins)
    until: dt.date | None = None  # dissolved or replaced
    officials_since: dt.date | None = None  # its first office began after its founding (the SCO's in 2004)

    def name(self, lang: str) -> str:
        return (self.names.get(lang) or self.names.get("en") or (self.code,))[0]


@dataclass(frozen=True)
class Office:
    role: str
    affiliation: str
    start: dt.date | None
    end: dt.date | None
    title: str | None = None
    source: str | None = None  # where the tenure was checked: a URL or a reference
    note: str | None = None  # acting, interim, disputed...: why it may overlap another holder or leave a gap
    precision: str = "day"  # "month" or "year" when the source dates the tenure no closer
    exact: bool = False  # ``precision: day`` written: the source gives these very days, even a 1st of a month
    body: str | None = None  # the institution of the organisation the office heads (UNHCR within the UN)

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    wikidata: str | None
    gender: str | None
    names: tuple[str, ...]
    surnames: tuple[str, ...]
    offices: tuple[Office, ...] = field(default=())

    def office_on(self, day: dt.date | None, role: str | None = None) -> Office | None:
        """The office held on ``day`` (of ``role`` when given); without a day, the latest one."""
        offices = [o for o in self.offices if role is None or o.role == role]
        if not offices:
            return None
        if day is None:
            return max(offices, key=lambda o: (o.end or dt.date.max, o.start or dt.date.min))
        held = [o for o in offices if o.covers(day)]
        if held:
            rank = {
                "head-of-state": 0,
                "head-of-government": 1,
                "eu-high-representative": 1,
                "eu-council-president": 1,
                "eu-commission-president": 1,
                "secretary-general": 1,
                "foreign-minister": 2,
                "defence-minister": 3,
            }
            return min(held, key=lambda o: rank.get(o.role, 5))
        return None

    def active_around(self, day: dt.date | None, slack_days: int = 0) -> bool:
        if day is None:
            return True
        slack = dt.timedelta(days=slack_days)
        return any(
            (o.start is None or o.start - slack <= day) and (o.end is None or day <= o.end + slack)
            for o in self.offices
        )


def build_country(entry: dict, path: str) -> Country:
    code = entry.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
        raise KnowledgeBaseError(path, f"country {entry!r}: code must be ISO 3166-1 alpha-3")
    where = f"country {code}"
    qid = entry.get("wikidata")
    if qid is not None and not _QID.match(str(qid)):
        raise KnowledgeBaseError(path, f"{where}: bad wikidata id {qid!r}")
    return Country(
        code=code,
        names=names_by_lang(entry.get("names"), where, path),
        adjectives=names_by_lang(entry.get("adjectives"), where, path),
        capital=names_by_lang(entry.get("capital"), where, path),
        combining=names_by_lang(entry.get("combining"), where, path),
        region=_optional_text(entry.get("region")),
        subregion=_optional_text(entry.get("subregion")),
        listed=bool(entry.get("listed")),
        since=_dated(entry, "since", where, path),
        no_office=_no_office(entry, where, path),
        office_since=_office_since(entry, where, path),
        wikidata=qid,
    )


def _no_office(entry: dict, where: str, path: str) -> tuple[str, ...]:
    roles = tuple(entry.get("no_office") or ())
    if roles and not entry.get("source"):
        raise KnowledgeBaseError(path, f"{where}: no_office needs a source")
    return roles


def _office_since(entry: dict, where: str, path: str) -> dict[str, dt.date]:
    """``office_since: {role: {since: DAY, source: URL}}``: the day each office was created, with its source."""
    facts = (entry.get("office_since") or {}).items()
    return {str(role): _fact(fact, f"office_since {role}", where, path) for role, fact in facts}


def _dated(entry: dict, key: str, where: str, path: str) -> dt.date | None:
    """An optional day ``key`` of a state or organisation, which must say where it comes from (``source``)."""
    value = entry.get(key)
    if value is None:
        return None
    if not entry.get("source"):
        raise KnowledgeBaseError(path, f"{where}: {key} needs a source")
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeBaseError(path, f"{where}: {key} must be YYYY-MM-DD, not {value!r}") from exc


def _optional_text(value: object) -> str | None:
    return None if value in (None, "none", "") else str(value)


def build_place(entry: dict, path: str, countries: set[str]) -> Place:
    country = entry.get("country")
    names = names_by_lang(entry.get("names"), f"place {entry.get('names')}", path)
    if country not in countries:
        raise KnowledgeBaseError(path, f"place {names}: unknown country {country!r}")
    return Place(names=names, country=country)


def build_organisation(entry: dict, path: str) -> Organisation:
    oid = entry.get("id")
    if not isinstance(oid, str) or not _ID.match(oid):
        raise KnowledgeBaseError(path, f"organisation {entry!r}: id must be lower case with hyphens")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        raise KnowledgeBaseError(path, f"organisation {oid}: bad code {code!r}")
    kind = entry.get("kind", "organisation")
    if kind not in {"organisation", "institution", "format"}:
        raise KnowledgeBaseError(path, f"organisation {oid}: kind must be organisation, institution or format")
    qid = entry.get("wikidata")
    if qid is not None and not _QID.match(str(qid)):
        raise KnowledgeBaseError(path, f"organisation {oid}: bad wikidata id {qid!r}")
    return Organisation(
        id=oid,
        code=code,
        kind=kind,
        part_of=entry.get("part_of"),
        members=tuple(entry.get("members") or ()),
        names=names_by_lang(entry.get("names"), f"organisation {oid}", path),
        wikidata=qid,
        since=_dated(entry, "since", f"organisation {oid}", path),
        until=_dated(entry, "until", f"organisation {oid}", path),
        officials_since=_fact(entry.get("officials_since"), "officials_since", f"organisation {oid}", path),
    )


def _fact(fact: object, label: str, where: str, path: str) -> dt.date | None:
    """``{since: DAY, source: URL}``: a day with its own source (None when absent)."""
    if fact is None:
        return None
    if not isinstance(fact, dict) or not fact.get("source"):
        raise KnowledgeBaseError(path, f"{where}: {label} needs since and source")
    return _dated(fact, "since", f"{where} {label}", path)


PRECISIONS = ("day", "month", "year")
# why two holders of one office may overlap, or an office stay empty, without the data being wrong
OFFICE_NOTES = ("acting", "interim", "disputed", "caretaker", "vacant-after", "co-holder")
OFFICE_KEYS = frozenset({"role", "affiliation", "start", "end", "title", "source", "note", "precision", "body"})


def _precision(*values: object) -> str:
    """A date written as YYYY or YYYY-MM says its own precision."""
    lengths = [len(str(v).split("-")) for v in values if v is not None and not isinstance(v, dt.date)]
    return {1: "year", 2: "month"}.get(min(lengths), "day") if lengths else "day"


def build_person(entry: dict, path: str, roles: frozenset[str]) -> Person:
    pid = entry.get("id")
    if not isinstance(pid, str) or not _ID.match(pid):
        raise KnowledgeBaseError(path, f"person {entry.get('names')!r}: id must be lower case with hyphens")
    qid = entry.get("wikidata")
    if qid is not None and not _QID.match(str(qid)):
        raise KnowledgeBaseError(path, f"person {pid}: bad wikidata id {qid!r}")
    names = entry.get("names") or []
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise KnowledgeBaseError(path, f"person {pid}: needs at least one name")
    offices = []
    for i, off in enumerate(entry.get("offices") or []):
        where = f"person {pid}, office {i + 1}"
        unknown = sorted(str(key) for key in off if key not in OFFICE_KEYS)
        if unknown:  # a title with a comma, unquoted in a flow mapping, splits into keys like these
            raise KnowledgeBaseError(path, f"{where}: unknown key {unknown[0]!r} (a title with a comma must be quoted)")
        if off.get("role") not in roles:
            raise KnowledgeBaseError(path, f"{where}: unknown role {off.get('role')!r}")
        aff = off.get("affiliation")
        if not isinstance(aff, str) or not _CODE.match(aff):
            raise KnowledgeBaseError(path, f"{where}: bad affiliation {aff!r}")
        start = parse_partial_date(off.get("start"), end=False, where=where, path=path)
        end = parse_partial_date(off.get("end"), end=True, where=where, path=path)
        if start and end and end < start:
            raise KnowledgeBaseError(path, f"{where}: ends before it starts")
        precision = off.get("precision") or _precision(off.get("start"), off.get("end"))
        if precision not in PRECISIONS:
            raise KnowledgeBaseError(path, f"{where}: precision must be one of {', '.join(PRECISIONS)}")
        note = off.get("note")
        if note is not None and note not in OFFICE_NOTES:
            raise KnowledgeBaseError(path, f"{where}: note must be one of {', '.join(OFFICE_NOTES)}")
        source = off.get("source")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise KnowledgeBaseError(path, f"{where}: source must be a URL or a reference")
        if source and any(part.strip()[1:5] == "http" and part.strip()[0] in "'\"" for part in source.split("; ")):
            raise KnowledgeBaseError(path, f"{where}: a source in quotes inside the source text: {source[:80]!r}")
        exact = off.get("precision") == "day"
        if exact and not source:
            raise KnowledgeBaseError(path, f"{where}: precision: day needs the source that gives the days")
        body = off.get("body")
        if body is not None and (not isinstance(body, str) or not _ID.match(body)):
            raise KnowledgeBaseError(path, f"{where}: body must be an institution id, not {body!r}")
        offices.append(Office(off["role"], aff, start, end, off.get("title"), source, note, precision, exact, body))
    return Person(
        id=pid,
        wikidata=qid,
        gender=entry.get("gender"),
        names=tuple(n.strip() for n in names),
        surnames=tuple(s.strip() for s in entry.get("surnames") or () if isinstance(s, str) and s.strip()),
        offices=tuple(offices),
    )


def people_wikidata(entries: list, path: str, people: dict[str, Person]) -> dict[str, Person]:
    """People with the Wikidata items that ``people_wikidata.yaml`` gives them, each with the source showing it."""
    out = dict(people)
    for entry in entries:
        pid, qid, source = entry.get("person"), entry.get("wikidata"), entry.get("source")
        if pid not in out:
            raise KnowledgeBaseError(path, f"person {pid!r} is unknown")
        if not _QID.match(str(qid)):
            raise KnowledgeBaseError(path, f"person {pid}: bad wikidata id {qid!r}")
        if not isinstance(source, str) or not source.strip():
            raise KnowledgeBaseError(path, f"person {pid}: {qid} needs the source that shows it")
        if out[pid].wikidata not in (None, qid):
            raise KnowledgeBaseError(path, f"person {pid}: {qid} differs from {out[pid].wikidata} in the people files")
        out[pid] = replace(out[pid], wikidata=qid)
    return out
