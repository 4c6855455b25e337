"""The embedded SQLite store: articles with full-text search, annotations, results, rejects.

Writes are transactional: a batch of articles, a batch of annotations, or the whole set of
cross-document results is committed at once, so a killed run never leaves half a story. The
connection is shared behind a lock so the web app's threads can read through it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from storyline.errors import NotFound, StoreError
from storyline.model import (
    Article,
    ArticleAnnotations,
    Corpus,
    Discrepancy,
    Entity,
    OriginGroup,
    Rejection,
    ReuseLink,
    Source,
    Story,
    StoryChange,
    from_dict,
)
from storyline.model.signatures import SignatureHits, SignatureRows
from storyline.store._shared import (
    BY_KIND,
    RESULT_KINDS,
    VIEW_KINDS,
    ViewRow,
    follow_redirects,
    integrity_problems,
    process_alive,
    source_ids,
    story_result_rows,
    summaries_from_rows,
    view_rows,
)
from storyline.store._shared import dumps as _dumps
from storyline.store.migrations import (
    SCHEMA_VERSION,
    current_version_readonly,
    migrate,
)
from storyline.store.search_query import (
    SearchHit,
    SearchPage,
    fts5_any,
    fts5_match,
    marked_spans,
    parse_query,
)

_CHUNK = 500  # ids per SQL statement
# Queries of result_articles by article name its index (INDEXED BY result_articles_article),
# and read it first in a join (CROSS JOIN): SQLite's planner otherwise takes the covering
# primary key (kind, id, article_id) and scans every row of the kind for each article (9 ms a
# lookup at 100,000 articles, against 0.07 ms), or, given the index, scans the results first
# (30 s for 400 articles).
_INT_CHUNK = 5000  # integer keys per SQL statement
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use characters around matched words
SNIPPET_MAX_TEXT = 100_000  # longer texts are not given to FTS5's snippet()
OPENING_CHARS = 200  # their snippet: the opening characters, words of the query marked


def opening_snippet(opening: str, words: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The opening of a long text as a snippet: cut after its last whole word, ``…`` added,
    and the words starting with one of the query's words marked."""
    cut = opening.rsplit(None, 1)[0] if len(opening) >= OPENING_CHARS else opening
    text = " ".join(cut.split()) + ("…" if len(opening) >= OPENING_CHARS else "")
    if not words:
        return text, []
    starts = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)
    return text, [m.span() for m in starts.finditer(text)]


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
                    " language, text, data, raw_sha256, text_length)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
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
                        len(article.text),
                    ),
                )
                added += cur.rowcount
                if raw is not None and article.raw_sha256:
                    # kept only when a stored article was read from them: bytes whose article
                    # was already stored from other bytes (the same text re-encoded) are not
                    conn.execute(
                        "INSERT OR IGNORE INTO raw(sha256, data) SELECT ?, ? WHERE EXISTS "
                        "(SELECT 1 FROM articles WHERE raw_sha256 = ?)",
                        (article.raw_sha256, zlib.compress(raw, 6), article.raw_sha256),
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

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchPage:
        """Full-text search over titles and text (the query language of
        :mod:`storyline.store.search_query`), ranked best first."""
        parsed = parse_query(query)
        if parsed.empty:
            return SearchPage((), 0, parsed.message)
        match = fts5_match(parsed)
        total = int(self._query(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,))[0][0])
        # FTS5's snippet() takes time quadratic in a text's matches (a 1 MB text repeating
        # the word searched for took minutes): longer texts get their opening lines instead
        rows = self._query(
            "SELECT a.id, coalesce(a.title, ''), coalesce(a.outlet, ''), a.published,"
            " m.story_id, CASE WHEN length(a.text) <= ? THEN"
            " snippet(articles_fts, 1, ?, ?, '…', 24) END, substr(a.text, 1, ?)"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " LEFT JOIN story_members m ON m.article_id = a.id"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (SNIPPET_MAX_TEXT, _MARK_OPEN, _MARK_CLOSE, OPENING_CHARS, match,
             max(0, int(limit)), max(0, int(offset))),
        )
        hits = []
        for article_id, title, outlet, published, story_id, marked, opening in rows:
            if marked is None:
                snippet, marks = opening_snippet(opening, parsed.words)
            else:
                snippet, marks = marked_spans(marked, _MARK_OPEN, _MARK_CLOSE)
            hits.append(SearchHit(article_id, title, outlet, published,
                                  story_id, snippet, tuple(marks),
                                  parsed.words))
        return SearchPage(tuple(hits), total, parsed.message)

    def match_spans(self, article_id: str, query: str) -> list[tuple[int, int]]:
        """The offsets, in one article's text, of the words a search query matches there."""
        parsed = parse_query(query)
        if parsed.empty:
            return []
        rows = self._query(
            "SELECT highlight(articles_fts, 1, ?, ?), a.text"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE a.id = ? AND articles_fts MATCH ?",
            (_MARK_OPEN, _MARK_CLOSE, article_id, fts5_any(parsed)),
        )
        if not rows:
            return []
        plain, spans = marked_spans(rows[0][0], _MARK_OPEN, _MARK_CLOSE)
        return spans if plain == rows[0][1] else []  # the text held a marker character

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

    def save_state(self, state: Mapping[str, bytes]) -> None:
        """Store state by name (what stages carry from one build to the next)."""
        with self._tx() as conn:
            conn.executemany("INSERT OR REPLACE INTO state(name, data) VALUES (?, ?)",
                             list(state.items()))

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
            articles=tuple(self.articles()), annotations=self.annotations(stage),
            story_changes=tuple(self.story_changes()), **fields
        )

    def stories(self) -> tuple[Story, ...]:
        """The stored stories."""
        return self._results("story", Story)

    def story_summaries(self) -> list[dict[str, Any]]:
        """Every story's id, title, dates, keywords, article count, outlets, independent
        origins, newest update (the last change logged for it, else the newest of its
        articles' storing times) and number of discrepancies, largest first. One query,
        counted in the database: no article or result is read whole."""
        rows = self._query(
            "SELECT r.id, json_extract(r.data, '$.title'),"
            " coalesce(json_extract(r.data, '$.first_published'), (SELECT min(a.published)"
            "  FROM story_members m JOIN articles a ON a.id = m.article_id"
            "  WHERE m.story_id = r.id)),"
            " coalesce(json_extract(r.data, '$.last_published'), (SELECT max(a.published)"
            "  FROM story_members m JOIN articles a ON a.id = m.article_id"
            "  WHERE m.story_id = r.id)),"
            " json_extract(r.data, '$.keywords'),"
            " (SELECT count(*) FROM story_members m WHERE m.story_id = r.id),"
            " (SELECT json_group_array(DISTINCT a.outlet) FROM story_members m JOIN articles a"
            "  ON a.id = m.article_id WHERE m.story_id = r.id AND a.outlet IS NOT NULL),"
            " (SELECT count(DISTINCT x.id) FROM story_members m JOIN result_articles x"
            "  INDEXED BY result_articles_article"  # see the note at _CHUNK
            "  ON x.article_id = m.article_id AND x.kind = 'origin' WHERE m.story_id = r.id),"
            " coalesce((SELECT max(c.at) FROM story_changes c WHERE c.story_id = r.id),"
            "  (SELECT max(a.added_at) FROM story_members m JOIN articles a"
            "   ON a.id = m.article_id WHERE m.story_id = r.id)),"
            " (SELECT count(*) FROM results d WHERE d.story_id = r.id AND d.kind = 'discrepancy'),"
            " json_array_length(r.data, '$.article_ids')"
            " FROM results r WHERE r.kind = 'story'")
        return summaries_from_rows(rows)

    def get_entity(self, entity_id: str) -> Entity:
        """One story's entity by id (NotFound if there is none)."""
        rows = self._query("SELECT data FROM results WHERE kind = 'entity' AND id = ?",
                           (entity_id,))
        if not rows:
            raise NotFound(f"no entity with id {entity_id!r}")
        return from_dict(Entity, json.loads(rows[0][0]))

    def find_entities(self, name: str, exact: bool = False, limit: int = 500) -> list[Entity]:
        """The entities of every story named ``name`` (``exact``: the whole name, case and
        accents as written but case-insensitive for ASCII), else whose name contains it;
        people and organisations first, then by story. Reads the entity rows' names only,
        and whole rows for the matches."""
        name = " ".join(name.split())[:200]
        if not name:
            return []
        if exact:
            cond, arg = "lower(json_extract(data, '$.name')) = lower(?)", name
        else:
            escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            cond, arg = "json_extract(data, '$.name') LIKE ? ESCAPE '\\'", f"%{escaped}%"
        rows = self._query(
            f"SELECT data FROM results WHERE kind = 'entity' AND {cond} "
            "ORDER BY json_extract(data, '$.is_descriptor'), story_id, id LIMIT ?",
            (arg, int(limit)))
        return [from_dict(Entity, json.loads(r[0])) for r in rows]

    def story_count(self) -> int:
        """How many stories are stored."""
        return int(self._query("SELECT count(*) FROM results WHERE kind = 'story'")[0][0])

    # ------------------------------------------------------------------ the living store

    def _in(self, sql: str, ids: Iterable[str],
            params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (with one ``{}`` for the id placeholders) over ids in chunks."""
        ids = list(dict.fromkeys(ids))
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), _CHUNK):
            part = ids[start:start + _CHUNK]
            rows.extend(self._query(sql.format(",".join("?" * len(part))), [*params, *part]))
        return rows

    def unannotated_article_ids(self, stage: str, version: str) -> list[str]:
        """Articles without this chain version's annotations, ordered by id."""
        rows = self._query("SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM "
                           "annotations WHERE stage = ? AND version = ?) ORDER BY id",
                           (stage, version))
        return [r[0] for r in rows]

    def annotated_with_text(self, stage: str, version: str,
                            texts: Iterable[str]) -> list[Article]:
        """Articles with these exact texts that have this chain version's annotations."""
        out: list[Article] = []
        for text in dict.fromkeys(texts):
            rows = self._query(
                "SELECT a.id, a.data FROM articles a WHERE a.text_length = ? AND a.text = ? AND "
                "EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id AND n.stage = ? "
                "AND n.version = ?)", (len(text), text, stage, version))
            out.extend(from_dict(Article, json.loads(r[1])) for r in sorted(rows))
        return out

    def unassigned_article_ids(self) -> list[str]:
        """Articles in no story yet (the new articles of the next build), in publication
        order, undated last, by id on a tie."""
        rows = self._query("SELECT id FROM articles WHERE id NOT IN "
                           "(SELECT article_id FROM story_members) "
                           "ORDER BY coalesce(published, '') = '', coalesce(published, ''), id")
        return [r[0] for r in rows]

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """The stored articles with these ids, ordered by id (unknown ids are left out)."""
        rows = self._in("SELECT id, data FROM articles WHERE id IN ({})", ids)
        return [from_dict(Article, json.loads(r[1])) for r in sorted(rows)]

    def annotations_of(self, stage: str, ids: Iterable[str]) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a chain for these articles, by article id."""
        rows = self._in("SELECT article_id, data FROM annotations WHERE stage = ? AND "
                        "article_id IN ({})", ids, (stage,))
        return {r[0]: from_dict(ArticleAnnotations, json.loads(r[1])) for r in rows}

    def story_members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Each story's member article ids (sorted)."""
        out: dict[str, list[str]] = {}
        for article_id, story_id in sorted(self._in(
                "SELECT article_id, story_id FROM story_members WHERE story_id IN ({})",
                story_ids)):
            out.setdefault(story_id, []).append(article_id)
        return out

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of these articles is in (articles in none are left out)."""
        return dict(self._in("SELECT article_id, story_id FROM story_members "
                             "WHERE article_id IN ({})", article_ids))

    def resolve_story(self, story_id: str) -> str:
        """The id a story is shown under now: itself, or where its redirects lead; NotFound if
        the id was never a story's."""
        def next_id(sid: str) -> str | None:
            rows = self._query("SELECT new_id FROM story_redirects WHERE old_id = ?", (sid,))
            return str(rows[0][0]) if rows else None

        current = follow_redirects(story_id, next_id)
        if not self._query("SELECT 1 FROM results WHERE kind = 'story' AND id = ?", (current,)) \
                and not self._query("SELECT 1 FROM story_members WHERE story_id = ? LIMIT 1",
                                    (current,)):
            raise NotFound(f"no story with id {story_id!r}")
        return current

    def dirty_stories(self) -> list[str]:
        """Stories whose results wait to be rebuilt, ordered by id."""
        return [r[0] for r in self._query("SELECT story_id FROM story_dirty ORDER BY story_id")]

    def mark_dirty(self, story_ids: Iterable[str]) -> None:
        """Mark these stories for rebuilding."""
        with self._tx() as conn:
            conn.executemany("INSERT OR IGNORE INTO story_dirty(story_id) VALUES (?)",
                             [(s,) for s in story_ids])

    def stories_by_id(self, story_ids: Iterable[str]) -> list[Story]:
        """The stored story records with these ids, ordered by id."""
        rows = self._in("SELECT id, data FROM results WHERE kind = 'story' AND id IN ({})",
                        story_ids)
        return [from_dict(Story, json.loads(r[1])) for r in sorted(rows)]

    def cross_results_of(self, article_ids: Iterable[str]) -> tuple[tuple[ReuseLink, ...],
                                                                   tuple[OriginGroup, ...]]:
        """The reuse links and origin groups these articles are in."""
        ids = list(article_ids)
        out = []
        for kind, cls in (("reuse", ReuseLink), ("origin", OriginGroup)):
            found = self._in("SELECT DISTINCT r.id, r.data FROM result_articles x INDEXED BY "
                             "result_articles_article CROSS JOIN results r ON r.kind = x.kind "
                             "AND r.id = x.id WHERE x.kind = ? AND x.article_id IN ({})", ids,
                             (kind,))
            out.append(tuple(from_dict(cls, json.loads(d)) for _, d in sorted(found)))
        return out[0], out[1]

    # ------------------------------------------------------------------ signature index

    def _ints(self, sql: str, keys: Sequence[int]) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (one ``{}`` for the placeholders) over integer keys in chunks."""
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(keys), _INT_CHUNK):
            part = keys[start:start + _INT_CHUNK]
            rows.extend(self._query(sql.format(",".join("?" * len(part))), part))
        return rows

    def signature_docs(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``(body_chars, shingle_count)`` of the indexed articles among ``ids``."""
        rows = self._in("SELECT article_id, body_chars, shingles FROM sig_docs"
                        " WHERE article_id IN ({})", ids)
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    def signature_hits(self, bands: Sequence[int], shingles: Sequence[int],
                       digests: Sequence[str]) -> SignatureHits:
        """The stored signature rows for these band keys, shingles and body digests."""
        band_rows = self._ints(
            "SELECT b.key, d.article_id FROM sig_bands b JOIN sig_docs d ON d.doc = b.doc"
            " WHERE b.key IN ({}) ORDER BY b.key, b.doc", list(bands))
        shingle_rows = self._ints(
            "SELECT s.shingle, d.article_id FROM sig_shingles s JOIN sig_docs d"
            " ON d.doc = s.doc WHERE s.shingle IN ({}) ORDER BY s.shingle, s.doc",
            list(shingles))
        digest_rows = self._in(
            "SELECT digest, article_id, min(doc) FROM sig_docs WHERE digest IN ({})"
            " GROUP BY digest", [d for d in digests if d])
        sizes = self.signature_docs({a for _, a in shingle_rows})
        return SignatureHits(tuple((int(k), a) for k, a in band_rows),
                             tuple((int(k), a) for k, a in shingle_rows),
                             tuple((d, a) for d, a, _ in digest_rows),
                             {a: n for a, (_, n) in sizes.items()})

    @staticmethod
    def _put_signatures(conn: sqlite3.Connection, rows: SignatureRows) -> None:
        conn.executemany("INSERT OR IGNORE INTO sig_docs(article_id, body_chars, shingles,"
                         " digest) VALUES (?, ?, ?, ?)", rows.docs)
        ids = sorted({a for a, *_ in rows.docs})  # rows name the articles of their docs
        doc: dict[str, int] = {}
        for start in range(0, len(ids), _CHUNK):
            part = ids[start:start + _CHUNK]
            doc.update(conn.execute("SELECT article_id, doc FROM sig_docs WHERE article_id"
                                    f" IN ({','.join('?' * len(part))})", part).fetchall())
        conn.executemany("INSERT OR IGNORE INTO sig_bands(key, doc) VALUES (?, ?)",
                         ((k, doc[a]) for k, a in rows.bands if a in doc))
        conn.executemany("INSERT OR IGNORE INTO sig_shingles(shingle, doc) VALUES (?, ?)",
                         ((k, doc[a]) for k, a in rows.shingles if a in doc))

    def mark_all_dirty(self) -> int:
        """Mark every story for rebuilding (a changed chain); how many."""
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO story_dirty(story_id) "
                         "SELECT DISTINCT story_id FROM story_members")
            return int(conn.execute("SELECT count(*) FROM story_dirty").fetchone()[0])

    def save_increment(
        self,
        corpus: Corpus,
        members: Mapping[str, str],
        state: Mapping[str, bytes] | None = None,
        run_id: int | None = None,
        signatures: SignatureRows | None = None,
    ) -> None:
        """Store what a build's new articles changed, in one transaction: each new or moved
        article's story (``members``), the story changes (merges redirect the absorbed id to
        the survivor), the cross-story results (``reuse``, ``origins``, ``sources``: an origin
        group replaces the groups its members were in), the stages' state, the new rows of
        the signature index; and mark every story that changed as waiting for its results."""
        with self._tx() as conn:
            if signatures:
                self._put_signatures(conn, signatures)
            for name, data in (state or {}).items():
                conn.execute("INSERT OR REPLACE INTO state(name, data) VALUES (?, ?)",
                             (name, data))
            for source in corpus.sources:
                conn.execute("INSERT OR REPLACE INTO results(kind, id, story_id, data) "
                             "VALUES ('source', ?, NULL, ?)", (source.id, _dumps(source)))
            for link in corpus.reuse:
                self._put_global(conn, "reuse", link.id, _dumps(link), (link.a, link.b))
            for group in corpus.origins:
                ids = [m.article_id for m in group.members]
                stale = {r[0] for a in ids for r in conn.execute(
                    "SELECT id FROM result_articles INDEXED BY result_articles_article "
                    "WHERE kind = 'origin' AND article_id = ?", (a,))}
                for old in stale - {group.id}:
                    conn.execute("DELETE FROM results WHERE kind = 'origin' AND id = ?", (old,))
                    conn.execute("DELETE FROM result_articles WHERE kind = 'origin' AND id = ?",
                                 (old,))
                self._put_global(conn, "origin", group.id, _dumps(group), ids)
            conn.executemany("INSERT OR REPLACE INTO story_members(article_id, story_id) "
                             "VALUES (?, ?)", sorted(members.items()))
            conn.executemany("INSERT OR REPLACE INTO results(kind, id, story_id, data) "
                             "VALUES ('story', ?, ?, ?)",
                             [(s.id, s.id, _dumps(s)) for s in corpus.stories])
            conn.executemany("INSERT OR IGNORE INTO story_dirty(story_id) VALUES (?)",
                             [(s.id,) for s in corpus.stories])
            for change in corpus.story_changes:
                conn.execute(
                    "INSERT INTO story_changes(run_id, kind, story_id, other_id, articles, "
                    "reason) VALUES (?,?,?,?,?,?)",
                    (run_id, change.kind, change.story_id, change.other_id, change.articles,
                     change.reason))
                if change.kind == "merged" and change.other_id:
                    self._redirect(conn, change.other_id, change.story_id, change.reason)
                conn.execute("INSERT OR IGNORE INTO story_dirty(story_id) VALUES (?)",
                             (change.story_id,))
                if change.kind == "split" and change.other_id:
                    conn.execute("INSERT OR IGNORE INTO story_dirty(story_id) VALUES (?)",
                                 (change.other_id,))

    @staticmethod
    def _put_global(conn: sqlite3.Connection, kind: str, rid: str, data: str,
                    article_ids: Iterable[str]) -> None:
        conn.execute("INSERT OR REPLACE INTO results(kind, id, story_id, data) "
                     "VALUES (?, ?, NULL, ?)", (kind, rid, data))
        conn.executemany("INSERT OR IGNORE INTO result_articles(kind, id, article_id) "
                         "VALUES (?, ?, ?)", [(kind, rid, a) for a in article_ids])

    @staticmethod
    def _redirect(conn: sqlite3.Connection, old: str, new: str, reason: str) -> None:
        """``old`` now shows as ``new``: its results go, and ids that led to it lead on."""
        conn.execute("INSERT OR REPLACE INTO story_redirects(old_id, new_id, reason) "
                     "VALUES (?, ?, ?)", (old, new, reason))
        conn.execute("UPDATE story_redirects SET new_id = ? WHERE new_id = ?", (new, old))
        conn.execute("DELETE FROM results WHERE story_id = ?", (old,))
        conn.execute("DELETE FROM results WHERE kind = 'story' AND id = ?", (old,))
        conn.execute("DELETE FROM story_dirty WHERE story_id = ?", (old,))

    def save_story_results(self, story_ids: Sequence[str], corpus: Corpus,
                           views: Iterable[ViewRow] = ()) -> None:
        """Replace the results of these stories with the corpus's (and the ``views`` rendered
        from them), in one transaction, and mark them done. Quotes and claims are filed under
        their article's story."""
        rows = story_result_rows(story_ids, corpus, views)
        with self._tx() as conn:
            for start in range(0, len(story_ids), _CHUNK):
                part = list(story_ids[start:start + _CHUNK])
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM results WHERE story_id IN ({marks})", part)
                conn.execute(f"DELETE FROM story_dirty WHERE story_id IN ({marks})", part)
            conn.executemany("INSERT OR REPLACE INTO results(kind, id, story_id, data) "
                             "VALUES (?,?,?,?)", rows)

    def load_story(self, story_id: str, stage: str | None = "language") -> Corpus:
        """One story (its id resolved through redirects) with its articles, annotations and
        results, and the cross-story results its articles are in: reads that story's rows only.
        ``stage``: the chain whose annotations to read (None: none, as a dossier needs)."""
        sid = self.resolve_story(story_id)
        rows = self._query("SELECT kind, data FROM results WHERE story_id = ? AND kind NOT IN "
                           f"({', '.join('?' * len(VIEW_KINDS))}) ORDER BY rowid",
                           (sid, *VIEW_KINDS))
        fields: dict[str, list[Any]] = {name: [] for name in RESULT_KINDS}
        for kind, data in rows:
            name, cls = BY_KIND[kind]
            fields[name].append(from_dict(cls, json.loads(data)))
        ids = [a for s in fields["stories"] for a in s.article_ids] or \
            self.story_members([sid]).get(sid, [])
        articles = self.articles_by_id(ids)
        reuse, origins = self.cross_results_of(ids)
        fields["reuse"], fields["origins"] = list(reuse), list(origins)
        fields["sources"] = [from_dict(Source, json.loads(d[0])) for d in self._in(
            "SELECT data FROM results WHERE kind = 'source' AND id IN ({})",
            source_ids(articles))]
        changes = self.story_changes(sid)
        annotations = self.annotations_of(stage, ids) if stage else {}
        return Corpus(articles=tuple(articles), annotations=annotations,
                      story_changes=tuple(changes),
                      **{name: tuple(recs) for name, recs in fields.items()})

    def view(self, kind: str, view_id: str) -> str | None:
        """A rendered view kept with its story's results (``page`` by story id, ``marks`` by
        article id, ``section`` by story id/section/page, ``entity_page`` by entity id): its JSON
        text, or None."""
        rows = self._query("SELECT data FROM results WHERE kind = ? AND id = ?", (kind, view_id))
        return str(rows[0][0]) if rows else None

    def save_views(self, views: Iterable[ViewRow]) -> None:
        """Keep rendered views with the results of their stories (of stored stories only)."""
        views = list(views)
        stored = {s.id for s in self.stories_by_id(sorted({row[2] for row in views}))}
        with self._tx() as conn:
            conn.executemany("INSERT OR REPLACE INTO results(kind, id, story_id, data) "
                             "VALUES (?,?,?,?)", view_rows(views, stored))

    def story_changes(self, story_id: str | None = None,
                      run_id: int | None = None) -> list[StoryChange]:
        """The log of story changes, oldest first (of one story with the stories merged into
        it, of one run, or all)."""
        sql = "SELECT kind, story_id, reason, other_id, articles, at FROM story_changes"
        if story_id:
            # its own changes, and those of the stories merged into it before they were
            rows = self._query(sql + " WHERE story_id = ? OR other_id = ? OR story_id IN "
                               "(SELECT old_id FROM story_redirects WHERE new_id = ?) "
                               "ORDER BY id", (story_id, story_id, story_id))
        elif run_id is not None:
            rows = self._query(sql + " WHERE run_id = ? ORDER BY id", (run_id,))
        else:
            rows = self._query(sql + " ORDER BY id")
        return [StoryChange(*r) for r in rows]

    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """Every stored discrepancy."""
        return self._results("discrepancy", Discrepancy)

    # ------------------------------------------------------------------ integrity and locks

    def check(self) -> list[str]:
        """What is inconsistent in the store, one line per kind of problem (none: whole)."""
        members = dict(self._query("SELECT article_id, story_id FROM story_members"))
        return integrity_problems(self._query, self.stories(), members)

    @contextmanager
    def build_lock(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the store's build lock (a lock on the file ``<database>-lock`` beside it):
        one build at a time, across processes; ``on_wait`` is called once if another build
        holds it. The lock goes with the process that held it."""
        import fcntl

        with open(self.path.with_name(self.path.name + "-lock"), "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

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

    def start_run(self, command: str, exclusive: bool = False) -> int:
        """Record the start of a run (with this process and host); return its id. Runs of
        this host still marked running whose process is gone are marked ``interrupted``.
        ``exclusive``: refuse (StoreError) while another run of the same command is running."""
        host = socket.gethostname()
        with self._tx() as conn:
            for run_id, pid in conn.execute(
                    "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?", (host,)
            ).fetchall():
                if pid and not process_alive(int(pid)):
                    conn.execute(
                        "UPDATE runs SET status = 'interrupted', finished_at = "
                        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (run_id,))
            if exclusive:
                other = conn.execute(
                    "SELECT pid, host, started_at FROM runs WHERE status = 'running' AND "
                    "command = ? ORDER BY id LIMIT 1", (command,)).fetchone()
                if other is not None:
                    raise StoreError(
                        f"{self.path}: another {command} is running (process {other[0]} on "
                        f"{other[1]}, since {other[2]}); wait for it to finish")
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
