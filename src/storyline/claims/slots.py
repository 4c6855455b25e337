"""What the slot checks of :mod:`storyline.claims.discrepancy` share: bars, word patterns, values.

Each slot check compares two claims (:class:`storyline.claims.group.ClaimView`) and gives the
two conflicting values, each as a (comparison key, value as shown) pair, or ``None``.
"""

from __future__ import annotations

import re

__all__ = ["BARS", "COUNTED_BAR", "FUTURE", "WORD", "Value"]

BARS = {"number": 0.45, "duration": 0.55, "date": 0.5, "place": 0.45, "negation": 0.45,
        "attribution": 0.8}
COUNTED_BAR = 0.15  # a number pair counting the same thing on the same day may sit lower
FUTURE = re.compile(
    r"\b(?:will|shall|is due|are due|was due|were due|due to|planned|plans? to|scheduled|"
    r"expected to|next|to be held|is to|are to|would|ahead of|"
    # a headline's infinitive tells what is to come: "Vesk to meet Lahti at the palace"
    r"to (?:meet|visit|host|hold|attend|sign|travel|open|hold talks))\b", re.IGNORECASE)
WORD = re.compile(r"[\w'\u2019-]+")

Value = tuple[str, str]  # (comparison key, value as shown)
