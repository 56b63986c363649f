"""Raise the floors of eval/baseline.json to the current scores (never lowers one).

    python benchmarks/pin_floors.py

A floor is the measured score less 0.005, so that a rounding change does not fail the gate. A floor that
must go down is edited by hand, with the reason in the commit message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import run_eval

BASELINE = Path(__file__).resolve().parent.parent / "eval" / "baseline.json"


def main() -> int:
    floors = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    for name, report in run_eval.run().items():
        current = floors.setdefault(name, {})
        for measure, score in report.scores().items():
            new = 1.0 if score >= 1.0 else round(score - 0.005, 3)
            if new > current.get(measure, 0.0):
                print(f"{name}.{measure}: {current.get(measure, 0.0)} -> {new}")
                current[measure] = new
    BASELINE.write_text(json.dumps(floors, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
