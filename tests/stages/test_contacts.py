"""Contacts from single sentences: each row is one general rule of the genre."""

import pytest

CASES = [
    # text, published, expected (medium, status, date, host, initiator, participant ids)
    (
        "Paris, le 4 mars 2022. Le président français Emmanuel Macron s'est entretenu par téléphone avec le président ukrainien Volodymyr Zelensky.",
        None,
        ("phone", "occurred", None, None, None, {"emmanuel-macron", "volodymyr-zelenskyy"}),
    ),
    (
        "Le ministre chinois des Affaires étrangères Wang Yi a reçu à Pékin le 12 avril 2023 son homologue brésilien Mauro Vieira.",
        None,
        ("in_person", "occurred", "2023-04-12", "CHN", None, {"wang-yi", "mauro-vieira"}),
    ),
    (
        "Le président Joe Biden recevra le chancelier allemand Olaf Scholz à Washington le 3 mars 2023.",
        None,
        ("in_person", "planned", "2023-03-03", "USA", None, {"joe-biden", "olaf-scholz"}),
    ),
    (
        "Le président Abdelmadjid Tebboune a eu un entretien téléphonique avec le président Emmanuel Macron le 5 février 2022, à l'initiative de la partie française.",
        None,
        ("phone", "occurred", "2022-02-05", None, "FRA", {"abdelmadjid-tebboune", "emmanuel-macron"}),
    ),
    (
        "Le président kényan William Ruto a eu jeudi un entretien téléphonique avec le Premier ministre éthiopien Abiy Ahmed, à l'initiative de ce dernier.",
        "2023-03-14",
        ("phone", "occurred", "2023-03-09", None, "ETH", {"william-ruto", "abiy-ahmed"}),
    ),
    (
        "Le 20 janvier 2023, la ministre Catherine Colonna a été reçue à Alger par le président Abdelmadjid Tebboune.",
        None,
        ("in_person", "occurred", "2023-01-20", "DZA", None, {"catherine-colonna", "abdelmadjid-tebboune"}),
    ),
]


@pytest.mark.parametrize(
    "text,published,expected",
    CASES,
    ids=[
        "phone-call",
        "received-with-date",
        "planned-visit",
        "initiative-named",
        "initiative-of-the-latter",
        "passive-reception",
    ],
)
def test_contacts_from_one_sentence(pipeline, text, published, expected):
    record = pipeline(text, published=published)
    assert len(record.contacts) == 1
    c = record.contacts[0]
    assert (c.medium, c.status, c.date, c.host, c.initiator) == expected[:5]
    assert {p.id for p in c.participants} == expected[5]


def _fields(contact) -> dict:
    return {
        "status": contact.status,
        "date": contact.date,
        "host": contact.host,
        "initiator": contact.initiator,
        "location": contact.location.name if contact.location else None,
        "participants": {p.id for p in contact.participants},
        "topics": set(contact.topics),
    }


