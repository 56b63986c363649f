"""One connection interface over SQLite (standard library) and PostgreSQL (psycopg 3).

SQL is written once, with ``?`` placeholders and portable types (TEXT, INTEGER, REAL); the PostgreSQL side
turns ``?`` into psycopg's ``%s``. Every value goes through parameters, never into the SQL text.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import StoreError

DEFAULT_FILE = "diplograph.sqlite"
WRITE_LOCK = 0x6469706C6F  # PostgreSQL advisory lock key of the store's writers ("diplo")


def default_url() -> str:
    """``$DIPLOGRAPH_DB``, else ``diplograph.sqlite`` in the working directory."""
    return os.environ.get("DIPLOGRAPH_DB") or DEFAULT_FILE


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class Backend:
    dialect = "sqlite"

    def __init__(self, url: str):
        self.url = url
        self.writing = False  # a write transaction holds the store's write lock

    def begin_write(self) -> None:
        """Open the write transaction, holding the store's one write lock until commit or rollback: writers
        take turns, so what one reads to fuse a document cannot be changed under it by another."""
        if not self.writing:
            self._lock()
            self.writing = True

    def _lock(self) -> None:
        raise NotImplementedError

    def savepoint(self, name: str) -> None:
        self.execute(f"SAVEPOINT {name}")

    def release(self, name: str) -> None:
        self.execute(f"RELEASE SAVEPOINT {name}")

    def rollback_to(self, name: str) -> None:
        """Undo what followed ``savepoint(name)`` and drop the savepoint; the transaction goes on."""
        self.execute(f"ROLLBACK TO SAVEPOINT {name}")
        self.execute(f"RELEASE SAVEPOINT {name}")

    # one statement; returns the cursor
    def execute(self, sql: str, params: Sequence[Any] = ()):
        return self.conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            self.conn.cursor().executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    def commit(self) -> None:
        self.conn.commit()
        self.writing = False

    def rollback(self) -> None:
        self.conn.rollback()
        self.writing = False

    def close(self) -> None:
        self.conn.close()

    def _sql(self, sql: str) -> str:
        return sql

    def tables(self) -> set[str]:
        raise NotImplementedError


class SQLiteBackend(Backend):
    dialect = "sqlite"

    def __init__(self, url: str, path: str):
        super().__init__(url)
        if path != ":memory:" and not Path(path).parent.exists():
            raise StoreError(f"{describe(url)}: folder {Path(path).parent} does not exist")
        try:
            self.conn = sqlite3.connect(path, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{describe(url)}: not an SQLite database ({exc})") from exc

    def begin_write(self) -> None:
        # IMMEDIATE takes the write lock now, not at the first write: reads made before it stay current
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        self.writing = True

    def tables(self) -> set[str]:
        return {r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


class PostgresBackend(Backend):
    dialect = "postgresql"

    def __init__(self, url: str, autocommit: bool = False):
        super().__init__(url)
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs the psycopg package") from exc
        try:
            self.conn = psycopg.connect(url, connect_timeout=5, autocommit=autocommit)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{describe(url)}: cannot connect ({first})") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()):
        return self.conn.execute(self._sql(sql), tuple(params))

    def _lock(self) -> None:
        # one lock for every writer of this database, released by the transaction's end
        if not self.conn.autocommit:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def tables(self) -> set[str]:
        return {r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


def sqlite_path(url: str) -> str | None:
    """The file an SQLite URL or plain path names ("" for a malformed URL); None for any other scheme."""
    if "://" not in url:
        return url
    if urlsplit(url).scheme.lower() != "sqlite":
        return None
    path = url[len("sqlite://") :]
    return path[1:] if path.startswith("/") else path  # sqlite:///relative.db, sqlite:////absolute.db


def connect(url: str | None = None, autocommit: bool = False) -> Backend:
    """A backend for ``url``: ``postgresql://...``, ``sqlite:///path``, or a plain file path. With
    ``autocommit`` (readers such as the web app), PostgreSQL holds no transaction open between queries."""
    url = url or default_url()
    if not isinstance(url, str) or not url.strip():
        raise StoreError("empty database URL")
    if "://" not in url:
        return SQLiteBackend(url, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgresql", "postgres"}:
        if not parts.hostname and not parts.path.strip("/"):
            raise StoreError(f"{describe(url)}: malformed PostgreSQL URL (expected postgresql://user@host:port/dbname)")
        try:
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError as exc:
            raise StoreError(f"{describe(url)}: malformed PostgreSQL URL ({exc})") from exc
        return PostgresBackend(url, autocommit)
    if scheme == "sqlite":
        path = sqlite_path(url)
        if not path:
            raise StoreError(
                f"{describe(url)}: malformed SQLite URL (expected sqlite:///relative.db or sqlite:////abs.db)"
            )
        return SQLiteBackend(url, path)
    raise StoreError(f"{describe(url)}: unknown database scheme {scheme!r} (use postgresql:// or sqlite:///)")
