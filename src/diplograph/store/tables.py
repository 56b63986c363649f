"""The store's events as flat rows, files and graphs: csv, parquet, jsonl, plover, cameo, graphml, gexf."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..exports import ITEM_COLUMNS, csv_value, item_fields, writer

EXPORT_FORMATS = ("csv", "parquet", "jsonl", "plover", "cameo", "graphml", "gexf")

COLUMNS = ["event_id", "date", "medium", "status", *ITEM_COLUMNS, "n_sources", "doc_ids"]
LIST_COLUMNS = {"participants", "participant_ids", "affiliations", "roles", "topics", "doc_ids"}


def event_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per event; list columns stay lists (``csv`` joins them with "; ")."""
    return [
        {
            "event_id": e["event_id"],
            "date": e.get("date"),
            "medium": e.get("medium"),
            "status": e.get("status"),
            **item_fields(e),
            "n_sources": e.get("n_sources"),
            "doc_ids": [s["doc_id"] for s in e.get("sources") or []],
        }
        for e in events
    ]


def write(fmt: str, path: str, events: Iterable[dict[str, Any]], statements: Iterable[dict[str, Any]] = ()) -> int:
    """Write the events (and, for plover and cameo, the statements) to ``path``; returns the items written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt}")
    events = list(events)
    out = Path(path)
    if fmt in {"graphml", "gexf"}:
        import networkx as nx

        graph = network(events)
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, str(out))
        return graph.number_of_edges()
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = event_rows(events)
        table = pa.Table.from_pylist(rows, schema=_arrow_schema(pa)) if rows else _arrow_schema(pa).empty_table()
        pq.write_table(table, str(out))
        return len(rows)
    with out.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            for e in events:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
            return len(events)
        if fmt == "csv":
            w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            for row in event_rows(events):
                w.writerow({k: csv_value(v) for k, v in row.items()})
            return len(events)
        # plover / cameo: each event as a contact, each statement as itself
        wr = writer(fmt)
        fh.write(wr.header())
        n = 0
        for e in events:
            record = {
                "doc_id": e["event_id"],
                "published": e.get("date"),
                "language": None,
                "contacts": [e],
                "statements": [],
            }
            for line in wr.lines(record):
                fh.write(line.replace(f"{e['event_id']}:c1", e["event_id"]))
                n += 1
        for s in statements:
            record = {
                "doc_id": s["doc_id"],
                "published": s.get("published"),
                "language": None,
                "contacts": [],
                "statements": [s],
            }
            for line in wr.lines(record):
                fh.write(line)
                n += 1
        return n


def _arrow_schema(pa):
    fields = []
    for c in COLUMNS:
        if c in LIST_COLUMNS:
            fields.append(pa.field(c, pa.list_(pa.string())))
        elif c in {"goldstein"}:
            fields.append(pa.field(c, pa.float64()))
        elif c in {"quad_class", "n_sources"}:
            fields.append(pa.field(c, pa.int64()))
        else:
            fields.append(pa.field(c, pa.string()))
    return pa.schema(fields)


def network(events: Iterable[dict[str, Any]]):
    """The actor network: a node per actor (id, name, affiliation, role), an edge per pair that met, with
    the number of contacts, the first and last date and the topics."""
    import networkx as nx

    g = nx.Graph()
    for e in events:
        people = e.get("participants") or []
        keys = []
        for p in people:
            key = p.get("id") or f"{p.get('name')}|{p.get('affiliation')}"
            keys.append(key)
            if key not in g:
                g.add_node(
                    key, label=p.get("name") or key, affiliation=p.get("affiliation") or "", role=p.get("role") or ""
                )
        date = e.get("date") or ""
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if a == b:
                    continue
                if g.has_edge(a, b):
                    d = g.edges[a, b]
                    d["weight"] += 1
                    if date:
                        d["first"] = min(filter(None, [d["first"], date]))
                        d["last"] = max(d["last"], date)
                    d["topics"] = "; ".join(
                        dict.fromkeys([*filter(None, d["topics"].split("; ")), *e.get("topics", [])])
                    )
                else:
                    g.add_edge(a, b, weight=1, first=date, last=date, topics="; ".join(e.get("topics") or []))
    return g


__all__ = ["EXPORT_FORMATS", "event_rows", "network", "write"]
