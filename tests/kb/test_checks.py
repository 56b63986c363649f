"""The tenure checks of `diplograph kb validate` and the coverage table of `diplograph kb coverage`, on small
knowledge bases written for each rule, and on the shipped data."""

import datetime as dt
import json
import shutil
import time

import pytest
import yaml

from diplograph.cli import main
from diplograph.kb import KnowledgeBase, KnowledgeBaseError
from diplograph.kb.checks import RULES, check, counts
from diplograph.kb.files import DATA_DIR

COUNTRIES = [
    {"code": "FRA", "names": {"en": ["France"]}, "region": "Europe", "subregion": "Western Europe", "listed": True},
    {"code": "MLI", "names": {"en": ["Mali"]}, "region": "Africa", "subregion": "Western Africa", "listed": True},
    {"code": "ABW", "names": {"en": ["Aruba"]}, "region": "Americas", "subregion": "Caribbean"},
]
TODAY = dt.date(2026, 1, 1)


def write_kb(tmp_path, offices, organisations=()):
    """A knowledge base of the three states above and one person per office: (id, role, aff, start, end, extra)."""
    shutil.copy(DATA_DIR / "roles.yaml", tmp_path)
    (tmp_path / "countries.yaml").write_text(yaml.safe_dump({"source": "test", "countries": COUNTRIES}))
    if organisations:
        (tmp_path / "organisations.yaml").write_text(yaml.safe_dump({"source": "test", "organisations": organisations}))
    people = {}
    for pid, role, aff, start, end, *extra in offices:
        person = people.setdefault(pid, {"id": pid, "names": [pid.replace("-", " ").title()], "offices": []})
        person["offices"].append(
            {"role": role, "affiliation": aff, "start": start, "end": end, **(extra[0] if extra else {})}
        )
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "test.yaml").write_text(yaml.safe_dump({"source": "test", "people": list(people.values())}))
    return tmp_path


def found(tmp_path, offices, rule):
    return [str(p) for p in check(KnowledgeBase(write_kb(tmp_path, offices)), TODAY) if p.rule == rule]


@pytest.mark.parametrize(
    "second,expected",
    [
        (("b", "head-of-state", "FRA", "2012-05-05", None), 1),  # 11 days on top of the first holder
        (("b", "head-of-state", "FRA", "2012-05-10", None), 0),  # 6 days: a handover
        (("b", "head-of-state", "FRA", "2012-05-05", None, {"note": "acting"}), 0),
        (("b", "head-of-state", "FRA", "2012-05", None), 0),  # dated to the month: a month of slack
        (("b", "head-of-state", "MLI", "2012-05-05", None), 0),  # another state
        (("b", "head-of-state", "ABW", "2012-05-05", None), 0),  # not a listed state
        (("b", "minister", "FRA", "2012-05-05", None), 0),  # not a core office
    ],
)
def test_checks_overlap_more_than_a_week_without_a_note(tmp_path, second, expected):
    offices = [("a", "head-of-state", "FRA", "2007-05-16", "2012-05-15"), second]
    assert len(found(tmp_path, offices, "overlap")) == expected


def test_checks_overlap_line_names_file_person_office_and_dates(tmp_path):
    offices = [
        ("a-a", "foreign-minister", "MLI", "2007-05-16", None),
        ("b-b", "foreign-minister", "MLI", "2010-03-04", None),
    ]
    [line] = found(tmp_path, offices, "overlap")
    assert line.startswith("warning: people/test.yaml: b-b, foreign-minister MLI: overlap:")
    assert "2010-03-04.." in line and "a-a 2007-05-16.." in line and "to this day" in line


