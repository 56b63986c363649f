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
from dataclasses import dataclass
from functools import lru_cache

from .actors import ActorRef, DocActors, title_grammar
from .analysis import parse
from .coding import coder
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
        self.codes = [(c.get("cameo"), c.get("plover_mode")) for c in data["cues"]]
        self.mutual = [bool(c.get("mutual")) for c in data["cues"]]
        self.negates_next = [bool(c.get("negates_next")) for c in data["cues"]]
        # one pass to skip the sentences no cue can match
        self.any_cue = re.compile("|".join(f"(?:{c['pattern']})" for c in data["cues"]), re.IGNORECASE)
        self.cue = compile_cues(
            data,
            (
                "negation",
                "first_person",
                "frame_before",
                "place_before",
                "subject_before",
                "coordination",
                "named_before",
                "actor_noun_before",
                "generic_addressee",
                "victim_before",
                "non_state_object",
                "attribution",
            ),
        )
        self.frame_nouns = frozenset(data["frame_nouns"])
        self.owner_cases = frozenset(data["owner_cases"])
        self.pronouns = {k: frozenset(v) for k, v in data["pronouns"].items()}

    def find(self, text: str) -> list[tuple[int, int, str, int]]:
        """Cue hits in one sentence, left to right, without overlaps: start, end, type and the cue's index."""
        if not self.any_cue.search(text):
            return []
        hits = sorted(
            (m.start(), -(m.end() - m.start()), i, m.end(), kind)
            for i, (kind, pattern) in enumerate(self.cues)
            for m in pattern.finditer(text)
        )
        out, last = [], -1
        for start, _neg, i, end, kind in hits:
            if start >= last:
                out.append((start, end, kind, i))
                last = end
        # "s'est refusé à condamner": the refusal negates the cue that follows, it is no position of its own
        return [
            hit
            for k, hit in enumerate(out)
            if not (self.negates_next[hit[3]] and k + 1 < len(out) and out[k + 1][0] - hit[1] <= 3)
        ]


@lru_cache(maxsize=4)
def grammar(lang: str) -> StatementGrammar:
    return StatementGrammar(lang)


@dataclass(frozen=True)
class Spot:
    """An actor the sentence names, by clean-text offsets: a person, a state, an organisation, a state's
    adjective ("les autorités biélorusses") or a capital standing for its government."""

    start: int
    end: int
    affiliation: str
    person: bool


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
    use_parser: bool = True,
    title_span: tuple[int, int] | None = None,
) -> list[Statement]:
    """Statements of a document. The cue finder marks the sentences; the dependency parse of those sentences
    gives each cue its subject (the source) and its arguments (the target). Without the parser, sources and
    targets come from word order alone."""
    g = grammar(lang)
    by_sentence = mentions_by_sentence if mentions_by_sentence is not None else actors.by_sentence(sentences)
    found = []
    for sent in sentences:
        if sent.start < body_start:
            continue
        hits = g.find(text[sent.start : sent.end])
        if hits:
            found.append((sent, hits))
    parses = iter(parse([text[s.start : s.end] for s, _ in found], lang)) if use_parser and found else None
    state = _Reader(text, actors, contacts, speaker, kb, lang)
    if title_span is not None:
        # what a unilateral declaration is about: the first state its headline names
        state.focus = next((c for s_, _e, c, _k in actors.states if title_span[0] <= s_ < title_span[1]), None)
    out: list[Statement] = []
    found_at = {s.index: hits for s, hits in found}
    for sent in sentences:
        if sent.index in found_at:
            doc = next(parses) if parses is not None else None
            out.extend(state.read(sent, found_at[sent.index], by_sentence[sent.index], doc))
        state.previous_spots, state.previous_index = state._spots(sent, by_sentence.get(sent.index, [])), sent.index
        persons = [m.actor for m in by_sentence.get(sent.index, ()) if m.actor.is_person and m.actor.affiliation]
        if persons:
            state.last_person = persons[0]  # the subject of a French sentence mostly comes first
            state.people.extend(persons)
    return out


