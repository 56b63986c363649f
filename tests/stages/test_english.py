"""English texts read by the English pack: the same records as French ones (sentences written for the project)."""

import pytest


def _people(contact):
    return sorted((p["id"] or p["name"], p["affiliation"]) for p in contact["participants"])


def test_english_meeting_with_titles_before_names(pipeline):
    text = "Secretary of State Antony Blinken met with Chinese Foreign Minister Wang Yi in Beijing on June 19, 2023."
    (c,) = pipeline(text).to_dict()["contacts"]
    assert _people(c) == [("antony-blinken", "USA"), ("wang-yi", "CHN")]
    assert (c["medium"], c["status"], c["date"], c["location"]["name"]) == (
        "in_person",
        "occurred",
        "2023-06-19",
        "Beijing",
    )


def test_english_state_written_before_the_title_gives_its_affiliation(pipeline):
    text = "Russian Foreign Minister Sergey Lavrov spoke by phone with his Turkish counterpart on Tuesday."
    (c,) = pipeline(text, published="2024-03-07").to_dict()["contacts"]
    assert {p["affiliation"] for p in c["participants"]} == {"RUS", "TUR"}
    assert (c["medium"], c["date"]) == ("phone", "2024-03-05")


@pytest.mark.parametrize(
    "text,date,status",
    [
        (
            "Prime Minister Narendra Modi will travel to Washington next week for talks with President Joe Biden.",
            "2023-06",
            "planned",
        ),
        (
            "U.S. President Joe Biden hosted German Chancellor Olaf Scholz at the White House on Friday.",
            "2023-03-03",
            "occurred",
        ),
    ],
)
def test_english_status_and_date(pipeline, text, date, status):
    (c,) = pipeline(text, published="2023-03-03" if status == "occurred" else "2023-06-14").to_dict()["contacts"]
    assert (c["status"], c["date"]) == (status, date)


@pytest.mark.parametrize(
    "text,iso",
    [
        ("on March 3, 2025", "2025-03-03"),
        ("on the 12th of May 2022", "2022-05-12"),
        ("Friday, Feb. 7, 2020", "2020-02-07"),
    ],
)
def test_english_dates_written_month_first_or_with_ordinals(pipeline, text, iso):
    c = pipeline(f"President Emmanuel Macron met Chancellor Olaf Scholz in Berlin {text}.").to_dict()["contacts"][0]
    assert c["date"] == iso


def test_english_statements_take_source_and_target(pipeline):
    text = "The United States condemns Russia's attack on Ukraine and calls on Moscow to withdraw its forces."
    found = {(s["type"], tuple(s["source"]), tuple(s["target"])) for s in pipeline(text).to_dict()["statements"]}
    assert found == {("ACCUSE", ("USA",), ("RUS",)), ("REQUEST", ("USA",), ("RUS",))}


def test_english_transcript_of_two_governments_records_their_meeting(pipeline):
    text = (
        "Remarks before their meeting\n\n"
        "SECRETARY BLINKEN: Good morning. It is a pleasure to welcome the Foreign Minister to Washington.\n\n"
        "FOREIGN MINISTER HAYASHI: Thank you, Tony. Japan and the United States stand together.\n"
    )
    (c,) = pipeline(text, published="2023-01-12").to_dict()["contacts"]
    assert _people(c) == [("antony-blinken", "USA"), ("yoshimasa-hayashi", "JPN")]
    assert (c["status"], c["date"]) == ("occurred", "2023-01-12")


@pytest.mark.parametrize(
    ("headline", "opening", "place"),
    [
        # where a speaker says the meeting is, when no dateline says it
        ("Remarks before their meeting", "Tony, I am delighted to welcome you here in Tokyo today.", ("Tokyo", "JPN")),
        # where the headline places the press conference
        ("Joint press conference, ASEAN Regional Forum, Vientiane", "Thank you all for coming.", ("Vientiane", "LAO")),
        # a place the speaker only mentions is not where they are
        ("Remarks before their meeting", "We discussed the talks held in Geneva last year.", None),
    ],
)
def test_english_transcript_takes_its_place_from_the_speakers_or_the_headline(pipeline, headline, opening, place):
    text = (
        f"{headline}\n\nFOREIGN MINISTER HAYASHI: {opening}\n\n"
        "SECRETARY BLINKEN: Thank you, Yoshi. Japan and the United States stand together.\n"
    )
    (c,) = pipeline(text, published="2022-05-23").to_dict()["contacts"]
    assert (tuple(c["location"].values()) if c["location"] else None) == place


