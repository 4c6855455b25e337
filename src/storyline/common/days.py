"""Calendar days of ISO dates and datetimes: the one place days are compared."""

from __future__ import annotations

from datetime import date

__all__ = ["day_of", "days_apart"]


def day_of(value: str | date | None) -> date | None:
    """The day of an ISO date or datetime string (or a date), None when there is none."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def days_apart(x: str | date | None, y: str | date | None) -> int | None:
    """Days between two days, None when either is unknown."""
    dx, dy = day_of(x), day_of(y)
    return abs((dx - dy).days) if dx is not None and dy is not None else None