# dependency relations, Universal Dependencies as spaCy's French parser labels them
SUBJECT = {"nsubj", "nsubj:pass", "expl:subj"}  # the parser reads some "il" as expletive
CLAUSE = {"advcl", "ccomp", "xcomp", "parataxis", "acl:relcl"}
# a cue whose own clause has no subject takes the subject of the clause it hangs from
CLIMB = {"conj", "obj", "iobj", "obl:arg", "obl:mod", "nmod", "xcomp", "advcl", "amod", "acl", "appos"}
# where a cue's target stands: its objects and complements; an adverbial clause only if nothing nearer
ARGUMENTS = {"obj", "iobj", "obl:arg", "obl:mod", "obl:agent", "nmod", "xcomp", "ccomp", "acl", "amod", "conj"}
FAR = {"advcl": 2}
MAX_DEPTH = 4  # deeper, a state named is what the position is about, not whom it is towards
NOMINAL_SLOTS = {"obj", "obl:arg", "obl:mod"}  # where a nominal cue sits under its verb
SAME_DEPTH = {"appos", "flat:name", "fixed", "obl:agent"}  # "le rôle joué par le Qatar": the Qatar's role


class _Reader:
    """Reads one document's cue sentences in order, remembering who spoke last."""

    def __init__(self, text, actors: DocActors, contacts: list[Draft], speaker, kb, lang: str):
        self.text, self.actors, self.kb, self.speaker = text, actors, kb, speaker
        self.g = grammar(lang)
        self.cg = contact_grammar(lang)
        self.tg = title_grammar(lang)
        self.finder = topic_cues(lang)
        self.coder = coder()
        self.reported = [d for d in contacts if d.reported] or contacts
        self.last_sources: tuple[str, ...] = ()
        self.last_index = -10
        self.last_plural = False
        self.last_person: ActorRef | None = None
        self.people: list[ActorRef] = []  # every person named so far, in order
        self.previous_spots: list[Spot] = []
        self.previous_index = -10
        self.last_statement: tuple | None = None
        self.focus: str | None = None
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
            if root is not None and any(_inside(root, outer) for outer in roots):
                continue  # "a condamné le comportement inacceptable de": one position, not two
            sources, plural = None, False
            self.passive_target = None
            if root is not None:
                sources, plural = self._tree_sources(sent, root, spots, mentions)
                by = self._agent(sent, doc, start, end, spots)
                if by and set(by) != set(sources or ()):
                    # "ne pourront être reconnus par l'Union européenne": the agent of a passive cue takes it
                    sources, plural, self.passive_target = by, False, None
            if root is None or (sources is None and (root.dep_ == "ROOT" or root.head.dep_ == "ROOT")):
                # no parse, or a main clause the parser left without subject: word order decides; a cue deep
                # in a subordinate phrase with no subject of its own is no position of the sentence's actors
                sources, plural = self._order_sources(sent, start, end, mentions)
            if not sources:
                continue
            if self.passive_target is not None:
                targets = self.passive_target
            elif root is not None:
                targets = self._tree_targets(sent, root, spots, sources, previous)
                if not targets and g.cue["generic_addressee"].search(stext[start : end + 40]):
                    # "toutes les parties", "la communauté internationale": whoever a leading frame names
                    # ("En ce qui concerne la Libye, ..."), or nobody in particular
                    targets = _unique(x.affiliation for x in spots if x.end <= sent.start + _subject_start(root))
                    targets = tuple(t for t in targets if t not in sources) or ("",)
                if not targets and kind == "REQUEST" and _appeal_for_something(root):
                    targets = ("",)  # "a appelé à un cessez-le-feu": a call for a thing, to nobody in particular
            else:
                targets = _targets(
                    text, sent, sent.start + start, sent.start + end, mentions, self.actors, sources, g, self.kb
                )
            if not targets and previous:
                window = [x for x in spots if sent.start + end <= x.start < sent.start + end + 45]
                if self._self_victim(sent, window, sources):  # the parse missed it; word order says so
                    victims = {x.affiliation for x in window} | set(sources)
                    targets = _unique(x.affiliation for x in previous if x.affiliation not in victims)
            if not targets and self.last_statement is not None and self.last_statement[0] == sent.index - 1:
                _, last_kind, last_sources, last_targets = self.last_statement
                if last_kind == kind and last_sources == sources:
                    targets = last_targets  # the same position spelled out in the next sentence
            if not targets and not self.reported and self.focus and self.focus not in sources:
                if not g.cue["non_state_object"].search(stext):
                    targets = (self.focus,)  # a declaration with no contact: towards the state it is about
            if not targets:
                targets = self._counterpart(sent, sources)
                if targets and g.mutual[cue]:
                    # "nous avons convenu", "il a signé": an agreement is made together
                    sources, targets = _unique(sources + targets), ()
            targets = tuple(t for t in targets if t)
            # a refusal ("a refusé de commenter") is itself the position: only what precedes it can negate it
            negated = bool(g.cue["negation"].search(stext[max(0, start - 30) : start if g.negates_next[cue] else end]))
            if sentence_topics is None:
                sentence_topics = tuple(self.finder.find(stext))
            key = (kind, sources, targets, negated, root.i if root is not None else None)
            if key in seen or (root is None and key[:4] in {k[:4] for k in seen}):
                continue  # one cue read twice; without a parse, one sentence saying the same twice
            seen.add(key)
            plover, cameo = self.coder.statement(kind, negated, *g.codes[cue])
            evidence = Evidence(sent.start, sent.end)
            out.append(
                Statement(kind, sources, targets, sentence_topics, negated, evidence, stext[start:end], plover, cameo)
            )
            self.last_statement = (sent.index, kind, sources, targets)
            if root is not None:
                roots.append(root)
            self.last_sources, self.last_index, self.last_plural = sources, sent.index, plural
        return out

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
        for s_, e_, code, kind in self.actors.states:
            if not (sent.start <= s_ < sent.end) or any(a <= s_ < b for a, b in taken):
                continue
            before = text[max(sent.start, s_ - 30) : s_]
            if kind == "capital" and (g.cue["place_before"].search(before) or g.cue["named_before"].search(before)):
                continue  # "à Moscou" is a place, "les accords de Minsk" a name; "Moscou a rejeté" a government
            compound = _in_compound(text, s_, e_, self.actors.states)
            if kind == "combining" and not compound:
                continue  # "indo-pacifique" names no state pair
            if kind == "adjective" and not compound and not g.cue["actor_noun_before"].search(before):
                continue  # "les autorités biélorusses" is an actor; "le nucléaire iranien" a subject matter
            if kind in {"adjective", "combining", "capital"} and not _framing(text, sent, s_, g):
                spots.append(Spot(s_, e_, code, False))
        return sorted(spots, key=lambda s: s.start)

    # --- sources -------------------------------------------------------------------------------
    def _tree_sources(self, sent, root, spots, mentions) -> tuple[tuple[str, ...] | None, bool]:
        """Who takes the position: the owner a nominal cue names ("la volonté de Washington", "les efforts
        conjoints de la France et de la Russie"), else the cue's subject. None when the parse finds no
        subject at all; an empty tuple when the subject is not an actor (then there is no statement)."""
        owner = next((c for c in root.children if c.dep_ == "nmod" and c.i > root.i), None)
        if owner is not None and owner.lower_ == "part":  # "des critiques de la part de Washington"
            owner = next((c for c in owner.children if c.dep_ == "nmod"), owner)
        if owner is not None and any(c.dep_ == "case" and c.lower_ in self.g.owner_cases for c in owner.children):
            # the owner and those coordinated with it, not what it is with ("la solidarité de la Tunisie avec la
            # Libye": the Libya is whom, not whose)
            lo, hi = _span(owner, exclude=CLAUSE | {"acl", "nmod"})
            inside = _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
            if inside:
                return inside, len(inside) > 1
        subjects = _subject(root)
        if subjects is None:
            return None, False
        subject = subjects[0]
        word = subject.lower_
        impersonal = subject.dep_ == "expl:subj" or (word == "il" and subject.dep_ == "nsubj:pass")
        if impersonal and any(c.dep_ == "aux:pass" for c in subject.head.children):
            return self._group(sent, None), True  # "il a été convenu": the parties, impersonally
        if subject.dep_ == "nsubj:pass" and _true_passive(subject.head):
            return self._passive(sent, subject, spots), False
        if word in self.g.pronouns["first"]:
            quoted = self._attributed(sent, spots)
            if quoted:
                return quoted, False  # « Nous condamnons ... », a déclaré M. Lavrov
            return ((self.speaker.affiliation,) if self.speaker and self.speaker.affiliation else ()), False
        if word in self.g.pronouns["singular"]:
            # "il", "elle": the person last named, else the state or organisation that spoke just before
            # ("La France condamne ... Elle présente ses condoléances")
            if self.last_person is not None:
                return (self.last_person.affiliation,), False
            last = self.last_statement
            if last is not None and last[0] == sent.index - 1 and len(last[2]) == 1:
                return last[2], False
            return (), False
        if word in self.g.pronouns["plural"]:
            return self._group(sent, None), True
        extents = [_span(t, exclude=CLAUSE | {"acl"}) for t in subjects]
        lo, hi = sent.start + min(a for a, _ in extents), sent.start + max(b for _, b in extents)
        inside = [s for s in spots if lo <= s.start < hi]
        group = next((m for r in self.tg.group_refs for m in [r.search(self.text, lo, hi)] if m), None)
        if inside:
            return _unique(s.affiliation for s in inside), group is not None
        if group is not None:
            return self._group(sent, group.end()), True
        title = next(iter(self.tg.find(self.text[lo:hi])), None)
        if title is not None and not title[4]:
            # "le secrétaire d'État", "le ministre": the document's protagonist of that office, as the actor
            # resolver reads a bare title
            same = [p for p in self.people if p.role == title[2]]
            person = same[0] if same else self.last_person
            return ((person.affiliation,) if person and person.affiliation else ()), False
        return (), False

    def _agent(self, sent, doc, start: int, end: int, spots) -> tuple[str, ...]:
        """The actors a passive cue names as its agent ("par l'Union européenne")."""
        for t in doc:
            if start <= t.idx < end and _true_passive(t):
                agent = next((c for c in t.children if c.dep_ == "obl:agent"), None)
                if agent is not None:
                    lo, hi = _span(agent, exclude=CLAUSE)
                    return _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
        return ()

    def _attributed(self, sent, spots) -> tuple[str, ...]:
        """The speaker a sentence names for the words it quotes: "», a déclaré M. Lavrov", "selon Pékin"."""
        m = self.g.cue["attribution"].search(self.text, sent.start, sent.end)
        if m is None:
            return ()
        after = [s for s in spots if m.end() <= s.start < m.end() + 80]
        return (after[0].affiliation,) if after else ()

    def _passive(self, sent, subject, spots) -> tuple[str, ...]:
        """A passive position: the agent ("par l'Union européenne") takes it, towards the subject ("la Russie
        a été appelée à", "les résultats ... ne pourront être reconnus par l'UE"). Without an agent, the
        other side of the contact reported takes it when the subject is a party."""
        lo, hi = _span(subject, exclude=CLAUSE | {"acl"})
        whom = _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
        agent = next((c for c in subject.head.children if c.dep_ == "obl:agent"), None)
        if agent is not None:
            a_lo, a_hi = _span(agent, exclude=CLAUSE)
            by = _unique(s.affiliation for s in spots if sent.start + a_lo <= s.start < sent.start + a_hi)
            if by:
                self.passive_target = tuple(a for a in whom if a not in by) or None
                return by
        contact = self._contact(sent)
        parties = _affiliations(contact.parties) if contact else ()
        if whom and set(whom) < set(parties):
            self.passive_target = whom
            return tuple(a for a in parties if a not in whom)
        return ()

    def _order_sources(self, sent, start, end, mentions) -> tuple[tuple[str, ...], bool]:
        """Without a parse: the people named before the cue, a state or organisation standing as subject, a
        first person, a group reference or a pronoun."""
        text, g = self.text, self.g
        stext = text[sent.start : sent.end]
        cue_pos = sent.start + start
        before = [m for m in mentions if m.end <= cue_pos and m.actor.affiliation]
        sources = _affiliations(m.actor for m in before if m.actor.is_person)
        if sources:
            return sources, False
        subjects = [
            m
            for m in before
            if not m.actor.is_person and g.cue["subject_before"].search(text[max(sent.start, m.start - 30) : m.start])
        ]
        if subjects:
            return _affiliations(m.actor for m in subjects[:1]), False
        zone = stext[:start]
        if self.speaker is not None and g.cue["first_person"].search(zone + stext[start:end]):
            return ((self.speaker.affiliation,) if self.speaker.affiliation else ()), False
        group = next((m for r in self.tg.group_refs for m in [r.search(zone)] if m), None)
        if group is not None:
            return self._group(sent, sent.start + group.end()), True
        if self.cg.cue["pronoun_subject"].search(zone) and self.last_person is not None:
            return (self.last_person.affiliation,), False
        return (), False

    def _group(self, sent, group_end: int | None) -> tuple[str, ...]:
        """Whose group "les ministres français", "les deux ministres" or "ils" is: its own adjective, the same
        group speaking on, or the parties of the contact being reported."""
        if group_end is not None:
            adjectives = [
                c for s_, _e, c, k in self.actors.states if k == "adjective" and group_end <= s_ <= group_end + 2
            ]
            if adjectives:
                return (adjectives[0],)
        if self.last_sources and self.last_plural and sent.index - self.last_index <= 3:
            return self.last_sources
        contact = self._contact(sent)
        return _affiliations(contact.parties) if contact else ()

    def _contact(self, sent) -> Draft | None:
        """The contact being reported at this sentence: the last one told at or before it."""
        before = [d for d in self.reported if d.sentences and min(d.sentences) <= sent.index]
        return before[-1] if before else (self.reported[0] if self.reported else None)

    # --- targets -------------------------------------------------------------------------------
    def _tree_targets(self, sent, root, spots, sources, previous) -> tuple[str, ...]:
        """The actors named in the cue's arguments, nearest first in the tree, with those coordinated with
        them ("a appelé la Russie et le Bélarus à"). When the arguments name the source itself, it is the
        victim ("une attitude hostile envers la Russie", said by Russia), and the position is about whoever
        the sentence before named."""
        depth = _argument_depths(root, self.g.frame_nouns)
        tokens = {s: [t for t in root.doc if t.i in depth and _overlaps(t, sent.start, s)] for s in spots}
        reached = [s for s, ts in tokens.items() if ts]
        placed = {
            s: min(depth[t.i] for t in ts)
            for s, ts in tokens.items()
            if ts and s.affiliation not in sources and not self._victim(sent, s)
        }
        if not placed:
            if self._self_victim(sent, reached, sources) and previous:
                victims = {s.affiliation for s in reached}
                return _unique(s.affiliation for s in previous if s.affiliation not in victims | set(sources))
            return ()
        best = min(placed.values())
        nearest = [s for s, d in placed.items() if d == best]
        joined = [
            s
            for s, d in placed.items()
            if d > best
            and any(t.dep_ == "conj" and any(_overlaps(t.head, sent.start, n) for n in nearest) for t in tokens[s])
        ]
        return _unique(s.affiliation for s in sorted(nearest + joined, key=lambda s: s.start))

    def _victim(self, sent, spot: Spot) -> bool:
        """The one a hostile act is aimed at ("contre l'Ukraine", "atteinte à l'intégrité de l'Ukraine")."""
        return bool(self.g.cue["victim_before"].search(self.text[max(sent.start, spot.start - 60) : spot.start]))

    def _self_victim(self, sent, reached, sources) -> bool:
        """The position names its own source as the victim: "une attitude hostile envers la Russie", said by
        Russia, is about whoever the sentence before named."""
        return any(s.affiliation in sources and self._victim(sent, s) for s in reached)

    def _counterpart(self, sent, sources) -> tuple[str, ...]:
        """In a readout, a position is taken towards the other side of the contact reported."""
        contact = self._contact(sent)
        if contact is None:
            return ()
        parties = _affiliations(contact.parties)
        if set(sources) < set(parties):
            return tuple(a for a in parties if a not in sources)
        return ()


