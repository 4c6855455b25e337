"""Claim pairs found with array operations are the pairs the dictionary loop found."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import pytest

from storyline.claims.group import similarity
from storyline.common import word_pairs as pairs


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


def _overlap_score(a: Sequence[str], b: Sequence[str]) -> float:
    """The quotations' overlap as it was written, one pair at a time."""
    sa, sb = set(a), set(b)
    if len(sa) < 3 or len(sb) < 3:
        return 0.0
    jaccard = len(sa & sb) / len(sa | sb)
    pa, pb = set(zip(a, a[1:], strict=False)), set(zip(b, b[1:], strict=False))
    small = min(len(pa), len(pb))
    shared = len(pa & pb)
    # a short utterance inside a longer quotation (one part of a joined quotation): all of its
    # word pairs must be there
    contained = shared / small if small >= 5 else float(small >= 3 and shared == small)
    return max(jaccard, contained)



def _loop_alike(words: Sequence[tuple[str, ...]], speakers: Sequence[str | None],
                common: int) -> set[tuple[int, int]]:
    """The quotation pairing as it was written before, word by word with a Counter."""
    from collections import Counter

    from storyline.quotes.groups import CONFLICT_THRESHOLD, GROUP_THRESHOLD

    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in set(ws):
            postings[w].append(i)
    out = set()
    for i, ws in enumerate(words):
        shared: Counter[int] = Counter()
        for w in set(ws):
            if len(postings[w]) <= common:
                shared.update(j for j in postings[w] if j > i)
        for j, n in shared.items():
            a, b = speakers[i], speakers[j]
            need = GROUP_THRESHOLD if not (a and b and a != b) else CONFLICT_THRESHOLD
            if n >= 2 and _overlap_score(ws, words[j]) >= need:
                out.add((i, j))
    return out


@pytest.mark.parametrize("seed", [4, 5])
def test_quotation_pairs_equal_the_counter_loop(seed: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.quotes import groups

    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(25)]
    words = []
    for _ in range(300):
        base = [rng.choice(vocab) for _ in range(rng.randint(1, 14))]
        words.append(tuple(base))
    # near copies (a word dropped or changed), so that both bars are met and missed
    for k in range(0, 300, 3):
        copy = list(words[k])
        if copy:
            copy[rng.randrange(len(copy))] = rng.choice(vocab)
        words.append(tuple(copy))
    speakers = [rng.choice([None, "e1", "e2", "e3"]) for _ in words]
    monkeypatch.setattr(groups, "COMMON", 120)  # some words too common to propose a pair
    expected = _loop_alike(words, speakers, 120)
    assert set(groups._alike(words, speakers)) == expected
    assert len(expected) > 50
