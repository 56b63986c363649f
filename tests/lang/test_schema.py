import copy
import importlib.util
from pathlib import Path

import pytest

from diplograph.coding import STATEMENT_TYPES
from diplograph.errors import KnowledgeBaseError
from diplograph.kb.files import load_yaml, read_yaml
from diplograph.lang.schema import (
    LANG_DIR,
    build_schema,
    check_or_raise,
    schema,
    validate_file,
    validate_language,
    validate_languages,
)

ROOT = Path(__file__).resolve().parents[2]


def fr(name: str):
    """A deep copy of a French data file, to break."""
    return copy.deepcopy(read_yaml(LANG_DIR / "fr" / name))


def problems(name: str, data, pack: bool = True) -> list[str]:
    return validate_file(LANG_DIR / "fr" / name, "fr", name, data, pack=pack)


def test_schema_every_language_folder_keeps_the_contract():
    assert validate_languages() == []


def test_schema_fr_is_a_full_pack():
    assert validate_language(LANG_DIR / "fr", pack=True) == []


@pytest.mark.parametrize("code", ["fr", "en"])
def test_schema_every_pack_is_complete(code):
    assert validate_language(LANG_DIR / code, pack=True) == []


def test_schema_a_data_only_folder_need_not_be_a_full_pack(tmp_path):
    folder = tmp_path / "xx"
    folder.mkdir()
    dates = {k: v for k, v in read_yaml(LANG_DIR / "en" / "dates.yaml").items() if k != "range_from"}
    (folder / "dates.yaml").write_text(__import__("yaml").safe_dump(dates, allow_unicode=True), encoding="utf-8")
    assert validate_language(folder, pack=False) == []
    missing = validate_language(folder, pack=True)
    assert f"{folder}: required data file 'triggers.yaml' is missing (every pack folder has it)" in missing
    assert f"{folder}/dates.yaml: required key 'range_from' is missing" in missing


def _set(path, value):
    def change(data):
        *head, last = path
        for step in head:
            data = data[step]
        data[last] = value

    return change


def _delete(path):
    def change(data):
        *head, last = path
        for step in head:
            data = data[step]
        del data[last]

    return change


def _append(path, value):
    def change(data):
        for step in path:
            data = data[step]
        data.append(value)

    return change


