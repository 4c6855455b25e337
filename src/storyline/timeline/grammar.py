"""The building blocks of the time rules: word tables, regular expression fragments, amounts.

:func:`rule` registers a builder for the matches of a pattern; the rule modules
(:mod:`storyline.timeline.rules_dates`, :mod:`storyline.timeline.rules_periods`) hold
the builders and :mod:`storyline.timeline.rules` runs them. Amounts are English only
("two and a half", "2 1/2", "twenty-four"); other languages are not handled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.common.lowered import lowered_pattern
from storyline.common.required import required_literals

__all__ = [
    "AMOUNT", "CLOCK", "COMMA", "DAY", "EDGE", "MOD", "MONTH", "MONTHS", "ORDINALS", "PART",
    "PARTS", "RULES", "SEASONS", "TZ", "UNIT", "UNITS", "WEEKDAY", "WEEKDAYS", "WORDNUM", "YEAR",
    "Cand", "cand", "day_number", "norm", "parse_amount", "period_value", "rule", "time_fields",
    "unit_code",
]


@dataclass(slots=True)
class Cand:
    """A matched time expression: extent, kind (DATE | TIME | DURATION | SET), form and fields."""

    start: int
    end: int
    kind: str
    form: str
    f: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- lexicon

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
            "saturday": 6, "sunday": 7}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "lunchtime": "MI",
         "midday": "MI", "noon": "MI", "overnight": "NI", "daytime": "DT"}
UNITS = {"second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W", "fortnight": "FN",
         "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
         "centurie": "CE", "weekend": "WE", "night": "D", "morning": "D", "evening": "D"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "final": 4}
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
NUMBER_WORDS |= {"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
                 "half a": 0.5, "half an": 0.5, "a half": 0.5}
VAGUE = {"several", "a few", "few", "some", "many", "a number of", "the", "a couple", "numerous"}

MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
         r"december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)")
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
WORDNUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three"
           r"|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|"
           r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
AMOUNT = (rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|{WORDNUM}(?:\s+hundred)?(?:\s+and\s+a\s+half)?|"
          r"an?(?:\s+and\s+a\s+half)?|half\s+an?|a\s+couple\s+of|a\s+dozen|several|a\s+few|few|"
          r"some|many|a\s+number\s+of|numerous)")
UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
        r"decades?|century|centuries)")
PART = r"(?:morning|afternoon|evening|night|lunchtime|midday|overnight)"
MOD = (r"(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|"
       r"fewer\s+than|over|under|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|"
       r"no\s+more\s+than|no\s+less\s+than|well\s+over|only|just|barely|a\s+further|another|"
       r"the\s+(?:first|last|past|next|coming|previous|final|following|remaining)|"
       r"(?:the\s+)?(?:last|past|next|first|final|coming|previous|following))")
EDGE = r"(?:(?:early|late|mid)[-\s]|the\s+(?:end|beginning|start|middle)\s+of\s+)"
# a zone abbreviation, "local time", or a capitalised place or zone name and "time" ("Portvale
# time", "Central European time")
TZ = (r"(?:\s*(?-i:[A-Z]{1,3}[SD]?T\b|GMT|UTC|CEST|CET)|\s+local\s+time|"
      r"\s+(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+time\b)?")
CLOCK = (r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b|"
         r"h\b|hrs\b))?|(?:1[0-2]|0?[1-9])\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b|o'clock)|"
         r"noon|midnight|midday)")
COMMA = r"(?:\s?,)?\s+"  # "14 March, 2025"; tokenised text also has "July 24 , 2003"


def norm(word: str) -> str:
    """A word lower-cased without its abbreviation dot."""
    return word.lower().rstrip(".")


def parse_amount(text: str) -> float | None:
    """A spelled or written amount ("two and a half", "2 1/2", "twenty-four"); None if vague."""
    s = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if s in VAGUE:
        return None
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    elif s.endswith(" 1/2"):
        s, half = s[:-4], 0.5
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s] + half
    try:
        return float(s.replace(",", "")) + half
    except ValueError:
        pass
    total = 0.0
    for w in s.split():
        if w == "hundred":
            total = max(total, 1) * 100
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
        else:
            return None
    return total + half


def unit_code(word: str) -> str:
    w = word.lower()
    w = w[:-1] if w.endswith("s") else w
    return UNITS[w]


def day_number(text: str) -> int:
    """The day of "14th", "3rd", "07"."""
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


Builder = Callable[[re.Match[str], str], Cand | None]
# (the rule's pattern, its builder, the same pattern over lower-cased text without IGNORECASE or
# None, the strings one of which a match of that pattern holds or None): see
# storyline.timeline.rules._all_matches
RULES: list[tuple[re.Pattern[str], Builder, re.Pattern[str] | None, frozenset[str] | None]] = []


def rule(pattern: str, flags: int = re.IGNORECASE) -> Callable[[Builder], Builder]:
    """Register a builder for the matches of ``pattern`` (word-bounded: the guards bind every
    alternative of a pattern written as ``a|b``, not only its first and its last)."""
    def register(fn: Builder) -> Builder:
        source = rf"(?<![\w/.-])(?:{pattern})(?![\w]|-\w)"
        compiled = re.compile(source, flags)
        fast = lowered_pattern(compiled)
        RULES.append((compiled, fn, fast, required_literals(fast) if fast is not None else None))
        return fn
    return register


def cand(match: re.Match[str], kind: str, form: str, **f: Any) -> Cand:
    """A candidate over the whole match."""
    return Cand(match.start(), match.end(), kind, form, dict(f))


def time_fields(text: str | None) -> dict[str, Any]:
    """Hour and minute of a clock time ("10:30 p.m.", "10 a.m.", "noon")."""
    if not text:
        return {}
    t = text.lower().strip()
    if t.startswith(("noon", "midday")):
        return {"hour": 12, "minute": 0}
    if t.startswith("midnight"):
        return {"hour": 24, "minute": 0}
    m = re.match(r"(\d{1,2})(?:[:.](\d\d))?\s*(a\.?m|p\.?m|o'clock|h|hrs)?", t)
    if not m:
        return {}
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    mer = (m.group(3) or "").replace(".", "")
    if mer == "pm" and hour < 12:
        hour += 12
    elif mer == "am" and hour == 12:
        hour = 0
    return {"hour": hour, "minute": minute}


def period_value(n: float | None, unit: str) -> str:
    """A TIMEX3 duration for ``n`` units ("P3D", "P2Y6M", "PT5H30M", "PXY" when n is vague)."""
    codes = {"S": ("T", "S"), "MIN": ("T", "M"), "H": ("T", "H"), "D": ("", "D"), "W": ("", "W"),
             "M": ("", "M"), "Y": ("", "Y"), "DE": ("", "DE"), "CE": ("", "CE"), "Q": ("", "Q"),
             "FN": ("", "W"), "WE": ("", "WE")}
    t, code = codes[unit]
    if n is None:
        return f"P{t}X{code}"
    if unit == "FN":
        n, unit = n * 2, "W"
    if unit == "Q" and not float(n).is_integer():
        n, unit, code = n * 3, "M", "M"
    if unit == "DE":
        n, unit, code = n * 10, "Y", "Y"
    if unit == "CE":
        n, unit, code = n * 100, "Y", "Y"
    if unit == "WE":
        n, unit, code = n * 2, "D", "D"
    if float(n).is_integer():
        return f"P{t}{int(n)}{code}"
    whole, frac = int(n), n - int(n)
    sub = {"Y": (12, "M", ""), "M": (30, "D", ""), "W": (7, "D", ""), "D": (24, "H", "T"),
           "H": (60, "M", ""), "MIN": (60, "S", "")}
    if unit not in sub:
        return f"P{t}{n:g}{code}"
    mult, sub_code, sub_t = sub[unit]
    part = round(frac * mult)
    if unit == "W":
        return f"P{whole * 7 + part}D"
    head = f"P{t}{whole}{code}" if whole else f"P{t}"
    return f"{head}{sub_t}{part}{sub_code}"
