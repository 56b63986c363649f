"""Records read from files are checked against the contract before they are stored: a bad record is one error
line, a document that fails to store costs only itself, and the rest of the batch is stored."""

import copy
import json

import pytest

from diplograph.cli import main
from diplograph.contract import validate_record
from diplograph.store import Store
from diplograph.store.ingest import ingest


def _good(doc_id: str) -> dict:
    people = [
        {
            "id": "sergey-lavrov",
            "name": "Sergueï Lavrov",
            "affiliation": "RUS",
            "role": "foreign-minister",
            "wikidata": None,
        },
        {"id": "antony-blinken", "name": "Antony Blinken", "affiliation": "USA", "role": None, "wikidata": "Q7"},
    ]
    contact = {
        "medium": "phone",
        "status": "occurred",
        "date": "2021-02-17",
        "location": None,
        "participants": people,
        "initiator": None,
        "host": None,
        "topics": ["ukraine"],
        "evidence": [{"start": 0, "end": 40}],
    }
    statement = {
        "type": "REQUEST",
        "source": ["USA"],
        "target": ["RUS"],
        "topics": [],
        "negated": False,
        "evidence": {"start": 0, "end": 10},
    }
    return {
        "doc_id": doc_id,
        "language": "fr",
        "title": "Entretien téléphonique",
        "published": "2021-02-17T18:56",
        "contacts": [contact],
        "statements": [statement],
    }


def _set(record: dict, path: str, value) -> dict:
    """A copy of ``record`` with the field at ``path`` ("contacts.0.date") set to ``value``."""
    out = copy.deepcopy(record)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return out


# field path, bad value, what the problem names
BAD = [
    ("doc_id", 7, "doc_id: the number 7, not a string"),
    ("title", ["a", "b"], "title: a list, not a string or null"),
    ("published", 20210217, "published: the number 20210217, not a string"),
    ("published", "17/02/2021", "published: '17/02/2021' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)"),
    ("title", "caf\ud800", "title: a lone surrogate in the text"),
    ("contacts", "a call", "contacts: 'a call', not a list"),
    ("contacts.0.date", "2021-13-45", "contacts[0].date: '2021-13-45' is not a date (YYYY, YYYY-MM, YYYY-MM-DD)"),
    ("contacts.0.medium", "fax", "contacts[0].medium: 'fax' is not one of in_person, phone, video, written or null"),
    ("contacts.0.status", None, "contacts[0].status: null is not one of occurred, planned"),
    ("contacts.0.participants", None, "contacts[0].participants: null, not a list"),
    ("contacts.0.participants.0.name", None, "contacts[0].participants[0].name: null, not a string"),
    ("contacts.0.location", "Paris", "contacts[0].location: 'Paris', not an object"),
    ("contacts.0.topics", [1], "contacts[0].topics[0]: the number 1, not a string"),
    (
        "contacts.0.evidence.0",
        {"start": "0", "end": 4},
        "contacts[0].evidence[0]: start and end must be integers, not '0' and the number 4",
    ),
    (
        "contacts.0.evidence.0",
        {"start": 9, "end": 4},
        "contacts[0].evidence[0]: start 9 and end 4 are not 0 <= start <= end",
    ),
    ("statements.0.type", "PRAISE", "statements[0].type: 'PRAISE' is not one of REQUEST, AGREE, SUPPORT"),
    ("statements.0.negated", "no", "statements[0].negated: 'no', not true or false"),
    ("statements.0.evidence", [], "statements[0].evidence: a list, not an object"),
]


@pytest.mark.parametrize("path,value,problem", BAD)
def test_validate_record_names_the_bad_field(path, value, problem):
    problems = validate_record(_set(_good("d"), path, value))
    assert len(problems) == 1 and problems[0].startswith(problem), problems


@pytest.mark.parametrize(
    "record,problem",
    [
        ([], "record: a list, not an object"),
        ({k: v for k, v in _good("d").items() if k != "statements"}, "statements: missing"),
        (_set(_good("d"), "contacts.0.date", "2021-02"), None),
        (_set(_good("d"), "contacts.0.date", None), None),
        (_set(_good("d"), "published", None), None),
        (_set(_good("d"), "contacts.0.location", {"name": "Paris", "country": "FRA"}), None),
        ({**_good("d"), "text": "extra fields are welcome", "cue": None}, None),
    ],
)
def test_validate_record_cases(record, problem):
    assert validate_record(record) == ([problem] if problem else [])


def _write(path, lines) -> None:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")


@pytest.mark.parametrize("path,value,problem", BAD)
def test_ingest_reports_an_invalid_record_and_stores_the_others(url, tmp_path, path, value, problem):
    records = tmp_path / "records.jsonl"
    bad = _set(_good("bad"), path, value)
    _write(records, [json.dumps(_good("first")), json.dumps(bad), json.dumps(_good("last"))])
    problems = []
    with Store(url) as store:
        counts = ingest(store, [records], batch=50, on_error=problems.append)
        assert counts == {"added": 2, "replaced": 0, "unchanged": 0, "failed": 1}
        assert problems == [f"{records}:2: not a valid record: {validate_record(bad)[0]}"]
        assert problem in problems[0]
        assert {r[0] for r in store.db.query("SELECT doc_id FROM documents")} == {"first", "last"}


