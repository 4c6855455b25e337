"""Incremental provenance: align new articles only with the stored articles the index proposes.

``detect_new(index, new, fetch)`` featurizes the new articles, asks the :class:`SignatureIndex`
for stored candidates, fetches just those stored articles, aligns every candidate pair (new with
stored, new with new), adds the new articles to the index and returns the new links. The origin
groups are then rebuilt from all links with ``origin_groups`` (union-find, linear in links).

Not handled: an edited stored article (its old links stay; rebuild from scratch), and articles
removed from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from storyline.model.records import Article, OriginGroup, ReuseLink
from storyline.provenance.detect import candidate_index_pairs, unique_sorted
from storyline.provenance.features import ArticleFeatures, featurize
from storyline.provenance.index import SignatureIndex
from storyline.provenance.links import evaluate_pair
from storyline.provenance.origins import build_origin_groups

__all__ = ["detect_new", "origin_groups"]

Fetch = Callable[[Sequence[str]], Iterable[Article]]


def _link(fa: ArticleFeatures, fb: ArticleFeatures) -> ReuseLink | None:
    """The link of a pair, with the smaller id first as ``evaluate_pair`` expects."""
    return evaluate_pair(fa, fb) if fa.id < fb.id else evaluate_pair(fb, fa)


def detect_new(
    index: SignatureIndex, new_articles: Sequence[Article], fetch: Fetch
) -> tuple[ReuseLink, ...]:
    """Links made by the articles not yet in ``index``; they are added to it afterwards.

    ``fetch(ids)`` returns the stored articles with those ids (only candidates are asked for).
    """
    new = [a for a in unique_sorted(new_articles) if a.id not in index]
    feats = [featurize(a) for a in new]
    wanted = index.candidates(feats)
    stored_ids = sorted({sid for _, sid in wanted})
    stored = {a.id: featurize(a) for a in fetch(stored_ids)} if stored_ids else {}
    links = []
    for k, sid in wanted:
        if sid in stored:
            link = _link(feats[k], stored[sid])
            if link is not None:
                links.append(link)
    for i, j in candidate_index_pairs(feats):
        link = _link(feats[i], feats[j])
        if link is not None:
            links.append(link)
    index.add(feats)
    return tuple(sorted(links, key=lambda lk: (lk.a, lk.b)))


def origin_groups(
    articles: Sequence[Article], links: Sequence[ReuseLink], index: SignatureIndex
) -> tuple[OriginGroup, ...]:
    """Origin groups of all ``articles`` from all ``links``, body sizes taken from ``index``."""
    body_chars = {a.id: index.body_chars_of(a.id) for a in articles if a.id in index}
    return build_origin_groups(unique_sorted(articles), links, body_chars)
