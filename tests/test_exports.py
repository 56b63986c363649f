"""Export formats of `extract`: PLOVER events, CAMEO dyads, flat CSV."""

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import SEEDS
from diplograph.exports import contact_dyads, writer

VISIT = (
    "Paris, le 3 mars 2025\n\n"
    "Le ministre de l'Europe et des Affaires étrangères, Jean-Noël Barrot, a reçu le 3 mars 2025 à Paris son "
    "homologue chinois, Wang Yi. M. Barrot a salué la décision de la Chine. "
    "Il n'a pas condamné les frappes."
)
SUMMIT = (
    "Les ministres des Affaires étrangères de la France, de l'Allemagne et de la Pologne, Jean-Noël Barrot, "
    "Annalena Baerbock et Radosław Sikorski, se sont réunis le 12 février 2024 à Paris."
)


def _rows(pipeline, text, fmt):
    record = pipeline(text, published="2025-03-03")
    w = writer(fmt)
    return w.header() + "".join(w.lines(record.to_dict(), record.original))


def test_exports_cameo_visit_gives_each_side_its_code(pipeline):
    rows = list(csv.DictReader(io.StringIO(_rows(pipeline, VISIT, "cameo")), delimiter="\t"))
    contact = {(r["source"], r["target"], r["cameo_code"]) for r in rows if r["kind"] == "contact"}
    assert contact == {("CHN", "FRA", "042"), ("FRA", "CHN", "043")}


def test_exports_cameo_statement_dyads_and_no_negated_event(pipeline):
    rows = list(csv.DictReader(io.StringIO(_rows(pipeline, VISIT, "cameo")), delimiter="\t"))
    statements = [(r["source"], r["target"], r["cameo_code"], r["goldstein"]) for r in rows if r["kind"] == "statement"]
    assert statements == [("FRA", "CHN", "051", "3.4")]


def test_exports_cameo_multilateral_contact_has_every_directed_dyad(pipeline):
    rows = list(csv.DictReader(io.StringIO(_rows(pipeline, SUMMIT, "cameo")), delimiter="\t"))
    dyads = {(r["source"], r["target"]) for r in rows if r["kind"] == "contact"}
    assert len(dyads) == 6 and ("POL", "DEU") in dyads and ("DEU", "POL") in dyads


def test_exports_plover_events_quote_their_evidence(pipeline):
    events = [json.loads(line) for line in _rows(pipeline, VISIT, "plover").splitlines()]
    contact = next(e for e in events if e["kind"] == "contact")
    assert (contact["event_type"], contact["mode"]) == ("CONSULT", "visit")
    assert contact["source"] == ["CHN"] and contact["target"] == ["FRA"]
    assert any(e["kind"] == "statement" for e in events)  # the positive statement is there
    assert all(e["evidence"] for e in events)
    for e in events:
        for ev in e["evidence"]:
            assert " ".join(VISIT[ev["start"] : ev["end"]].split()) == ev["text"]
    assert not any(e.get("kind") == "statement" and e["event_type"] == "ACCUSE" for e in events)  # negated


def test_exports_plover_contexts_come_from_topics(pipeline):
    text = VISIT.replace(
        "a salué la décision de la Chine", "a salué les progrès du commerce bilatéral et des investissements"
    )
    events = [json.loads(line) for line in _rows(pipeline, text, "plover").splitlines()]
    assert any("economic" in e["context"] for e in events)


def test_exports_csv_has_one_row_per_contact_or_statement(pipeline):
    rows = list(csv.DictReader(io.StringIO(_rows(pipeline, VISIT, "csv"))))
    assert [r["kind"] for r in rows] == ["contact", "statement", "statement"]
    assert rows[0]["participants"] == "Jean-Noël Barrot; Wang Yi"
    assert (rows[0]["cameo_codes"], rows[0]["cameo_sides"]) == ("042; 043", "visitor; host")  # every code
    assert rows[2]["negated"] == "true" and rows[2]["cameo_codes"] == ""


def _record(pipeline, text):
    record = pipeline(text, published="2025-03-03")
    d = record.to_dict()
    return {**d, "title": "Visite de Wang Yi", "url": "https://example.org/visite"}, record.original


