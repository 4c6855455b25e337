"""The ``date`` slot: one calendar day each, different days, for something past.

Not handled: claims naming several days, and planned events (plans move; a story has many
scheduled days).
"""

from __future__ import annotations

import re

from storyline.claims.group import ClaimView, content_tokens
from storyline.claims.headline_conflicts import MEETING
from storyline.claims.quantities import dates_compatible
from storyline.claims.slots import BARS, FUTURE, WORD, Value

__all__ = ["date_conflict"]

_SURE = 0.65  # similar enough to need no further sign that two claims tell one event
_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b",
    re.IGNORECASE)
_HELD = re.compile(r"\b(?:held|hold|holds|gathered)\b", re.IGNORECASE)


def date_conflict(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
    """One day each, not the same day, for something past told in like words."""
    if sim < BARS["date"] or len(a.days) != 1 or len(b.days) != 1:
        return None
    (da,), (db,) = a.days, b.days
    if dates_compatible(da, db) or FUTURE.search(a.text) or FUTURE.search(b.text):
        return None  # plans move and a story has many scheduled days
    if sim < _SURE and not _date_context(a.text) & _date_context(b.text):
        return None
    return (da, da), (db, db)


def _date_context(text: str) -> frozenset[str]:
    """What happened on the first day a text names: the lower-case content words just before it.

    Names are left out (a shared place or party does not make one event), and any meeting word
    ("talks", "met", "sat down", "held") reads as one "<meeting>".
    """
    m = _DAY.search(text)
    if not m:
        return frozenset()
    words = [w for w in WORD.findall(text[: m.start()]) if not w[:1].isupper()]
    phrase = " ".join(words[-5:])
    meeting = bool(MEETING.search(phrase) or _HELD.search(phrase))
    return content_tokens(MEETING.sub(" ", phrase)) | ({"<meeting>"} if meeting else set())
