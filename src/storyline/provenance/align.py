"""Passage alignment inside a candidate pair: shingle overlap, with an edit-tolerant fallback."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from storyline.model.records import Alignment, Article, Span
from storyline.provenance.features import ArticleFeatures, PassageFeatures, featurize

__all__ = ["ALIGN_SIMILARITY", "PassagePair", "align_features", "align_passages"]

ALIGN_SIMILARITY = 0.5  # passage similarity at which two passages align
MIN_SHARED_SHINGLES = 3  # passages must share at least this many word 3-grams
FALLBACK_FROM = 0.25  # below ALIGN_SIMILARITY but above this, try the word-sequence ratio
FALLBACK_LENGTH_RATIO = 0.6  # ... but only for passages of similar length
CONTAIN_FROM = 8  # a passage with this many shingles may align by containment in a longer one
MAX_POSTING = 50  # a shingle in more passages than this (a repeated line) is skipped

PassagePair = tuple[int, int, float]  # passage index in a, passage index in b, similarity


def align_passages(a: Article, b: Article) -> tuple[Alignment, ...]:
    """Aligned passages of two articles, as spans into each article's text."""
    fa, fb = featurize(a), featurize(b)
    return to_alignments(fa, fb, align_features(fa, fb))


def to_alignments(
    fa: ArticleFeatures, fb: ArticleFeatures, pairs: list[PassagePair]
) -> tuple[Alignment, ...]:
    """Passage-index pairs as :class:`Alignment` records, sorted by position."""
    out = []
    for i, j, sim in pairs:
        pa, pb = fa.passages[i], fb.passages[j]
        out.append(
            Alignment(Span(fa.id, pa.start, pa.end), Span(fb.id, pb.start, pb.end), round(sim, 4))
        )
    return tuple(sorted(out, key=lambda al: (al.a.start, al.b.start)))


def _distinct_eligible(f: ArticleFeatures) -> list[int]:
    """Indices of evidence-worthy passages, skipping exact repeats of an earlier passage."""
    seen: set[frozenset[int]] = set()
    out = []
    for k, p in enumerate(f.passages):
        if p.eligible and p.shingles and p.shingles not in seen:
            seen.add(p.shingles)
            out.append(k)
    return out


def similarity(p: PassageFeatures, q: PassageFeatures, shared: int) -> float:
    """Shingle overlap (containment, or Dice for short passages), or the word-sequence ratio."""
    small, large = sorted((len(p.shingles), len(q.shingles)))
    base = shared / small if small >= CONTAIN_FROM else 2 * shared / (small + large)
    if base >= ALIGN_SIMILARITY or base < FALLBACK_FROM:
        return base
    lp, lq = sorted((len(p.words), len(q.words)))
    if lp < FALLBACK_LENGTH_RATIO * lq:
        return base
    ratio = SequenceMatcher(None, p.words, q.words, autojunk=False).ratio()
    return max(base, ratio)


def align_features(fa: ArticleFeatures, fb: ArticleFeatures) -> list[PassagePair]:
    """Passage pairs that align: each passage's best partner on the other side, both ways."""
    index: dict[int, list[int]] = {}
    for j in _distinct_eligible(fb):
        for h in fb.passages[j].shingles:
            index.setdefault(h, []).append(j)
    scored: dict[tuple[int, int], float] = {}
    for i in _distinct_eligible(fa):
        p = fa.passages[i]
        counts: Counter[int] = Counter()
        for h in p.shingles:
            posting = index.get(h)
            if posting and len(posting) <= MAX_POSTING:
                counts.update(posting)
        for j, shared in counts.items():
            if shared >= MIN_SHARED_SHINGLES:
                sim = similarity(p, fb.passages[j], shared)
                if sim >= ALIGN_SIMILARITY:
                    scored[(i, j)] = min(sim, 1.0)
    return _best_both_ways(scored)


def _best_both_ways(scored: dict[tuple[int, int], float]) -> list[PassagePair]:
    """Keep each passage's best-scoring partner (ties by position), from either side."""
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for (i, j), sim in sorted(scored.items()):
        if i not in best_a or sim > best_a[i][0]:
            best_a[i] = (sim, j)
        if j not in best_b or sim > best_b[j][0]:
            best_b[j] = (sim, i)
    keep = {(i, j) for i, (_, j) in best_a.items()} | {(i, j) for j, (_, i) in best_b.items()}
    return [(i, j, scored[(i, j)]) for i, j in sorted(keep)]
