"""Statements: positions that one party takes towards another, sentence by sentence.

A cue (data: ``lang/<lang>/statements.yaml``) gives the type. The source is whoever the sentence names before
the cue: its people (by affiliation), or a state or organisation standing as subject; a first person is the
speaker, a group reference or pronoun takes the sources of the statement just before or the parties of the
contact being reported. The target is every other affiliation the sentence names after the cue. Negation
cues before the cue set ``negated``; the evidence is the sentence, in clean-text offsets until the pipeline
maps it to the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .actors import ActorRef, DocActors, title_grammar
from .contacts import Draft
from .contacts import grammar as contact_grammar
from .kb.files import load_lang_yaml
from .lang import compile_cues
from .records import Evidence, Statement
from .segment import Sentence
from .topics import cues as topic_cues


class StatementGrammar:
    def __init__(self, lang: str):
        data = load_lang_yaml(lang, "statements.yaml")
        self.cues = [(c["type"], re.compile(c["pattern"], re.IGNORECASE)) for c in data["cues"]]
        # one pass to skip the sentences no cue can match
        self.any_cue = re.compile("|".join(f"(?:{c['pattern']})" for c in data["cues"]), re.IGNORECASE)
        self.cue = compile_cues(
            data, ("negation", "first_person", "frame_before", "place_before", "subject_before", "coordination")
        )

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if not self.any_cue.search(text):
            return []
        hits = sorted(
            (m.start(), -(m.end() - m.start()), i, m.end(), kind)
            for i, (kind, pattern) in enumerate(self.cues)
            for m in pattern.finditer(text)
        )
        out, last = [], -1
        for start, _neg, _i, end, kind in hits:
            if start >= last:
                out.append((start, end, kind))
                last = end
        return out


@lru_cache(maxsize=4)
def grammar(lang: str) -> StatementGrammar:
    return StatementGrammar(lang)


def extract_statements(
    text: str,
    sentences: list[Sentence],
    actors: DocActors,
    contacts: list[Draft],
    speaker: ActorRef | None,
    kb,
    lang: str = "fr",
    body_start: int = 0,
    mentions_by_sentence: dict | None = None,
) -> list[Statement]:
    g = grammar(lang)
    cg = contact_grammar(lang)
    tg = title_grammar(lang)
    finder = topic_cues(lang)
    by_sentence = mentions_by_sentence if mentions_by_sentence is not None else actors.by_sentence(sentences)
    reported = [d for d in contacts if d.reported] or contacts
    out: list[Statement] = []
    last_sources: tuple[str, ...] = ()
    last_index = -10
    last_person: ActorRef | None = None
    last_plural = False
    for sent in sentences:
        if sent.start < body_start:
            continue
        stext = text[sent.start : sent.end]
        mentions = by_sentence[sent.index]
        seen_types: set[str] = set()
        sentence_topics: tuple[str, ...] | None = None
        for start, end, kind in g.find(stext):
            if kind in seen_types:
                continue
            cue_pos = sent.start + start
            before = [m for m in mentions if m.end <= cue_pos and m.actor.affiliation]
            sources = _affiliations(m.actor for m in before if m.actor.is_person)
            if not sources:
                subjects = [
                    m
                    for m in before
                    if not m.actor.is_person
                    and g.cue["subject_before"].search(text[max(sent.start, m.start - 30) : m.start])
                ]
                sources = _affiliations(m.actor for m in subjects[:1])
            zone = stext[:start]
            plural = False
            if not sources and speaker is not None and g.cue["first_person"].search(zone + stext[start:end]):
                sources = (speaker.affiliation,) if speaker.affiliation else ()
            group = next((m for r in tg.group_refs for m in [r.search(zone)] if m), None)
            if not sources and group is not None:
                plural = True
                # "les ministres français": the group's own adjective says whose
                adjectives = [
                    c
                    for s_, e_, c, k in actors.states
                    if k == "adjective" and sent.start + group.end() <= s_ <= sent.start + group.end() + 2
                ]
                if adjectives:
                    sources = (adjectives[0],)
                elif last_sources and last_plural and sent.index - last_index <= 3:
                    sources = last_sources  # the same group speaking on
                elif reported:
                    sources = _affiliations(reported[-1].parties)
            if not sources and cg.cue["pronoun_subject"].search(zone) and last_person is not None:
                sources = (last_person.affiliation,)
            if not sources:
                continue
            targets = _targets(text, sent, cue_pos, cue_pos + (end - start), mentions, actors, sources, g, kb)
            if not targets and reported:
                # in a readout, a position is taken towards the other side of the contact reported
                parties = _affiliations(reported[-1].parties)
                if set(sources) < set(parties):
                    targets = tuple(a for a in parties if a not in sources)
            negated = bool(g.cue["negation"].search(stext[max(0, start - 30) : end]))
            if sentence_topics is None:
                sentence_topics = tuple(finder.find(stext))
            topics = sentence_topics
            out.append(Statement(kind, sources, targets, topics, negated, Evidence(sent.start, sent.end)))
            seen_types.add(kind)
            last_sources, last_index, last_plural = sources, sent.index, plural
        persons = [m.actor for m in mentions if m.actor.is_person and m.actor.affiliation]
        if persons:
            last_person = persons[-1]
    return out


def _targets(text, sent, cue_start: int, cue_end: int, mentions, actors: DocActors, sources, g, kb) -> tuple[str, ...]:
    """Whom a position is taken towards when the sentence says so: the actors named right after the cue (its
    object, inside the cue too: "a appelé la Chine à"), a capital standing for its government included, but
    not a negotiation format nor an actor that only frames the position ("dans le cadre de l'OSCE")."""
    window_end = min(cue_end + 45, sent.end)  # the object right after the cue, not every state the sentence names

    def framing(start: int) -> bool:
        return bool(g.cue["frame_before"].search(text[max(sent.start, start - 40) : start]))

    found = [
        (m.start, m.end, m.actor.affiliation)
        for m in mentions
        if cue_start <= m.start < window_end
        and m.actor.affiliation
        and not framing(m.start)
        and not (m.actor.kind == "org" and kb.organisations[m.actor.id].kind == "format")
    ]
    found += [
        (s_, e_, c)
        for s_, e_, c, k in actors.states
        if cue_start <= s_ < window_end
        and (
            k == "adjective"
            or (k == "capital" and not g.cue["place_before"].search(text[max(sent.start, s_ - 8) : s_]))
        )
        and not framing(s_)
    ]
    found = [f for f in sorted(found) if f[2] not in sources]
    if not found:
        return ()
    # the first actor named, and those coordinated with it ("la Russie et le Bélarus", "X, Y et Z")
    chosen = [found[0]]
    for f in found[1:]:
        gap = text[chosen[-1][1] : f[0]]
        if f[0] < chosen[-1][1] or g.cue["coordination"].fullmatch(gap):
            chosen.append(f)
        elif f[0] > chosen[-1][1]:
            break
    return tuple(dict.fromkeys(c for _, _, c in chosen))


def _affiliations(refs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.affiliation for r in refs if r.affiliation))
