"""The evaluation gate: both gold sets scored end to end; no measure may fall below its pinned floor.

Floors live in eval/baseline.json and only go up (a lowered floor needs a stated reason in its commit).
"""

import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def reports(pipeline):
    import run_eval

    return run_eval.run(pipeline)


@pytest.mark.parametrize("gold_set", ["seeds", "own"])
def test_eval_gate_no_measure_below_its_floor(reports, gold_set):
    floors = json.loads((ROOT / "eval" / "baseline.json").read_text())[gold_set]
    scores = reports[gold_set].scores()
    below = {k: (round(scores[k], 4), floor) for k, floor in floors.items() if scores[k] + 1e-9 < floor}
    assert not below, f"{gold_set}: below floor (score, floor): {below}"


def test_eval_scores_a_wrong_prediction_as_wrong():
    from diplograph.evaluate import evaluate

    gold = {"d": {"doc_id": "d", "title": "T", "published": None, "contacts": [
        {"medium": "phone", "status": "occurred", "date": None, "location": None, "initiator": None, "host": None,
         "topics": ["ukraine"], "participants": [{"id": "a", "name": "A", "affiliation": "RUS"},
                                                  {"id": "b", "name": "B", "affiliation": "USA"}]},
        {"optional": True, "medium": None, "status": "occurred", "date": None, "location": None, "initiator": None,
         "host": None, "topics": [], "participants": [{"id": "c", "name": "C", "affiliation": "FRA"},
                                                       {"id": "b", "name": "B", "affiliation": "USA"}]}]}}
    pred = {"d": {"doc_id": "d", "title": "T", "published": None, "contacts": [
        {"medium": "video", "status": "occurred", "date": None, "location": None, "initiator": None, "host": None,
         "topics": ["ukraine", "syria"], "participants": [{"id": "a", "name": "A", "affiliation": "RUS"},
                                                           {"id": "b", "name": "B", "affiliation": "USA"}]},
        {"medium": None, "status": "occurred", "date": None, "location": None, "initiator": None, "host": None,
         "topics": [], "participants": [{"id": "c", "name": "C", "affiliation": "FRA"}, {"id": "b", "name": "B", "affiliation": "USA"}]},
        {"medium": None, "status": "occurred", "date": None, "location": None, "initiator": None, "host": None,
         "topics": [], "participants": [{"id": "x", "name": "X", "affiliation": "CHN"}, {"id": "y", "name": "Y", "affiliation": "IND"}]}]}}
    report = evaluate(gold, pred)
    assert (report.contacts.tp, report.contacts.fp, report.contacts.fn) == (1, 1, 0)  # optional pair ignored
    assert report.fields["medium"].value == 0.0 and report.topics.precision == 0.5 and report.title.value == 1.0
