"""The average-link merging and the online index's similarity matrix against plain reference
versions: the same clusters, ties and date windows included, and the same dot products."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.stories.cluster import THRESHOLD, _Agglomeration
from storyline.stories.online import _gram, _Vec


def _reference(sim: np.ndarray, clusters: list[list[int]], days: list[float | None],
               window: float) -> list[list[int]]:
    """Average link, one merge at a time: the most similar allowed pair (ties: the first
    cluster, then its first partner), until none reaches the threshold."""
    members = [list(c) for c in clusters]
    alive = [True] * len(members)

    def span(c: list[int]) -> tuple[float, float] | None:
        known = [d for d in (days[i] for i in c) if d is not None]
        return (min(known), max(known)) if known else None

    def avg(a: list[int], b: list[int]) -> float:
        return float(sum(sim[i, j] for i in a for j in b)) / (len(a) * len(b))

    def allowed(a: int, b: int) -> bool:
        sa, sb = span(members[a]), span(members[b])
        return sa is None or sb is None or max(sb[0] - sa[1], sa[0] - sb[1]) <= window

    while True:
        best: tuple[float, int, int] | None = None
        for a in range(len(members)):
            for b in range(len(members)):
                if a == b or not (alive[a] and alive[b]) or not allowed(a, b):
                    continue
                score = avg(members[a], members[b])
                if best is None or score > best[0] + 1e-12:
                    best = (score, a, b)
        if best is None or best[0] < THRESHOLD:
            break
        _, a, b = best
        a, b = min(a, b), max(a, b)
        members[a].extend(members[b])
        members[b] = []
        alive[b] = False
    return sorted(sorted(m) for m in members if m)


class _CachedLoop(_Agglomeration):
    """The same merging with its cache kept as a list and scanned in Python, one cluster at a
    time (the form the array version replaced): the same arithmetic, so the same choices
    between tied pairs."""

    def run(self) -> list[list[int]]:
        k = len(self.members)

        def allowed(c: int) -> np.ndarray:
            gap = np.maximum(self.lo - self.hi[c], self.lo[c] - self.hi)
            ok = self.alive & ~(gap > self.window)
            ok[c] = False
            return ok

        def best(c: int) -> tuple[float, int]:
            row = np.where(allowed(c), self.s[c], -np.inf)
            j = int(np.argmax(row))
            return float(row[j]), j

        cache = [best(c) for c in range(k)]
        while True:
            live = [c for c in range(k) if self.alive[c]]
            if len(live) < 2:
                break
            c = max(live, key=lambda i: (cache[i][0], -i))
            score, other = cache[c]
            if score < THRESHOLD:
                break
            a, b = min(c, other), max(c, other)
            self.merge(a, b)
            for i in live:
                if self.alive[i] and (i == a or cache[i][1] in (a, b)):
                    cache[i] = best(i)
                elif self.alive[i] and self.s[i, a] > cache[i][0] and allowed(i)[a]:
                    cache[i] = (float(self.s[i, a]), a)
        return [sorted(m) for m in self.members if m]


def _case(seed: int, levels: list[float] | None) -> tuple[np.ndarray, list[list[int]],
                                                           list[float | None], float]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 18))
    raw = rng.choice(levels, size=(n, n)) if levels else rng.random((n, n)) * 0.6
    sim = np.triu(raw, 1)
    sim = sim + sim.T + np.eye(n)
    days: list[float | None] = [
        None if rng.random() < 0.3 else float(rng.integers(0, 20)) for _ in range(n)]
    seeds = [[i] for i in range(n)]
    if n > 3 and seed % 3 == 0:
        seeds = [[0, 1], *[[i] for i in range(2, n)]]  # articles tied by reuse start together
    return sim, seeds, days, float(rng.choice([3.0, 7.0, 100.0]))


@pytest.mark.parametrize("seed", range(40))
def test_merging_is_average_link(seed: int) -> None:
    sim, seeds, days, window = _case(seed, None)  # no two averages equal
    got = sorted(_Agglomeration(sim, [list(c) for c in seeds], days, window).run())
    assert got == _reference(sim, seeds, days, window)


@pytest.mark.parametrize("seed", range(40))
def test_merging_settles_ties_as_the_loop_did(seed: int) -> None:
    sim, seeds, days, window = _case(seed, [0.0, 0.1, 0.2, 0.3, 0.45, 0.6])  # ties common
    got = _Agglomeration(sim.copy(), [list(c) for c in seeds], days, window).run()
    assert got == _CachedLoop(sim.copy(), [list(c) for c in seeds], days, window).run()


def test_gram_is_every_dot_product() -> None:
    rng = np.random.default_rng(7)
    vecs = []
    for _ in range(12):
        terms = np.unique(rng.integers(0, 60, size=int(rng.integers(0, 20)))).astype(np.int64)
        vecs.append(_Vec(terms, rng.random(len(terms)).astype(np.float32)))
    dense = np.zeros((len(vecs), 60), np.float64)
    for r, v in enumerate(vecs):
        dense[r, v.terms] = v.weights
    off = ~np.eye(len(vecs), dtype=bool)  # the diagonal counts shared terms only; unused
    assert np.allclose(_gram(vecs)[off], (dense @ dense.T)[off], atol=1e-5)
    assert _gram([]).shape == (0, 0)
    assert _gram([_Vec.empty(), _Vec.empty()]).tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_gram_in_slices_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.stories.online as online

    rng = np.random.default_rng(3)
    vecs = [_Vec(np.unique(rng.integers(0, 40, size=15)).astype(np.int64), np.zeros(0))
            for _ in range(6)]
    vecs = [_Vec(v.terms, rng.random(len(v.terms)).astype(np.float32)) for v in vecs]
    whole = _gram(vecs)
    monkeypatch.setattr(online, "GRAM_COLUMNS", 4)
    assert np.allclose(online._gram(vecs), whole, atol=1e-6)
