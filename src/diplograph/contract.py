"""The record contract (shared spec OUTPUT.md) as a check: what a record read from a file must be to be stored.

    problems = validate_record(json.loads(line))   # [] when the record keeps the contract

Each problem is one short phrase naming the field (``contacts[0].date: '2021-13-45' is not a date (YYYY,
YYYY-MM, YYYY-MM-DD)``). Every key of the contract must be present; extra keys are welcome and only checked
for lone surrogates, which no database can store. ``language`` and an actor's ``affiliation`` may be null,
as ``extract`` prints them when it cannot tell.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MEDIA = ("in_person", "phone", "video", "written")
STATUSES = ("occurred", "planned")
STATEMENT_TYPES = ("REQUEST", "AGREE", "SUPPORT", "COOPERATE", "ACCUSE", "REJECT", "THREATEN")
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD"
PUBLISHED_FORMS = "YYYY-MM-DD or YYYY-MM-DDTHH:MM"
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PUBLISHED = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?")

_CONTACT_KEYS = ("medium", "status", "date", "location", "participants", "initiator", "host", "topics", "evidence")
_ACTOR_KEYS = ("id", "name", "affiliation", "role", "wikidata")
_STATEMENT_KEYS = ("type", "source", "target", "topics", "negated", "evidence")


def validate_record(obj: Any) -> list[str]:
    """Every way ``obj`` breaks the record contract, one short phrase each; [] when it keeps it."""
    if not isinstance(obj, dict):
        return [f"record: {_kind(obj)}, not an object"]
    problems: list[str] = []
    _surrogates(obj, "", problems)
    for key in ("doc_id", "language", "title", "published", "contacts", "statements"):
        if key not in obj:
            problems.append(f"{key}: missing")
    if "doc_id" in obj:
        _string(obj["doc_id"], "doc_id", problems)
        if obj["doc_id"] == "":
            problems.append("doc_id: empty")
    if "language" in obj:
        _string(obj["language"], "language", problems, nullable=True)
    if "title" in obj:
        _string(obj["title"], "title", problems, nullable=True)
    if "text" in obj:  # the extracted text of an HTML input, which the evidence offsets point into
        _string(obj["text"], "text", problems, nullable=True)
    if obj.get("published") is not None and _string(obj["published"], "published", problems):
        if not _is_published(obj["published"]):
            problems.append(f"published: {obj['published']!r} is not a date ({PUBLISHED_FORMS})")
    for key, check in (("contacts", _contact), ("statements", _statement)):
        if key in obj and _list(obj[key], key, problems):
            for i, item in enumerate(obj[key]):
                if _object(item, f"{key}[{i}]", problems):
                    check(item, f"{key}[{i}]", problems)
    return problems


# --- parts ------------------------------------------------------------------------------------------
def _contact(c: dict[str, Any], where: str, problems: list[str]) -> None:
    _keys(c, _CONTACT_KEYS, where, problems)
    _choice(c.get("medium"), f"{where}.medium", MEDIA, problems, nullable=True)
    if "status" in c:
        _choice(c["status"], f"{where}.status", STATUSES, problems)
    date = c.get("date")
    if date is not None and _string(date, f"{where}.date", problems) and not _is_date(date):
        problems.append(f"{where}.date: {date!r} is not a date ({DATE_FORMS})")
    location = c.get("location")
    if location is not None and _object(location, f"{where}.location", problems):
        _string(location.get("name"), f"{where}.location.name", problems)
        _string(location.get("country"), f"{where}.location.country", problems, nullable=True)
    for key in ("initiator", "host"):
        _string(c.get(key), f"{where}.{key}", problems, nullable=True)
    if "participants" in c and _list(c["participants"], f"{where}.participants", problems):
        for j, actor in enumerate(c["participants"]):
            if _object(actor, f"{where}.participants[{j}]", problems):
                _actor(actor, f"{where}.participants[{j}]", problems)
    if "topics" in c:
        _strings(c["topics"], f"{where}.topics", problems)
    if "evidence" in c and _list(c["evidence"], f"{where}.evidence", problems):
        for j, span in enumerate(c["evidence"]):
            _span(span, f"{where}.evidence[{j}]", problems)


def _actor(a: dict[str, Any], where: str, problems: list[str]) -> None:
    _keys(a, _ACTOR_KEYS, where, problems)
    for key in ("id", "role", "wikidata", "affiliation"):
        _string(a.get(key), f"{where}.{key}", problems, nullable=True)
    if "name" in a:
        _string(a["name"], f"{where}.name", problems)


def _statement(s: dict[str, Any], where: str, problems: list[str]) -> None:
    _keys(s, _STATEMENT_KEYS, where, problems)
    if "type" in s:
        _choice(s["type"], f"{where}.type", STATEMENT_TYPES, problems)
    for key in ("source", "target", "topics"):
        if key in s:
            _strings(s[key], f"{where}.{key}", problems)
    if "negated" in s and not isinstance(s["negated"], bool):
        problems.append(f"{where}.negated: {_kind(s['negated'])}, not true or false")
    if "evidence" in s:
        _span(s["evidence"], f"{where}.evidence", problems)


def _span(span: Any, where: str, problems: list[str]) -> None:
    """Evidence: {"start": int, "end": int}, 0 <= start <= end."""
    if not _object(span, where, problems):
        return
    ends = [span.get("start"), span.get("end")]
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in ends):
        problems.append(f"{where}: start and end must be integers, not {_kind(ends[0])} and {_kind(ends[1])}")
    elif not 0 <= ends[0] <= ends[1]:
        problems.append(f"{where}: start {ends[0]} and end {ends[1]} are not 0 <= start <= end")


# --- values -----------------------------------------------------------------------------------------
def _keys(obj: dict[str, Any], keys: tuple[str, ...], where: str, problems: list[str]) -> None:
    problems += [f"{where}.{k}: missing" for k in keys if k not in obj]


def _string(value: Any, where: str, problems: list[str], nullable: bool = False) -> bool:
    """Whether ``value`` is a string (or an allowed null); a problem otherwise."""
    if isinstance(value, str) or (nullable and value is None):
        return isinstance(value, str)
    problems.append(f"{where}: {_kind(value)}, not a string" + (" or null" if nullable else ""))
    return False


def _choice(value: Any, where: str, allowed: tuple[str, ...], problems: list[str], nullable: bool = False) -> None:
    if (nullable and value is None) or (isinstance(value, str) and value in allowed):
        return
    problems.append(f"{where}: {_kind(value)} is not one of {', '.join(allowed)}" + (" or null" if nullable else ""))


def _list(value: Any, where: str, problems: list[str]) -> bool:
    if isinstance(value, list):
        return True
    problems.append(f"{where}: {_kind(value)}, not a list")
    return False


def _strings(value: Any, where: str, problems: list[str]) -> None:
    if _list(value, where, problems):
        for i, item in enumerate(value):
            _string(item, f"{where}[{i}]", problems)


def _object(value: Any, where: str, problems: list[str]) -> bool:
    if isinstance(value, dict):
        return True
    problems.append(f"{where}: {_kind(value)}, not an object")
    return False


def _surrogates(value: Any, where: str, problems: list[str]) -> None:
    """Lone surrogates ("\\ud800" in JSON) anywhere, keys included: no UTF-8 text can hold them."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            problems.append(f"{where or 'record'}: a lone surrogate in the text")
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and _SURROGATE.search(key):
                problems.append(f"{where or 'record'}: a lone surrogate in a key")
            _surrogates(item, path, problems)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _surrogates(item, f"{where}[{i}]", problems)


def _is_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_published(value: str) -> bool:
    m = _PUBLISHED.fullmatch(value)
    if not m or not _is_date(m[1]):
        return False
    return m[2] is None or (int(m[2]) < 24 and int(m[3]) < 60)


def _kind(value: Any) -> str:
    """A value as a problem names it: its text when short, else its type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown.encode("utf-8", "backslashreplace").decode("utf-8"))
    if isinstance(value, int | float):
        return f"the number {value}"
    return {list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
