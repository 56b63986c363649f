"""The store's events and statements as tables, files and graphs: csv, parquet, jsonl, plover, cameo, graphml,
gexf.

Two tables: ``events`` (one row per fused event, COLUMNS) and ``statements`` (one row per stored statement,
STATEMENT_COLUMNS), each with the title, URL and evidence text of its document (an event's first source).
Exports stream: rows are read in pages (keyset paging, so that a page costs the same at the end as at the
start), each page's documents looked up once, written, and dropped before the next page is read; only the
graph formats hold a graph, one node per actor and one edge per pair that met. CSV quotes every text cell and
no number, so that CAMEO codes ("042") read back as text (pandas: ``dtype=str``). GEXF is dynamic (GEXF 1.3):
an actor lives from its first contact to its last, a pair's edge has one spell per day its members met, which
Gephi's timeline uses.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from ..exports import ITEM_COLUMNS, cameo_codes, csv_value, csv_writer, item_fields, quote, writer
from .families import marks
from .select import Filters

EXPORT_FORMATS = ("csv", "parquet", "jsonl", "plover", "cameo", "graphml", "gexf")
TABLES = ("events", "statements")
CHUNK = 500  # rows per page: bounds what an export holds, documents' texts included

DOC_COLUMNS = ["title", "url", "evidence_text"]
COLUMNS = ["event_id", "date", "medium", "status", *ITEM_COLUMNS, "n_sources", "doc_ids", *DOC_COLUMNS]
STATEMENT_COLUMNS = [
    "statement_id",
    "doc_id",
    "published",
    "type",
    "negated",
    "source",
    "target",
    "topics",
    "cue",
    "plover_type",
    "plover_mode",
    "cameo_code",
    "goldstein",
    "quad_class",
    "evidence_start",
    "evidence_end",
    *DOC_COLUMNS,
]
LIST_COLUMNS = {
    "participants",
    "participant_ids",
    "affiliations",
    "roles",
    "topics",
    "doc_ids",
    "cameo_codes",
    "cameo_sides",
    "source",
    "target",
}
ARROW_TYPES = {"goldstein": "float64", "quad_class": "int64", "n_sources": "int64", "evidence_start": "int64"}
ARROW_TYPES |= {"evidence_end": "int64", "negated": "bool"}


# --- rows ----------------------------------------------------------------------------------------
def event_row(e: dict[str, Any], doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """One flat row of an event; ``doc`` is its first source's document (title, url, text) when known."""
    sources = e.get("sources") or []
    spans = (sources[0].get("evidence") or []) if sources else []
    doc = doc or {}
    return {
        "event_id": e["event_id"],
        "date": e.get("date"),
        "medium": e.get("medium"),
        "status": e.get("status"),
        **item_fields(e),
        "n_sources": e.get("n_sources"),
        "doc_ids": [s["doc_id"] for s in sources],
        "title": doc.get("title"),
        "url": doc.get("url"),
        "evidence_text": quote(doc.get("text"), spans),
    }


