"""Scoring helpers: B-cubed, pair F1, speaker matching."""

from __future__ import annotations

import pytest

from storyline.evaluate.demo import speaker_matches
from storyline.evaluate.metrics import (
    bcubed,
    cluster_pairs,
    f1,
    macro_prf,
    pair_prf,
    precision,
    prf,
    recall,
)


def test_evaluate_prf_counts() -> None:
    assert prf(3, 1, 0) == pytest.approx((0.75, 1.0, 6 / 7))
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)


def test_evaluate_empty_cases_follow_one_convention() -> None:
    # nothing predicted: precision 1.0; nothing expected: recall 1.0; F1 0.0 when both are 0
    assert prf(0, 0, 4) == (1.0, 0.0, 0.0)
    assert prf(0, 3, 0) == (0.0, 1.0, 0.0)
    assert (precision(0, 0), recall(0, 0), f1(0.0, 0.0)) == (1.0, 1.0, 0.0)
    assert bcubed({"a": 1}, {"b": 1}) == (0.0, 0.0, 0.0)


def test_evaluate_macro_prf_skips_items_with_empty_denominators() -> None:
    # the second item predicts nothing: it counts for recall only
    p, r, f = macro_prf([(0.5, 0.5, 0.0), (0.0, 0.0, 1.0)])
    assert (p, r) == (0.5, 0.5) and f == pytest.approx(0.5)
    assert macro_prf([]) == (1.0, 1.0, 1.0)
    assert macro_prf([(0.0, 0.0, 1.0)]) == (1.0, 0.0, 0.0)


def test_evaluate_bcubed_perfect_and_merged() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed(gold, {"a": "x", "b": "x", "c": "y"}) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(gold, {"a": "x", "b": "x", "c": "x"})
    assert r == 1.0 and p == pytest.approx((2 / 3 * 2 + 1 / 3) / 3)


def test_evaluate_pairs() -> None:
    gold = cluster_pairs([["a", "b", "c"]])
    assert len(gold) == 3
    assert pair_prf(gold, cluster_pairs([["a", "b"], ["c"]])) == pytest.approx((1.0, 1 / 3, 0.5))


def test_evaluate_speaker_matching() -> None:
    assert speaker_matches("Ilse Varga", ["Foreign Minister Ilse Varga"])
    assert speaker_matches("Ilse Varga", ["Varga"])
    assert speaker_matches("a senior Valmorian official", ["senior Valmorian official"])
    assert not speaker_matches("Ilse Varga", ["Tomas Brenner"])
    assert not speaker_matches("a senior Valmorian official", ["the official"])