ONE_CONTACT = [
    # id, text, expected fields ("topics": at least these)
    (
        "same-meeting-twice-is-one",
        "Rencontre entre Sergueï Lavrov et Antony Blinken à Genève\n\n"
        "Le ministre russe des Affaires étrangères Sergueï Lavrov a rencontré le 21 janvier 2022 à Genève le "
        "secrétaire d'État américain Antony Blinken. Cette rencontre a permis d'évoquer la sécurité européenne.",
        {"location": "Genève", "date": "2022-01-21", "topics": {"security-architecture"}},
    ),
    (
        "participants-listed-in-the-next-sentence-join",
        "Le ministre Jean-Noël Barrot s'est rendu à Berlin le 5 mars 2025 pour une réunion avec son homologue "
        "allemande Annalena Baerbock. Y ont également pris part Radosław Sikorski et Antonio Tajani.",
        {"participants": {"jean-noel-barrot", "annalena-baerbock", "radoslaw-sikorski", "antonio-tajani"}},
    ),
    (
        "bare-le-ministre-is-the-minister-last-named",
        "Paris, le 20 mai 2025\n\nJean-Noël Barrot, ministre de l'Europe et des Affaires étrangères, s'est rendu au "
        "Japon. À Tokyo, le 19 mai, le ministre s'est entretenu avec son homologue japonais, Takeshi Iwaya.",
        {
            "participants": {"jean-noel-barrot", "takeshi-iwaya"},
            "location": "Tokyo",
            "host": "JPN",
            "date": "2025-05-19",
        },
    ),
    (
        "announced-with-a-pronoun-and-a-weekday-looks-forward",
        "Publié le 03/06/2024\n\nLe chancelier allemand Olaf Scholz a défendu l'aide à l'Ukraine. "
        "Mardi, il recevra à Berlin le Premier ministre polonais Donald Tusk.",
        {"status": "planned", "date": "2024-06-04", "host": "DEU", "participants": {"olaf-scholz", "donald-tusk"}},
    ),
    (
        "announced-state-visit-over-several-days-in-its-month-with-its-topics",
        "Communiqué conjoint\n\nDakar, le 20 mai 2025\n\n"
        "À l'invitation du Président de la République du Sénégal, S.E.M. Bassirou Diomaye Faye, le Président de la "
        "République française, S.E.M. Emmanuel Macron, effectuera une visite d'État au Sénégal du 3 au 5 juin "
        "2025.\n\nLes deux chefs d'État évoqueront la sécurité au Sahel et la coopération économique.",
        {"status": "planned", "date": "2025-06", "host": "SEN", "initiator": "SEN", "topics": {"sahel", "economy"}},
    ),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in ONE_CONTACT], ids=[c[0] for c in ONE_CONTACT])
def test_contacts_one_contact_with_its_fields(pipeline, text, expected):
    [contact] = pipeline(text).contacts
    got = _fields(contact)
    assert {k: got[k] for k in expected if k != "topics"} == {k: v for k, v in expected.items() if k != "topics"}
    assert expected.get("topics", set()) <= got["topics"]


@pytest.mark.parametrize(
    "text",
    [
        "La France condamne avec la plus grande fermeté l'attaque perpétrée hier contre des civils au Mali.",
        "Le ministre a adressé un message de condoléances au peuple marocain après le séisme.",
        "Le président Emmanuel Macron a reçu le Premier ministre Michel Barnier à l'Élysée.",  # same state: not diplomatic
        "Le ministre a accordé un entretien au journal Le Monde sur la situation en Ukraine.",
    ],
    ids=["condemnation", "condolences", "same-state", "press-interview"],
)
def test_contacts_none_in_texts_without_contact(pipeline, text):
    assert pipeline(text, published="2024-10-01").contacts == ()


def test_contacts_evidence_points_into_original_text(pipeline):
    text = "Le ministre russe des Affaires étrangères Sergueï Lavrov s’est entretenu le lundi5 octobre 2020 avec M.\u00a0Josep Borrell."
    [contact] = pipeline(text).contacts
    ev = contact.evidence[0]
    assert text[ev.start : ev.end].startswith("Le ministre russe") and "lundi5 octobre" in text[ev.start : ev.end]


def test_contacts_bilateral_on_the_sidelines_is_its_own_contact(pipeline):
    text = (
        "Le Caire, le 10 octobre 2024\n\n"
        "Le président Abdel Fattah Al-Sissi a accueilli aujourd'hui un sommet réunissant le roi Abdallah II, l'émir Tamim ben Hamad "
        "Al Thani et le président Mahmoud Abbas.\n\n"
        "En marge du sommet, le président Al-Sissi a eu un entretien bilatéral avec l'émir Tamim ben Hamad Al Thani."
    )
    summit, bilateral = pipeline(text).contacts
    assert len(summit.participants) == 4 and len(bilateral.participants) == 2
    assert bilateral.date == summit.date == "2024-10-10" and bilateral.location.name == "Le Caire"


