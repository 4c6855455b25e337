"""Metrics shared by the benchmarks and the golden tests.

One convention for empty cases, everywhere: a share over nothing is 1.0. Precision with nothing
predicted is 1.0 (nothing found is wrong), recall with nothing expected is 1.0 (nothing is
missed), and F1 is 0.0 when precision and recall are both 0. So ``prf(0, 0, 0)`` is
``(1.0, 1.0, 1.0)``, and a system that finds nothing where something was expected scores
precision 1.0, recall 0.0, F1 0.0. Macro averages (:func:`macro_prf`) follow the same rule: the
mean over no item is 1.0. B-cubed scores only the items both clusterings hold; with none in
common there is nothing to score and it is 0.0.
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Iterable, Mapping
from itertools import combinations

__all__ = [
    "bcubed",
    "cluster_pairs",
    "f1",
    "macro_prf",
    "pair_prf",
    "precision",
    "prf",
    "recall",
]


def precision(tp: float, fp: float) -> float:
    """True positives among everything predicted (1.0 when nothing was predicted)."""
    return tp / (tp + fp) if tp + fp else 1.0


def recall(tp: float, fn: float) -> float:
    """True positives among everything expected (1.0 when nothing was expected)."""
    return tp / (tp + fn) if tp + fn else 1.0


def f1(p: float, r: float) -> float:
    """The harmonic mean of a precision and a recall (0.0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (1.0 where nothing was expected nor found)."""
    p, r = precision(tp, fp), recall(tp, fn)
    return p, r, f1(p, r)


def macro_prf(counts: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their harmonic mean over items' (TP, FP, FN) counts.

    An item with nothing predicted has no precision and is left out of the precision mean; one
    with nothing expected is left out of the recall mean (the mean over no item is 1.0).
    """
    items = list(counts)
    ps = [precision(tp, fp) for tp, fp, _ in items if tp + fp > 0]
    rs = [recall(tp, fn) for tp, _, fn in items if tp + fn > 0]
    p = statistics.fmean(ps) if ps else 1.0
    r = statistics.fmean(rs) if rs else 1.0
    return p, r, f1(p, r)


def bcubed(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> tuple[
    float, float, float
]:
    """B-cubed precision, recall and F1 of a predicted clustering (item -> cluster) vs gold.

    Only the items both clusterings hold are scored; with none in common it is 0.0.
    """
    items = [i for i in gold if i in pred]
    if not items:
        return 0.0, 0.0, 0.0
    gold_members: dict[Hashable, set[Hashable]] = {}
    pred_members: dict[Hashable, set[Hashable]] = {}
    for i in items:
        gold_members.setdefault(gold[i], set()).add(i)
        pred_members.setdefault(pred[i], set()).add(i)
    p = r = 0.0
    for i in items:
        g, q = gold_members[gold[i]], pred_members[pred[i]]
        both = len(g & q)
        p += both / len(q)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return p, r, f1(p, r)


def cluster_pairs(clusters: Iterable[Iterable[Hashable]]) -> set[frozenset[Hashable]]:
    """Every unordered pair of items that share a cluster."""
    return {frozenset(p) for c in clusters for p in combinations(sorted(set(c), key=str), 2)}


def pair_prf(
    gold: set[frozenset[Hashable]], pred: set[frozenset[Hashable]]
) -> tuple[float, float, float]:
    """Pair precision, recall and F1."""
    return prf(len(gold & pred), len(pred - gold), len(gold - pred))
