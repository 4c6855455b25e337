"""The store: the :class:`Store` protocol and its SQLite implementation (WAL, FTS5), with
versioned migrations; :func:`open_store` opens the one a path names."""

from __future__ import annotations

from pathlib import Path

from storyline.store.base import Store
from storyline.store.migrations import SCHEMA_VERSION
from storyline.store.sqlite import SqliteStore


def open_store(path: str | Path, *, readonly: bool = False) -> Store:
    """The store at ``path`` (an SQLite file, created unless ``readonly``)."""
    return SqliteStore(path, readonly=readonly)


__all__ = ["SCHEMA_VERSION", "SqliteStore", "Store", "open_store"]
