"""Statements (first cut, issue 3 open): type, source and target of positions in a readout."""


def _statements(pipeline, text):
    return {(s.type, s.source, s.target, s.negated) for s in pipeline(text).statements}


READOUT = (
    "Le haut représentant Josep Borrell s'est entretenu le 16 juin 2020 par vidéoconférence avec le ministre russe "
    "des Affaires étrangères Sergueï Lavrov. "
)


def test_statements_request_towards_the_named_counterpart(pipeline):
    found = _statements(pipeline, READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements.")
    assert ("REQUEST", ("EU",), ("RUS",), False) in found


def test_statements_agreement_of_both_sides_has_no_target(pipeline):
    found = _statements(
        pipeline, READOUT + "Les deux ministres se sont accordés sur la nécessité de préserver l'accord."
    )
    assert any(t == "AGREE" and set(src) == {"EU", "RUS"} and tgt == () for t, src, tgt, _neg in found)


def test_statements_negation(pipeline):
    found = _statements(pipeline, READOUT + "M. Lavrov n'a pas condamné les frappes contre l'Ukraine.")
    assert any(t == "ACCUSE" and src == ("RUS",) and neg for t, src, _tgt, neg in found)


def test_statements_evidence_is_the_sentence(pipeline):
    text = READOUT + "M. Borrell a encouragé la Russie à respecter ses engagements."
    [statement] = [s for s in pipeline(text).statements if s.type == "REQUEST"]
    assert (
        text[statement.evidence.start : statement.evidence.end]
        == "M. Borrell a encouragé la Russie à respecter ses engagements."
    )
