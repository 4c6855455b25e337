"""The store: the :class:`Store` protocol, its SQLite implementation (WAL, FTS5) and its
PostgreSQL implementation (the ``postgres`` extra), each with versioned migrations;
:func:`open_store` opens the one a path or URL names."""

from __future__ import annotations

from pathlib import Path

from storyline.store.base import Store
from storyline.store.migrations import SCHEMA_VERSION
from storyline.store.sqlite import SqliteStore


def is_server_url(path: str | Path) -> bool:
    """Whether ``path`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return isinstance(path, str) and path.startswith(("postgresql://", "postgres://"))


def open_store(path: str | Path, *, readonly: bool = False) -> Store:
    """The store at ``path``: a PostgreSQL database for a ``postgresql://user@host/dbname``
    URL, else an SQLite file (created unless ``readonly``)."""
    if is_server_url(path):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(str(path), readonly=readonly)
    return SqliteStore(path, readonly=readonly)


__all__ = ["SCHEMA_VERSION", "SqliteStore", "Store", "is_server_url", "open_store"]
