"""Analysis with the pack's spaCy pipeline, run only on sentences a cheap first pass marked as candidates.

Two kinds of sentence need the model: those whose contact verb's tense the patterns leave open (the tagger's
morphology) and those with a statement cue (the dependency parse gives the cue its source and target). The
``parses`` stage runs the model once over both, each sentence with only the components its needs ask for.
Over a stream, ``Pipeline.pipe`` hands it a batch of documents at a time, so the model sees batches of
sentences of several documents rather than a few sentences per call. The model is an installed package,
loaded once per pack on first use; nothing is downloaded at run time.
"""

from __future__ import annotations

from collections import defaultdict

from .contacts import ContactGrammar
from .statements.cues import StatementGrammar


class CueStage:
    """Statement cues of each sentence of the body (the cheap pass that decides which sentences are parsed)."""

    name = "cues"
    requires = ("pack", "sentences", "layout")
    assigns = ("cues",)

    def __call__(self, doc) -> None:
        g = doc.pack.grammar(StatementGrammar)
        body, text = doc.layout.body_start, doc.text
        found = {}
        for sent in doc.sentences:
            if sent.start >= body:
                hits = g.find(text[sent.start : sent.end])
                if hits:
                    found[sent.index] = hits
        doc.cues = found


class ParseStage:
    """spaCy analyses of the candidate sentences, by sentence index: ``tense`` for a contact sentence whose
    status the patterns leave open, ``tree`` for a statement cue's sentence."""

    name = "parses"
    requires = ("pack", "sentences", "triggers", "cues")
    assigns = ("parses",)

    def __init__(self, use_parser: bool = True):
        self.use_parser = use_parser  # without it, status and statements come from patterns alone

    def __call__(self, doc) -> None:
        self.pipe([doc])

    def pipe(self, docs: list) -> None:
        """Analyse the candidate sentences of several documents in as few model calls as their needs allow;
        every document's ``parses`` is assigned at the end, so a failure leaves none half done."""
        found: list[dict] = [{} for _ in docs]
        jobs: dict[tuple, list] = defaultdict(list)  # (pack, needs) -> [(document number, sentence, text)]
        for n, doc in enumerate(docs):
            if not self.use_parser:
                continue
            tense = tense_candidates(doc.text, doc.sentences, doc.triggers, doc.pack)
            for sent in doc.sentences:
                needs = frozenset(
                    need
                    for need, wanted in (("tense", sent.index in tense), ("tree", sent.index in doc.cues))
                    if wanted
                )
                if needs:
                    jobs[(doc.pack, needs)].append((n, sent.index, doc.text[sent.start : sent.end]))
        for (pack, needs), items in jobs.items():
            for (n, index, _text), parsed in zip(items, pack.analyse([i[2] for i in items], needs), strict=True):
                found[n][index] = parsed
        for doc, parses in zip(docs, found, strict=True):
            doc.parses = parses


def tense_candidates(text: str, sents, triggers: dict, pack) -> dict[int, list[tuple[int, int]]]:
    """The trigger spans of each sentence whose status only the tagger can settle, by sentence index."""
    g = pack.grammar(ContactGrammar)
    out = {}
    for s in sents:
        if s.index not in triggers:
            continue
        chunk = text[s.start : s.end]
        spans = [(a, b) for a, b, t in triggers[s.index] if not t.needs_with]
        # the cheap pass decides where it can: a compound past or a status cue needs no tagger
        spans = [(a, b) for a, b in spans if not _decided(chunk, a, b, g)]
        if spans:
            out[s.index] = spans
    return out


class TenseStage:
    """Tense and mood of the contact verb of each candidate sentence: past, present, future or conditional."""

    name = "tenses"
    requires = ("pack", "sentences", "triggers", "parses")
    assigns = ("tenses",)

    def __call__(self, doc) -> None:
        syntax = doc.pack.syntax
        out: dict[int, str] = {}
        for index, spans in tense_candidates(doc.text, doc.sentences, doc.triggers, doc.pack).items():
            parsed = doc.parses.get(index)
            if parsed is None:
                continue  # no parser: status comes from patterns alone
            for a, b in spans:
                verb = next((t for t in parsed if a <= t.idx < b and syntax.is_verb(t)), None)
                tense = syntax.tense(verb) if verb is not None else None
                if tense:
                    out[index] = tense
                    break
        doc.tenses = out


def _decided(chunk: str, start: int, end: int, g: ContactGrammar) -> bool:
    """True when patterns alone settle the status of the trigger at chunk[start:end]."""
    window = chunk[max(0, start - g.w["status"]) : end + g.w["status"]]
    if g.cue["planned"].search(window) or g.cue["occurred_override"].search(window):
        return True
    return bool(g.cue["compound_past"].search(chunk[max(0, start - g.w["compound_past"]) : end]))
