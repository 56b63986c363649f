"""CAMEO and PLOVER codes: every code diplograph emits agrees with the peers' codebooks."""

import csv
import json

import pytest

from conftest import OWN_DOCS, SEEDS, SHARED
from diplograph.coding import CODES, Coder
from diplograph.errors import KnowledgeBaseError
from diplograph.readers import read_paths

PEER = SHARED / "peer"


@pytest.fixture(scope="module")
def codebook():
    with open(PEER / "cameo_event_codes_merged.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def plover():
    return json.loads((PEER / "plover_ontology_draft0.8.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def emitted(pipeline):
    """Every CAMEO and PLOVER code extract gives the seeds and the project's gold documents."""
    cameo, plover_codes = [], []
    for record in pipeline.pipe(read_paths([SEEDS, OWN_DOCS])):
        for c in record.contacts:
            cameo.extend(c.cameo)
            plover_codes.append(c.plover)
        for s in record.statements:
            if s.cameo:
                cameo.append(s.cameo)
                plover_codes.append(s.plover)
    return cameo, plover_codes


def test_codes_every_listed_code_matches_the_codebook(pipeline, codebook):
    listed = list(pipeline.coder.cameo.values())
    assert listed
    for code in listed:
        row = codebook[code.code]
        assert (code.goldstein, code.quad_class) == (float(row["goldstein"]), int(row["quad_class"])), code.code


def test_codes_every_emitted_code_matches_the_codebook(emitted, codebook):
    cameo, _ = emitted
    assert {c.code for c in cameo} >= {"041", "042", "043", "051", "111"}  # the run covers visits, calls, positions
    for c in cameo:
        row = codebook[c.code]
        assert c.goldstein == float(row["goldstein"]) and c.quad_class == int(row["quad_class"]), c


def test_codes_every_emitted_plover_type_and_mode_exists(emitted, plover):
    _, codes = emitted
    assert codes
    modes = {
        e["event"]: {m["mode"] if isinstance(m, dict) else m for m in e.get("modes") or []}
        for e in plover["event_types"]
    }
    for p in codes:
        assert p.type in modes
        assert p.mode is None or p.mode in modes[p.type], p


def test_codes_topic_contexts_are_plover_contexts(pipeline, plover):
    known = {c["context"] for c in plover["contexts"]}
    contexts = {c for cs in pipeline.coder.contexts.values() for c in cs}
    assert contexts and contexts <= known


@pytest.mark.parametrize(
    ("medium", "host", "country", "parties", "mode", "codes"),
    [
        ("phone", None, None, ["FRA", "RUS"], "phone", ["041"]),
        ("video", None, None, ["EU", "RUS"], "phone", ["041"]),
        ("in_person", "FRA", "FRA", ["FRA", "CHN"], "visit", ["042", "043"]),
        ("in_person", None, "CHE", ["USA", "RUS"], "third-party", ["044"]),
        ("in_person", "POL", "POL", ["FRA", "POL", "DEU"], "multilateral", ["040"]),
        ("written", None, None, ["DZA", "SEN"], None, ["040"]),
    ],
)
def test_codes_consult_modes_follow_the_peers_mapping(pipeline, medium, host, country, parties, mode, codes):
    plover_code, cameo = pipeline.coder.contact(medium, host, country, parties)
    assert plover_code.type == "CONSULT" and plover_code.mode == mode
    assert [c.code for c in cameo] == codes


def test_codes_a_visit_codes_each_side(pipeline):
    _, cameo = pipeline.coder.contact("in_person", "FRA", "FRA", ["FRA", "CHN"])
    assert {(c.side, c.code) for c in cameo} == {("visitor", "042"), ("host", "043")}


def test_codes_negotiations_are_046(pipeline):
    _, cameo = pipeline.coder.contact("in_person", None, None, ["ARM", "AZE"], trigger="négociations")
    assert [c.code for c in cameo] == ["046"]


def test_codes_a_code_missing_from_the_list_is_refused(tmp_path):
    broken = tmp_path / "codes.yaml"
    broken.write_text(CODES.read_text(encoding="utf-8").replace('SUPPORT, cameo: "051"', 'SUPPORT, cameo: "999"'))
    with pytest.raises(KnowledgeBaseError, match="999"):
        Coder(broken)