def _export(pipeline, text, fmt):
    d, original = _record(pipeline, text)
    w = writer(fmt)
    return w.header() + "".join(w.lines(d, original))


def test_exports_csv_codes_read_back_as_text(pipeline):
    out = _export(pipeline, VISIT, "csv")
    assert '"042; 043"' in out and ',"051",' in out  # quoted: text cells, not numbers
    import pandas as pd

    frame = pd.read_csv(io.StringIO(out), dtype={"cameo_codes": str})
    assert "051" in set(frame["cameo_codes"].dropna())
    assert "051" in {r["cameo_codes"] for r in csv.DictReader(io.StringIO(out))}


def test_exports_cameo_codes_read_back_as_text(pipeline):
    import pandas as pd

    frame = pd.read_csv(io.StringIO(_export(pipeline, VISIT, "cameo")), sep="\t", dtype={"cameo_code": str})
    assert {"042", "043", "051"} <= set(frame["cameo_code"])


@pytest.mark.parametrize("fmt", ["csv", "cameo"])
def test_exports_rows_carry_title_url_and_evidence_text(pipeline, fmt):
    rows = list(csv.DictReader(io.StringIO(_export(pipeline, VISIT, fmt)), delimiter="\t" if fmt == "cameo" else ","))
    assert rows and all(r["title"] == "Visite de Wang Yi" and r["url"] == "https://example.org/visite" for r in rows)
    contact = next(r for r in rows if r["kind"] == "contact")
    assert "Wang Yi" in contact["evidence_text"] and "\t" not in contact["evidence_text"]


def test_exports_plover_events_carry_title_and_url(pipeline):
    events = [json.loads(line) for line in _export(pipeline, VISIT, "plover").splitlines()]
    assert all(e["url"] == "https://example.org/visite" and e["title"] == "Visite de Wang Yi" for e in events)


@pytest.mark.parametrize(
    "codes,expected",
    [
        (
            [{"code": "042", "side": "visitor"}, {"code": "043", "side": "host"}],
            {("CHN", "FRA", "042"), ("FRA", "CHN", "043")},
        ),
        (
            [{"code": "040"}, {"code": "036"}],
            {("FRA", "CHN", "040"), ("FRA", "CHN", "036"), ("CHN", "FRA", "040"), ("CHN", "FRA", "036")},
        ),
    ],
)
def test_exports_contact_dyads_keep_every_code(codes, expected):
    contact = {
        "participants": [{"affiliation": "FRA"}, {"affiliation": "CHN"}],
        "host": "FRA",
        "cameo": [{**c, "goldstein": 1.0, "quad_class": 1} for c in codes],
    }
    assert {(a, b, c["code"]) for a, b, c in contact_dyads(contact)} == expected


@pytest.mark.slow
def test_exports_format_flag_on_the_command_line():
    out = subprocess.run(
        [sys.executable, "-m", "diplograph", "extract", "--format", "cameo", "-q", str(SEEDS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = out.splitlines()
    assert lines[0].split("\t")[:4] == ["date", "source", "target", "cameo_code"]
    assert any("\tRUS\tUSA\t041\t" in line for line in lines)  # Lavrov and Blinken's call


VISIT_EN = (
    "WASHINGTON, March 3, 2025\n\n"
    "Secretary of State Marco Rubio received Chinese Foreign Minister Wang Yi at the Department of State on "
    "March 3, 2025. Secretary Rubio welcomed China's decision. He did not condemn the strikes."
)


@pytest.mark.parametrize("fmt", ["plover", "cameo", "csv"])
def test_exports_of_an_english_document_match_those_of_a_french_one(pipeline, fmt):
    english = _rows(pipeline, VISIT_EN, fmt)
    assert "Wang Yi" in english or "CHN" in english
    if fmt == "plover":
        events = [json.loads(line) for line in english.splitlines()]
        contact = next(e for e in events if e["kind"] == "contact")
        assert (contact["event_type"], contact["mode"], contact["source"], contact["target"]) == (
            "CONSULT",
            "visit",
            ["CHN"],
            ["USA"],
        )
        for e in events:
            for ev in e["evidence"]:
                assert " ".join(VISIT_EN[ev["start"] : ev["end"]].split()) == ev["text"]
        assert not any(e["kind"] == "statement" and e["event_type"] == "ACCUSE" for e in events)  # negated
