"""The edge: a finished ``Doc`` becomes a frozen ``DocumentRecord`` whose offsets point into the original."""

from __future__ import annotations

from dataclasses import replace

from .records import Actor, Contact, DocumentRecord, Evidence, Location
from .stages.contact_merge import Draft, protocol_host


def build_record(doc, coder, heads) -> DocumentRecord:
    """``heads``: the roles that receive in protocol (``kb.roles.heads``)."""
    raw, ct, lay = doc.raw, doc.clean, doc.layout
    contacts, statements = (), ()
    if doc.drafts is not None:
        contacts = tuple(
            _contact(d, topics, ct, doc.actors, doc.dateline, coder, heads)
            for d, topics in zip(doc.drafts, doc.topics, strict=True)
        )
    if doc.statements is not None:
        statements = tuple(
            replace(s, evidence=Evidence(*ct.to_original(s.evidence.start, s.evidence.end))) for s in doc.statements
        )
    return DocumentRecord(
        raw.doc_id,
        doc.language,
        lay.title,
        lay.published,
        contacts,
        statements,
        text=raw.text if raw.extracted else None,
        source=raw.source,
        original=raw.text,
        published_source=lay.published_source,
        url=raw.url,
    )


def _contact(d: Draft, topics, ct, actors, dateline, coder, heads) -> Contact:
    participants = []
    for p in d.parties:
        ref = actors.actors.get(p.key, p)
        # the contact's own reading of a party wins: an official named without a state during a visit is the host's
        participants.append(Actor(ref.id, ref.name, p.affiliation or ref.affiliation, ref.role, ref.wikidata))
    host = d.host or protocol_host(d, heads)
    if d.medium not in {None, "in_person"}:
        host = None
    place = d.location
    if place is None and dateline and d.medium == "in_person" and d.status == "occurred" and host == dateline[1]:
        place = dateline  # "Dakar, le 14 mai 2024 - Le Président a reçu ...": the dateline says where
    location = Location(place[0], place[1]) if place else None
    evidence = tuple(Evidence(*ct.to_original(a, b)) for a, b in sorted(d.spans))
    affiliations = [a.affiliation for a in participants if a.affiliation]
    plover, cameo = coder.contact(d.medium, host, location.country if location else None, affiliations, d.trigger)
    return Contact(
        d.medium,
        d.status,
        d.date,
        location,
        tuple(participants),
        d.initiator,
        host,
        tuple(topics),
        evidence,
        d.trigger,
        plover,
        cameo,
    )
