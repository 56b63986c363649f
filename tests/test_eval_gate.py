"""The evaluation gate: both gold sets scored end to end; no measure may fall below its pinned floor.

Floors live in eval/baseline.json and only go up (a lowered floor needs a stated reason in its commit).
"""

import json
import subprocess
import sys

import pytest

from conftest import DEV_EN_DOCS, DEV_EN_GOLD, DEV_FR_DOCS, DEV_FR_GOLD, OWN_DOCS, OWN_GOLD, ROOT, SEED_GOLD, SEEDS
from diplograph.evaluate import evaluate

GOLD_SETS = {
    "seeds": (SEEDS, SEED_GOLD),
    "own": (OWN_DOCS, OWN_GOLD),
    "dev-fr": (DEV_FR_DOCS, DEV_FR_GOLD),
    "dev-en": (DEV_EN_DOCS, DEV_EN_GOLD),
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    """`diplograph extract` then `diplograph eval --json`, as a user runs them, on each gold set."""
    out = {}
    for name, (docs, gold) in GOLD_SETS.items():
        pred = tmp_path_factory.mktemp(name) / "pred.jsonl"
        with pred.open("w") as fh:
            subprocess.run([sys.executable, "-m", "diplograph", "extract", "-q", str(docs)], stdout=fh, check=True)
        proc = subprocess.run(
            [sys.executable, "-m", "diplograph", "eval", "--json", str(gold), str(pred)],
            capture_output=True,
            text=True,
            check=True,
        )
        out[name] = json.loads(proc.stdout)
    return out


def _score(report: dict, measure: str) -> float:
    entry = report[measure]
    return entry["f1"] if "f1" in entry else entry["accuracy"]


@pytest.mark.slow
@pytest.mark.parametrize("gold_set", list(GOLD_SETS))
def test_eval_gate_no_measure_below_its_floor(scores, gold_set):
    floors = json.loads((ROOT / "eval" / "baseline.json").read_text())[gold_set]
    assert floors
    report = scores[gold_set]
    below = {k: (round(_score(report, k), 4), f) for k, f in floors.items() if _score(report, k) + 1e-9 < f}
    assert not below, f"{gold_set}: below floor (score, floor): {below}"


@pytest.mark.slow
def test_eval_gate_seeds_meet_the_issue_bar(scores):
    # every required contact found and nothing spurious; fields exact; topic F1 >= 0.85
    report = scores["seeds"]
    assert report["contacts"]["fp"] == 0 and report["contacts"]["fn"] == 0
    for measure in ("medium", "status", "date", "location", "initiator", "host", "title", "published"):
        assert report[measure]["accuracy"] == 1.0, measure
    assert report["participants"]["f1"] == 1.0 and report["topics"]["f1"] >= 0.85
    assert report["statements"]["f1"] >= 0.80  # issue 3: type (or an accepted alternative), source and target


def test_evaluate_statements_prefer_the_exact_type_then_an_alternative():
    def statement(kind, source, target=(), **extra):
        return {"type": kind, "source": list(source), "target": list(target), **extra}

    gold = {
        "d": {
            "doc_id": "d",
            "contacts": [],
            "statements": [
                statement("SUPPORT", ["RUS", "FRA"], type_alt=["COOPERATE"]),
                statement("COOPERATE", ["RUS", "FRA"]),
                statement("ACCUSE", ["FRA"], ["BLR"], optional=True),
            ],
        }
    }
    # the COOPERATE prediction must go to the exact COOPERATE, leaving SUPPORT for the SUPPORT prediction
    pred = {
        "d": {
            "doc_id": "d",
            "contacts": [],
            "statements": [statement("COOPERATE", ["FRA", "RUS"]), statement("SUPPORT", ["RUS", "FRA"])],
        }
    }
    report = evaluate(gold, pred)
    assert (report.statements.tp, report.statements.fp, report.statements.fn) == (2, 0, 0)
    # a wrong target is a miss and a spurious statement; a missed optional statement costs nothing
    pred["d"]["statements"][0]["target"] = ["UKR"]
    report = evaluate(gold, pred)
    assert (report.statements.tp, report.statements.fp, report.statements.fn) == (1, 1, 1)


def _contact(*parties: str, medium: str | None = None, topics: tuple[str, ...] = (), **extra) -> dict:
    """A contact in the contract's form between parties written "ID:AFFILIATION"."""
    participants = [
        {"id": p.split(":")[0], "name": p.split(":")[0].upper(), "affiliation": p.split(":")[1]} for p in parties
    ]
    return {
        "medium": medium,
        "status": "occurred",
        "date": None,
        "location": None,
        "initiator": None,
        "host": None,
        "topics": list(topics),
        "participants": participants,
        **extra,
    }


def test_evaluate_scores_a_wrong_prediction_as_wrong():
    gold = {
        "d": {
            "doc_id": "d",
            "title": "T",
            "published": None,
            "contacts": [
                _contact("a:RUS", "b:USA", medium="phone", topics=("ukraine",)),
                _contact("c:FRA", "b:USA", optional=True),
            ],
        }
    }
    pred = {
        "d": {
            "doc_id": "d",
            "title": "T",
            "published": None,
            "contacts": [
                _contact("a:RUS", "b:USA", medium="video", topics=("ukraine", "syria")),
                _contact("c:FRA", "b:USA"),  # paired with the optional gold contact: neither rewarded nor penalised
                _contact("x:CHN", "y:IND"),  # spurious
            ],
        }
    }
    report = evaluate(gold, pred)
    assert (report.contacts.tp, report.contacts.fp, report.contacts.fn) == (1, 1, 0)  # optional pair ignored
    assert report.fields["medium"].value == 0.0 and report.topics.precision == 0.5 and report.title.value == 1.0


def test_eval_contacts_pair_with_the_gold_naming_the_same_people_first():
    from diplograph.evaluate import evaluate

    def actor(id_, name, aff):
        return {"id": id_, "name": name, "affiliation": aff}

    cassis, iwaya = actor("ignazio-cassis", "Ignazio Cassis", "CHE"), actor("takeshi-iwaya", "Takeshi Iwaya", "JPN")
    ministries = actor("JPN", "ministères japonais", "JPN")  # a state standing for unnamed officials
    gold = {
        "d": {
            "doc_id": "d",
            "contacts": [
                {"participants": [cassis, iwaya]},
                {"participants": [cassis, ministries], "optional": True},
            ],
            "statements": [],
        }
    }
    pred = {"d": {"doc_id": "d", "contacts": [{"participants": [cassis, iwaya]}], "statements": []}}
    report = evaluate(gold, pred)
    assert (report.contacts.tp, report.contacts.fn) == (1, 0)


@pytest.mark.slow
def test_eval_gate_peer_sentences_no_figure_below_its_floor():
    # the English test sentences of other event coders (benchmarks/peer_check.py), floors "peer/..." in baseline
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "peer_check.py"), "--floors", str(ROOT / "eval" / "baseline.json")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
