"""Report stance towards a claim: for, against (denial), observing (hedged or a question)."""

from __future__ import annotations

from storyline.claims.corroboration import report_stance, report_stances

CLAIM = "Harbour authority to close the northern pier"


def test_corroboration_plain_assertion_is_for() -> None:
    assert report_stance(CLAIM, "Harbour authority closes northern pier") == "for"


def test_corroboration_denial_is_against() -> None:
    assert report_stance(CLAIM, "Harbour authority denies plan to close pier") == "against"


def test_corroboration_denial_word_already_in_the_claim_does_not_count() -> None:
    claim = "Mayor will not attend the summit"
    assert report_stance(claim, "Mayor will not attend the summit, aides confirm") == "for"


def test_corroboration_hedged_or_question_is_observing() -> None:
    assert report_stance(CLAIM, "Northern pier reportedly set to close") == "observing"
    assert report_stance(CLAIM, "Will the northern pier close?") == "observing"


def test_corroboration_batch_keeps_order() -> None:
    got = report_stances([CLAIM, CLAIM], ["Pier closure is a hoax", "Pier closes"])
    assert got == ["against", "for"]
