"""Time expression rules: regular expressions over the clean text, one candidate per match.

Each rule finds a surface shape ("14 March 2025", "last week", "two and a half years", "every
Monday", "10 a.m.") and records what it means as a :class:`Cand` (a ``form`` and its fields);
:mod:`storyline.language.timex_anchor` turns a candidate into a TIMEX3 value. Overlapping
candidates are settled in :func:`find_candidates`: the longest wins, then the earliest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Cand", "find_candidates", "parse_amount", "period_value"]


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

_M = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
      r"december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)")
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_WORDNUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three"
            r"|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|"
            r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
_AMOUNT = (rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|{_WORDNUM}(?:\s+hundred)?(?:\s+and\s+a\s+half)?|"
           r"an?(?:\s+and\s+a\s+half)?|half\s+an?|a\s+couple\s+of|a\s+dozen|several|a\s+few|few|"
           r"some|many|a\s+number\s+of|numerous)")
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
         r"decades?|century|centuries)")
_PART = r"(?:morning|afternoon|evening|night|lunchtime|midday|overnight)"
_MOD = (r"(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|"
        r"fewer\s+than|over|under|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|"
        r"no\s+more\s+than|no\s+less\s+than|well\s+over|only|just|barely|a\s+further|another|"
        r"the\s+(?:first|last|past|next|coming|previous|final|following|remaining)|"
        r"(?:the\s+)?(?:last|past|next|first|final|coming|previous|following))")
_EDGE = r"(?:(?:early|late|mid)[-\s]|the\s+(?:end|beginning|start|middle)\s+of\s+)"
_TZ = r"(?:\s*(?-i:[A-Z]{1,3}[SD]?T\b|GMT|UTC|CEST|CET)|\s+local\s+time|\s+Moscow\s+time)?"
_CLOCK = (r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b|"
          r"h\b|hrs\b))?|(?:1[0-2]|0?[1-9])\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b|o'clock)|"
          r"noon|midnight|midday)")

def _norm(word: str) -> str:
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


def _unit(word: str) -> str:
    w = word.lower()
    w = w[:-1] if w.endswith("s") else w
    return UNITS[w]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


# --------------------------------------------------------------------------- rules

Builder = Callable[[re.Match[str], str], Cand | None]
_RULES: list[tuple[re.Pattern[str], Builder]] = []


def rule(pattern: str, flags: int = re.IGNORECASE) -> Callable[[Builder], Builder]:
    """Register a builder for the matches of ``pattern`` (word-bounded)."""
    def register(fn: Builder) -> Builder:
        _RULES.append((re.compile(rf"(?<![\w/.-]){pattern}(?![\w]|-\w)", flags), fn))
        return fn
    return register


def _c(match: re.Match[str], kind: str, form: str, **f: Any) -> Cand:
    return Cand(match.start(), match.end(), kind, form, dict(f))


def _time_fields(text: str | None) -> dict[str, Any]:
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


# Absolute dates ------------------------------------------------------------------------------

_TAIL = rf"(?:(?:\s?,)?\s+(?:at\s+)?(?P<clock>{_CLOCK}){_TZ})?(?:(?:\s?,)?\s+(?P<wd2>{_WD}))?"



_COMMA = r"(?:\s?,)?\s+"  # "14 March, 2025"; tokenised text also has "July 24 , 2003"


@rule(rf"(?:(?P<wd>{_WD}){_COMMA}(?:the\s+)?)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_M}){_COMMA}"
      rf"(?P<y>{_YEAR}){_TAIL}")
@rule(rf"(?:(?P<wd>{_WD}){_COMMA})?(?P<m>{_M})\s+(?P<d>{_DAY}){_COMMA}(?P<y>{_YEAR}){_TAIL}")
def _dmy(m: re.Match[str], text: str) -> Cand | None:
    if not _month_ok(m.group("m"), m, text, with_day=True):
        return None
    return _c(m, "TIME" if m.group("clock") else "DATE", "abs", y=int(m.group("y")),
              m=MONTHS[_norm(m.group("m"))], d=_day(m.group("d")), **_time_fields(m.group("clock")))


@rule(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<clock>[0-2]\d:[0-5]\d)(?::\d\d"
      r"(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")
def _iso(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "TIME" if m.group("clock") else "DATE", "abs", y=int(m.group("y")),
              m=int(m.group("m")), d=int(m.group("d")), **_time_fields(m.group("clock")))


@rule(r"(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<y>\d{4}|\d\d)"
      rf"(?:(?:\s?,)?\s+(?P<clock>{_CLOCK}){_TZ})?")
def _numeric(m: re.Match[str], text: str) -> Cand | None:
    a, b, ys = int(m.group("a")), int(m.group("b")), m.group("y")
    sep = m.group("sep")
    f: dict[str, Any] = {"y": int(ys), "twodigit": len(ys) == 2, **_time_fields(m.group("clock"))}
    if sep == ".":
        f |= {"d": a, "m": b}  # dotted: day first
    elif a > 12:
        f |= {"d": a, "m": b}
    elif b > 12:
        f |= {"d": b, "m": a}
    else:
        f |= {"d": a, "m": b, "swap": a != b}  # ambiguous: the anchor picks the nearer reading
    return _c(m, "TIME" if m.group("clock") else "DATE", "abs", **f)


@rule(r"(?:(?<=\bon\s)|(?<=\bfrom\s)|(?<=\buntil\s)|(?<=\bsince\s)|(?<=\bby\s)|(?<=\bdated\s)|"
      r"(?<=\bam\s))(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?=\s|$)")
def _daymonth_dotted(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DATE", "md", m=int(m.group("m")), d=int(m.group("d")))


# Month and day, month and year, month alone ---------------------------------------------------

@rule(rf"(?:(?P<wd>{_WD})(?:\s?,)?\s+)?(?P<m>{_M})\s+(?P<d>{_DAY})(?!\s*[,:]?\s*\d)(?!\s*%)"
      rf"(?:(?:\s?,)?\s+(?P<wd2>{_WD}))?")
@rule(rf"(?:(?P<wd>{_WD}){_COMMA})?(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_M})"
      r"(?!\s*,?\s*\d)")
def _md(m: re.Match[str], text: str) -> Cand | None:
    mw = m.group("m")
    if not _month_ok(mw, m, text, with_day=True):
        return None
    wd = m.group("wd") or (m.groupdict().get("wd2"))
    return _c(m, "DATE", "md", m=MONTHS[_norm(mw)], d=_day(m.group("d")),
              dow=WEEKDAYS[wd.lower()] if wd else None)


@rule(rf"(?:{_EDGE})?(?P<m>{_M})(?:\s+of)?(?:\s?,)?\s+(?P<y>{_YEAR})")
def _my(m: re.Match[str], text: str) -> Cand | None:
    if not _month_ok(m.group("m"), m, text, with_day=True):
        return None
    return _c(m, "DATE", "ym", y=int(m.group("y")), m=MONTHS[_norm(m.group("m"))])


@rule(rf"(?:(?P<edge>{_EDGE}))?(?:(?P<mod>last|next|this|this\s+past|this\s+coming|coming|past)"
      rf"\s+)?(?P<m>{_M})(?:\s+(?:of\s+)?(?P<rel>last|this|next)\s+year)?")
def _month(m: re.Match[str], text: str) -> Cand | None:
    mw = m.group("m")
    if not re.fullmatch(r"[A-Za-z]+", mw) or len(mw) < 4 and mw.lower() != "may":
        return None
    has_mod = bool(m.group("edge") or m.group("mod") or m.group("rel"))
    if not _month_ok(mw, m, text, with_day=has_mod):
        return None
    mod = (m.group("mod") or "").split()[-1:] or [None]
    shift = {"last": -1, "this": 0, "next": 1, None: None}[(m.group("rel") or "").lower() or None]
    return _c(m, "DATE", "month", m=MONTHS[_norm(mw)], mod=(mod[0] or "").lower() or None,
              yshift=shift)


_MONTH_PREPS = re.compile(r"(?:\b(?:in|since|until|till|by|from|through|before|after|during|of|"
                          r"to|and|or|between|early|late|mid|last|next|this|past|coming|the)"
                          r"\s*-?\s*)$", re.IGNORECASE)


def _month_ok(word: str, m: re.Match[str], text: str, with_day: bool) -> bool:
    """Capitalised month names only; "May" and "March" alone also need a preposition before."""
    if not word[:1].isupper():
        return False
    if word.isupper() and len(word) > 3:  # headline capitals: fine
        return True
    if _norm(word) in ("may", "march", "mar") and not with_day:
        return bool(_MONTH_PREPS.search(text[max(0, m.start() - 12) : m.start()]))
    return True


# Years, decades, centuries ---------------------------------------------------------------------

@rule(rf"(?:(?P<edge>{_EDGE})|(?P<fiscal>fiscal\s+(?:year\s+)?)|the\s+year\s+)?(?P<y>{_YEAR})"
      r"(?P<s>'?s)?")
def _year_rule(m: re.Match[str], text: str) -> Cand | None:
    before = text[max(0, m.start() - 2) : m.start()]
    after = text[m.end() : m.end() + 3]
    if re.search(r"(?:[$£€#]\s?|[,.\d])$", before) or re.match(r"\s?(?:%|[,.]\d|\s*per\s*cent)",
                                                               after):
        return None
    y = int(m.group("y"))
    if m.group("s"):
        return _c(m, "DATE", "decade", y=y) if y % 10 == 0 else None
    pre = text[max(0, m.start() - 8) : m.start()].lower()
    if y < 1900 and not re.search(r"\b(?:in|since|of|until|by|from)\s+$", pre) \
            and not m.group("edge"):
        return None
    return _c(m, "DATE", "abs", y=y, year_only=True)


@rule(r"(?:(?P<edge>(?:early|late|mid)[-\s])\s*)?the\s+(?P<o>\d{1,2})(?:st|nd|rd|th)\s+century")
@rule(r"(?:(?P<edge>(?:early|late|mid)[-\s])\s*)?(?P<o>\d{1,2})(?:st|nd|rd|th)[-\s]century")
def _century(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DATE", "century", c=int(m.group("o")) - 1)


# Weekdays, deictic days, parts of days ---------------------------------------------------------

_TITLE_WORDS = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Independent|"
                          r"Tribune|Observer|Star|Journal|Sport|Sun|Night\s+Live)\b")


@rule(rf"(?:(?P<edge>early|late)\s+(?:on\s+)?)?(?:(?P<mod>last|next|this|this\s+past|"
      rf"this\s+coming|coming|previous|following)\s+)?(?P<wd>{_WD})(?!s\b)(?:'s)?"
      rf"(?:\s+(?P<part>{_PART}))?"
      rf"(?:(?:\s?,)?\s+(?:at\s+)?(?P<clock>{_CLOCK}){_TZ})?")
def _weekday(m: re.Match[str], text: str) -> Cand | None:
    if _TITLE_WORDS.match(text, m.end()):
        return None  # "the Sunday Times"
    mod = (m.group("mod") or "").lower().split()
    mod_word = {"previous": "last", "following": "next", "coming": "next"}.get(
        mod[-1] if mod else "", mod[-1] if mod else None)
    if mod[:1] == ["this"] and len(mod) == 2:
        mod_word = "last" if mod[1] == "past" else "next"
    part = PARTS.get((m.group("part") or "").lower())
    kind = "TIME" if part or m.group("clock") else "DATE"
    end = m.end()
    if m.group(0).endswith("'s") and not m.group("part") and not m.group("clock"):
        end -= 2
    c = _c(m, kind, "weekday", dow=WEEKDAYS[m.group("wd").lower()], mod=mod_word, part=part,
           **_time_fields(m.group("clock")))
    c.end = end
    return c


@rule(rf"(?:(?P<edge>early|late)\s+)?(?P<w>today|tomorrow|yesterday|tonight)(?:'s)?"
      rf"(?:\s+(?P<part>{_PART}))?(?:(?:\s?,)?\s+(?:at\s+)?(?P<clock>{_CLOCK}){_TZ})?")
def _deictic(m: re.Match[str], text: str) -> Cand | None:
    w = m.group("w").lower()
    part = PARTS.get((m.group("part") or "").lower()) or ("NI" if w == "tonight" else None)
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[w]
    kind = "TIME" if part or m.group("clock") else "DATE"
    c = _c(m, kind, "deictic", offset=offset, part=part, **_time_fields(m.group("clock")))
    if m.group(0).endswith("'s"):
        c.end -= 2
    return c


@rule(r"the\s+day\s+(?P<w>before\s+yesterday|after\s+tomorrow)")
def _two_days(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DATE", "deictic", offset=-2 if "before" in m.group("w").lower() else 2)


@rule(rf"(?P<mod>this|last)\s+(?P<part>{_PART})")
def _this_part(m: re.Match[str], text: str) -> Cand | None:
    part = PARTS[m.group("part").lower()]
    last = m.group("mod").lower() == "last"
    if last and part != "NI":
        return None
    return _c(m, "TIME", "deictic", offset=-1 if last else 0, part=part)


# Units relative to now: this week, last month, next year, earlier this year ------------------

@rule(r"(?:(?P<dir>earlier|later)\s+)?(?:(?P<edge>(?:early|late|mid)[-\s]|the\s+(?:end|beginning"
      r"|start|middle|rest|remainder)\s+of\s+)\s*)?(?P<the>the\s+)?(?P<mod>this|last|next|past|"
      r"coming|previous|current|following|this\s+past)\s+(?P<u>week|weekend|month|year|quarter|"
      r"decade|century|spring|summer|autumn|fall|winter)(?!\s*-)")
def _rel_unit(m: re.Match[str], text: str) -> Cand | None:
    mod = m.group("mod").lower().split()[-1]
    the = bool(m.group("the"))
    u = m.group("u").lower()
    if mod in ("following",) or (the and mod in ("next", "previous")):
        return _c(m, "DATE", "after_mention", unit=u, n=1 if mod in ("following", "next") else -1)
    shift = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1,
             "coming": 1}[mod]
    if u in SEASONS:
        return _c(m, "DATE", "season", season=SEASONS[u], mod=mod)
    if u in ("decade", "century") and the and mod in ("past", "last"):
        return _c(m, "DURATION", "duration", n=1, unit=_unit(u))
    return _c(m, "DATE", "rel", unit=u, shift=shift)


@rule(r"(?P<dir>earlier|later)\s+(?:that|the\s+same)\s+(?P<u>day|week|month|year|morning|"
      r"afternoon|evening|night)|(?:that|the\s+same|that\s+same)\s+(?P<u2>day|week|month|year|"
      r"morning|afternoon|evening|night)")
def _that_unit(m: re.Match[str], text: str) -> Cand | None:
    u = (m.group("u") or m.group("u2")).lower()
    part = PARTS.get(u)
    return _c(m, "TIME" if part else "DATE", "after_mention", unit="day" if part else u, n=0,
              part=part)


@rule(r"the\s+(?P<w>next|following|previous|preceding)\s+(?P<u>day|morning|afternoon|evening|"
      r"night)|the\s+(?P<u2>day|night|morning|evening)\s+(?P<w2>before|after)(?!\s+(?:yesterday|"
      r"tomorrow))")
def _next_day(m: re.Match[str], text: str) -> Cand | None:
    w = (m.group("w") or m.group("w2")).lower()
    u = (m.group("u") or m.group("u2")).lower()
    n = 1 if w in ("next", "following", "after") else -1
    part = PARTS.get(u)
    return _c(m, "TIME" if part else "DATE", "after_mention", unit="day", n=n, part=part)


@rule(r"(?:(?P<pre>over|during|at|on|for|through|throughout|across)\s+)?the\s+weekend")
def _the_weekend(m: re.Match[str], text: str) -> Cand | None:
    c = _c(m, "DATE", "weekend")
    c.start = m.end() - len("the weekend")
    return c


@rule(r"the\s+(?:past|last)\s+(?P<u>decade|century)")
def _past_decade(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DURATION", "duration", n=1, unit=_unit(m.group("u")))


_SPELLED_YEAR = (r"nineteen\s+(?:hundred\s+(?:and\s+)?)?(?:" + _WORDNUM + r")|"
                 r"(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?:" + _WORDNUM + r"))?")


@rule(rf"(?:the\s+(?:year\s+)?)?(?P<y>{_SPELLED_YEAR})(?!\s+(?:{_UNIT}|percent|people|dollars))")
def _spelled_year(m: re.Match[str], text: str) -> Cand | None:
    words = m.group("y").lower().replace("-", " ").split()
    if words[0] == "nineteen" and "hundred" not in words:
        rest = parse_amount(" ".join(words[1:]))
        if rest is None or rest < 10:
            return None
        y = 1900 + int(rest)
    else:
        total = parse_amount(" ".join(w for w in words if w not in ("the", "year", "and",
                                                                     "thousand", "hundred")))
        head = 2000 if "thousand" in words else 1900
        y = head + int(total or 0) if words[-1] not in ("thousand",) else head
    return _c(m, "DATE", "abs", y=y, year_only=True)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


@rule(r"(?:(?P<edge>(?:early|late|mid)[-\s])\s*)?(?:the\s+(?:(?:early|late|mid)[-\s]?)?"
      r"(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)|"
      r"(?:the\s+(?:(?:early|late|mid)[-\s]?)?)?[’']?(?P<d>[2-9])0s)")
def _decade_word(m: re.Match[str], text: str) -> Cand | None:
    if re.search(r"\b(?:his|her|their|its|my|your|our)\s+(?:early\s+|late\s+|mid-)?$",
                 text[max(0, m.start() - 16) : m.start()]):
        return None  # an age: "in her 70s"
    d = _DECADE_WORDS[m.group("w").lower()] if m.group("w") else int(m.group("d"))
    return _c(m, "DATE", "decade", y=1900 + 10 * d)


@rule(r"(?:the\s+)?(?:comparable\s+|same\s+)?(?P<w>year-ago|year-earlier|prior-year|year\s+ago|"
      r"year-before)(?:\s+(?:fiscal\s+)?(?:(?P<q>first|second|third|fourth)\s+)?(?P<u>quarter|"
      r"period|results|quarters|months|nine\s+months))?")
def _year_ago(m: re.Match[str], text: str) -> Cand | None:
    q = ORDINALS.get((m.group("q") or "").lower())
    return _c(m, "DATE", "year_ago", q=q, quarterly=(m.group("u") or "").lower() in ("quarter",
                                                                                   "period"))


@rule(rf"the\s+(?P<y>{_YEAR})\s+(?:fiscal\s+)?(?:(?P<q>first|second|third|fourth)\s+)?"
      r"(?P<u>quarter|period|half)")
def _year_period(m: re.Match[str], text: str) -> Cand | None:
    q = ORDINALS.get((m.group("q") or "").lower())
    if q:
        code = "H" if m.group("u").lower() == "half" else "Q"
        return _c(m, "DATE", "abs_period", value=f"{m.group('y')}-{code}{q}")
    return _c(m, "DATE", "year_period", y=int(m.group("y")), quarterly=True)


@rule(r"(?:(?P<dir>earlier|later)\s+in\s+)?the\s+(?P<kind>full\s+|fiscal\s+|current\s+fiscal\s+"
      r"|calendar\s+)?year(?P<ended>\s+(?:ended|ending|to\s+date))?(?!\s*(?:-|before|after|ago|"
      r"earlier|later|\d))")
def _the_year(m: re.Match[str], text: str) -> Cand | None:
    if m.group("ended"):
        c = _c(m, "DURATION", "duration", n=1, unit="Y")
        c.end = m.start("ended")
        return c
    return _c(m, "DATE", "rel", unit="year", shift=0)


@rule(r"(?:the\s+end\s+of\s+(?:the\s+)?year|year[-\s]end|(?:the\s+)?year's\s+end)")
def _year_end(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DATE", "rel", unit="year", shift=0)


_FALL_PREPS = re.compile(r"\b(?:in|during|over|since|until|by|through)\s+(?:the\s+)?"
                         r"(?:early\s+|late\s+)?$", re.IGNORECASE)


@rule(r"(?:(?P<edge>early|late|mid)[-\s]?\s*)?the\s+(?:(?:early|late)\s+)?(?P<s>spring|summer|"
      r"autumn|fall|winter)(?!\s+(?:of\s+)?\d)")
def _the_season(m: re.Match[str], text: str) -> Cand | None:
    before = text[max(0, m.start() - 20) : m.end() - 4]
    if m.group("s").lower() == "fall" and not _FALL_PREPS.search(before):
        return None
    return _c(m, "DATE", "season", season=SEASONS[m.group("s").lower()], mod="the")


# Quarters, halves, seasons, holidays ----------------------------------------------------------

_QWORD = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final)"


@rule(rf"(?:(?P<the>the|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:fiscal\s+)?{_QWORD}"
      rf"[-\s]+(?:fiscal\s+)?(?P<u>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<y>{_YEAR})|"
      r"\s+(?:of\s+)?(?P<rel>last|this|next)\s+year)?")
def _quarter(m: re.Match[str], text: str) -> Cand | None:
    q = ORDINALS[m.group("q").lower()]
    u = m.group("u").lower()
    if u == "half" and q > 2:
        return None
    the = (m.group("the") or "").lower()
    rel = (m.group("rel") or "").lower()
    yshift = {"last": -1, "next": 1}.get(rel or the.split(" ")[0], 0)
    y = int(m.group("y")) if m.group("y") else None
    return _c(m, "DATE", "quarter", q=q, half=u == "half", y=y, yshift=yshift,
              explicit=bool(rel or the.startswith(("this", "last", "next"))))


@rule(r"the\s+(?:latest|most\s+recent|recent|just-ended|past)\s+(?P<u>quarter|period)"
      r"|the\s+quarter(?!\s+(?:of|point|century|mile))")
def _the_quarter(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DATE", "last_quarter")


@rule(rf"(?:(?P<edge>early|late|mid)[-\s]|the\s+)?(?P<s>spring|summer|autumn|fall|winter)"
      rf"\s+(?:of\s+)?(?P<y>{_YEAR})")
def _season_year(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "DATE", "abs_season", y=int(m.group("y")), season=SEASONS[m.group("s").lower()])


HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
            "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
            "thanksgiving day": "thanksgiving", "thanksgiving": "thanksgiving",
            "easter sunday": "easter", "easter": "easter", "halloween": (10, 31),
            "valentine's day": (2, 14), "boxing day": (12, 26)}


@rule(r"(?:(?P<mod>last|next|this)\s+)?(?P<h>Christmas\s+Day|Christmas\s+Eve|Christmas|"
      r"New\s+Year[’']s\s+(?:Day|Eve)|Independence\s+Day|Thanksgiving(?:\s+Day)?|"
      r"Easter(?:\s+Sunday)?|"
      r"Halloween|Valentine[’']s\s+Day|Boxing\s+Day)", flags=0)
def _holiday_cap(m: re.Match[str], text: str) -> Cand | None:
    h = re.sub(r"\s+", " ", m.group("h").lower()).replace("’", "'")
    return _c(m, "DATE", "holiday", h=HOLIDAYS[h], mod=(m.group("mod") or "") or None)


# Durations and offsets --------------------------------------------------------------------------

@rule(rf"(?:(?P<mod>{_MOD})\s+)?(?P<n>{_AMOUNT})[\s-]+(?:more\s+|further\s+|additional\s+)?"
      rf"(?P<u>{_UNIT})\s+(?P<dir>ago|earlier|later|previously|hence|from\s+now|back|"
      r"(?:before|after)(?=\s*[,.;:)]|\s*$))")
def _offset(m: re.Match[str], text: str) -> Cand | None:
    d = m.group("dir").lower()
    n = parse_amount(m.group("n"))
    u = _unit(m.group("u"))
    if d == "since":
        return None
    if d in ("ago", "back", "from now", "hence"):
        sign = 1 if d in ("from now", "hence") else -1
        return _c(m, "DATE", "ago", n=n, unit=u, sign=sign)
    sign = 1 if d in ("later", "after") else -1
    return _c(m, "DATE", "after_mention", unit=u, n=n, sign=sign)


@rule(rf"(?:(?P<mod>{_MOD})\s+)?(?P<n>{_AMOUNT})(?P<sep>[\s-]+)(?:more\s+|further\s+|"
      rf"additional\s+|full\s+|straight\s+|consecutive\s+|long\s+)?(?P<u>{_UNIT})(?:-long)?"
      r"(?!-old|\s+old\b)")
def _duration(m: re.Match[str], text: str) -> Cand | None:
    raw_n = m.group("n").lower()
    u = _unit(m.group("u"))
    n = parse_amount(raw_n)
    if re.fullmatch(r"1\d{3}|20\d\d", raw_n):
        return None  # "the 1988 quarter": a year, not an amount
    if u == "Q" and re.match(r"\s+of\b", text[m.end() :]):
        return None  # "three-quarters of its food": a share
    if u == "S" and not re.match(r"\d|[a-z]+\s", raw_n) and n in (None, 1):
        return None  # "a second", "the second"
    if raw_n in ("a", "an") and not m.group("mod"):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:\d|%|percent|times|once|twice|cent|\$\S*)\s*$", before):
            return _c(m, "SET", "set", value=period_value(1, u))
    if raw_n in ("some", "many", "a number of", "numerous") and not m.group("mod") \
            and not m.group("u").lower().endswith("s"):
        return None
    return _c(m, "DURATION", "duration", n=n, unit=u)


@rule(r"(?P<pre>for|in|over|after|within)\s+(?P<u>years|decades|months|weeks|days|hours|"
      r"centuries)(?!\s+(?:to|ago|later|earlier|before|after)\b)")
def _vague_units(m: re.Match[str], text: str) -> Cand | None:
    c = _c(m, "DURATION", "duration", n=None, unit=_unit(m.group("u")))
    c.start = m.start("u")
    return c


@rule(r"(?:the\s+)?(?P<w>coming|recent|past|next|last|previous)\s+(?P<u>days|weeks|months|years|"
      r"decades)")
def _coming_units(m: re.Match[str], text: str) -> Cand | None:
    if m.group("w").lower() == "recent":
        return _c(m, "DATE", "ref", value="PAST_REF")
    return _c(m, "DURATION", "duration", n=None, unit=_unit(m.group("u")))


# Sets ---------------------------------------------------------------------------------------

_SET_WORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
              "annually": "P1Y", "hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q",
              "biweekly": "P2W", "fortnightly": "P2W"}


@rule(r"(?P<w>daily|weekly|monthly|yearly|annually|hourly|nightly|quarterly|biweekly|"
      r"fortnightly)")
def _set_word(m: re.Match[str], text: str) -> Cand | None:
    if m.group("w")[0].isupper() and re.match(r"\s+[A-Z]", text[m.end() : m.end() + 2]):
        return None  # a title: "the Daily Telegraph"
    return _c(m, "SET", "set", value=_SET_WORDS[m.group("w").lower()])


@rule(rf"(?P<q>every|each)\s+(?:(?P<other>other)\s+|(?P<n>{_AMOUNT})\s+)?(?P<u>day|week|month|"
      rf"year|hour|minute|decade|weekend|morning|afternoon|evening|night|{_WD}|{_M}|days|weeks|"
      r"months|years|hours|minutes)")
def _every(m: re.Match[str], text: str) -> Cand | None:
    u = m.group("u").lower()
    n = 2 if m.group("other") else (parse_amount(m.group("n")) if m.group("n") else 1)
    if u in WEEKDAYS:
        return _c(m, "SET", "set", value=f"XXXX-WXX-{WEEKDAYS[u]}")
    if _norm(u) in MONTHS:
        return _c(m, "SET", "set", value=f"XXXX-{MONTHS[_norm(u)]:02d}")
    if u in PARTS:
        return _c(m, "SET", "set", value=f"XXXX-XX-XXT{PARTS[u]}")
    if u == "weekend":
        return _c(m, "SET", "set", value="XXXX-WXX-WE")
    return _c(m, "SET", "set", value=period_value(n or 1, _unit(u)))


@rule(rf"(?:(?P<q>on|every|each)\s+)?(?P<wd>{_WD})s(?:\s+(?P<part>mornings|afternoons|evenings|"
      r"nights))?")
def _weekdays_plural(m: re.Match[str], text: str) -> Cand | None:
    part = PARTS.get((m.group("part") or "")[:-1].lower())
    value = f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()]}" + (f"T{part}" if part else "")
    c = _c(m, "SET", "set", value=value)
    if (m.group("q") or "").lower() == "on":
        c.start = m.start("wd")
    return c


@rule(rf"(?P<f>once|twice|(?:{_WORDNUM}|\d+)\s+times)\s+(?:a|an|per|each|every)\s+(?P<u>day|"
      r"week|month|year|hour|minute|decade)")
def _frequency(m: re.Match[str], text: str) -> Cand | None:
    return _c(m, "SET", "set", value=period_value(1, _unit(m.group("u"))))


# Times -------------------------------------------------------------------------------------

@rule(rf"(?:(?P<edge>early|late)\s+)?(?P<clock>{_CLOCK}){_TZ}(?:(?:\s?,)?\s+(?P<wd>{_WD}|today|"
      r"tomorrow|yesterday|tonight))?")
def _clock(m: re.Match[str], text: str) -> Cand | None:
    clock = m.group("clock")
    if re.fullmatch(r"\d{1,2}[.:]\d\d", clock):
        before = text[max(0, m.start() - 6) : m.start()]
        sep = ":" if ":" in clock else "."
        if sep == "." or re.search(r"[\d,.:$]\s*$", before) \
                or re.match(r"[.:]?\d|\s*(?:%|per|points|percent)", text[m.end() :]):
            return None
    if re.fullmatch(r"\d{1,2}\.\d\d\s*(?:h|hrs)", clock):
        return None
    f = _time_fields(clock)
    if re.search(r"\b(?:UTC|GMT)\b", m.group(0)):
        f["zone"] = "Z"
    wd = (m.group("wd") or "").lower()
    if wd in WEEKDAYS:
        f["dow"] = WEEKDAYS[wd]
    elif wd:
        f["offset"] = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[wd]
    return _c(m, "TIME", "clock", **f)


# References: now, recently, the future ----------------------------------------------------------

_PAST_REFS = frozenset({"recently", "lately", "the past"})
_FUTURE_REFS = ("future", "term")


@rule(r"(?:right\s+)?now|currently|at\s+present|nowadays|these\s+days|at\s+the\s+moment|recently|"
      r"lately|the\s+past|the\s+(?:near\s+|distant\s+)?future|the\s+present|the\s+(?:near|short)"
      r"\s+term|current")
def _ref(m: re.Match[str], text: str) -> Cand | None:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    after = text[m.end() : m.end() + 12].lower()
    if w in ("the past", "the present", "the future") and re.match(r"\s*(?:'s|\w+\s+(?:years|"
                                                                  r"months|weeks|days))", after):
        return None
    value = "PAST_REF" if w in _PAST_REFS else "FUTURE_REF" if w.endswith(_FUTURE_REFS) \
        else "PRESENT_REF"
    return _c(m, "DATE", "ref", value=value)


# --------------------------------------------------------------------------- units to values


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


# --------------------------------------------------------------------------- matching


def _all_matches(text: str) -> Iterator[Cand]:
    for pattern, build in _RULES:
        for m in pattern.finditer(text):
            cand = build(m, text)
            if cand is not None and cand.end > cand.start:
                cand.f.setdefault("edge", (m.groupdict().get("edge") or "").strip(" -") or None)
                yield cand


def find_candidates(text: str) -> list[Cand]:
    """Every time expression candidate in ``text``, overlaps settled (longest, then earliest)."""
    chosen: list[Cand] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(_all_matches(text), key=lambda c: (c.start - c.end, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)
