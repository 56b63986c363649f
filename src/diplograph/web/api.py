"""The JSON API under ``/api``, documented by OpenAPI at ``/openapi.json`` and ``/docs``."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Header, HTTPException, Query
from pydantic import BaseModel, Field

from ..store import summaries as summary
from .deps import ServicesDep, filters, found

router = APIRouter()


class NewDocument(BaseModel):
    doc_id: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=1_000_000)
    published: str | None = Field(default=None, max_length=40)
    title: str | None = Field(default=None, max_length=1000)


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int


@router.get("/api/contacts", response_model=Page, tags=["contacts"])
def api_contacts(
    svc: ServicesDep,
    actor: str | None = Query(None, description="knowledge-base id or affiliation code of a participant"),
    with_: str | None = Query(None, alias="with", description="a state or organisation taking part"),
    topic: str | None = None,
    medium: Literal["in_person", "phone", "video", "written"] | None = None,
    from_: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
    to: str | None = Query(None, description="YYYY-MM-DD"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Fused contacts (events), newest first, with the query filters of `diplograph query`."""
    f = filters(actor, with_, topic, medium, from_, to)
    return {"items": svc.store().query(f, limit=limit, offset=offset), "total": svc.store().count(f)}


@router.get("/api/contacts/{event_id}", tags=["contacts"])
def api_contact(svc: ServicesDep, event_id: str) -> dict[str, Any]:
    """One fused contact with its sources and the statements of its documents."""
    event = found(svc.store().event(event_id), "contact", event_id)
    event["statements"] = svc.store().statements_of(event)
    return event


@router.get("/api/actors", tags=["actors"])
def api_actors(
    svc: ServicesDep, q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=200)
) -> list[dict[str, Any]]:
    """Actors whose id or name contains `q`, most active first."""
    return summary.actors(svc.store(), q, limit)


@router.get("/api/actors/{actor_id}", tags=["actors"])
def api_actor(svc: ServicesDep, actor_id: str) -> dict[str, Any]:
    """An actor with its number of contacts, its counterparts ranked and its topics."""
    return found(summary.actor(svc.store(), actor_id), "actor", actor_id)


@router.get("/api/documents/{doc_id}", tags=["documents"])
def api_document(svc: ServicesDep, doc_id: str) -> dict[str, Any]:
    """A stored document: its record, its text and where it came from."""
    return found(svc.store().document(doc_id), "document", doc_id)


@router.get("/api/network", tags=["network"])
def api_network(
    svc: ServicesDep,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    with_: str | None = Query(None, alias="with"),
    topic: str | None = None,
) -> dict[str, Any]:
    """Who met whom over a period: actors as nodes, contacts counted on the edges."""
    return summary.network(svc.store(), filters(None, with_, topic, None, from_, to))


@router.post("/api/documents", status_code=201, tags=["documents"])
def api_ingest(svc: ServicesDep, doc: NewDocument, authorization: str | None = Header(None)) -> dict[str, Any]:
    """Extract and store one document (refused unless the server has an ingest token and the request
    carries it as a bearer token)."""
    svc.check_token(authorization)
    from ..readers import RawDocument

    record = svc.extract(RawDocument(doc.doc_id, doc.text, "api", doc.published, doc.title))
    if not hasattr(record, "original"):
        raise HTTPException(422, record.error)
    data = record.to_dict()
    with svc.writer() as writer:  # one transaction for the document, its contacts and their fusion
        writer.add_record(data, doc.text, "api")
        rows = writer.db.query("SELECT event_id FROM contacts WHERE doc_id = ? ORDER BY position", (doc.doc_id,))
    return {**data, "event_ids": [r[0] for r in rows]}
