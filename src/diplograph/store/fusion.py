"""Fusion: contacts from different documents that report one real-world contact become one event.

The rules are few and each says why it holds or fails, so that ``diplograph explain`` can show them:

- **parties**: the same states and organisations take part; where both reports name a known person for a
  party, they name the same person (a Putin–Biden call and a Lavrov–Blinken call of the same day are two
  contacts). A multilateral meeting may be reported with fewer members: a report naming at least two of
  them fuses when its day is stated and equal.
- **dates**: two stated days agree when at most one day apart (time zones); a month or a year agrees with
  the days inside it; a contact without a date agrees when its document was published within three days
  after the other's date, or, with no date on either side, when the documents were published within two
  days of each other.
- **medium**: the same, or unstated on one side.
- **status**: an occurred contact and a planned one are two events.

Near-duplicate documents (republished wire copy, one release on two sites) are found by MinHash over word
5-grams and linked to the earliest published copy of their family (``families.py``); their contacts join the
same events but do not count as independent sources. Which contacts fuse, and in what order, is in
``events.py``: the result does not depend on the order documents were stored in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config import Config

SEED = 20261124  # fixed: signatures stored in a database must stay comparable


@dataclass(frozen=True)
class Thresholds:
    """Fusion's tunables, from the ``fusion`` section of a configuration (``config/defaults.yaml``)."""

    permutations: int  # MinHash permutations of word 5-grams
    bands: int  # LSH bands: 20 bands of 5 rows meet pairs above a Jaccard of about 0.55 in some band
    near_duplicate: float  # estimated Jaccard of word 5-grams at which a document is a copy
    day_slack: int  # stated days at most this far apart agree
    report_days: int  # an undated report published this many days after a stated day agrees with it
    published_days: int  # two undated reports published this close agree
    window_days: int  # events searched around a contact's day for fusion candidates

    @classmethod
    def from_config(cls, config: Config) -> Thresholds:
        f = config["fusion"]
        if f["lsh_bands"] < 1 or f["minhash_permutations"] % f["lsh_bands"]:
            raise ConfigError("configuration", "'fusion.lsh_bands' must divide 'fusion.minhash_permutations'")
        return cls(
            permutations=f["minhash_permutations"],
            bands=f["lsh_bands"],
            near_duplicate=f["near_duplicate"],
            day_slack=f["day_slack"],
            report_days=f["report_days"],
            published_days=f["published_days"],
            window_days=f["candidate_window_days"],
        )


