"""Near-duplicate families: which stored documents are copies of one another, whatever the order they came in.

Two documents are linked when their MinHash signatures share an LSH band and their estimated Jaccard reaches
the threshold. A family is a connected set of linked documents; its first member, by (publication date,
document id) with undated documents last, is the original, and every other member's ``duplicate_of`` names
it. Families are thus a function of the stored documents alone: adding, replacing or removing a document
recomputes the families it touches (a removal may split one, an addition may merge several), and
``rebuild_all`` recomputes every family from the stored signatures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from . import fusion
from .backend import Backend

CHUNK = 500  # ids per IN (...) list, well under every backend's limit on parameters


@dataclass
class _Doc:
    doc_id: str
    signature: np.ndarray | None
    published: str | None
    duplicate_of: str | None

    @property
    def key(self) -> tuple:
        return (self.published is None, self.published or "", self.doc_id)


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ids = sorted(set(ids))
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def marks(n: int) -> str:
    return ",".join("?" * n)


class Families:
    """The near-duplicate families of one store's documents."""

    def __init__(self, db: Backend, minhash: fusion.MinHash, threshold: float):
        self.db = db
        self.minhash = minhash
        self.threshold = threshold

    def root(self, doc_id: str) -> str | None:
        """The original of a stored document's family (itself when it has no copy), None when not stored."""
        rows = self.db.query("SELECT duplicate_of FROM documents WHERE doc_id = ?", (doc_id,))
        return (rows[0][0] or doc_id) if rows else None

    def members(self, root: str) -> set[str]:
        rows = self.db.query("SELECT doc_id FROM documents WHERE doc_id = ? OR duplicate_of = ?", (root, root))
        return {r[0] for r in rows}

    def refresh(self, touched: set[str]) -> set[str]:
        """Recompute the families of ``touched`` documents (a new or changed document and what is left of the
        family of its earlier version) and of every document linked to them; returns the documents whose
        ``duplicate_of`` changed."""
        docs = self._load(touched, by_root=False)
        near = {n for d in docs.values() if d.signature is not None for n in self._band_mates(d)}
        roots = {self._root_of(d) for d in self._load(near - set(docs), by_root=False).values()}
        roots |= {self._root_of(d) for d in docs.values()} - touched
        docs.update(self._load(roots, by_root=True))
        return self._assign(docs, self._links(list(docs.values())))

    def rebuild_all(self) -> set[str]:
        """Recompute every family from the stored signatures; returns the documents whose link changed."""
        pairs = self.db.query(
            "SELECT DISTINCT a.doc_id, b.doc_id FROM doc_bands a JOIN doc_bands b ON b.band = a.band AND a.doc_id < b.doc_id"
        )
        linked_ids = {d for pair in pairs for d in pair}
        docs = self._load(linked_ids, by_root=False)
        links = []
        for a, b in pairs:
            if self._linked(docs[a].signature, docs[b].signature):
                links.append((a, b))
        stale = self.db.query("SELECT doc_id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL")
        for doc_id, dup in stale:
            docs.setdefault(doc_id, _Doc(doc_id, None, None, dup))
        return self._assign(docs, links)

    # --- links -----------------------------------------------------------------------------------
    def _linked(self, a: np.ndarray | None, b: np.ndarray | None) -> bool:
        if a is None or b is None or fusion.similarity(a, b) < self.threshold:
            return False
        rows = self.minhash.rows
        return bool((a == b).reshape(-1, rows).all(axis=1).any())

    def _links(self, docs: list[_Doc]) -> list[tuple[str, str]]:
        """Every linked pair among ``docs`` (compared all at once: families are small)."""
        signed = [d for d in docs if d.signature is not None]
        if len(signed) < 2:
            return []
        sigs = np.stack([d.signature for d in signed])
        rows = self.minhash.rows
        out = []
        for i, doc in enumerate(signed[:-1]):
            equal = sigs[i + 1 :] == sigs[i]
            similar = equal.mean(axis=1) >= self.threshold
            banded = equal.reshape(len(equal), -1, rows).all(axis=2).any(axis=1)
            out += [(doc.doc_id, signed[i + 1 + j].doc_id) for j in np.flatnonzero(similar & banded)]
        return out

    def _band_mates(self, doc: _Doc) -> set[str]:
        bands = self.minhash.bands(doc.signature)
        rows = self.db.query(
            "SELECT DISTINCT d.doc_id, d.signature FROM doc_bands b JOIN documents d ON d.doc_id = b.doc_id"
            f" WHERE b.band IN ({marks(len(bands))}) AND d.doc_id <> ?",
            (*bands, doc.doc_id),
        )
        return {other for other, sig in rows if sig and self._linked(doc.signature, fusion.decode(sig))}

    @staticmethod
    def _root_of(doc: _Doc) -> str:
        return doc.duplicate_of or doc.doc_id

    # --- rows ------------------------------------------------------------------------------------
    def _load(self, ids: Iterable[str], by_root: bool) -> dict[str, _Doc]:
        """Documents by id, or (``by_root``) every member of the families of these originals."""
        out: dict[str, _Doc] = {}
        for part in chunks(ids):
            where = f"doc_id IN ({marks(len(part))})"
            params = list(part)
            if by_root:
                where += f" OR duplicate_of IN ({marks(len(part))})"
                params += part
            for doc_id, sig, published, dup in self.db.query(
                f"SELECT doc_id, signature, published, duplicate_of FROM documents WHERE {where}", params
            ):
                out[doc_id] = _Doc(doc_id, fusion.decode(sig) if sig else None, published, dup)
        return out

    def _assign(self, docs: dict[str, _Doc], links: list[tuple[str, str]]) -> set[str]:
        """Store each family's original as its members' ``duplicate_of``; returns the documents changed."""
        parent = {d: d for d in docs}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in links:
            parent[find(a)] = find(b)
        groups: dict[str, list[_Doc]] = {}
        for doc in docs.values():
            groups.setdefault(find(doc.doc_id), []).append(doc)
        changed, rows = set(), []
        for group in groups.values():
            first = min(group, key=lambda d: d.key)
            for doc in group:
                dup = None if doc is first else first.doc_id
                sim = fusion.similarity(doc.signature, first.signature) if dup else None
                rows.append((dup, sim, doc.doc_id))
                if dup != doc.duplicate_of:
                    changed.add(doc.doc_id)
        self.db.executemany("UPDATE documents SET duplicate_of = ?, similarity = ? WHERE doc_id = ?", rows)
        return changed
