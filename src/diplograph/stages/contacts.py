"""Contacts: triggers found sentence by sentence, their parties, and the contact's fields.

A sentence with a contact trigger (data: ``lang/<lang>/triggers.yaml``) yields a contact when it names at
least two parties of different affiliations: the people in it, the people a pronoun, a group reference ("les
deux ministres") or a first-person speaker stands for, and states or organisations only where no person is
named for them. Mentions of one contact in several sentences (title and body, "cette rencontre") become one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..lang import compile_cues
from ..lang.caseless import Caseless, CaselessSet, lower
from .actors import ActorRef, DocActors, TitleGrammar
from .contact_fields import _destination_state, _host, _initiator, _location, _pick_date, _status, invited_by
from .contact_merge import (
    MEDIUM_RANK,
    Draft,
    Trip,
    _attach,
    _last_reported,
    _merge_or_add,
    _referent,
    _unique,
    complete_from_trip,
    complete_from_visits,
    date_from_visit,
    date_of_handing_over,
    fold_headline,
    hosted,
    join,
)
from .dates import DateGrammar, DateMention
from .layout import speaker_at
from .segment import Sentence
from .transcripts import transcript_contact


@dataclass(frozen=True)
class Trigger:
    id: str
    pattern: re.Pattern[str]
    medium: str | None
    host: str | None
    initiator: str | None
    needs_with: bool
    joint: bool  # a joint format ("réunion", "sommet"): its parties meet together, not in turn
    body: bool  # a meeting of a body: the subject and the organisation its object names


CONTACT_CUES = (
    "initiative",
    "invitation",
    "same_day",
    "joined",
    "sidelines",
    "agreed",
    "last_named",
    "possessive_before",
    "possessive_owner",
    "with_words",
    "referred_before",
    "reporting_frame",
    "with_marker",
    "joint",
)
ANCHORED_CUES = (
    "location_preposition",
    "not_location_before",
    "state_party_before",
    "genitive_before",
    "presence_before",
)


class ContactGrammar:
    """A pack's contact triggers and the cues around them, with its character windows."""

    def __init__(self, pack):
        self.pack = pack
        self.w = pack.data("windows.yaml")["windows"]
        self.dates = pack.grammar(DateGrammar)
        self.titles = pack.grammar(TitleGrammar)
        data = pack.data("triggers.yaml")
        self.triggers = [
            Trigger(
                t["id"],
                Caseless(t["pattern"]),
                t.get("medium"),
                t.get("host"),
                t.get("initiator"),
                bool(t.get("needs_with")),
                bool(t.get("joint")),
                bool(t.get("body")),
            )
            for t in data["triggers"]
        ]
        self.coref = [re.compile(p, re.IGNORECASE) for p in data["coref"]]
        # one pass to skip the sentences no trigger can match (most of them)
        self.any_trigger = Caseless(t["pattern"] for t in data["triggers"])
        self.trigger_set = CaselessSet(t.pattern for t in self.triggers)
        self.any_coref = re.compile("|".join(f"(?:{p})" for p in data["coref"]), re.IGNORECASE)
        self.coref_media = {
            medium: re.compile(rf"\b(?:{words})s?\b", re.IGNORECASE)
            for medium, words in data.get("coref_media", {}).items()
        }
        status = pack.data("status.yaml")
        cues = pack.data("contact_cues.yaml")
        self.all_parties_word = cues["all_parties_word"]
        # every cue by the name its data file gives it
        self.cue = compile_cues(status, ("planned", "occurred_override", "compound_past"))
        self.cue |= compile_cues(cues, CONTACT_CUES)
        self.cue |= compile_cues(cues, ("first_person", "pronoun_subject"), flags=0)  # "Il", "Nous": case counts
        self.cue |= compile_cues(cues, ANCHORED_CUES, anchor_end=True)


def find_triggers(text: str, sentences: list[Sentence], g: ContactGrammar) -> dict[int, list[tuple[int, int, Trigger]]]:
    """The cheap first pass: trigger matches (start, end, trigger) in each sentence, by sentence index."""
    out: dict[int, list[tuple[int, int, Trigger]]] = {}
    for sent in sentences:
        stext = text[sent.start : sent.end]
        lowered = lower(stext)
        if not g.any_trigger.search(stext, lowered):
            continue
        hits = [(m.start(), m.end(), g.triggers[k]) for k, m in g.trigger_set.finditer_each(stext, lowered)]
        if hits:
            out[sent.index] = hits
    return out