@pytest.mark.parametrize(
    "offices,expected",
    [
        (
            [
                ("a", "head-of-government", "FRA", "2010-01-02", "2012-05-15"),
                ("b", "head-of-government", "FRA", "2012-06-02", None),
            ],
            0,
        ),
        (
            [
                ("a", "head-of-government", "FRA", "2010-01-02", "2012-05-15"),
                ("b", "head-of-government", "FRA", "2012-08-02", None),
            ],
            1,
        ),
        (
            [
                ("a", "head-of-government", "FRA", "2010-01-02", "2012-05-15", {"note": "vacant-after"}),
                ("b", "head-of-government", "FRA", "2012-08-02", None),
            ],
            0,
        ),
        (
            [
                ("a", "head-of-government", "FRA", "2010-01-02", "2012-05-15"),
                ("b", "head-of-government", "FRA", "2012-08-02", None, {"note": "interim"}),
            ],
            0,
        ),
        ([("a", "head-of-government", "FRA", "2010-01-02", "2025-05-15")], 1),  # empty since, to the check's day
        ([("a", "head-of-government", "FRA", "2010-01-02", "2025-12-15")], 0),
        # a long tenure covers a short one inside it: the next holder follows the long one
        (
            [
                ("a", "head-of-government", "FRA", "2010-01-02", "2020-05-15"),
                ("b", "head-of-government", "FRA", "2012-02-02", "2012-03-02", {"note": "acting"}),
                ("c", "head-of-government", "FRA", "2020-05-16", None),
            ],
            0,
        ),
    ],
)
def test_checks_gap_over_sixty_days_unless_noted(tmp_path, offices, expected):
    assert len(found(tmp_path, offices, "gap")) == expected


@pytest.mark.parametrize(
    "start,end,expected",
    [
        ("2019-05-01", None, 1),
        ("2019-01-01", "2020-06-01", 2),
        ("2019-05", None, 0),  # written as a month
        ("2019", "2020", 0),
        ("2019-05-14", "2020-06-02", 0),
    ],
)
def test_checks_placeholder_dates_unless_the_precision_says_so(tmp_path, start, end, expected):
    assert len(found(tmp_path, [("a", "defence-minister", "FRA", start, end)], "placeholder")) == expected


def test_checks_explicit_precision_silences_a_placeholder(tmp_path):
    offices = [("a", "defence-minister", "FRA", "2019-05-01", None, {"precision": "month"})]
    assert found(tmp_path, offices, "placeholder") == []


def test_checks_a_first_of_the_month_its_source_gives_is_not_a_placeholder(tmp_path):
    # Uruguay's presidents take office on 1 March: written as a day of its source, not flagged
    given = {"precision": "day", "source": "https://example.org/presidents"}
    assert found(tmp_path, [("a", "head-of-state", "FRA", "2020-03-01", "2025-03-01", given)], "placeholder") == []
    (tmp_path / "b").mkdir()
    with pytest.raises(KnowledgeBaseError, match="precision: day needs the source"):
        found(tmp_path / "b", [("b", "head-of-state", "FRA", "2020-03-01", None, {"precision": "day"})], "placeholder")


def test_checks_only_order_is_an_error():
    assert {rule for rule, level in RULES.items() if level == "error"} == {"order"}


