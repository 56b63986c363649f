"""The JSON API under ``/api``, documented by OpenAPI at ``/openapi.json`` and ``/docs``."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, field_validator

from ..contract import STATEMENT_TYPES
from ..store import Filters, graph, places
from ..store import summaries as summary
from .deps import MAX_FILTER, MAX_OFFSET, ServicesDep, filters, found

router = APIRouter()
MAX_TOP = 5000  # nodes a network can be cut to (top-N)
PLACE = "country code (ISO 3166-1 alpha-3) where the contacts took place: their location's country"
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


class ContactPage(BaseModel):
    items: list[dict[str, Any]]
    total: int | None = Field(
        description="contacts selected; null when `q` has words in more documents than the store's"
        " `search.few_documents` (5,000 by default) and the other filters select more contacts than that:"
        " they are listed, newest first, but not counted"
    )


class TokenFirst(APIRoute):
    """A route that checks the ingest token before FastAPI reads the body: a client without the token gets
    401 or 403 whatever it sends, and learns nothing of the schema."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            request.app.state.services.check_token(request.headers.get("authorization"))
            return await handler(request)

        return checked


def contact_filters(
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
    q: str | None = Query(None, max_length=MAX_FILTER, description="words of their documents (full-text search)"),
):
    """The contact filters of `/api/contacts` and `/api/map` (those of `diplograph query`, plus words)."""
    return filters(actor, with_, topic, medium, from_, to, q=q)


ContactFilters = Annotated[Filters, Depends(contact_filters)]