def extract_contacts(
    text: str,
    sentences: list[Sentence],
    actors: DocActors,
    dates: list[DateMention],
    anchor: dt.date | None,
    speaker: ActorRef | None,
    g: ContactGrammar,
    tense: dict[int, str] | None = None,
    triggers: dict[int, list[tuple[int, int, Trigger]]] | None = None,
    trips: list[Trip] | None = None,
    turns: list | None = None,
    members: dict[str, tuple[str, ...]] | None = None,
) -> list[Draft]:
    """The contact drafts of a document; the visits it states go to ``trips``. In a transcript, the first
    person is the speaker of the turn (``turns``). ``members`` gives the member states of each organisation or
    format (the knowledge base's), so that a meeting of a body whose members the text lists is a meeting of
    those states."""
    if triggers is None:
        triggers = find_triggers(text, sentences, g)
    by_sentence = actors.by_sentence(sentences)
    drafts: list[Draft] = []
    last_persons: list[ActorRef] = []
    trips = trips if trips is not None else []
    for sent in sentences:
        stext = text[sent.start : sent.end]
        hits = triggers.get(sent.index, [])
        is_coref = g.any_coref.search(stext) is not None
        mentions = hosted(by_sentence[sent.index], trips[-1] if trips else None)
        persons = [m for m in mentions if m.actor.is_person and m.actor.affiliation]
        if not hits:
            if drafts and g.cue["joined"].search(stext) and drafts[-1].sentences[-1] == sent.index - 1:
                join(drafts[-1], sent, mentions, persons, dates, anchor)
            elif is_coref and drafts:
                _attach(_referent(drafts, stext, g), sent, dates, anchor)
            if persons:
                last_persons = [m.actor for m in persons]
            continue
        voice = speaker_at(turns or [], sent.start, speaker)
        reading = _Reading(
            text,
            sent,
            hits,
            mentions,
            actors,
            dates,
            anchor,
            voice,
            last_persons,
            drafts,
            g,
            tense or {},
            members or {},
        )
        found = _drafts_from_sentence(reading)
        for draft in found:
            _merge_or_add(drafts, draft)
        trip = _trip(reading)
        if trip is not None:
            trips.append(trip)
        if not found and drafts and g.cue["joined"].search(stext) and drafts[-1].sentences[-1] == sent.index - 1:
            join(drafts[-1], sent, mentions, persons, dates, anchor)
        elif not found and is_coref and drafts:
            _attach(_referent(drafts, stext, g), sent, dates, anchor)
        if persons:
            last_persons = [m.actor for m in persons]
    return drafts


@dataclass(frozen=True)
class _Reading:
    """One trigger sentence and what reading it needs from the document."""

    text: str
    sent: Sentence
    hits: list
    mentions: list
    actors: DocActors
    dates: list
    anchor: dt.date | None
    speaker: ActorRef | None
    last_persons: list
    drafts: list
    g: ContactGrammar
    tense: dict
    members: dict

    @property
    def stext(self) -> str:
        return self.text[self.sent.start : self.sent.end]


def _drafts_from_sentence(r: _Reading) -> list[Draft]:
    out = []
    for clause in _clauses(r):
        found = _parties(clause)
        if found is not None:
            out.extend(_series(clause, _draft(clause, *found), found[1]))
    return out


def _clauses(r: _Reading) -> list[_Reading]:
    """A sentence telling two contacts of one subject ("X a été accueilli par A et s'est entretenu avec B")
    read as two: each trigger with the people named between it and the next trigger, and the subject named
    before the first. A sentence with people after one trigger only is one reading."""
    persons = [m for m in r.mentions if m.actor.is_person]
    bounds = [h[1] for h in r.hits]
    starts = [h[0] for h in r.hits[1:]] + [r.sent.end - r.sent.start]
    zones = [
        [m for m in r.mentions if r.sent.start + end <= m.start < r.sent.start + nxt]
        for end, nxt in zip(bounds, starts, strict=True)
    ]
    filled = [k for k, zone in enumerate(zones) if any(m.actor.is_person for m in zone)]
    if len(filled) < 2:
        return [r]
    head = r.sent.start + r.hits[0][0]
    subject = [m for m in r.mentions if m.start < head]
    if not any(m in persons for m in subject):
        return [r]
    return [replace(r, hits=[r.hits[k]], mentions=subject + zones[k]) for k in filled]


