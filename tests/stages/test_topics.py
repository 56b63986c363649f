"""The topics stage's mechanism: one Aho-Corasick pass finds what each cue finds, and each draft gets its list."""

from conftest import OWN_DOCS, SEEDS
from diplograph.readers import RawDocument
from diplograph.stages.clean import clean
from diplograph.stages.segment import Segmenter
from diplograph.stages.topics import TopicCues


def test_topics_one_pass_finds_what_each_cue_finds(fr):
    finder = fr.grammar(TopicCues)
    segmenter = fr.grammar(Segmenter)
    paths = sorted(SEEDS.glob("*.txt")) + sorted(OWN_DOCS.glob("*.txt"))
    assert paths
    found_any = False
    for path in paths:
        text = clean(path.read_text(encoding="utf-8")).text
        for s in segmenter.sentences(text):
            chunk = text[s.start : s.end]
            one_by_one = [t for t, p in finder.cues.items() if p.search(chunk.lower())]
            assert finder.find(chunk) == one_by_one, (path.name, chunk)
            found_any = found_any or bool(one_by_one)
    assert found_any  # the comparison covered sentences with topics, not only empty lists


def test_topics_stage_gives_each_draft_its_list_in_order(pipeline):
    text = (
        "Le président Emmanuel Macron s'est entretenu le 10 septembre 2025 par téléphone avec le président "
        "sud-africain Cyril Ramaphosa. Ils ont discuté de la lutte contre le terrorisme. "
        "Les deux présidents sont convenus d'organiser une rencontre à Johannesburg."
    )
    doc = pipeline.annotate(RawDocument("d", text, "d"))
    assert len(doc.drafts) == 2
    assert isinstance(doc.topics, list) and len(doc.topics) == len(doc.drafts)
    assert "terrorism" in doc.topics[0]
