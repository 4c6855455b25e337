"""TIMEX3 values and the calendar arithmetic behind them; what a resolution carries.

A value is read back with :func:`parse_value` as its first day and granularity (D, W, M, Q, Y);
seasons, parts of days, durations and sets are not read back (None). Calendars other than the
Gregorian are not handled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "UNANCHORED", "Context", "Resolved", "add_months", "at_granularity", "coarser",
    "day_or_none", "easter", "holiday_date", "month", "nearer", "parse_value", "quarter", "shift",
    "week", "with_part",
]


@dataclass(slots=True)
class Context:
    """What a candidate is resolved against."""

    dct: date | None  # publication date
    tense: str | None = None  # past | future | None (present or unknown)
    mention: str | None = None  # the last date value mentioned before the expression
    mention_year: int | None = None  # the last explicit year mentioned
    sentence_date: str | None = None  # a day-granular date in the same sentence (for clock times)
    last_quarter: str | None = None  # the last quarter mentioned ("2025-Q1"), for "a year ago"
    day_first: bool | None = None  # how the text's unambiguous slashed dates are written


@dataclass(slots=True)
class Resolved:
    """A TIMEX3 value with its anchor, confidence and the other reading when uncertain."""

    value: str | None
    anchor: str = "publication"
    confidence: float = 1.0
    alternative: str | None = None


UNANCHORED = Resolved(None, "none", 0.0)


# --------------------------------------------------------------------------- calendar


def day_or_none(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months (day clipped to the month's length)."""
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    for day in (d.day, 30, 29, 28):
        out = day_or_none(y, m + 1, day)
        if out:
            return out
    raise ValueError("unreachable")


def week(d: date) -> str:
    """The ISO week value of a day ("2025-W11")."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def month(d: date) -> str:
    """The month value of a day ("2025-03")."""
    return f"{d.year:04d}-{d.month:02d}"


def quarter(d: date) -> str:
    """The quarter value of a day ("2025-Q1")."""
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def nearer(dct: date, back: date, fwd: date) -> tuple[date, date]:
    """(nearer, other) of two readings; ties go forward."""
    return (back, fwd) if (dct - back) < (fwd - dct) else (fwd, back)


def parse_value(value: str | None) -> tuple[date, str] | None:
    """A date-like TIMEX3 value as (first day, granularity D | W | M | Q | Y), else None."""
    if not value:
        return None
    try:
        return _parse_value(value)
    except ValueError:  # year 0, week 53 of a short year, month 13 …
        return None


def _parse_value(value: str) -> tuple[date, str] | None:
    if m := re.match(r"(\d{4})-(\d\d)-(\d\d)", value):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "D"
    if m := re.match(r"(\d{4})-W(\d\d)", value):
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1), "W"
    if m := re.match(r"(\d{4})-Q([1-4])", value):
        return date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1), "Q"
    if m := re.match(r"(\d{4})-(\d\d)$", value):
        return date(int(m.group(1)), int(m.group(2)), 1), "M"
    if m := re.match(r"(\d{4})$", value):
        return date(int(m.group(1)), 1, 1), "Y"
    return None


def at_granularity(d: date, gran: str) -> str:
    return {"D": d.isoformat(), "W": week(d), "M": month(d), "Q": quarter(d),
            "Y": f"{d.year:04d}"}[gran]


_GRAN_ORDER = "DWMQY"


def coarser(a: str, b: str) -> str:
    return a if _GRAN_ORDER.index(a) >= _GRAN_ORDER.index(b) else b


def shift(d: date, n: float, unit: str) -> tuple[date, str]:
    """``d`` moved by ``n`` units (negative: back), and the granularity that unit calls for."""
    if unit in ("S", "MIN", "H"):
        hours = n * {"S": 1 / 3600, "MIN": 1 / 60, "H": 1}[unit]
        return d + timedelta(days=int(hours // 24) if hours > 0 else -int(-hours // 24)), "D"
    if unit == "D":
        return d + timedelta(days=round(n)), "D"
    if unit in ("W", "FN", "WE"):
        return d + timedelta(days=round(n * (14 if unit == "FN" else 7))), "W"
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit]
    gran = {"M": "M", "Q": "Q", "Y": "Y", "DE": "Y", "CE": "Y"}[unit]
    return add_months(d, round(n * months)), gran


def with_part(value: str | None, f: dict) -> str | None:
    """Append a part of day ("TEV") or a clock time ("T10:00") to a day value."""
    if value is None or len(value) != 10:
        return value
    if f.get("hour") is not None:
        return f"{value}T{f['hour']:02d}:{f.get('minute', 0):02d}{f.get('zone', '')}"
    if f.get("part"):
        return f"{value}T{f['part']}"
    return value


def easter(y: int) -> date:
    """Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m7 = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m7) // 451
    month_, day = divmod(h + m7 - 7 * n + 114, 31)
    return date(y, month_, day + 1)


def holiday_date(h: object, y: int) -> date:
    if h == "easter":
        return easter(y)
    if h == "thanksgiving":
        first = date(y, 11, 1)
        return first + timedelta(days=(4 - first.isoweekday()) % 7 + 21)
    m, d = h  # type: ignore[misc]
    return date(y, m, d)
