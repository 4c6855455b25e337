"""Differing values that do not answer the same question raise no discrepancy.

Each case is one of the kinds of false alarm seen on real coverage (invented sentences in the
same shape; they are regression tests, not the measurement, which is on hand-labelled real
coverage in benchmarks/bench_discrepancy.py).
"""

from __future__ import annotations

import pytest
from test_claims_discrepancy import discrepancies, values

from storyline.claims.quantities import compatible, find_quantities
from storyline.common.places import places_related


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(  # killed / injured
            "The blast in Harlow on Monday killed 12 people near the old market square.",
            "The blast in Harlow on Monday injured 30 people near the old market square.",
            id="killed-vs-injured"),
        pytest.param(  # houses / people
            "The flood in Tarnwick destroyed 300 houses along the river on Sunday.",
            "The flood in Tarnwick displaced 800 people along the river on Sunday.",
            id="houses-vs-people"),
        pytest.param(  # two models of one product
            "The 13-inch model of the Orbis laptop costs 1,199 dollars in Harlow stores.",
            "The 17-inch model of the Orbis laptop costs 2,499 dollars in Harlow stores.",
            id="which-model"),
        pytest.param(  # background: an earlier quake
            "The quake that struck Veska in 2012 measured 6.1 on the Richter scale.",
            "The quake that struck Veska on Monday measured 6.8 on the Richter scale.",
            id="background-year"),
        pytest.param(  # a toll that rose
            "At least 40 people died when the ferry capsized off Harlow on Sunday.",
            "The ferry that capsized off Harlow on Sunday killed 75 people, officials said.",
            id="toll-update"),
        pytest.param(  # tokenised figures are one number each
            "The quake was centred near Qesh Island , home to 200 , 000 people .",
            "The quake struck Qesh Island , home to 200,000 people , state media said .",
            id="tokenised-thousands"),
        pytest.param(  # words and digits
            "Five ministers from Norland signed the steel accord in Harlow on Monday.",
            "5 ministers from Norland signed the steel accord in Harlow on Monday.",
            id="words-and-digits"),
        pytest.param(  # a season's tally
            "Larsen has 53 catches for 605 yards for the Harlow Hawks this season.",
            "Larsen has 48 catches for 590 yards for the Harlow Hawks so far.",
            id="tallies"),
        pytest.param(  # a figure more precisely given
            "The effective federal tax rate of the Marten household was 35.7 percent.",
            "The effective federal tax rate of the Marten household was 36 percent.",
            id="rounded"),
    ],
)
def test_differing_numbers_that_are_no_conflict(first: str, second: str) -> None:
    assert not values(discrepancies(first, second), "number")


def test_a_count_of_the_same_thing_that_differs_is_still_found() -> None:
    found = discrepancies(
        "The magnitude 6.1 quake struck the Veska coast early on Monday, officials said.",
        "The magnitude 6.8 quake struck the Veska coast early on Monday, officials said.",
    )
    assert values(found, "number") == {frozenset({"6.1", "6.8"})}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Envoys from Norland and Vesk met in the US on Monday to discuss quotas.",
                     "Envoys from Norland and Vesk met in the United States on Monday to "
                     "discuss quotas.", id="alias"),
        pytest.param("Envoys from Norland and Vesk met in Geneva on Monday to discuss quotas.",
                     "Envoys from Norland and Vesk met in Switzerland on Monday to discuss "
                     "quotas.", id="containment"),
    ],
)
def test_one_place_named_two_ways_is_no_conflict(first: str, second: str) -> None:
    assert not values(discrepancies(first, second), "place")


def test_unrelated_sentences_of_opposite_polarity_are_no_conflict() -> None:
    found = discrepancies(
        "No militants were inside the Harlow compound when the army reached it on Monday.",
        "Pressure to obtain a ceasefire in Harlow grew on Monday as the army reached the "
        "compound.",
    )
    assert not values(found, "negation")


def test_the_same_statement_in_other_words_is_no_negation_conflict() -> None:
    found = discrepancies(
        "There is no presidential campaign in Norland this year, Marten said on Monday.",
        "Marten said on Monday that no presidential campaign is going to be run in Norland.",
    )
    assert not values(found, "negation")


def test_places_related_by_alias_containment_and_state() -> None:
    assert places_related("US", "United States")
    assert places_related("U.S.", "America")
    assert places_related("Geneva", "Switzerland")
    assert places_related("Boston", "Massachusetts")
    assert places_related("eastern Ukraine", "Ukraine")
    assert not places_related("Geneva", "Ukraine")
    assert not places_related("Ostrava", "Madrid")
    # a place and its continent (the most populous city of a name decides: Washington is
    # the US capital, not the English town)
    assert places_related("Europe", "Wales") and places_related("Asia", "Tokyo")
    assert not places_related("Europe", "Washington")
    assert not places_related("Africa", "Paris")


def test_a_more_precise_figure_that_rounds_to_the_other_is_compatible() -> None:
    (a,), (b,) = find_quantities("35.7 percent"), find_quantities("36 percent")
    assert compatible(a, b)
    (c,), (d,) = find_quantities("1.58 million"), find_quantities("1.5 million")
    assert not compatible(c, d)


def test_tokenised_figures_are_read_whole() -> None:
    assert [q.value for q in find_quantities("home to 200 , 000 people")] == [200000.0]
    assert [q.value for q in find_quantities("a 5 . 9 - magnitude quake")] == [5.9]