def test_contacts_later_the_same_day_is_planned_with_the_visits_date_and_place(pipeline):
    text = (
        "Ankara, le 12 juin 2024 - Le ministre algérien des Affaires étrangères, Ahmed Attaf, a été reçu à Ankara par "
        "son homologue turc, Hakan Fidan. Le ministre algérien devait être reçu dans l'après-midi par le président "
        "Recep Tayyip Erdoğan."
    )
    first, second = pipeline(text).contacts
    assert (first.status, first.host, first.date) == ("occurred", "TUR", "2024-06-12")
    assert (second.status, second.date, second.location.name) == ("planned", "2024-06-12", "Ankara")
    assert {p.id for p in second.participants} == {"ahmed-attaf", "recep-tayyip-erdogan"}


@pytest.mark.parametrize(
    "agreement",
    [
        "Il a été convenu de tenir une réunion en marge du sommet de Johannesburg.",
        "Les deux présidents sont convenus d'organiser une rencontre à Johannesburg.",
    ],
)
def test_contacts_agreed_meeting_is_planned_between_the_reported_parties(pipeline, agreement):
    text = (
        "Le président Emmanuel Macron s'est entretenu le 10 septembre 2025 par téléphone avec le président "
        "sud-africain Cyril Ramaphosa. " + agreement
    )
    call, planned = pipeline(text).contacts
    assert call.medium == "phone" and planned.status == "planned"
    assert {p.id for p in planned.participants} == {"emmanuel-macron", "cyril-ramaphosa"}
    assert planned.location.name == "Johannesburg"


def test_contacts_title_parenthesis_places_the_meeting_and_le_ministre_is_the_protagonist(pipeline):
    text = (
        "Chine - Entretien de Jean-Noël Barrot avec M. Wang Yi (Paris, 4 juillet 2025)\n\n"
        "Jean-Noël Barrot, ministre de l'Europe et des Affaires étrangères, a reçu ce jour M. Wang Yi, ministre des "
        "Affaires étrangères de la République populaire de Chine. Le ministre a appelé la Chine à user de son "
        "influence auprès de la Russie."
    )
    record = pipeline(text)
    [contact] = record.contacts
    assert (contact.location.name, contact.host, contact.date) == ("Paris", "FRA", "2025-07-04")
    assert ("REQUEST", ("FRA",), ("CHN",)) in {(s.type, s.source, s.target) for s in record.statements}


@pytest.mark.parametrize(
    "sentence,is_call",
    [
        ("Emmanuel Macron a appelé mardi le président américain Donald Trump pour évoquer l'Ukraine.", True),
        (
            "Emmanuel Macron a appelé le président américain Donald Trump à associer les Européens aux négociations.",
            False,
        ),
        ("Emmanuel Macron a appelé toutes les parties à la retenue.", False),
    ],
)
def test_contacts_appeler_is_a_call_only_without_an_appeal(pipeline, sentence, is_call):
    contacts = pipeline("Publié le 11/02/2025\n\n" + sentence).contacts
    assert bool(contacts and contacts[0].medium == "phone") == is_call


def test_contacts_a_later_planned_visit_does_not_date_the_message(pipeline):
    text = (
        "Rabat, le 5 octobre 2024\n\nLe roi Mohammed VI a adressé un message au président de la République "
        "française, Emmanuel Macron, à l'occasion de sa visite d'État au Maroc, prévue du 28 au 30 octobre 2024."
    )
    message = pipeline(text).contacts[0]
    assert (message.medium, message.status, message.date) == ("written", "occurred", None)