def event_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per event (no document looked up); list columns stay lists (CSV joins them with "; ")."""
    return [event_row(e) for e in events]


def statement_row(s: dict[str, Any], doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """One flat row of a stored statement (with ``statement_id``, ``doc_id`` and ``published``)."""
    doc = doc or {}
    span = s.get("evidence") or {}
    plover = s.get("plover") or {}
    code = (cameo_codes(s) or [{}])[0]
    return {
        "statement_id": s.get("statement_id"),
        "doc_id": s.get("doc_id"),
        "published": s.get("published"),
        "type": s.get("type"),
        "negated": bool(s.get("negated")),
        "source": list(s.get("source") or []),
        "target": list(s.get("target") or []),
        "topics": list(s.get("topics") or []),
        "cue": s.get("cue"),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        "cameo_code": code.get("code"),
        "goldstein": code.get("goldstein"),
        "quad_class": code.get("quad_class"),
        "evidence_start": span.get("start"),
        "evidence_end": span.get("end"),
        "title": doc.get("title"),
        "url": doc.get("url"),
        "evidence_text": quote(doc.get("text"), [span] if span else []),
    }


# --- reading in pages ----------------------------------------------------------------------------
def documents(db, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Title, URL and text of the documents ``doc_ids``, by id (the URL from the record, else an http source)."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    rows = db.query(
        f"SELECT doc_id, title, source, record, text FROM documents WHERE doc_id IN ({marks(len(ids))})", ids
    )
    out = {}
    for doc_id, title, source, record, text in rows:
        url = json.loads(record or "{}").get("url")
        if not url and source and source.startswith(("http://", "https://")):
            url = source
        out[doc_id] = {"title": title, "url": url, "text": text}
    return out


def event_pages(store, filters: Filters | None = None, chunk: int = CHUNK) -> Iterator[list[tuple[dict, str]]]:
    """The selected events, newest first, in pages of (event, sort day)."""
    sql, params = store.select(filters or Filters())
    last: tuple[str, str] | None = None
    while True:
        page_sql, page_params = sql, list(params)
        if last is not None:
            page_sql += " AND (x.sort_date, x.event_id) < (?, ?)"  # a row value: the index's range
            page_params += list(last)
        page_sql += " ORDER BY x.sort_date DESC, x.event_id DESC LIMIT ?"
        keys = store.db.query(page_sql, [*page_params, chunk])
        if not keys:
            return
        ids = [k[0] for k in keys]
        records = dict(
            store.db.query(f"SELECT event_id, record FROM events WHERE event_id IN ({marks(len(ids))})", ids)
        )
        yield [(json.loads(records[i]), day or "") for i, day in keys]
        if len(keys) < chunk:
            return
        last = (keys[-1][1], keys[-1][0])


def statement_pages(store, filters: Filters | None = None, chunk: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """The stored statements in pages, by statement id: those with an affiliation of ``with_`` or ``actor``
    (as source or target), a ``topic``, and published between ``since`` and ``until``."""
    f = filters or Filters()
    sql = (
        "SELECT s.statement_id, s.doc_id, s.record, d.published FROM statements s"
        " JOIN documents d ON d.doc_id = s.doc_id WHERE s.statement_id > ?"
    )
    params: list[Any] = []
    for aff in (f.with_, f.actor):
        if aff:
            sql += " AND s.statement_id IN (SELECT statement_id FROM statement_parties WHERE affiliation = ?)"
            params.append(aff)
    if f.since:
        sql += " AND d.published >= ?"
        params.append(f.since)
    if f.until:
        sql += " AND substr(d.published, 1, 10) <= ?"
        params.append(f.until)
    sql += " ORDER BY s.statement_id LIMIT ?"
    last = ""
    while True:
        rows = store.db.query(sql, [last, *params, chunk])
        if not rows:
            return
        page = [{"statement_id": sid, "doc_id": doc, "published": pub, **json.loads(r)} for sid, doc, r, pub in rows]
        yield [s for s in page if not f.topic or f.topic in (s.get("topics") or [])]
        if len(rows) < chunk:
            return
        last = rows[-1][0]


def table_pages(store, table: str, filters: Filters | None = None) -> Iterator[list[dict[str, Any]]]:
    """Pages of flat rows of ``table`` ("events" or "statements"), documents looked up."""
    if table == "events":
        for page in event_pages(store, filters):
            firsts = [(e.get("sources") or [{}])[0].get("doc_id") for e, _ in page]
            docs = documents(store.db, filter(None, firsts))
            yield [event_row(e, docs.get(d)) for (e, _), d in zip(page, firsts, strict=True)]
    else:
        for page in statement_pages(store, filters):
            docs = documents(store.db, (s["doc_id"] for s in page))
            yield [statement_row(s, docs.get(s["doc_id"])) for s in page]


# --- writing -------------------------------------------------------------------------------------
@contextlib.contextmanager
def sink(output: str, binary: bool = False) -> Iterator[IO]:
    """The file ``output`` opened for writing, or standard output for "-" (left open)."""
    if output == "-":
        out = sys.stdout.buffer if binary else sys.stdout
        yield out
        out.flush()
        return
    with open(output, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
        yield fh


def export(store, fmt: str, output: str, filters: Filters | None = None, table: str = "events") -> int:
    """Write the selection to ``output`` ("-": standard output); returns the items written. Tabular formats
    (csv, parquet, jsonl) write ``table``; plover and cameo write events and statements (only statements for
    ``table="statements"``); graphml and gexf the actor network of the events."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt}")
    if table not in TABLES:
        raise ValueError(f"unknown table {table}: choose among {', '.join(TABLES)}")
    if fmt in {"graphml", "gexf"}:
        if table != "events":
            raise ValueError(f"{fmt} is the actor network of the events: it has no {table} table")
        return _write_graph(store, fmt, output, filters)
    with sink(output, binary=fmt == "parquet") as fh:
        if fmt == "parquet":
            return _write_parquet(fh, table_pages(store, table, filters), table)
        if fmt == "csv":
            return _write_csv(fh, table_pages(store, table, filters), table)
        if fmt == "jsonl":
            return _write_jsonl(fh, store, table, filters)
        return _write_coded(fh, fmt, store, table, filters)


