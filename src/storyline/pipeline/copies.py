"""Annotate each distinct input once: verbatim copies get the annotations of one representative.

An article's language annotations are a function of what the per-article chain reads from it
(:data:`KEY_FIELDS`: the clean text, the language it carries, where the body starts, and the
publication day) and of its id, which the annotators write into every span and hash into every
record id (``content_id(prefix, article_id, *parts)``). Articles equal in all of that but the
id — wire copy republished verbatim under another outlet, byline, URL or file — are annotated
once. Each copy gets the representative's annotations re-addressed (:class:`Readdress`): the
article id replaced in every span, and every record id re-derived by recovering its parts from
the record's own offsets (checked against the id), then hashing them with the copy's id. When a
record id cannot be re-derived this way, or any other string carries the representative's id or
looks like an id that is not one of the records', the copy is annotated on its own; so the
result is always that of annotating each article separately.

Articles with the same text but another key (published on another day) are annotated each, in
a row, so that they share one spaCy parse (the parse cache is keyed by the text).

Not handled: copies that differ in anything the chain reads are annotated in full — another
title (it is part of the text and moves ``body_start``), a trimmed, reordered or edited body.
Reuse per shared passage is not done because it cannot be exact: spaCy's token vectors (a CNN
window of several tokens), its transition-based parser (sentence boundaries) and entity
recogniser read context across paragraph breaks, and the annotators read the whole text
(earlier names resolve later pronouns and short names, earlier dates anchor later relative
ones), so a shared paragraph may be annotated differently in another article.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.language.nlp import forget_parses
from storyline.model import Article, ArticleAnnotations, Rejection, Span, content_id
from storyline.timeline.timex import publication_date

__all__ = [
    "KEY_FIELDS",
    "Readdress",
    "ReuseStats",
    "annotate_alone",
    "annotate_group",
    "annotate_reusing",
    "annotation_key",
    "text_groups",
]

# the Article fields the per-article chain reads besides ``id`` (and ``source_path``, which only
# names a rejected article); tests check the chain reads no other
KEY_FIELDS = ("text", "language", "body_start", "published")
# how many id parts are tried per record before the copy is annotated on its own
MAX_TRIES = 20_000
_ID_SHAPE = re.compile(r"[a-z][a-z0-9_-]*-[0-9a-f]{16}")

Result = ArticleAnnotations | Rejection
Key = tuple[str, str | None, int, date | None]


def annotation_key(article: Article) -> Key:
    """Everything the chain reads from an article except its id: equal keys, equal annotations.

    The publication time counts by its day only, as the annotators read it
    (:func:`storyline.timeline.timex.publication_date`).
    """
    return (article.text, article.language, article.body_start, publication_date(article))


def text_groups(articles: Iterable[Article]) -> list[tuple[Article, ...]]:
    """The articles grouped by text, groups in the order of their first article."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.text, []).append(article)
    return [tuple(g) for g in groups.values()]


@dataclass
class ReuseStats:
    """How many articles were annotated, re-addressed, or could not be re-addressed."""

    annotated: int = 0
    reused: int = 0
    fallback: int = 0


def annotate_group(
    articles: Sequence[Article],
    annotate: Callable[[Article], Result],
    stats: ReuseStats | None = None,
) -> list[Result]:
    """Annotate articles (best of the same text): one per key, the others re-addressed.

    Results are in the order of ``articles``. A rejected representative makes each of its
    copies be annotated on its own (a copy's rejection names the copy).
    """
    stats = stats if stats is not None else ReuseStats()
    out: dict[int, Result] = {}
    by_key: dict[Key, list[int]] = {}
    for i, article in enumerate(articles):
        by_key.setdefault(annotation_key(article), []).append(i)
    for members in by_key.values():
        rep = articles[members[0]]
        first = annotate(rep)
        stats.annotated += 1
        out[members[0]] = first
        # worked out only for a text with copies (most have none)
        move = Readdress(first, rep) if (len(members) > 1 and
                                         isinstance(first, ArticleAnnotations)) else None
        for i in members[1:]:
            copy = move.to(articles[i]) if move is not None else None
            if copy is None:
                copy = annotate(articles[i])
                stats.annotated += 1
                stats.fallback += move is not None
            else:
                stats.reused += 1
            out[i] = copy
    return [out[i] for i in range(len(articles))]


def annotate_reusing(
    articles: Iterable[Article], annotate: Callable[[Article], Result],
    stats: ReuseStats | None = None,
) -> list[Result]:
    """The articles as the pipeline annotates them: by text group, copies re-addressed."""
    return [r for group in text_groups(articles) for r in annotate_group(group, annotate, stats)]


def annotate_alone(
    articles: Iterable[Article], annotate: Callable[[Article], Result]
) -> dict[str, Result]:
    """Each article annotated on its own from a fresh parse, by article id: what reuse must
    reproduce."""
    out: dict[str, Result] = {}
    for article in articles:
        forget_parses()
        out[article.id] = annotate(article)
    return out