def _cue_root(doc, start: int, end: int):
    """The token of a cue span that governs the others ("condamné" in "a condamné")."""
    inside = [t for t in doc if start <= t.idx < end]
    for t in inside:
        if not (start <= t.head.idx < end) or t.head.i == t.i:
            return t
    return inside[0] if inside else None


def _inside(token, outer) -> bool:
    """True when ``token`` sits in a noun phrase of ``outer``'s arguments, with no clause between them."""
    t = token
    while t.i != t.head.i:
        if t.dep_ in CLAUSE or (t.dep_ == "conj" and t.head.i == outer.i):
            return False
        t = t.head
        if t.i == outer.i:
            return True
    return False


def _subject(root) -> list | None:
    """The subject tokens of a cue's clause (two when the parser splits "X et Y"), climbing out of the noun
    phrases and infinitives the cue sits in."""
    t = root
    for _ in range(8):
        subjects = [c for c in t.children if c.dep_ in SUBJECT]
        if subjects:
            if subjects[0].lower_ == "qui" and t.dep_ == "acl:relcl":
                return [t.head]  # "Loukachenko, qui a réaffirmé": the relative's antecedent
            return subjects
        if t.dep_ not in CLIMB or t.head.i == t.i:
            return None
        t = t.head
    return None


def _true_passive(verb) -> bool:
    """A passive the position is turned around by ("a été invité", "reconnus par l'UE"), not a verb conjugated
    with "être" ("sont convenus", "se sont accordés")."""
    return any(c.dep_ == "obl:agent" for c in verb.children) or any(
        c.dep_ == "aux:pass" and c.lower_ in {"été", "être"} for c in verb.children
    )


