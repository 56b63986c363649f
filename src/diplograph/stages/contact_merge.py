"""A document's contacts put together: mentions of one contact merged, and contacts completed from the trip
they belong to (a visit's place, host, date and inviter; a visit's month; the protocol host)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .actors import ActorRef
from .segment import Sentence

MEDIUM_RANK = {"video": 4, "phone": 3, "written": 2, "in_person": 1}


@dataclass
class Draft:
    """A contact while the document is read; frozen into a record at the edge."""

    parties: list[ActorRef]
    sentences: list[int]
    spans: list[tuple[int, int]]
    medium: str | None
    status: str
    date: str | None
    location: tuple[str, str] | None
    host: str | None
    initiator: str | None
    trigger: str
    reported: bool  # reported as an event of this text, not merely referred to
    sidelines: bool = False  # "en marge du sommet": a contact of its own beside a larger one

    def keys(self) -> set[str]:
        return {p.key for p in self.parties}

    def affiliations(self) -> set[str]:
        return {p.affiliation for p in self.parties if p.affiliation}


@dataclass(frozen=True)
class Trip:
    """A visit the text states ("X a effectué une visite de travail au Luxembourg"): the meetings of the
    traveller there, told after it, took place on that trip."""

    sentence: int
    traveller: ActorRef
    place: tuple[str, str]  # (name, country): a city when the text names one, else the state
    status: str
    date: str | None
    initiator: str | None


def _unique(parties: list[ActorRef]) -> list[ActorRef]:
    seen: dict[str, ActorRef] = {}
    for p in parties:
        seen.setdefault(p.key, p)
    persons_affs = {p.affiliation for p in seen.values() if p.is_person}
    return [p for p in seen.values() if p.is_person or p.affiliation not in persons_affs]


def _referent(drafts: list[Draft], stext: str, g) -> Draft:
    """The contact a back-reference names: the last reported one whose medium its noun fits ("l'audience")."""
    reported = [d for d in drafts if d.reported] or drafts
    media = {medium for medium, pattern in g.coref_media.items() if pattern.search(stext)}
    fitting = [d for d in reported if d.medium in media]
    return (fitting or reported)[-1]


def _last_reported(drafts: list[Draft]) -> Draft:
    reported = [d for d in drafts if d.reported]
    return (reported or drafts)[-1]


def _attach(draft: Draft, sent: Sentence, dates, anchor) -> None:
    if sent.index not in draft.sentences:
        draft.sentences.append(sent.index)
        draft.spans.append((sent.start, sent.end))
    if draft.date is None:
        found = [d for d in dates if sent.start <= d.start and d.end <= sent.end and d.value]
        if found:
            draft.date = found[0].value[:10]


def _named(p: ActorRef) -> bool:
    """A person the text names (known or not), as opposed to an office a title stands for."""
    return p.is_person and bool(p.id or p.key.startswith("name:"))


def _compatible(a: Draft, b: Draft) -> bool:
    ka, kb_ = a.keys(), b.keys()
    if (a.sidelines or b.sidelines) and ka != kb_:
        return False
    overlap = ka & kb_
    only_a = {p.key for p in a.parties if p.key not in overlap and _named(p)}
    only_b = {p.key for p in b.parties if p.key not in overlap and _named(p)}
    if only_a and only_b:
        return False  # two different people named on each side: two contacts
    if not (ka <= kb_ or kb_ <= ka or len(overlap) >= 2):
        # same parties by affiliation (a title resolved one way, a name the other)
        if not (a.affiliations() == b.affiliations() and len(overlap) >= 1):
            return False
    if a.medium and b.medium and a.medium != b.medium and "in_person" not in {a.medium, b.medium} | {None}:
        return False
    if a.medium and b.medium and a.medium != b.medium:
        return False
    if a.status != b.status:
        return False
    if a.date and b.date and a.date[:10] != b.date[:10]:
        return False
    return True


def _merge_or_add(drafts: list[Draft], new: Draft) -> None:
    for old in reversed(drafts):
        if _compatible(old, new):
            keys = old.keys()
            old.parties.extend(p for p in new.parties if p.key not in keys)
            old.parties[:] = _unique(old.parties)
            for idx, span in zip(new.sentences, new.spans, strict=True):
                if idx not in old.sentences:
                    old.sentences.append(idx)
                    old.spans.append(span)
            old.medium = old.medium or new.medium
            if new.medium and MEDIUM_RANK.get(new.medium, 0) > MEDIUM_RANK.get(old.medium, 0):
                old.medium = new.medium
            old.date = old.date or new.date
            old.location = old.location or new.location
            old.host = old.host or new.host
            old.initiator = old.initiator or new.initiator
            old.reported = old.reported or new.reported
            return
    drafts.append(new)


def complete_from_visits(drafts: list[Draft], trips: list[Trip]) -> None:
    """A meeting of a traveller with people of the state visited, told after the visit and leaving its
    medium, place, host, date or inviter unsaid, took place on that visit."""
    for draft in drafts:
        first = min(draft.sentences)
        trip = next(
            (
                t
                for t in reversed(trips)
                if t.sentence <= first
                and t.traveller.key in draft.keys()
                and t.place[1] in draft.affiliations()
                and t.status == draft.status
            ),
            None,
        )
        if trip is None or draft.medium not in {None, "in_person"}:
            continue
        draft.medium = "in_person"
        draft.location = draft.location or trip.place
        draft.host = draft.host or trip.place[1]
        draft.date = draft.date or trip.date
        draft.initiator = draft.initiator or trip.initiator


def complete_from_trip(drafts: list[Draft]) -> None:
    """A contact whose medium the text leaves unsaid, on the day of an in-person contact of one of its parties,
    is part of the same trip: in person, at the same place when it names none, with that place's host."""
    for d in drafts:
        if d.medium not in {None, "in_person"} or d.status != "occurred":
            continue
        for other in drafts:
            if other is d or other.medium != "in_person" or other.status != "occurred" or not other.date:
                continue
            same_day = d.date == other.date and d.keys() & other.keys()
            # an undated, unplaced meeting of the same visit: same host, or a shared party
            same_trip = (
                d.date is None
                and d.location is None
                and d.medium == "in_person"
                and ((d.host and d.host == other.host) or d.keys() & other.keys())
            )
            if not (same_day or same_trip):
                continue
            d.medium = "in_person"
            d.date = d.date or other.date
            if d.location is None and other.location is not None:
                d.location = other.location
                d.host = d.host or (other.location[1] if other.location[1] in d.affiliations() else None)
            d.host = d.host or (other.host if other.host in d.affiliations() else None)
            break