@pytest.mark.parametrize(
    "name,change,expected",
    [
        # a required key missing, at the top and in a list entry
        ("triggers.yaml", _delete(["coref"]), "lang/fr/triggers.yaml: required key 'coref' is missing"),
        (
            "titles.yaml",
            _delete(["titles", 2, "role"]),
            "lang/fr/titles.yaml: titles[2]: required key 'role' is missing",
        ),
        ("status.yaml", _delete(["source"]), "lang/fr/status.yaml: required key 'source' is missing"),
        # an unknown key, at the top and in a mapping with fixed keys
        ("status.yaml", _set(["plannned"], "x"), "lang/fr/status.yaml: unknown key 'plannned'"),
        ("statements.yaml", _set(["pronouns", "foo"], ["x"]), "lang/fr/statements.yaml: pronouns: unknown key 'foo'"),
        (
            "triggers.yaml",
            _set(["triggers", 0, "hots"], "subject"),
            "lang/fr/triggers.yaml: triggers[0]: unknown key 'hots'",
        ),
        # a wrong type
        (
            "statements.yaml",
            _set(["cues", 0, "cameo"], 131),
            "lang/fr/statements.yaml: cues[0].cameo: expected a string, got integer 131",
        ),
        (
            "triggers.yaml",
            _set(["triggers", 3, "needs_with"], "yes"),
            "lang/fr/triggers.yaml: triggers[3].needs_with: expected true or false, got string 'yes'",
        ),
        (
            "windows.yaml",
            _set(["windows", "status"], "60"),
            "lang/fr/windows.yaml: windows.status: expected an integer, got string '60'",
        ),
        (
            "triggers.yaml",
            _set(["coref"], "x"),
            "lang/fr/triggers.yaml: coref: expected a list of regular expressions, got string 'x'",
        ),
        (
            "triggers.yaml",
            _set(["triggers", 0, "id"], None),
            "lang/fr/triggers.yaml: triggers[0].id: expected a string, got null",
        ),
        (
            "layout.yaml",
            _append(["not_title"], 3),
            "lang/fr/layout.yaml: not_title[5]: expected a string, got integer 3",
        ),
        ("topics.yaml", _set(["topics"], []), "lang/fr/topics.yaml: topics: expected a mapping, got list []"),
        # a pattern that does not compile, alone or as the code joins or embeds it
        (
            "triggers.yaml",
            _set(["triggers", 3, "pattern"], "(reçu"),
            "lang/fr/triggers.yaml: triggers[3].pattern: does not compile: missing ), unterminated subpattern at position 0",
        ),
        (
            "status.yaml",
            _append(["planned"], "(prévu"),
            "lang/fr/status.yaml: planned[20]: does not compile: missing ), unterminated subpattern at position 0",
        ),
        (
            "status.yaml",
            _append(["planned"], "(?i)prévu"),
            "lang/fr/status.yaml: planned: does not compile as one alternation: "
            "global flags not at the start of the expression at position 851",
        ),
        (
            "triggers.yaml",
            _set(["triggers", 1, "pattern"], "(?P<verb>rencontr)"),
            None,  # alone it compiles; joined with the next one it does not
        ),
        (
            "titles.yaml",
            _set(["counterpart"], "(?<=\\w+)homologue"),
            "lang/fr/titles.yaml: counterpart: does not compile: look-behind requires fixed-width pattern",
        ),
        (
            "topics.yaml",
            _append(["topics", "cyber"], "\\bcyber\\S+"),
            "lang/fr/topics.yaml: topics.cyber[1]: upper-case escape \\S changes meaning once the pattern is lowered",
        ),
        # an enumerated value not allowed, as a value and as a key
        (
            "triggers.yaml",
            _set(["triggers", 3, "medium"], "tel"),
            "lang/fr/triggers.yaml: triggers[3].medium: 'tel' is not one of in_person, phone, video, written",
        ),
        (
            "statements.yaml",
            _set(["cues", 2, "type"], "DEMAND"),
            "lang/fr/statements.yaml: cues[2].type: 'DEMAND' is not one of "
            "REQUEST, AGREE, SUPPORT, COOPERATE, ACCUSE, REJECT, THREATEN",
        ),
        (
            "triggers.yaml",
            _set(["coref_media", "fax"], "fax"),
            "lang/fr/triggers.yaml: coref_media.fax: 'fax' is not one of in_person, phone, video, written",
        ),
        # forms, ranges, case, uniqueness
        (
            "titles.yaml",
            _set(["titles", 0, "affiliation"], "eu"),
            "lang/fr/titles.yaml: titles[0].affiliation: 'eu' does not have the form [A-Z][A-Z0-9-]*",
        ),
        (
            "dates.yaml",
            _set(["months", "janvier"], 13),
            "lang/fr/dates.yaml: months.janvier: 13 is above the maximum 12",
        ),
        (
            "dates.yaml",
            _set(["months", "Juin"], 6),
            "lang/fr/dates.yaml: months.Juin: 'Juin' must be written in lower case (it is matched against lowered text)",
        ),
        ("dates.yaml", _set(["months", 13], 1), "lang/fr/dates.yaml: months: key 13 is not a string (quote it)"),
        (
            "triggers.yaml",
            _set(["triggers", 5, "id"], "recevoir"),
            "lang/fr/triggers.yaml: triggers[5].id: 'recevoir' appears twice (first at triggers[2])",
        ),
        # a key only a pack must have
        ("dates.yaml", _delete(["range_from"]), "lang/fr/dates.yaml: required key 'range_from' is missing"),
    ],
)
def test_schema_broken_variant_gives_its_problem(name, change, expected):
    data = fr(name)
    change(data)
    if expected is None:  # the joined case: its message names both patterns' group
        data["triggers"][2]["pattern"] = "(?P<verb>reçu)"
        expected = (
            "lang/fr/triggers.yaml: triggers[*].pattern: does not compile as one alternation: "
            "redefinition of group name 'verb' as group 2; was group 1 at position"
        )
        found = problems(name, data)
        assert len(found) == 1 and found[0].startswith(expected), found
        return
    assert problems(name, data) == [expected]


def test_schema_pack_only_key_is_optional_in_a_data_only_folder():
    data = fr("dates.yaml")
    del data["range_from"]
    assert problems("dates.yaml", data, pack=False) == []


def test_schema_not_a_mapping_and_unknown_file():
    assert problems("status.yaml", ["x"]) == ["lang/fr/status.yaml: expected a mapping, got list ['x']"]
    assert problems("colours.yaml", {"source": "x"}) == [
        "lang/fr/colours.yaml: unknown data file (lang/schema.yaml has no 'colours.yaml')"
    ]


