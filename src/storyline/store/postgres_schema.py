"""Versioned schema migrations for the PostgreSQL store: the same logical tables as the SQLite
store (:mod:`storyline.store.migrations`), each step applied once, in its own transaction.

The applied steps are rows of ``schema_version``. A step runs under a transaction-scoped
advisory lock, so that processes opening a new database at once apply it exactly once: the
others wait for the lock, then find it applied. PostgreSQL's DDL is transactional, so a step
that fails leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from storyline.errors import StoreError

# advisory lock keys: (LOCK_SPACE, n); runs are locked as (RUN_SPACE, run id)
LOCK_SPACE = 0x53544F52  # "STOR"
RUN_SPACE = 0x52554E53  # "RUNS"
MIGRATE_KEY = 1
BUILD_KEY = 2
RUNS_KEY = 3

# text search reads the first SEARCHED_CHARS characters of a text (the same cap as the
# annotation): a tsvector holds at most 1 MB of lexemes, and 200,000 characters of UTF-8 are
# at most 800 kB however hostile the text
SEARCHED_CHARS = 200_000
NOW = "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
MARK = "storyline store"  # the note of every schema_version row: tells our tables from others'

MIGRATIONS: tuple[str, ...] = (
    # 1: the tables of the SQLite store's version 5, with text search by a generated column
    f"""
    CREATE TABLE articles (
        id TEXT COLLATE "C" PRIMARY KEY,
        source_path TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        data TEXT NOT NULL,
        raw_sha256 TEXT NOT NULL,
        text_length INTEGER NOT NULL,
        text_md5 TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT ({NOW}),
        search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('english', left(text, {SEARCHED_CHARS})), 'B')
        ) STORED
    );
    CREATE INDEX articles_search ON articles USING gin (search);
    CREATE INDEX articles_raw ON articles (raw_sha256);
    CREATE INDEX articles_text_md5 ON articles (text_md5);
    CREATE TABLE raw (
        sha256 TEXT PRIMARY KEY,
        data BYTEA NOT NULL
    );
    CREATE TABLE annotations (
        article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (article_id, stage)
    );
    CREATE INDEX annotations_stage ON annotations (stage, version);
    CREATE SEQUENCE results_order;
    CREATE TABLE results (
        kind TEXT NOT NULL,
        id TEXT COLLATE "C" NOT NULL,
        story_id TEXT COLLATE "C",
        data TEXT NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('results_order'),
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX results_story ON results (story_id, kind);
    CREATE INDEX results_kind_order ON results (kind, seq);
    CREATE TABLE rejects (
        id BIGSERIAL PRIMARY KEY,
        stage TEXT NOT NULL,
        item TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT ({NOW})
    );
    CREATE UNIQUE INDEX rejects_once ON rejects (md5(stage || '|' || item || '|' || reason));
    CREATE TABLE runs (
        id BIGSERIAL PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL DEFAULT ({NOW}),
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',
        summary TEXT,
        pid INTEGER,
        host TEXT
    );
    CREATE TABLE state (
        name TEXT PRIMARY KEY,
        data BYTEA NOT NULL
    );
    CREATE TABLE story_members (
        article_id TEXT COLLATE "C" PRIMARY KEY,
        story_id TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX story_members_story ON story_members (story_id);
    CREATE TABLE story_redirects (
        old_id TEXT COLLATE "C" PRIMARY KEY,
        new_id TEXT COLLATE "C" NOT NULL,
        at TEXT NOT NULL DEFAULT ({NOW}),
        reason TEXT NOT NULL
    );
    CREATE INDEX story_redirects_new ON story_redirects (new_id);
    CREATE TABLE story_changes (
        id BIGSERIAL PRIMARY KEY,
        at TEXT NOT NULL DEFAULT ({NOW}),
        run_id BIGINT,
        kind TEXT NOT NULL,
        story_id TEXT COLLATE "C" NOT NULL,
        other_id TEXT COLLATE "C",
        articles INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL
    );
    CREATE INDEX story_changes_story ON story_changes (story_id);
    CREATE INDEX story_changes_other ON story_changes (other_id);
    CREATE INDEX story_changes_run ON story_changes (run_id);
    CREATE TABLE story_dirty (
        story_id TEXT COLLATE "C" PRIMARY KEY
    );
    CREATE TABLE result_articles (
        kind TEXT NOT NULL,
        id TEXT COLLATE "C" NOT NULL,
        article_id TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (kind, id, article_id)
    );
    CREATE INDEX result_articles_article ON result_articles (article_id, kind);
    CREATE SEQUENCE content_version;
    """,
    # 2: the signature index by which new articles find stored ones that may share text with
    # them, kept as rows (SQLite's version 7); ``doc`` numbers follow the order of indexing
    """
    CREATE TABLE sig_docs (
        doc BIGSERIAL PRIMARY KEY,
        article_id TEXT COLLATE "C" NOT NULL UNIQUE,
        body_chars INTEGER NOT NULL,
        shingles INTEGER NOT NULL,
        digest TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX sig_docs_digest ON sig_docs (digest, doc);
    CREATE TABLE sig_bands (
        key BIGINT NOT NULL,
        doc BIGINT NOT NULL,
        PRIMARY KEY (key, doc)
    );
    CREATE TABLE sig_shingles (
        shingle BIGINT NOT NULL,
        doc BIGINT NOT NULL,
        PRIMARY KEY (shingle, doc)
    );
    """,
    # 3: entities found by their whole name (SQLite's version 8)
    """
    CREATE INDEX results_entity_name ON results (lower((data::jsonb)->>'name'))
        WHERE kind = 'entity';
    """,
    # 4: the articles a build must annotate found through an index (SQLite's version 9)
    """
    CREATE INDEX annotations_version ON annotations (stage, version, article_id);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Any) -> int:
    """The schema version of the database (0 for one without storyline's tables); StoreError
    for a database whose tables are another application's."""
    tables = {r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    ).fetchall()}
    if not tables:
        return 0
    if "schema_version" in tables:
        try:
            row = conn.execute("SELECT max(version) FROM schema_version WHERE note = %s",
                               (MARK,)).fetchone()
        except Exception:  # noqa: BLE001 - another application's schema_version
            row = None
        if row and row[0] is not None:
            return int(row[0])
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise StoreError(f"not a storyline database (it has tables {shown}); give another --db, "
                     f"nothing was changed")


def migrate(conn: Any) -> int:
    """Apply every pending migration, each in its own transaction; the resulting version."""
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s::int, %s::int)",
                         (LOCK_SPACE, MIGRATE_KEY))
            version = current_version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(f"database schema version {version} is newer than this "
                                 f"storyline ({SCHEMA_VERSION}); upgrade storyline")
            if version == SCHEMA_VERSION:
                return version
            if version == 0:
                conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                             f"applied_at TEXT NOT NULL DEFAULT ({NOW}), note TEXT NOT NULL)")
            conn.execute(MIGRATIONS[version])
            conn.execute("INSERT INTO schema_version(version, note) VALUES (%s, %s)",
                         (version + 1, MARK))
