"""The PostgreSQL store: the :class:`~storyline.store.base.Store` protocol on a server that
several processes and hosts share (the ``postgres`` extra: psycopg 3 and psycopg-pool).

The same logical tables as the SQLite store (:mod:`storyline.store.postgres_schema`), read
and written alike (:mod:`storyline.store._shared`), so both give the same answers. Every write
method is one transaction on a pooled connection. Several writers at once:

- ``add_articles`` inserts with ``ON CONFLICT DO NOTHING`` in id order (so two processes
  inserting overlapping batches wait for each other instead of deadlocking) and counts the
  rows it inserted: an article is stored once however many processes bring it;
- ``build_lock`` holds a session advisory lock on a fixed key on its own connection, so one
  build at a time places articles and stores stories, whatever host it runs on;
- every run holds an advisory lock on its id until it ends, so a run whose process died (on
  any host) is told from one still going, and ``start_run(exclusive=True)`` holds across hosts.

Readers (``storyline serve``) read while writers write: PostgreSQL's snapshots (MVCC). A store
opened ``readonly`` runs every transaction read-only.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from storyline.errors import NotFound, StoreError, require
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
    dumps,
    follow_redirects,
    integrity_problems,
    source_ids,
    story_result_rows,
    summaries_from_rows,
    view_rows,
)
from storyline.store.postgres_locks import advisory_lock, register_run
from storyline.store.postgres_reads import (
    BAND_ROWS,
    DIGEST_ROWS,
    SHINGLE_ROWS,
    SUMMARIES,
    entity_query,
)
from storyline.store.postgres_schema import (
    BUILD_KEY,
    LOCK_SPACE,
    NOW,
    SCHEMA_VERSION,
    current_version,
    migrate,
)
from storyline.store.postgres_search import match_spans as _match_spans
from storyline.store.postgres_search import search as _search
from storyline.store.postgres_writes import (
    clean_text,
    insert_articles,
    put_state,
    save_increment,
    text_md5,
    upsert_annotations,
    upsert_results,
)
from storyline.store.search_query import SearchPage

POOL_SIZE = 4  # connections per process: the web app's threads read through them at once
RETRIES = 5  # attempts of an article batch that lost a deadlock to another writer


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - a malformed URL is shown by its scheme only
        return url.split("://", 1)[0] + "://…"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


def _int_array(values: Iterable[int]) -> str:
    """Integers as an array literal (much quicker to send than a list adapted value by
    value)."""
    return "{" + ",".join(str(int(v)) for v in values) + "}"


class PostgresStore:
    """A storyline database on a PostgreSQL server: the :class:`~storyline.store.base.Store`
    protocol."""

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        """Open the store in the database ``url`` names (its tables are created unless
        ``readonly``); a database holding another application's tables is refused, never
        changed."""
        self._psycopg = require("psycopg", "postgres")
        pool_module = require("psycopg_pool", "postgres")
        self.url = url
        self.path = _shown(url)
        self.readonly = readonly
        options = "-c default_transaction_read_only=on" if readonly else ""
        self._kwargs: dict[str, Any] = {"autocommit": True, "options": options}
        try:
            with self._psycopg.connect(url, **self._kwargs) as conn:
                version = current_version(conn) if readonly else migrate(conn)
        except StoreError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        except self._psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database: "
                             f"{str(exc).strip()}") from exc
        if readonly and version == 0:
            raise StoreError(f"{self.path}: no storyline store in this database (build one "
                             f"with 'storyline build PATH --db {self.path}')")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {version} is newer than "
                             f"this storyline ({SCHEMA_VERSION}); upgrade storyline")
        self._pool_timeout = pool_module.PoolTimeout
        self._pool = pool_module.ConnectionPool(url, min_size=1, max_size=POOL_SIZE,
                                                kwargs=self._kwargs, open=True)
        self._runs: dict[int, Any] = {}  # run id -> the connection holding its lock
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        """Close the connections (a run still open is left as it is)."""
        with self._lock:
            for conn in self._runs.values():
                conn.close()
            self._runs.clear()
        self._pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """A pooled connection; a lost server is a StoreError (a deadlock is retried by the
        caller that can)."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except self._psycopg.errors.TransactionRollback:
            raise
        except (self._psycopg.OperationalError, self._pool_timeout) as exc:
            raise StoreError(f"{self.path}: {str(exc).strip()}") from exc

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        """One write transaction: all or nothing; the content version moves on with it."""
        with self._connection() as conn:
            with conn.transaction():
                yield conn
                conn.execute("SELECT nextval('content_version')")
            # once more after the commit: a reader that looked in between looks again
            conn.execute("SELECT nextval('content_version')")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def version(self) -> int:
        """A number that changes whenever the stored content changes (for caches)."""
        return int(self._query("SELECT last_value FROM content_version")[0][0])

    # ------------------------------------------------------------------ articles

    def add_articles(self, items: Iterable[tuple[Article, bytes | None]]) -> int:
        """Store articles (and their raw bytes) in one transaction; return how many were new.

        An article whose original bytes (and url) are already stored is not stored again,
        whatever id the cleaning of this version or batch gave it. Processes adding the same
        articles at once store each once, and each counts only the ones it stored."""
        batch = list(items)
        for attempt in range(RETRIES):
            try:
                with self._tx() as conn:
                    return insert_articles(conn, batch)
            except self._psycopg.errors.DeadlockDetected:
                if attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return 0  # unreachable

    def article_count(self) -> int:
        """How many articles are stored."""
        return int(self._query("SELECT count(*) FROM articles")[0][0])

    def articles(self) -> list[Article]:
        """Every stored article, ordered by id."""
        rows = self._query("SELECT data FROM articles ORDER BY id")
        return [from_dict(Article, json.loads(r[0])) for r in rows]

    def get_article(self, article_id: str) -> Article:
        """One article by id."""
        rows = self._query("SELECT data FROM articles WHERE id = %s", (article_id,))
        if not rows:
            raise NotFound(f"no article with id {article_id!r}")
        return from_dict(Article, json.loads(rows[0][0]))

    def raw_bytes(self, article_id: str) -> bytes:
        """The original bytes an article was read from."""
        rows = self._query("SELECT raw.data FROM raw JOIN articles ON articles.raw_sha256 = "
                           "raw.sha256 WHERE articles.id = %s", (article_id,))
        if not rows:
            raise NotFound(f"no raw bytes stored for article {article_id!r}")
        return zlib.decompress(rows[0][0])

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchPage:
        """Full-text search over titles and text (the query language of
        :mod:`storyline.store.search_query`), ranked best first."""
        with self._connection() as conn:
            return _search(conn, query, limit, offset)

    def match_spans(self, article_id: str, query: str) -> list[tuple[int, int]]:
        """The offsets, in one article's text, of the words a search query matches there."""
        with self._connection() as conn:
            return _match_spans(conn, article_id, query)

    # ------------------------------------------------------------------ annotations

    def done_article_ids(self, stage: str, version: str) -> set[str]:
        """Articles whose annotations for this stage version are stored (completion markers)."""
        rows = self._query("SELECT article_id FROM annotations WHERE stage = %s AND "
                           "version = %s", (stage, version))
        return {r[0] for r in rows}

    def unannotated_article_ids(self, stage: str, version: str) -> list[str]:
        """Articles without this chain version's annotations, ordered by id."""
        rows = self._query("SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                           "annotations n WHERE n.article_id = a.id AND n.stage = %s AND "
                           "n.version = %s) ORDER BY a.id", (stage, version))
        return [r[0] for r in rows]

    def annotated_with_text(self, stage: str, version: str,
                            texts: Iterable[str]) -> list[Article]:
        """Articles with these exact texts that have this chain version's annotations."""
        wanted = list(dict.fromkeys(texts))
        rows = self._query(
            "SELECT a.text_md5, a.id, a.data FROM articles a WHERE a.text_md5 = ANY(%s) AND "
            "EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id AND n.stage = %s "
            "AND n.version = %s)", ([text_md5(t) for t in wanted], stage, version))
        found: dict[str, list[tuple[str, str]]] = {}
        for digest, aid, data in rows:
            found.setdefault(digest, []).append((aid, data))
        out: list[Article] = []
        for text in wanted:
            for _, data in sorted(found.get(text_md5(text), [])):
                article = from_dict(Article, json.loads(data))
                if article.text == text:
                    out.append(article)
        return out

    def save_annotations(
        self, stage: str, version: str, annotations: Iterable[ArticleAnnotations]
    ) -> None:
        """Store one batch of per-article annotations in one transaction."""
        rows = [(a.article_id, stage, version, dumps(a)) for a in annotations]
        with self._tx() as conn:
            upsert_annotations(conn, rows)

    def annotations(self, stage: str) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a stage, by article id."""
        rows = self._query("SELECT article_id, data FROM annotations WHERE stage = %s "
                           "ORDER BY article_id", (stage,))
        return {r[0]: from_dict(ArticleAnnotations, json.loads(r[1])) for r in rows}

    def annotations_of(self, stage: str, ids: Iterable[str]) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a chain for these articles, by article id."""
        rows = self._query("SELECT article_id, data FROM annotations WHERE stage = %s AND "
                           "article_id = ANY(%s)", (stage, list(ids)))
        return {r[0]: from_dict(ArticleAnnotations, json.loads(r[1])) for r in rows}

    # ------------------------------------------------------------------ results and state

    def save_state(self, state: Mapping[str, bytes]) -> None:
        """Store state by name (what stages carry from one build to the next)."""
        with self._tx() as conn:
            put_state(conn, state)

    def load_state(self, name: str) -> bytes | None:
        """The state a stage saved with the last results, or None."""
        rows = self._query("SELECT data FROM state WHERE name = %s", (name,))
        return bytes(rows[0][0]) if rows else None

    def _results(self, kind: str, cls: type) -> tuple[Any, ...]:
        rows = self._query("SELECT data FROM results WHERE kind = %s ORDER BY seq", (kind,))
        return tuple(from_dict(cls, json.loads(r[0])) for r in rows)

    def load_corpus(self, stage: str = "language") -> Corpus:
        """The stored articles, annotations and cross-document results as one Corpus."""
        fields = {name: self._results(kind, cls) for name, (kind, cls) in RESULT_KINDS.items()}
        return Corpus(articles=tuple(self.articles()), annotations=self.annotations(stage),
                      story_changes=tuple(self.story_changes()), **fields)

    def stories(self) -> tuple[Story, ...]:
        """The stored stories."""
        return self._results("story", Story)

    def story_count(self) -> int:
        """How many stories are stored."""
        return int(self._query("SELECT count(*) FROM results WHERE kind = 'story'")[0][0])

    def story_summaries(self) -> list[dict[str, Any]]:
        """Every story's id, title, dates, keywords, article count, outlets, independent
        origins, newest update and number of discrepancies, largest first: one query, the
        SQLite store's, counted in the database (no article or result is read whole)."""
        return summaries_from_rows(self._query(SUMMARIES))

    def get_entity(self, entity_id: str) -> Entity:
        """One story's entity by id (NotFound if there is none)."""
        rows = self._query("SELECT data FROM results WHERE kind = 'entity' AND id = %s",
                           (entity_id,))
        if not rows:
            raise NotFound(f"no entity with id {entity_id!r}")
        return from_dict(Entity, json.loads(rows[0][0]))

    def find_entities(self, name: str, exact: bool = False, limit: int = 500) -> list[Entity]:
        """The entities of every story named ``name`` (``exact``: the whole name, case
        aside), else whose name contains it (case aside); people and organisations first,
        then by story."""
        found = entity_query(name, exact, limit)
        return [from_dict(Entity, json.loads(r[0])) for r in self._query(*found)] \
            if found else []

    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """Every stored discrepancy."""
        return self._results("discrepancy", Discrepancy)

    # ------------------------------------------------------------------ the living store

    def unassigned_article_ids(self) -> list[str]:
        """Articles in no story yet (the new articles of the next build), in publication
        order, undated last, by id on a tie."""
        rows = self._query("SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                           "story_members m WHERE m.article_id = a.id) "
                           "ORDER BY coalesce(a.published, '') = '', "
                           "coalesce(a.published, ''), a.id")
        return [r[0] for r in rows]

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """The stored articles with these ids, ordered by id (unknown ids are left out)."""
        rows = self._query("SELECT data FROM articles WHERE id = ANY(%s) ORDER BY id",
                           (list(ids),))
        return [from_dict(Article, json.loads(r[0])) for r in rows]

    def story_members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Each story's member article ids (sorted)."""
        out: dict[str, list[str]] = {}
        for article_id, story_id in self._query(
                "SELECT article_id, story_id FROM story_members WHERE story_id = ANY(%s) "
                "ORDER BY article_id", (list(story_ids),)):
            out.setdefault(story_id, []).append(article_id)
        return out

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of these articles is in (articles in none are left out)."""
        return dict(self._query("SELECT article_id, story_id FROM story_members "
                                "WHERE article_id = ANY(%s)", (list(article_ids),)))

    def stories_by_id(self, story_ids: Iterable[str]) -> list[Story]:
        """The stored story records with these ids, ordered by id."""
        rows = self._query("SELECT data FROM results WHERE kind = 'story' AND id = ANY(%s) "
                           "ORDER BY id", (list(story_ids),))
        return [from_dict(Story, json.loads(r[0])) for r in rows]

    def cross_results_of(self, article_ids: Iterable[str]) -> tuple[tuple[ReuseLink, ...],
                                                                   tuple[OriginGroup, ...]]:
        """The reuse links and origin groups these articles are in."""
        ids = list(article_ids)
        out = []
        for kind, cls in (("reuse", ReuseLink), ("origin", OriginGroup)):
            rows = self._query(
                "SELECT r.data FROM results r WHERE r.kind = %s AND r.id IN (SELECT x.id FROM "
                "result_articles x WHERE x.kind = %s AND x.article_id = ANY(%s)) ORDER BY r.id",
                (kind, kind, ids))
            out.append(tuple(from_dict(cls, json.loads(r[0])) for r in rows))
        return out[0], out[1]

    def resolve_story(self, story_id: str) -> str:
        """The id a story is shown under now: itself, or where its redirects lead; NotFound if
        the id was never a story's."""
        def next_id(sid: str) -> str | None:
            rows = self._query("SELECT new_id FROM story_redirects WHERE old_id = %s", (sid,))
            return str(rows[0][0]) if rows else None

        current = follow_redirects(story_id, next_id)
        if not self._query(
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM results WHERE kind = 'story' AND id = %s)"
                " OR EXISTS (SELECT 1 FROM story_members WHERE story_id = %s)",
                (current, current)):
            raise NotFound(f"no story with id {story_id!r}")
        return current

    def dirty_stories(self) -> list[str]:
        """Stories whose results wait to be rebuilt, ordered by id."""
        return [r[0] for r in self._query("SELECT story_id FROM story_dirty ORDER BY story_id")]

    def mark_dirty(self, story_ids: Iterable[str]) -> None:
        """Mark these stories for rebuilding."""
        with self._tx() as conn:
            conn.execute("INSERT INTO story_dirty(story_id) SELECT unnest(%s::text[]) "
                         "ON CONFLICT DO NOTHING", (sorted(set(story_ids)),))

    def mark_all_dirty(self) -> int:
        """Mark every story for rebuilding (a changed chain); how many."""
        with self._tx() as conn:
            conn.execute("INSERT INTO story_dirty(story_id) SELECT DISTINCT story_id FROM "
                         "story_members ON CONFLICT DO NOTHING")
            return int(conn.execute("SELECT count(*) FROM story_dirty").fetchone()[0])

    def signature_docs(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``(body_chars, shingle_count)`` of the indexed articles among ``ids``."""
        rows = self._query("SELECT article_id, body_chars, shingles FROM sig_docs WHERE "
                           "article_id = ANY(%s)", (list(dict.fromkeys(ids)),))
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    def signature_hits(self, bands: Sequence[int], shingles: Sequence[int],
                       digests: Sequence[str]) -> SignatureHits:
        """The stored signature rows for these band keys, shingles and body digests."""
        band_rows = self._query(BAND_ROWS, (_int_array(bands),))
        shingle_rows = self._query(SHINGLE_ROWS, (_int_array(shingles),))
        digest_rows = self._query(DIGEST_ROWS, ([d for d in digests if d],))
        sizes = self.signature_docs({a for _, a in shingle_rows})
        return SignatureHits(tuple((int(k), a) for k, a in band_rows),
                             tuple((int(k), a) for k, a in shingle_rows),
                             tuple((d, a) for d, a in digest_rows),
                             {a: n for a, (_, n) in sizes.items()})

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
        group replaces the groups its members were in), the stages' state; and mark every
        story that changed as waiting for its results; and the signature index's new rows.
        The statements are those of the SQLite store, in its order, sent in one pipeline."""
        with self._tx() as conn:
            save_increment(conn, corpus, members, state or {}, run_id, signatures)

    def save_story_results(self, story_ids: Sequence[str], corpus: Corpus,
                           views: Iterable[ViewRow] = ()) -> None:
        """Replace the results of these stories with the corpus's (and the ``views`` rendered
        from them), in one transaction, and mark them done. Quotes and claims are filed under
        their article's story."""
        rows = story_result_rows(story_ids, corpus, views)
        with self._tx() as conn:
            conn.execute("DELETE FROM results WHERE story_id = ANY(%s)", (list(story_ids),))
            conn.execute("DELETE FROM story_dirty WHERE story_id = ANY(%s)", (list(story_ids),))
            upsert_results(conn, rows)

    def load_story(self, story_id: str, stage: str | None = "language") -> Corpus:
        """One story (its id resolved through redirects) with its articles, annotations and
        results, and the cross-story results its articles are in: reads that story's rows only.
        ``stage``: the chain whose annotations to read (None: none, as a dossier needs)."""
        sid = self.resolve_story(story_id)
        fields: dict[str, list[Any]] = {name: [] for name in RESULT_KINDS}
        for kind, data in self._query("SELECT kind, data FROM results WHERE story_id = %s "
                                      "AND kind <> ALL(%s) ORDER BY seq",
                                      (sid, list(VIEW_KINDS))):
            name, cls = BY_KIND[kind]
            fields[name].append(from_dict(cls, json.loads(data)))
        ids = [a for s in fields["stories"] for a in s.article_ids] or \
            self.story_members([sid]).get(sid, [])
        articles = self.articles_by_id(ids)
        reuse, origins = self.cross_results_of(ids)
        fields["reuse"], fields["origins"] = list(reuse), list(origins)
        fields["sources"] = [from_dict(Source, json.loads(r[0])) for r in self._query(
            "SELECT data FROM results WHERE kind = 'source' AND id = ANY(%s) ORDER BY seq",
            (sorted(source_ids(articles)),))]
        annotations = self.annotations_of(stage, ids) if stage else {}
        return Corpus(articles=tuple(articles), annotations=annotations,
                      story_changes=tuple(self.story_changes(sid)),
                      **{name: tuple(recs) for name, recs in fields.items()})

    def view(self, kind: str, view_id: str) -> str | None:
        """A rendered view kept with its story's results (``page`` by story id, ``marks`` by
        article id, ``section`` by story id/section/page, ``entity_page`` by entity id): its JSON
        text, or None."""
        rows = self._query("SELECT data FROM results WHERE kind = %s AND id = %s",
                           (kind, view_id))
        return str(rows[0][0]) if rows else None

    def save_views(self, views: Iterable[ViewRow]) -> None:
        """Keep rendered views with the results of their stories (of stored stories only)."""
        views = list(views)
        stored = {s.id for s in self.stories_by_id(sorted({row[2] for row in views}))}
        with self._tx() as conn:
            upsert_results(conn, view_rows(views, stored))

    def story_changes(self, story_id: str | None = None,
                      run_id: int | None = None) -> list[StoryChange]:
        """The log of story changes, oldest first (of one story with the stories merged into
        it, of one run, or all)."""
        sql = "SELECT kind, story_id, reason, other_id, articles, at FROM story_changes"
        if story_id:
            # its own changes, and those of the stories merged into it before they were
            rows = self._query(sql + " WHERE story_id = %s OR other_id = %s OR story_id IN "
                               "(SELECT old_id FROM story_redirects WHERE new_id = %s) "
                               "ORDER BY id", (story_id, story_id, story_id))
        elif run_id is not None:
            rows = self._query(sql + " WHERE run_id = %s ORDER BY id", (run_id,))
        else:
            rows = self._query(sql + " ORDER BY id")
        return [StoryChange(*r) for r in rows]

    # ------------------------------------------------------------------ integrity and locks

    def check(self) -> list[str]:
        """What is inconsistent in the store, one line per kind of problem (none: whole)."""
        members = dict(self._query("SELECT article_id, story_id FROM story_members"))
        return integrity_problems(self._query, self.stories(), members)

    @contextmanager
    def build_lock(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the store's build lock (a session advisory lock on a fixed key, on a
        connection of its own): one build at a time, across processes and hosts; ``on_wait``
        is called once if another build holds it. The lock goes with the connection."""
        with self._psycopg.connect(self.url, **self._kwargs) as conn, \
                advisory_lock(conn, (LOCK_SPACE, BUILD_KEY), on_wait):
            yield

    # ------------------------------------------------------------------ rejects and runs

    def add_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Log rejections (a repeated rejection is logged once)."""
        rows = [(clean_text(r.stage), clean_text(r.item), clean_text(r.reason)) for r in rejections]
        with self._tx() as conn:
            conn.cursor().executemany("INSERT INTO rejects(stage, item, reason) VALUES "
                                      "(%s, %s, %s) ON CONFLICT DO NOTHING", rows)

    def rejects(self) -> list[Rejection]:
        """The rejects log, oldest first."""
        rows = self._query("SELECT stage, item, reason FROM rejects ORDER BY id")
        return [Rejection(stage=r[0], item=r[1], reason=r[2]) for r in rows]

    def start_run(self, command: str, exclusive: bool = False) -> int:
        """Record the start of a run (with this process and host); return its id. The run
        holds an advisory lock on its id until it finishes or its process dies; runs marked
        running whose lock nobody holds are marked ``interrupted``. ``exclusive``: refuse
        (StoreError) while another run of the same command is running."""
        holder = self._psycopg.connect(self.url, **self._kwargs)
        try:
            with self._tx() as conn:
                run_id = register_run(conn, holder, command, exclusive, self.path)
        except BaseException:
            holder.close()
            raise
        with self._lock:
            self._runs[run_id] = holder
        return run_id

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended (and let go of its lock)."""
        with self._tx() as conn:
            conn.execute(f"UPDATE runs SET finished_at = {NOW}, status = %s, summary = %s "
                         "WHERE id = %s", (status, json.dumps(summary, sort_keys=True), run_id))
        with self._lock:
            holder = self._runs.pop(run_id, None)
        if holder is not None:
            holder.close()
