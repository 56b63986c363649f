import pytest

from diplograph.stages.segment import Segmenter, is_body_line, lines


@pytest.mark.parametrize(
    "text,expected",
    [
        ("M. Lavrov a reçu M. Blinken. Ils ont parlé.", ["M. Lavrov a reçu M. Blinken.", "Ils ont parlé."]),
        (
            "J. Barrot est arrivé. « Nous condamnons », a-t-il dit.",
            ["J. Barrot est arrivé.", "« Nous condamnons », a-t-il dit."],
        ),
        ("Le 3 mars. 2025 fut une année.", ["Le 3 mars.", "2025 fut une année."]),
        ("Titre\n\nPremière phrase. Élysée, suite.", ["Titre", "Première phrase.", "Élysée, suite."]),
        ("une phrase. pas une autre.", ["une phrase. pas une autre."]),
    ],
    ids=["honorific", "initial-and-quote", "digit", "lines-and-accented-capital", "lower-case-goes-on"],
)
def test_segment_sentences_split_where_a_sentence_ends(fr, text, expected):
    found = fr.grammar(Segmenter).sentences(text)
    assert [s.text(text) for s in found] == expected
    assert [s.index for s in found] == list(range(len(expected)))


def test_segment_lines_are_the_stripped_non_blank_lines():
    text = "  Titre  \n\n Corps du texte."
    assert [text[li.start : li.end] for li in lines(text)] == ["Titre", "Corps du texte."]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Le ministre a reçu son homologue chinois à Paris ce matin.", True),
        ("Accueil | Presse | Contact", False),
        ("Paris, le 4 mars 2025", False),
    ],
)
def test_segment_is_body_line_tells_prose_from_furniture(text, expected):
    assert is_body_line(text) is expected
