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
