"""The web app: pages to explore the store (timeline, actor, network, topic × country, contact with its
evidence) and the JSON API they use, documented by OpenAPI. Everything it serves comes from the app itself:
no CDN, no font or script from elsewhere.

    diplograph serve --db diplograph.sqlite --port 8000 [--ingest-token TOKEN]

Read-only unless started with an ingest token; then ``POST /api/documents`` with ``Authorization: Bearer
TOKEN`` extracts and stores one document.
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from ..store import Filters, Store

HERE = Path(__file__).parent
MAX_BODY = 2 * 1024 * 1024  # a press release is a few kB; 2 MB leaves room and bounds memory
MEDIA = ["in_person", "phone", "video", "written"]


class NewDocument(BaseModel):
    doc_id: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=1_000_000)
    published: str | None = Field(default=None, max_length=40)
    title: str | None = Field(default=None, max_length=1000)


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int


def _topics() -> list[str]:
    from ..kb.files import load_lang_yaml

    data = load_lang_yaml("fr", "topics.yaml")
    ids = (
        [t["id"] for t in data.get("topics", [])]
        if isinstance(data.get("topics"), list)
        else list(data.get("topics", {}))
    )
    return sorted(ids)


def create_app(db: str | None = None, ingest_token: str | None = None) -> FastAPI:
    app = FastAPI(
        title="diplograph",
        version=__import__("diplograph").__version__,
        description="Diplomatic contacts and statements, fused across sources, with their evidence.",
        docs_url=None,
        redoc_url=None,
    )
    app.openapi_version = "3.0.3"  # the Swagger UI of the swagger-ui-bundle package (4.x) reads OpenAPI 3.0
    local = threading.local()
    url = db

    def store() -> Store:
        # one connection per server thread (SQLite connections stay in their thread)
        if getattr(local, "store", None) is None:
            local.store = Store(url, read_only=True)
        return local.store

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    import swagger_ui_bundle

    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    topics = _topics()
    pipeline_lock = threading.Lock()
    state: dict[str, Any] = {}

    @app.middleware("http")
    async def limits(request: Request, call_next):
        """Bounded bodies, and pages that load nothing from elsewhere."""
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, status_code=413)
        if request.method in {"POST", "PUT", "PATCH"} and length is None:
            return JSONResponse({"detail": "a Content-Length header is required"}, status_code=411)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def filters(actor, country, topic, medium, since, until, with_actor=None) -> Filters:
        return Filters(
            actor=actor or None,
            with_=(with_actor or country) or None,
            topic=topic or None,
            medium=medium or None,
            since=_day(since),
            until=_day(until),
        )

    # --- JSON API --------------------------------------------------------------------------------
    @app.get("/api/contacts", response_model=Page, tags=["contacts"])
    def api_contacts(
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
        return {"items": store().query(f, limit=limit, offset=offset), "total": store().count(f)}

    @app.get("/api/contacts/{event_id}", tags=["contacts"])
    def api_contact(event_id: str) -> dict[str, Any]:
        """One fused contact with its sources and the statements of its documents."""
        event = _found(store().event(event_id), "contact", event_id)
        event["statements"] = store().statements_of(event)
        return event

    @app.get("/api/actors", tags=["actors"])
    def api_actors(q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
        """Actors whose id or name contains `q`, most active first."""
        return store().actors(q, limit)

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def api_actor(actor_id: str) -> dict[str, Any]:
        """An actor with its number of contacts, its counterparts ranked and its topics."""
        return _found(store().actor(actor_id), "actor", actor_id)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """A stored document: its record, its text and where it came from."""
        return _found(store().document(doc_id), "document", doc_id)

    @app.get("/api/network", tags=["network"])
    def api_network(
        from_: str | None = Query(None, alias="from"),
        to: str | None = None,
        with_: str | None = Query(None, alias="with"),
        topic: str | None = None,
    ) -> dict[str, Any]:
        """Who met whom over a period: actors as nodes, contacts counted on the edges."""
        return store().network(filters(None, with_, topic, None, from_, to))

    @app.post("/api/documents", status_code=201, tags=["documents"])
    def api_ingest(doc: NewDocument, authorization: str | None = Header(None)) -> dict[str, Any]:
        """Extract and store one document (refused unless the server has an ingest token and the request
        carries it as a bearer token)."""
        if not ingest_token:
            raise HTTPException(403, "this server is read-only (start it with --ingest-token to accept documents)")
        given = (
            (authorization or "").removeprefix("Bearer ").strip() if (authorization or "").startswith("Bearer ") else ""
        )
        if not given or not hmac.compare_digest(given.encode(), ingest_token.encode()):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
        from ..readers import RawDocument

        with pipeline_lock:
            if "pipeline" not in state:
                from ..pipeline import load

                state["pipeline"] = load()
            record = state["pipeline"](RawDocument(doc.doc_id, doc.text, "api", doc.published, doc.title))
        if not hasattr(record, "original"):
            raise HTTPException(422, record.error)
        data = record.to_dict()
        with Store(url) as writer:  # one transaction for the document, its contacts and their fusion
            writer.add_record(data, doc.text, "api")
            rows = writer.db.query("SELECT event_id FROM contacts WHERE doc_id = ? ORDER BY position", (doc.doc_id,))
        return {**data, "event_ids": [r[0] for r in rows]}

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="diplograph API",
            swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
        )

    # --- pages ------------------------------------------------------------------------------------
    def page(request: Request, name: str, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"topics": topics, "media": MEDIA, **context})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def timeline(
        request: Request,
        actor: str = "",
        country: str = "",
        topic: str = "",
        medium: str = "",
        from_: str = Query("", alias="from"),
        to: str = "",
        with_actor: str = Query("", alias="with"),
        page_no: int = Query(1, alias="page", ge=1),
    ):
        f = filters(actor, country, topic, medium, from_, to, with_actor)
        per = 50
        events = store().query(f, limit=per, offset=(page_no - 1) * per)
        total = store().count(f)
        months = store().months(f)
        peak = max((n for _, n in months), default=1)
        return page(
            request,
            "timeline.html",
            events=events,
            total=total,
            months=months,
            peak=peak,
            form={
                "actor": actor,
                "country": country,
                "topic": topic,
                "medium": medium,
                "from": from_,
                "to": to,
                "with": with_actor,
            },
            page_no=page_no,
            pages=max(1, -(-total // per)),
            base_query=urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"]),
        )

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: str):
        actor = _found(store().actor(actor_id), "actor", actor_id)
        events = store().query(Filters(actor=actor_id), limit=200)
        months = store().months(Filters(actor=actor_id))
        statements = []
        seen = set()
        for e in events:
            for s in store().statements_of(e):
                key = (s["doc_id"], s["evidence"]["start"], s["type"])
                if key not in seen and (actor["affiliation"] in s["source"] or actor["affiliation"] in s["target"]):
                    seen.add(key)
                    statements.append({**s, "date": e.get("date")})
        peak = max((n for _, n in months), default=1)
        return page(request, "actor.html", actor=actor, events=events, statements=statements, months=months, peak=peak)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, from_: str = Query("", alias="from"), to: str = "", topic: str = ""):
        return page(request, "network.html", form={"from": from_, "to": to, "topic": topic})

    @app.get("/matrix", response_class=HTMLResponse, include_in_schema=False)
    def matrix_page(request: Request, from_: str = Query("", alias="from"), to: str = ""):
        grid = store().matrix(_day(from_), _day(to))
        used = sorted({t for row in grid.values() for t in row})
        rows = sorted(grid.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        peak = max((n for row in grid.values() for n in row.values()), default=1)
        return page(request, "matrix.html", rows=rows, columns=used, peak=peak, form={"from": from_, "to": to})

    @app.get("/contacts/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def contact_page(request: Request, event_id: str):
        event = _found(store().event(event_id), "contact", event_id)
        sources = []
        for src in event["sources"]:
            doc = store().document(src["doc_id"]) or {"text": "", "title": None, "published": None}
            sources.append(
                {
                    **src,
                    "title": doc.get("title"),
                    "published": doc.get("published"),
                    "segments": segments(doc.get("text") or "", src.get("evidence") or []),
                }
            )
        statements = store().statements_of(event)
        return page(request, "contact.html", event=event, sources=sources, statements=statements)

    return app


def _found(value, what: str, key: str):
    """``value``, or a 404 naming what was asked for."""
    if value is None:
        raise HTTPException(404, f"no {what} {key}")
    return value


def segments(text: str, spans: list[dict[str, int]]) -> list[tuple[str, bool]]:
    """The text cut at the evidence offsets: (piece, is_evidence), in order; escaping is the template's."""
    cuts = sorted((max(0, s["start"]), min(len(text), s["end"])) for s in spans if s["end"] > s["start"])
    out, pos = [], 0
    for start, end in cuts:
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise HTTPException(422, f"not a date (YYYY-MM-DD): {value!r}") from exc
