"""Metrics shared by the benchmarks and the golden tests."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from itertools import combinations


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (1.0 where nothing was expected nor found)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def bcubed(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> tuple[
    float, float, float
]:
    """B-cubed precision, recall and F1 of a predicted clustering (item -> cluster) vs gold."""
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
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluster_pairs(clusters: Iterable[Iterable[Hashable]]) -> set[frozenset[Hashable]]:
    """Every unordered pair of items that share a cluster."""
    return {frozenset(p) for c in clusters for p in combinations(sorted(set(c), key=str), 2)}


def pair_prf(
    gold: set[frozenset[Hashable]], pred: set[frozenset[Hashable]]
) -> tuple[float, float, float]:
    """Pair precision, recall and F1."""
    return prf(len(gold & pred), len(pred - gold), len(gold - pred))
