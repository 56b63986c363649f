"""CAMEO and PLOVER codes for contacts and statements, from data (``kb/data/codes.yaml``).

A statement's PLOVER type follows its type (the spec's COOPERATE, readiness to cooperate, is PLOVER's AGREE);
its CAMEO code is its cue's when the cue names one, else its type's. A contact is PLOVER's CONSULT, with the
mode of the peers' mapping, and carries the CAMEO code of each side: 042 for the visitor and 043 for the host of
a visit, 041 for a call, 044 for a meeting in a third country, 046 for a negotiation, 040 otherwise. A negated
statement ("n'a pas condamné") reports no event and carries no codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import KnowledgeBaseError
from .kb.files import read_yaml

CODES = Path(__file__).parent / "kb" / "data" / "codes.yaml"
STATEMENT_TYPES = ("REQUEST", "AGREE", "SUPPORT", "COOPERATE", "ACCUSE", "REJECT", "THREATEN")


@dataclass(frozen=True)
class Cameo:
    code: str
    name: str
    goldstein: float
    quad_class: int
    side: str | None = None  # for a visit: "visitor" (042) or "host" (043)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
        }
        if self.side is not None:
            out["side"] = self.side
        return out


@dataclass(frozen=True)
class Plover:
    type: str
    mode: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode}


class Coder:
    def __init__(self, path: Path = CODES):
        data = read_yaml(path)
        where = str(path)
        self.cameo: dict[str, Cameo] = {}
        self.cameo_plover: dict[str, tuple[str | None, str | None]] = {}
        for code, entry in (data.get("cameo") or {}).items():
            try:
                self.cameo[str(code)] = Cameo(
                    str(code), entry["name"], float(entry["goldstein"]), int(entry["quad_class"])
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise KnowledgeBaseError(
                    where, f"CAMEO code {code}: needs name, goldstein and quad_class ({exc})"
                ) from exc
            self.cameo_plover[str(code)] = (entry.get("plover"), entry.get("plover_mode"))
        self.statements: dict[str, dict[str, str]] = data.get("statements") or {}
        self.contacts: dict[str, dict[str, str | None]] = data.get("contacts") or {}
        self.contexts: dict[str, list[str]] = data.get("contexts") or {}
        self.negotiation = re.compile(data["negotiation_trigger"], re.IGNORECASE)
        for kind in STATEMENT_TYPES:
            if kind not in self.statements:
                raise KnowledgeBaseError(where, f"statement type {kind} has no codes")
        used = [s["cameo"] for s in self.statements.values()]
        used += [c[k] for c in self.contacts.values() for k in ("cameo", "host_cameo") if c.get(k)]
        for code in used:
            self.code(code, where)

    def code(self, code: str, where: str = "") -> Cameo:
        if code not in self.cameo:
            raise KnowledgeBaseError(where or str(CODES), f"CAMEO code {code} is used but not listed under cameo")
        return self.cameo[code]

    def statement(
        self, kind: str, negated: bool, cue_cameo: str | None = None, cue_mode: str | None = None
    ) -> tuple[Plover | None, Cameo | None]:
        if negated:
            return None, None
        defaults = self.statements[kind]
        cameo = self.code(cue_cameo or defaults["cameo"])
        mode = cue_mode or (
            self.cameo_plover[cameo.code][1] if self.cameo_plover[cameo.code][0] == defaults["plover"] else None
        )
        return Plover(defaults["plover"], mode), cameo

    def consult_mode(self, medium: str | None, host: str | None, country: str | None, affiliations: list[str]) -> str:
        """Which of the peers' CONSULT modes a contact is: ``phone``, ``multilateral``, ``visit``,
        ``third-party``, or ``other`` when the text says too little."""
        parties = set(affiliations)
        if medium in {"phone", "video"}:
            return "phone"
        if len(parties) >= 3:
            return "multilateral"
        if medium in {"in_person", None} and host and host in parties:
            return "visit"
        if medium == "in_person" and country and country not in parties:
            return "third-party"
        return "other"

    def contact(
        self, medium: str | None, host: str | None, country: str | None, affiliations: list[str], trigger: str = ""
    ) -> tuple[Plover, tuple[Cameo, ...]]:
        key = self.consult_mode(medium, host, country, affiliations)
        entry = self.contacts[key]
        if key == "visit":
            visitor = self.code(entry["cameo"])
            hosting = self.code(entry["host_cameo"])
            cameo = (_side(visitor, "visitor"), _side(hosting, "host"))
        elif key != "phone" and self.negotiation.search(trigger or ""):
            cameo = (self.code(self.contacts["negotiation"]["cameo"]),)
        else:
            cameo = (self.code(entry["cameo"]),)
        return Plover("CONSULT", entry.get("mode")), cameo

    def plover_contexts(self, topics) -> list[str]:
        return list(dict.fromkeys(c for t in topics for c in self.contexts.get(t, ())))


def _side(code: Cameo, side: str) -> Cameo:
    return Cameo(code.code, code.name, code.goldstein, code.quad_class, side)


@lru_cache(maxsize=1)
def coder() -> Coder:
    return Coder()
