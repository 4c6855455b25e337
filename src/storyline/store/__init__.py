"""The store: SQLite by default (WAL, FTS5), with versioned migrations."""

from storyline.store.migrations import SCHEMA_VERSION
from storyline.store.sqlite import Store

__all__ = ["SCHEMA_VERSION", "Store"]
