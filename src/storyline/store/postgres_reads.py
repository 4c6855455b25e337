"""The PostgreSQL store's longer read statements: the story list in one query (the SQLite
store's, in PostgreSQL's JSON functions), entities by name, the signature index's rows."""

from __future__ import annotations

from typing import Any

_STORY = "(r.data::jsonb)"
_MEMBERS = "FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = r.id"
# the row shape of storyline.store._shared.summaries_from_rows; dates and times compared as
# the SQLite store compares them (code point order)
SUMMARIES = (
    f"SELECT r.id, {_STORY}->>'title',"
    f" coalesce({_STORY}->>'first_published',"
    f"  (SELECT min(a.published COLLATE \"C\") {_MEMBERS})),"
    f" coalesce({_STORY}->>'last_published',"
    f"  (SELECT max(a.published COLLATE \"C\") {_MEMBERS})),"
    f" ({_STORY}->'keywords')::text,"
    " (SELECT count(*) FROM story_members m WHERE m.story_id = r.id),"
    f" (SELECT json_agg(DISTINCT a.outlet)::text {_MEMBERS} AND a.outlet IS NOT NULL),"
    " (SELECT count(DISTINCT x.id) FROM story_members m JOIN result_articles x"
    "  ON x.article_id = m.article_id AND x.kind = 'origin' WHERE m.story_id = r.id),"
    " coalesce((SELECT max(c.at COLLATE \"C\") FROM story_changes c WHERE c.story_id = r.id),"
    f"  (SELECT max(a.added_at COLLATE \"C\") {_MEMBERS})),"
    " (SELECT count(*) FROM results d WHERE d.story_id = r.id AND d.kind = 'discrepancy'),"
    f" jsonb_array_length({_STORY}->'article_ids')"
    " FROM results r WHERE r.kind = 'story'"
)

BAND_ROWS = ("SELECT b.key, d.article_id FROM sig_bands b JOIN sig_docs d ON d.doc = b.doc "
             "WHERE b.key = ANY(%s::bigint[]) ORDER BY b.key, b.doc")
SHINGLE_ROWS = ("SELECT s.shingle, d.article_id FROM sig_shingles s JOIN sig_docs d ON "
                "d.doc = s.doc WHERE s.shingle = ANY(%s::bigint[]) ORDER BY s.shingle, s.doc")
# the first article indexed with each digest
DIGEST_ROWS = ("SELECT DISTINCT ON (digest) digest, article_id FROM sig_docs WHERE "
               "digest = ANY(%s) ORDER BY digest, doc")


def entity_query(name: str, exact: bool, limit: int) -> tuple[str, tuple[Any, ...]] | None:
    """The statement and parameters finding entities by name (None: no name given)."""
    name = " ".join(name.split())[:200]
    if not name:
        return None
    if exact:
        cond, arg = "lower((data::jsonb)->>'name') = lower(%s)", name
    else:
        escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        cond, arg = "(data::jsonb)->>'name' ILIKE %s ESCAPE '\\'", f"%{escaped}%"
    return (f"SELECT data FROM results WHERE kind = 'entity' AND {cond} ORDER BY "
            "(data::jsonb)->>'is_descriptor' NULLS FIRST, story_id NULLS FIRST, id LIMIT %s",
            (arg, int(limit)))
