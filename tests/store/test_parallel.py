"""A readout published in French and in English (a parallel pair written for the project) gives the same contacts
and statements, and the store fuses the two into one event with two sources."""

FR = (
    "Le 14 mars 2024, le ministre de l'Europe et des Affaires étrangères, Stéphane Séjourné, s'est entretenu par "
    "téléphone avec le secrétaire d'État américain Antony Blinken. Les deux ministres ont évoqué la situation en "
    "Ukraine. M. Séjourné a condamné les frappes russes contre les infrastructures ukrainiennes."
)
EN = (
    "On March 14, 2024, Minister for Europe and Foreign Affairs Stéphane Séjourné spoke by phone with U.S. Secretary "
    "of State Antony Blinken. The two ministers discussed the situation in Ukraine. Mr. Séjourné condemned the "
    "Russian strikes against Ukrainian infrastructure."
)


def _contacts(record):
    return [
        (c["medium"], c["status"], c["date"], sorted(p["id"] for p in c["participants"]), c["topics"])
        for c in record["contacts"]
    ]


def _statements(record):
    return [(s["type"], s["source"], s["target"], s["negated"]) for s in record["statements"]]


def test_parallel_french_and_english_readouts_give_the_same_records(pipeline):
    fr = pipeline(FR, published="2024-03-14", doc_id="quai-fr").to_dict()
    en = pipeline(EN, published="2024-03-14", doc_id="quai-en").to_dict()
    assert (fr["language"], en["language"]) == ("fr", "en")
    assert (
        _contacts(fr)
        == _contacts(en)
        == [("phone", "occurred", "2024-03-14", ["antony-blinken", "stephane-sejourne"], ["ukraine"])]
    )
    assert _statements(fr) == _statements(en) == [("ACCUSE", ["FRA"], ["RUS"], False)]


def test_parallel_readouts_fuse_into_one_event_with_two_sources(pipeline, url):
    from diplograph.store import Store

    with Store(url) as store:
        for doc_id, text in (("quai-fr", FR), ("quai-en", EN)):
            store.add_record(pipeline(text, published="2024-03-14", doc_id=doc_id).to_dict(), text)
        [event] = store.query(actor="stephane-sejourne", limit=None)
        assert {s["doc_id"] for s in event["sources"]} == {"quai-fr", "quai-en"}
        assert event["n_sources"] == 2
