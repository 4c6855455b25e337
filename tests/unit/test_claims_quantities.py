"""Quantities read into intervals, and when two of them can both be true."""

from __future__ import annotations

import pytest

from storyline.claims.quantities import (
    dates_compatible,
    durations_compatible,
    find_quantities,
    normalise,
    numbers_compatible,
    parse_quantity,
)


@pytest.mark.parametrize(("a", "b"), [
    ("first talks in two and a half years", "first talks in more than two years"),
    ("some 12,000 workers", "almost 12,000 workers"),
    ("12,000 workers", "12,350 workers"),  # a round number stands for its neighbourhood
    ("about 40 ships", "41 ships"),
    ("more than 3,000 people", "3,150 people"),
    ("between 3,000 and 3,500 people", "3,150 people"),
    ("3,000 to 3,500 people", "3,400 people"),
    ("fewer than 50 boats", "45 boats"),
    ("9 percent", "400 people"),  # different kinds never conflict
])
def test_compat_compatible_pairs(a: str, b: str) -> None:
    assert numbers_compatible(a, b)
    assert numbers_compatible(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("12,000 workers", "10,000 workers"),
    ("two people died", "three people died"),
    ("more than 3,000 people", "2,100 people"),
    ("between 3,000 and 3,500 people", "4,200 people"),
    ("fewer than 50 boats", "80 boats"),
    ("7 percent", "9 percent"),
    ("12,347 ballots", "12,371 ballots"),  # exact counts must match
])
def test_compat_incompatible_pairs(a: str, b: str) -> None:
    assert not numbers_compatible(a, b)
    assert not numbers_compatible(b, a)


def test_compat_durations() -> None:
    assert durations_compatible("two and a half years", "more than two years")
    assert durations_compatible("two years", "24 months")
    assert not durations_compatible("two years", "five years")
    q = parse_quantity("two and a half years")
    assert q is not None and q.unit == "duration" and q.value == 2.5


@pytest.mark.parametrize(("text", "plain"), [
    ("Some 12,000 dockworkers", "12000"),
    ("a 90k crowd", "90000"),
    ("a 9 percent rise", "9%"),
    ("3,000 to 3,500 people", "3000-3500"),
    ("$4.5 million", "$4500000"),
])
def test_compat_normalise(text: str, plain: str) -> None:
    q = parse_quantity(text)
    assert q is not None and normalise(q) == plain


def test_compat_years_times_identifiers_are_not_quantities() -> None:
    text = "In 2022 the ferry left Terminal 2 at 9:30 on 14 March, the 3rd crossing."
    assert find_quantities(text) == []
    assert find_quantities("The money ran out at midnight Dec. 21 after the vote.") == []


def test_compat_qualifiers() -> None:
    more, about, fewer = (parse_quantity(t) for t in ("more than 300", "about 300", "under 300"))
    assert more is not None and more.qualifier == ">" and more.hi == float("inf")
    assert about is not None and about.qualifier == "~" and about.lo < 300 < about.hi
    assert fewer is not None and fewer.qualifier == "<" and fewer.lo == 0


def test_compat_dates() -> None:
    assert dates_compatible("2025-03", "2025-03-18")
    assert dates_compatible("2025", "2025-03-18")
    assert not dates_compatible("2025-03-17", "2025-03-18")
    assert dates_compatible("P2Y", "2025-03-18")  # not a calendar date: nothing to compare


def test_compat_qualifier_read_through_a_quotation_mark() -> None:
    from storyline.claims.quantities import compatible, find_quantities

    (x,) = find_quantities('officials said "more than 10 steps" were possible')
    (y,) = find_quantities('officials said "19 steps" were possible')
    assert x.qualifier == ">" and compatible(x, y)