def test_schema_reports_every_problem_of_a_file():
    data = fr("triggers.yaml")
    data["triggers"][3]["medium"] = "tel"
    data["triggers"][7]["pattern"] = "[visite"
    del data["triggers"][9]["id"]
    data["foo"] = 1
    del data["coref"]
    assert problems("triggers.yaml", data) == [
        "lang/fr/triggers.yaml: triggers[3].medium: 'tel' is not one of in_person, phone, video, written",
        "lang/fr/triggers.yaml: triggers[7].pattern: does not compile: unterminated character set at position 0",
        "lang/fr/triggers.yaml: triggers[9]: required key 'id' is missing",
        "lang/fr/triggers.yaml: required key 'coref' is missing",
        "lang/fr/triggers.yaml: unknown key 'foo'",
    ]


def test_schema_check_or_raise_names_the_file_and_joins_every_problem():
    data = fr("triggers.yaml")
    data["triggers"][3]["medium"] = "tel"
    del data["coref"]
    with pytest.raises(KnowledgeBaseError) as exc:
        check_or_raise(LANG_DIR / "fr" / "triggers.yaml", "fr", "triggers.yaml", data)
    assert exc.value.path == "lang/fr/triggers.yaml"
    assert str(exc.value) == (
        "lang/fr/triggers.yaml: triggers[3].medium: 'tel' is not one of in_person, phone, video, written; "
        "required key 'coref' is missing"
    )
    check_or_raise(LANG_DIR / "fr" / "status.yaml", "fr", "status.yaml", fr("status.yaml"))  # a good file passes


def test_schema_validate_language_reports_files_missing_unknown_and_unreadable(tmp_path):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "dates.yaml").write_text((LANG_DIR / "fr" / "dates.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "colours.yaml").write_text("source: x\n")
    (folder / "status.yaml").write_text("source: x\nplanned: [unclosed\n")
    found = validate_language(folder)
    required = schema().required_files("pack")
    assert found[: len(required) - 2] == [
        f"{folder}: required data file {name!r} is missing (every pack folder has it)"
        for name in required
        if name not in {"dates.yaml", "status.yaml"}
    ]
    assert (
        found[len(required) - 2]
        == f"{folder / 'colours.yaml'}: unknown data file (lang/schema.yaml has no 'colours.yaml')"
    )
    assert found[len(required) - 1].startswith(f"{folder / 'status.yaml'}: cannot read: while parsing a flow sequence")
    assert len(found) == len(required)
    (folder / "__init__.py").unlink()  # data-only: dates.yaml is enough
    (folder / "colours.yaml").unlink()
    (folder / "status.yaml").unlink()
    assert validate_language(folder) == []
    assert validate_languages(tmp_path) == []


def test_schema_enumerations_agree_with_the_code():
    files = schema().files
    roles = set(load_yaml("roles.yaml")["roles"])  # the knowledge base's office roles
    assert set(files["titles.yaml"].keys["titles"].fields["role"].enum) == roles | {"minister-anaphor"}
    assert files["statements.yaml"].keys["cues"].fields["type"].enum == STATEMENT_TYPES


def test_schema_refuses_a_broken_schema():
    raw = {
        "source": "test",
        "folders": {"pack": "p"},
        "common": {"source": {"type": "str", "meaning": "m"}},
        "files": {
            "a.yaml": {
                "meaning": "m",
                "keys": {
                    "x": {"type": "strng", "meaning": "m"},
                    "y": {"type": "regex", "meaning": "m"},
                    "z": {"type": "int", "meaning": "m", "flags": []},
                    "w": {"type": "bool"},
                },
            }
        },
    }
    with pytest.raises(KnowledgeBaseError) as exc:
        build_schema(raw)
    assert str(exc.value) == (
        "lang/schema.yaml: a.yaml: x: a spec needs a type, one of str, str_list, regex, regex_list, regex_or_list, "
        "int, bool, map, record, list_of; a.yaml: y: a regular expression needs flags ([IGNORECASE], or [] for "
        "case-sensitive); a.yaml: z: int takes no flags; a.yaml: w: has no meaning"
    )


def test_schema_doc_is_up_to_date():
    spec = importlib.util.spec_from_file_location("lang_doc", ROOT / "tools" / "lang_doc.py")
    lang_doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lang_doc)
    doc = lang_doc.DOC.read_text(encoding="utf-8")
    assert lang_doc.render(doc) == doc, "docs/lang-format.md is out of date: run python tools/lang_doc.py"
