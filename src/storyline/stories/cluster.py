"""Story clustering: articles about one event or development, with stable ids.

Each article becomes a TF-IDF vector (NumPy, sublinear term frequency, smoothed IDF, L2
normalised) over its own words — lower-cased, function words dropped, lightly stemmed — with
the title's words counted ``TITLE_WEIGHT`` times and the article's named-entity mentions
(people, organisations, places, groups) added as whole-name features counted
``ENTITY_WEIGHT`` times. Articles of one origin group (shared reporting) start as one cluster.
Clusters then merge by average link on cosine similarity, best pair first, while the best
similarity stays at or above ``THRESHOLD`` and the two clusters' publication dates lie within
``WINDOW_DAYS`` of each other (articles without a date do not constrain). Every article ends
in exactly one story; an unrelated item is a story of one.

A story's id is ``content_id("s", <smallest member article id>)``; its title is the title of
its most central article (the earliest on a tie); its keywords are the heaviest terms of its
centroid.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from storyline.common.unionfind import UnionFind
from storyline.model.ids import content_id
from storyline.model.records import Article, ArticleAnnotations, OriginGroup, Story
from storyline.stories.terms import days as _days
from storyline.stories.terms import features as _features
from storyline.stories.terms import tokens

__all__ = ["cluster_stories", "tokens"]

THRESHOLD = 0.19
WINDOW_DAYS = 10.0
KEYWORDS = 8


def _weights(counts: Sequence[Counter[str]]) -> list[dict[str, float]]:
    """Sublinear TF-IDF weights of each article, L2-normalised."""
    n = len(counts)
    df: Counter[str] = Counter(t for c in counts for t in c)
    out = []
    for c in counts:
        w = {t: (1.0 + math.log(k)) * (math.log((1.0 + n) / (1.0 + df[t])) + 1.0)
             for t, k in c.items()}
        norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
        out.append({t: v / norm for t, v in w.items()})
    return out


def _similarity(weights: Sequence[dict[str, float]]) -> np.ndarray:
    """Cosine similarities; terms found in one article only are left out (they add nothing)."""
    df: Counter[str] = Counter(t for w in weights for t in w)
    vocab = {t: i for i, t in enumerate(sorted(t for t, k in df.items() if k > 1))}
    x = np.zeros((len(weights), len(vocab)), dtype=np.float32)
    for row, w in enumerate(weights):
        for t, v in w.items():
            col = vocab.get(t)
            if col is not None:
                x[row, col] = v
    return (x @ x.T).astype(np.float64)


def _seed_clusters(articles: Sequence[Article], origins: Sequence[OriginGroup]) -> list[list[int]]:
    """One cluster per origin group (members forced together), the rest one article each."""
    position = {a.id: i for i, a in enumerate(articles)}
    sets = UnionFind(range(len(articles)))
    for group in origins:
        members = [position[a] for a in group.article_ids if a in position]
        for other in members[1:]:
            sets.union(members[0], other)
    return sets.groups()


BEST_ROWS = 512  # clusters whose best partners are found in one step at the start


class _Agglomeration:
    """Average-link merging with a cache of each cluster's best partner."""

    def __init__(self, sim: np.ndarray, clusters: list[list[int]], days: list[float | None],
                 window: float = WINDOW_DAYS):
        self.window = window
        k = len(clusters)
        member = np.zeros((k, sim.shape[0]))
        for c, rows in enumerate(clusters):
            member[c, rows] = 1.0
        sizes = member.sum(axis=1)
        self.s = (member @ sim @ member.T) / np.outer(sizes, sizes)
        self.size = sizes
        self.members = [list(c) for c in clusters]
        self.alive = np.ones(k, dtype=bool)
        known = [[d for d in (days[i] for i in c) if d is not None] for c in clusters]
        self.lo = np.array([min(d) if d else np.nan for d in known])
        self.hi = np.array([max(d) if d else np.nan for d in known])

    def _allowed(self, rows: np.ndarray) -> np.ndarray:
        """Which clusters each cluster of ``rows`` may merge with, one row each: alive, not
        itself, dates within the window."""
        gap = np.maximum(self.lo[None, :] - self.hi[rows, None], self.lo[rows, None] - self.hi)
        ok = self.alive[None, :] & ~(gap > self.window)
        ok[np.arange(len(rows)), rows] = False
        return ok

    def _best(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The best allowed partner of each cluster of ``rows`` and its similarity (-inf and
        the first cluster where none is allowed); ties go to the first cluster."""
        scores = np.where(self._allowed(rows), self.s[rows], -np.inf)
        partner = np.argmax(scores, axis=1)
        return scores[np.arange(len(rows)), partner], partner

    def merge(self, a: int, b: int) -> None:
        na, nb = self.size[a], self.size[b]
        self.s[a] = (na * self.s[a] + nb * self.s[b]) / (na + nb)
        self.s[:, a] = self.s[a]
        self.size[a] = na + nb
        self.members[a].extend(self.members[b])
        self.members[b] = []
        self.alive[b] = False
        self.lo[a] = np.fmin(self.lo[a], self.lo[b])
        self.hi[a] = np.fmax(self.hi[a], self.hi[b])

    def run(self) -> list[list[int]]:
        """Merge the most similar allowed pair (ties: the first cluster) until none reaches
        the threshold. Each cluster's best partner is cached and found again only when its
        partner was merged, or itself was; a merged cluster becomes a better partner where
        it is now more similar than the cached one."""
        k = len(self.members)
        everyone = np.arange(k)
        score, partner = np.full(k, -np.inf), np.zeros(k, np.int64)
        for lo in range(0, k, BEST_ROWS):  # a slice of rows at a time: bounded memory
            rows = everyone[lo:lo + BEST_ROWS]
            score[rows], partner[rows] = self._best(rows)
        while int(self.alive.sum()) >= 2:
            live = np.where(self.alive, score, -np.inf)
            c = int(np.argmax(live))
            if live[c] < THRESHOLD:
                break
            a, b = min(c, int(partner[c])), max(c, int(partner[c]))
            self.merge(a, b)
            again = self.alive & ((everyone == a) | (partner == a) | (partner == b))
            if again.any():
                rows = everyone[again]
                score[rows], partner[rows] = self._best(rows)
            closer = ~again & self._allowed(np.array([a]))[0] & (self.s[:, a] > score)
            score[closer], partner[closer] = self.s[closer, a], a
        return [sorted(m) for m in self.members if m]


def _story(articles: Sequence[Article], rows: list[int], sim: np.ndarray,
           weights: Sequence[dict[str, float]], days: list[float | None]) -> Story:
    """The story record for one cluster of article positions."""
    def when(i: int) -> float:
        return days[i] if days[i] is not None else math.inf

    arts = sorted(rows, key=lambda i: (when(i), articles[i].id))
    centrality = {i: float(sim[i, rows].sum()) for i in rows}
    central = min(arts, key=lambda i: (-round(centrality[i], 6), when(i), articles[i].id))
    dated = [i for i in arts if days[i] is not None]
    centroid: Counter[str] = Counter()
    for i in rows:
        centroid.update({t: v for t, v in weights[i].items() if not t.startswith("@")})
    top = sorted(centroid.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))[:KEYWORDS]
    return Story(
        id=content_id("s", min(articles[i].id for i in rows)),
        title=_title(articles[central]),
        article_ids=tuple(articles[i].id for i in arts),
        first_published=articles[dated[0]].published if dated else None,
        last_published=articles[dated[-1]].published if dated else None,
        keywords=tuple(t for t, _ in top),
    )


def _title(article: Article) -> str:
    if article.title:
        return article.title
    first = article.text.strip().split("\n", 1)[0] if article.text.strip() else ""
    return first[:120]


def cluster_stories(
    articles: Sequence[Article],
    annotations: Mapping[str, ArticleAnnotations],
    origins: Sequence[OriginGroup],
    counted: Mapping[str, Counter[str]] | None = None,
) -> tuple[Story, ...]:
    """Group articles into stories; every article ends in exactly one story (``counted``:
    the articles' features, where the caller has them already)."""
    articles = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
    if not articles:
        return ()
    counted = counted or {}
    weights = _weights([counted[a.id] if a.id in counted else _features(a, annotations.get(a.id))
                        for a in articles])
    sim = _similarity(weights)
    days = [_days(a.published) for a in articles]
    clusters = _Agglomeration(sim, _seed_clusters(articles, origins), days).run()
    stories = [_story(articles, rows, sim, weights, days) for rows in clusters]
    stories.sort(key=lambda s: (-len(s.article_ids), s.first_published or "~", s.id))
    return tuple(stories)
