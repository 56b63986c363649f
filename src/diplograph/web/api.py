"""The JSON API under ``/api``, documented by OpenAPI at ``/openapi.json`` and ``/docs``."""

from __future__ import annotations

import re
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, field_validator

from ..store import summaries as summary
from .deps import MAX_FILTER, MAX_OFFSET, ServicesDep, filters, found

router = APIRouter()
NOT_IN_TEXT = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL refuses it) and lone surrogates (not UTF-8)
NOT_IN_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # and the other control characters


def refuse(pattern: re.Pattern, value: str) -> str:
    """``value``, unless ``pattern`` finds a character in it (named by its code point, never echoed)."""
    if bad := pattern.search(value):
        raise ValueError(f"U+{ord(bad.group()):04X} at character {bad.start()} is not allowed")
    return value


class NewDocument(BaseModel):
    doc_id: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=1_000_000)
    published: str | None = Field(default=None, max_length=40)
    title: str | None = Field(default=None, max_length=1000)

    @field_validator("doc_id", "text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("blank (whitespace only)")
        return value

    @field_validator("text")
    @classmethod
    def readable_text(cls, value: str) -> str:
        return refuse(NOT_IN_TEXT, value)

    @field_validator("doc_id", "published", "title")
    @classmethod
    def one_line(cls, value: str | None) -> str | None:
        return None if value is None else refuse(NOT_IN_LINE, value)


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int


class TokenFirst(APIRoute):
    """A route that checks the ingest token before FastAPI reads the body: a client without the token gets
    401 or 403 whatever it sends, and learns nothing of the schema."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            request.app.state.services.check_token(request.headers.get("authorization"))
            return await handler(request)

        return checked


@router.get("/api/contacts", response_model=Page, tags=["contacts"])
def api_contacts(
    svc: ServicesDep,
    actor: str | None = Query(
        None, max_length=MAX_FILTER, description="knowledge-base id or affiliation code of a participant"
    ),
    with_: str | None = Query(
        None, alias="with", max_length=MAX_FILTER, description="a state or organisation taking part"
    ),
    topic: str | None = Query(None, max_length=MAX_FILTER),
    medium: Literal["in_person", "phone", "video", "written"] | None = None,
    from_: str | None = Query(None, alias="from", max_length=MAX_FILTER, description="YYYY-MM-DD"),
    to: str | None = Query(None, max_length=MAX_FILTER, description="YYYY-MM-DD"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
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
    from_: str | None = Query(None, alias="from", max_length=MAX_FILTER, description="YYYY-MM-DD"),
    to: str | None = Query(None, max_length=MAX_FILTER, description="YYYY-MM-DD"),
    with_: str | None = Query(None, alias="with", max_length=MAX_FILTER),
    topic: str | None = Query(None, max_length=MAX_FILTER),
) -> dict[str, Any]:
    """Who met whom over a period: actors as nodes, contacts counted on the edges."""
    return summary.network(svc.store(), filters(None, with_, topic, None, from_, to))


def api_ingest(svc: ServicesDep, doc: NewDocument) -> dict[str, Any]:
    """Extract and store one document (refused unless the server has an ingest token and the request
    carries it as a bearer token; the token is checked before the body is read)."""
    from ..readers import RawDocument

    record = svc.extract(RawDocument(doc.doc_id, doc.text, "api", doc.published, doc.title))
    if not hasattr(record, "original"):  # an ErrorRecord: the document could not be read or extracted
        raise HTTPException(422, " ".join(record.error.split()))
    data = record.to_dict()
    with svc.writer() as writer:  # one transaction for the document, its contacts and their fusion
        writer.add_record(data, doc.text, "api")
        rows = writer.db.query("SELECT event_id FROM contacts WHERE doc_id = ? ORDER BY position", (doc.doc_id,))
    return {**data, "event_ids": [r[0] for r in rows]}


router.add_api_route(
    "/api/documents",
    api_ingest,
    methods=["POST"],
    status_code=201,
    tags=["documents"],
    dependencies=[Depends(HTTPBearer(auto_error=False, description="the server's ingest token"))],  # for OpenAPI
    route_class_override=TokenFirst,
)