SERIES = [
    # one party meeting several counterparts in turn: one bilateral contact each
    (
        "Le ministre Jean-Noël Barrot s'est entretenu avec le ministre marocain des Affaires étrangères, Nasser "
        "Bourita, le secrétaire d'État américain, Antony Blinken, ainsi que la ministre allemande Annalena "
        "Baerbock.",
        [
            {"jean-noel-barrot", "nasser-bourita"},
            {"jean-noel-barrot", "antony-blinken"},
            {"jean-noel-barrot", "annalena-baerbock"},
        ],
    ),
    # two contacts of one subject in one sentence: each trigger with the people after it
    (
        "Le ministre marocain Nasser Bourita a été accueilli par le ministre Jean-Noël Barrot et s'est ensuite "
        "entretenu avec la ministre allemande Annalena Baerbock.",
        [{"nasser-bourita", "jean-noel-barrot"}, {"nasser-bourita", "annalena-baerbock"}],
    ),
    # a delegation meeting another: one contact
    (
        "Le ministre Jean-Noël Barrot et le ministre marocain Nasser Bourita ont reçu ensemble la ministre "
        "allemande Annalena Baerbock et le secrétaire d'État américain Antony Blinken.",
        [{"jean-noel-barrot", "nasser-bourita", "annalena-baerbock", "antony-blinken"}],
    ),
    # a joint format: the counterparts meet together
    (
        "Le ministre Jean-Noël Barrot a tenu une réunion trilatérale avec la ministre allemande Annalena Baerbock "
        "et le ministre marocain Nasser Bourita.",
        [{"jean-noel-barrot", "annalena-baerbock", "nasser-bourita"}],
    ),
]


@pytest.mark.parametrize("text,expected", SERIES, ids=["avec-list", "two-triggers", "delegation", "trilateral"])
def test_contacts_series_of_counterparts_are_separate_bilaterals(pipeline, text, expected):
    record = pipeline(text, published="2024-11-05")
    assert [{p.id for p in c.participants} for c in record.contacts] == expected


def test_contacts_meeting_of_a_body_has_the_body_as_party(pipeline):
    text = (
        "La ministre Mélanie Joly participera à la réunion des ministres des Affaires étrangères du G20 à "
        "Rio de Janeiro."
    )
    [contact] = pipeline(text, published="2024-02-15").contacts
    assert [(p.id, p.affiliation) for p in contact.participants] == [("melanie-joly", "CAN"), ("g20", "G20")]
    assert contact.status == "planned" and contact.medium == "in_person"


def test_contacts_meeting_during_a_visit_of_several_days_takes_its_month(pipeline):
    text = (
        "Le ministre Jean-Noël Barrot a effectué les 12 et 13 mars 2024 une visite de travail au Maroc.\n"
        "Il s'est entretenu avec le ministre des Affaires étrangères Nasser Bourita."
    )
    [contact] = pipeline(text).contacts
    assert {p.id for p in contact.participants} == {"jean-noel-barrot", "nasser-bourita"}
    assert contact.date == "2024-03"


def test_contacts_meetings_during_a_visit_take_its_place_host_date_and_inviter(pipeline):
    text = (
        "Le ministre Jean-Noël Barrot a effectué le 5 mars 2024 une visite de travail au Maroc, sur invitation de "
        "son homologue Nasser Bourita.\n"
        "Il s'est entretenu avec le chef du gouvernement marocain, Aziz Akhannouch, de la coopération économique."
    )
    later = pipeline(text).contacts[-1]
    assert {p.id for p in later.participants} == {"jean-noel-barrot", "aziz-akhannouch"}
    assert (later.medium, later.date, later.host, later.initiator) == ("in_person", "2024-03-05", "MAR", "MAR")
    assert later.location is not None and later.location.country == "MAR"


@pytest.mark.parametrize(
    "opening",
    ["Sur invitation du ministre marocain Nasser Bourita,", "À l'invitation du ministre marocain Nasser Bourita,"],
)
def test_contacts_invitation_at_the_head_of_the_sentence_names_the_initiator(pipeline, opening):
    text = f"{opening} le ministre Jean-Noël Barrot s'est entretenu à Rabat le 5 mars 2024 avec son homologue."
    [contact] = pipeline(text).contacts
    assert contact.initiator == "MAR"


