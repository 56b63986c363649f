"""Names written in full resolve to the person the whole name names: the longest name wins over a surname or a
part of it, a lower-case particle starts a name, and a transliteration the knowledge base does not spell
still finds its person. Sentences written for the project, in French and in English."""

import datetime as dt

import pytest

from diplograph.lang import pack_class
from diplograph.stages.actors import ActorResolver


@pytest.fixture(scope="module")
def resolvers(kb):
    return {code: ActorResolver(kb, pack_class(code)()) for code in ("fr", "en")}


def people(resolvers, lang, text, day):
    """(written name, person id) for every person mentioned, in order."""
    doc = resolvers[lang].resolve(text, dt.date.fromisoformat(day))
    return [(text[m.start : m.end], doc.actors.get(m.actor.key, m.actor).id) for m in doc.mentions if m.actor.is_person]


@pytest.mark.parametrize(
    "lang,text,day,expected",
    [
        # the whole name, not the given name "Mohamed" taken for the surname of Amina Mohamed (Kenya, 2013-2018)
        (
            "fr",
            "Le vice-prince héritier Mohamed ben Salman a reçu mardi à Djeddah le ministre Jean-Yves Le Drian.",
            "2016-05-10",
            [("Mohamed ben Salman", "mohammed-bin-salman"), ("Jean-Yves Le Drian", "jean-yves-le-drian")],
        ),
        (
            "en",
            "Deputy Crown Prince Mohamed bin Salman met Secretary John Kerry in Jeddah on Sunday.",
            "2016-05-15",
            [("Mohamed bin Salman", "mohammed-bin-salman"), ("John Kerry", "john-kerry")],
        ),
        # the given name is part of the name written, whatever its spelling
        (
            "fr",
            "Le prince héritier Mohamed Ben Salman a reçu à Riyad le président Emmanuel Macron.",
            "2023-04-04",
            [("Mohamed Ben Salman", "mohammed-bin-salman"), ("Emmanuel Macron", "emmanuel-macron")],
        ),
        (
            "en",
            "Crown Prince Muhammad bin Salman received Secretary Antony Blinken in Jeddah.",
            "2023-06-07",
            [("Muhammad bin Salman", "mohammed-bin-salman"), ("Antony Blinken", "antony-blinken")],
        ),
        (
            "fr",
            "Le roi Salmane a reçu le prince héritier Mohammed Ben Salmane et M. Blinken.",
            "2023-06-07",
            [
                ("Le roi Salmane", "salman-of-saudi-arabia"),
                ("Mohammed Ben Salmane", "mohammed-bin-salman"),
                ("Blinken", "antony-blinken"),
            ],
        ),
        # "bin Hamad" after the given name Tamim is the emir's father's name, not Bahrain's Salman bin Hamad
        (
            "en",
            "Emir Tamim bin Hamad received Foreign Minister Sergei Lavrov in Doha.",
            "2022-04-25",
            [("Emir Tamim bin Hamad", "tamim-bin-hamad-al-thani"), ("Sergei Lavrov", "sergey-lavrov")],
        ),
        (
            "fr",
            "L'émir Tamim ben Hamad a reçu à Doha le ministre russe Sergueï Lavrov.",
            "2022-04-25",
            [("L'émir Tamim ben Hamad", "tamim-bin-hamad-al-thani"), ("Sergueï Lavrov", "sergey-lavrov")],
        ),
        # a lower-case particle, after an honorific or at the start of a sentence
        (
            "fr",
            "Mme von der Leyen a rencontré M. Modi à New Delhi.",
            "2022-04-25",
            [("von der Leyen", "ursula-von-der-leyen"), ("Modi", "narendra-modi")],
        ),
        (
            "en",
            "von der Leyen met Prime Minister Modi in New Delhi.",
            "2022-04-25",
            [("von der Leyen", "ursula-von-der-leyen"), ("Modi", "narendra-modi")],
        ),
        # a transliteration the knowledge base does not write: the one person spelled most like it
        (
            "fr",
            "Le roi Mohamed VI a reçu M. Lavrov à Rabat.",
            "2022-04-25",
            [("Mohamed VI", "mohammed-vi-of-morocco"), ("Lavrov", "sergey-lavrov")],
        ),
        (
            "en",
            "Sheikh Mohamed bin Abdulrahman Al Thani received Mr Lavrov.",
            "2022-04-25",
            [
                ("Mohamed bin Abdulrahman Al Thani", "mohammed-bin-abdulrahman-bin-jassim-al-thani"),
                ("Lavrov", "sergey-lavrov"),
            ],
        ),
    ],
)
def test_name_resolution_the_whole_name_wins(resolvers, lang, text, day, expected):
    assert people(resolvers, lang, text, day) == expected


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Ms. Victoria Nuland met Foreign Minister Dmytro Kuleba in Kyiv."),
        ("fr", "Mme Victoria Nuland a rencontré le ministre Dmytro Kuleba à Kiev."),
    ],
)
def test_name_resolution_a_capital_starting_a_name_is_the_name(resolvers, lang, text):
    """Victoria is the capital of Seychelles and a given name: inside a person's name it names no state."""
    doc = resolvers[lang].resolve(text, dt.date(2022, 5, 5))
    assert people(resolvers, lang, text, "2022-05-05") == [
        ("Victoria Nuland", None),
        ("Dmytro Kuleba", "dmytro-kuleba"),
    ]
    assert "SYC" not in {code for *_, code, _kind in doc.states}
    assert "Victoria" not in {name for _s, _e, name, _c in doc.places}


