"""The strings a pattern cannot match without, and the scan they let a caller skip."""

from __future__ import annotations

import random
import re

import pytest

from storyline.common.required import may_match, required_literals
from storyline.timeline.grammar import RULES


@pytest.mark.parametrize("pattern, expected", [
    (r"(?<![\w/.-])(?:last|next)\s+week", {"week"}),
    (r"(?:monday|tuesday)(?:\s+morning)?", {"monday", "tuesday"}),
    (r"\d{4}", None),  # a category: anything
    (r"(?:early\s+)?spring", {"spring"}),
    (r"(?:ago)?", None),  # may match nothing
    (r"[ab]x+", {"x"}),
    (r"[^a]bc", {"bc"}),
    (r"(?i:week)", None),  # case-insensitive inside
])
def test_required_literals_of_patterns(pattern: str, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern))
    assert (set(found) if found is not None else None) == expected


def test_case_insensitive_patterns_require_nothing() -> None:
    assert required_literals(re.compile("week", re.IGNORECASE)) is None
    assert may_match(None, "anything")


def test_a_text_without_the_strings_has_no_match_of_any_time_rule() -> None:
    rng = random.Random(7)
    words = ["the", "week", "last", "2024", "march", "14", "ago", "years", "every", "monday",
             "a.m.", "morning", "1990s", "fall", "quarter", "now", "x", "-", "/", ".", "once"]
    checked = 0
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        for _, _, fast, needs in RULES:
            if fast is not None and not may_match(needs, text):
                assert fast.search(text) is None, (fast.pattern, text)
                checked += 1
    assert checked > 1000
