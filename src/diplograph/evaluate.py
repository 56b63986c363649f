"""Evaluation of extract's records against gold annotations in the same contract.

Contacts are paired within a document, greedily by participant overlap (Dice >= 0.5 with at least one actor
in common); on equal overlap, the pair naming more of the same people by id, then a required gold contact, comes
first. A prediction paired with a gold contact marked ``"optional": true`` counts neither way; an
optional gold contact left unpaired is not missed. Fields are scored on the pairs with required gold
contacts: participants and topics as precision/recall/F1, medium, status, date, location, initiator and host
as accuracy. Title and published are scored per document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldError
from .kb.fold import fold

FIELDS = ("medium", "status", "date", "location", "initiator", "host")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class Report:
    contacts: PRF = field(default_factory=PRF)
    participants: PRF = field(default_factory=PRF)
    topics: PRF = field(default_factory=PRF)
    fields: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in FIELDS})
    statements: PRF = field(default_factory=PRF)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold type -> predicted type -> count
    title: Accuracy = field(default_factory=Accuracy)
    published: Accuracy = field(default_factory=Accuracy)
    documents: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": self.documents,
            "contacts": self.contacts.as_dict(),
            "participants": self.participants.as_dict(),
            "topics": self.topics.as_dict(),
        }
        for name, acc in self.fields.items():
            out[name] = acc.as_dict()
        out["title"] = self.title.as_dict()
        out["published"] = self.published.as_dict()
        out["statements"] = self.statements.as_dict()
        out["statement_types"] = self.confusion
        return out

    def scores(self) -> dict[str, float]:
        """One number per measure, for floors: F1 for sets, accuracy for single values."""
        out = {"contacts": self.contacts.f1, "participants": self.participants.f1, "topics": self.topics.f1}
        out.update({name: acc.value for name, acc in self.fields.items()})
        out["title"] = self.title.value
        out["published"] = self.published.value
        out["statements"] = self.statements.f1
        return out

    def table(self) -> str:
        rows = [f"{'measure':<14}{'P':>8}{'R':>8}{'F1/acc':>8}  counts"]
        for name in ("contacts", "participants", "topics", "statements"):
            m: PRF = getattr(self, name)
            rows.append(f"{name:<14}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}  tp={m.tp} fp={m.fp} fn={m.fn}")
        for name, acc in list(self.fields.items()) + [("title", self.title), ("published", self.published)]:
            rows.append(f"{name:<14}{'':>8}{'':>8}{acc.value:>8.3f}  {acc.right}/{acc.total}")
        rows.append(f"documents: {self.documents}")
        if self.confusion:
            types = sorted({t for row in self.confusion.values() for t in row} | set(self.confusion))
            rows.append("statement types (rows gold, columns predicted; pairs with the same source and target):")
            rows.append(" " * 11 + "".join(f"{t[:9]:>10}" for t in types))
            for g in types:
                rows.append(f"{g[:10]:<11}" + "".join(f"{self.confusion.get(g, {}).get(t, 0):>10}" for t in types))
        return "\n".join(rows)


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    gold = {}
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise GoldError(f"{gold_dir}: no gold *.json files")
    for path in paths:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: {exc}") from exc
        if "doc_id" not in doc:
            raise GoldError(f"{path}: no doc_id")
        gold[doc["doc_id"]] = doc
    return gold


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    preds = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            preds[rec["doc_id"]] = rec
    return preds


def actor_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    pid, gid = (pred.get("id") or "").lower(), (gold.get("id") or "").lower()
    if pid and gid:
        if pid == gid:
            return True
        if pred.get("affiliation") == gold.get("affiliation") and gid in {gold.get("affiliation", "").lower()}:
            return True
        return False
    if pred.get("affiliation") != gold.get("affiliation"):
        return False
    ptoks = {t for t in fold(pred.get("name") or "").split() if len(t) >= 3}
    gtoks = {t for t in fold(gold.get("name") or "").split() if len(t) >= 3}
    return bool(ptoks & gtoks) or not gid and not pid


def _pair_actors(pred: list[dict], gold: list[dict]) -> int:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and actor_match(p, g):
                used.add(i)
                hits += 1
                break
    return hits


def _location_ok(pred: dict, gold: dict) -> bool:
    p = pred.get("location")
    options = [gold.get("location")]
    if "location_tolerated" in gold:
        options.append(gold["location_tolerated"])
    for g in options:
        if p is None and g is None:
            return True
        if p and g and fold(p.get("name") or "") == fold(g.get("name") or "") and p.get("country") == g.get("country"):
            return True
    return False


def evaluate(gold: dict[str, dict[str, Any]], preds: dict[str, dict[str, Any]]) -> Report:
    report = Report()
    for doc_id, g in gold.items():
        report.documents += 1
        p = preds.get(doc_id) or {"contacts": [], "title": None, "published": None}
        if "error" in p:
            p = {"contacts": [], "title": None, "published": None}
        report.title.add(_norm(p.get("title")) == _norm(g.get("title")))
        report.published.add((p.get("published") or None) == (g.get("published") or None))
        _score_contacts(p.get("contacts") or [], g.get("contacts") or [], report, doc_id)
        _score_statements(p.get("statements") or [], g.get("statements") or [], report, doc_id)
    return report


def _same_parties(p: dict, g: dict) -> bool:
    return set(p.get("source") or []) == set(g.get("source") or []) and set(p.get("target") or []) == set(
        g.get("target") or []
    )


def _score_statements(pred: list[dict], gold: list[dict], report: Report, doc_id: str) -> None:
    """A pair has the gold type (or one of its ``type_alt``), the same sources and the same targets."""
    used: set[int] = set()
    matched: dict[int, int] = {}
    # required gold before optional; within each, the exact type before an accepted alternative
    order = sorted(range(len(gold)), key=lambda j: bool(gold[j].get("optional")))
    for optional, exact in ((False, True), (False, False), (True, True), (True, False)):
        for j in order:
            if j in matched or bool(gold[j].get("optional")) != optional:
                continue
            g = gold[j]
            types = {g.get("type")} if exact else set(g.get("type_alt") or [])
            match = next(
                (i for i, p in enumerate(pred) if i not in used and p.get("type") in types and _same_parties(p, g)),
                None,
            )
            if match is not None:
                matched[j] = match
                used.add(match)
    for j in order:
        g = gold[j]
        match = matched.get(j)
        if match is None:
            if not g.get("optional"):
                report.statements.fn += 1
                report.errors.append(
                    {
                        "doc_id": doc_id,
                        "field": "statement",
                        "missed": [g.get("type"), g.get("source"), g.get("target"), g.get("cue")],
                    }
                )
            continue
        if not g.get("optional"):
            report.statements.tp += 1
    for i, p in enumerate(pred):
        if i not in used:
            report.statements.fp += 1
            report.errors.append(
                {"doc_id": doc_id, "field": "statement", "spurious": [p.get("type"), p.get("source"), p.get("target")]}
            )
    for j, g in enumerate(gold):
        same = [pred[matched[j]]] if j in matched else [p for p in pred if _same_parties(p, g)]
        if same:
            row = report.confusion.setdefault(g.get("type"), {})
            row[same[0].get("type")] = row.get(same[0].get("type"), 0) + 1


def _norm(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _ids(contact: dict) -> set[str]:
    return {(a.get("id") or "").lower() for a in contact.get("participants") or [] if a.get("id")}


def _score_contacts(pred: list[dict], gold: list[dict], report: Report, doc_id: str) -> None:
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            hits = _pair_actors(p.get("participants") or [], g.get("participants") or [])
            size = len(p.get("participants") or []) + len(g.get("participants") or [])
            dice = 2 * hits / size if size else 0.0
            if hits and dice >= 0.5:
                bonus = (p.get("medium") == g.get("medium")) + (p.get("date") == g.get("date"))
                # on equal overlap, the gold naming the same people (same ids) and required gold come first:
                # a state standing for unnamed officials must not take the contact with the named one
                exact = len(_ids(p) & _ids(g))
                pairs.append((dice, exact, not g.get("optional"), bonus, -i, -j, i, j, hits))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for *_rank, i, j, hits in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        p, g = pred[i], gold[j]
        if g.get("optional"):
            continue
        report.contacts.tp += 1
        np_, ng = len(p.get("participants") or []), len(g.get("participants") or [])
        report.participants.tp += hits
        report.participants.fp += np_ - hits
        report.participants.fn += ng - hits
        pt, gt = set(p.get("topics") or []), set(g.get("topics") or [])
        report.topics.tp += len(pt & gt)
        report.topics.fp += len(pt - gt)
        report.topics.fn += len(gt - pt)
        for name in FIELDS:
            ok = _location_ok(p, g) if name == "location" else p.get(name) == g.get(name)
            report.fields[name].add(ok)
            if not ok:
                report.errors.append({"doc_id": doc_id, "field": name, "gold": g.get(name), "pred": p.get(name)})
        if pt != gt:
            report.errors.append(
                {"doc_id": doc_id, "field": "topics", "missing": sorted(gt - pt), "extra": sorted(pt - gt)}
            )
    for i, p in enumerate(pred):
        if i not in used_p:
            report.contacts.fp += 1
            report.errors.append(
                {"doc_id": doc_id, "field": "contact", "spurious": [a.get("name") for a in p.get("participants") or []]}
            )
    for j, g in enumerate(gold):
        if j not in used_g and not g.get("optional"):
            report.contacts.fn += 1
            report.errors.append(
                {"doc_id": doc_id, "field": "contact", "missed": [a.get("name") for a in g.get("participants") or []]}
            )