def test_english_briefing_of_one_government_records_no_meeting(pipeline):
    text = "Press briefing\n\nMR PRICE: Good afternoon.\n\nQUESTION: Can you comment on the talks?\n\nMR PRICE: No."
    assert pipeline(text, published="2023-01-12").to_dict()["contacts"] == []


def test_english_first_person_of_a_turn_is_its_speaker(pipeline):
    text = (
        "FOREIGN MINISTER HAYASHI: Thank you.\n\n"
        "SECRETARY BLINKEN: Yesterday I met with President Yoon Suk Yeol in Seoul.\n"
    )
    contacts = pipeline(text, published="2023-01-12").to_dict()["contacts"]
    assert any(_people(c) == [("antony-blinken", "USA"), ("yoon-suk-yeol", "KOR")] for c in contacts)


def test_english_headline_announcing_the_body_contact_is_one_contact(pipeline):
    text = (
        "Foreign Secretary meeting with Irish Foreign Minister\n\n"
        "The Foreign Secretary met Tánaiste Simon Coveney today in London to discuss the Good Friday Agreement."
    )
    (c,) = pipeline(text, published="2019-03-04").to_dict()["contacts"]
    assert {p["affiliation"] for p in c["participants"]} == {"GBR", "IRL"}


def test_english_press_availability_page_headline_signature_and_place(pipeline):
    text = (
        "Secretary Antony J. Blinken and Mexican President Andrés Manuel López Obrador at a Joint Press Availability\n\n"
        "Antony J. Blinken, Secretary of State\nNational Palace\nMexico City, Mexico\n\nOctober 8, 2021\n\n"
        "SECRETARY BLINKEN: Thank you, Mr. President. It is good to be back in Mexico.\n"
    )
    record = pipeline(text).to_dict()
    assert record["title"].startswith("Secretary Antony J. Blinken and Mexican President")
    (c,) = record["contacts"]
    assert {p["affiliation"] for p in c["participants"]} == {"USA", "MEX"}
    assert (c["date"], c["location"]["country"]) == ("2021-10-08", "MEX")


MIXED = (
    "Le ministre des Affaires étrangères a publié mardi le communiqué conjoint ci-dessous, à l'issue de sa rencontre "
    "avec son homologue indien à Paris.\n\n"
    "Lors de cet entretien, les deux ministres ont passé en revue l'ensemble des relations bilatérales et les "
    "questions régionales.\n\n"
    "Joint statement\n\n"
    "On 12 March 2024, Foreign Minister Stéphane Séjourné met External Affairs Minister Subrahmanyam Jaishankar in "
    "Paris. The two ministers reviewed the strategic partnership between France and India and agreed to hold the "
    "next strategic dialogue in New Delhi.\n"
)


def test_mixed_document_reads_each_passage_in_its_own_language(pipeline):
    record = pipeline(MIXED, published="2024-03-13").to_dict()
    assert record["language"] == "fr"  # the main language
    (c,) = record["contacts"]
    assert sorted(p["id"] for p in c["participants"]) == ["stephane-sejourne", "subrahmanyam-jaishankar"]
    assert c["date"] == "2024-03-12"
    start = c["evidence"][0]["start"]
    assert MIXED[start:].startswith("On 12 March 2024")  # offsets point into the whole text
    (s,) = record["statements"]
    assert (s["type"], s["source"]) == ("AGREE", ["FRA", "IND"]) and s["cue"] in MIXED[s["evidence"]["start"] :]


def test_a_document_in_one_language_has_no_other_passage(pipeline):
    from diplograph.readers import RawDocument

    text = MIXED.split("Joint statement")[1]
    assert pipeline.annotate(RawDocument("one", text, "one")).passages == []
    assert pipeline.annotate(RawDocument("two", MIXED, "two")).passages[0][2] == "en"


def test_two_titles_of_one_person_name_one_participant(pipeline):
    text = (
        "The Tánaiste and Minister for Foreign Affairs, Micheál Martin, met Palestinian President Mahmoud Abbas "
        "in Ramallah today."
    )
    (c,) = pipeline(text, published="2023-06-20").to_dict()["contacts"]
    assert sorted(p["id"] for p in c["participants"]) == ["mahmoud-abbas", "micheal-martin"]
    assert c["location"]["name"] == "Ramallah"


def test_an_office_named_by_its_title_alone_is_its_holder_on_the_day(pipeline):
    text = "The Tánaiste met the British Foreign Secretary in London on Monday."
    (c,) = pipeline(text, published="2024-01-25").to_dict()["contacts"]
    assert sorted(p["id"] for p in c["participants"]) == ["david-cameron", "micheal-martin"]


