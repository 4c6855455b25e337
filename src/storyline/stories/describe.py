"""A story's record from its articles: title, dates, keywords — for a story whose id is known.

The title is the title of the story's most central article (the highest summed cosine
similarity to the others, on the TF-IDF vectors of :mod:`storyline.stories.cluster` over the
features of :mod:`storyline.stories.terms`; the earliest on a tie), the keywords the heaviest
terms of the centroid, the dates the first and last publication. Entity features are used when
the articles' annotations are given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import storyline.stories.terms as terms
from storyline.model.records import Article, ArticleAnnotations, Story
from storyline.stories.cluster import _similarity, _story, _weights

__all__ = ["describe"]


def describe(
    story_id: str,
    articles: Sequence[Article],
    annotations: Mapping[str, ArticleAnnotations] | None = None,
    counted: Mapping[str, Counter[str]] | None = None,
) -> Story:
    """The record of the story ``story_id`` made of ``articles`` (at least one; ``counted``:
    the features of those the caller has read already)."""
    arts = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
    notes, known = annotations or {}, counted or {}
    weights = _weights([known[a.id] if a.id in known else terms.features(a, notes.get(a.id))
                        for a in arts])
    sim = _similarity(weights)
    days = [terms.days(a.published) for a in arts]
    record = _story(arts, list(range(len(arts))), sim, weights, days)
    return Story(story_id, record.title, record.article_ids, record.first_published,
                 record.last_published, record.keywords)
