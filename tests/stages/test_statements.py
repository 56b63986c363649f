"""Statements: the type from the cue, the source and target from the dependency parse, negation, and codes."""

import pytest

ANY = None  # in an expected statement: this field is not checked


def _statements(pipeline, text):
    return {(s.type, s.source, s.target, s.negated) for s in pipeline(text).statements}


def _has(found, expected) -> bool:
    """Whether a found statement is ``expected``: (type, sources, targets, negated), sources and targets as
    sets in any order, ``ANY`` for a field the case does not decide."""
    kind, sources, targets, negated = expected
    return any(
        t == kind
        and (sources is ANY or set(src) == sources)
        and (targets is ANY or set(tgt) == targets)
        and (negated is ANY or neg == negated)
        for t, src, tgt, neg in found
    )


READOUT = (
    "Le haut représentant Josep Borrell s'est entretenu le 16 juin 2020 par vidéoconférence avec le ministre russe "
    "des Affaires étrangères Sergueï Lavrov. "
)
TALKS = (
    "Le ministre de l'Europe et des Affaires étrangères, Jean-Noël Barrot, s'est entretenu le 3 mars 2025 à Paris "
    "avec son homologue chinois, Wang Yi. "
)
MEETING = (
    "Jean-Noël Barrot s'est rendu à Varsovie le 12 décembre 2024 pour une réunion avec ses homologues polonais, "
    "Radosław Sikorski, et allemande, Annalena Baerbock. "
)
FIRST_PERSON = (
    "Déclaration de Jean-Noël Barrot, ministre de l'Europe et des Affaires étrangères\n\n"
    "Paris, le 4 mars 2025\n\n"
    "Nous condamnons fermement les frappes russes contre les infrastructures civiles."
)
QUOTED = (
    "Paris, le 4 mars 2025\n\nJean-Noël Barrot a reçu Wang Yi. "
    "« Nous condamnons fermement les sanctions unilatérales », a déclaré M. Wang."
)
# a state speaking alone: "elle" is that state, and a position with no target is towards the state the headline
# names, unless it is about terrorism or a disaster
DECLARATION = (
    "Venezuela – Déclaration du porte-parole\n\n"
    "La France condamne fermement les arrestations arbitraires d'opposants. "
    "Elle exprime sa solidarité avec le peuple vénézuélien. "
    "La France condamne aussi l'attentat terroriste perpétré hier."
)

# a declaration the header gives a speaker to
BARROT = "Déclaration de Jean-Noël Barrot, ministre de l'Europe et des Affaires étrangères\n\nParis, le 4 mars 2025\n\n"
CANADA = "Déclaration du ministre des Affaires étrangères\n\n"
# a listing page: each item's heading says what its positions are about and whose first person they are
LISTING = (
    "Actualités\n\n"
    "• Japon - Entretien de Jean-Noël Barrot avec « Le Monde » (Paris, 3 mars 2025)\n\n"
    "« Nous souhaitons que les négociations commerciales reprennent rapidement. »\n"
)