def test_meeting_of_a_format_whose_members_are_listed_is_a_meeting_of_those_states(pipeline):
    text = (
        "A statement by the Foreign Secretary, David Lammy.\n\n"
        "Today I chaired a meeting of the Weimar Triangle with the foreign ministers of France, Germany and Poland."
    )
    contacts = pipeline(text, published="2024-11-19").to_dict()["contacts"]
    (c,) = [c for c in contacts if any(p["id"] == "david-lammy" for p in c["participants"])]
    assert {p["affiliation"] for p in c["participants"]} == {"GBR", "FRA", "DEU", "POL"}


def test_the_author_named_in_the_first_lines_of_the_body_is_the_first_person(pipeline):
    text = (
        "Chair's statement on the ministerial meeting\n\nPublished 19 November 2024\n"
        "A statement by the Foreign Secretary, David Lammy.\n\n"
        "Today I met the Foreign Minister of India, Subrahmanyam Jaishankar, in London."
    )
    (c,) = pipeline(text).to_dict()["contacts"]
    assert sorted(p["id"] for p in c["participants"]) == ["david-lammy", "subrahmanyam-jaishankar"]


def test_english_plural_title_is_no_one_person_and_joined_states_take_part(pipeline):
    text = (
        "A statement by the Foreign Secretary, David Lammy.\n\n"
        "Today I chaired a meeting of G7 Foreign Ministers from Canada, France, Germany, Italy, Japan and the "
        "United States. I invited the Foreign Ministers of Australia and India to join these discussions."
    )
    contacts = pipeline(text, published="2024-11-19").to_dict()["contacts"]
    (c,) = contacts
    names = [p["name"] for p in c["participants"]]
    assert "Foreign Ministers" not in names
    assert {p["affiliation"] for p in c["participants"]} >= {
        "GBR",
        "CAN",
        "FRA",
        "DEU",
        "ITA",
        "JPN",
        "USA",
        "AUS",
        "IND",
    }


def test_a_title_before_a_surname_tells_which_bearer_it_is(pipeline):
    text = "VICE PRESIDENT HARRIS: Good morning, Mr. President. It is my honor to welcome you to the White House."
    people = [
        m for m in pipeline.annotate(__import__("diplograph").readers.RawDocument("h", text, "h")).actors.mentions
    ]
    assert any(m.actor.id == "kamala-harris" for m in people)


@pytest.mark.parametrize(
    "text,parties",
    [
        ("President Joe Biden welcomed Prime Minister Narendra Modi to the White House on Thursday.", {"USA", "IND"}),
        ("Israel and Lebanon resumed negotiations on Tuesday on their maritime border.", {"ISR", "LBN"}),
    ],
)
def test_english_welcoming_a_visitor_and_resuming_talks_are_contacts(pipeline, text, parties):
    (c,) = pipeline(text, published="2023-06-22").to_dict()["contacts"]
    assert {p["affiliation"] for p in c["participants"]} == parties


def test_english_welcoming_a_decision_is_no_contact(pipeline):
    record = pipeline("The Secretary welcomed China's decision to resume the dialogue.", published="2023-06-22")
    assert record.to_dict()["contacts"] == []


def test_a_quotation_introduced_by_said_is_its_speakers_first_person(pipeline):
    text = (
        "Minister Wong visits Jakarta\n\n"
        "The Australian Foreign Minister, Penny Wong, visited Jakarta today. The Minister said,\n\n"
        "'I met my counterpart Retno Marsudi and we condemned the attacks on civilians in Myanmar.'\n"
    )
    record = pipeline(text, published="2023-02-10").to_dict()
    assert any(
        sorted(p["id"] for p in c["participants"]) == ["penny-wong", "retno-marsudi"] for c in record["contacts"]
    )
    assert any(s["type"] == "ACCUSE" and "AUS" in s["source"] for s in record["statements"])


def test_an_office_title_refers_to_the_person_named_with_it_earlier(pipeline):
    text = (
        "The Tánaiste and Minister for Foreign Affairs, Simon Coveney, met President Mahmoud Abbas in Ramallah. "
        "The Tánaiste also met Foreign Minister Riyad al-Malki."
    )
    contacts = pipeline(text).to_dict()["contacts"]
    assert all(p["id"] for c in contacts for p in c["participants"])  # no office standing alone
    assert {"simon-coveney"} <= {p["id"] for p in contacts[-1]["participants"]}
