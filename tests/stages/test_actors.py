import datetime as dt

import pytest


def resolved(resolver, text, day):
    doc = resolver.resolve(text, dt.date.fromisoformat(day) if day else None)
    return [doc.actors.get(m.actor.key, m.actor) for m in doc.mentions if m.actor.is_person]


@pytest.mark.parametrize(
    "text,day,expected_id",
    [
        ("le ministre russe des Affaires étrangères", "2021-11-12", "sergey-lavrov"),
        ("le chef de la diplomatie française", "2021-11-12", "jean-yves-le-drian"),
        ("le chef de la diplomatie française", "2023-03-01", "catherine-colonna"),
        ("le secrétaire d'État américain", "2021-02-04", "antony-blinken"),
        ("le haut représentant", "2020-06-16", "josep-borrell"),
        ("la haute représentante de l'Union pour les affaires étrangères", "2024-12-12", "kaja-kallas"),
        ("le président biélorusse", "2020-11-26", "alexander-lukashenko"),
        ("M. Sergueï Choïgou", None, "sergei-shoigu"),
        ("Sergei Shoigu", None, "sergei-shoigu"),
        ("Alexandre Loukachenko", None, "alexander-lukashenko"),
        # a spelling the knowledge base lacks, matched among the people of the state the title names
        ("Le ministre marocain des Affaires étrangères, Nasser Bourrita, a déclaré", "2023-01-01", "nasser-bourita"),
    ],
)
def test_actors_resolve_names_and_titles_on_date(resolver, text, day, expected_id):
    assert resolved(resolver, text, day)[0].id == expected_id


def test_actors_surname_after_first_mention_is_the_same_actor(resolver):
    actors = resolved(resolver, "Sergueï Lavrov a reçu Antony Blinken. M. Lavrov a ensuite déclaré que", "2021-05-20")
    assert [a.id for a in actors] == ["sergey-lavrov", "antony-blinken", "sergey-lavrov"]
    assert actors[2].name == "Sergueï Lavrov"


def test_actors_unknown_person_takes_affiliation_and_role_from_title(resolver):
    [actor] = resolved(resolver, "Le ministre malien des Affaires étrangères, Oumar Kanouté, a déclaré", "2019-01-01")
    assert (actor.id, actor.name, actor.affiliation, actor.role) == (None, "Oumar Kanouté", "MLI", "foreign-minister")


def test_actors_ambassador_without_name_takes_state_and_role(resolver):
    [actor] = resolved(resolver, "Il a reçu l'ambassadeur de Chine.", "2022-01-01")
    assert (actor.id, actor.affiliation, actor.role) == (None, "CHN", "ambassador")


@pytest.mark.parametrize(
    "text,expected_ids",
    [
        ("Sommet de l'Union africaine à Addis-Abeba. Le président de la Commission a salué le Kenya.", ["moussa-faki"]),
        ("Conseil européen à Bruxelles. Le président de la Commission a salué l'Irlande.", ["ursula-von-der-leyen"]),
    ],
    ids=["african-union", "european-union"],
)
def test_actors_title_read_in_its_documents_context(resolver, text, expected_ids):
    assert [a.id for a in resolved(resolver, text, "2023-02-18")] == expected_ids


def ids(resolver, text, day):
    return [a.id for a in resolved(resolver, text, day)]


@pytest.mark.parametrize(
    "text,day,expected_id",
    [
        # particles and transliterations: "ben", "bin" and "ibn" are one word, as are Mohammed and Muhammad
        ("Le prince héritier Mohammed Ben Salman a reçu la délégation.", "2023-05-01", "mohammed-bin-salman"),
        ("Muhammad bin Salman a téléphoné au président.", "2023-05-01", "mohammed-bin-salman"),
        # a surname that starts with a lower-case particle
        ("Mme von der Leyen a présenté le plan.", "2021-03-01", "ursula-von-der-leyen"),
        ("Selon von der Leyen, l'accord est proche.", "2021-03-01", "ursula-von-der-leyen"),
        # names written in capitals
        ("Déclaration conjointe de M. Emmanuel MACRON et de ses partenaires", "2022-06-01", "emmanuel-macron"),
        # namesakes: the one of a state the text names, then the one who held a top office
        ("À Grenade, en Espagne, Pedro SANCHEZ a accueilli les dirigeants.", "2023-10-05", "pedro-sanchez"),
        ("Pedro Sánchez a salué les participants.", "2023-10-05", "pedro-sanchez"),
    ],
)
def test_actors_resolve_name_forms(resolver, text, day, expected_id):
    assert ids(resolver, text, day)[0] == expected_id


@pytest.mark.parametrize("day", ["2019-03-01", "2021-07-15"])
def test_actors_crown_prince_is_not_the_king_when_both_are_in_office(resolver, day):
    text = "Le roi Salmane a présidé la séance. Mohammed Ben Salman et Muhammad bin Salman ont assisté à l'entretien."
    assert ids(resolver, text, day) == ["salman-of-saudi-arabia", "mohammed-bin-salman", "mohammed-bin-salman"]


