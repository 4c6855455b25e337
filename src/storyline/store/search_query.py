"""The search box's query language, and what a search returns, for every store backend.

A query is plain words, all of which must occur (each backend matches inflected forms: its
index stems, so "strikes" finds "strike"), with four operators:

- ``word*``: any word starting with ``word``;
- ``"an exact phrase"``: these words next to each other, in this order;
- ``OR`` (upper case) between alternatives: ``Korvin OR Vostrel``; each side may have
  several words (``ceasefire talks OR peace plan``: either both of the first two or both of
  the last two);
- ``-word`` or ``NOT word``: leave out articles with it (a phrase too: ``-"state media"``).

Anything else is a separator (``NEAR(``, ``AND``, brackets, punctuation); an unbalanced
quotation mark is closed at the end; a query over :data:`MAX_QUERY_CHARS` characters is cut,
and at most :data:`MAX_TERMS` terms are used, with a ``message`` saying so. Parsing never
fails: a query with nothing to look for gives an empty :class:`SearchQuery` and a message.

Backends compile a :class:`SearchQuery` into their own syntax (SQLite FTS5 in
:func:`fts5_match`; PostgreSQL's ``tsquery``); words reach them only as ``\\w+`` runs, so no
query text is ever interpreted by a backend as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 500
MAX_TERMS = 24

_TOKEN = re.compile(r'(?P<pneg>-)?"(?P<phrase>[^"]*)(?:"|$)|(?P<neg>-)?(?P<word>\w+)(?P<star>\*)?')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word, a word prefix, or a phrase (several words in order)."""

    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        if len(self.words) > 1:
            return '"' + " ".join(self.words) + '"'
        return self.words[0] + ("*" if self.prefix else "")


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: any of ``alternatives`` (each a set of terms that must all occur),
    without any article that has one of ``excluded``."""

    alternatives: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    message: str | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to look for (no result can match)."""
        return not self.alternatives

    @property
    def words(self) -> tuple[str, ...]:
        """The positive words, each once, in query order (for highlighting)."""
        seen: dict[str, None] = {}
        for group in self.alternatives:
            for term in group:
                for word in term.words:
                    seen.setdefault(word, None)
        return tuple(seen)

    def __str__(self) -> str:
        text = " OR ".join(" ".join(str(t) for t in group) for group in self.alternatives)
        return " ".join([text, *(f"-{t}" for t in self.excluded)]).strip()


@dataclass(frozen=True)
class SearchHit:
    """One matching article, with what a results list shows of it.

    ``snippet`` is plain text (not escaped); ``marks`` are the offsets of the matched words
    inside it; ``terms`` are the query's positive words.
    """

    article_id: str
    title: str
    outlet: str
    published: str | None
    story_id: str | None
    snippet: str
    marks: tuple[tuple[int, int], ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class SearchPage:
    """One page of results: the hits, how many match in all, and a note on the query."""

    hits: tuple[SearchHit, ...]
    total: int
    message: str | None = None


def parse_query(text: str) -> SearchQuery:
    """Parse a search box's text (never raises; see the module's documentation)."""
    notes: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    groups: list[list[Term]] = [[]]
    excluded: list[Term] = []
    negate_next = False
    count = 0
    for m in _TOKEN.finditer(text):
        if m.group("word") is not None:
            raw = m.group("word")
            if raw == "OR" and not m.group("neg") and not m.group("star"):
                groups.append([])
                negate_next = False
                continue
            if raw in ("NOT", "AND") and not m.group("neg") and not m.group("star"):
                negate_next = raw == "NOT"
                continue
            term = Term((raw.lower(),), prefix=bool(m.group("star")))
            negative = bool(m.group("neg")) or negate_next
        else:
            words = tuple(w.lower() for w in _WORD.findall(m.group("phrase") or ""))
            if not words:
                continue
            term = Term(words)
            negative = bool(m.group("pneg")) or negate_next
        negate_next = False
        if count >= MAX_TERMS:
            notes.append(f"only the first {MAX_TERMS} terms were used")
            break
        count += 1
        (excluded if negative else groups[-1]).append(term)
    alternatives = tuple(tuple(dict.fromkeys(g)) for g in groups if g)
    if not alternatives:
        notes.append("nothing to look for: give at least one word that must occur"
                     if excluded else "type words to look for")
    return SearchQuery(alternatives, tuple(dict.fromkeys(excluded)),
                       "; ".join(dict.fromkeys(notes)) or None)


def _fts5_term(term: Term) -> str:
    phrase = '"' + " ".join(term.words) + '"'
    return phrase + "*" if term.prefix else phrase


def fts5_match(query: SearchQuery) -> str:
    """The SQLite FTS5 ``MATCH`` expression of a non-empty query (words quoted as strings)."""
    if query.empty:
        raise ValueError("an empty query has no MATCH expression")
    groups = ["(" + " AND ".join(_fts5_term(t) for t in group) + ")"
              for group in query.alternatives]
    expr = "(" + " OR ".join(groups) + ")"
    if query.excluded:
        expr += " NOT (" + " OR ".join(_fts5_term(t) for t in query.excluded) + ")"
    return expr


def fts5_any(query: SearchQuery) -> str:
    """An FTS5 ``MATCH`` expression for any one positive term (to highlight them all)."""
    if query.empty:
        raise ValueError("an empty query has no MATCH expression")
    return " OR ".join(_fts5_term(t) for group in query.alternatives for t in group)


def marked_spans(marked: str, open_mark: str, close_mark: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove highlight markers from a backend's marked-up text: the plain text and the
    offsets of the marked runs in it (unpaired markers are dropped)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    pos = 0
    pattern = re.compile(re.escape(open_mark) + "|" + re.escape(close_mark))
    for m in pattern.finditer(marked):
        piece = marked[pos : m.start()]
        out.append(piece)
        length += len(piece)
        pos = m.end()
        if m.group(0) == open_mark:
            start = length
        elif start is not None:
            if length > start:
                spans.append((start, length))
            start = None
    out.append(marked[pos:])
    return "".join(out), spans