class _Unmappable(Exception):
    """The annotations hold something that cannot be re-addressed with certainty."""


class Readdress:
    """The annotations of ``source`` moved to other articles with the same key.

    The recipe of every record id (its prefix and the parts hashed after the article id) is
    found once, from the source's annotations; :meth:`to` applies it for each copy.
    """

    def __init__(self, annotations: ArticleAnnotations, source: Article) -> None:
        self.annotations = annotations
        self.source = source
        self.key = annotation_key(source)
        self.recipes: dict[str, tuple[str, tuple[int, ...]]] | None
        try:
            self.recipes = _recipes(annotations, source.id)
        except _Unmappable:
            self.recipes = None

    def to(self, target: Article) -> ArticleAnnotations | None:
        """The annotations ``target`` would get on its own, or None when that is not certain."""
        if annotation_key(target) != self.key:
            return None
        return self.renamed(target.id)

    def renamed(self, article_id: str) -> ArticleAnnotations | None:
        """The source's annotations addressed to another article id: the id replaced in every
        span and every record id re-derived with it, as :meth:`to` does; None when a record id
        cannot be re-derived with certainty.

        Nothing about the other article is checked: the result is what annotating it would
        give only when its key equals the source's (use :meth:`to` for that). Otherwise it is
        the source's annotations laid over another text, valid as spans when that text has
        the same offsets (the same length and layout), e.g. a benchmark's stand-in article
        whose words are replaced one for one by words of the same length.
        """
        if self.recipes is None:
            return None
        ids = {old: content_id(prefix, article_id, *parts)
               for old, (prefix, parts) in self.recipes.items()}
        ids[self.source.id] = article_id
        try:
            moved = _walk(self.annotations, self.source.id, ids)
        except _Unmappable:
            return None
        return moved if isinstance(moved, ArticleAnnotations) else None


def _nodes(value: Any) -> Iterator[Any]:
    """``value`` and everything inside it: tuples and records are entered, spans are not."""
    yield value
    if isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (type, Span)):
        for f in dataclasses.fields(value):
            yield from _nodes(getattr(value, f.name))


def _records(value: Any) -> Iterator[Any]:
    """Every dataclass record inside ``value`` (itself included), spans left out."""
    return (v for v in _nodes(value)
            if dataclasses.is_dataclass(v) and not isinstance(v, (type, Span)))


def _spans(value: Any) -> Iterator[Span]:
    """Every span inside ``value``."""
    return (v for v in _nodes(value) if isinstance(v, Span))


def _strings(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (not the article ids of spans)."""
    return (v for v in _nodes(value) if isinstance(v, str))


def _candidates(record: Any, by_id: dict[str, Any]) -> Iterator[tuple[int, ...]]:
    """Id parts to try for a record: offsets of its spans and of the records it refers to."""
    spans = list(_spans(record))
    for s in _strings(record):
        if s != getattr(record, "id", None) and s in by_id:
            spans.extend(_spans(by_id[s]))
    seen: set[tuple[int, ...]] = set()
    ordered = [(s.start, s.end) for s in spans] + [(s.start,) for s in spans]
    ordered += [(x,) for s in spans for x in range(s.start, s.end + 1)]
    for parts in ordered:
        if parts not in seen:
            seen.add(parts)
            yield parts


def _recipes(annotations: ArticleAnnotations, article_id: str) -> dict[str, tuple[str, tuple]]:
    """For every record id: its prefix and the parts hashed after the article id."""
    records = [r for r in _records(annotations) if isinstance(getattr(r, "id", None), str)]
    by_id = {r.id: r for r in records}
    out: dict[str, tuple[str, tuple]] = {}
    for record in records:
        if record.id in out:
            continue
        prefix = record.id.rsplit("-", 1)[0]
        for tries, parts in enumerate(_candidates(record, by_id)):
            if tries >= MAX_TRIES:
                break
            if content_id(prefix, article_id, *parts) == record.id:
                out[record.id] = (prefix, parts)
                break
        else:
            raise _Unmappable(record.id)
        if record.id not in out:
            raise _Unmappable(record.id)
    return out


def _walk(value: Any, source_id: str, ids: dict[str, str]) -> Any:
    """``value`` with the source's id and record ids replaced; unknown id-like strings refuse."""
    if isinstance(value, Span):
        if value.article_id != source_id:
            raise _Unmappable(value.article_id)
        return Span(ids[source_id], value.start, value.end)
    if isinstance(value, str):
        if value in ids:
            return ids[value]
        if source_id in value or _ID_SHAPE.fullmatch(value):
            raise _Unmappable(value)
        return value
    if isinstance(value, tuple):
        return tuple(_walk(item, source_id, ids) for item in value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name), source_id, ids)
                   for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    raise _Unmappable(type(value).__name__)
