"""The shipped stance model: loads, predicts a label per pair, scores as FNC-1 does."""

from __future__ import annotations

from storyline.claims.stance import LABELS, fnc_score, is_dev_body, load_model


def test_stance_model_predicts_one_label_per_pair() -> None:
    model = load_model()
    heads = ["Harbour strike ends after pay deal", "Celebrity chef opens restaurant in Paris"]
    body = ("Dock workers at the northern harbour returned to work on Monday after unions and "
            "port operators signed a pay deal that ends the three-week strike.")
    pred = model.predict(heads, [body, body])
    assert len(pred) == 2 and set(pred) <= set(LABELS)
    assert pred[1] == "unrelated"
    assert model.predict([], []) == []


def test_stance_probabilities_sum_to_one() -> None:
    probs = load_model().probabilities(["a headline"], ["a body text"])
    assert probs.shape == (1, 4)
    assert abs(float(probs.sum()) - 1.0) < 1e-5


def test_stance_fnc_score_weights_related_pairs() -> None:
    assert fnc_score(["agree", "unrelated"], ["agree", "unrelated"]) == 1.0
    assert fnc_score(["agree"], ["discuss"]) == 0.25
    assert fnc_score(["unrelated"], ["agree"]) == 0.0


def test_stance_dev_split_is_stable_and_about_a_fifth() -> None:
    held = [is_dev_body(str(i)) for i in range(2000)]
    assert held == [is_dev_body(str(i)) for i in range(2000)]
    assert 0.15 < sum(held) / len(held) < 0.25
