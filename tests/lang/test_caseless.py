"""Caseless patterns find exactly what re.IGNORECASE finds, in less time."""

import re

import pytest

from diplograph import lang
from diplograph.lang.caseless import Caseless, CaselessSet, lower

TEXTS = [
    "LE MINISTRE DES AFFAIRES ÉTRANGÈRES A REÇU M. Blinken À PARIS LE 3 MARS 2024.",
    "Le Président de la République s'est entretenu par téléphone avec le Premier ministre İsmail Kaya.",
    "The Secretary MET with Foreign Minister Wang Yi ON Monday; they CONDEMNED the attack.",
    "Ce matin, la Ministre a Appelé son homologue allemand et a exprimé sa PRÉOCCUPATION.",
]


def _sources(pack):
    for name, key in (("triggers.yaml", "triggers"), ("statements.yaml", "cues"), ("titles.yaml", "titles")):
        path = pack.folder / name
        if path.exists():
            yield from (entry["pattern"] for entry in pack.data(name)[key])


@pytest.mark.parametrize("code", lang.codes())
def test_caseless_finds_what_ignorecase_finds_for_every_pattern_of_a_pack(code):
    pack = lang.pack(code)
    sources = list(_sources(pack))
    assert sources
    for text in TEXTS:
        lowered = lower(text)
        for source in sources:
            expected = [m.span() for m in re.finditer(source, text, re.IGNORECASE)]
            assert [m.span() for m in Caseless(source).finditer(text, lowered)] == expected, source
        expected_any = bool(re.search("|".join(f"(?:{s})" for s in sources), text, re.IGNORECASE))
        assert Caseless(sources).search(text, lowered) == expected_any


@pytest.mark.parametrize("code", lang.codes())
def test_a_set_finds_every_match_of_each_of_a_packs_patterns(code):
    # one scan of the alternation, then each pattern tried where something matched: the same hits, overlaps
    # between patterns included, as scanning the text once per pattern
    patterns = [Caseless(s) for s in _sources(lang.pack(code))]
    found = CaselessSet(patterns)
    for text in TEXTS + [" ".join(TEXTS)]:
        lowered = lower(text)
        expected = sorted((m.start(), k, m.end()) for k, p in enumerate(patterns) for m in p.finditer(text, lowered))
        assert [(m.start(), k, m.end()) for k, m in found.finditer_each(text, lowered)] == expected


def test_a_set_keeps_overlapping_matches_named_groups_and_back_references():
    patterns = [Caseless(r"\bministre\b"), Caseless(r"(?P<t>premier ministre)"), Caseless(r"\b(\w+) \1\b")]
    text = "Le Premier ministre, très très attendu, et le ministre."
    hits = [(k, text[m.start() : m.end()]) for k, m in CaselessSet(patterns).finditer_each(text, lower(text))]
    assert hits == [(1, "Premier ministre"), (0, "ministre"), (2, "très très"), (0, "ministre")]


def test_caseless_keeps_capitals_a_pattern_asks_for():
    # "(?-i:[A-Z])" asks for a capital: that pattern is searched in the text itself, not the lowered one
    named = Caseless(r"\bappelé (?=(?-i:[A-Z]))")
    text = "Il a appelé Paris, puis a appelé ses partenaires."
    assert [m.span() for m in named.finditer(text, lower(text))] == [(5, 12)]


def test_lower_keeps_one_character_for_one():
    text = "İstanbul ÉTÉ"
    assert len(lower(text)) == len(text) and lower(text).endswith("été")
