"""Versioned schema migrations for the SQLite store: each step runs once, in its own transaction."""

from __future__ import annotations

import sqlite3

from storyline.errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    # 1: articles with full-text search, raw bytes, annotations, results, rejects, runs
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_path TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        data TEXT NOT NULL,
        raw_sha256 TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TABLE raw (
        sha256 TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    CREATE TABLE annotations (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (article_id, stage)
    );
    CREATE TABLE results (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        story_id TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX results_story ON results(story_id, kind);
    CREATE TABLE rejects (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        item TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (stage, item, reason)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',
        summary TEXT
    );
    """,
    # 2: state a stage carries from one build to the next (e.g. the provenance signature index)
    """
    CREATE TABLE state (
        name TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    """,
    # 3: an article is found by its original bytes too (stored once whatever the cleaning made)
    """
    CREATE INDEX IF NOT EXISTS articles_raw ON articles(raw_sha256);
    """,
    # 4: which process runs a run, so that one killed mid-way can be told from one still going
    """
    ALTER TABLE runs ADD COLUMN pid INTEGER;
    ALTER TABLE runs ADD COLUMN host TEXT;
    """,
    # 5: a living store: each article's story, ids that redirect, the log of story changes,
    # stories waiting for their results, and which articles a cross-story result involves
    """
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    CREATE TABLE story_redirects (
        old_id TEXT PRIMARY KEY,
        new_id TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        reason TEXT NOT NULL
    );
    CREATE TABLE story_changes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        run_id INTEGER,
        kind TEXT NOT NULL,
        story_id TEXT NOT NULL,
        other_id TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL
    );
    CREATE INDEX story_changes_story ON story_changes(story_id);
    CREATE TABLE story_dirty (
        story_id TEXT PRIMARY KEY
    );
    CREATE TABLE result_articles (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (kind, id, article_id)
    );
    CREATE INDEX result_articles_article ON result_articles(article_id, kind);
    ALTER TABLE articles ADD COLUMN text_length INTEGER;
    UPDATE articles SET text_length = length(text);
    CREATE INDEX articles_text_length ON articles(text_length);
    """,
    # 6: search that matches inflected forms: the full-text index stems (Porter) and folds
    # diacritics
    """
    DROP TRIGGER articles_ai;
    DROP TRIGGER articles_ad;
    DROP TABLE articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    """,
    # 7: the signature index by which new articles find stored ones that may share text with
    # them, kept as rows (a build reads the rows its keys name and adds its own)
    """
    CREATE TABLE sig_docs (
        doc INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        body_chars INTEGER NOT NULL,
        shingles INTEGER NOT NULL,
        digest TEXT NOT NULL
    );
    CREATE INDEX sig_docs_digest ON sig_docs(digest, doc);
    CREATE TABLE sig_bands (
        key INTEGER NOT NULL,
        doc INTEGER NOT NULL,
        PRIMARY KEY (key, doc)
    ) WITHOUT ROWID;
    CREATE TABLE sig_shingles (
        shingle INTEGER NOT NULL,
        doc INTEGER NOT NULL,
        PRIMARY KEY (shingle, doc)
    ) WITHOUT ROWID;
    """,
    # 8: entities found by their whole name (an entity page's namesakes in other stories)
    # without reading every entity row
    """
    CREATE INDEX results_entity_name ON results(lower(json_extract(data, '$.name')))
        WHERE kind = 'entity';
    """,
    # 9: the articles a build must annotate found through an index, not by reading every
    # annotation row (15 s at 100,000 stored articles with a cold cache)
    """
    CREATE INDEX annotations_version ON annotations(stage, version, article_id);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new one)."""
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def current_version_readonly(conn: sqlite3.Connection) -> int:
    """The schema version, read without creating anything (0 when there is none)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration; return the resulting version.

    Each migration reads the version and applies the next script inside one write-locked
    transaction (``BEGIN IMMEDIATE``), so that processes opening a new database at once apply
    each migration exactly once: the others wait for the lock, then find it applied.
    """
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot lock the database to migrate it: {exc}") from exc
        number = 0
        try:
            version = current_version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"database schema version {version} is newer than this storyline "
                    f"({SCHEMA_VERSION}); upgrade storyline"
                )
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return SCHEMA_VERSION
            number = version + 1
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(number),),
            )
            conn.execute("COMMIT")
        except StoreError:
            conn.execute("ROLLBACK")
            raise
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {number} failed: {exc}") from exc


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
