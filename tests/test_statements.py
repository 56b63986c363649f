"""Statements: the type from the cue, the source and target from the dependency parse, negation, and codes."""

import pytest


def _statements(pipeline, text):
    return {(s.type, s.source, s.target, s.negated) for s in pipeline(text).statements}


READOUT = (
    "Le haut représentant Josep Borrell s'est entretenu le 16 juin 2020 par vidéoconférence avec le ministre russe "
    "des Affaires étrangères Sergueï Lavrov. "
)
TALKS = (
    "Le ministre de l'Europe et des Affaires étrangères, Jean-Noël Barrot, s'est entretenu le 3 mars 2025 à Paris "
    "avec son homologue chinois, Wang Yi. "
)


def test_statements_request_towards_the_named_counterpart(pipeline):
    found = _statements(pipeline, READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements.")
    assert ("REQUEST", ("EU",), ("RUS",), False) in found


def test_statements_agreement_of_both_sides_has_no_target(pipeline):
    found = _statements(
        pipeline, READOUT + "Les deux ministres se sont accordés sur la nécessité de préserver l'accord."
    )
    assert any(t == "AGREE" and set(src) == {"EU", "RUS"} and tgt == () for t, src, tgt, _neg in found)


def test_statements_negation(pipeline):
    found = _statements(pipeline, READOUT + "M. Lavrov n'a pas condamné les frappes contre l'Ukraine.")
    assert any(t == "ACCUSE" and src == ("RUS",) and neg for t, src, _tgt, neg in found)


def test_statements_evidence_is_the_sentence(pipeline):
    text = READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements."
    [statement] = [s for s in pipeline(text).statements if s.type == "REQUEST"]
    assert (
        text[statement.evidence.start : statement.evidence.end]
        == "M. Borrell a encouragé la Russie à respecter ses engagements."
    )


def test_target_named_inside_the_object(pipeline):
    found = _statements(pipeline, TALKS + "M. Barrot a condamné le comportement des autorités iraniennes.")
    assert ("ACCUSE", ("FRA",), ("IRN",), False) in found


def test_a_state_adjective_on_a_subject_matter_is_not_a_target(pipeline):
    found = _statements(
        pipeline, TALKS + "Les deux ministres ont convenu que le dossier du nucléaire iranien restait une priorité."
    )
    assert any(t == "AGREE" and set(src) == {"FRA", "CHN"} and tgt == () for t, src, tgt, _neg in found)


def test_the_victim_of_a_threat_is_not_its_target(pipeline):
    found = _statements(
        pipeline,
        READOUT + "M. Borrell a mis en garde contre toute atteinte à l'intégrité territoriale de la Moldavie.",
    )
    assert ("THREATEN", ("EU",), ("RUS",), False) in found


def test_compound_adjective_names_both_states(pipeline):
    found = _statements(pipeline, TALKS + "M. Barrot a salué la reprise du dialogue sino-japonais.")
    assert any(t == "SUPPORT" and src == ("FRA",) and set(tgt) == {"CHN", "JPN"} for t, src, tgt, _ in found)


def test_a_place_in_a_name_is_no_government(pipeline):
    found = _statements(pipeline, READOUT + "M. Borrell a salué les accords de Minsk.")
    assert not any("BLR" in tgt for _t, _src, tgt, _neg in found)


def test_an_unnamed_addressee_is_nobody(pipeline):
    found = _statements(pipeline, TALKS + "M. Wang a appelé toutes les parties à la retenue.")
    assert ("REQUEST", ("CHN",), (), False) in found


def test_the_owner_of_a_nominal_cue_takes_the_position(pipeline):
    found = _statements(
        pipeline, TALKS + "Le ministre a exprimé la volonté de la Chine de renforcer la coopération avec la France."
    )
    assert ("COOPERATE", ("CHN",), ("FRA",), False) in found


def test_one_position_when_a_cue_sits_in_another_cues_object(pipeline):
    record = pipeline(TALKS + "M. Barrot a condamné le comportement inacceptable des autorités biélorusses.")
    assert [(s.type, s.target) for s in record.statements] == [("ACCUSE", ("BLR",))]


def test_first_person_is_the_speaker(pipeline):
    text = (
        "Déclaration de Jean-Noël Barrot, ministre de l'Europe et des Affaires étrangères\n\n"
        "Paris, le 4 mars 2025\n\n"
        "Nous condamnons fermement les frappes russes contre les infrastructures civiles."
    )
    found = _statements(pipeline, text)
    assert ("ACCUSE", ("FRA",), ("RUS",), False) in found


@pytest.mark.parametrize(
    ("sentence", "kind", "code", "mode"),
    [
        ("M. Borrell a exigé de la Russie la libération des détenus.", "REQUEST", "100", None),
        ("M. Borrell a invité M. Lavrov à se rendre à Bruxelles.", "REQUEST", "026", "meet"),
        ("M. Borrell a accusé la Russie de désinformation.", "ACCUSE", "112", "disapprove"),
        ("M. Borrell a salué la décision de la Russie.", "SUPPORT", "051", None),
    ],
)
def test_statement_codes_follow_the_cue(pipeline, sentence, kind, code, mode):
    [statement] = [s for s in pipeline(READOUT + sentence).statements if s.type == kind]
    assert statement.cameo.code == code
    assert statement.plover.mode == mode


def test_readiness_to_cooperate_is_plovers_agree(pipeline):
    [statement] = [s for s in pipeline(READOUT + "M. Lavrov s'est déclaré prêt à un dialogue.").statements]
    assert (statement.type, statement.plover.type, statement.cameo.code) == ("COOPERATE", "AGREE", "030")


def test_a_negated_statement_carries_no_codes(pipeline):
    [statement] = pipeline(READOUT + "M. Lavrov n'a pas condamné les frappes.").statements
    assert statement.negated and statement.cameo is None and statement.plover is None


def test_without_the_parser_statements_come_from_word_order():
    import diplograph

    fast = diplograph.load(use_parser=False)
    found = _statements(fast, READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements.")
    assert ("REQUEST", ("EU",), ("RUS",), False) in found


def test_an_agreement_is_made_together(pipeline):
    found = _statements(pipeline, TALKS + "Nous avons convenu de tenir une nouvelle réunion à Pékin.")
    found |= _statements(pipeline, TALKS + "Il a été convenu de tenir une nouvelle réunion à Pékin.")
    assert all(t != "AGREE" or (set(src) == {"FRA", "CHN"} and tgt == ()) for t, src, tgt, _ in found)
    assert any(t == "AGREE" for t, *_ in found)


def test_a_nominal_cue_is_towards_whom_its_verb_names(pipeline):
    meeting = (
        "Jean-Noël Barrot s'est rendu à Varsovie le 12 décembre 2024 pour une réunion avec ses homologues polonais, "
        "Radosław Sikorski, et allemande, Annalena Baerbock. "
    )
    found = _statements(
        pipeline, meeting + "Le ministre a assuré son homologue polonais du plein soutien de la France."
    )
    assert ("SUPPORT", ("FRA",), ("POL",), False) in found


def test_a_cue_deep_in_a_subordinate_phrase_is_not_the_speakers_position(pipeline):
    text = READOUT + (
        "M. Borrell a dit qu'il espérait que M. Lavrov participerait à la conférence, qui aura pour objectif de "
        "mobiliser la communauté internationale afin de recueillir un soutien concret."
    )
    assert not any(t == "SUPPORT" for t, *_ in _statements(pipeline, text))


def test_a_declaration_without_contact(pipeline):
    """A state speaking alone: "elle" is that state, and a position with no target is towards the state the
    headline names, unless it is about terrorism or a disaster."""
    text = (
        "Venezuela – Déclaration du porte-parole\n\n"
        "La France condamne fermement les arrestations arbitraires d'opposants. "
        "Elle exprime sa solidarité avec le peuple vénézuélien. "
        "La France condamne aussi l'attentat terroriste perpétré hier."
    )
    found = _statements(pipeline, text)
    assert ("ACCUSE", ("FRA",), ("VEN",), False) in found
    assert ("SUPPORT", ("FRA",), ("VEN",), False) in found
    assert ("ACCUSE", ("FRA",), (), False) in found


def test_the_owner_is_not_what_it_is_with(pipeline):
    found = _statements(pipeline, TALKS + "M. Wang a affirmé la pleine solidarité de la Chine avec la France.")
    assert ("SUPPORT", ("CHN",), ("FRA",), False) in found


def test_an_appeal_for_a_thing_is_to_nobody_but_an_appeal_to_act_is_to_the_counterpart(pipeline):
    found = _statements(pipeline, TALKS + "M. Wang a appelé à un cessez-le-feu durable.")
    assert ("REQUEST", ("CHN",), (), False) in found
    found = _statements(pipeline, TALKS + "M. Wang a appelé à respecter les engagements pris.")
    assert ("REQUEST", ("CHN",), ("FRA",), False) in found


def test_a_refusal_negates_the_position_that_follows_it(pipeline):
    assert ("ACCUSE", ("CHN",), ("RUS",), True) in _statements(
        pipeline, TALKS + "M. Wang s'est refusé à condamner la Russie."
    )
    assert ("REJECT", ("CHN",), ("FRA",), False) in _statements(pipeline, TALKS + "M. Wang a refusé de commenter.")


def test_a_passive_position_is_taken_by_its_agent(pipeline):
    found = _statements(pipeline, TALKS + "La Chine a été vivement critiquée par la France pour ses exportations.")
    assert ("ACCUSE", ("FRA",), ("CHN",), False) in found
    found = _statements(pipeline, TALKS + "M. Wang a été invité à se rendre à Paris.")
    assert ("REQUEST", ("FRA",), ("CHN",), False) in found


def test_a_quoted_first_person_is_the_one_quoted(pipeline):
    text = (
        "Paris, le 4 mars 2025\n\nJean-Noël Barrot a reçu Wang Yi. "
        "« Nous condamnons fermement les sanctions unilatérales », a déclaré M. Wang."
    )
    assert ("ACCUSE", ("CHN",), ("FRA",), False) in _statements(pipeline, text)


def test_de_la_part_de_names_the_owner(pipeline):
    text = TALKS + "M. Wang a évoqué la préoccupation de la part de la France face aux agissements de la Chine."
    assert ("ACCUSE", ("FRA",), ("CHN",), False) in _statements(pipeline, text)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("M. Wang s'est dit préoccupé par les agissements de la France.", "ACCUSE"),
        ("M. Wang a contesté les conclusions de la France.", "REJECT"),
        ("M. Wang a prévenu que la Chine se réservait le droit de riposter.", "THREATEN"),
        ("Les deux ministres sont parvenus à un accord sur les visas.", "AGREE"),
        ("M. Wang a proposé sa médiation.", "COOPERATE"),
        ("M. Wang a plaidé pour une reprise du dialogue.", "REQUEST"),
        ("M. Wang a réclamé la levée des sanctions.", "REQUEST"),
    ],
)
def test_more_cues(pipeline, sentence, kind):
    assert kind in {t for t, *_ in _statements(pipeline, TALKS + sentence)}
