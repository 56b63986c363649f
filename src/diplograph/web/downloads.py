"""Downloads of a page's selection: ``GET /api/export`` streams the contacts or the statements (CSV, Parquet)
or the actor network (GraphML, GEXF) with the filters of the page it is linked from, written by the same code
as ``diplograph export`` (``store/tables.py``).

The export runs in a thread of its own, on a store of its own (an SQLite connection stays in its thread),
and writes into a bounded queue that the response reads from: memory holds a few chunks, not the file, and a
client that goes away stops the export at its next write.
"""

from __future__ import annotations

import io
import queue
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from ..store import Filters, Store, tables
from .deps import MAX_FILTER, Services, ServicesDep, filters

router = APIRouter()
CHUNK = 64 * 1024  # bytes handed to the response at a time
QUEUED = 8  # chunks waiting at most
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}
Format = Literal["csv", "parquet", "graphml", "gexf"]
Table = Literal["contacts", "events", "statements"]
_END = object()
FORMAT_QUERY = Query(..., description="csv or parquet (a table), graphml or gexf (the actor network)")
TABLE_QUERY = Query("contacts", description="contacts (fused events) or statements; csv and parquet only")


class Stopped(Exception):
    """The client went away: the export stops where it is."""


class Pipe(io.RawIOBase):
    """A binary file the export writes into from its thread, read by the response in chunks of CHUNK bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: queue.Queue = queue.Queue(QUEUED)
        self.buffer = bytearray()
        self.written = 0
        self.stopped = threading.Event()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        self.written += len(data)
        if len(self.buffer) >= CHUNK:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def tell(self) -> int:  # pyarrow asks where it is
        return self.written

    def _put(self, item: Any) -> None:
        while True:
            if self.stopped.is_set():
                raise Stopped
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def finish(self, error: BaseException | None = None) -> None:
        """The end of the file (or the error that cut it short), after what is still buffered."""
        try:
            if self.buffer and error is None:
                self._put(bytes(self.buffer))
            self._put(error or _END)
        except Stopped:
            pass

    def chunks(self) -> Iterator[bytes]:
        """What the export wrote, chunk by chunk, until its end; closing this stops the export."""
        try:
            while (item := self.queue.get()) is not _END:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stopped.set()


def stream(svc: Services, write: Callable[[Store, Pipe], None]) -> Iterator[bytes]:
    """Run ``write(store, pipe)`` in a thread with its own read-only store; the chunks it writes."""
    pipe = Pipe()

    def run() -> None:
        error = None
        try:
            with Store(svc.url, read_only=True, config=svc.config) as store:
                write(store, pipe)
        except Stopped:
            return
        except Exception as exc:  # noqa: BLE001 - handed to the response, which ends the download with it
            error = exc
        pipe.finish(error)

    threading.Thread(target=run, name="diplograph-export", daemon=True).start()
    return pipe.chunks()


def statement_pages(store: Store, wanted: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
    """Rows of the statements the statements page selects (its filters: ``Store.statements_page``)."""
    offset = 0
    while True:
        page, _ = store.statements_page(**wanted, limit=tables.CHUNK, offset=offset)
        if not page:
            return
        docs = tables.documents(store.db, (s["doc_id"] for s in page))
        yield [tables.statement_row(s, docs.get(s["doc_id"])) for s in page]
        if len(page) < tables.CHUNK:
            return
        offset += len(page)


def writer(fmt: str, table: str, f: Filters, wanted: dict[str, Any]) -> Callable[[Store, Pipe], None]:
    """What writes the download: the CLI's writers over the selected rows or the network."""

    def write(store: Store, pipe: Pipe) -> None:
        if fmt in {"graphml", "gexf"}:
            net = tables.Network()
            for page in tables.event_pages(store, f):
                for e, day in page:
                    net.add(e, day)
            (tables.write_gexf if fmt == "gexf" else tables.write_graphml)(net, pipe)
            return
        name = "statements" if table == "statements" else "events"
        pages = statement_pages(store, wanted) if name == "statements" else tables.table_pages(store, name, f)
        if fmt == "parquet":
            tables._write_parquet(pipe, pages, name)
            return
        text = io.TextIOWrapper(pipe, encoding="utf-8", newline="", write_through=True)
        tables._write_csv(text, pages, name)
        text.flush()
        text.detach()

    return write


def file_name(fmt: str, table: str, given: dict[str, str | None]) -> str:
    """``diplograph-contacts_actor-sergey-lavrov_from-2021-01-01.csv``: what and which, in ASCII."""
    what = "network" if fmt in {"graphml", "gexf"} else ("statements" if table == "statements" else "contacts")
    parts = [what]
    for key, value in given.items():
        cleaned = re.sub(r"[^A-Za-z0-9.]+", "-", value or "").strip("-.")[:40]
        if cleaned:
            parts.append(f"{key}-{cleaned}")
    return "diplograph-" + "_".join(parts)[:150] + "." + fmt


def bounded(alias: str | None = None, description: str | None = None):
    return Query(None, alias=alias, max_length=MAX_FILTER, description=description)


@router.get(
    "/api/export",
    tags=["exports"],
    response_class=StreamingResponse,
    responses={200: {"content": {m: {} for m in MEDIA.values()}, "description": "the file, streamed"}},
)
def api_export(
    svc: ServicesDep,
    format: Format = FORMAT_QUERY,
    table: Table = TABLE_QUERY,
    actor: str | None = bounded(description="contacts: knowledge-base id or affiliation of a participant"),
    with_: str | None = bounded("with", "contacts: a state or organisation taking part"),
    country: str | None = bounded(description="contacts: the same as with (the timeline's field)"),
    topic: str | None = bounded(),
    medium: Literal["", "in_person", "phone", "video", "written"] | None = None,  # "": the form's "any"
    from_: str | None = bounded("from", "YYYY-MM-DD"),
    to: str | None = bounded(description="YYYY-MM-DD"),
    q: str | None = bounded(description="contacts: words of their documents (full-text search)"),
    place: str | None = bounded(description="contacts: country code of where they took place"),
    source: str | None = bounded(description="statements: affiliation of the speaker"),
    target: str | None = bounded(description="statements: affiliation addressed"),
    type: str | None = bounded("type", "statements: PLOVER type"),
    negated: Literal["true", "false", ""] | None = None,
    doc: str | None = Query(None, max_length=300, description="statements: a document's id"),
) -> StreamingResponse:
    """The selection of a page as a file: the contacts (one row per fused event) or the statements as CSV or
    Parquet, or the actor network of the contacts as GraphML or GEXF, with the page's filters."""
    if format in {"graphml", "gexf"} and table == "statements":
        raise HTTPException(422, f"{format} is the actor network of the contacts: no table=statements")
    f = filters(actor, country, topic, medium, from_, to, with_, q)
    if place and "place" in Filters.__dataclass_fields__:  # the timeline's place filter (store/places.py)
        f = replace(f, place=place)
    wanted = {
        "source": source or None,
        "target": target or None,
        "type": type or None,
        "topic": topic or None,
        "since": f.since,
        "until": f.until,
        "negated": None if not negated else negated == "true",
        "doc_id": doc or None,
    }
    if table == "statements":
        given = {"source": source, "target": target, "type": type, "topic": topic, "from": from_, "to": to}
        given |= {"negated": negated, "doc": doc}
    else:
        given = {"actor": actor, "with": with_ or country, "topic": topic, "medium": medium, "q": q, "place": place}
        given |= {"from": from_, "to": to}
    name = file_name(format, table, given)
    return StreamingResponse(
        stream(svc, writer(format, table, f, wanted)),
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
