import datetime as dt
import re
import shutil

import pytest

from conftest import SHARED
from diplograph.errors import KnowledgeBaseError
from diplograph.kb import KnowledgeBase
from diplograph.kb.files import DATA_DIR, LANG_DIR, read_yaml


def test_kb_loads_and_every_file_names_its_source(kb):
    assert len(kb.countries) >= 190 and len(kb.people) >= 300 and len(kb.organisations) >= 20
    paths = list(DATA_DIR.rglob("*.yaml")) + list(LANG_DIR.rglob("*.yaml"))
    assert len(paths) > 10
    for path in paths:
        assert read_yaml(path)["source"].strip(), path


@pytest.mark.parametrize(
    "role,affiliation,day,expected",
    [
        ("foreign-minister", "RUS", "2021-11-12", "sergey-lavrov"),
        ("defence-minister", "RUS", "2021-11-12", "sergei-shoigu"),
        ("eu-high-representative", "EU", "2020-06-16", "josep-borrell"),
        ("foreign-minister", "USA", "2021-02-04", "antony-blinken"),
        ("foreign-minister", "FRA", "2021-11-12", "jean-yves-le-drian"),
        ("head-of-state", "BLR", "2020-11-26", "alexander-lukashenko"),
        ("secretary-general", "UN", "2016-06-01", "ban-ki-moon"),
    ],
)
def test_kb_office_holder_on_date(kb, role, affiliation, day, expected):
    assert expected in [p.id for p in kb.holders(role, affiliation, dt.date.fromisoformat(day))]


@pytest.mark.parametrize(
    "code,adjectives",
    [
        ("RUS", ["russe", "russes"]),
        ("USA", ["américain", "américaine", "américains", "américaines"]),
        ("BLR", ["biélorusse", "biélorusses"]),
        ("SEN", ["sénégalais", "sénégalaise"]),
    ],
)
def test_kb_french_adjectives_all_forms(kb, code, adjectives):
    assert set(adjectives) <= set(kb.countries[code].adjectives["fr"])


def test_kb_capitals_in_both_spellings(kb):
    assert {"Kiev", "Kyiv"} <= set(kb.countries["UKR"].capital["fr"]) | set(kb.countries["UKR"].capital["en"])


def test_kb_topic_cues_use_only_the_closed_vocabulary():
    vocabulary = set(re.findall(r"^\| `([a-z0-9-]+)` \|", (SHARED / "spec" / "topics.md").read_text(), re.M))
    cues = read_yaml(LANG_DIR / "fr" / "topics.yaml")["topics"]
    assert set(cues) <= vocabulary
    assert vocabulary - set(cues) == set()


def test_kb_people_ids_are_wikipedia_style_and_unique(kb):
    assert kb.people
    for pid in kb.people:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid), pid


def test_kb_refuses_a_broken_file_naming_it(tmp_path):
    (tmp_path / "people").mkdir()
    shutil.copy(DATA_DIR / "roles.yaml", tmp_path)  # the role vocabulary the broken file is checked against
    (tmp_path / "countries.yaml").write_text("source: test\ncountries:\n  - {code: RUS, names: {fr: [Russie]}}\n")
    (tmp_path / "people" / "bad.yaml").write_text(
        "source: test\npeople:\n  - {id: x-y, names: [X Y], offices: [{role: tsar, affiliation: RUS, start: 2020}]}\n"
    )
    with pytest.raises(KnowledgeBaseError, match=r"bad\.yaml.*x-y.*unknown role 'tsar'"):
        KnowledgeBase(tmp_path)


def test_kb_refuses_a_title_split_by_an_unquoted_comma(tmp_path):
    # {title: Minister of Foreign Affairs, Cooperation} reads as a title and a key "Cooperation"
    (tmp_path / "people").mkdir()
    shutil.copy(DATA_DIR / "roles.yaml", tmp_path)
    (tmp_path / "countries.yaml").write_text("source: test\ncountries:\n  - {code: STP, names: {fr: [Sao Tomé]}}\n")
    person = "source: test\npeople:\n  - {id: a-b, names: [A B], offices: [{role: foreign-minister, affiliation: STP, start: 2020, title: TITLE}]}\n"
    written = tmp_path / "people" / "p.yaml"
    written.write_text(person.replace("TITLE", "Minister of Foreign Affairs, Cooperation"))
    with pytest.raises(KnowledgeBaseError, match=r"p\.yaml.*a-b.*unknown key 'Cooperation'.*quoted"):
        KnowledgeBase(tmp_path)
    quoted = tmp_path / "quoted"
    shutil.copytree(tmp_path / "people", quoted / "people")
    for name in ("roles.yaml", "countries.yaml"):
        shutil.copy(tmp_path / name, quoted)
    (quoted / "people" / "p.yaml").write_text(person.replace("TITLE", '"Minister of Foreign Affairs, Cooperation"'))
    assert KnowledgeBase(quoted).people["a-b"].offices[0].title == "Minister of Foreign Affairs, Cooperation"


