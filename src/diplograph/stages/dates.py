"""Dates: the publication date a document states, and the dates of contacts.

Candidate expressions are found by patterns built from the language's calendar words; dateparser turns
them into dates against an anchor (the publication date, or ``--reference-date``). On top of it:
a day-and-month without a year takes the year nearest the anchor, a weekday can decide the year, a month
with a year stays ``YYYY-MM``, and a lone weekday is the last such day on or before the anchor (or the next
one for a planned contact). Without an anchor, only expressions carrying their year resolve. Never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang.caseless import lower


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    kind: str  # full | daymonth | monthyear | month | weekday | relative | numeric
    value: str | None  # resolved ISO value (YYYY-MM-DD, YYYY-MM or YYYY-MM-DDTHH:MM) or None
    day: dt.date | None = None  # resolved day, when the value is a full date
    last: dt.date | None = None  # the last day of a range of days ("du 16 au 17 mai"), else None

    @property
    def span_month(self) -> str | None:
        """``YYYY-MM`` of a range of several days within one month: the date of a meeting of that visit
        whose own day the text does not give."""
        if (
            self.day
            and self.last
            and self.last > self.day
            and (self.day.year, self.day.month)
            == (
                self.last.year,
                self.last.month,
            )
        ):
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class DateGrammar:
    """A pack's date expressions (``dates.yaml``)."""

    def __init__(self, pack):
        data = pack.data("dates.yaml")
        self.lang = pack.code
        self.months: dict[str, int] = data["months"]
        self.weekdays: dict[str, int] = data["weekdays"]
        self.relative: dict[str, int] = data["relative_days"]
        self.weeks: dict[str, int] = data.get("relative_weeks", {})
        self.months_rel: dict[str, int] = data.get("relative_months", {})
        months = "|".join(sorted(self.months, key=len, reverse=True))
        weekdays = "|".join(self.weekdays)
        rel = "|".join(re.escape(w) for w in sorted(self.relative, key=len, reverse=True))
        past = "|".join(data["past_words"])
        future = "|".join(data["future_words"])
        joiners = _alternation(data["time_joiners"])
        first = _alternation(data["first_day"])
        self.first_day = frozenset(w.lower() for w in data["first_day"])
        self.time_split = re.compile(rf"\s(?:{joiners})\s")
        prefixes = _alternation(f"{p} " if p[-1].isalpha() else p for p in data["month_prefixes"])
        since, until = _alternation(data["range_from"]), _alternation(data["range_to"])
        # "3rd", "the 12th of May"; "March 3, 2025" where the language writes the month first
        suffix = f"(?:{_alternation(data['day_suffixes'])})?" if data.get("day_suffixes") else ""
        day_of = rf"(?:\s+(?:{_alternation(data['day_of'])}))?" if data.get("day_of") else ""
        month_day = (
            rf"|(?P<md>\b(?:(?P<wd5>{weekdays}),?\s+)?(?P<m5>{months})\.?\s+(?P<d5>[0-3]?\d){suffix}\b(?!:)"
            rf"(?:,?\s+(?P<y5>(?:19|20)\d\d)\b)?)"
            if data.get("month_day")
            else ""
        )

        def time(n: int) -> str:
            return rf"(?:\s*(?:[-,]|{joiners})?\s*(?P<hh{n}>[0-2]?\d)\s*[:h]\s*(?P<mi{n}>[0-5]\d))?"

        # every alternative begins at a word's start: the guard lets the search skip the other places at once
        self.pattern = re.compile(
            rf"(?=\w)\b(?:(?P<range>\b(?:{since})\s+(?P<rd>[0-3]?\d|{first})\s+(?:(?P<rm1>{months})\s+)?(?:{until})\s+(?P<re>[0-3]?\d)\s+(?P<rm>{months})(?:\s+(?P<ry>(?:19|20)\d\d)\b)?)"
            rf"|(?P<numeric>\b(?P<nd>[0-3]?\d)[/.](?P<nm>[01]?\d)[/.](?P<ny>(?:19|20)\d\d)\b{time(1)})"
            rf"|(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b{time(3)})"
            rf"|(?P<text>\b(?:(?P<wd>{weekdays}),?\s+)?(?P<d>[0-3]?\d|{first}){suffix}{day_of}\s+(?P<m>{months})(?:\s+(?P<y>(?:19|20)\d\d)\b|(?!\s*\d))(?!\s*(?:19|20)\d\d){time(2)})"
            rf"{month_day}"
            rf"|(?P<my>\b(?P<m2>{months})\s+(?P<y2>(?:19|20)\d\d)\b)"
            rf"|(?P<mrel>\b(?:{prefixes})?(?P<m3>{months})\s+(?P<dir3>{past}|{future})\b)"
            rf"|(?P<wdonly>\b(?P<wd4>{weekdays})\b(?:\s+(?P<dir4>{past}|{future}))?(?!\s+[0-3]?\d))"
            rf"|(?P<week>\b(?:{'|'.join(re.escape(w) for w in self.weeks) or 'x^'})\b)"
            rf"|(?P<monthrel>\b(?:{'|'.join(re.escape(w) for w in self.months_rel) or 'x^'})\b)"
            rf"|(?P<rel>\b(?:{rel})\b))"
        )  # matched against the lowered text: case-insensitive matching is several times slower
        self._past = set(data["past_words"])
        self.month_day = bool(data.get("month_day"))

    def find(self, text: str, anchor: dt.date | None, prefer_future: bool = False) -> list[DateMention]:
        return [self._resolve(m, anchor, prefer_future) for m in self.pattern.finditer(lower(text))]

    def _resolve(self, m: re.Match[str], anchor: dt.date | None, prefer_future: bool) -> DateMention:
        start, end = m.start(), m.end()
        if m["range"]:  # "du 3 au 5 juin 2025": the first day
            month = self.months[(m["rm1"] or m["rm"]).lower()]
            dom = 1 if m["rd"].lower() in self.first_day else int(m["rd"])
            day = _safe_date(int(m["ry"]), month, dom) if m["ry"] else _pick_year(month, dom, anchor, None)
            last = _safe_date(day.year, self.months[m["rm"].lower()], int(m["re"])) if day else None
            kind = "full" if m["ry"] else "daymonth"
            return DateMention(start, end, kind, day.isoformat() if day else None, day, last)
        if m["numeric"]:
            day = _safe_date(int(m["ny"]), int(m["nm"]), int(m["nd"]))
            return DateMention(start, end, "numeric", _with_time(day, m, 1), day)
        if m["iso"]:
            day = _safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
            return DateMention(start, end, "full", _with_time(day, m, 3), day)
        if m["text"]:
            parsed = _dateparser(self.time_split.split(m["text"])[0], self.lang, anchor)
            month = self.months[m["m"].lower()]
            dom = 1 if m["d"].lower() in self.first_day else int(m["d"])
            if m["y"]:
                day = _safe_date(int(m["y"]), month, dom)
            else:
                day = _pick_year(month, dom, anchor, self.weekdays.get((m["wd"] or "").lower()))
            if day is None and parsed is not None and m["y"]:
                day = parsed
            return DateMention(start, end, "full" if m["y"] else "daymonth", _with_time(day, m, 2), day)
        if self.month_day and m["md"]:
            month, dom = self.months[m["m5"].lower()], int(m["d5"])
            if m["y5"]:
                day = _safe_date(int(m["y5"]), month, dom)
            else:
                day = _pick_year(month, dom, anchor, self.weekdays.get((m["wd5"] or "").lower()))
            return DateMention(start, end, "full" if m["y5"] else "daymonth", day.isoformat() if day else None, day)
        if m["my"]:
            return DateMention(start, end, "monthyear", f"{int(m['y2']):04d}-{self.months[m['m2'].lower()]:02d}")
        if m["mrel"]:
            if anchor is None:
                return DateMention(start, end, "month", None)
            month = self.months[m["m3"].lower()]
            year = anchor.year
            if m["dir3"].lower() in self._past and month >= anchor.month:
                year -= 1
            elif m["dir3"].lower() not in self._past and month <= anchor.month:
                year += 1
            return DateMention(start, end, "month", f"{year:04d}-{month:02d}")
        if m["wdonly"]:
            if anchor is None:
                return DateMention(start, end, "weekday", None)
            target = self.weekdays[m["wd4"].lower()]
            direction = (m["dir4"] or "").lower()
            future = direction and direction not in self._past or (not direction and prefer_future)
            delta = (target - anchor.weekday()) % 7 if future else -((anchor.weekday() - target) % 7)
            if direction in self._past and delta == 0:
                delta = -7
            day = anchor + dt.timedelta(days=delta)
            return DateMention(start, end, "weekday", day.isoformat(), day)
        if m["week"]:
            # a week before or after the anchor's: its month when the whole week lies in one month
            if anchor is None:
                return DateMention(start, end, "week", None)
            monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=self.weeks[m["week"].lower()])
            sunday = monday + dt.timedelta(days=6)
            same = monday.month == sunday.month
            return DateMention(start, end, "week", f"{monday.year:04d}-{monday.month:02d}" if same else None)
        if m["monthrel"]:
            if anchor is None:
                return DateMention(start, end, "month", None)
            index = anchor.year * 12 + anchor.month - 1 + self.months_rel[m["monthrel"].lower()]
            return DateMention(start, end, "month", f"{index // 12:04d}-{index % 12 + 1:02d}")
        if anchor is None:
            return DateMention(start, end, "relative", None)
        parsed = _dateparser(m["rel"], self.lang, anchor)
        if parsed is None:
            parsed = anchor + dt.timedelta(days=self.relative.get(m["rel"].lower(), 0))
        return DateMention(start, end, "relative", parsed.isoformat(), parsed)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _with_time(day: dt.date | None, m: re.Match[str], n: int) -> str | None:
    if day is None:
        return None
    hh, mi = m[f"hh{n}"], m[f"mi{n}"]
    if hh and mi and int(hh) < 24:
        return f"{day.isoformat()}T{int(hh):02d}:{mi}"
    return day.isoformat()


