"""The embedded SQLite store: articles with full-text search, annotations, results, rejects.

Writes are transactional: a batch of articles, a batch of annotations, or the whole set of
cross-document results is committed at once, so a killed run never leaves half a story. The
connection is shared behind a lock so the web app's threads can read through it.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from storyline.errors import NotFound, StoreError
from storyline.model import (
    Article,
    ArticleAnnotations,
    Claim,
    ClaimGroup,
    Corpus,
    Discrepancy,
    Entity,
    Event,
    OriginGroup,
    Position,
    Quote,
    QuoteGroup,
    Rejection,
    ReuseLink,
    Source,
    Story,
    from_dict,
    to_dict,
)
from storyline.store.migrations import (
    SCHEMA_VERSION,
    current_version_readonly,
    migrate,
)

# Corpus field -> (result kind, record type)
RESULT_KINDS: dict[str, tuple[str, type]] = {
    "reuse": ("reuse", ReuseLink),
    "origins": ("origin", OriginGroup),
    "stories": ("story", Story),
    "entities": ("entity", Entity),
    "quotes": ("quote", Quote),
    "quote_groups": ("quote_group", QuoteGroup),
    "events": ("event", Event),
    "claims": ("claim", Claim),
    "claim_groups": ("claim_group", ClaimGroup),
    "discrepancies": ("discrepancy", Discrepancy),
    "positions": ("position", Position),
    "sources": ("source", Source),
}


def _process_alive(pid: int) -> bool:
    """Whether a process of this host is still running (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


_OURS = frozenset(("meta", "articles", "articles_fts", "raw", "annotations", "results",
                   "state", "rejects", "runs"))


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a database that holds tables but is not a storyline store."""
    tables = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if not tables:
        return
    ours = "meta" in tables and conn.execute(
        "SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone() is not None
    if not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"{path}: not a storyline database (it has tables {shown}); give "
                         f"another --db, nothing was changed")


def _dumps(value: Any) -> str:
    return json.dumps(to_dict(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class SqliteStore:
    """A storyline database (SQLite, WAL mode, FTS5): the :class:`~storyline.store.base.Store`
    protocol."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        """Open (or create) a store. ``readonly`` opens an existing one without writing to it
        (a read-only file or folder is fine); a database that is not storyline's is refused
        either way, never changed."""
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database (build one with 'storyline "
                             f"build PATH')")
        if not readonly and self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._connect(readonly)
            _refuse_foreign(self._conn, self.path)
            if readonly:
                version = current_version_readonly(self._conn)
                if version > SCHEMA_VERSION:  # older ones read alike: later steps add indexes
                    raise StoreError(
                        f"{self.path}: database schema version {version} is newer than this "
                        f"storyline ({SCHEMA_VERSION}); upgrade storyline")
            else:
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
                self._conn.execute("PRAGMA foreign_keys=ON")
                migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
        self._lock = threading.RLock()

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        if not readonly:
            return sqlite3.connect(str(self.path), timeout=30, isolation_level=None,
                                   check_same_thread=False)
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL database in a folder we may not write to: read it as it stands on disk
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=30,
                                   isolation_level=None, check_same_thread=False)
        return conn

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all or nothing."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def version(self) -> int:
        """A number that changes whenever the stored content changes (for caches)."""
        return int(self._query("PRAGMA data_version")[0][0]) + self._total_changes()

    def _total_changes(self) -> int:
        with self._lock:
            return self._conn.total_changes

    # ------------------------------------------------------------------ articles

    def add_articles(self, items: Iterable[tuple[Article, bytes | None]]) -> int:
        """Store articles (and their raw bytes) in one transaction; return how many were new.

        An article whose original bytes (and url) are already stored is not stored again,
        whatever id the cleaning of this version or batch gave it."""
        added = 0
        with self._tx() as conn:
            for article, raw in items:
                if article.raw_sha256 and conn.execute(
                    "SELECT 1 FROM articles WHERE raw_sha256 = ? AND coalesce(url, '') = ? "
                    "AND id != ? LIMIT 1",
                    (article.raw_sha256, article.url or "", article.id),
                ).fetchone():
                    continue  # the same original bytes, cleaned by another version or batch
                cur = conn.execute(
                    "INSERT OR IGNORE INTO articles(id, source_path, url, outlet, title, published,"
                    " language, text, data, raw_sha256) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        article.id,
                        article.source_path,
                        article.url,
                        article.outlet,
                        article.title,
                        article.published,
                        article.language,
                        article.text,
                        _dumps(article),
                        article.raw_sha256,
                    ),
                )
                added += cur.rowcount
                if raw is not None and article.raw_sha256:
                    conn.execute(
                        "INSERT OR IGNORE INTO raw(sha256, data) VALUES (?, ?)",
                        (article.raw_sha256, zlib.compress(raw, 6)),
                    )
        return added

    def article_count(self) -> int:
        """How many articles are stored."""
        return int(self._query("SELECT count(*) FROM articles")[0][0])

    def articles(self) -> list[Article]:
        """Every stored article, ordered by id."""
        rows = self._query("SELECT data FROM articles ORDER BY id")
        return [from_dict(Article, json.loads(r[0])) for r in rows]

    def get_article(self, article_id: str) -> Article:
        """One article by id."""
        rows = self._query("SELECT data FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise NotFound(f"no article with id {article_id!r}")
        return from_dict(Article, json.loads(rows[0][0]))

    def raw_bytes(self, article_id: str) -> bytes:
        """The original bytes an article was read from."""
        rows = self._query(
            "SELECT raw.data FROM raw JOIN articles ON articles.raw_sha256 = raw.sha256"
            " WHERE articles.id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFound(f"no raw bytes stored for article {article_id!r}")
        return zlib.decompress(rows[0][0])

    def search(self, query: str, limit: int = 20) -> list[dict[str, str]]:
        """Full-text search over titles and text; every word of the query must match."""
        words = [w for w in query[:500].split() if w.strip('"')]
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words[:20])
        rows = self._query(
            "SELECT a.id, coalesce(a.title, ''), snippet(articles_fts, 1, '[', ']', '…', 16)"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, int(limit)),
        )
        return [{"article_id": r[0], "title": r[1], "snippet": r[2]} for r in rows]

    # ------------------------------------------------------------------ annotations

    def done_article_ids(self, stage: str, version: str) -> set[str]:
        """Articles whose annotations for this stage version are stored (completion markers)."""
        rows = self._query(
            "SELECT article_id FROM annotations WHERE stage = ? AND version = ?", (stage, version)
        )
        return {r[0] for r in rows}

    def save_annotations(
        self, stage: str, version: str, annotations: Iterable[ArticleAnnotations]
    ) -> None:
        """Store one batch of per-article annotations in one transaction."""
        with self._tx() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO annotations(article_id, stage, version, data)"
                " VALUES (?,?,?,?)",
                [(a.article_id, stage, version, _dumps(a)) for a in annotations],
            )

    def annotations(self, stage: str) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a stage, by article id."""
        rows = self._query("SELECT article_id, data FROM annotations WHERE stage = ?", (stage,))
        return {r[0]: from_dict(ArticleAnnotations, json.loads(r[1])) for r in rows}

    # ------------------------------------------------------------------ results

    def save_results(self, corpus: Corpus, state: Mapping[str, bytes] | None = None) -> None:
        """Replace every cross-document result with the corpus's, in one transaction.

        ``state`` (name -> bytes) is what stages carry to the next build; it is written in the
        same transaction, so it never runs ahead of the results it belongs to.
        """
        with self._tx() as conn:
            for name, data in (state or {}).items():
                conn.execute("INSERT OR REPLACE INTO state(name, data) VALUES (?, ?)",
                             (name, data))
            conn.execute("DELETE FROM results")
            for field_name, (kind, _) in RESULT_KINDS.items():
                rows = [
                    (kind, rec.id, getattr(rec, "story_id", None), _dumps(rec))
                    for rec in getattr(corpus, field_name)
                ]
                conn.executemany(
                    "INSERT OR REPLACE INTO results(kind, id, story_id, data) VALUES (?,?,?,?)",
                    rows,
                )

    def load_state(self, name: str) -> bytes | None:
        """The state a stage saved with the last results, or None."""
        rows = self._query("SELECT data FROM state WHERE name = ?", (name,))
        return bytes(rows[0][0]) if rows else None

    def _results(self, kind: str, cls: type) -> tuple[Any, ...]:
        rows = self._query("SELECT data FROM results WHERE kind = ? ORDER BY rowid", (kind,))
        return tuple(from_dict(cls, json.loads(r[0])) for r in rows)

    def load_corpus(self, stage: str = "language") -> Corpus:
        """The stored articles, annotations and cross-document results as one Corpus."""
        fields = {name: self._results(kind, cls) for name, (kind, cls) in RESULT_KINDS.items()}
        return Corpus(
            articles=tuple(self.articles()), annotations=self.annotations(stage), **fields
        )

    def stories(self) -> tuple[Story, ...]:
        """The stored stories."""
        return self._results("story", Story)

    # ------------------------------------------------------------------ rejects and runs

    def add_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Log rejections (a repeated rejection is logged once)."""
        with self._tx() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO rejects(stage, item, reason) VALUES (?,?,?)",
                [(r.stage, r.item, r.reason) for r in rejections],
            )

    def rejects(self) -> list[Rejection]:
        """The rejects log, oldest first."""
        rows = self._query("SELECT stage, item, reason FROM rejects ORDER BY id")
        return [Rejection(stage=r[0], item=r[1], reason=r[2]) for r in rows]

    def start_run(self, command: str) -> int:
        """Record the start of a run (with this process and host); return its id. Runs of
        this host still marked running whose process is gone are marked ``interrupted``."""
        host = socket.gethostname()
        with self._tx() as conn:
            for run_id, pid in conn.execute(
                    "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?", (host,)
            ).fetchall():
                if pid and not _process_alive(int(pid)):
                    conn.execute(
                        "UPDATE runs SET status = 'interrupted', finished_at = "
                        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (run_id,))
            cur = conn.execute("INSERT INTO runs(command, pid, host) VALUES (?, ?, ?)",
                               (command, os.getpid(), host))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                " status = ?, summary = ? WHERE id = ?",
                (status, json.dumps(summary, sort_keys=True), run_id),
            )
