"""The words, names and dates stories are compared on, shared by the batch and online builds.

An article's features are weighted term counts: its body words (lower-cased, function words
dropped, lightly stemmed), its title's words counted ``TITLE_WEIGHT`` times and its named-entity
mentions (people, organisations, places, groups) as whole-name features (``@name``) counted
``ENTITY_WEIGHT`` times. :func:`days` turns a publication date into days since the epoch.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import UTC, datetime

from storyline.common.stopwords import ENGLISH, words
from storyline.model.records import Article, ArticleAnnotations

__all__ = ["ENTITY_WEIGHT", "NAMED", "STOP", "TITLE_WEIGHT", "days", "features", "tokens"]

TITLE_WEIGHT = 3
ENTITY_WEIGHT = 2
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})


STOP = ENGLISH | words("""
one two three year years last first week day monday tuesday wednesday thursday friday saturday
sunday people time like get got made make reporter reporters news copyright rights reserved
photo image share read tags published updated
""")
_TOKEN = re.compile(r"(?<!\w)[^\W\d_][\w'\u2019-]*")


def _stem(word: str) -> str:
    w = word.removesuffix("'s").removesuffix("\u2019s").rstrip("'\u2019")
    for suffix, repl, min_len in (("ies", "y", 5), ("ing", "", 6), ("ed", "", 5), ("s", "", 4)):
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


def tokens(text: str) -> list[str]:
    """Lower-cased, lightly stemmed content words of a text."""
    out = []
    for raw in _TOKEN.findall(text.casefold()):
        term = _term(raw)
        if term:
            out.append(term)
    return out


@functools.lru_cache(maxsize=1 << 17)
def _term(raw: str) -> str | None:
    """A lower-cased word's stem, or None for a function word or a single letter."""
    if raw in STOP or len(raw) < 2:
        return None
    stemmed = _stem(raw)
    return stemmed if stemmed and stemmed not in STOP else None


def features(article: Article, ann: ArticleAnnotations | None) -> Counter[str]:
    """Weighted term counts: body words, title words, entity names."""
    counts: Counter[str] = Counter(tokens(article.text[article.body_start :]))
    title = article.title or article.text[: article.body_start]
    for tok in tokens(title):
        counts[tok] += TITLE_WEIGHT
    for m in ann.mentions if ann else ():
        if m.kind == "name" and m.label in NAMED:
            name = " ".join(article.text[m.span.start : m.span.end].casefold().split())
            counts["@" + name.removeprefix("the ")] += ENTITY_WEIGHT
    return counts


def days(published: str | None) -> float | None:
    """Days since the epoch for an ISO date or datetime, or None."""
    if not published:
        return None
    text = published.strip().replace("Z", "+00:00")
    for candidate in (text, text[:10]):
        try:
            when = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.timestamp() / 86400.0
    return None
