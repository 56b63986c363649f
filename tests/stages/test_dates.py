import datetime as dt

import pytest

from diplograph.stages.dates import DateGrammar


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        ("Brussels, 16/06/2020 - 18:56", None, "2020-06-16T18:56"),
        ("26 novembre 2020 14:26", None, "2020-11-26T14:26"),
        ("(12 novembre 2021)", None, "2021-11-12"),
        ("le mardi 16 juin avec", dt.date(2020, 6, 16), "2020-06-16"),
        ("le mardi 16 juin", dt.date(2021, 3, 1), "2020-06-16"),  # the weekday decides: a Tuesday in 2020 only
        ("le 28 décembre", dt.date(2021, 1, 5), "2020-12-28"),  # nearest year, not the anchor's
        ("le 1er mars", dt.date(2023, 2, 20), "2023-03-01"),
        ("jeudi", dt.date(2021, 2, 4), "2021-02-04"),  # a Thursday text's "jeudi" is that day
        ("jeudi", dt.date(2021, 2, 6), "2021-02-04"),
        ("hier", dt.date(2021, 1, 5), "2021-01-04"),
        ("en août 2019", None, "2019-08"),
        ("en mai dernier", dt.date(2021, 2, 4), "2020-05"),
        ("Publié le 14/03/2023 à 10:42", None, "2023-03-14T10:42"),
        ("lors de sa visite le mois dernier", dt.date(2025, 1, 15), "2024-12"),
        ("la semaine prochaine", dt.date(2024, 2, 27), "2024-03"),
    ],
)
def test_dates_resolve(fr, text, anchor, expected):
    found = [m.value for m in fr.grammar(DateGrammar).find(text, anchor) if m.value]
    assert found == [expected]


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        ("jeudi", dt.date(2021, 2, 6), "2021-02-11"),  # a planned contact's weekday is the next one
        ("jeudi", dt.date(2021, 2, 4), "2021-02-04"),
    ],
)
def test_dates_prefer_future_looks_forward(fr, text, anchor, expected):
    [m] = fr.grammar(DateGrammar).find(text, anchor, prefer_future=True)
    assert m.value == expected


@pytest.mark.parametrize("text", ["jeudi", "hier", "le 30 juin", "mardi 16 juin"])
def test_dates_without_anchor_stay_unresolved(fr, text):
    assert [m.value for m in fr.grammar(DateGrammar).find(text, None)] == [None]


@pytest.mark.parametrize("text", ["la résolution 2254 du Conseil de sécurité", "jusqu'en 2026", "le format 5 + 5"])
def test_dates_ignore_numbers_that_are_not_dates(fr, text):
    assert fr.grammar(DateGrammar).find(text, dt.date(2020, 1, 1)) == []


def test_dates_offsets_hold_when_lower_case_changes_length(fr):
    text = "İstanbul, le 3 mars 2024 : réunion"
    [m] = fr.grammar(DateGrammar).find(text, None)
    assert text[m.start : m.end] == "3 mars 2024" and m.value == "2024-03-03"


def test_dates_grammar_is_built_once_per_pack(fr):
    assert fr.grammar(DateGrammar) is fr.grammar(DateGrammar)
