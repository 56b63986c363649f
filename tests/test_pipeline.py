"""The library API and the record's edges: HTML offsets, other languages, streaming."""

import pytest

import diplograph
from diplograph.readers import RawDocument, read_paths
from diplograph.records import DocumentRecord, ErrorRecord

HTML = """<html><head><title>Entretien</title></head><body>
<nav><a href="/">Accueil</a> | <a href="/presse">Presse</a></nav>
<article><h1>Le ministre reçoit son homologue</h1>
<p>Paris, le 4 avril 2023 - La ministre de l'Europe et des Affaires étrangères, Catherine Colonna, a reçu ce mardi
à Paris son homologue indien, Subrahmanyam Jaishankar, pour un entretien consacré au partenariat stratégique
entre la France et l'Inde et à la situation en Ukraine.</p>
<p>Les deux ministres ont également évoqué la coopération en matière de défense et d'énergie.</p></article>
<footer>Partager sur Facebook</footer></body></html>"""


def test_pipeline_html_record_keeps_the_text_its_offsets_point_into(tmp_path, pipeline):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [raw] = list(read_paths([path]))
    record = pipeline(raw)
    assert record.text is not None and "Accueil" not in record.text
    [contact] = record.contacts
    ev = contact.evidence[0]
    assert "Jaishankar" in record.text[ev.start : ev.end]
    assert {p.id for p in contact.participants} == {"catherine-colonna", "subrahmanyam-jaishankar"}


def test_pipeline_other_language_gets_a_record_without_contacts(pipeline):
    record = pipeline("Министр иностранных дел России Сергей Лавров провёл переговоры с госсекретарём США в Женеве.")
    assert record.language == "ru" and record.contacts == ()


def test_pipeline_pipe_streams_records_and_errors_in_order(pipeline):
    texts = ["Le président Emmanuel Macron a reçu le chancelier Olaf Scholz à Paris le 3 mai 2023.", "   "]
    out = list(pipeline.pipe(texts, batch_size=8))
    assert isinstance(out[0], DocumentRecord) and isinstance(out[1], ErrorRecord)
    assert out[0].contacts[0].host == "FRA"


def test_pipeline_load_accepts_a_reference_date():
    pipe = diplograph.load(reference_date="2021-02-06", use_parser=False)
    record = pipe(
        "Le ministre russe des Affaires étrangères Sergueï Lavrov s'est entretenu jeudi au téléphone avec Antony Blinken."
    )
    assert record.contacts[0].date == "2021-02-04"


def test_pipeline_published_given_with_the_input_takes_the_contract_form(pipeline):
    text = "Le président Emmanuel Macron s'est entretenu jeudi au téléphone avec le chancelier Olaf Scholz."
    assert pipeline(text, published="2023-03-18T10:05:00Z").published == "2023-03-18T10:05"
    assert pipeline(text, published="2023-03-18").contacts[0].date == "2023-03-16"
    assert pipeline(text, published="not a date").published is None


class _Flaky:
    """A stage that fails on the document "bad", alone or in a batch."""

    def __init__(self, real):
        self.real = real
        self.name, self.requires, self.assigns = real.name, real.requires, real.assigns

    def __call__(self, doc):
        if doc.raw.doc_id == "bad":
            raise IndexError("boom")
        self.real(doc)

    def pipe(self, docs):
        if any(d.raw.doc_id == "bad" for d in docs):
            raise IndexError("boom")
        self.real.pipe(docs)


@pytest.mark.parametrize("stage", ["topics", "parses"])
def test_pipeline_internal_error_costs_one_document_not_the_batch(pipeline, monkeypatch, stage):
    stages = [_Flaky(s) if s.name == stage else s for s in pipeline.stages]
    monkeypatch.setattr(pipeline, "stages", stages)
    docs = [RawDocument(i, "M. Lavrov a reçu M. Wang Yi à Moscou le 3 mars 2024.", i) for i in ("a", "bad", "c")]
    out = list(pipeline.pipe(docs))
    assert [type(r).__name__ for r in out] == ["DocumentRecord", "ErrorRecord", "DocumentRecord"]
    assert isinstance(out[1], ErrorRecord) and "internal error" in out[1].error and "IndexError" in out[1].error
    assert out[0].contacts and out[2].contacts  # the batch's other documents lost nothing


def test_pipeline_records_of_a_stream_match_documents_read_one_by_one(pipeline):
    texts = [
        "M. Lavrov a reçu M. Wang Yi à Moscou le 3 mars 2024. Il a condamné les frappes de l'Ukraine.",
        "",
        "Le ministre s'entretiendra demain avec son homologue allemand.",
        "The minister met Mr Lavrov in Paris.",
    ]
    one_by_one = [r.to_dict() for r in pipeline.pipe(texts, batch_size=1)]
    together = [r.to_dict() for r in pipeline.pipe(texts, batch_size=3)]
    assert together == one_by_one and [("error" in r) for r in together] == [False, True, False, False]


def test_pipeline_document_over_its_time_budget_is_one_error_record():
    import diplograph

    pipeline = diplograph.load(use_parser=False, config={"extract": {"time_budget_s": 0.2}})
    list(pipeline.pipe(["Le ministre a reçu M. Blinken."]))  # what loads once per process (grammars) is loaded
    heavy = "Le ministre a reçu son homologue marocain à Paris. " * 4000
    records = list(pipeline.pipe([heavy, "Le ministre a reçu M. Blinken."]))
    assert type(records[0]).__name__ == "ErrorRecord" and "time budget of 0.2 s" in records[0].error
    assert type(records[1]).__name__ == "DocumentRecord"


@pytest.mark.parametrize(
    "text,language",
    [
        ("Le ministre a reçu M. Blinken à Paris.", "fr"),
        ("M. Lavrov a rencontré M. Blinken.", "fr"),
        ("The minister met Mr Lavrov in Paris.", "en"),
        # names read as several languages; the one with a pack wins when it is close
        ("President Emmanuel Macron met Chancellor Olaf Scholz in Berlin on March 3, 2025.", "en"),
    ],
)
def test_pipeline_short_texts_get_their_language(pipeline, text, language):
    assert pipeline(text).language == language
