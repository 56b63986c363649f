"""Statements: positions that one party takes towards another, sentence by sentence.

A cue (data: ``lang/<lang>/statements.yaml``) gives the type. The source is whoever the sentence names before
the cue: its people (by affiliation), or a state or organisation standing as subject; a first person is the
speaker, a group reference or pronoun takes the sources of the statement just before or the parties of the
contact being reported. The target is every other affiliation the sentence names after the cue. Negation
cues before the cue set ``negated``; the evidence is the sentence, in clean-text offsets until the pipeline
maps it to the original.
"""

from __future__ import annotations

from ...records import Evidence, Statement
from ..actors import ActorRef, DocActors, TitleGrammar
from ..contacts import ContactGrammar, Draft
from ..layout import speaker_at
from ..segment import Sentence
from ..topics import TopicCues
from .cues import StatementGrammar
from .judged import JudgedReading
from .sources import SourceReading
from .targets import HOSTILE_KINDS, TargetReading
from .tree import (
    Spot,
    _cue_root,
    _framing,
    _in_compound,
    _inside,
    _unique,
)

__all__ = ["StatementGrammar", "StatementStage", "extract_statements"]


def extract_statements(
    text: str,
    sentences: list[Sentence],
    actors: DocActors,
    contacts: list[Draft],
    speaker: ActorRef | None,
    kb,
    pack,
    coder,
    cues: dict[int, list],
    parses: dict[int, object],
    mentions_by_sentence: dict | None = None,
    title_span: tuple[int, int] | None = None,
    turns: list | None = None,
) -> list[Statement]:
    """Statements of a document. ``cues`` (the cue stage's hits by sentence index) marks the sentences;
    the dependency parse of each (``parses``, by sentence index) gives each cue its subject (the source) and
    its arguments (the target). A sentence without a parse (no parser) takes sources and targets from word
    order alone."""
    g = pack.grammar(StatementGrammar)
    by_sentence = mentions_by_sentence if mentions_by_sentence is not None else actors.by_sentence(sentences)
    state = _Reader(text, actors, contacts, speaker, kb, pack, coder)
    if title_span is not None:
        # what a unilateral declaration is about: the first state its headline names
        state.focus = next((c for s_, _e, c, _k in actors.states if title_span[0] <= s_ < title_span[1]), None)
    out: list[Statement] = []
    for sent in sentences:
        if g.item_heading.match(text[sent.start : sent.end]):
            # a listing page's item: what its positions are about, and who its first person is ("Entretien de
            # Laurent Fabius avec ...")
            state.item_focus = next((c for _s, _e, c, _k in actors.states_in(sent.start, sent.end)), None)
            people = [m.actor for m in by_sentence.get(sent.index, ()) if m.actor.is_person]
            state.item_speaker = people[0] if people else None
        state.speaker = speaker_at(turns or [], sent.start, speaker)
        if sent.index in cues:
            out.extend(state.read(sent, cues[sent.index], by_sentence[sent.index], parses.get(sent.index)))
        state.previous_spots, state.previous_index = state._spots(sent, by_sentence.get(sent.index, [])), sent.index
        persons = [m.actor for m in by_sentence.get(sent.index, ()) if m.actor.is_person and m.actor.affiliation]
        if persons:
            state.last_person = persons[0]  # the subject of a French sentence mostly comes first
            state.people.extend(persons)
    return out


