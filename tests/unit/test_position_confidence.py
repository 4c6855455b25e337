"""The positions' confidence models: shipped weights, scoring, features and the gate."""

from __future__ import annotations

import dataclasses

import pytest

from storyline.claims.position_confidence import (
    Model,
    load_models,
    mention_features,
    position_features,
    score,
    triple_text,
)


def test_shipped_models_load_with_thresholds_set_on_held_out_rounds() -> None:
    models = load_models()
    assert {"surface", "semantic"} <= set(models)
    for model in models.values():
        assert 0.0 < model.threshold < 1.0
        assert model.weights
    assert models["semantic"].semantic and not models["surface"].semantic
    assert len(models["semantic"].issue_weights) == 384
    assert len(models["semantic"].cosine_weights) == 2


def test_score_follows_the_weights() -> None:
    model = Model("t", bias=0.0, weights={"a": 2.0, "b": -2.0}, threshold=0.5)
    assert score(model, {}) == pytest.approx(0.5)
    assert score(model, {"a": 1.0}) > 0.5 > score(model, {"b": 1.0})
    assert score(model, {"unknown": 1.0}) == pytest.approx(0.5)
    sem = dataclasses.replace(model, cosine_weights=(1.0, 0.0), issue_weights=(0.5, 0.5))
    assert score(sem, {}, (0.9, 0.1), (0.0, 0.0)) > score(sem, {}, (0.1, 0.9), (0.0, 0.0))
    with pytest.raises(ValueError):
        score(sem, {}, (0.9,), (0.0, 0.0))  # a cosine missing is an error, not a guess


def test_position_features_take_the_union_of_sentences() -> None:
    f = position_features([{"x": 1.0}, {"y": 1.0, "x": 1.0}], evidence=5)
    assert f == {"x": 1.0, "y": 1.0, "nev=3": 1.0}


def test_penalty_threat_features_and_triple_text() -> None:
    f = mention_features(None, None, None, "threaten", "Washington", "GPE", True,  # type: ignore[arg-type]
                         "sanctions", "sanction", False, 0, 100, 1, 0)
    assert f == {"stance=threaten": 1.0, "penalty": 1.0}
    assert triple_text("Russia", "warn", "sanctions") == "Russia warns about sanctions"
    assert triple_text("Kyiv", "oppose", "talks") == "Kyiv opposes talks"


def test_find_positions_scores_and_gates() -> None:
    from storyline.claims import semantic
    from storyline.claims.position_confidence import model_for
    from storyline.claims.positions import find_positions
    from storyline.model import Article, content_id
    from storyline.pipeline import annotate_article

    body = ("Norland demanded the removal of Vesk's steel quotas on Monday. "
            "Vesk rejected the demand and threatened new tariffs on Norland grain.")
    art = Article(id=content_id("a", body), text=body, source_path="p.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    every = find_positions([art], ann.quotes, [], {art.id: ann}, "s1")
    assert every and all(p.confidence is not None for p in every)
    threshold = model_for(semantic.available()).threshold
    assert all(p.confident == (p.confidence >= threshold) for p in every)
    gated = find_positions([art], ann.quotes, [], {art.id: ann}, "s1", gate=True)
    assert {p.id for p in gated} == {p.id for p in every if p.confident}