def test_ingest_command_exits_2_when_a_record_is_invalid(tmp_path, capsys):
    records = tmp_path / "records.jsonl"
    bad = _set(_good("bad"), "contacts.0.date", "2021-13-45")
    _write(records, [json.dumps(_good("first")), json.dumps(bad), "", json.dumps(_good("last"))])
    db = str(tmp_path / "s.sqlite")
    assert main(["ingest", "-q", "--db", db, str(records)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"diplograph: {records}:2: not a valid record: {validate_record(bad)[0]}"]
    assert main(["ingest", "-q", "--db", db, str(records)]) == 2  # the bad line fails again, the others unchanged
    _write(records, [json.dumps(_good("first")), json.dumps(_good("last"))])
    assert main(["ingest", "-q", "--db", db, str(records)]) == 0


def test_ingest_reports_a_repeated_document_id_and_keeps_the_first(url, tmp_path):
    records = tmp_path / "records.jsonl"
    second = _set(_good("same"), "title", "la seconde")
    _write(records, [json.dumps(_good("same")), json.dumps(second), json.dumps(_good("other"))])
    problems = []
    with Store(url) as store:
        counts = ingest(store, [records], on_error=problems.append)
        assert counts["added"] == 2 and counts["failed"] == 1
        assert problems == [f"{records}:2: document id 'same' already used by {records}:1"]
        assert store.document("same")["title"] == "Entretien téléphonique"


def test_ingest_reports_a_repeated_id_in_a_corpus_of_texts(url, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": "a", "text": "Communiqué sans contact."}, {"id": "a", "text": "Un autre communiqué."}]
    _write(corpus, [json.dumps(x, ensure_ascii=False) for x in lines])
    problems = []

    class NoContacts:  # stands for the pipeline: these texts need no extraction to test the ids
        def pipe(self, raws):
            from diplograph.records import DocumentRecord

            for raw in raws:
                yield DocumentRecord(raw.doc_id, "fr", None, None, original=raw.text)

    with Store(url) as store:
        counts = ingest(store, [corpus], pipeline=NoContacts(), on_error=problems.append)
        assert counts == {"added": 1, "replaced": 0, "unchanged": 0, "failed": 1}
        assert problems == [f"{corpus}:2: document id 'a' already used by {corpus}:1"]
        assert store.document("a")["text"] == "Communiqué sans contact."


def test_a_document_that_fails_to_store_costs_only_itself(url, tmp_path, monkeypatch):
    records = tmp_path / "records.jsonl"
    _write(records, [json.dumps(_good(d)) for d in ("one", "boom", "three")])
    problems = []
    with Store(url) as store:
        put = store._writer.put

        def failing(record, *args):
            put(record, *args)  # its rows are written, then it fails: they must all go
            if record["doc_id"] == "boom":
                raise RuntimeError("disk on fire")

        monkeypatch.setattr(store._writer, "put", failing)
        counts = ingest(store, [records], batch=2, on_error=problems.append)
        assert counts == {"added": 2, "replaced": 0, "unchanged": 0, "failed": 1}
        assert problems == [f"{records}:2: could not store document 'boom' (RuntimeError: disk on fire)"]
        assert {r[0] for r in store.db.query("SELECT doc_id FROM contacts")} == {"one", "three"}
        assert [len(e["sources"]) for e in store.query()] == [2]
    with Store(url) as again:  # all committed
        assert {r[0] for r in again.db.query("SELECT doc_id FROM documents")} == {"one", "three"}


def test_a_database_error_while_storing_costs_only_that_document(url, tmp_path):
    """A real error from the database (a value it refuses) on one document, inside a PostgreSQL transaction
    that would otherwise be aborted: the savepoint keeps the batch."""
    records = tmp_path / "records.jsonl"
    _write(records, [json.dumps(_good(d)) for d in ("one", "two", "three")])
    with Store(url) as store:
        store.db.execute("CREATE TABLE poison (doc_id TEXT)")  # any insert of 'two' into contacts fails
        trigger = (
            "CREATE TRIGGER poison BEFORE INSERT ON contacts WHEN NEW.doc_id = 'two' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            if store.db.dialect == "sqlite"
            else None
        )
        if trigger:
            store.db.execute(trigger)
        else:
            store.db.execute(
                "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.doc_id = 'two' THEN"
                " RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            store.db.execute("CREATE TRIGGER poison BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION poison()")
        store.db.commit()
        problems = []
        counts = ingest(store, [records], on_error=problems.append)
        assert counts["added"] == 2 and counts["failed"] == 1
        assert len(problems) == 1 and problems[0].startswith(f"{records}:2: could not store document 'two' (")
        assert {r[0] for r in store.db.query("SELECT doc_id FROM documents")} == {"one", "three"}


def test_contract_text_of_a_record_must_be_a_string():
    from diplograph.contract import validate_record

    record = {"doc_id": "d", "language": "fr", "title": None, "published": None, "contacts": [], "statements": []}
    assert validate_record({**record, "text": "Le texte."}) == []
    assert [p for p in validate_record({**record, "text": 12}) if p.startswith("text:")]
