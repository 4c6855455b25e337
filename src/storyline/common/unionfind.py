"""Union-find over hashable items: connected components of a set of pairs."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

__all__ = ["UnionFind"]


class UnionFind(Generic[K]):
    """Disjoint sets with path halving; the smaller root (by ``<``) wins a union."""

    def __init__(self, items: Iterable[K]) -> None:
        self.parent: dict[K, K] = {i: i for i in items}

    def find(self, x: K) -> K:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
            self.parent[hi] = lo

    def groups(self) -> list[list[K]]:
        """The sets, each sorted, ordered by their first item."""
        out: dict[K, list[K]] = {}
        for item in sorted(self.parent):  # type: ignore[type-var]
            out.setdefault(self.find(item), []).append(item)
        return sorted(out.values())
