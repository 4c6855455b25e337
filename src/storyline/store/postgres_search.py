"""Full-text search on PostgreSQL: the query language of :mod:`storyline.store.search_query`
compiled to a ``tsquery`` (the ``english`` configuration, so words are stemmed), matched
against the articles' generated ``tsvector`` (GIN index), ranked by ``ts_rank``; snippets and
highlights by ``ts_headline`` between private-use marker characters, read back as offsets.
"""

from __future__ import annotations

from typing import Any

from storyline.store.postgres_schema import SEARCHED_CHARS
from storyline.store.search_query import (
    SearchHit,
    SearchPage,
    SearchQuery,
    Term,
    marked_spans,
    parse_query,
)

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters around matched words
SNIPPET_WORDS = 24  # at most, as in the SQLite store's snippets
# the document ts_headline reads: marker characters in the text itself become spaces
_DOC = f"translate(left(a.text, {SEARCHED_CHARS}), '{_OPEN}{_CLOSE}', '  ')"
_SNIPPET = (f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords={SNIPPET_WORDS}, "
            f"MinWords={SNIPPET_WORDS // 2}, ShortWord=0, HighlightAll=false")
_ALL = f"StartSel={_OPEN}, StopSel={_CLOSE}, HighlightAll=true"


def _term(term: Term) -> str:
    """One term as ``to_tsquery`` text: quoted words (``\\w`` runs only), in order for a
    phrase, ``:*`` for a prefix."""
    words = " <-> ".join("'" + w + "'" for w in term.words)
    return words + ":*" if term.prefix else words


def tsquery_text(query: SearchQuery) -> str:
    """The ``to_tsquery`` text of a non-empty query."""
    if query.empty:
        raise ValueError("an empty query has no tsquery")
    groups = ["(" + " & ".join(_term(t) for t in group) + ")" for group in query.alternatives]
    text = "(" + " | ".join(groups) + ")"
    if query.excluded:
        text += " & !(" + " | ".join(_term(t) for t in query.excluded) + ")"
    return text


def any_term_text(query: SearchQuery) -> str:
    """A ``to_tsquery`` text matching any one positive term (to highlight them all)."""
    return " | ".join(_term(t) for group in query.alternatives for t in group)


def search(conn: Any, query: str, limit: int, offset: int) -> SearchPage:
    """One page of hits for ``query``, best first, and the number of matches."""
    parsed = parse_query(query)
    if parsed.empty:
        return SearchPage((), 0, parsed.message)
    q = tsquery_text(parsed)
    total = int(conn.execute("SELECT count(*) FROM articles WHERE search @@ "
                             "to_tsquery('english', %s)", (q,)).fetchone()[0])
    rows = conn.execute(
        "WITH q AS (SELECT to_tsquery('english', %s) AS q), "
        "hits AS (SELECT a.id, ts_rank(a.search, q.q) AS rank FROM articles a, q "
        "WHERE a.search @@ q.q ORDER BY rank DESC, a.id LIMIT %s OFFSET %s) "
        "SELECT a.id, coalesce(a.title, ''), coalesce(a.outlet, ''), a.published, m.story_id, "
        f"ts_headline('english', {_DOC}, q.q, %s), left(a.text, {SEARCHED_CHARS}) "
        "FROM hits JOIN articles a ON a.id = hits.id CROSS JOIN q "
        "LEFT JOIN story_members m ON m.article_id = a.id ORDER BY hits.rank DESC, a.id",
        (q, max(0, int(limit)), max(0, int(offset)), _SNIPPET)).fetchall()
    hits = []
    for article_id, title, outlet, published, story_id, marked, text in rows:
        snippet, marks = _with_ellipses(*marked_spans(marked, _OPEN, _CLOSE), text)
        hits.append(SearchHit(article_id, title, outlet, published, story_id, snippet,
                              tuple(marks), parsed.words))
    return SearchPage(tuple(hits), total, parsed.message)


def _with_ellipses(snippet: str, marks: list[tuple[int, int]],
                   text: str) -> tuple[str, list[tuple[int, int]]]:
    """An ellipsis where the snippet cuts the text, as the SQLite store's snippets have."""
    core = snippet.strip()
    shift = len(snippet) - len(snippet.lstrip())
    marks = [(s - shift, e - shift) for s, e in marks]
    if core and not text.lstrip().startswith(core):
        core, marks = "…" + core, [(s + 1, e + 1) for s, e in marks]
    if core and not text.rstrip().endswith(core.lstrip("…")):
        core += "…"
    return core, marks


def match_spans(conn: Any, article_id: str, query: str) -> list[tuple[int, int]]:
    """The offsets, in one article's text, of the words a query's positive terms match."""
    parsed = parse_query(query)
    if parsed.empty:
        return []
    row = conn.execute(
        "SELECT ts_headline('english', translate(a.text, %s, '  '), "
        "to_tsquery('english', %s), %s), length(a.text) FROM articles a WHERE a.id = %s",
        (_OPEN + _CLOSE, any_term_text(parsed), _ALL, article_id)).fetchone()
    if row is None:
        return []
    plain, spans = marked_spans(row[0], _OPEN, _CLOSE)
    return spans if len(plain) == row[1] else []