CASES = [
    # id, text, expected (type, sources, targets, negated)
    (
        "request-towards-the-named-counterpart",
        READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements.",
        ("REQUEST", {"EU"}, {"RUS"}, False),
    ),
    (
        "agreement-of-both-sides-has-no-target",
        READOUT + "Les deux ministres se sont accordés sur la nécessité de préserver l'accord.",
        ("AGREE", {"EU", "RUS"}, set(), ANY),
    ),
    ("negation", READOUT + "M. Lavrov n'a pas condamné les frappes contre l'Ukraine.", ("ACCUSE", {"RUS"}, ANY, True)),
    (
        "target-named-inside-the-object",
        TALKS + "M. Barrot a condamné le comportement des autorités iraniennes.",
        ("ACCUSE", {"FRA"}, {"IRN"}, False),
    ),
    (
        "state-adjective-on-a-subject-matter-is-not-a-target",
        TALKS + "Les deux ministres ont convenu que le dossier du nucléaire iranien restait une priorité.",
        ("AGREE", {"FRA", "CHN"}, set(), ANY),
    ),
    (
        "victim-of-a-threat-is-not-its-target",
        READOUT + "M. Borrell a mis en garde contre toute atteinte à l'intégrité territoriale de la Moldavie.",
        ("THREATEN", {"EU"}, {"RUS"}, False),
    ),
    (
        "compound-adjective-names-both-states",
        TALKS + "M. Barrot a salué la reprise du dialogue sino-japonais.",
        ("SUPPORT", {"FRA"}, {"CHN", "JPN"}, ANY),
    ),
    (
        "unnamed-addressee-is-nobody",
        TALKS + "M. Wang a appelé toutes les parties à la retenue.",
        ("REQUEST", {"CHN"}, set(), False),
    ),
    (
        "owner-of-a-nominal-cue-takes-the-position",
        TALKS + "Le ministre a exprimé la volonté de la Chine de renforcer la coopération avec la France.",
        ("COOPERATE", {"CHN"}, {"FRA"}, False),
    ),
    ("first-person-is-the-speaker", FIRST_PERSON, ("ACCUSE", {"FRA"}, {"RUS"}, False)),
    (
        "nominal-cue-is-towards-whom-its-verb-names",
        MEETING + "Le ministre a assuré son homologue polonais du plein soutien de la France.",
        ("SUPPORT", {"FRA"}, {"POL"}, False),
    ),
    ("declaration-towards-the-headline-state", DECLARATION, ("ACCUSE", {"FRA"}, {"VEN"}, False)),
    ("declaration-elle-is-the-state", DECLARATION, ("SUPPORT", {"FRA"}, {"VEN"}, False)),
    ("declaration-terrorism-is-towards-nobody", DECLARATION, ("ACCUSE", {"FRA"}, set(), False)),
    (
        "owner-is-not-what-it-is-with",
        TALKS + "M. Wang a affirmé la pleine solidarité de la Chine avec la France.",
        ("SUPPORT", {"CHN"}, {"FRA"}, False),
    ),
    (
        "appeal-for-a-thing-is-to-nobody",
        TALKS + "M. Wang a appelé à un cessez-le-feu durable.",
        ("REQUEST", {"CHN"}, set(), False),
    ),
    (
        "appeal-to-act-is-to-the-counterpart",
        TALKS + "M. Wang a appelé à respecter les engagements pris.",
        ("REQUEST", {"CHN"}, {"FRA"}, False),
    ),
    (
        "refusal-negates-the-position-that-follows",
        TALKS + "M. Wang s'est refusé à condamner la Russie.",
        ("ACCUSE", {"CHN"}, {"RUS"}, True),
    ),
    ("refusal-alone-is-a-rejection", TALKS + "M. Wang a refusé de commenter.", ("REJECT", {"CHN"}, {"FRA"}, False)),
    (
        "passive-position-is-taken-by-its-agent",
        TALKS + "La Chine a été vivement critiquée par la France pour ses exportations.",
        ("ACCUSE", {"FRA"}, {"CHN"}, False),
    ),
    (
        "passive-without-agent-is-the-counterparts",
        TALKS + "M. Wang a été invité à se rendre à Paris.",
        ("REQUEST", {"FRA"}, {"CHN"}, False),
    ),
    ("quoted-first-person-is-the-one-quoted", QUOTED, ("ACCUSE", {"CHN"}, {"FRA"}, False)),
    (
        "de-la-part-de-names-the-owner",
        TALKS + "M. Wang a évoqué la préoccupation de la part de la France face aux agissements de la Chine.",
        ("ACCUSE", {"FRA"}, {"CHN"}, False),
    ),
    # more cues: the type alone
    (
        "cue-preoccupe",
        TALKS + "M. Wang s'est dit préoccupé par les agissements de la France.",
        ("ACCUSE", ANY, ANY, ANY),
    ),
    ("cue-conteste", TALKS + "M. Wang a contesté les conclusions de la France.", ("REJECT", ANY, ANY, ANY)),
    (
        "cue-prevenu",
        TALKS + "M. Wang a prévenu que la Chine se réservait le droit de riposter.",
        ("THREATEN", ANY, ANY, ANY),
    ),
    (
        "cue-parvenus-a-un-accord",
        TALKS + "Les deux ministres sont parvenus à un accord sur les visas.",
        ("AGREE", ANY, ANY, ANY),
    ),
    ("cue-propose", TALKS + "M. Wang a proposé sa médiation.", ("COOPERATE", ANY, ANY, ANY)),
    ("cue-plaide", TALKS + "M. Wang a plaidé pour une reprise du dialogue.", ("REQUEST", ANY, ANY, ANY)),
    ("cue-reclame", TALKS + "M. Wang a réclamé la levée des sanctions.", ("REQUEST", ANY, ANY, ANY)),
    # a state named as where a deed happened is a place, not whom the position is towards
    (
        "place-of-a-crime-is-not-a-target",
        CANADA + "Le Canada condamne fermement l'assassinat de trois travailleurs humanitaires, tués lors d'une "
        "embuscade au Soudan.",
        ("ACCUSE", {"CAN"}, set(), False),
    ),
    # a judged deed: the one speaking accuses whoever does it
    (
        "judged-deed-accuses-its-doer",
        BARROT + "Ces frappes s'inscrivent dans la guerre illégale que mène la Russie contre l'Ukraine.",
        ("ACCUSE", {"FRA"}, {"RUS"}, False),
    ),
    (
        "judged-obligation-asks-its-subject",
        BARROT + "Les autorités maliennes doivent maintenant libérer sans condition les opposants détenus.",
        ("REQUEST", {"FRA"}, {"MLI"}, False),
    ),
    (
        "judged-cause-of-a-deterioration-is-accused",
        BARROT + "Les manœuvres menées par la Chine ont conduit à une grave dégradation de la situation régionale.",
        ("ACCUSE", {"FRA"}, {"CHN"}, False),
    ),
    # a warning with no one named goes to the adversary just accused
    (
        "warning-towards-the-adversary-just-accused",
        CANADA + "La France condamne les violations répétées de l'espace aérien estonien par la Russie. "
        "La France réagira avec fermeté à toute nouvelle provocation.",
        ("THREATEN", {"FRA"}, {"RUS"}, False),
    ),
    # a pronoun in a reported clause is whoever reports it
    (
        "pronoun-of-a-reported-clause-is-the-reporter",
        TALKS + "La France a fait savoir qu'elle réagirait avec fermeté à toute nouvelle cyberattaque.",
        ("THREATEN", {"FRA"}, ANY, False),
    ),
    # the contact as subject: its parties together
    (
        "contact-as-subject-speaks-for-both-sides",
        TALKS + "L'entretien a permis d'examiner les moyens de renforcer la coopération économique.",
        ("COOPERATE", {"FRA", "CHN"}, set(), False),
    ),
    # a partner "avec" whom an agreement is signed is a source too
    (
        "partner-of-an-agreement-is-a-source",
        CANADA + "Le Japon a signé avec le Canada un accord sur la sécurité de l'information.",
        ("AGREE", {"JPN", "CAN"}, set(), False),
    ),
    # a listing page's item: its heading names what it is about and who says "nous"
    ("listing-item-heading-gives-speaker-and-target", LISTING, ("REQUEST", {"FRA"}, {"JPN"}, False)),
    # "Nous, ministres de X, de Y": the signatories
    (
        "joint-signatories-in-apposition",
        "« Nous, ministres des Affaires étrangères de la France, de l'Allemagne et de l'Italie, condamnons "
        "fermement les essais de missiles balistiques de la Corée du Nord. »",
        ("ACCUSE", {"FRA", "DEU", "ITA"}, ANY, False),
    ),
    # restraint is asked of whoever fights, not of the counterpart
    (
        "appeal-for-restraint-has-no-target",
        TALKS + "M. Barrot a insisté sur la nécessité de faire preuve de retenue.",
        ("REQUEST", {"FRA"}, set(), False),
    ),
    # "toutes les parties" right after an appeal to the parties of one state are those
    (
        "all-parties-continue-the-named-ones",
        CANADA + "Le Canada demande aux parties au Soudan de cesser les combats. "
        "Le Canada exhorte toutes les parties à protéger les civils.",
        ("REQUEST", {"CAN"}, {"SDN"}, False),
    ),
    # cues of the genre
    (
        "praise-of-a-constructive-role",
        TALKS + "M. Barrot a souligné le rôle constructif joué par la Chine.",
        ("SUPPORT", {"FRA"}, {"CHN"}, False),
    ),
    (
        "hope-that-talks-succeed-is-support",
        TALKS + "M. Barrot a fait part de son espoir que les discussions aboutissent.",
        ("SUPPORT", {"FRA"}, {"CHN"}, False),
    ),
    (
        "excellent-relations-are-praise-of-both",
        TALKS + "L'entretien a permis de constater que les relations entre la France et la Chine restent excellentes.",
        ("SUPPORT", {"FRA", "CHN"}, set(), False),
    ),
    (
        "incite-is-an-appeal",
        CANADA + "Le Canada incite les autorités haïtiennes à organiser des élections libres.",
        ("REQUEST", {"CAN"}, {"HTI"}, False),
    ),
    (
        "contest-in-the-future-is-a-rejection",
        CANADA + "Le Canada contestera les droits de douane imposés par les États-Unis.",
        ("REJECT", {"CAN"}, ANY, False),
    ),
    (
        "a-stated-wish-that-is-a-request",
        TALKS + "M. Barrot a rappelé à son homologue la volonté de la France que les entreprises françaises "
        "accèdent au marché chinois.",
        ("REQUEST", {"FRA"}, {"CHN"}, False),
    ),
    # a bare title is the state of its fuller form written earlier, not the person last named
    (
        "bare-title-takes-the-state-of-its-fuller-form",
        "Le ministre des Affaires étrangères, Ahmed Benali, a reçu un appel du secrétaire d'État américain. "
        "Le secrétaire d'État a salué l'engagement de l'Algérie en faveur de la stabilité régionale.",
        ("SUPPORT", {"USA"}, {"DZA"}, False),
    ),
    (
        "unacceptable-is-criticism",
        READOUT + "M. Borrell a jugé que le comportement des autorités russes était inacceptable.",
        ("ACCUSE", {"EU"}, {"RUS"}, False),
    ),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_statements_find_the_expected_statement(pipeline, text, expected):
    found = _statements(pipeline, text)
    assert _has(found, expected), found


def test_statements_without_the_parser_come_from_word_order():
    import diplograph

    fast = diplograph.load(use_parser=False)
    found = _statements(fast, READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements.")
    assert ("REQUEST", ("EU",), ("RUS",), False) in found


def test_statements_evidence_is_the_sentence(pipeline):
    text = READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements."
    [statement] = [s for s in pipeline(text).statements if s.type == "REQUEST"]
    assert (
        text[statement.evidence.start : statement.evidence.end]
        == "M. Borrell a encouragé la Russie à respecter ses engagements."
    )


def test_statements_one_position_when_a_cue_sits_in_another_cues_object(pipeline):
    record = pipeline(TALKS + "M. Barrot a condamné le comportement inacceptable des autorités biélorusses.")
    assert [(s.type, s.target) for s in record.statements] == [("ACCUSE", ("BLR",))]


def test_statements_a_place_in_a_name_is_no_government(pipeline):
    found = _statements(pipeline, READOUT + "M. Borrell a salué les accords de Minsk.")
    assert any(t == "SUPPORT" for t, *_ in found), found  # the position is found, only its target is in question
    assert not any("BLR" in tgt for _t, _src, tgt, _neg in found)


def test_statements_a_cue_deep_in_a_subordinate_phrase_is_not_the_speakers_position(pipeline):
    text = READOUT + (
        "M. Borrell a dit qu'il espérait que M. Lavrov participerait à la conférence, qui aura pour objectif de "
        "mobiliser la communauté internationale afin de recueillir un soutien concret."
    )
    record = pipeline(text)
    assert record.contacts  # the document was read: its readout's contact is there
    assert not any(s.type == "SUPPORT" for s in record.statements)


def test_statements_an_agreement_is_made_together(pipeline):
    found = _statements(pipeline, TALKS + "Nous avons convenu de tenir une nouvelle réunion à Pékin.")
    found |= _statements(pipeline, TALKS + "Il a été convenu de tenir une nouvelle réunion à Pékin.")
    agreements = [(src, tgt) for t, src, tgt, _ in found if t == "AGREE"]
    assert agreements
    assert all(set(src) == {"FRA", "CHN"} and tgt == () for src, tgt in agreements)


@pytest.mark.parametrize(
    ("sentence", "kind", "code", "mode"),
    [
        ("M. Borrell a exigé de la Russie la libération des détenus.", "REQUEST", "100", None),
        ("M. Borrell a invité M. Lavrov à se rendre à Bruxelles.", "REQUEST", "026", "meet"),
        ("M. Borrell a accusé la Russie de désinformation.", "ACCUSE", "112", "disapprove"),
        ("M. Borrell a salué la décision de la Russie.", "SUPPORT", "051", None),
    ],
)
def test_statements_codes_follow_the_cue(pipeline, sentence, kind, code, mode):
    [statement] = [s for s in pipeline(READOUT + sentence).statements if s.type == kind]
    assert statement.cameo.code == code
    assert statement.plover.mode == mode


def test_statements_readiness_to_cooperate_is_plovers_agree(pipeline):
    [statement] = [s for s in pipeline(READOUT + "M. Lavrov s'est déclaré prêt à un dialogue.").statements]
    assert (statement.type, statement.plover.type, statement.cameo.code) == ("COOPERATE", "AGREE", "030")


def test_statements_a_negated_statement_carries_no_codes(pipeline):
    [statement] = pipeline(READOUT + "M. Lavrov n'a pas condamné les frappes.").statements
    assert statement.negated and statement.cameo is None and statement.plover is None


def test_statements_an_adjective_critique_is_no_criticism(pipeline):
    text = CANADA + "La Suisse investira dans la sécurité des infrastructures critiques de la région."
    assert not any(t == "ACCUSE" for t, *_ in _statements(pipeline, text))
