"""Shared helpers: union-find components and the stop-word list."""

from __future__ import annotations

from storyline.common.stopwords import ENGLISH, words
from storyline.common.unionfind import UnionFind


def test_unionfind_components_sorted_and_ordered() -> None:
    sets = UnionFind(["d", "a", "c", "b", "e"])
    sets.union("d", "b")
    sets.union("e", "a")
    sets.union("b", "b")
    assert sets.groups() == [["a", "e"], ["b", "d"], ["c"]]
    assert sets.find("d") == "b"


def test_unionfind_chains_join() -> None:
    sets = UnionFind(range(6))
    for a, b in [(5, 4), (4, 3), (0, 1)]:
        sets.union(a, b)
    assert sets.groups() == [[0, 1], [2], [3, 4, 5]]


def test_stopwords() -> None:
    assert {"the", "said", "according"} <= ENGLISH
    assert "geneva" not in ENGLISH
    assert words("a b  a") == frozenset({"a", "b"})