@pytest.mark.parametrize(
    "lang,text,day,wrong",
    [
        # one word of a name spelled like a known person's is not enough: another person, unknown
        (
            "en",
            "Sheikh Tamim bin Salman met Mr Lavrov.",
            "2022-04-25",
            {"tamim-bin-hamad-al-thani", "mohammed-bin-salman"},
        ),
        ("en", "Sheikh Faisal bin Hamad met Mr Lavrov.", "2022-04-25", {"salman-bin-hamad-al-khalifa"}),
        # a numeral is never spelled otherwise: Mohamed V is not Mohammed VI
        ("fr", "Le roi Mohamed V a reçu M. Lavrov.", "2022-04-25", {"mohammed-vi-of-morocco"}),
    ],
)
def test_name_resolution_a_near_spelling_is_not_another_person(resolvers, lang, text, day, wrong):
    found = {pid for _, pid in people(resolvers, lang, text, day)}
    assert "sergey-lavrov" in found and not found & wrong


@pytest.mark.parametrize(
    "lang,text,day,expected",
    [
        # after a title or an honorific, a patronymic surname still names its bearer
        ("en", "Crown Prince bin Salman met Secretary Blinken.", "2023-06-07", "mohammed-bin-salman"),
        ("fr", "Le président Ould Ghazouani a reçu M. Blinken.", "2023-06-07", "mohamed-ould-ghazouani"),
        # the particle in lower case, though the data writes it with a capital ("Ould Ghazouani")
        ("fr", "Le président ould Ghazouani a reçu M. Blinken.", "2023-06-07", "mohamed-ould-ghazouani"),
        # a particle joined by a hyphen, in lower case: the surname has no bare form in the data
        ("en", "Foreign Minister al-Busaidi met Secretary Blinken.", "2023-06-07", "badr-albusaidi"),
    ],
)
def test_name_resolution_a_patronymic_surname_after_a_title(resolvers, lang, text, day, expected):
    assert people(resolvers, lang, text, day)[0][1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname inside a hyphenated name the knowledge base does not know is not that person
        ("Pakistan President Mohammad Zia-Ul-Haq today rejected a fresh offer.", set()),
        # a hyphen between two known surnames, or after a particle, still names them
        ("La rencontre Poutine-Biden s'est tenue à Genève.", {"vladimir-putin", "joe-biden"}),
        ("Le président syrien al-Assad a reçu l'émissaire.", {"bashar-al-assad", "hafez-al-assad"}),
    ],
)
def test_a_surname_inside_a_hyphenated_name_is_that_name_only_when_every_part_is_known(kb, text, expected):
    found = {e.ref for m in kb.scan(text, "fr") for e in m.entries if e.kind in {"surname", "person"}}
    assert found == expected


@pytest.mark.parametrize(
    "lang,text",
    [
        # an office's title followed by its state is that office, not a minister of "la Défense du Kenya"
        ("fr", "Le ministre de la Défense du Kenya a reçu la délégation."),
        ("en", "The Minister of Defence of Kenya received the delegation."),
    ],
)
def test_an_office_title_followed_by_its_state_names_the_holder(resolvers, lang, text):
    assert [pid for _w, pid in people(resolvers, lang, text, "2021-06-01")] == ["monica-juma"]


@pytest.mark.parametrize(
    "lang,text,day,expected",
    [
        (
            "en",
            "President Bola Tinubu received the Managing Director of the International Monetary Fund, "
            "Kristalina Georgieva, in Abuja.",
            "2024-03-05",
            ("Kristalina Georgieva", "kristalina-georgieva", "IMF"),
        ),
        (
            "fr",
            "Catherine Colonna s'est entretenue à Rome avec le directeur général de la FAO, Qu Dongyu.",
            "2023-06-12",
            ("Qu Dongyu", "qu-dongyu", "FAO"),
        ),
        (
            "en",
            "The WTO Director-General, Ngozi Okonjo-Iweala, met trade ministers in Geneva.",
            "2023-05-10",
            (
                "Ngozi Okonjo-Iweala",
                "ngozi-okonjo-iweala",
                "WTO",
            ),  # a former Nigerian minister, named by her office then
        ),
        (
            "fr",
            "Le président de l'Assemblée générale des Nations unies, Csaba Kőrösi, a été reçu par le ministre.",
            "2023-03-01",
            ("Csaba Kőrösi", "csaba-korosi", "UN"),
        ),
    ],
)
def test_the_head_of_an_international_organisation_is_named_with_it(resolvers, lang, text, day, expected):
    doc = resolvers[lang].resolve(text, dt.date.fromisoformat(day))
    found = [
        (text[m.start : m.end], actor.id, actor.affiliation)
        for m in doc.mentions
        if m.actor.is_person and (actor := doc.actors.get(m.actor.key, m.actor))
    ]
    assert expected in found
