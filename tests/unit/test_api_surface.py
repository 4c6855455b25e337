"""The public API: a small, tested surface."""

from __future__ import annotations

import storyline


def test_api_all_names_exist_and_are_sorted() -> None:
    for name in storyline.__all__:
        assert hasattr(storyline, name), name
    assert list(storyline.__all__) == sorted(storyline.__all__, key=str)


def test_api_exposes_the_pipeline_store_and_records() -> None:
    for name in ["Pipeline", "Store", "Article", "Span", "Story", "StorylineError", "Settings"]:
        assert name in storyline.__all__
