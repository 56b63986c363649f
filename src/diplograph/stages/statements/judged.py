"""Judged positions: a cue that weighs what an actor does ("la guerre illégale que mène la Russie", "la coalition
doit respecter son engagement", "les actions de X ont conduit à une détérioration"). The one speaking takes the
position, towards the actor judged; the cue's grammatical subject is that actor, not the source."""

from __future__ import annotations

from .tree import _subject, _subtree_depths, _unique


class JudgedReading:
    """The part of the reader that reads a judged cue (mixed into ``_Reader``)."""

    def _judged(self, sent, root, spots, mentions) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Sources and targets of a judged cue. No target when the judged actor is the speaker itself ("nous
        devons respecter") or nobody is named, unless a declaration or a listing item is about one state."""
        if root is None:
            return (), ()
        whom = self._judged_actor(sent, root, spots)
        if whom is None:
            return (), ()
        voice = self._voice(sent, root, spots, mentions, whom)
        whom = tuple(w for w in whom if w not in voice)
        if not whom:
            focus = self._focus()
            whom = (focus,) if focus and focus not in voice else ()
        return voice, whom

    def _judged_actor(self, sent, root, spots) -> tuple[str, ...] | None:
        """The actor whose deed the cue weighs: named in the phrase the cue qualifies ("la guerre illégale que
        mène X"), else the subject of its clause ("X doit", "les actions menées par X ont conduit à"). None
        when that subject is the speaker ("nous devons")."""
        syn = self.syn
        owned = any(c.lower_ in self.g.possessives for c in root.head.children if c.i < root.head.i)
        if syn.is_(root, "qualifier") and not syn.is_root(root) and not owned:
            # "son annexion illégale de la Crimée": the owner was named before, not in the phrase
            found = self._nearest(sent, root.head, spots, skip=root.i, conjuncts=False)
            if found:
                return found
        subjects = _subject(root, syn, self.g.pronouns["relative"])
        if not subjects:
            return ()
        word = subjects[0].lower_
        if word in self.g.pronouns["first"]:
            return None
        if word in self.g.pronouns["singular"] | self.g.pronouns["plural"]:
            found, _ = self._tree_sources(sent, root, spots, [])
            self.passive_target = None
            return found or ()
        return self._nearest(sent, subjects[0], spots)

    def _nearest(self, sent, token, spots, skip: int | None = None, conjuncts: bool = True) -> tuple[str, ...]:
        """The actors nearest ``token`` in its subtree (leaving out the branch ``skip``, and the phrases
        coordinated with it unless ``conjuncts``), not its victims nor the places it names."""
        depth = _subtree_depths(token, self.syn, skip, conjuncts)
        placed = {}
        for s in spots:
            ts = [token.doc[i] for i in depth if _token_in(token.doc[i], sent.start, s)]
            if ts and not self._victim(sent, s) and not self._place(sent, s, ts, 2):
                placed[s] = min(depth[t.i] for t in ts)
        if not placed:
            return ()
        best = min(placed.values())
        return _unique(s.affiliation for s in sorted(placed, key=lambda s: s.start) if placed[s] == best)

    def _voice(self, sent, root, spots, mentions, whom) -> tuple[str, ...]:
        """Who speaks: the one a quotation is attributed to, the document's speaker, the subject of the
        sentence's main clause when that is not the actor judged, else the source of the position just before."""
        quoted = self._attributed(sent, spots)
        if quoted:
            return quoted
        speaker = self.item_speaker or self.speaker
        if speaker is not None and speaker.affiliation:
            return (speaker.affiliation,)
        top = root
        while not self.syn.is_root(top):
            top = top.head
        if top.i != root.i:
            main, _ = self._tree_sources(sent, top, spots, mentions)
            self.passive_target = None
            main = tuple(m for m in main or () if m not in whom)
            if main:
                return main
        if self.last_sources and sent.index - self.last_index <= 3:
            return self.last_sources
        return ()


def _token_in(token, base: int, spot) -> bool:
    a = base + token.idx
    return a < spot.end and spot.start < a + len(token)