def test_kb_refuses_a_key_written_twice_naming_file_and_line(tmp_path):
    """An office ended by a second ``end:`` line under the first: YAML would keep one silently."""
    (tmp_path / "people").mkdir()
    shutil.copy(DATA_DIR / "roles.yaml", tmp_path)
    (tmp_path / "countries.yaml").write_text("source: test\ncountries:\n  - {code: HTI, names: {fr: [Haïti]}}\n")
    office = "  - role: foreign-minister\n    affiliation: HTI\n    start: 2025-01-10\n    end: null\n"
    person = f"source: test\npeople:\n- id: a-b\n  names: [A B]\n  offices:\n{office}"
    (tmp_path / "people" / "p.yaml").write_text(person + "    source: https://example.org/a\n    end: 2026-03-04\n")
    with pytest.raises(KnowledgeBaseError, match=r"p\.yaml: cannot read: .*'end' written twice.*line 11, column 5$"):
        KnowledgeBase(tmp_path)
    (tmp_path / "people" / "p.yaml").write_text(person.replace("end: null", "end: 2026-03-04"))
    assert KnowledgeBase(tmp_path).people["a-b"].offices[0].end == dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    "written,canonical",
    [
        ("muhammad bin salman", "mohammed ben salman"),
        ("mohammad ibn salman", "mohammed ben salman"),
        ("mohamad ben zayed", "mohamed ben zayed"),
        ("benoit binet", "benoit binet"),  # only whole words
    ],
)
def test_kb_name_forms_are_written_one_way(kb, written, canonical):
    assert kb.canonical(written) == canonical


def test_kb_name_forms_refuse_forms_of_another_length(tmp_path):
    for name in ("roles.yaml", "countries.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path)
    (tmp_path / "name_forms.yaml").write_text("source: test\nequivalents:\n  - [mohammed, mohamed]\n")
    with pytest.raises(KnowledgeBaseError, match=r"name_forms\.yaml.*mohammed"):
        KnowledgeBase(tmp_path)


def _one_person(tmp_path, wikidata_file: str):
    (tmp_path / "people").mkdir()
    shutil.copy(DATA_DIR / "roles.yaml", tmp_path)
    (tmp_path / "countries.yaml").write_text("source: test\ncountries:\n  - {code: FRA, names: {fr: [France]}}\n")
    (tmp_path / "people" / "p.yaml").write_text(
        "source: test\npeople:\n  - {id: jean-dupont, names: [Jean Dupont], offices: [{role: foreign-minister, affiliation: FRA, start: 2020}]}\n"
    )
    (tmp_path / "people_wikidata.yaml").write_text("source: test\npeople:\n" + wikidata_file)
    return KnowledgeBase(tmp_path)


def test_kb_people_carry_the_wikidata_ids_a_source_shows(tmp_path):
    kb = _one_person(tmp_path, "  - {person: jean-dupont, wikidata: Q42, source: 'https://example.org/jean-dupont'}\n")
    assert kb.people["jean-dupont"].wikidata == "Q42"


@pytest.mark.parametrize(
    "entry,problem",
    [
        ("{person: jean-dupond, wikidata: Q42, source: x}", "'jean-dupond' is unknown"),
        ("{person: jean-dupont, wikidata: 42, source: x}", "bad wikidata id"),
        ("{person: jean-dupont, wikidata: Q42}", "needs the source"),
    ],
)
def test_kb_refuses_a_wikidata_id_without_its_person_form_or_source(tmp_path, entry, problem):
    with pytest.raises(KnowledgeBaseError, match=rf"people_wikidata\.yaml.*{problem}"):
        _one_person(tmp_path, f"  - {entry}\n")


def test_kb_refuses_a_source_url_left_in_quotes(tmp_path):
    # appending "; URL" to a single-quoted source writes "'URL1'; URL2": the first address is no longer a link
    (tmp_path / "people").mkdir()
    shutil.copy(DATA_DIR / "roles.yaml", tmp_path)
    (tmp_path / "countries.yaml").write_text("source: test\ncountries:\n  - {code: STP, names: {fr: [Sao Tomé]}}\n")
    person = "source: test\npeople:\n  - {id: a-b, names: [A B], offices: [{role: foreign-minister, affiliation: STP, start: 2020, source: SOURCE}]}\n"
    (tmp_path / "people" / "p.yaml").write_text(
        person.replace("SOURCE", "\"'https://a.example/x'; https://b.example/y\"")
    )
    with pytest.raises(KnowledgeBaseError, match=r"p\.yaml.*a-b.*source in quotes"):
        KnowledgeBase(tmp_path)
    fine = tmp_path / "fine"
    (fine / "people").mkdir(parents=True)
    for name in ("roles.yaml", "countries.yaml"):
        shutil.copy(tmp_path / name, fine)
    quoted_text = "\"https://a.example/x (the list: 'Vacant 1997-2000'); https://b.example/y\""
    (fine / "people" / "p.yaml").write_text(person.replace("SOURCE", quoted_text))
    assert KnowledgeBase(fine).people["a-b"].offices[0].source.startswith("https://a.example/x")
