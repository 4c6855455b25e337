"""Date values of events as days and intervals: what the timeline sorts, merges and compares by.

Not handled: times of day (a value is cut to its day), seasons and other TIMEX3 values that
:func:`~storyline.timeline.anchor.parse_value` does not read (they count as unknown).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from storyline.timeline.anchor import parse_value

__all__ = ["best_date", "date_interval", "dates_overlap", "event_day"]

_GRAN_RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}


_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def event_day(value: str | None) -> str | None:
    """The ISO day of a day-granular date value ("2025-03-14T10:00" -> "2025-03-14"), else None."""
    if value and _DAY.match(value):
        return value[:10]
    return None


def date_interval(value: str | None) -> tuple[date, date] | None:
    """The days a date value covers, as [first, last]."""
    parsed = parse_value(value)
    if parsed is None:
        return None
    first, gran = parsed
    if gran == "D":
        return first, first
    months = {"W": 0, "M": 1, "Q": 3, "Y": 12}[gran]
    y, m = divmod(first.month - 1 + months, 12)
    try:
        if gran == "W":
            return first, first + timedelta(days=6)
        return first, date(first.year + y, m + 1, 1) - timedelta(days=1)
    except (OverflowError, ValueError):  # the last period before year 10000
        return first, date.max


def dates_overlap(a: str | None, b: str | None) -> bool:
    """Whether two date values share a day (an unknown date overlaps everything)."""
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def best_date(values: Iterable[str | None]) -> str | None:
    """The most specific date among values, the most frequent among equally specific ones."""
    values = list(values)
    grans = {v: parsed[1] for v in values if v and (parsed := parse_value(v))}
    if not grans:
        return None
    counts = Counter(v for v in values if v in grans)
    return min(grans, key=lambda v: (_GRAN_RANK[grans[v]], -counts[v], v))
