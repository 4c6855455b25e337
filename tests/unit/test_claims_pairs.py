"""Claim pairs found with array operations are the pairs the dictionary loop found."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import pytest

from storyline.claims import pairs
from storyline.claims.group import similarity


def _loop_pairs(sets: Sequence[frozenset[str]], groups: Sequence[str], keys: Sequence[str],
                minimum: float) -> list[tuple[float, int, int]]:
    """The pairing as it was written before, word by word in a dictionary."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(sets):
        for tok in tokens:
            postings[tok].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    cap = max(50, len(sets) // 2)
    for ids in postings.values():
        if len(ids) > cap:
            continue
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                shared[(i, j)] += 1
    out = []
    for (i, j), n in shared.items():
        if n < 2 or groups[i] == groups[j]:
            continue
        sim = similarity(sets[i], sets[j])
        if sim >= minimum:
            out.append((sim, i, j))
    out.sort(key=lambda p: (-p[0], keys[p[1]], keys[p[2]]))
    return out


def _random_sets(rng: random.Random, n: int, vocab: int, common: int) -> list[frozenset[str]]:
    """Sets drawn from a small vocabulary (many ties), a few words in nearly every set."""
    out = []
    for _ in range(n):
        size = rng.randint(0, 12)
        words = {f"w{rng.randrange(vocab)}" for _ in range(size)}
        words |= {f"c{k}" for k in range(common) if rng.random() < 0.8}
        out.append(frozenset(words))
    return out


@pytest.mark.parametrize(("seed", "n", "vocab"), [(1, 40, 30), (2, 150, 60), (3, 400, 200)])
def test_pairs_equal_the_dictionary_loop(seed: int, n: int, vocab: int,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    sets = _random_sets(rng, n, vocab, common=2)
    groups = [f"a{rng.randrange(n // 3 + 1)}" for _ in range(n)]
    keys = [f"c-{rng.random():.6f}" for _ in range(n)]
    monkeypatch.setattr(pairs, "BLOCK_CELLS", 7 * n)  # several blocks, of rows and postings
    monkeypatch.setattr(pairs, "BLOCK_POSTINGS", 300)
    for minimum in (0.0, 0.3, 0.55):
        expected = _loop_pairs(sets, groups, keys, minimum)
        assert pairs.candidate_pairs(sets, groups, keys, minimum) == expected
    assert expected  # the data do make pairs


def test_common_words_count_in_the_similarity_not_in_the_proposal() -> None:
    # 120 sets all holding "said" (above the cap of 60): it proposes nothing, yet counts
    sets = [frozenset({"said", f"x{i}", f"y{i}"}) for i in range(120)]
    sets[5] = frozenset({"said", "talk", "geneva"})
    sets[9] = frozenset({"said", "talk", "geneva", "sanction"})
    groups = [str(i) for i in range(120)]
    found = pairs.candidate_pairs(sets, groups, groups, 0.0)
    assert found == [(similarity(sets[5], sets[9]), 5, 9)] == [(0.75, 5, 9)]
    assert pairs.candidate_pairs(sets[:1], groups[:1], groups[:1], 0.0) == []
    assert pairs.candidate_pairs([frozenset()] * 3, ["a", "b", "c"], ["1", "2", "3"], 0.0) == []
