"""Questions about the parse of a cue sentence, in the pack's syntax roles (no dependency label here)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_DEPTH = 4  # deeper, a state named is what the position is about, not whom it is towards


@dataclass(frozen=True)
class Spot:
    """An actor the sentence names, by clean-text offsets: a person, a state, an organisation, a state's
    adjective ("les autorités biélorusses") or a capital standing for its government."""

    start: int
    end: int
    affiliation: str
    person: bool


def _cue_root(doc, start: int, end: int):
    """The token of a cue span that governs the others ("condamné" in "a condamné")."""
    inside = [t for t in doc if start <= t.idx < end]
    for t in inside:
        if not (start <= t.head.idx < end) or t.head.i == t.i:
            return t
    return inside[0] if inside else None


def _inside(token, outer, syn) -> bool:
    """True when ``token`` sits in a noun phrase of ``outer``'s arguments, with no clause between them."""
    t = token
    while t.i != t.head.i:
        if syn.is_(t, "clause") or (syn.is_(t, "conjunct") and t.head.i == outer.i):
            return False
        t = t.head
        if t.i == outer.i:
            return True
    return False


def _subject(root, syn, relatives: frozenset[str]) -> list | None:
    """The subject tokens of a cue's clause (two when the parser splits "X et Y"), climbing out of the noun
    phrases and infinitives the cue sits in."""
    t = root
    for _ in range(8):
        subjects = syn.subjects(t)
        if subjects:
            if subjects[0].lower_ in relatives and syn.is_(t, "relative_clause"):
                return [t.head]  # "Loukachenko, qui a réaffirmé": the relative's antecedent
            return subjects
        if not syn.is_(t, "climb") or syn.is_root(t):
            return None
        t = t.head
    return None


def _appeal_for_something(root, syn, cases: frozenset[str]) -> bool:
    """An appeal whose only complement is a thing ("appelle à un cessez-le-feu"), with no one asked: no
    object, no infinitive ("appelé à assurer" asks someone to act)."""
    kids = [c for c in root.children if c.i > root.i]
    if any(syn.is_(c, "object") or syn.is_(c, "complement") for c in kids):
        return False
    return any(syn.is_(c, "oblique") and syn.case_words(c) & cases for c in kids)


def _subject_start(root, syn, relatives: frozenset[str]) -> int:
    """Where the cue's clause begins: its subject, or the cue itself."""
    subjects = _subject(root, syn, relatives)
    return min(subjects[0].left_edge.idx, root.idx) if subjects else root.idx


def _span(token, syn, exclude: tuple[str, ...]) -> tuple[int, int]:
    """Character extent of a token's subtree, leaving out the branches in the roles ``exclude`` (clauses)."""
    lo, hi = token.idx, token.idx + len(token)
    stack = list(token.children)
    while stack:
        t = stack.pop()
        if any(syn.is_(t, role) for role in exclude):
            continue
        lo, hi = min(lo, t.idx), max(hi, t.idx + len(t))
        stack.extend(t.children)
    return lo, hi


def _argument_depths(root, frame_nouns: frozenset[str], syn) -> dict[int, int]:
    """Tree distance from the cue to every token of the arguments that follow it. A name in apposition
    stands at its title's depth ("le ministre, M. Lavrov"); a framing phrase ("dans le cadre de", "par le
    biais du") is not entered."""
    depth: dict[int, int] = {}
    queue = [
        (c, 1 + syn.far_weight(c))
        for c in root.children
        if c.i > root.i and (syn.is_(c, "argument") or syn.far_weight(c))
    ]
    if syn.is_(root, "nominal_slot") and not syn.is_root(root):
        # a nominal cue's verb may name whom the position is for: "a assuré son homologue du soutien de la
        # France", one step further than the cue's own arguments
        queue += [
            (c, 2)
            for c in root.head.children
            if c.i != root.i and (syn.is_(c, "addressee") or (syn.is_(c, "oblique_modifier") and c.i > root.i))
        ]
    elif syn.is_(root, "noun_modifier") and root.head.i < root.i:
        # "a assuré son homologue polonais du soutien de la France", parsed with the cue under the noun
        queue.append((root.head, 2))
    while queue:
        t, d = queue.pop(0)
        if d > MAX_DEPTH or (t.i in depth and depth[t.i] <= d):
            continue
        depth[t.i] = d
        if t.lower_ in frame_nouns and syn.child(t, "case") is not None:
            continue
        queue.extend((c, d if syn.is_(c, "same_depth") else d + 1) for c in t.children if not syn.is_(c, "punctuation"))
    return depth


def _overlaps(token, base: int, spot: Spot) -> bool:
    a = base + token.idx
    return a < spot.end and spot.start < a + len(token)


def _in_compound(text: str, start: int, end: int, actors) -> bool:
    """True for either half of a compound adjective of two states ("américano-russe", "turco-qatari"): those
    name the states themselves ("le dialogue américano-russe")."""
    after = text[end : end + 1] in "-‑–" and bool(actors.states_in(end + 1, end + 2))
    before = text[start - 1 : start] in "-‑–" and any(
        s[1] == start - 1 and s[3] == "combining" for s in actors.states_in(max(0, start - 80), start)
    )
    return after or before


def _framing(text, sent, start: int, g) -> bool:
    return bool(g.cue["frame_before"].search(text[max(sent.start, start - g.w["frame_lead"]) : start]))


def _unique(codes) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in codes if c))


def _affiliations(refs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.affiliation for r in refs if r.affiliation))


def _subtree_depths(token, syn, skip: int | None = None, conjuncts: bool = True) -> dict[int, int]:
    """Tree distance from ``token`` to every token of its subtree, leaving out punctuation, the branch ``skip``
    and, unless ``conjuncts``, the phrases coordinated with ``token`` or set beside it; a name in apposition or
    a flat name stands at the depth of the word it hangs on."""
    depth: dict[int, int] = {}
    queue = [(token, 0)]
    while queue:
        t, d = queue.pop(0)
        if t.i in depth:
            continue
        depth[t.i] = d
        queue.extend(
            (c, d if syn.is_(c, "same_depth") else d + 1)
            for c in t.children
            if c.i != skip
            and not syn.is_(c, "punctuation")
            and (conjuncts or t.i != token.i or not (syn.is_(c, "conjunct") or syn.is_(c, "same_depth")))
        )
    return depth