@router.get("/api/contacts", response_model=ContactPage, tags=["contacts"])
def api_contacts(
    svc: ServicesDep,
    selection: ContactFilters,
    place: str | None = Query(None, max_length=MAX_FILTER, description=PLACE),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """Fused contacts (events), newest first, with the query filters of `diplograph query`; `q` keeps those
    with a source document holding its words (as `/api/search`), `place` those that took place in a country
    (as `/api/map` counts them)."""
    f = replace(selection, place=place or None)
    store = svc.store()
    total = None if summary.too_common(store, f) else store.count(f)
    return {"items": store.query(f, limit=limit, offset=offset), "total": total}


@router.get("/api/search", tags=["search"])
def api_search(
    svc: ServicesDep,
    q: str = Query("", max_length=MAX_FILTER, description='words (accents and case ignored), "a phrase", prefix*'),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """Documents whose title or text holds every word of `q`, best first: `{"query", "total", "items"}`, each
    with a `snippet` (`text`, and `marks`: [start, end] offsets of the matched words in it) and the `events`
    of its contacts. Quotes, operators and brackets are read as punctuation, never as an error."""
    return svc.store().search(q, limit, offset)


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


class FastJSON(JSONResponse):
    """JSON written by orjson: a network page of 10^5 edges in a tenth of the standard library's time."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@router.get("/api/network", tags=["network"])
def api_network(
    svc: ServicesDep,
    from_: str | None = Query(None, alias="from", max_length=MAX_FILTER, description="YYYY-MM-DD"),
    to: str | None = Query(None, max_length=MAX_FILTER, description="YYYY-MM-DD"),
    with_: str | None = Query(None, alias="with", max_length=MAX_FILTER),
    topic: str | None = Query(None, max_length=MAX_FILTER),
    view: Literal["person", "country"] = Query("person", description="people, or states and organisations"),
    top: int | None = Query(None, ge=1, le=MAX_TOP, description="keep the top-N nodes by degree (default: all)"),
    after: str | None = Query(None, max_length=MAX_FILTER, description="the `edges_next` of the previous page"),
    limit: int = Query(graph.EDGES_PER_PAGE, ge=1, le=graph.EDGES_PER_PAGE, description="edges per page"),
) -> FastJSON:
    """Who met whom over a period, counted over every selected event: people (or, in the country view, states
    and organisations) as nodes, events counted on the edges. `events_total` is the number of selected
    events; `events_covered` the events with at least one node shown, equal to it unless `top` left nodes
    out (`nodes_total` counts the nodes before the cut). Every node comes at once, the edges a page at a
    time: `edges_total` of them in all, `limit` per page (heaviest first within a page); `edges_next`, when
    not null, is the `after` that asks for the next page."""
    try:
        page = graph.Page(limit=limit) if after is None else graph.page_after(after, limit)
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    chosen = filters(None, with_, topic, None, from_, to)
    # written as it is: a graph of a million events may have 10^5 edges, each not worth a validation
    return FastJSON(graph.network(svc.store(), chosen, view, top, page))


@router.get("/api/map", tags=["map"])
def api_map(
    svc: ServicesDep,
    selection: ContactFilters,
) -> dict[str, Any]:
    """Where contacts took place: the contacts of `/api/contacts`'s filters counted by the country of their
    place (their `location`'s country), over the whole selection. `events_total` counts the selected
    contacts, `events_located` those with a stated place; `countries`, most contacts first, are
    `{"code", "name", "events"}` (codes ISO 3166-1 alpha-3, as the contacts' `location.country`; Kosovo XKX).
    `/api/contacts?place=CODE` lists a country's contacts. When `q` has words in more documents than the
    store's `search.few_documents` and the other filters select more contacts than that, nothing is counted:
    `events_total` and `events_located` are null, `countries` empty."""
    return places.counts(svc.store(), selection)


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


# --- statements (issue 14, point 3) ----------------------------------------------------------------
StatementType = Literal[STATEMENT_TYPES]


def statement_items(store, statements: list[dict[str, Any]], context: int = 0) -> list[dict[str, Any]]:
    """The API's form of stored statements: the sentence (the evidence span of the document's text) and
    the document's title and URL; with ``context`` > 0, also up to that many characters either side, kept
    as ``before`` and ``after`` for the page (the API leaves them out)."""
    from ..store.tables import documents

    docs = documents(store.db, (s["doc_id"] for s in statements))
    out = []
    for s in statements:
        doc = docs.get(s["doc_id"]) or {}
        text = doc.get("text") or ""
        span = s.get("evidence") or {}
        start, end = max(0, int(span.get("start") or 0)), min(len(text), int(span.get("end") or 0))
        item = {
            "statement_id": s["statement_id"],
            "type": s.get("type"),
            "source": s.get("source") or [],
            "target": s.get("target") or [],
            "topics": s.get("topics") or [],
            "negated": bool(s.get("negated")),
            "cue": s.get("cue"),
            "plover": s.get("plover"),
            "cameo": s.get("cameo"),
            "doc_id": s["doc_id"],
            "date": (s.get("published") or "")[:10] or None,
            "published": s.get("published"),
            "evidence": {
                "start": span.get("start"),
                "end": span.get("end"),
                "text": text[start:end] if end > start else None,
            },
            "document": {"title": doc.get("title"), "url": doc.get("url")},
        }
        if context:
            item["before"] = text[max(0, start - context) : start]
            item["after"] = text[end : end + context]
        out.append(item)
    return out


@router.get("/api/statements", response_model=Page, tags=["statements"])
def api_statements(
    svc: ServicesDep,
    source: str | None = Query(None, max_length=MAX_FILTER, description="affiliation code of the speaker (RUS, EU)"),
    target: str | None = Query(None, max_length=MAX_FILTER, description="affiliation code addressed"),
    type: StatementType | None = None,
    topic: str | None = Query(None, max_length=MAX_FILTER),
    from_: str | None = Query(None, alias="from", max_length=MAX_FILTER, description="YYYY-MM-DD (published)"),
    to: str | None = Query(None, max_length=MAX_FILTER, description="YYYY-MM-DD (published)"),
    negated: Literal["true", "false"] | None = None,
    doc: str | None = Query(None, max_length=300, description="a document's id"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """Stored statements, newest document first, each with its sentence (evidence text and offsets) and
    its document's title and URL."""
    f = filters(None, None, None, None, from_, to)
    store = svc.store()
    items, total = store.statements_page(
        source=source,
        target=target,
        type=type,
        topic=topic,
        since=f.since,
        until=f.until,
        negated=None if negated is None else negated == "true",
        doc_id=doc,
        limit=limit,
        offset=offset,
    )
    return {"items": statement_items(store, items), "total": total}
