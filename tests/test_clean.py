import pytest

from diplograph.clean import clean


@pytest.mark.parametrize(
    "original,needle,written",
    [
        ("s'est entretenu le mardi16 juin avec", "mardi 16 juin", "mardi16 juin"),
        ("26 novembre 202014:26", "2020 14:26", "202014:26"),
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
        "  • de-DE1 en-GB1 es-ES1 ru-RU1 fr-FR1",
        "2059-26-11-2020",
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