class _Reader(SourceReading, TargetReading, JudgedReading):
    """Reads one document's cue sentences in order, remembering who spoke last."""

    def __init__(self, text, actors: DocActors, contacts: list[Draft], speaker, kb, pack, coder):
        self.text, self.actors, self.kb, self.speaker = text, actors, kb, speaker
        self.g = pack.grammar(StatementGrammar)
        self.w = self.g.w
        self.syn = pack.syntax
        self.cg = pack.grammar(ContactGrammar)
        self.tg = pack.grammar(TitleGrammar)
        self.finder = pack.grammar(TopicCues)
        self.coder = coder
        self.reported = [d for d in contacts if d.reported] or contacts
        self.last_sources: tuple[str, ...] = ()
        self.last_index = -10
        self.last_plural = False
        self.last_person: ActorRef | None = None
        self.people: list[ActorRef] = []  # every person named so far, in order
        self.previous_spots: list[Spot] = []
        self.previous_index = -10
        self.last_statement: tuple | None = None
        self.focus: str | None = None  # the state a declaration's headline names first
        self.item_focus: str | None = None  # the state the heading of a listing page's item names first
        self.item_speaker: ActorRef | None = None  # the person the heading of a listing page's item names
        self.last_hostile: tuple | None = None
        self.passive_target: tuple[str, ...] | None = None

    # --- one sentence -----------------------------------------------------------------------------
    def read(self, sent: Sentence, hits, mentions, doc) -> list[Statement]:
        text, g = self.text, self.g
        stext = text[sent.start : sent.end]
        spots = self._spots(sent, mentions)
        previous = self.previous_spots if self.previous_spots and self.previous_index == sent.index - 1 else []
        out: list[Statement] = []
        seen: set[tuple] = set()
        roots: list = []
        sentence_topics: tuple[str, ...] | None = None
        for start, end, kind, cue in hits:
            root = _cue_root(doc, start, end) if doc is not None else None
            if root is not None and any(_inside(root, outer, self.syn) for outer in roots):
                continue  # "a condamné le comportement inacceptable de": one position, not two
            found = self._parties(sent, root, doc, start, end, kind, cue, spots, mentions, previous)
            if found is None:
                continue
            sources, targets, plural = found
            # a refusal ("a refusé de commenter") is itself the position: only what precedes it can negate it
            lead = stext[max(0, start - self.w["negation_before"]) : start if g.negates_next[cue] else end]
            negated = bool(g.cue["negation"].search(lead))
            if sentence_topics is None:
                sentence_topics = tuple(self.finder.find(stext))
            key = (kind, sources, targets, negated, root.i if root is not None and not g.judged[cue] else None)
            if key in seen or ((root is None or g.judged[cue]) and key[:4] in {k[:4] for k in seen}):
                # one cue read twice; without a parse, one sentence saying the same twice; a judgement that
                # repeats the sentence's position ("la guerre injustifiable et illégale")
                continue
            seen.add(key)
            plover, cameo = self.coder.statement(kind, negated, *g.codes[cue])
            evidence = Evidence(sent.start, sent.end)
            out.append(
                Statement(kind, sources, targets, sentence_topics, negated, evidence, stext[start:end], plover, cameo)
            )
            self.last_statement = (sent.index, kind, sources, targets)
            if kind in HOSTILE_KINDS and targets:
                self.last_hostile = (sent.index, sources, targets)
            if root is not None:
                roots.append(root)
            self.last_sources, self.last_index, self.last_plural = sources, sent.index, plural
        return out

    def _parties(self, sent, root, doc, start, end, kind, cue, spots, mentions, previous):
        """Sources, targets and whether the sources are a group, for one cue; None when it is no position."""
        if self.g.judged[cue]:
            sources, targets = self._judged(sent, root, spots, mentions)
            return (sources, targets, False) if sources and targets else None
        sources, plural = self._sources(sent, root, doc, start, end, spots, mentions)
        if not sources:
            return None
        targets = self._targets(sent, root, start, end, kind, spots, sources, previous, mentions)
        if not targets:
            sources, targets = self._fallback_targets(sent, end, kind, cue, spots, sources, previous)
        targets = tuple(t for t in targets if t)
        if self.g.mutual[cue] and targets:
            # "ont conclu avec les États-Unis": a partner of an agreement takes it too
            partners = self._partners(sent, spots, targets)
            sources, targets = _unique(sources + partners), tuple(t for t in targets if t not in partners)
        return sources, targets, plural

    def _partners(self, sent, spots, targets) -> tuple[str, ...]:
        """The targets named as partners ("avec les États-Unis")."""
        lead = self.w["frame_lead"]
        return _unique(
            s.affiliation
            for s in spots
            if s.affiliation in targets
            and self.g.cue["partner_before"].search(self.text[max(sent.start, s.start - lead) : s.start])
        )

    def _spots(self, sent: Sentence, mentions) -> list[Spot]:
        g, text = self.g, self.text
        spots = [
            Spot(m.start, m.end, m.actor.affiliation, m.actor.is_person)
            for m in mentions
            if m.actor.affiliation
            and not (m.actor.kind == "org" and self.kb.organisations[m.actor.id].kind == "format")
            and not _framing(text, sent, m.start, g)
        ]
        taken = [(s.start, s.end) for s in spots]
        for s_, e_, code, kind in self.actors.states_in(sent.start, sent.end):
            if not (sent.start <= s_ < sent.end) or any(a <= s_ < b for a, b in taken):
                continue
            before = text[max(sent.start, s_ - self.w["subject_lead"]) : s_]
            if kind == "capital" and (g.cue["place_before"].search(before) or g.cue["named_before"].search(before)):
                continue  # "à Moscou" is a place, "les accords de Minsk" a name; "Moscou a rejeté" a government
            compound = _in_compound(text, s_, e_, self.actors)
            if kind == "combining" and not compound:
                continue  # "indo-pacifique" names no state pair
            if kind == "adjective" and not compound and not g.cue["actor_noun_before"].search(before):
                continue  # "les autorités biélorusses" is an actor; "le nucléaire iranien" a subject matter
            if kind in {"adjective", "combining", "capital"} and not _framing(text, sent, s_, g):
                spots.append(Spot(s_, e_, code, False))
        return sorted(spots, key=lambda s: s.start)

    # --- sources -------------------------------------------------------------------------------


class StatementStage:
    name = "statements"
    requires = ("pack", "sentences", "layout", "actors", "speaker", "turns", "drafts", "cues", "parses")
    assigns = ("statements",)

    def __init__(self, kb, coder):
        self.kb, self.coder = kb, coder

    def __call__(self, doc) -> None:
        doc.statements = extract_statements(
            doc.text,
            doc.sentences,
            doc.actors,
            doc.drafts,
            doc.speaker,
            self.kb,
            doc.pack,
            self.coder,
            doc.cues,
            doc.parses,
            doc.actors.by_sentence(doc.sentences),
            title_span=doc.layout.title_span,
            turns=doc.turns,
        )
