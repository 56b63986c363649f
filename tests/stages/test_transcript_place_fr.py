"""A French transcript's place: where a speaker says the meeting is, when no dateline says it."""

import pytest


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("Je suis très heureux de vous accueillir ici à Paris, cher Johann.", ("Paris", "FRA")),
        ("Nous avons parlé des négociations tenues à Genève l'an dernier.", None),
    ],
)
def test_french_transcript_takes_the_place_its_first_speaker_says_they_are_in(pipeline, opening, place):
    text = (
        f"Point de presse conjoint\n\nM. JEAN-NOËL BARROT : {opening}\n\n"
        "M. JOHANN WADEPHUL : Merci, Jean-Noël. La France et l'Allemagne sont unies.\n"
    )
    (c,) = pipeline(text, published="2025-03-04").to_dict()["contacts"]
    assert (tuple(c["location"].values()) if c["location"] else None) == place
