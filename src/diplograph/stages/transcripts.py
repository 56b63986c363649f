"""The meeting a transcript records: remarks before or after talks, a joint press availability.

A transcript whose speakers (``doc.turns``), with the people its headline names, belong to two or more states
or organisations records their meeting: one contact of those people, that took place, in person, on the day the
page is dated, where its dateline says, else where its headline places it ("Joint press conference, East Asia
Summit, Kuala Lumpur"), else where a speaker says they are ("I am delighted to welcome you in Tokyo"). A briefing with one government's officials (a spokesperson, "a senior
administration official") and its journalists records none.
"""

from __future__ import annotations

from .contact_merge import Draft, _unique


def transcript_contact(doc, drafts: list[Draft]) -> Draft | None:
    """The contact of a transcript's speakers and the people its headline names, when they are of two or more
    affiliations and no contact the text states already gathers them."""
    speakers = [who for _start, _end, who in doc.turns if who is not None and who.affiliation]
    if not speakers:
        return None
    named = []
    if doc.layout.title_span is not None:
        a, b = doc.layout.title_span
        named = [m.actor for m in doc.actors.in_span(a, b) if m.actor.is_person and m.actor.affiliation]
    parties = _unique(speakers + named)
    if len({p.affiliation for p in parties}) < 2:
        return None
    keys = {p.key for p in parties}
    if any(d.reported and keys <= d.keys() for d in drafts):
        return None
    start, end = _label(doc)
    first = next((s.index for s in doc.sentences if s.end > end), doc.sentences[-1].index if doc.sentences else 0)
    place = doc.dateline or _headline_place(doc) or _presence_place(doc)
    host = place[1] if place and place[1] in {p.affiliation for p in parties} else None
    published = doc.layout.published[:10] if doc.layout.published else None
    trigger = doc.text[start:end]
    return Draft(parties, [first], [(start, end)], "in_person", "occurred", published, place, host, None, trigger, True)


def _headline_place(doc) -> tuple[str, str] | None:
    """The last place the headline names (the place ends a headline: "..., East Asia Summit, Kuala Lumpur")."""
    if doc.layout.title_span is None:
        return None
    a, b = doc.layout.title_span
    places = [(name, country) for s, e, name, country in doc.actors.places if a <= s and e <= b]
    return places[-1] if places else None


def _presence_place(doc) -> tuple[str, str] | None:
    """The first place the first speaker says they are in (the pack's ``presence_before`` cue right before it:
    "welcome you in Tokyo", "delighted to be in Jakarta")."""
    from .contacts import ContactGrammar  # contacts imports this module

    g = doc.pack.grammar(ContactGrammar)
    start, end, _who = doc.turns[0]
    for s, _e, name, country in doc.actors.places:
        if start <= s < end and g.cue["presence_before"].search(doc.text[max(start, s - g.w["location_lead"]) : s]):
            return name, country
    return None


def _label(doc) -> tuple[int, int]:
    """The first speaker label of the transcript: the contact's evidence."""
    start = doc.turns[0][0]
    line_end = doc.text.find("\n", start)
    colon = doc.text.find(":", start, line_end if line_end >= 0 else len(doc.text))
    return start, colon if colon > start else start + 1
