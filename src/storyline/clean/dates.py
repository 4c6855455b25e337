"""Publication dates in the shapes news pages print them, normalised to ISO 8601.

Handled: ISO dates and datetimes (with ``Z`` or an offset), day-first numeric dates
(``09.01.2022`` is 9 January; ``01/13/2022`` is read month-first because 13 is no month),
spelled-out dates in English, German, French, Spanish, Portuguese, Italian and Dutch
(``January 9th, 2022``, ``Jan. 9, 2022``, ``9 January 2022``, ``9. Januar 2022``,
``22 de janeiro de 2018``, with or without an English weekday), clock times
(``09:12 a.m.``, ``17:17``, ``// 10:20``) with a UTC offset or a common zone abbreviation, and
dates in URL paths (``/2022/01/09/``, ``/2022/1/9/``, ``/2022-01-09/``, ``/20220109/``).

Not handled yet: relative dates ("2 hours ago", "yesterday"), month names of other languages,
two-digit years, times printed before the date, and zone abbreviations beyond the common
European and North American ones.
A time without a zone gives a datetime without an offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["FoundDate", "date_from_url", "find_date"]

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (  # English, German, French, Spanish, Portuguese, Italian, Dutch
        "january jan januar jänner janvier janv enero ene janeiro gennaio gen januari",
        "february feb februar février févr fevr febrero fevereiro fev febbraio februari",
        "march mar märz maerz mars marzo março marco maart mrt",
        "april apr avril avr abril aprile",
        "may mai mayo maio maggio mei",
        "june jun juni juin junio junho giugno",
        "july jul juli juillet juil julio julho luglio",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre septiembre setiembre setembro set settembre",
        "october oct oktober okt octobre octubre outubro out ottobre ott",
        "november nov novembre noviembre novembro",
        "december dec dezember dez décembre déc diciembre dic dezembro dicembre",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _n

ZONES = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "wet": "+00:00", "bst": "+01:00",
    "cet": "+01:00", "cest": "+02:00", "mez": "+01:00", "mesz": "+02:00", "eet": "+02:00",
    "eest": "+03:00", "msk": "+03:00", "est": "-05:00", "edt": "-04:00", "cst": "-06:00",
    "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ORD = r"(?:st|nd|rd|th)?"

_ISO = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?:\.\d+)?"
    r"(?P<offset>Z|[+-][01]\d:?[0-5]\d)?)?\b"
)
_NUMERIC = re.compile(
    r"\b(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)" + _YEAR + r"\b"
)
_MONTH_FIRST = re.compile(
    rf"(?i)\b(?:{_WEEKDAY})?(?P<month>{_MONTH})\b\.?\s+(?P<day>[0-3]?\d){_ORD},?\s+{_YEAR}\b"
)
_DAY_FIRST = re.compile(
    rf"(?i)\b(?:{_WEEKDAY})?(?P<day>[0-3]?\d){_ORD}\.?\s+(?:of\s+|de\s+|del\s+)?"
    rf"(?P<month>{_MONTH})\b\.?,?\s+(?:de\s+|del\s+)?" + _YEAR + r"\b"
)
_TIME = re.compile(
    r"(?i)(?<![\d:])(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z]))?"
    r"(?:\s*(?:(?P<offset>[+-][01]\d:?[0-5]\d)|(?P<zone>[a-z]{1,4})\b"
    r"(?P<zone_offset>[+-]\d{1,2})?))?"
)
_BETWEEN = re.compile(
    rf"(?i)[\s,/|–—:@-]*(?:(?:at|um|à|às|a las|a la|alle|om)\s|{_WEEKDAY})?[\s,/|–—:@-]*"
)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)(?:(?P<sep>[/-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)|"
    r"(?P<cmonth>[01]\d)(?P<cday>[0-3]\d))(?:[/_.-]|$)"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a string: its ISO 8601 value and where it was in the string."""

    value: str
    start: int
    end: int


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _offset(text: str) -> str:
    """``+0100`` or ``+01:00`` or ``Z`` as ``+01:00``."""
    if text.upper() == "Z":
        return "+00:00"
    digits = text[1:].replace(":", "")
    return f"{text[0]}{digits[:2]}:{digits[2:]}"


def _find_day(text: str) -> tuple[str, int, int, re.Match[str]] | None:
    """The first calendar date in ``text``: ISO value, span and the match."""
    found: list[tuple[int, str, int, re.Match[str]]] = []
    for pattern in (_ISO, _NUMERIC, _MONTH_FIRST, _DAY_FIRST):
        for m in pattern.finditer(text):
            value = _day_value(pattern, m)
            if value:
                found.append((m.start(), value, m.end(), m))
                break
    if not found:
        return None
    start, value, end, m = min(found, key=lambda f: f[0])
    return value, start, end, m


def _day_value(pattern: re.Pattern[str], m: re.Match[str]) -> str | None:
    """The ISO date of one match of one of the date patterns."""
    year = int(m["year"])
    if pattern is _NUMERIC:
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)  # day-first unless that is impossible
        return _valid(year, month, day)
    if pattern is _ISO:
        return _valid(year, int(m["month"]), int(m["day"]))
    return _valid(year, MONTHS[m["month"].lower().rstrip(".")], int(m["day"]))


def _iso_time(m: re.Match[str]) -> str:
    """``THH:MM:SS`` plus the offset when one is known, from an ISO or clock-time match."""
    hour, minute = int(m["hour"]), int(m["minute"])
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    second = int(m["second"] or 0)
    offset = ""
    if m["offset"]:
        offset = _offset(m["offset"])
    elif m.groupdict().get("zone") and m["zone"].lower() in ZONES:
        offset = ZONES[m["zone"].lower()]
        if m["zone_offset"] and m["zone"].lower() in ("gmt", "utc"):
            offset = f"{int(m['zone_offset']):+03d}:00"
    return f"T{hour:02d}:{minute:02d}:{second:02d}{offset}"


def find_date(text: str) -> FoundDate | None:
    """The first date in ``text`` (with the time that follows it, if any) as ISO 8601."""
    if _ANY_YEAR.search(text) is None:  # every date shape has a four-digit year
        return None
    day = _find_day(text)
    if day is None:
        return None
    value, start, end, m = day
    if "hour" in m.groupdict():  # an ISO match carries its own time
        if m["hour"] is not None:
            return FoundDate(value + _iso_time(m), start, end)
        return FoundDate(value, start, end)
    rest = text[end : end + 40]
    t = _TIME.search(rest)
    if t and _BETWEEN.fullmatch(rest[: t.start()]) and int(t["hour"]) < 24:
        return FoundDate(value + _iso_time(t), start, end + t.end())
    return FoundDate(value, start, end)


def date_from_url(url: str) -> str | None:
    """The date in a URL path such as ``/2022/01/09/``, ``/2022/1/9/`` or ``/20220109-``."""
    m = _URL_DATE.search(url)
    if m is None:
        return None
    return _valid(int(m["year"]), int(m["month"] or m["cmonth"]), int(m["day"] or m["cday"]))