def date_of_handing_over(drafts: list[Draft]) -> None:
    """A message with no date of its own, handed over by someone met in person just before, was handed over
    that day ("X a reçu Y. Y lui a remis un message de Z")."""
    for draft in drafts:
        if draft.medium != "written" or draft.date:
            continue
        first = min(draft.sentences)
        met = [
            d
            for d in drafts
            if d.medium == "in_person" and d.date and min(d.sentences) < first and d.keys() & draft.keys()
        ]
        if met:
            draft.date = max(met, key=lambda d: min(d.sentences)).date


def date_from_visit(drafts: list[Draft], dates, sentences) -> None:
    """An undated meeting that took place during a visit the text dates as a range of days ("a effectué du 16
    au 17 mai 2013 une visite") took place in that month: the latest such range before it gives its date."""
    spans = [d for d in dates if d.span_month]
    for draft in drafts:
        if draft.date or draft.status != "occurred" or draft.medium not in {None, "in_person"}:
            continue
        start = sentences[min(draft.sentences)].start
        before = [d for d in spans if d.start < start]
        if before:
            draft.date = before[-1].span_month


def protocol_host(draft: Draft, head_rank) -> str | None:
    """An in-person meeting of a head of state or government with another state's minister: the head's state
    receives (ministers travel to heads of state, not the other way round)."""
    if draft.medium != "in_person" or len(draft.affiliations()) != 2:
        return None
    heads = {p.affiliation for p in draft.parties if p.is_person and p.role in head_rank}
    others = {p.affiliation for p in draft.parties if p.is_person and p.role and p.role not in head_rank}
    if len(heads) == 1 and others and not (others & heads):
        return next(iter(heads))
    return None


def fold_headline(drafts: list[Draft], title_span: tuple[int, int] | None) -> list[Draft]:
    """A headline announces the contact its body tells ("Foreign Secretary meeting with Irish Foreign Minister",
    then "The Foreign Secretary met Tánaiste Simon Coveney"): a contact read in the headline alone is dropped
    when the body tells one of the same states or organisations, medium and status, which names them better."""
    if title_span is None:
        return drafts
    a, b = title_span

    def in_headline(d: Draft) -> bool:
        return all(a <= s and e <= b for s, e in d.spans)

    body = [d for d in drafts if not in_headline(d)]
    return [
        d
        for d in drafts
        if not in_headline(d)
        or not any(
            o.affiliations() == d.affiliations() and o.status == d.status and d.medium in {None, o.medium} for o in body
        )
    ]


def join(last: Draft, sent: Sentence, mentions: list, persons: list, dates, anchor) -> None:
    """More participants of the contact just told ("I invited the Foreign Ministers of Australia and India to
    join these discussions"): the people named, and the states whose unnamed ministers joined."""
    present = last.affiliations() | {m.actor.affiliation for m in persons}
    states = [m.actor for m in mentions if m.actor.kind == "state" and m.actor.affiliation not in present]
    if persons or states:
        _attach(last, sent, dates, anchor)
        last.parties[:] = _unique(last.parties + [m.actor for m in persons] + states)


def hosted(mentions: list, trip: Trip | None) -> list:
    """During a visit, an official the text names without a state ("le ministre des Finances, M. X") is one of
    the host's: the traveller's meetings there are with them."""
    if trip is None:
        return mentions
    return [
        replace(m, actor=replace(m.actor, affiliation=trip.place[1]))
        if m.actor.is_person and not m.actor.affiliation and m.actor.key != trip.traveller.key
        else m
        for m in mentions
    ]
