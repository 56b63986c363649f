"""The Python API as an analyst in a notebook uses it: load, pipe with ids, evidence text, HTML display,
statements as a DataFrame."""

import json
import subprocess
import sys

import pytest

import diplograph
from diplograph.records import ErrorRecord
from diplograph.store import Store

CALL = (
    "Le ministre des Affaires étrangères Jean-Noël Barrot s'est entretenu le 4 mars 2025 par téléphone avec son "
    "homologue allemand Johann Wadephul. Il a condamné les frappes russes contre l'Ukraine."
)


def test_load_loads_the_models_and_lazy_defers_them():
    # in a process of its own: which models are loaded once load() returns
    code = (
        "import json, diplograph; p = diplograph.load(lazy={lazy}); "
        "print(json.dumps({{c: pk._nlp is not None for c, pk in p.packs.items()}}))"
    )
    eager = subprocess.run([sys.executable, "-c", code.format(lazy=False)], capture_output=True, text=True, check=True)
    lazy = subprocess.run([sys.executable, "-c", code.format(lazy=True)], capture_output=True, text=True, check=True)
    assert json.loads(eager.stdout) == {"en": True, "fr": True}
    assert json.loads(lazy.stdout) == {"en": False, "fr": False}


def test_pipe_keeps_the_ids_and_metadata_it_is_given(pipeline):
    documents = [
        ("quai-2025-03-04", CALL),
        {"id": "note-2", "text": CALL, "published": "2025-03-05", "url": "https://example.org/n2"},
        diplograph.Document("doc-three", CALL, "doc-three", published="2025-03-06"),
        CALL,
    ]
    records = list(pipeline.pipe(documents))
    assert [r.doc_id for r in records] == ["quai-2025-03-04", "note-2", "doc-three", "doc4"]
    assert records[1].published == "2025-03-05" and records[1].url == "https://example.org/n2"
    assert all(r.contacts for r in records)


def test_pipe_reports_what_is_not_a_document_and_goes_on(pipeline):
    records = list(pipeline.pipe([42, ("a", CALL)]))
    assert isinstance(records[0], ErrorRecord) and "not a document: int" in records[0].error
    assert records[1].doc_id == "a" and records[1].contacts


def test_evidence_text_gives_the_words_of_each_claim(pipeline):
    record = pipeline(CALL, doc_id="call")
    (contact,) = record.contacts
    assert any("s'est entretenu" in words for words in record.evidence_text(contact))
    statement = next(s for s in record.statements if s.type == "ACCUSE")
    assert record.evidence_text(statement) == ["Il a condamné les frappes russes contre l'Ukraine."]


def test_a_record_displays_in_a_notebook_with_its_evidence_highlighted_and_escaped(pipeline):
    record = pipeline("<script>alert(1)</script>\n\n" + CALL, doc_id="html")
    assert record.contacts and record.statements
    page = record._repr_html_()
    assert '<mark class="c"' in page and '<mark class="s"' in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Johann Wadephul (DEU)" in page


@pytest.fixture
def store(tmp_path, pipeline):
    with Store(str(tmp_path / "api.sqlite")) as store:
        store.add_record(pipeline(CALL, published="2025-03-04", doc_id="call").to_dict(), CALL)
        yield store


def test_statements_df_has_one_row_per_statement_with_codes_as_text(store):
    pytest.importorskip("pandas")
    frame = store.statements_df()
    assert len(frame) == len(store.statements())
    row = frame[frame["type"] == "ACCUSE"].iloc[0]
    assert row["cameo_code"].startswith("1") and isinstance(row["cameo_code"], str)
    assert "condamné" in row["evidence_text"]
    assert store.statements_df(actor="CHN").empty
