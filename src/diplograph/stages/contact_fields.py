"""A contact's fields from its trigger sentence: status, date, place, host and initiator."""

from __future__ import annotations

from .actors import DocActors
from .dates import DateMention


def _status(stext, hits, g, verb_tense) -> str:
    for s, e, _t in hits[:1]:  # the main trigger's own vicinity: a planned visit later in the sentence is not this
        window = stext[max(0, s - g.w["status"]) : min(len(stext), e + g.w["status"])]
        if g.cue["occurred_override"].search(window):
            return "occurred"
        if g.cue["planned"].search(window):
            return "planned"
    if verb_tense in {"future", "conditional"}:
        return "planned"
    return "occurred"


def _pick_date(
    sent_dates: list[DateMention], trigger_pos: int, status: str, anchor, other_hits: tuple[int, ...] = ()
) -> str | None:
    usable = [d for d in sent_dates if d.value]
    if not usable:
        return None
    if other_hits:  # a date nearer another trigger of the sentence belongs to that one
        usable = [d for d in usable if abs(d.start - trigger_pos) <= min(abs(d.start - h) for h in other_hits)]
        if not usable:
            return None
    best = min(usable, key=lambda d: abs(d.start - trigger_pos))
    if best.span_month:
        return best.span_month  # "les 10 et 11 juillet": a contact over several days, or on a day not given
    return best.value[:10] if len(best.value) >= 10 else best.value


def _location(text, sent, actors: DocActors, g) -> tuple[str, str] | None:
    for start, end, name, country in actors.places:
        if not (sent.start <= start and end <= sent.end):
            continue
        lead = text[max(sent.start, start - g.w["location_lead"]) : start]
        if g.cue["location_preposition"].search(lead) and not g.cue["not_location_before"].search(lead):
            return (name, country)
    return None


def _host(text, sent, stext, hits, parties, persons, location, actors, g) -> str | None:
    affs = {p.affiliation for p in parties}
    base = sent.start
    for s, e, t in hits:
        if t.host in {"subject", "agent"}:
            found = _party_at(persons, base + s, base + e, t.host, g.w["agent_slack"])
            if found:
                return found
        elif t.host == "destination":
            if location:
                return location[1]
            found = _destination_state(text, sent, base + s, actors, g)
            if found:
                return found[1]
    if location and (location[1] in affs or any(t.body for _s, _e, t in hits)):
        return location[1]  # a party's own state, or the state that holds a body's meeting
    return None


def _destination_state(text, sent, after: int, actors, g) -> tuple[str, str] | None:
    """The state a visit goes to: "une visite en Algérie", "se rendra au Maroc"."""
    for start, end, code, kind in actors.states:
        if start >= after and end <= sent.end and kind == "country":
            if g.cue["location_preposition"].search(text[max(sent.start, start - g.w["destination_lead"]) : start]):
                return text[start:end], code
    return None


def invited_by(stext: str, base: int, persons, actors: DocActors, g) -> str | None:
    """Whose initiative or invitation a sentence states ("à l'initiative de la partie française", "sur
    invitation du ministre X", "à l'initiative de ce dernier"): the state or person named right after."""
    m = g.cue["initiative"].search(stext)
    if m is None:
        return None
    if g.cue["last_named"].match(stext, m.end()):
        before = [p for p in persons if p.start < base + m.start()]
        return before[-1].actor.affiliation if before else None  # "ce dernier": the last one named
    after = base + m.end()
    for start, _end, code, _kind in actors.states:
        if after - 1 <= start <= after + g.w["initiator_after"]:
            return code
    later = [p for p in persons if p.start >= after - 1]
    return later[0].actor.affiliation if later else None


def _initiator(text, sent, stext, hits, parties, persons, actors, g) -> str | None:
    base = sent.start
    found = invited_by(stext, base, persons, actors, g)
    if found:
        return found
    inv = g.cue["invitation"].search(stext)
    if inv:
        inviters = [p for p in persons if p.start < base + inv.start()]
        if inviters:
            return inviters[-1].actor.affiliation
    for s, e, t in hits:
        if t.initiator in {"subject", "de"}:
            where = "subject" if t.initiator == "subject" else "agent"
            found = _party_at(persons, base + s, base + e, where, g.w["agent_slack"])
            if found:
                return found
    return None


def _party_at(persons, start: int, end: int, where: str, slack: int) -> str | None:
    """Affiliation of the trigger's subject (the first person before it) or of its agent or "de" party (the
    first person named after it; a few characters of slack for "par"/"de" at the trigger's end)."""
    if where == "subject":
        found = [m for m in persons if m.start < start]
    else:
        found = [m for m in persons if m.start >= end - slack]
    return found[0].actor.affiliation if found else None