# --- near-duplicate documents -------------------------------------------------------------------
class MinHash:
    """MinHash signatures of word 5-grams and their LSH bands; the same seed gives the same permutations,
    so that signatures stored by one run compare with those of the next."""

    def __init__(self, permutations: int, bands: int):
        rng = np.random.default_rng(SEED)
        self._a = rng.integers(0, 1 << 63, permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._b = rng.integers(0, 1 << 63, permutations, dtype=np.uint64)
        self.n_bands = bands
        self.rows = permutations // bands

    def signature(self, text: str) -> np.ndarray | None:
        """MinHash signature of a text's word 5-grams (None for a text too short to compare)."""
        words = re.findall(r"\w+", text.lower())
        if len(words) < 8:
            return None
        shingles = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
        hashes = np.array(
            [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in shingles],
            dtype=np.uint64,
        )
        # multiply-shift hashing, one odd multiplier per permutation: the high 32 bits of a * x + b (mod 2^64)
        with np.errstate(over="ignore"):
            mixed = (self._a[:, None] * hashes[None, :] + self._b[:, None]) >> np.uint64(32)
        return mixed.min(axis=1)

    def bands(self, sig: np.ndarray) -> list[str]:
        rows = self.rows
        return [
            f"{b}:" + hashlib.blake2b(sig[b * rows : (b + 1) * rows].tobytes(), digest_size=8).hexdigest()
            for b in range(self.n_bands)
        ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def encode(sig: np.ndarray) -> str:
    return sig.astype("<u8").tobytes().hex()


def decode(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype="<u8")


# --- contacts -----------------------------------------------------------------------------------
@dataclass
class Side:
    """What fusion compares of one contact: its record and its document's publication date."""

    record: dict[str, Any]
    published: str | None
    doc_id: str = ""

    def parties(self) -> set[str]:
        return {p["affiliation"] for p in self.record.get("participants") or [] if p.get("affiliation")}

    def people(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for p in self.record.get("participants") or []:
            if p.get("affiliation") and p.get("id") and p["id"] != p["affiliation"]:
                out.setdefault(p["affiliation"], set()).add(p["id"])
        return out


@dataclass
class Verdict:
    same: bool
    reasons: list[str] = field(default_factory=list)


def compare(a: Side, b: Side, limits: Thresholds, copies: bool = False) -> Verdict:
    """Whether two contacts are one real-world contact, with every reason checked. ``copies`` says their
    documents are near-duplicates: then dates need only not disagree."""
    reasons: list[str] = []
    ra, rb = a.record, b.record
    if (ra.get("status") or "occurred") != (rb.get("status") or "occurred"):
        return Verdict(False, [f"status differs: {ra.get('status')} / {rb.get('status')}"])
    reasons.append(f"status {ra.get('status') or 'occurred'}")
    ma, mb = ra.get("medium"), rb.get("medium")
    if ma and mb and ma != mb:
        return Verdict(False, reasons + [f"medium differs: {ma} / {mb}"])
    reasons.append(f"medium {ma or mb or 'unstated'}" + (" (unstated on one side)" if bool(ma) != bool(mb) else ""))
    date_ok, why = _dates(a, b, limits)
    if not date_ok and copies and not (ra.get("date") and rb.get("date")):
        date_ok, why = True, "copies of one document: " + why
    if not date_ok:
        return Verdict(False, reasons + [why])
    reasons.append(why)
    pa, pb = a.parties(), b.parties()
    if len(pa) < 2 or len(pb) < 2:
        return Verdict(False, reasons + ["fewer than two parties on one side"])
    if pa != pb:
        small, large = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
        exact_day = _day(ra.get("date")) is not None and ra.get("date") == rb.get("date")
        if not (small < large and len(large) >= 3 and exact_day):
            return Verdict(False, reasons + [f"parties differ: {sorted(pa)} / {sorted(pb)}"])
        reasons.append(f"members {sorted(small)} of the meeting of {sorted(large)}, on the same stated day")
    else:
        reasons.append(f"same parties {sorted(pa)}")
    people_a, people_b = a.people(), b.people()
    for party in sorted(set(people_a) & set(people_b)):
        if not people_a[party] & people_b[party]:
            return Verdict(
                False,
                reasons
                + [
                    f"{party} is represented by different people: {sorted(people_a[party])} / {sorted(people_b[party])}"
                ],
            )
    shared = sorted({p for party in set(people_a) & set(people_b) for p in people_a[party] & people_b[party]})
    if shared:
        reasons.append(f"same people {shared}")
    return Verdict(True, reasons)


def _day(value: str | None) -> dt.date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _dates(a: Side, b: Side, limits: Thresholds) -> tuple[bool, str]:
    da, db = a.record.get("date"), b.record.get("date")
    if da and db:
        xa, xb = _day(da), _day(db)
        if xa and xb:
            gap = abs((xa - xb).days)
            return (
                gap <= limits.day_slack,
                f"dates {da} and {db} " + ("agree" if gap <= limits.day_slack else f"are {gap} days apart"),
            )
        short, long_ = (da, db) if len(da) <= len(db) else (db, da)
        ok = long_.startswith(short)
        return ok, f"dates {da} and {db} " + ("agree (one is less precise)" if ok else "disagree")
    if da or db:
        dated, undated = (a, b) if da else (b, a)
        day, published = _day(dated.record["date"]), _day(undated.published)
        if day and published:
            gap = (published - day).days
            ok = 0 <= gap <= limits.report_days
            return ok, (
                f"undated report published {undated.published[:10]}, "
                + (
                    f"within {limits.report_days} days after {dated.record['date']}"
                    if ok
                    else f"{gap} days from {dated.record['date']}"
                )
            )
        ok = bool(undated.published) and undated.published[:7] == dated.record["date"][:7]
        return ok, "undated report " + ("published in the month stated" if ok else "not published in the month stated")
    pa, pb = _day(a.published), _day(b.published)
    if pa and pb:
        gap = abs((pa - pb).days)
        ok = gap <= limits.published_days
        return ok, f"no stated dates; documents published {gap} days apart" + (
            "" if ok else f" (more than {limits.published_days})"
        )
    return False, "no dates to compare"


# --- one event from its sources -----------------------------------------------------------------
def merge(sides: list[Side]) -> dict[str, Any]:
    """The event's contact record: the most precise date, every participant once (the fullest name), topics
    and evidence of all sources; other fields from the first source that states them."""
    first = sides[0].record
    out: dict[str, Any] = {k: first.get(k) for k in ("medium", "status", "date", "location", "initiator", "host")}
    for side in sides[1:]:
        r = side.record
        for key in ("medium", "location", "initiator", "host"):
            if out.get(key) is None and r.get(key) is not None:
                out[key] = r[key]
        if r.get("date") and len(r["date"]) > len(out.get("date") or ""):
            out["date"] = r["date"]
    people: dict[str, dict[str, Any]] = {}
    for side in sides:
        for p in side.record.get("participants") or []:
            key = p.get("id") or f"{p.get('name')}|{p.get('affiliation')}"
            if key not in people or len(p.get("name") or "") > len(people[key].get("name") or ""):
                people[key] = dict(p)
    out["participants"] = list(people.values())
    out["topics"] = list(dict.fromkeys(t for s in sides for t in s.record.get("topics") or []))
    for key in ("plover", "cameo"):
        out[key] = next((s.record.get(key) for s in sides if s.record.get(key)), None)
    return out


def sort_date(record: dict[str, Any], published: str | None) -> str | None:
    """A sortable day for an event: its date padded to a day, else its first report's publication day."""
    value = record.get("date") or (published[:10] if published else None)
    if not value:
        return None
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value[:10]