def _series(r: _Reading, draft: Draft, persons: list) -> list[Draft]:
    """One party meeting several counterparts in turn is several bilateral contacts, one per person: "s'est
    entretenu avec A, B, ainsi que C", "a rencontré outre son homologue X, le ministre Y et le conseiller Z",
    "a reçu les ambassadeurs de Chine et du Maroc". Not so when the subject side is several people (a
    delegation meeting another), or the sentence states one joint format ("ensemble", "trilatérale", a summit
    or a meeting)."""
    g, base = r.g, r.sent.start
    if draft.medium == "written" or any(t.joint for _s, _e, t in r.hits) or g.cue["joint"].search(r.stext):
        return [draft]  # a message carries the words of one to another; a joint format meets together
    with_hit = _with_partners(r.stext, r.hits, g, persons, base)
    cut = with_hit[0] if with_hit is not None else base + r.hits[0][1]
    # people named as someone's ("envoyé spécial du président X") are not met in turn
    after = {
        m.actor.key
        for m in persons
        if m.start >= cut and not g.cue["genitive_before"].search(r.text, max(cut, m.start - 40), m.start)
    }
    partners = [p for p in draft.parties if p.key in after and p.is_person]
    subject = [p for p in draft.parties if p.key not in after]
    if len(subject) != 1 or len(partners) < 2:
        return [draft]
    groups = [[p] for p in partners]
    others = [p for p in draft.parties if p not in subject and p not in partners]  # states named beside
    return [
        replace(draft, parties=subject + group + others, sentences=list(draft.sentences), spans=list(draft.spans))
        for group in groups
    ]


def _parties(r: _Reading) -> tuple[list[ActorRef], list, bool] | None:
    """The parties a trigger sentence names: the partners after "avec"/"entre" and their owner, the people
    an agreement names, or the people, first person, pronoun and states the sentence names."""
    text, sent, stext, hits, mentions, g = r.text, r.sent, r.stext, r.hits, r.mentions, r.g
    speaker, last_persons, drafts, tg = r.speaker, r.last_persons, r.drafts, g.titles
    base = sent.start
    first_start, first_end, _first = hits[0]
    excluded = [(base + m.start(), base + m.end()) for m in g.cue["reporting_frame"].finditer(stext)]

    def allowed(m) -> bool:
        return not any(a <= m.start and m.end <= b for a, b in excluded)

    persons = [m for m in mentions if m.actor.is_person and m.actor.affiliation and allowed(m)]
    parties: list[ActorRef] = []

    agreed = False
    if hits[0][2].body:
        return _body_parties(r, persons)
    with_hit = _with_partners(stext, hits, g, persons, base)
    noun_only = all(t.needs_with for _s, _e, t in hits)
    if with_hit is None and noun_only:
        for s, e, _t in hits:  # "sa rencontre avec X" is caught above; "leur entretien" needs both named
            if g.cue["possessive_before"].search(stext[max(0, s - g.w["possessive"]) : s]):
                with_hit = (base + e, "with")
                break
    if with_hit is not None:
        with_pos, marker = with_hit
        partners = [m for m in persons if m.start >= with_pos]
        if not partners:
            return None
        parties = [m.actor for m in partners]
        if marker == "with":
            owners = [m for m in persons if m.start < with_pos]
            if owners:
                parties.insert(0, owners[0].actor)
            else:
                owner = _pronoun_owner(stext, first_start, g, speaker, last_persons)
                if (
                    owner is None
                    and last_persons
                    and last_persons[0].affiliation not in {p.affiliation for p in parties}
                ):
                    owner = last_persons[0]  # "Outre une rencontre avec X, ...": the one the text is about
                if owner is not None:
                    parties.insert(0, owner)
    elif noun_only and g.cue["agreed"].search(stext):
        parties = [m.actor for m in persons]
        if len({p.affiliation for p in parties}) < 2 and drafts:
            parties = list(_last_reported(drafts).parties)
        agreed = True
    elif noun_only:
        return None
    else:
        parties = [m.actor for m in persons]
        if len({p.affiliation for p in parties}) < 2 and any(ref.search(stext) for ref in tg.group_refs) and drafts:
            parties = list(_last_reported(drafts).parties) + parties
        subject_zone = stext[:first_start]
        if g.cue["first_person"].search(subject_zone + stext[first_start:first_end]) and speaker is not None:
            parties.insert(0, speaker)
        elif g.cue["pronoun_subject"].search(stext[:first_end]) and not [
            m for m in persons if m.start < base + first_start
        ]:
            if last_persons:
                parties.insert(0, last_persons[0])
        covered = {p.affiliation for p in parties}
        for m in mentions:
            if m.actor.kind in {"state", "org"} and m.actor.affiliation not in covered and allowed(m):
                lead = text[max(0, m.start - g.w["party_lead"]) : m.start]
                if g.cue["state_party_before"].search(lead):
                    parties.append(m.actor)
                    covered.add(m.actor.affiliation)
    parties = _unique(parties)
    if len({p.affiliation for p in parties if p.affiliation}) < 2:
        return None
    return parties, persons, agreed


