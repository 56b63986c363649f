import unicodedata

import pytest

from diplograph.stages.clean import clean, plain


@pytest.mark.parametrize(
    "original,needle,written",
    [
        ("s'est entretenu le jeudi3 mars avec", "jeudi 3 mars", "jeudi3 mars"),
        ("9 octobre 202309:15", "2023 09:15", "202309:15"),
        ("met on Friday12 May", "Friday 12 May", "Friday12 May"),
        ("le 12novembre", "12 novembre", "12novembre"),
        ("l’accord « historique »", 'l\'accord " historique "', "l’accord « historique »"),
        ("M.\u00a0Lavrov", "M. Lavrov", "M.\u00a0Lavrov"),
    ],
)
def test_clean_normalises_and_maps_back(original, needle, written):
    ct = clean(original)
    start = ct.text.index(needle)
    a, b = ct.to_original(start, start + len(needle))
    assert original[a:b] == written


@pytest.mark.parametrize(
    "line",
    [
        "Partager",
        "Spread the love",
        "Leave A Reply",
        "  • it-IT3 en-US3 ar-SA3",
        "48213-04-03-2019",
        "231009_17",
        "Liens utiles",
        "Outils supplémentaires de recherche",
        "Social Media Auto Publish Powered By : XYZScripts.com",
        "Imprimer",
    ],
)
def test_clean_blanks_clutter_lines(line):
    text = f"Titre du communiqué de presse officiel\n{line}\nLe ministre a reçu son homologue."
    ct = clean(text)
    assert line.strip() not in ct.text
    assert len(ct.text) == len(text)  # blanked, not removed: offsets unchanged
    assert "Le ministre a reçu son homologue." in ct.text


def test_clean_keeps_prose_that_mentions_clutter_words():
    text = "Les deux ministres ont décidé de partager leurs analyses sur la situation."
    assert clean(text).text == text


@pytest.mark.parametrize("line", ["2021-03-04", "04/03/2021", "Paris, le 4 mars 2021"])
def test_clean_keeps_date_lines(line):
    text = f"Titre du communiqué de presse officiel\n{line}\nLe ministre a reçu son homologue."
    assert line in clean(text).text


TEXT = (
    "Le ministre de l'Europe et des Affaires étrangères a reçu à Paris son homologue marocain.\n"
    "Les deux ministres ont évoqué la coopération économique."
)


@pytest.mark.parametrize(
    "variant",
    [
        unicodedata.normalize("NFD", TEXT),
        TEXT.replace("\n", "\r"),
        TEXT.replace("\n", "\r\n"),
        TEXT.replace(" a ", " \u200fa\u200e ").replace("étrangères", "étran\u00adgères"),
    ],
    ids=["nfd", "cr-only", "crlf", "direction-marks-and-soft-hyphen"],
)
def test_clean_reads_every_spelling_of_a_text_as_its_nfc_form(variant):
    expected = clean(TEXT).text
    got = clean(variant)
    assert got.text.replace("\n", " ").split() == expected.replace("\n", " ").split()
    assert got.text.count("\n") == 1  # the line break survives a lone carriage return
    # every span maps back into the original, covering whole characters of it
    start = got.text.index("étrangères")
    a, b = got.to_original(start, start + len("étrangères"))
    assert plain(variant[a:b]) == "étrangères"
