"""The PostgreSQL store's writes that take more than one statement: articles inserted by
several processes at once, and a build's increment in the SQLite store's statement order."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.model import Article, Corpus, OriginGroup, StoryChange
from storyline.model.signatures import SignatureRows
from storyline.store._shared import dumps
from storyline.store.postgres_schema import NOW

# an upserted result moves to the end of the results' order, as SQLite's INSERT OR REPLACE
# gives it a new rowid
UPSERT_RESULT = ("INSERT INTO results(kind, id, story_id, data) VALUES (%s, %s, %s, %s) "
                 "ON CONFLICT (kind, id) DO UPDATE SET story_id = EXCLUDED.story_id, "
                 "data = EXCLUDED.data, seq = nextval('results_order')")


def clean_text(value: str | None) -> str | None:
    """A string PostgreSQL's text type takes (it has no NUL character)."""
    return value.replace("\x00", "\ufffd") if value else value


def text_md5(text: str) -> str:
    """The digest verbatim copies are found by."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


_ARTICLE_COLUMNS = ('id text COLLATE "C", source_path text, url text, outlet text, title text, '
                    'published text, language text, text text, data text, raw_sha256 text, '
                    'text_length integer, text_md5 text')


def stage(conn: Any, name: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    """Rows into a temporary table of the transaction (dropped at its end) by ``COPY``: the
    quickest way in for many rows; statements then read them in the order they need."""
    conn.execute(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP")
    with conn.cursor().copy(f"COPY {name} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def upsert_results(conn: Any, rows: Sequence[tuple[str, str, str | None, str]]) -> None:
    """Upsert results in the given order, as SQLite's ``INSERT OR REPLACE`` one by one leaves
    them: a key given twice keeps its last row, at the place of its last row."""
    last = {(kind, rid): n for n, (kind, rid, _, _) in enumerate(rows)}
    stage(conn, "new_results", "n integer, kind text, id text, story_id text, data text",
          ((n, *rows[n]) for n in sorted(last.values())))
    conn.execute("INSERT INTO results(kind, id, story_id, data) SELECT kind, id, story_id, "
                 "data FROM new_results ORDER BY n ON CONFLICT (kind, id) DO UPDATE SET "
                 "story_id = EXCLUDED.story_id, data = EXCLUDED.data, "
                 "seq = nextval('results_order')")


def upsert_annotations(conn: Any, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """Insert or replace annotation rows (the last row of an article wins)."""
    last = {(row[0], row[1]): row for row in rows}
    stage(conn, "new_annotations", 'article_id text COLLATE "C", stage text, version text, '
          'data text', last.values())
    conn.execute("INSERT INTO annotations(article_id, stage, version, data) SELECT * FROM "
                 "new_annotations ORDER BY article_id ON CONFLICT (article_id, stage) DO "
                 "UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data")


def insert_articles(conn: Any, batch: list[tuple[Article, bytes | None]]) -> int:
    """Insert articles and their raw bytes in id order; how many were new.

    An article whose original bytes (and url) are already stored under another id is left
    out, as the SQLite store does. Rows go in id order (raw bytes in hash order, after the
    articles) so that writers inserting overlapping batches at once wait for one another
    instead of deadlocking; ``ON CONFLICT DO NOTHING`` stores each article once and
    ``RETURNING`` counts only the rows this transaction inserted."""
    shas = sorted({a.raw_sha256 for a, _ in batch if a.raw_sha256})
    known: dict[tuple[str, str], set[str]] = {}
    for sha, url, aid in conn.execute(
            "SELECT raw_sha256, coalesce(url, ''), id FROM articles "
            "WHERE raw_sha256 = ANY(%s)", (shas,)).fetchall():
        known.setdefault((sha, url), set()).add(aid)
    chosen: dict[str, Article] = {}
    raws: dict[str, bytes] = {}
    for article, raw in batch:
        key = (article.raw_sha256, article.url or "")
        if article.raw_sha256:
            if known.get(key, set()) - {article.id}:
                continue  # the same original bytes, cleaned by another version or batch
            known.setdefault(key, set()).add(article.id)
            if raw is not None:
                raws.setdefault(article.raw_sha256, raw)
        chosen.setdefault(article.id, article)
    stage(conn, "new_articles", _ARTICLE_COLUMNS, (
        (a.id, *(clean_text(v) for v in (a.source_path, a.url, a.outlet, a.title, a.published,
                                         a.language, a.text)),
         dumps(a), a.raw_sha256, len(a.text), text_md5(a.text)) for a in chosen.values()))
    added = conn.execute(  # in id order: one lock order for every writer
        "INSERT INTO articles(id, source_path, url, outlet, title, published, language, text,"
        " data, raw_sha256, text_length, text_md5) SELECT * FROM new_articles ORDER BY id"
        " ON CONFLICT (id) DO NOTHING RETURNING id").fetchall()
    if raws:
        stage(conn, "new_raw", "sha256 text, data bytea",
              ((k, zlib.compress(v, 6)) for k, v in raws.items()))
        # kept only when a stored article was read from them (see the SQLite store)
        conn.execute("INSERT INTO raw(sha256, data) SELECT n.sha256, n.data FROM new_raw n"
                     " WHERE EXISTS (SELECT 1 FROM articles a WHERE a.raw_sha256 = n.sha256)"
                     " ORDER BY n.sha256 ON CONFLICT (sha256) DO NOTHING")
    return len(added)


def save_increment(conn: Any, corpus: Corpus, members: Mapping[str, str],
                   state: Mapping[str, bytes], run_id: int | None,
                   signatures: SignatureRows | None) -> None:
    """The statements of :meth:`SqliteStore.save_increment`, in its order, in one pipeline
    (the origin groups each new group replaces are read first)."""
    if signatures:
        _put_signatures(conn, signatures)
    stale = _stale_origins(conn, corpus.origins)
    cur = conn.cursor()
    with conn.pipeline():
        put_state(conn, state or {})
        cur.executemany(UPSERT_RESULT, [("source", s.id, None, dumps(s))
                                         for s in corpus.sources])
        for link in corpus.reuse:
            _put_global(cur, "reuse", link.id, dumps(link), (link.a, link.b))
        for group, old_ids in zip(corpus.origins, stale, strict=True):
            for old in old_ids:
                cur.execute("DELETE FROM results WHERE kind = 'origin' AND id = %s",
                            (old,))
                cur.execute("DELETE FROM result_articles WHERE kind = 'origin' AND "
                            "id = %s", (old,))
            _put_global(cur, "origin", group.id, dumps(group),
                        [m.article_id for m in group.members])
        cur.executemany("INSERT INTO story_members(article_id, story_id) VALUES "
                        "(%s, %s) ON CONFLICT (article_id) DO UPDATE SET story_id = "
                        "EXCLUDED.story_id", sorted(members.items()))
        cur.executemany(UPSERT_RESULT, [("story", s.id, s.id, dumps(s))
                                         for s in corpus.stories])
        _mark(cur, [s.id for s in corpus.stories])
        for change in corpus.story_changes:
            _log_change(cur, change, run_id)


def _put_signatures(conn: Any, rows: SignatureRows) -> None:
    """The signature index's new rows: documents numbered in the order given, then their
    band keys and rare shingles."""
    stage(conn, "new_sig_docs", "n integer, article_id text, body_chars integer, "
          "shingles integer, digest text", ((n, *doc) for n, doc in enumerate(rows.docs)))
    conn.execute("INSERT INTO sig_docs(article_id, body_chars, shingles, digest) SELECT "
                 "article_id, body_chars, shingles, digest FROM new_sig_docs ORDER BY n "
                 "ON CONFLICT (article_id) DO NOTHING")
    for table, column, pairs in (("sig_bands", "key", rows.bands),
                                 ("sig_shingles", "shingle", rows.shingles)):
        stage(conn, f"new_{table}", "k bigint, article_id text", pairs)
        conn.execute(f"INSERT INTO {table}({column}, doc) SELECT s.k, d.doc FROM new_{table} s "
                     "JOIN sig_docs d ON d.article_id = s.article_id ON CONFLICT DO NOTHING")


def put_state(conn: Any, state: Mapping[str, bytes]) -> None:
    """Store state by name."""
    if state:
        conn.cursor().executemany("INSERT INTO state(name, data) VALUES (%s, %s) ON CONFLICT "
                                  "(name) DO UPDATE SET data = EXCLUDED.data",
                                  list(state.items()))


def _put_global(cur: Any, kind: str, rid: str, data: str, article_ids: Iterable[str]) -> None:
    cur.execute(UPSERT_RESULT, (kind, rid, None, data))
    cur.executemany("INSERT INTO result_articles(kind, id, article_id) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING", [(kind, rid, a) for a in article_ids])


def _stale_origins(conn: Any, groups: Sequence[OriginGroup]) -> list[list[str]]:
    """For each origin group, in order, the stored groups it replaces (those its members are
    in): read at once, then followed group by group as the SQLite store finds them."""
    ids = sorted({m.article_id for g in groups for m in g.members})
    owner: dict[str, set[str]] = {}
    holds: dict[str, set[str]] = {}
    for gid, aid in conn.execute("SELECT id, article_id FROM result_articles WHERE "
                                 "kind = 'origin' AND article_id = ANY(%s)", (ids,)).fetchall():
        owner.setdefault(aid, set()).add(gid)
        holds.setdefault(gid, set()).add(aid)
    out = []
    for group in groups:
        members = [m.article_id for m in group.members]
        stale = sorted({g for a in members for g in owner.get(a, ())} - {group.id})
        for old in stale:
            for aid in holds.pop(old, ()):
                owner[aid].discard(old)
        for aid in members:
            owner.setdefault(aid, set()).add(group.id)
            holds.setdefault(group.id, set()).add(aid)
        out.append(stale)
    return out


def _mark(cur: Any, story_ids: Sequence[str]) -> None:
    cur.executemany("INSERT INTO story_dirty(story_id) VALUES (%s) ON CONFLICT DO NOTHING",
                    [(s,) for s in story_ids])


def _log_change(cur: Any, change: StoryChange, run_id: int | None) -> None:
    """Log one story change; a merge redirects the absorbed id (and the ids that led to it)."""
    cur.execute("INSERT INTO story_changes(run_id, kind, story_id, other_id, articles, reason) "
                "VALUES (%s, %s, %s, %s, %s, %s)", (run_id, change.kind, change.story_id,
                                                    change.other_id, change.articles,
                                                    change.reason))
    if change.kind == "merged" and change.other_id:
        old, new = change.other_id, change.story_id
        cur.execute("INSERT INTO story_redirects(old_id, new_id, reason) VALUES (%s, %s, %s) "
                    f"ON CONFLICT (old_id) DO UPDATE SET new_id = EXCLUDED.new_id, at = {NOW}, "
                    "reason = EXCLUDED.reason", (old, new, change.reason))
        cur.execute("UPDATE story_redirects SET new_id = %s WHERE new_id = %s", (new, old))
        cur.execute("DELETE FROM results WHERE story_id = %s", (old,))
        cur.execute("DELETE FROM results WHERE kind = 'story' AND id = %s", (old,))
        cur.execute("DELETE FROM story_dirty WHERE story_id = %s", (old,))
    _mark(cur, [change.story_id])
    if change.kind == "split" and change.other_id:
        _mark(cur, [change.other_id])