def _write_csv(fh: IO, pages: Iterable[list[dict[str, Any]]], table: str) -> int:
    columns = COLUMNS if table == "events" else STATEMENT_COLUMNS
    w = csv_writer(fh)
    w.writerow(columns)
    n = 0
    for page in pages:
        w.writerows([csv_value(row[c]) for c in columns] for row in page)
        n += len(page)
    return n


def _write_parquet(fh: IO, pages: Iterable[list[dict[str, Any]]], table: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(COLUMNS if table == "events" else STATEMENT_COLUMNS, table)
    n = 0
    with pq.ParquetWriter(fh, schema) as w:
        batch: list[dict[str, Any]] = []
        for page in pages:
            batch += page
            if len(batch) >= 10 * CHUNK:  # row groups of a few thousand rows
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or not n:
            w.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def arrow_schema(columns: list[str], table: str = "events"):
    """The Arrow types of a table's columns: text, lists of text, numbers (goldstein and quad_class are lists
    in the events table, one per CAMEO code)."""
    import pyarrow as pa

    fields = []
    for c in columns:
        kind = ARROW_TYPES.get(c, "string")
        if c in LIST_COLUMNS or (table == "events" and c in {"goldstein", "quad_class"}):
            fields.append(pa.field(c, pa.list_(getattr(pa, kind)())))
        else:
            fields.append(pa.field(c, getattr(pa, "bool_" if kind == "bool" else kind)()))
    return pa.schema(fields)


def _write_jsonl(fh: IO, store, table: str, filters: Filters | None) -> int:
    """Events as stored (the contract's contact with ``event_id`` and ``sources``), or statement rows."""
    n = 0
    if table == "events":
        for page in event_pages(store, filters):
            fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e, _ in page)
            n += len(page)
    else:
        for rows in table_pages(store, table, filters):
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            n += len(rows)
    return n


