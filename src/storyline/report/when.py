"""Where a normalised date value sits on a time axis, and how a timeline heads it.

Event dates are TIMEX3 values: days (``2025-03-10``, with a clock time or a part of the day
after ``T``), ISO weeks (``2025-W11``), weekends (``2025-W11-WE``), months, quarters, seasons
(``2025-SU``), years and ranges (``A/B``). :func:`when` reads one into its first and last day,
so that weeks, months and ranges are placed at their real position among the days, and gives
the heading a timeline shows for it; the day granular values group under one heading per day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.timeline.values import parse_value

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = {"SP": ("Spring", 3), "SU": ("Summer", 6), "FA": ("Autumn", 9), "WI": ("Winter", 12)}
PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime",
         "MI": "midday"}
UNDATED = "Undated"


@dataclass(frozen=True)
class When:
    """A date value placed on the axis: its first and last day (None when undated), the heading
    it is listed under, and the time of day it names (``14:00``, ``evening``), if any."""

    start: date | None
    end: date | None
    heading: str
    time: str = ""

    @property
    def key(self) -> tuple[bool, date, date, str]:
        """The sort key: dated first, by first day, then the shorter span, then heading."""
        far = date.max
        return (self.start is None, self.start or far, self.end or far, self.heading)


def _short(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1][:3]}"


def _span(a: date, b: date) -> str:
    """``10–16 Mar 2025`` or ``29 Mar – 4 Apr 2025``."""
    if a.month == b.month and a.year == b.year:
        return f"{a.day}–{b.day} {MONTHS[a.month - 1][:3]} {a.year}"
    return f"{_short(a)} – {_short(b)} {b.year}"


def _time_of(rest: str) -> str:
    """The time of day after a day value: ``T14:00`` → ``14:00``, ``TEV`` → ``evening``."""
    if not rest.startswith("T"):
        return ""
    rest = rest[1:]
    if m := re.match(r"(\d\d:\d\d)", rest):
        return m.group(1)
    return PARTS.get(rest[:2], "")


def _single(value: str) -> When | None:
    """One value that is not a range."""
    if m := re.match(r"(\d{4})-(SP|SU|FA|WI)$", value):
        name, month = SEASONS[m.group(2)]
        year = int(m.group(1))
        start = date(year, month, 21)
        end = start + timedelta(days=91)
        return When(start, end, f"{name} {year}")
    parsed = parse_value(value)
    if parsed is None:
        return None
    first, gran = parsed
    if gran == "D":
        return When(first, first, f"{first.isoformat()} · {WEEKDAYS[first.weekday()]}",
                    _time_of(value[10:]))
    if gran == "W":
        iso = f"{first.isocalendar()[0]:04d}-W{first.isocalendar()[1]:02d}"
        if value[len(iso):].startswith("-WE"):
            sat = first + timedelta(days=5)
            return When(sat, sat + timedelta(days=1),
                        f"{iso} weekend · {_span(sat, sat + timedelta(days=1))}")
        return When(first, first + timedelta(days=6),
                    f"{iso} · week of {_span(first, first + timedelta(days=6))}")
    if gran == "M":
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return When(first, nxt - timedelta(days=1),
                    f"{value[:7]} · {MONTHS[first.month - 1]} {first.year}")
    if gran == "Q":
        q = (first.month - 1) // 3 + 1
        last = date(first.year + q // 4, (3 * q) % 12 + 1, 1) - timedelta(days=1)
        return When(first, last, f"{first.year}-Q{q} · "
                    f"{MONTHS[first.month - 1][:3]}–{MONTHS[3 * q - 1][:3]} {first.year}")
    return When(first, date(first.year, 12, 31), f"{first.year}")


def when(value: str | None) -> When:
    """Place a date value on the axis; anything unreadable is undated."""
    text = (value or "").strip()
    if not text:
        return When(None, None, UNDATED)
    if "/" in text:
        left, _, right = text.partition("/")
        a, b = _single(left), _single(right)
        if a is not None and b is not None and a.start and b.end and a.start <= b.end:
            return When(a.start, b.end, f"{a.heading.split(' · ')[0]} to "
                        f"{b.heading.split(' · ')[0]}")
        return a or b or When(None, None, UNDATED)
    return _single(text) or When(None, None, UNDATED)