def test_validate_fails_on_warnings_only_when_strict(tmp_path, capsys):
    write_kb(
        tmp_path,
        [("a-a", "head-of-state", "FRA", "2007-05-16", None), ("b-b", "head-of-state", "FRA", "2010-03-04", None)],
    )
    assert main(["kb", "validate", "--data-dir", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "1 warnings (overlap 1)" in captured.out
    assert "diplograph: warning: people/test.yaml: b-b, head-of-state FRA: overlap:" in captured.err
    assert main(["kb", "validate", "--data-dir", str(tmp_path), "--strict"]) == 1


def test_checks_shipped_data_has_no_errors_and_runs_fast(kb, capsys):
    begun = time.perf_counter()
    problems = check(kb)
    assert time.perf_counter() - begun < 2
    assert [str(p) for p in problems if p.level == "error"] == []
    assert set(counts(problems)) == set(RULES)
    assert main(["kb", "validate"]) == 0
    assert "diplograph: error" not in capsys.readouterr().err
    # every warning of the shipped data was looked into: noted with its reason, and no note is stale
    assert main(["kb", "validate", "--strict"]) == 0, capsys.readouterr().err


def test_validate_strict_passes_a_noted_warning_and_fails_a_stale_note(tmp_path, capsys):
    offices = [("a-a", "head-of-state", "FRA", "2007-05-16", None), ("b-b", "head-of-state", "FRA", "2010-03-04", None)]
    note = {
        "rule": "overlap",
        "person": "b-b",
        "role": "head-of-state",
        "affiliation": "FRA",
        "reason": "two claimants",
    }

    def validate(name, *entries, extra=()):
        root = tmp_path / name  # data files are read once per path: one directory per variant
        root.mkdir()
        write_kb(root, offices)
        (root / "check_exceptions.yaml").write_text(yaml.safe_dump({"source": "test", "exceptions": list(entries)}))
        return main(["kb", "validate", "--data-dir", str(root), "--strict", *extra])

    assert validate("noted", note) == 0
    assert "no warning, 1 noted in check_exceptions.yaml" in capsys.readouterr().out
    assert validate("shown", note, extra=["--noted"]) == 0
    assert "why left: two claimants" in capsys.readouterr().err
    assert validate("stale", {**note, "person": "c-c"}) == 1  # notes a problem the checks do not find
    err = capsys.readouterr().err
    assert "check_exceptions.yaml: c-c, head-of-state FRA: overlap: matches no warning any more" in err
    assert "b-b, head-of-state FRA: overlap:" in err
    assert validate("bare", {**note, "reason": ""}) == 1
    assert "check_exceptions.yaml: exception 1 (b-b): needs the reason it is left" in capsys.readouterr().err


def coverage_kb(tmp_path):
    offices = [
        ("a", "head-of-state", "FRA", "1995-05-17", "2007-05-16"),
        ("b", "head-of-state", "FRA", "2007-05-16", None),
        ("c", "head-of-state", "MLI", "2002-06-08", None),  # from 2002 only
        ("d", "foreign-minister", "ABW", "1990", None),  # not listed: not counted
        ("e", "secretary-general", "UN", "1997-01-01", "2006-12-31"),
        ("f", "secretary-general", "UN", "2007-01-01", None),
        ("g", "secretary-general", "AU", "2010-01-01", "2012-01-01"),
    ]
    orgs = [
        {"id": "un", "code": "UN", "names": {"en": ["United Nations"]}},
        {"id": "au", "code": "AU", "names": {"en": ["African Union"]}},
        {"id": "nato", "code": "NATO", "names": {"en": ["NATO"]}},  # no officials: named as such
    ]
    return write_kb(tmp_path, offices, orgs)


def test_coverage_counts_states_held_every_day_and_any_day(tmp_path, capsys):
    args = ["kb", "coverage", "--data-dir", str(coverage_kb(tmp_path)), "--until", "2025-01-01", "--format", "json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {(r["group"], r["role"]): r for r in out["rows"]}
    assert (rows[("Europe", "head-of-state")]["full"], rows[("Europe", "head-of-state")]["any"]) == (1, 1)
    assert rows[("Africa", "head-of-state")]["partial"] == ["MLI"]
    assert rows[("Africa", "foreign-minister")]["missing"] == ["MLI"]
    assert "Americas" not in {r["group"] for r in out["rows"]}
    assert [(o["code"], o["officials"], o["full"], o["any"]) for o in out["organisations"]] == [
        ("AU", 1, False, True),
        ("NATO", 0, False, False),
        ("UN", 2, True, True),
    ]
    assert main([*args[:-2], "--since", "2003-01-01"]) == 0
    text = capsys.readouterr().out
    assert "from 2003-01-01 to 2025-01-01" in text
    assert text.splitlines()[3].split()[:4] == ["Africa", "1", "1", "/"]  # Mali held every day since 2003
    assert [line.split()[0] for line in text.splitlines() if line.endswith(("yes", "no"))] == ["AU", "UN"]
    assert text.splitlines()[-1] == "organisations without officials in the knowledge base: NATO"


def test_coverage_counts_each_institution_its_heads_name_as_their_body(tmp_path, capsys):
    """The UN's refugee agency has a head of its own: counted apart from the Secretary-General, as UN/unhcr."""
    offices = [
        ("e", "secretary-general", "UN", "1997-01-01", None),
        ("o", "other", "UN", "1990-01-01", "2000-12-31", {"body": "unhcr"}),
        ("l", "other", "UN", "2001-01-01", "2005-02-24", {"body": "unhcr"}),
        ("g", "other", "UN", "2005-06-15", None, {"body": "unhcr"}),  # nobody named for 110 days before him
        ("r", "other", "UN", "2003-06-01", None),  # an envoy heading no institution: counted for the UN only
    ]
    orgs = [
        {"id": "un", "code": "UN", "names": {"en": ["United Nations"]}},
        {"id": "unhcr", "code": "UN", "kind": "institution", "part_of": "un", "names": {"en": ["UNHCR"]}},
        {"id": "unicef", "code": "UN", "kind": "institution", "part_of": "un", "names": {"en": ["UNICEF"]}},
    ]
    root = write_kb(tmp_path, offices, orgs)
    args = ["kb", "coverage", "--data-dir", str(root), "--until", "2025-01-01"]
    assert main([*args, "--format", "json"]) == 0
    rows = [(o["code"], o["officials"], o["full"]) for o in json.loads(capsys.readouterr().out)["organisations"]]
    assert rows == [("UN", 5, True), ("UN/unhcr", 3, False)]  # UNICEF: no office names it, not counted
    assert main([*args, "--gaps"]) == 0
    assert capsys.readouterr().out.splitlines() == ["UN/unhcr\t*\t2005-02-25..2005-06-14\t110 days\tafter l, before g"]


@pytest.mark.parametrize("body", ["un", "unicef", "Unhcr"])
def test_validate_refuses_a_body_that_is_not_an_institution_of_the_office(tmp_path, capsys, body):
    orgs = [
        {"id": "un", "code": "UN", "names": {"en": ["United Nations"]}},
        {"id": "unicef", "code": "AU", "kind": "institution", "part_of": "un", "names": {"en": ["UNICEF"]}},
    ]
    root = write_kb(tmp_path, [("a", "other", "UN", "2001-01-01", None, {"body": body})], orgs)
    assert main(["kb", "validate", "--data-dir", str(root)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "people" in err
    assert f"body {body!r} is not an institution of UN" in err or f"body must be an institution id, not {body!r}" in err


def test_coverage_counts_a_noted_vacancy_as_accounted_for_and_an_unexplained_gap_as_not(tmp_path, capsys):
    offices = [
        ("a", "head-of-state", "FRA", "1995-05-17", "2007-05-16", {"note": "vacant-after"}),
        ("b", "head-of-state", "FRA", "2007-09-01", None),  # after a noted vacancy: FRA counts every day
        ("c", "head-of-state", "MLI", "1992-06-08", "2012-03-22"),
        ("d", "head-of-state", "MLI", "2012-04-12", None),  # three weeks with nobody, unexplained
        ("e", "foreign-minister", "MLI", "1990", "2020-08-18", {"note": "vacant-after"}),  # vacant to the end
    ]
    args = ["kb", "coverage", "--data-dir", str(write_kb(tmp_path, offices)), "--until", "2025-01-01"]
    assert main([*args, "--format", "json"]) == 0
    rows = {(r["group"], r["role"]): r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows[("Europe", "head-of-state")]["full"] == 1
    assert rows[("Africa", "head-of-state")]["partial"] == ["MLI"]
    assert rows[("Africa", "foreign-minister")]["full"] == 1
    assert main(args) == 0
    assert "on every day (or a noted vacancy)" in capsys.readouterr().out


@pytest.mark.parametrize("note,full", [({"note": "vacant-after"}, 1), ({}, 0)])
def test_coverage_counts_a_vacancy_noted_before_the_period_until_the_next_holder(tmp_path, capsys, note, full):
    offices = [
        ("a", "head-of-state", "MLI", "1969-10-21", "1991-01-26", note),  # empty from 1991, a source says
        ("b", "head-of-state", "MLI", "2000-08-27", None),
    ]
    args = ["kb", "coverage", "--data-dir", str(write_kb(tmp_path, offices)), "--since", "2000-01-01"]
    assert main([*args, "--until", "2025-01-01", "--format", "json"]) == 0
    rows = {(r["group"], r["role"]): r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows[("Africa", "head-of-state")]["full"] == full


@pytest.mark.parametrize("order", [0, 1])
def test_coverage_reads_a_vacancy_noted_on_either_of_two_tenures_that_end_the_same_day(tmp_path, capsys, order):
    """Saint Lucia, July 2021: the prime minister and a co-holder left External Affairs on the same day, and the
    post stayed empty a week. The note on one of the two is enough, whichever sorts last."""
    pair = [
        ("a", "foreign-minister", "MLI", "2016-06-14", "2021-07-28", {"note": "vacant-after"}),
        ("b", "foreign-minister", "MLI", "2016-07-25", "2021-07-28", {"note": "co-holder"}),
    ]
    if order:
        pair = [
            (p, r, c, s, e, {"note": "vacant-after" if n["note"] == "co-holder" else "co-holder"})
            for p, r, c, s, e, n in pair
        ]
    offices = [*pair, ("c", "foreign-minister", "MLI", "2021-08-05", None)]
    args = ["kb", "coverage", "--data-dir", str(write_kb(tmp_path, offices)), "--since", "2016-06-14"]
    assert main([*args, "--until", "2025-01-01", "--gaps"]) == 0
    assert "2021-07-29" not in capsys.readouterr().out


def test_coverage_by_subregion(tmp_path, capsys):
    assert (
        main(["kb", "coverage", "--data-dir", str(coverage_kb(tmp_path)), "--by", "subregion", "--format", "json"]) == 0
    )
    assert {r["group"] for r in json.loads(capsys.readouterr().out)["rows"]} == {"Western Africa", "Western Europe"}


def test_coverage_counts_a_state_or_organisation_from_the_day_it_existed(tmp_path, capsys, monkeypatch):
    """A state born after the period begins (Mali here, as if independent in 2002) is covered when its offices
    are held from that day; an organisation counts between its founding and its end."""
    monkeypatch.setitem(COUNTRIES[1], "since", "2002-06-08")
    monkeypatch.setitem(COUNTRIES[1], "source", "https://example.org/independence")
    offices = [
        ("c", "head-of-state", "MLI", "2002-06-08", None),
        ("g", "secretary-general", "AU", "2002-07-09", None),
        ("h", "secretary-general", "OAU", "1996-01-01", "2002-07-09"),
    ]
    orgs = [
        {"id": "au", "code": "AU", "names": {"en": ["African Union"]}, "since": "2002-07-09", "source": "https://x"},
        {"id": "oau", "code": "OAU", "names": {"en": ["OAU"]}, "until": "2002-07-09", "source": "https://x"},
    ]
    root = write_kb(tmp_path, offices, orgs)
    assert main(["kb", "coverage", "--data-dir", str(root), "--until", "2025-01-01", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {(r["group"], r["role"]): r for r in out["rows"]}
    assert rows[("Africa", "head-of-state")]["full"] == 1
    assert [(o["code"], o["full"]) for o in out["organisations"]] == [("AU", True), ("OAU", True)]


def test_a_day_of_existence_says_where_it_comes_from(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(COUNTRIES[1], "since", "2002-06-08")
    root = write_kb(tmp_path, [("c", "head-of-state", "MLI", "2002-06-08", None)])
    assert main(["kb", "validate", "--data-dir", str(root)]) != 0
    assert "country MLI: since needs a source" in capsys.readouterr().err


def test_coverage_counts_an_office_a_state_does_not_have_as_held_and_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(COUNTRIES[1], "no_office", ["defence-minister"])
    monkeypatch.setitem(COUNTRIES[1], "source", "https://example.org/no-army")
    root = write_kb(tmp_path, [("c", "head-of-state", "MLI", "1990", None)])
    assert main(["kb", "coverage", "--data-dir", str(root), "--format", "json"]) == 0
    rows = {(r["group"], r["role"]): r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert (rows[("Africa", "defence-minister")]["full"], rows[("Africa", "defence-minister")]["no_office"]) == (
        1,
        ["MLI"],
    )
    assert rows[("Africa", "foreign-minister")]["missing"] == ["MLI"]
    assert main(["kb", "coverage", "--data-dir", str(root)]) == 0
    assert "without the office of defence-minister (counted as held): MLI" in capsys.readouterr().out


def test_coverage_counts_an_office_created_later_from_its_first_day(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(
        COUNTRIES[1], "office_since", {"defence-minister": {"since": "2004-03-15", "source": "https://example.org/mod"}}
    )
    offices = [("c", "head-of-state", "MLI", "1990", None), ("d", "defence-minister", "MLI", "2004-03-15", None)]
    root = write_kb(tmp_path, offices)
    assert main(["kb", "coverage", "--data-dir", str(root), "--since", "2000-01-01", "--format", "json"]) == 0
    rows = {(r["group"], r["role"]): r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows[("Africa", "defence-minister")]["full"] == 1
    assert rows[("Africa", "defence-minister")]["created"] == ["MLI 2004-03-15"]
    assert main(["kb", "coverage", "--data-dir", str(root), "--since", "2000-01-01"]) == 0
    assert "the office of defence-minister created later, counted from then: MLI 2004-03-15" in capsys.readouterr().out


def test_an_offices_first_day_says_where_it_comes_from(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(COUNTRIES[1], "office_since", {"defence-minister": {"since": "2004-03-15"}})
    root = write_kb(tmp_path, [("c", "head-of-state", "MLI", "1990", None)])
    assert main(["kb", "validate", "--data-dir", str(root)]) != 0
    assert "office_since defence-minister needs since and source" in capsys.readouterr().err


def test_coverage_counts_an_organisations_officials_from_its_first_office(tmp_path, capsys):
    """A secretariat opened years after the founding: covered from its first day, and said so."""
    offices = [("c", "head-of-state", "MLI", "1990", None), ("s", "secretary-general", "SCO", "2004-01-15", None)]
    org = {"id": "sco", "code": "SCO", "names": {"en": ["SCO"]}, "since": "2001-06-15", "source": "https://x"}
    root = write_kb(tmp_path, offices, [org])
    assert main(["kb", "coverage", "--data-dir", str(root), "--format", "json"]) == 0
    assert [(o["code"], o["full"]) for o in json.loads(capsys.readouterr().out)["organisations"]] == [("SCO", False)]
    first = {"since": "2004-01-15", "source": "https://example.org/secretariat"}
    (tmp_path / "later").mkdir()
    root = write_kb(tmp_path / "later", offices, [org | {"officials_since": first}])
    assert main(["kb", "coverage", "--data-dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert [line.split()[2:] for line in out.splitlines() if line.startswith("SCO ")] == [["yes", "yes"]]
    assert "officials counted from their first office's first day: SCO 2004-01-15" in out
    (tmp_path / "unsourced").mkdir()
    root = write_kb(tmp_path / "unsourced", offices, [org | {"officials_since": {"since": "2004-01-15"}}])
    assert main(["kb", "validate", "--data-dir", str(root)]) != 0
    assert "organisation sco: officials_since needs since and source" in capsys.readouterr().err


def test_coverage_gaps_lists_each_period_without_holder_or_noted_vacancy(tmp_path, capsys):
    offices = [
        ("a", "head-of-state", "MLI", "1992-06-08", "2012-03-22"),
        ("b", "head-of-state", "MLI", "2012-04-12", "2020-08-18", {"note": "vacant-after"}),  # empty, a source says
        ("c", "head-of-state", "MLI", "2020-09-25", "2023-01-01"),  # then nobody to the end of the period
        ("d", "foreign-minister", "MLI", "2001-01-01", None),  # nobody before 2001
    ]
    args = ["kb", "coverage", "--data-dir", str(write_kb(tmp_path, offices)), "--until", "2025-01-01", "--gaps"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "MLI\thead-of-state\t2012-03-23..2012-04-11\t20 days\tafter a, before b",
        "MLI\thead-of-state\t2023-01-02..2025-01-01\t731 days\tafter c",
        "MLI\tforeign-minister\t2000-01-01..2000-12-31\t366 days\tbefore d",
    ]
    assert "3 periods" in captured.err
    assert main([*args, "--min-days", "100", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["gaps"]
    assert [(g["role"], g["first"], g["days"], g["after"], g["before"]) for g in found] == [
        ("head-of-state", "2023-01-02", 731, "c", None),
        ("foreign-minister", "2000-01-01", 366, None, "d"),
    ]


def test_coverage_unsourced_lists_the_counted_tenures_that_name_no_source(tmp_path, capsys):
    offices = [
        ("a", "head-of-state", "MLI", "1992-06-08", "2012-03-22", {"source": "https://example.org/a"}),
        ("b", "head-of-state", "MLI", "2012-04-12", "2020-08-18"),  # no source: listed
        ("c", "foreign-minister", "MLI", "1991-01-01", "1999-12-31"),  # before the period: not counted
        ("d", "head-of-state", "ABW", "2001-01-01", None),  # not a listed state: not counted
        ("e", "minister", "MLI", "2001-01-01", None),  # not a core office: not counted
    ]
    args = ["kb", "coverage", "--data-dir", str(write_kb(tmp_path, offices)), "--until", "2025-01-01", "--unsourced"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["MLI\thead-of-state\t2012-04-12..2020-08-18\tb\tB"]
    assert "1 of 2 tenures from 2000-01-01 to 2025-01-01 record no source" in captured.err
    assert main([*args, "--since", "2013-01-01", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tenures"] == 1
    assert [(u["person"], u["start"], u["end"]) for u in out["unsourced"]] == [("b", "2012-04-12", "2020-08-18")]