def test_actors_surname_after_a_patronymic_names_the_son(resolver):
    found = ids(resolver, "Le ministre saoudien de la Défense, Khalid ben Salman, a reçu son hôte.", "2023-05-01")
    assert "salman-of-saudi-arabia" not in found


@pytest.mark.parametrize(
    "text,day,expected",
    [
        # the knowledge base does not know the person: the name, and the state the office names
        (
            "Le vice-Premier ministre de la République populaire de Chine, M. LIU Wenbo, est arrivé.",
            "2024-01-10",
            (None, "LIU Wenbo", "CHN"),
        ),
        (
            "Le vice-Premier ministre du Conseil des affaires d'État de la République populaire de Chine, M. LIU Wenbo, "
            "est arrivé.",
            "2024-01-10",
            (None, "LIU Wenbo", "CHN"),
        ),
        (
            "Elle a reçu la ministre néerlandaise de l’Économie et des Finances, Anna de Groot.",
            "2024-01-10",
            (None, "Anna de Groot", "NLD"),
        ),
        # only an office: id null and the state the text gives
        (
            "Il a rencontré l'ambassadeur de Chine au Sénégal à Dakar.",
            "2022-01-01",
            (None, "ambassadeur de Chine", "CHN"),
        ),
        (
            "Il s'est entretenu avec le secrétaire d'État adjoint américain.",
            "2022-01-01",
            (None, "secrétaire d'État adjoint américain", "USA"),
        ),
        ("Le vice-président américain a pris la parole.", "2022-01-01", (None, "vice-président américain", "USA")),
        # a title with no date anywhere: the office, never an arbitrary holder
        ("Le président du Niger est arrivé à Paris.", None, (None, "président du Niger", "NER")),
    ],
)
def test_actors_unknown_party_named_by_office(resolver, text, day, expected):
    [actor] = resolved(resolver, text, day)
    assert (actor.id, actor.name, actor.affiliation) == expected


def test_actors_counterpart_named_only_by_nationality_is_the_office(resolver):
    text = "La ministre Mélanie Joly s'est entretenue à Ottawa avec son homologue malaisien."
    joly, counterpart = resolved(resolver, text, "2023-06-01")
    assert joly.id == "melanie-joly"
    assert (counterpart.id, counterpart.affiliation, counterpart.role) == (None, "MYS", "foreign-minister")


def test_actors_counterparts_listed_by_nationality_are_one_each(resolver):
    text = "Mélanie Joly a ensuite échangé avec ses homologues péruvien, chilien et argentin sur le commerce."
    actors = resolved(resolver, text, "2023-06-01")[1:]
    assert [(a.id, a.affiliation) for a in actors] == [(None, "PER"), (None, "CHL"), (None, "ARG")]
    assert actors[1].name == "homologue chilien"


def test_actors_counterpart_the_text_names_is_that_person(resolver):
    text = "Sergueï Lavrov a reçu Wang Yi. Le chef de la diplomatie russe a remercié son homologue chinois."
    assert ids(resolver, text, "2024-03-01") == ["sergey-lavrov", "wang-yi", "sergey-lavrov", "wang-yi"]


@pytest.mark.parametrize(
    "text,day,expected_ids",
    [
        # the day the text writes, when the document has no date line
        ("Le 3 mai 2013, le président du Niger a été reçu à Luxembourg.", None, ["mahamadou-issoufou"]),
        ("14.11.2025 - Le chef de la diplomatie suisse s'est rendu à Berlin.", None, ["ignazio-cassis"]),
        # a title inside a name is that person's
        (
            "Le sommet a réuni Sa Majesté le roi Abdallah II et l'émir du Qatar.",
            "2024-03-06",
            ["abdullah-ii-of-jordan", "tamim-bin-hamad-al-thani"],
        ),
        # the nearest title before a name is its office
        (
            "Il a vu le Vice-Premier ministre, ministre des Affaires étrangères, Jean Asselborn.",
            "2013-05-16",
            ["jean-asselborn"],
        ),
    ],
)
def test_actors_titles_resolve_to_holder_or_named_person(resolver, text, day, expected_ids):
    assert ids(resolver, text, day) == expected_ids


@pytest.mark.parametrize(
    "text",
    [
        "Sergueï Lavrov a rencontré le ministre russe des Affaire",  # a document cut mid-word
        "Il a remercié le Dr",
        "Dr",
        "La ministre des Affaires étrangères\n\nFaits en bref\n",  # a heading is not a name
        "Il a rencontré la directrice du Centre d'analyse.",  # an office of no stated state
    ],
)
def test_actors_fragments_are_no_participant(resolver, text):
    assert [a.id for a in resolved(resolver, text, "2021-05-20") if a.id is None] == []


def test_actors_a_state_named_carries_its_wikidata_item(resolver, kb):
    doc = resolver.resolve("La France et la Russie ont signé un accord.", dt.date(2022, 1, 1))
    states = {m.actor.id: m.actor.wikidata for m in doc.mentions if m.actor.kind == "state"}
    assert states == {"FRA": kb.countries["FRA"].wikidata, "RUS": kb.countries["RUS"].wikidata}
    assert all(q and q.startswith("Q") for q in states.values())
