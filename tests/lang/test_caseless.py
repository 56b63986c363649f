"""Caseless patterns find exactly what re.IGNORECASE finds, in less time."""

import re

import pytest

from diplograph import lang
from diplograph.lang.caseless import Caseless, lower

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


def test_caseless_keeps_capitals_a_pattern_asks_for():
    # "(?-i:[A-Z])" asks for a capital: that pattern is searched in the text itself, not the lowered one
    named = Caseless(r"\bappelé (?=(?-i:[A-Z]))")
    text = "Il a appelé Paris, puis a appelé ses partenaires."
    assert [m.span() for m in named.finditer(text, lower(text))] == [(5, 12)]


def test_lower_keeps_one_character_for_one():
    text = "İstanbul ÉTÉ"
    assert len(lower(text)) == len(text) and lower(text).endswith("été")