def _body_parties(r: _Reading, persons: list) -> tuple[list[ActorRef], list, bool] | None:
    """A meeting of a body: the people named before the trigger (or the one a pronoun stands for) and the
    organisation or format named after it, when no person speaks for that organisation."""
    head, tail = r.sent.start + r.hits[0][0], r.sent.start + r.hits[0][1]
    before = [m.actor for m in persons if m.start < head]
    subject = before[-1:]  # the one who takes part: the person named right before the verb
    invited = r.g.cue["invitation"].search(r.stext, 0, r.hits[0][0])
    if invited and subject:  # "X a invité Y à participer à la réunion": the one who invites takes part too
        subject = [m.actor for m in persons if m.start < r.sent.start + invited.start()][-1:] + subject
    if not subject:
        owner = _pronoun_owner(r.stext, r.hits[0][0], r.g, r.speaker, r.last_persons)
        subject = [owner] if owner is not None else []
    reach = tail + r.g.w["body_after"]  # the body is named in the meeting's own words, not later on
    bodies = [m.actor for m in r.mentions if m.actor.kind == "org" and tail <= m.start < reach]
    if not subject or not bodies:
        return None
    # "a meeting of G7 Foreign Ministers from Canada, France, ...": the members it lists take part, with the
    # people named after the trigger; the body stands for its members only where the text names none
    members = set(r.members.get(bodies[0].id, ()))
    listed = [m.actor for m in r.mentions if m.start >= tail and m.actor.kind == "state" and m.actor.id in members]
    if len(listed) >= 2:
        named = [m.actor for m in persons if m.start >= tail]
        parties = _unique(subject + listed + named)
        return (parties, persons, False) if len({p.affiliation for p in parties}) >= 2 else None
    parties = _unique(subject + bodies[:1])
    if len({p.affiliation for p in parties if p.affiliation}) < 2:
        return None
    return parties, persons, False


def _draft(r: _Reading, parties: list[ActorRef], persons: list, agreed: bool) -> Draft:
    """The contact's medium, status, date, place, host and initiator from its sentence."""
    text, sent, stext, hits, actors, g = r.text, r.sent, r.stext, r.hits, r.actors, r.g
    dates, anchor, drafts, tense = r.dates, r.anchor, r.drafts, r.tense
    base = sent.start
    first_start, first_end, first_trig = hits[0]
    medium = None
    for _s, _e, t in hits:
        if t.medium and MEDIUM_RANK[t.medium] > MEDIUM_RANK.get(medium, 0):
            medium = t.medium
    status = "planned" if agreed else _status(stext, hits, g, tense.get(sent.index))
    if status == "planned":  # "mardi" in an announcement is the coming Tuesday
        sent_dates = [
            replace(d, start=d.start + base, end=d.end + base) for d in g.dates.find(stext, anchor, prefer_future=True)
        ]
    else:
        sent_dates = [d for d in dates if sent.start <= d.start and d.end <= sent.end]
    # another contact noun well after the main trigger ("..., à l'occasion de sa visite d'État prévue du 28 au 30")
    others = tuple(base + h[0] for h in hits[1:] if h[2].needs_with and h[0] > first_end + g.w["other_trigger"])
    date = _pick_date(sent_dates, base + first_start, status, anchor, others)
    if date is None and status == "occurred" and anchor and g.cue["occurred_override"].search(stext):
        date = anchor.isoformat()
    location = None
    if medium in {None, "in_person"}:
        location = _location(text, sent, actors, g)
        if location is None and first_trig.host == "destination":
            location = _destination_state(text, sent, base + first_start, actors, g)
        if location and medium is None:
            medium = "in_person"
    if date is None and g.cue["same_day"].search(stext):
        earlier = [d for d in drafts if d.reported and d.date]
        date = earlier[-1].date if earlier else None
        if earlier and location is None and medium in {None, "in_person"} and earlier[-1].medium == "in_person":
            location = earlier[-1].location  # later the same day, on the same visit
    host = _host(text, sent, stext, hits, parties, persons, location, actors, g)
    initiator = _initiator(text, sent, stext, hits, parties, persons, actors, g)
    reported = status == "occurred" and not any(g.cue["referred_before"].search(stext[:s]) for s, _e, _t in hits)
    return Draft(
        parties,
        [sent.index],
        [(sent.start, sent.end)],
        medium,
        status,
        date,
        location,
        host,
        initiator,
        stext[first_start:first_end],
        reported,
        sidelines=bool(g.cue["sidelines"].search(stext)),
    )