def _pick_year(month: int, dom: int, anchor: dt.date | None, weekday: int | None) -> dt.date | None:
    """The year of a day written without one: the one nearest the anchor, or the one its weekday allows."""
    if anchor is None:
        return None
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, dom))]
    if weekday is not None:
        matching = [d for d in candidates if d.weekday() == weekday]
        candidates = matching or candidates
    return min(candidates, key=lambda d: abs((d - anchor).days), default=None)


@lru_cache(maxsize=4096)
def _dateparser(expression: str, lang: str, anchor: dt.date | None) -> dt.date | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time())
    else:  # never the clock: a far anchor makes any relative result obvious, and we only keep dated ones
        settings["RELATIVE_BASE"] = dt.datetime(1900, 1, 1)
    parsed = dateparser.parse(expression, languages=[lang], settings=settings)
    if parsed is None or (anchor is None and parsed.year == 1900):
        return None
    return parsed.date()


def parse_iso(value: str | None) -> dt.date | None:
    """The day of an ISO date or datetime string; None when absent or partial."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class DateStage:
    name = "dates"
    requires = ("clean", "pack", "anchor")
    assigns = ("dates",)

    def __call__(self, doc) -> None:
        doc.dates = doc.pack.grammar(DateGrammar).find(doc.text, doc.anchor)