def _appeal_for_something(root) -> bool:
    """An appeal whose only complement is a thing ("appelle à un cessez-le-feu"), with no one asked: no
    object, no infinitive ("appelé à assurer" asks someone to act)."""
    kids = [c for c in root.children if c.i > root.i]
    if any(c.dep_ in {"obj", "iobj", "xcomp", "ccomp"} for c in kids):
        return False
    return any(
        c.dep_ in {"obl:arg", "obl:mod"}
        and any(k.dep_ == "case" and k.lower_ in {"à", "au", "aux"} for k in c.children)
        for c in kids
    )


def _subject_start(root) -> int:
    """Where the cue's clause begins: its subject, or the cue itself."""
    subjects = _subject(root)
    return min(subjects[0].left_edge.idx, root.idx) if subjects else root.idx


def _span(token, exclude: set[str]) -> tuple[int, int]:
    """Character extent of a token's subtree, leaving out the branches in ``exclude`` (relative clauses)."""
    lo, hi = token.idx, token.idx + len(token)
    stack = list(token.children)
    while stack:
        t = stack.pop()
        if t.dep_ in exclude:
            continue
        lo, hi = min(lo, t.idx), max(hi, t.idx + len(t))
        stack.extend(t.children)
    return lo, hi


def _argument_depths(root, frame_nouns: frozenset[str]) -> dict[int, int]:
    """Tree distance from the cue to every token of the arguments that follow it. A name in apposition
    stands at its title's depth ("le ministre, M. Lavrov"); a framing phrase ("dans le cadre de", "par le
    biais du") is not entered."""
    depth: dict[int, int] = {}
    queue = [
        (c, 1 + FAR.get(c.dep_, 0)) for c in root.children if c.i > root.i and (c.dep_ in ARGUMENTS or c.dep_ in FAR)
    ]
    if root.dep_ in NOMINAL_SLOTS and root.head.i != root.i:
        # a nominal cue's verb may name whom the position is for: "a assuré son homologue du soutien de la
        # France", one step further than the cue's own arguments
        queue += [
            (c, 2)
            for c in root.head.children
            if c.i != root.i and (c.dep_ in {"obj", "iobj", "obl:arg"} or (c.dep_ == "obl:mod" and c.i > root.i))
        ]
    elif root.dep_ == "nmod" and root.head.i < root.i:
        # "a assuré son homologue polonais du soutien de la France", parsed with the cue under the noun
        queue.append((root.head, 2))
    while queue:
        t, d = queue.pop(0)
        if d > MAX_DEPTH or (t.i in depth and depth[t.i] <= d):
            continue
        depth[t.i] = d
        if t.lower_ in frame_nouns and any(c.dep_ == "case" for c in t.children):
            continue
        queue.extend((c, d if c.dep_ in SAME_DEPTH else d + 1) for c in t.children if c.dep_ != "punct")
    return depth


def _overlaps(token, base: int, spot: Spot) -> bool:
    a = base + token.idx
    return a < spot.end and spot.start < a + len(token)


def _in_compound(text: str, start: int, end: int, states) -> bool:
    """True for either half of a compound adjective of two states ("américano-russe", "turco-qatari"): those
    name the states themselves ("le dialogue américano-russe")."""
    after = [s for s in states if s[0] == end + 1 and text[end : end + 1] in "-‑–"]
    before = [s for s in states if s[1] == start - 1 and text[start - 1 : start] in "-‑–" and s[3] == "combining"]
    return bool(after) or bool(before)


def _framing(text, sent, start: int, g) -> bool:
    return bool(g.cue["frame_before"].search(text[max(sent.start, start - 40) : start]))


def _unique(codes) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in codes if c))


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
