"""The HTML pages: timeline, actor, network, topic × country matrix, a contact with its evidence, and the
API's documentation (Swagger UI served from the app itself)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Literal, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..contract import STATEMENT_TYPES
from ..store import Filters, places
from ..store import summaries as summary
from ..store.search import cut
from ..store.search import pieces as search_pieces
from .deps import MAX_FILTER, MAX_OFFSET, ServicesDep, day, filters, found, vendor_dir

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
HITS = 5  # documents listed above the timeline when it is filtered by words
TopChoice = Literal["", "10", "25", "50", "100", "250", "500", "1000"]  # the network page's top-N (the API: any N)
TOPS = get_args(TopChoice)[1:]
DEFAULT_TOP = {"person": "100", "country": ""}  # the network page's top-N when its address names none


def bounded(alias: str | None = None):
    """A filter of the query string: empty by default, bounded in length."""
    return Query("", alias=alias, max_length=MAX_FILTER)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, svc: ServicesDep):
    """Swagger UI, from the app's own files; its settings are in static/docs.js (no inline script)."""
    return svc.templates.TemplateResponse(request, "docs.html", {})


@dataclass(frozen=True)
class Selection:
    """The timeline form's filters, as typed (``form``, to fill the form again) and for the store."""

    form: dict[str, str]
    filters: Filters


def selection(
    actor: str = bounded(),
    country: str = bounded(),
    topic: str = bounded(),
    medium: str = bounded(),
    from_: str = bounded("from"),
    to: str = bounded(),
    with_actor: str = bounded("with"),
    q: str = bounded(),
) -> Selection:
    form = {"actor": actor, "country": country, "topic": topic, "medium": medium, "from": from_, "to": to}
    form |= {"with": with_actor, "q": q}
    return Selection(form, filters(actor, country, topic, medium, from_, to, with_actor, q))


SelectionDep = Annotated[Selection, Depends(selection)]


