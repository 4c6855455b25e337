"""The provenance seam: reuse links and origin groups for a set of articles."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model.records import Article, OriginGroup, ReuseLink
from storyline.provenance.candidates import candidate_pairs
from storyline.provenance.features import ArticleFeatures, featurize
from storyline.provenance.links import evaluate_pair
from storyline.provenance.origins import build_origin_groups

__all__ = ["candidate_index_pairs", "detect", "unique_sorted"]


def unique_sorted(articles: Sequence[Article]) -> list[Article]:
    """The articles sorted by id, each id once (the first occurrence wins)."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen.setdefault(article.id, article)
    return [seen[k] for k in sorted(seen)]


def _exact_duplicates(feats: Sequence[ArticleFeatures]) -> tuple[list[int], list[tuple[int, int]]]:
    """Representatives (first of each identical body) and ``(representative, copy)`` pairs."""
    first: dict[str, int] = {}
    reps: list[int] = []
    dup_pairs: list[tuple[int, int]] = []
    for k, f in enumerate(feats):
        a = f.article
        body = a.text[min(a.body_start, len(a.text)) :].strip()
        if body in first:
            dup_pairs.append((first[body], k))
        else:
            first[body] = k
            reps.append(k)
    return reps, dup_pairs


def candidate_index_pairs(feats: Sequence[ArticleFeatures]) -> list[tuple[int, int]]:
    """Candidate pairs (indices into ``feats``, ``i < j``): near duplicates, shared passages."""
    reps, dup_pairs = _exact_duplicates(feats)
    found = candidate_pairs([feats[k].shingles for k in reps])
    pairs = {(reps[i], reps[j]) for i, j in found} | set(dup_pairs)
    return sorted(pairs)


def detect(articles: Sequence[Article]) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...]]:
    """Reuse links (who shares reporting text with whom) and origin groups for ``articles``."""
    ordered = unique_sorted(articles)
    feats = [featurize(a) for a in ordered]
    links = []
    for i, j in candidate_index_pairs(feats):
        link = evaluate_pair(feats[i], feats[j])
        if link is not None:
            links.append(link)
    links.sort(key=lambda lk: (lk.a, lk.b))
    body_chars = {f.id: f.body_chars for f in feats}
    groups = build_origin_groups(ordered, links, body_chars)
    return tuple(links), groups
