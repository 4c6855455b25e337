"""Pairs of texts (claims, quotations) that share enough words, found with array operations.

:func:`shared_pairs` gives the pairs of sets that share at least two words not among the most
common (and how many words they share in all); :func:`candidate_pairs` is the claims' pairing
built on it. Two claims of different articles are a candidate pair when at least two of the
words they share are not among a story's most common words (a word in more than half of its
claims, or in more than 50 when the story has fewer than 100, proposes no pair), and their
similarity (:func:`storyline.claims.group.similarity`, over all their words) reaches the given
minimum. The quotations' grouping (:mod:`storyline.quotes.groups`) uses the same pairing with
its own cap and a second count, of shared word pairs.

Counting shared words pair by pair in a dictionary costs time in the square of a common word's
sets: a story of 1,000 articles (about 19,000 claims) took half a minute to pair, and a story
that keeps growing is paired again at every build that touches it. Here the shared words of a
block of claims with every later claim are counted at once (one ``bincount`` over the postings
of the block's words), and the similarities of the pairs that pass are computed as arrays; the
pairs, their similarities and their order are the same as the dictionary's
(``tests/unit/test_common_word_pairs.py`` checks it against that loop). A block holds at most
``BLOCK_CELLS`` counts and ``BLOCK_POSTINGS`` postings, so memory does not grow with the story.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["candidate_pairs", "shared_pairs", "similarities"]

MIN_COMMON = 50  # below 100 claims, a word proposes pairs unless it is in more than 50 of them
BLOCK_CELLS = 1 << 22  # counts held at once: a block's claims x all claims
BLOCK_POSTINGS = 1 << 22  # postings read at once for a block (a claim with more goes alone)


def similarities(inter: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """:func:`storyline.claims.group.similarity` for arrays of shared-word counts and set sizes
    (the same floats): Jaccard, or the discounted containment when four or more words meet."""
    inter = inter.astype(np.float64)
    jaccard = inter / (size_a + size_b - inter)
    contained = 0.75 * inter / np.minimum(size_a, size_b)
    return np.where(inter >= 4, np.maximum(jaccard, contained), jaccard)


@dataclass(frozen=True)
class _Postings:
    """The words of n sets as arrays: each set's words no more common than the cap (``own``,
    from ``own_start[i]``), each such word's sets in ascending order (``items``, from
    ``start[w]``, ``df[w]`` of them) and the sets holding each more common word."""

    n: int
    own: np.ndarray
    own_start: np.ndarray
    items: np.ndarray
    start: np.ndarray
    df: np.ndarray
    common: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, token_sets: Sequence[frozenset[Any]], cap: int) -> _Postings:
        """The postings of the sets, words in more than ``cap`` sets held apart as common."""
        n = len(token_sets)
        vocab: dict[Any, int] = {}
        item = np.repeat(np.arange(n), [len(t) for t in token_sets])
        word = np.fromiter((vocab.setdefault(tok, len(vocab)) for t in token_sets for tok in t),
                           dtype=np.int64, count=len(item))
        df = np.bincount(word, minlength=len(vocab))
        rare = df[word] <= cap
        order = np.lexsort((item[rare], word[rare]))
        rare_df = np.where(df <= cap, df, 0)
        return cls(
            n=n,
            own=word[rare],  # the sets' words in set order
            own_start=np.concatenate(([0], np.cumsum(np.bincount(item[rare], minlength=n)))),
            items=item[rare][order],
            start=np.concatenate(([0], np.cumsum(rare_df))),
            df=rare_df,
            common=tuple(np.isin(np.arange(n), item[word == w]) for w in np.flatnonzero(df > cap)),
        )

    def blocks(self) -> Iterator[tuple[int, int]]:
        """Runs of sets [lo, hi) within the block bounds."""
        cost = np.bincount(np.repeat(np.arange(self.n), np.diff(self.own_start)),
                           weights=self.df[self.own], minlength=self.n).tolist()
        rows = max(1, BLOCK_CELLS // self.n)
        lo, spent = 0, 0.0
        for i, c in enumerate(cost):
            if i > lo and (i - lo >= rows or spent + c > BLOCK_POSTINGS):
                yield lo, i
                lo, spent = i, 0.0
            spent += c
        yield lo, self.n

    def counts(self, lo: int, hi: int) -> np.ndarray:
        """For each set i of [lo, hi) and each later set j, how many words no more common than
        the cap they share, at ``(i - lo) * n + j``."""
        n = self.n
        words = self.own[self.own_start[lo]:self.own_start[hi]]
        owner = np.repeat(np.arange(lo, hi), np.diff(self.own_start[lo:hi + 1]))
        lengths = self.df[words]
        total = int(lengths.sum())
        # the postings of every word of the block, one flat run, with the set they came from
        at = np.repeat(self.start[words] - np.cumsum(lengths) + lengths, lengths)
        other = self.items[at + np.arange(total)]
        mine = np.repeat(owner, lengths)
        later = other > mine
        return np.bincount((mine[later] - lo) * n + other[later], minlength=(hi - lo) * n)

    def shared(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs (i, j), lo <= i < hi, i < j, sharing at least two words no more common than
        the cap, with how many words they share in all."""
        counts = self.counts(lo, hi)
        cells = np.flatnonzero(counts >= 2)
        i, j, count = lo + cells // self.n, cells % self.n, counts[cells]
        for has in self.common:
            count = count + (has[i] & has[j])
        return i, j, count


