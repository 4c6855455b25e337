"""The semantic extra: packaged sentence embeddings, offline; skipped where it is not installed."""

from __future__ import annotations

import pytest

from storyline.claims import semantic


def test_availability_is_a_plain_answer() -> None:
    assert semantic.available() in (True, False)


def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    if not semantic.available():
        pytest.skip("the 'semantic' extra (sentence-transformers + packaged model) is absent")
    m = semantic.cosine_matrix([
        "The ferry operator cancelled every crossing because of the storm.",
        "All crossings were called off by the ferry company as the storm hit.",
        "The orchestra opened its season with a new symphony.",
    ])
    assert m.shape == (3, 3)
    assert m[0, 1] > m[0, 2] + 0.3
