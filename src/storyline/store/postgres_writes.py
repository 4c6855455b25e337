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
    arts = [chosen[k] for k in sorted(chosen)]  # one lock order for every writer
    rows = [(a.id, *(clean_text(v) for v in (a.source_path, a.url, a.outlet, a.title,
                                             a.published, a.language, a.text)),
             dumps(a), a.raw_sha256, len(a.text), text_md5(a.text)) for a in arts]
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(12)]
    added = conn.execute(
        "INSERT INTO articles(id, source_path, url, outlet, title, published, language,"
        " text, data, raw_sha256, text_length, text_md5) SELECT * FROM unnest("
        "%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],"
        " %s::text[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[])"
        " ON CONFLICT (id) DO NOTHING RETURNING id", columns,
    ).fetchall()
    if raws:
        keys = sorted(raws)
        conn.execute(
            "INSERT INTO raw(sha256, data) SELECT * FROM unnest(%s::text[], %s::bytea[])"
            " ON CONFLICT (sha256) DO NOTHING",
            (keys, [zlib.compress(raws[k], 6) for k in keys]))
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
    cur = conn.cursor()
    cur.executemany("INSERT INTO sig_docs(article_id, body_chars, shingles, digest) VALUES "
                    "(%s, %s, %s, %s) ON CONFLICT (article_id) DO NOTHING", list(rows.docs))
    doc = dict(conn.execute("SELECT article_id, doc FROM sig_docs WHERE article_id = ANY(%s)",
                            (sorted({a for a, *_ in rows.docs}),)).fetchall())
    for table, column, pairs in (("sig_bands", "key", rows.bands),
                                 ("sig_shingles", "shingle", rows.shingles)):
        kept = [(k, doc[a]) for k, a in pairs if a in doc]
        if kept:
            keys, docs = zip(*kept, strict=True)
            conn.execute(f"INSERT INTO {table}({column}, doc) SELECT * FROM unnest("
                         "%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
                         (list(keys), list(docs)))


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
