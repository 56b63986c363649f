import re

import pytest

from conftest import OWN_DOCS, SEEDS
from diplograph.clean import clean
from diplograph.segment import sentences
from diplograph.topics import cues


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ils ont évoqué la mise en œuvre des accords de Minsk.", ["ukraine"]),
        ("La coprésidence du Groupe de Minsk de l'OSCE a été abordée.", ["nagorno-karabakh"]),
        ("La réunion s'est tenue à Minsk.", []),
        ("Ils ont discuté de la lutte contre le terrorisme et de la cybersécurité.", ["terrorism", "cyber"]),
        ("La résolution 2254 du Conseil de sécurité reste la base du règlement.", ["syria"]),
    ],
)
def test_topics_cues(text, expected):
    assert sorted(cues("fr").find(text)) == sorted(expected)


def test_topics_one_pass_finds_what_each_cue_finds():
    finder = cues("fr")
    for path in sorted(SEEDS.glob("*.txt")) + sorted(OWN_DOCS.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8")).text
        for s in sentences(text):
            chunk = text[s.start : s.end]
            one_by_one = [t for t, p in finder.cues.items() if p.search(chunk.lower())]
            assert finder.find(chunk) == one_by_one, (path.name, chunk)


def test_topics_cues_use_no_upper_case_escapes():
    # they are lowered before compiling: "\\S" would silently become "\\s"
    from diplograph.kb.files import LANG_DIR, read_yaml

    for cue_list in read_yaml(LANG_DIR / "fr" / "topics.yaml")["topics"].values():
        for cue in cue_list:
            assert not re.search(r"\\[A-Z]", cue), cue
