"""Aggregator and republication disclaimers: several invented wordings removed, reporting kept."""

from __future__ import annotations

import pytest

from storyline.clean.furniture import classify_line, is_republication_notice

NOTICES = [
    "Portvale Digest is a news aggregator. Every story links back to the original publisher, "
    "and all trademarks remain the property of their respective owners.",
    "This article was republished automatically from the Rivena Courier feed. Copyright "
    "belongs to the original author.",
    "Content on this site is automatically collected from public sources; the source link is "
    "given under each item. If you hold the rights and want it removed, contact us.",
    "Syndicated from Castellmar Wire. We claim no copyright over this story.",
    "Lessaria Now aggregates headlines from partner outlets; each article credits the primary "
    "source and its rightful owner.",
]

REPORTING = [
    # aggregation and rights, but about others, not the site speaking of itself
    "Publishers in Carvossa accuse news aggregators of breaching copyright, the trade body said.",
    "The US copyright office said syndicated columns still need the rightful owner's consent.",
    # speaks of itself, but no republication notion
    "We asked the ministry in Thalmira about the original source of the figures.",
    # republication, but no rights or source notion
    "Sefa Odalyn's speech was republished by several outlets in Portvale on Monday.",
]


@pytest.mark.parametrize("line", NOTICES)
def test_republication_notice_is_removed(line: str) -> None:
    assert is_republication_notice(line)
    verdict = classify_line(line)
    assert verdict is not None and verdict.reason == "aggregator disclaimer"


@pytest.mark.parametrize("line", REPORTING)
def test_reporting_about_aggregators_is_kept(line: str) -> None:
    assert not is_republication_notice(line)
    assert classify_line(line) is None


def test_overlong_line_is_not_a_notice() -> None:
    notice = NOTICES[0]
    padding = " ".join(["The harbour board met again in Rivena to discuss the dredging."] * 20)
    assert not is_republication_notice(f"{notice} {padding}")
