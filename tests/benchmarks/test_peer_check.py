"""The peer check (benchmarks/peer_check.py): the peers' codes read as ours, and its figures on a few sentences
written for this test in the peer file's schema."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import peer_check  # noqa: E402

KNOWN = {"USA", "CHN", "RUS", "BRA", "EU", "UN"}

MEETING = {
    "dataset": "mine",
    "id": "meeting",
    "lang": "en",
    "date": "20230619",
    "text": "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Monday.",
    "events": [{"cameo": "042", "plover": "CONSULT", "source_code": "USAGOV", "target_code": "CHNGOV"}],
    "no_event": False,
}
WEATHER = {
    "dataset": "mine",
    "id": "weather",
    "lang": "en",
    "date": "20230620",
    "text": "The weather in Geneva was mild on Tuesday.",
    "events": [],
    "no_event": True,
}


@pytest.mark.parametrize(
    "value,expected",
    [("20080804", "2008-08-04"), ("2000-01-01", "2000-01-01"), ("121108", None), (None, None)],
)
def test_iso_date_reads_the_peers_forms(value, expected):
    assert peer_check.iso_date(value) == expected


@pytest.mark.parametrize(
    "code,sector,expected",
    [
        ("USA", "", "USA"),
        ("USAGOV", "", "USA"),
        ("RUS", "MIL", "RUS"),
        ("CHNGOVMIL", "", "CHN"),
        ("BRAPPL", "", None),  # civilians do not represent the state
        ("RUS", "REB", None),
        ("IGOEUREEC", "", "EU"),
        ("IGOUNOMIL", "", "UN"),
        ("ITL", "", None),  # the CAMEO manual's own code, not ISO
        ("IGO", "", None),
        ("---LEG", "", None),
    ],
)
def test_known_code_maps_peer_codes_to_the_knowledge_base(code, sector, expected):
    assert peer_check.known_code(code, sector, KNOWN) == expected


@pytest.mark.parametrize(
    "event,family",
    [
        ({"cameo": "111", "plover": "ACCUSE"}, "ACCUSE"),
        ({"cameo": "092", "plover": "ACCUSE"}, None),  # an investigation takes no position
        ({"cameo": "0241", "plover": ""}, "REQUEST"),  # an appeal, which PLOVER drops
        ({"cameo": "036", "plover": "AGREE"}, "AGREE"),
        ({"cameo": "061", "plover": "COOPERATE"}, None),  # PLOVER's material cooperation
        ({"cameo": "190", "plover": "ASSAULT"}, None),
        ({"plover": "REJECT", "plover_0.5b1": "REJECT"}, "REJECT"),
    ],
)
def test_expected_family_maps_peer_types_to_the_contract(event, family):
    assert peer_check.expected_family(event) == family


def test_expected_events_reads_a_joint_act_as_symmetric():
    gold_standard = {
        "events": [
            {
                "plover": "AGREE",
                "source": [{"code": "USA", "sector": ""}, {"code": "BRA", "sector": "GOV"}],
                "target": [],
            }
        ]
    }
    both_ways = {
        "events": [
            {"cameo": "031", "plover": "AGREE", "source_code": "USA", "target_code": "BRA"},
            {"cameo": "031", "plover": "AGREE", "source_code": "BRA", "target_code": "USA"},
        ]
    }
    for row in (gold_standard, both_ways):
        events = peer_check.expected_events(row, KNOWN)
        assert all(e.symmetric and e.codes == {"USA", "BRA"} for e in events)
    joint = {"type": "COOPERATE", "source": ["BRA", "USA"], "target": [], "negated": False}
    assert peer_check.statement_agrees(joint, events[0])


def test_score_sentence_counts_types_once_per_sentence():
    row = {
        "dataset": "mine",
        "events": [
            {"cameo": "111", "plover": "ACCUSE", "source_code": "USA", "target_code": "RUS"},
            {"cameo": "020", "plover": "", "source_code": "USA", "target_code": "RUS"},
        ],
    }
    record = {
        "language": "en",
        "contacts": [],
        "statements": [
            {"type": "ACCUSE", "source": ["USA"], "target": ["RUS"], "negated": False},
            {"type": "ACCUSE", "source": ["USA"], "target": [], "negated": False},
            {"type": "THREATEN", "source": ["USA"], "target": ["RUS"], "negated": False},
            {"type": "REQUEST", "source": ["USA"], "target": ["RUS"], "negated": True},  # no event
        ],
    }
    tally = peer_check.Tally()
    peer_check.score_sentence(tally, row, record, KNOWN)
    assert tally.value("statement_precision") == 0.5  # ACCUSE right, THREATEN wrong
    assert tally.value("statement_recall") == 0.5  # ACCUSE found, REQUEST not
    assert tally.value("statement_actors") == 1.0


def test_below_floors_reports_peer_figures_only():
    results = {"peer/total": {"consult_recall": 0.5, "statement_f1": None}}
    floors = {"seeds": {"contacts": 1.0}, "peer/total": {"consult_recall": 0.6, "statement_f1": 0.1}}
    assert peer_check.below_floors(results, floors) == [
        "peer/total.consult_recall: 0.5 < 0.6",
        "peer/total.statement_f1: None < 0.1",
    ]
    assert peer_check.below_floors(results, {"peer/total": {"consult_recall": 0.5}}) == []


def test_check_finds_the_meeting_and_nothing_in_the_weather():
    tallies = peer_check.check([MEETING, WEATHER])
    mine = tallies["mine"]
    assert mine.sentences == 2 and mine.not_english == 0 and mine.errors == 0
    assert mine.value("consult_recall") == 1.0
    assert mine.value("consult_actors") == 1.0  # USA and CHN among the participants
    assert mine.value("no_event_clean") == 1.0
    assert peer_check.figures(tallies["total"])["consult_recall"] == 1.0
    assert "| mine | 2 | 1.00 (1/1) |" in peer_check.table(tallies)
