"""Attribution scoring: direct speech, gold attributions, one-to-one matching, the tallies."""

from __future__ import annotations

import pytest

from storyline.evaluate.attribution import (
    Tally,
    gold_attributions,
    is_direct,
    make_attr,
    match,
    runs,
)
from storyline.evaluate.datasets import PolnearArticle

TEXT = '"The works will reopen," Mara Lind said. The union\'s leader doubts it.'


def test_evaluate_attribution_direct_speech_and_apostrophes() -> None:
    assert is_direct(TEXT, 1, 22)
    assert not is_direct(TEXT, 41, 70)  # "union's" is no quotation mark


def test_evaluate_attribution_gold_match_and_tally() -> None:
    annotation = {"attributions": [
        {"content": {"spans": [[1, 22]]}, "source": {"spans": [[24, 33]]}},
        {"content": {"spans": []}},
    ]}
    [gold] = gold_attributions(PolnearArticle("f.txt", TEXT, {}, (annotation,)))
    assert gold.direct and gold.source_span == (24, 33)
    right = make_attr(0, 23, (24, 33), True)
    wrong_speaker = make_attr(1, 22, (41, 50), True)
    assert match([gold], [make_attr(41, 70, None, False), right]) == [(gold, right)]
    tally = Tally()
    tally.add([gold], [right])
    tally.add([gold], [wrong_speaker, make_attr(41, 70, None, False)])
    scores = tally.scores()
    assert (scores["content_p"], scores["content_r"], scores["speaker_acc"]) == (
        pytest.approx(2 / 3), 1.0, 0.5)
    assert scores["attribution_f1"] == pytest.approx(2 * (1 / 3) * 0.5 / (1 / 3 + 0.5))


def test_evaluate_attribution_parts_are_runs() -> None:
    attr = make_attr(0, 30, None, True, [(1, 5), (10, 14)])
    assert runs(attr.content) == [[1, 5], [10, 14]]