@router.get("/", response_class=HTMLResponse)
def timeline(
    svc: ServicesDep,
    request: Request,
    chosen: SelectionDep,
    place: str = bounded(),  # a country code: the contacts that took place there (the map's links)
    page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PER_PAGE),
):
    f = replace(chosen.filters, place=place or None)
    store = svc.store()
    events = store.query(f, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
    total, months = summary.counts(store, f)  # months: the time axis, without the dates (highlighted on it)
    hits = store.search(f.q, limit=HITS) if f.q else None  # the documents the words are found in
    return svc.page(
        request,
        "timeline.html",
        events=events,
        total=total,
        months=months,
        peak=max((n for _, n in months), default=1),
        form={**chosen.form, "place": place},
        hits=hits,
        pieces=search_pieces,
        page_no=page_no,
        pages=max(1, -(-total // PER_PAGE)) if total is not None else None,
        more=len(events) == PER_PAGE,
        few=store.few,
        base_query=urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"]),
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(
    request: Request,
    svc: ServicesDep,
    actor_id: str,
    page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PER_PAGE),
):
    """An actor (a person, or a state or organisation: its country page) with its contacts, newest first, paged."""
    store = svc.store()
    actor = found(summary.actor(store, actor_id), "actor", actor_id)
    events = store.query(Filters(actor=actor_id), limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
    months = summary.months(store, Filters(actor=actor_id))
    statements = []
    seen = set()
    for e in events:
        for s in store.statements_of(e):
            key = (s["doc_id"], s["evidence"]["start"], s["type"])
            if key not in seen and (actor["affiliation"] in s["source"] or actor["affiliation"] in s["target"]):
                seen.add(key)
                statements.append({**s, "date": e.get("date")})
    peak = max((n for _, n in months), default=1)
    pages = max(1, -(-actor["events"] // PER_PAGE))
    paging = {"page_no": page_no, "pages": pages, "base_query": "", "first": (page_no - 1) * PER_PAGE + 1}
    return svc.page(
        request, "actor.html", actor=actor, events=events, statements=statements, months=months, peak=peak, **paging
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    svc: ServicesDep,
    request: Request,
    from_: str = bounded("from"),
    to: str = bounded(),
    topic: str = bounded(),
    view: Literal["person", "country"] = "person",
    top: TopChoice | None = None,  # the top-N nodes by degree; empty: every node; absent: the view's default
):
    """The graph and the events its nodes account for come from /api/network (static/network.js): the page
    itself only counts the selection, so that the network is built once per view."""
    f = filters(None, None, topic, None, from_, to)  # dates refused here (422) rather than by the API
    form = {"from": from_, "to": to, "topic": topic, "view": view, "top": DEFAULT_TOP[view] if top is None else top}
    return svc.page(
        request,
        "network.html",
        form=form,
        total=svc.store().count(f),
        tops=TOPS,
        defaults=DEFAULT_TOP,
        chosen=top is not None,
        vendor=vendor_dir() is not None,
    )


MAP_FILTERS = ("actor", "country", "with", "topic", "medium", "from", "to", "q")  # the timeline's, passed on


@router.get("/map", response_class=HTMLResponse)
def map_page(
    svc: ServicesDep,
    request: Request,
    chosen: SelectionDep,
):
    """Contacts by the country where they took place, counted over the whole selection (the numbers of
    ``/api/map``, given to static/map.js in the page so that they are counted once) and drawn on a world map
    from the vendored vector data; each country links to the timeline of its contacts."""
    store = svc.store()
    counts = places.counts(store, chosen.filters)
    passed = [(k, v) for k, v in request.query_params.multi_items() if k in MAP_FILTERS and v]
    return svc.page(
        request,
        "map.html",
        counts=counts,
        few=store.few,
        form=chosen.form,
        timeline_query=urlencode(passed),
        vendor=vendor_dir() is not None,
    )


@router.get("/matrix", response_class=HTMLResponse)
def matrix_page(request: Request, svc: ServicesDep, from_: str = bounded("from"), to: str = bounded()):
    grid = summary.matrix(svc.store(), day(from_), day(to))
    used = sorted({t for row in grid.values() for t in row})
    rows = sorted(grid.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    peak = max((n for row in grid.values() for n in row.values()), default=1)
    return svc.page(request, "matrix.html", rows=rows, columns=used, peak=peak, form={"from": from_, "to": to})


@router.get("/contacts/{event_id}", response_class=HTMLResponse)
def contact_page(request: Request, svc: ServicesDep, event_id: str):
    store = svc.store()
    event = found(store.event(event_id), "contact", event_id)
    sources = []
    for src in event["sources"]:
        doc = store.document(src["doc_id"]) or {"text": "", "title": None, "published": None}
        sources.append(
            {
                **src,
                "title": doc.get("title"),
                "published": doc.get("published"),
                "url": _web_url(doc.get("url")),
                "segments": segments(doc.get("text") or "", src.get("evidence") or []),
            }
        )
    statements = store.statements_of(event)
    states = sorted({p.get("affiliation") for p in event["participants"] if p.get("affiliation")})
    pairs = [(a, b) for a in states for b in states if a != b]
    return svc.page(
        request,
        "contact.html",
        event=event,
        sources=sources,
        statements=statements,
        fusion=store.explain(event_id),
        pairs=pairs,
    )


def _web_url(url: str | None) -> str | None:
    """A document's URL when it is one a browser may follow (http or https), else None."""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def segments(text: str, spans: list[dict[str, int]]) -> list[tuple[str, bool]]:
    """The text cut at the evidence offsets: (piece, is_evidence), in order; escaping is the template's."""
    return cut(text, [(s["start"], s["end"]) for s in spans])


# --- statements (issue 14, point 3) ----------------------------------------------------------------
CONTEXT = 200  # characters of the document shown either side of a statement's sentence
TypeChoice = Literal[("", *STATEMENT_TYPES)]  # "": any type
YesNo = Literal["", "true", "false"]
TYPE_QUERY = Query("", alias="type")


@router.get("/statements", response_class=HTMLResponse)
def statements_page(
    svc: ServicesDep,
    request: Request,
    source: str = bounded(),
    target: str = bounded(),
    type_: TypeChoice = TYPE_QUERY,
    topic: str = bounded(),
    from_: str = bounded("from"),
    to: str = bounded(),
    negated: YesNo = "",
    doc: str = Query("", max_length=300),
    page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PER_PAGE),
):
    """Statements with their sentence in context (the cue marked), filtered as ``/api/statements``."""
    from .api import statement_items

    store = svc.store()
    found_, total = store.statements_page(
        source=source or None,
        target=target or None,
        type=type_ or None,
        topic=topic or None,
        since=day(from_),
        until=day(to),
        negated=None if not negated else negated == "true",
        doc_id=doc or None,
        limit=PER_PAGE,
        offset=(page_no - 1) * PER_PAGE,
    )
    items = [{**s, "pieces": cue_pieces(s)} for s in statement_items(store, found_, CONTEXT)]
    form = {"source": source, "target": target, "type": type_, "topic": topic, "from": from_, "to": to}
    return svc.page(
        request,
        "statements.html",
        statements=items,
        total=total,
        types=STATEMENT_TYPES,
        form={**form, "negated": negated, "doc": doc},
        page_no=page_no,
        pages=max(1, -(-total // PER_PAGE)),
        base_query=urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"]),
    )


def cue_pieces(item: dict) -> list[tuple[str, str]]:
    """A statement's sentence in context as (piece, kind): "context" around it (cut at a space, with an
    ellipsis), the "sentence", and its "cue" (the first occurrence of the cue words, case ignored)."""
    before, after = item.get("before") or "", item.get("after") or ""
    if len(before) >= CONTEXT and " " in before:
        before = "… " + before.split(" ", 1)[1]
    if len(after) >= CONTEXT and " " in after:
        after = after.rsplit(" ", 1)[0] + " …"
    sentence, cue = item["evidence"].get("text") or "", (item.get("cue") or "").strip()
    at = sentence.lower().find(cue.lower()) if cue else -1
    if at < 0:
        middle = [(sentence, "sentence")]
    else:
        middle = [
            (sentence[:at], "sentence"),
            (sentence[at : at + len(cue)], "cue"),
            (sentence[at + len(cue) :], "sentence"),
        ]
    return [(text, kind) for text, kind in [(before, "context"), *middle, (after, "context")] if text]