def _with_partners(stext: str, hits, g, persons, base: int) -> tuple[int, str] | None:
    """Where the named partners of a contact noun begin: after "avec" or "entre" right behind the noun, when
    a person is named there ("les négociations avec le président américain Joe Biden")."""
    for _s, e, t in hits:
        if not t.needs_with and t.medium != "phone":
            continue
        wm = g.cue["with_marker"].match(stext, e)
        if wm and any(m.start >= base + wm.end() for m in persons):
            marker = "all" if stext[: wm.end()].lower().endswith(g.all_parties_word) else "with"
            return base + wm.end(), marker
    if all(t.needs_with for _s, _e, t in hits):
        # "nous avons eu avec mon homologue X des entretiens": the "avec" stands before the noun
        for wm in g.cue["with_words"].finditer(stext):
            if any(base + wm.end() <= m.start < base + wm.end() + g.w["partners_after_with"] for m in persons):
                return base + wm.end(), "all" if wm.group(0).lower() == g.all_parties_word else "with"
    return None


def _pronoun_owner(stext, pos, g, speaker, last_persons):
    if g.cue["first_person"].search(stext[:pos]) and speaker is not None:
        return speaker
    if g.cue["pronoun_subject"].search(stext[:pos]) and last_persons:
        return last_persons[0]
    if g.cue["possessive_owner"].search(stext[:pos]) and speaker is not None:
        return speaker
    return None


def _trip(r: _Reading) -> Trip | None:
    """A visit the sentence tells: its traveller, destination, date and inviter."""
    g, sent, stext = r.g, r.sent, r.stext
    visit = next((h for h in r.hits if h[2].host == "destination"), None)
    if visit is None:
        return None
    head = sent.start + visit[0]
    before = [m.actor for m in r.mentions if m.actor.is_person and m.actor.affiliation and m.start < head]
    traveller = before[-1] if before else _pronoun_owner(stext, visit[0], g, r.speaker, r.last_persons)
    place = _location(r.text, sent, r.actors, g) or _destination_state(r.text, sent, head, r.actors, g)
    if traveller is None or place is None or place[1] == traveller.affiliation:
        return None
    persons = [m for m in r.mentions if m.actor.is_person and m.actor.affiliation]
    status = _status(stext, [visit], g, r.tense.get(sent.index))
    sent_dates = [d for d in r.dates if sent.start <= d.start and d.end <= sent.end]
    date = _pick_date(sent_dates, head, status, r.anchor)
    return Trip(sent.index, traveller, place, status, date, invited_by(stext, sent.start, persons, r.actors, g))


class TriggerStage:
    """The cheap first pass: the sentences a contact trigger matches."""

    name = "triggers"
    requires = ("pack", "sentences")
    assigns = ("triggers",)

    def __call__(self, doc) -> None:
        doc.triggers = find_triggers(doc.text, doc.sentences, doc.pack.grammar(ContactGrammar))


class ContactStage:
    """Contact drafts from the trigger sentences, completed from the trip they belong to."""

    name = "contacts"
    requires = (
        "pack",
        "sentences",
        "layout",
        "actors",
        "dates",
        "anchor",
        "speaker",
        "turns",
        "dateline",
        "triggers",
        "tenses",
    )
    assigns = ("drafts",)

    def __init__(self, kb=None):
        self.members = {o.id: o.members for o in kb.organisations.values()} if kb is not None else {}

    def __call__(self, doc) -> None:
        g = doc.pack.grammar(ContactGrammar)
        trips: list[Trip] = []
        drafts = extract_contacts(
            doc.text,
            doc.sentences,
            doc.actors,
            doc.dates,
            doc.anchor,
            doc.speaker,
            g,
            doc.tenses,
            doc.triggers,
            trips,
            doc.turns,
            self.members,
        )
        complete_from_visits(drafts, trips)
        complete_from_trip(drafts)
        date_from_visit(drafts, doc.dates, doc.sentences)
        date_of_handing_over(drafts)
        drafts = fold_headline(drafts, doc.layout.title_span)
        recorded = transcript_contact(doc, drafts)
        if recorded is not None:
            drafts.insert(0, recorded)
        doc.drafts = drafts
