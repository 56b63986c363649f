"""The French topic cues (``lang/fr/topics.yaml``): what a phrasing is about."""

import re

import pytest

from diplograph.stages.topics import TopicCues


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ils ont évoqué la mise en œuvre des accords de Minsk.", ["ukraine"]),
        ("La coprésidence du Groupe de Minsk de l'OSCE a été abordée.", ["nagorno-karabakh"]),
        ("La réunion s'est tenue à Minsk.", []),
        ("Ils ont discuté de la lutte contre le terrorisme et de la cybersécurité.", ["terrorism", "cyber"]),
        ("La résolution 2254 du Conseil de sécurité reste la base du règlement.", ["syria"]),
    ],
    ids=["minsk-agreements", "minsk-group", "minsk-city", "terrorism-and-cyber", "resolution-2254"],
)
def test_topic_cues_find_the_topics_of_a_phrasing(fr, text, expected):
    assert sorted(fr.grammar(TopicCues).find(text)) == sorted(expected)


def test_topic_cues_use_no_upper_case_escapes(fr):
    # they are lowered before compiling: "\\S" would silently become "\\s"
    cue_lists = list(fr.data("topics.yaml")["topics"].values())
    assert cue_lists and all(cue_lists)
    for cue_list in cue_lists:
        for cue in cue_list:
            assert not re.search(r"\\[A-Z]", cue), cue