def test_contacts_body_meeting_held_abroad_is_hosted_by_its_place_and_includes_who_invites(pipeline):
    text = (
        "Le ministre brésilien Mauro Vieira a invité la ministre Yoko Kamikawa à participer à la réunion des "
        "ministres des Affaires étrangères du G20 qui se tiendra à Rio de Janeiro les 21 et 22 février."
    )
    [contact] = pipeline(text, published="2024-02-09").contacts
    assert [p.id for p in contact.participants] == ["mauro-vieira", "yoko-kamikawa", "g20"]
    assert (contact.status, contact.date, contact.host, contact.initiator) == ("planned", "2024-02", "BRA", "BRA")


def test_contacts_message_handed_over_is_not_split_into_a_series(pipeline):
    text = (
        "Le ministre algérien Ahmed Attaf a remis au président Bassirou Diomaye Faye un message "
        "du président algérien Abdelmadjid Tebboune."
    )
    contacts = pipeline(text, published="2024-05-14").contacts
    assert len(contacts) == 1 and contacts[0].medium == "written"


def test_contacts_message_handed_over_after_a_meeting_takes_its_day(pipeline):
    text = (
        "Dakar, le 14 mai 2024 - Le président Bassirou Diomaye Faye a reçu en audience ce mardi le ministre "
        "algérien Ahmed Attaf.\n\n"
        "Le ministre algérien a remis au président un message écrit du président Abdelmadjid Tebboune."
    )
    written = [c for c in pipeline(text).contacts if c.medium == "written"]
    assert written and written[0].date == "2024-05-14"


def test_contacts_verb_with_several_named_counterparts_is_one_contact_each(pipeline):
    text = (
        "Le ministre Jean-Noël Barrot a rencontré outre son homologue, le ministre des Affaires étrangères, "
        "Nasser Bourita, le chef du gouvernement, Aziz Akhannouch."
    )
    contacts = pipeline(text, published="2024-03-05").contacts
    assert [{p.id for p in c.participants} for c in contacts] == [
        {"jean-noel-barrot", "nasser-bourita"},
        {"jean-noel-barrot", "aziz-akhannouch"},
    ]


def test_contacts_person_named_as_someone_else_s_is_not_met_in_turn(pipeline):
    text = (
        "Le président Bassirou Diomaye Faye a reçu le ministre algérien Ahmed Attaf, envoyé spécial du président "
        "Abdelmadjid Tebboune."
    )
    contacts = pipeline(text, published="2024-05-14").contacts
    assert len(contacts) == 1
    assert {"bassirou-diomaye-faye", "ahmed-attaf"} <= {p.id for p in contacts[0].participants}


def test_contacts_official_named_without_a_state_during_a_visit_is_the_host_s(pipeline):
    text = (
        "Le ministre Jean-Noël Barrot a effectué le 5 mars 2024 une visite de travail au Maroc.\n"
        "Il s'est entretenu avec M. Karim Benali, conseiller du roi."
    )
    [contact] = pipeline(text).contacts
    unknown = [p for p in contact.participants if p.id is None]
    assert [(p.name, p.affiliation) for p in unknown] == [("Karim Benali", "MAR")]


def test_topics_are_not_read_in_the_titles_of_the_people_named(pipeline):
    text = (
        "Le ministre Jean-Noël Barrot a reçu à Paris le 5 mars 2024 le ministre marocain de l'Économie et des "
        "Finances, Nadia Fettah, et son homologue Nasser Bourita. Ils ont évoqué la situation au Sahel."
    )
    contacts = pipeline(text).contacts
    assert contacts and all("economy" not in c.topics for c in contacts)
    assert any("sahel" in c.topics for c in contacts)


def test_contacts_contact_noun_without_owner_belongs_to_the_one_the_text_is_about(pipeline):
    text = (
        "Le ministre Jean-Noël Barrot s'est rendu au Maroc le 5 mars 2024.\n"
        "Outre une rencontre officielle avec le ministre marocain des Affaires étrangères Nasser Bourita, la "
        "coopération économique a été au centre de ses activités."
    )
    contacts = pipeline(text).contacts
    assert [{p.id for p in c.participants} for c in contacts] == [{"jean-noel-barrot", "nasser-bourita"}]