def _write_coded(fh: IO, fmt: str, store, table: str, filters: Filters | None) -> int:
    """PLOVER or CAMEO: each event as a contact quoted from its first source (whose ``doc_id`` it gives),
    then each statement."""
    wr = writer(fmt)
    fh.write(wr.header())
    n = 0
    for page in event_pages(store, filters) if table == "events" else ():
        firsts = [(e.get("sources") or [{}])[0] for e, _ in page]
        docs = documents(store.db, (s.get("doc_id") for s in firsts if s.get("doc_id")))
        for (e, _), first in zip(page, firsts, strict=True):
            doc = docs.get(first.get("doc_id")) or {}
            contact = {**e, "evidence": first.get("evidence") or []}
            doc_id = first.get("doc_id") or e["event_id"]  # the document quoted
            record = {"doc_id": doc_id, "published": e.get("date"), "title": doc.get("title")}
            record |= {"url": doc.get("url"), "language": None, "contacts": [contact], "statements": []}
            for line in wr.lines(record, doc.get("text")):
                fh.write(line.replace(f"{doc_id}:c1", e["event_id"]))
                n += 1
    for page in statement_pages(store, filters):
        docs = documents(store.db, (s["doc_id"] for s in page))
        for s in page:
            doc = docs.get(s["doc_id"]) or {}
            record = {"doc_id": s["doc_id"], "published": s.get("published"), "title": doc.get("title")}
            record |= {"url": doc.get("url"), "language": None, "contacts": [], "statements": [s]}
            for line in wr.lines(record, doc.get("text")):
                fh.write(line.replace(f"{s['doc_id']}:s1", s["statement_id"]))
                n += 1
    return n


# --- the actor network ---------------------------------------------------------------------------
@dataclass(slots=True)
class Edge:
    """A pair that met: number of contacts, first and last date, topics (in order met), days of contact."""

    weight: int = 0
    first: str = ""
    last: str = ""
    topics: dict[str, None] = field(default_factory=dict)
    days: list[str] = field(default_factory=list)


class Network:
    """Who met whom, accumulated event by event: a node per actor (name, affiliation, role, first and last
    day), an edge per pair (number of contacts, first and last date, topics, the days they met)."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], Edge] = {}

    def add(self, e: dict[str, Any], day: str = "") -> None:
        keys = []
        day = sys.intern(day)  # strings shared by every edge that holds them: a million-event graph fits
        for p in e.get("participants") or []:
            key = sys.intern(p.get("id") or f"{p.get('name')}|{p.get('affiliation')}")
            keys.append(key)
            node = self.nodes.setdefault(
                key,
                {"label": p.get("name") or key, "affiliation": p.get("affiliation") or "", "role": p.get("role") or ""},
            )
            if day:
                node["start"] = min(node.get("start") or day, day)
                node["end"] = max(node.get("end") or day, day)
        date = sys.intern(e.get("date") or "")
        topics = dict.fromkeys(sys.intern(t) for t in e.get("topics") or [])
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if a == b:
                    continue
                edge = self.edges.get((a, b)) or self.edges.get((b, a))
                if edge is None:
                    edge = self.edges[(a, b)] = Edge(first=date, last=date)
                edge.weight += 1
                if date:
                    edge.first = min(filter(None, [edge.first, date]))
                    edge.last = max(edge.last, date)
                edge.topics.update(topics)
                if day and (not edge.days or edge.days[-1] != day):  # pages come newest first: few repeats
                    edge.days.append(day)

    def graph(self, dynamic: bool = False):
        """A networkx graph; ``dynamic``: nodes with ``start``/``end`` and edges with ``spells`` (GEXF)."""
        import networkx as nx

        g = nx.Graph()
        for key, node in self.nodes.items():
            attrs = {k: v for k, v in node.items() if dynamic or k not in {"start", "end"}}
            g.add_node(key, **attrs)
        for (a, b), edge in self.edges.items():
            attrs = {"weight": edge.weight, "first": edge.first, "last": edge.last, "topics": "; ".join(edge.topics)}
            if dynamic and edge.days:
                attrs["spells"] = [(d, d) for d in sorted(set(edge.days))]
            g.add_edge(a, b, **attrs)
        return g


def network(events: Iterable[dict[str, Any]]):
    """The actor network of ``events`` as a networkx graph: a node per actor (id, name, affiliation, role), an
    edge per pair that met, with the number of contacts, the first and last date and the topics."""
    net = Network()
    for e in events:
        net.add(e)
    return net.graph()


def _write_graph(store, fmt: str, output: str, filters: Filters | None) -> int:
    net = Network()
    for page in event_pages(store, filters):
        for e, day in page:
            net.add(e, day)
    with sink(output, binary=True) as fh:
        (write_gexf if fmt == "gexf" else write_graphml)(net, fh)
    return len(net.edges)


NODE_KEYS = ("affiliation", "role")
EDGE_KEYS = ("first", "last", "topics")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _attr(value: Any) -> str:
    """An XML attribute value, quoted, with the characters XML forbids taken out."""
    return quoteattr(_XML_BAD.sub("", str(value)))


def _text(value: Any) -> str:
    return escape(_XML_BAD.sub("", str(value)))


def write_gexf(net: Network, fh: IO[bytes]) -> None:
    """The network as dynamic GEXF 1.3, element by element: nodes from their first to their last day, edges
    with a spell per day of contact (Gephi's timeline shows who met whom within its window)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n',
        "<meta><creator>diplograph</creator></meta>\n",
        '<graph mode="dynamic" defaultedgetype="undirected" timeformat="date" timerepresentation="interval">\n',
        '<attributes class="node" mode="static">',
        *(f'<attribute id="{k}" title="{k}" type="string"/>' for k in NODE_KEYS),
        '</attributes>\n<attributes class="edge" mode="static">',
        *(f'<attribute id="{k}" title="{k}" type="string"/>' for k in EDGE_KEYS),
        "</attributes>\n<nodes>\n",
    ]
    fh.write("".join(out).encode("utf-8"))
    for key, node in net.nodes.items():
        dates = "".join(f" {k}={_attr(node[k])}" for k in ("start", "end") if node.get(k))
        values = "".join(f"<attvalue for={_attr(k)} value={_attr(node[k])}/>" for k in NODE_KEYS)
        line = f"<node id={_attr(key)} label={_attr(node['label'])}{dates}><attvalues>{values}</attvalues></node>\n"
        fh.write(line.encode("utf-8"))
    fh.write(b"</nodes>\n<edges>\n")
    for i, ((a, b), edge) in enumerate(net.edges.items()):
        attrs = {"first": edge.first, "last": edge.last, "topics": "; ".join(edge.topics)}
        values = "".join(f"<attvalue for={_attr(k)} value={_attr(v)}/>" for k, v in attrs.items())
        spells = "".join(f'<spell start="{d}" end="{d}"/>' for d in sorted(set(edge.days)))
        spells = f"<spells>{spells}</spells>" if spells else ""
        line = f'<edge id="{i}" source={_attr(a)} target={_attr(b)} weight="{edge.weight}">'
        fh.write(f"{line}<attvalues>{values}</attvalues>{spells}</edge>\n".encode())
    fh.write(b"</edges>\n</graph>\n</gexf>\n")