def shared_pairs(
    token_sets: Sequence[frozenset[Any]], cap: int, also: Sequence[frozenset[Any]] = (),
) -> Iterator[tuple[np.ndarray, ...]]:
    """Arrays ``(i, j, shared)`` of the pairs ``i < j`` that share at least two words in at
    most ``cap`` sets each, ``shared`` the words they share in all; with ``also`` (a second
    family of sets, one per set), a fourth array: how many of those the pair shares. Yielded
    block by block."""
    if len(token_sets) < 2:
        return
    postings = _Postings.of(token_sets, cap)
    second = _Postings.of(also, len(also)) if also else None
    for lo, hi in postings.blocks():
        i, j, count = postings.shared(lo, hi)
        if second is None:
            yield i, j, count
        else:
            yield i, j, count, second.counts(lo, hi)[(i - lo) * len(also) + j]


def candidate_pairs(
    token_sets: Sequence[frozenset[str]],
    groups: Sequence[str],
    keys: Sequence[str],
    minimum: float,
) -> list[tuple[float, int, int]]:
    """Pairs ``(similarity, i, j)``, ``i < j``, of sets whose ``groups`` (articles) differ, that
    share at least two words no more common than the cap and whose similarity is at least
    ``minimum``; best first, ties in the order of ``keys`` (unique: the claim ids) of ``i``
    then ``j``."""
    n = len(token_sets)
    if n < 2:
        return []
    sizes = np.asarray([len(t) for t in token_sets], dtype=np.float64)
    group = np.unique(np.asarray(list(groups), dtype=object), return_inverse=True)[1]
    none = np.zeros(0, dtype=np.int64)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [(np.zeros(0), none, none)]
    for i, j, count in shared_pairs(token_sets, max(MIN_COMMON, n // 2)):
        apart = group[i] != group[j]
        i, j, count = i[apart], j[apart], count[apart]
        sim = similarities(count, sizes[i], sizes[j])
        keep = sim >= minimum
        found.append((sim[keep], i[keep], j[keep]))
    sim, i, j = (np.concatenate(parts) for parts in zip(*found, strict=True))
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=keys.__getitem__)] = np.arange(n)
    best = np.lexsort((rank[j], rank[i], -sim))
    return list(zip(sim[best].tolist(), i[best].tolist(), j[best].tolist(), strict=True))
