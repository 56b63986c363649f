"""Sources: who takes a position, from the cue's subject or owner in the parse, else from word order."""

from __future__ import annotations

from ..contacts import Draft
from .tree import _affiliations, _span, _subject, _unique


class SourceReading:
    """The part of the reader that finds a cue's source (mixed into ``_Reader``)."""

    def _sources(self, sent, root, doc, start, end, spots, mentions) -> tuple[tuple[str, ...] | None, bool]:
        """Who takes the position of the cue at ``start:end``, and whether they are a group."""
        sources, plural = None, False
        self.passive_target = None
        if root is not None:
            sources, plural = self._tree_sources(sent, root, spots, mentions)
            by = self._agent(sent, doc, start, end, spots)
            if by and set(by) != set(sources or ()):
                # "ne pourront être reconnus par l'Union européenne": the agent of a passive cue takes it
                sources, plural, self.passive_target = by, False, None
        if root is None or (sources is None and self.syn.is_main_clause(root)):
            # no parse, or a main clause the parser left without subject: word order decides; a cue deep
            # in a subordinate phrase with no subject of its own is no position of the sentence's actors
            sources, plural = self._order_sources(sent, start, end, mentions)
        return sources, plural

    def _tree_sources(self, sent, root, spots, mentions) -> tuple[tuple[str, ...] | None, bool]:
        """Who takes the position: the owner a nominal cue names ("la volonté de Washington", "les efforts
        conjoints de la France et de la Russie"), else the cue's subject. None when the parse finds no
        subject at all; an empty tuple when the subject is not an actor (then there is no statement)."""
        syn = self.syn
        owner = next((c for c in syn.children(root, "noun_modifier") if c.i > root.i), None)
        if owner is not None and owner.lower_ in self.g.owner_carriers:  # "des critiques de la part de Washington"
            owner = syn.child(owner, "noun_modifier") or owner
        if owner is not None and syn.case_words(owner) & self.g.owner_cases:
            # the owner and those coordinated with it, not what it is with ("la solidarité de la Tunisie avec la
            # Libye": the Libya is whom, not whose)
            lo, hi = _span(owner, syn, ("clause", "adnominal_clause", "noun_modifier"))
            inside = _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
            if inside:
                return inside, len(inside) > 1
        subjects = _subject(root, syn, self.g.pronouns["relative"])
        if subjects is None:
            return None, False
        subject = subjects[0]
        word = subject.lower_
        impersonal = syn.is_(subject, "expletive_subject") or (
            word in self.g.pronouns["impersonal"] and syn.is_(subject, "passive_subject")
        )
        if impersonal and syn.child(subject.head, "passive_aux") is not None:
            return self._group(sent, None), True  # "il a été convenu": the parties, impersonally
        if syn.is_(subject, "passive_subject") and syn.is_true_passive(subject.head):
            return self._passive(sent, subject, spots), False
        if word in self.g.pronouns["first"]:
            lo, hi = _span(subject, syn, ("clause", "adnominal_clause"))
            named = _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
            if named:
                return named, len(named) > 1  # "Nous, ministres des Affaires étrangères du Canada, de la France"
            quoted = self._attributed(sent, spots)
            if quoted:
                return quoted, False  # « Nous condamnons ... », a déclaré M. Lavrov
            speaker = self.item_speaker or self.speaker
            return ((speaker.affiliation,) if speaker and speaker.affiliation else ()), False
        if word in self.g.pronouns["singular"]:
            # "il", "elle": the actor whose words the clause reports ("l'UE a fait savoir qu'elle réagira"), else
            # the person last named, else the state or organisation that spoke just before ("La France condamne
            # ... Elle présente ses condoléances")
            reporter = self._reporter(sent, subject.head, spots)
            if reporter:
                return reporter, False
            if self.last_person is not None:
                return (self.last_person.affiliation,), False
            last = self.last_statement
            if last is not None and last[0] == sent.index - 1 and len(last[2]) == 1:
                return last[2], False
            return (), False
        if word in self.g.pronouns["plural"]:
            return self._group(sent, None), True
        extents = [_span(t, syn, ("clause", "adnominal_clause")) for t in subjects]
        lo, hi = sent.start + min(a for a, _ in extents), sent.start + max(b for _, b in extents)
        inside = [s for s in spots if lo <= s.start < hi]
        group = next((m for r in self.tg.group_refs for m in [r.search(self.text, lo, hi)] if m), None)
        if inside:
            return _unique(s.affiliation for s in inside), group is not None
        if group is not None:
            return self._group(sent, group.end()), True
        if word in self.g.contact_subjects:
            return self._group(sent, None), True  # "L'entretien a permis de": the contact's parties together
        titles = [t for t in self.tg.find(self.text[lo:hi]) if not t[4]]
        if titles:
            # "le secrétaire d'État", "la haute représentante et le secrétaire d'État": the document's protagonist
            # of each office, as the actor resolver reads a bare title
            found = _unique(
                self._titled(t[2], self.text[lo + t[0] : lo + t[1]], sent.start, first=k == 0)
                for k, t in enumerate(titles)
            )
            contact = self._contact(sent) if len(found) < len(titles) else None
            if contact is not None and set(found) <= set(_affiliations(contact.parties)):
                found = _affiliations(contact.parties)  # "la haute représentante et le secrétaire d'État"
            return found, len(found) > 1
        return (), False

    def _titled(self, role: str, words: str, before: int, first: bool) -> str | None:
        """The affiliation of the person a bare title stands for: the first named in that office, else the state
        of the title's fuller form written earlier ("du secrétaire d'État américain" before "le secrétaire
        d'État"), else (for the subject's first title) the person last named."""
        same = [p for p in self.people if p.role == role]
        if same:
            return same[0].affiliation
        words = words.lower()
        fuller = [
            aff
            for s_, e_, _role, aff, _pl in self.tg.find(self.text[:before])
            if aff and self.text[s_:e_].lower().startswith(words) and e_ - s_ > len(words)
        ]
        if fuller:
            return fuller[-1]
        person = self.last_person if first else None
        return person.affiliation if person is not None else None

    def _reporter(self, sent, verb, spots) -> tuple[str, ...]:
        """Who says the clause of ``verb`` when it is reported ("l'UE a fait savoir qu'elle ..."): the actors the
        reporting clause names as its subject."""
        syn, t = self.syn, verb
        while syn.is_(t, "climb") and not syn.is_root(t):
            t = t.head
        if not syn.is_(t, "complement") or syn.is_root(t):
            return ()
        subjects = _subject(t.head, syn, self.g.pronouns["relative"])
        if not subjects:
            return ()
        lo, hi = _span(subjects[0], syn, ("clause", "adnominal_clause"))
        return _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)

    def _agent(self, sent, doc, start: int, end: int, spots) -> tuple[str, ...]:
        """The actors a passive cue names as its agent ("par l'Union européenne")."""
        for t in doc:
            if start <= t.idx < end and self.syn.is_true_passive(t):
                agent = self.syn.agent(t)
                if agent is not None:
                    lo, hi = _span(agent, self.syn, ("clause",))
                    return _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
        return ()

    def _attributed(self, sent, spots) -> tuple[str, ...]:
        """The speaker a sentence names for the words it quotes: "», a déclaré M. Lavrov", "selon Pékin"."""
        m = self.g.cue["attribution"].search(self.text, sent.start, sent.end)
        if m is None:
            return ()
        after = [s for s in spots if m.end() <= s.start < m.end() + self.w["attribution_after"]]
        return (after[0].affiliation,) if after else ()

    def _passive(self, sent, subject, spots) -> tuple[str, ...]:
        """A passive position: the agent ("par l'Union européenne") takes it, towards the subject ("la Russie
        a été appelée à", "les résultats ... ne pourront être reconnus par l'UE"). Without an agent, the
        other side of the contact reported takes it when the subject is a party."""
        lo, hi = _span(subject, self.syn, ("clause", "adnominal_clause"))
        whom = _unique(s.affiliation for s in spots if sent.start + lo <= s.start < sent.start + hi)
        agent = self.syn.agent(subject.head)
        if agent is not None:
            a_lo, a_hi = _span(agent, self.syn, ("clause",))
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
            if not m.actor.is_person
            and g.cue["subject_before"].search(text[max(sent.start, m.start - self.w["subject_lead"]) : m.start])
        ]
        if subjects:
            return _affiliations(m.actor for m in subjects[:1]), False
        zone = stext[:start]
        speaker = self.item_speaker or self.speaker
        if speaker is not None and g.cue["first_person"].search(zone + stext[start:end]):
            return ((speaker.affiliation,) if speaker.affiliation else ()), False
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
            adjectives = [c for _s, _e, c, k in self.actors.states_in(group_end, group_end + 3) if k == "adjective"]
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
