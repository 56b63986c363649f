"""Targets: whom a position is taken towards, from the cue's arguments in the parse, else the actors named
right after the cue, else the other side of the contact being reported."""

from __future__ import annotations

from ..actors import DocActors
from .tree import Spot, _affiliations, _appeal_for_something, _argument_depths, _overlaps, _subject_start, _unique

HOSTILE_KINDS = frozenset({"ACCUSE", "THREATEN", "REJECT"})


class TargetReading:
    """The part of the reader that finds a cue's targets (mixed into ``_Reader``)."""

    def _targets(self, sent, root, start, end, kind, spots, sources, previous, mentions) -> tuple[str, ...]:
        """The targets the sentence names: a passive's subject, the cue's arguments in the parse (or, without
        a parse, the actors right after it); "" stands for an appeal to nobody in particular."""
        g, stext = self.g, self.text[sent.start : sent.end]
        if self.passive_target is not None:
            return self.passive_target
        if root is None:
            return _order_targets(
                self.text, sent, sent.start + start, sent.start + end, mentions, self.actors, sources, g, self.kb
            )
        targets = self._tree_targets(sent, root, spots, sources, previous)
        if not targets and g.cue["generic_addressee"].search(stext[start : end + self.w["addressee_after"]]):
            # "toutes les parties", "la communauté internationale": whoever a leading frame names
            # ("En ce qui concerne la Libye, ..."), or nobody in particular
            subject_start = sent.start + _subject_start(root, self.syn, g.pronouns["relative"])
            targets = _unique(x.affiliation for x in spots if x.end <= subject_start)
            targets = tuple(t for t in targets if t not in sources) or self._same_addressees(sent, kind, sources)
        if not targets and kind == "REQUEST" and _appeal_for_something(root, self.syn, g.appeal_cases):
            targets = ("",)  # "a appelé à un cessez-le-feu": a call for a thing, to nobody in particular
        if not targets and kind == "REQUEST" and g.cue["restraint"].search(stext[end : end + self.w["target_after"]]):
            targets = ("",)  # "a insisté sur la nécessité de faire preuve de retenue": asked of whoever fights
        return targets

    def _same_addressees(self, sent, kind, sources) -> tuple[str, ...]:
        """ "toutes les parties" right after the same appeal to named ones ("demande aux parties au Yémen ...
        incite toutes les parties à") are those; else nobody in particular."""
        last = self.last_statement
        if last is not None and sent.index - last[0] <= 1 and last[1] == kind and last[2] == sources and last[3]:
            return last[3]
        return ("",)

    def _fallback_targets(self, sent, end, kind, cue, spots, sources, previous):
        """When the sentence names no target: the victim's aggressor named just before, the same position
        continued, the state a declaration is about, else the other side of the contact reported. Returns
        the sources too: an agreement with that other side is taken by both, towards nobody."""
        g, stext = self.g, self.text[sent.start : sent.end]
        targets: tuple[str, ...] = ()
        if previous:
            reach = sent.start + end + self.w["target_after"]
            window = [x for x in spots if sent.start + end <= x.start < reach]
            if self._self_victim(sent, window, sources):  # the parse missed it; word order says so
                victims = {x.affiliation for x in window} | set(sources)
                targets = _unique(x.affiliation for x in previous if x.affiliation not in victims)
        if not targets and self.last_statement is not None and self.last_statement[0] == sent.index - 1:
            _, last_kind, last_sources, last_targets = self.last_statement
            if last_kind == kind and last_sources == sources:
                targets = last_targets  # the same position spelled out in the next sentence
        if not targets and kind == "THREATEN" and self.last_hostile is not None:
            index, last_sources, last_targets = self.last_hostile
            if last_sources == sources and sent.index - index <= 3:
                targets = last_targets  # "l'UE réagira avec fermeté": a warning to the adversary just accused
        focus = self._focus()
        if not targets and focus and focus not in sources:
            if not g.cue["non_state_object"].search(stext):
                targets = (focus,)  # a declaration with no contact, an item of a listing: the state it is about
        if not targets:
            targets = self._counterpart(sent, sources)
            if targets and g.mutual[cue]:
                # "nous avons convenu", "il a signé": an agreement is made together
                sources, targets = _unique(sources + targets), ()
        return sources, targets

    def _focus(self) -> str | None:
        """The state the positions with no target are about: the heading of the listing item being read, else
        the headline of a declaration reporting no contact."""
        return self.item_focus or (self.focus if not self.reported else None)

    def _place(self, sent, spot: Spot, tokens, depth: int) -> bool:
        """A state named as where something happened, deep in the cue's object ("condamne le meurtre de soldats
        tués au Mali", "la situation en Ukraine"): a place, not whom the position is towards, unless it names
        the actors there ("les parties au Yémen", "le régime ... au Venezuela")."""
        if depth < 2:
            return False
        lead = self.text[max(sent.start, spot.start - self.w["capital_lead"]) : spot.start]
        if not self.g.cue["place_before"].search(lead):
            return False
        head = tokens[0].head
        return not self.g.cue["actor_noun_before"].search(head.text + " ")

    def _tree_targets(self, sent, root, spots, sources, previous) -> tuple[str, ...]:
        """The actors named in the cue's arguments, nearest first in the tree, with those coordinated with
        them ("a appelé la Russie et le Bélarus à"). When the arguments name the source itself, it is the
        victim ("une attitude hostile envers la Russie", said by Russia), and the position is about whoever
        the sentence before named."""
        depth = _argument_depths(root, self.g.frame_nouns, self.syn)
        reachable = [root.doc[i] for i in sorted(depth)]
        tokens = {s: [t for t in reachable if _overlaps(t, sent.start, s)] for s in spots}
        reached = [s for s, ts in tokens.items() if ts]
        placed = {
            s: min(depth[t.i] for t in ts)
            for s, ts in tokens.items()
            if ts
            and s.affiliation not in sources
            and not self._victim(sent, s)
            and not self._place(sent, s, ts, min(depth[t.i] for t in ts))
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
            and any(
                self.syn.is_(t, "conjunct") and any(_overlaps(t.head, sent.start, n) for n in nearest)
                for t in tokens[s]
            )
        ]
        return _unique(s.affiliation for s in sorted(nearest + joined, key=lambda s: s.start))

    def _victim(self, sent, spot: Spot) -> bool:
        """The one a hostile act is aimed at ("contre l'Ukraine", "atteinte à l'intégrité de l'Ukraine")."""
        lead = self.text[max(sent.start, spot.start - self.w["victim_lead"]) : spot.start]
        return bool(self.g.cue["victim_before"].search(lead))

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


def _order_targets(
    text, sent, cue_start: int, cue_end: int, mentions, actors: DocActors, sources, g, kb
) -> tuple[str, ...]:
    """Whom a position is taken towards when the sentence says so: the actors named right after the cue (its
    object, inside the cue too: "a appelé la Chine à"), a capital standing for its government included, but
    not a negotiation format nor an actor that only frames the position ("dans le cadre de l'OSCE")."""
    window_end = min(
        cue_end + g.w["target_after"], sent.end
    )  # the object right after the cue, not every state the sentence names

    def framing(start: int) -> bool:
        return bool(g.cue["frame_before"].search(text[max(sent.start, start - g.w["frame_lead"]) : start]))

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
        for s_, e_, c, k in actors.states_in(cue_start, window_end)
        if (
            k == "adjective"
            or (
                k == "capital"
                and not g.cue["place_before"].search(text[max(sent.start, s_ - g.w["capital_lead"]) : s_])
            )
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