def write_graphml(net: Network, fh: IO[bytes]) -> None:
    """The network as GraphML, element by element (weight an integer, the rest text)."""
    keys = [("label", "node", "string"), *((k, "node", "string") for k in NODE_KEYS), ("weight", "edge", "int")]
    keys += [(k, "edge", "string") for k in EDGE_KEYS]
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    head += "".join(f'<key id="{k}" for="{f}" attr.name="{k}" attr.type="{t}"/>\n' for k, f, t in keys)
    fh.write((head + '<graph edgedefault="undirected">\n').encode("utf-8"))
    for key, node in net.nodes.items():
        data = "".join(f'<data key="{k}">{_text(node[k])}</data>' for k in ("label", *NODE_KEYS))
        fh.write(f"<node id={_attr(key)}>{data}</node>\n".encode())
    for (a, b), edge in net.edges.items():
        attrs = {"weight": edge.weight, "first": edge.first, "last": edge.last, "topics": "; ".join(edge.topics)}
        data = "".join(f'<data key="{k}">{_text(v)}</data>' for k, v in attrs.items())
        fh.write(f"<edge source={_attr(a)} target={_attr(b)}>{data}</edge>\n".encode())
    fh.write(b"</graph>\n</graphml>\n")


__all__ = ["COLUMNS", "EXPORT_FORMATS", "STATEMENT_COLUMNS", "TABLES", "event_rows", "export", "network"]
