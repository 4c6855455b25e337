"""Time rules for calendar dates: absolute dates, months, years, weekdays, days relative to now.

Importing the module registers its rules (see :func:`storyline.timeline.grammar.rule`).
Dates in words other than English and calendars other than the Gregorian are not handled.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.timeline.grammar import (
    CLOCK,
    COMMA,
    DAY,
    EDGE,
    MONTH,
    MONTHS,
    ORDINALS,
    PART,
    PARTS,
    SEASONS,
    TZ,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    WORDNUM,
    YEAR,
    Cand,
    cand,
    day_number,
    norm,
    parse_amount,
    rule,
    time_fields,
    unit_code,
)

__all__: list[str] = []  # rules register themselves on import


# Absolute dates ------------------------------------------------------------------------------

_TAIL = rf"(?:(?:\s?,)?\s+(?:at\s+)?(?P<clock>{CLOCK}){TZ})?(?:(?:\s?,)?\s+(?P<wd2>{WEEKDAY}))?"


@rule(rf"(?:(?P<wd>{WEEKDAY}){COMMA}(?:the\s+)?)?(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{MONTH}){COMMA}"
      rf"(?P<y>{YEAR}){_TAIL}")
@rule(rf"(?:(?P<wd>{WEEKDAY}){COMMA})?(?P<m>{MONTH})\s+(?P<d>{DAY}){COMMA}(?P<y>{YEAR}){_TAIL}")
def _dmy(m: re.Match[str], text: str) -> Cand | None:
    if not _month_ok(m.group("m"), m, text, with_day=True):
        return None
    return cand(m, "TIME" if m.group("clock") else "DATE", "abs", y=int(m.group("y")),
                m=MONTHS[norm(m.group("m"))], d=day_number(m.group("d")),
                  **time_fields(m.group("clock")))


@rule(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<clock>[0-2]\d:[0-5]\d)(?::\d\d"
      r"(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")
def _iso(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "TIME" if m.group("clock") else "DATE", "abs", y=int(m.group("y")),
                m=int(m.group("m")), d=int(m.group("d")), **time_fields(m.group("clock")))


@rule(r"(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d\d)"
      rf"(?:(?:\s?,)?\s+(?P<clock>{CLOCK}){TZ})?")
def _numeric(m: re.Match[str], text: str) -> Cand | None:
    a, b, ys = int(m.group("a")), int(m.group("b")), m.group("y")
    sep = m.group("sep")
    f: dict[str, Any] = {"y": int(ys), "twodigit": len(ys) == 2, **time_fields(m.group("clock"))}
    if sep == ".":
        f |= {"d": a, "m": b}  # dotted: day first
    elif a > 12:
        f |= {"d": a, "m": b, "order": "dm"}
    elif b > 12:
        f |= {"d": b, "m": a, "order": "md"}
    else:
        f |= {"d": a, "m": b, "swap": a != b}  # ambiguous: the anchor picks the nearer reading
    return cand(m, "TIME" if m.group("clock") else "DATE", "abs", **f)


@rule(r"(?:(?<=\bon\s)|(?<=\bfrom\s)|(?<=\buntil\s)|(?<=\bsince\s)|(?<=\bby\s)|(?<=\bdated\s)|"
      r"(?<=\bam\s))(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?=\s|$)")
def _daymonth_dotted(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DATE", "md", m=int(m.group("m")), d=int(m.group("d")))


# Month and day, month and year, month alone ---------------------------------------------------

@rule(rf"(?:(?P<wd>{WEEKDAY})(?:\s?,)?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAY})(?!\s*[,:]?\s*\d)(?!\s*%)"
      rf"(?:(?:\s?,)?\s+(?P<wd2>{WEEKDAY}))?")
@rule(rf"(?:(?P<wd>{WEEKDAY}){COMMA})?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{MONTH})"
      r"(?!\s*,?\s*\d)")
def _md(m: re.Match[str], text: str) -> Cand | None:
    mw = m.group("m")
    if not _month_ok(mw, m, text, with_day=True):
        return None
    wd = m.group("wd") or (m.groupdict().get("wd2"))
    return cand(m, "DATE", "md", m=MONTHS[norm(mw)], d=day_number(m.group("d")),
                dow=WEEKDAYS[wd.lower()] if wd else None)


@rule(rf"(?:{EDGE})?(?P<m>{MONTH})(?:\s+of)?(?:\s?,)?\s+(?P<y>{YEAR})")
def _my(m: re.Match[str], text: str) -> Cand | None:
    if not _month_ok(m.group("m"), m, text, with_day=True):
        return None
    return cand(m, "DATE", "ym", y=int(m.group("y")), m=MONTHS[norm(m.group("m"))])


@rule(rf"(?:(?P<edge>{EDGE}))?(?:(?P<mod>last|next|this|this\s+past|this\s+coming|coming|past)"
      rf"\s+)?(?P<m>{MONTH})(?:\s+(?:of\s+)?(?P<rel>last|this|next)\s+year)?")
def _month(m: re.Match[str], text: str) -> Cand | None:
    mw = m.group("m")
    if not re.fullmatch(r"[A-Za-z]+", mw) or len(mw) < 4 and mw.lower() != "may":
        return None
    has_mod = bool(m.group("edge") or m.group("mod") or m.group("rel"))
    if not _month_ok(mw, m, text, with_day=has_mod):
        return None
    mod = (m.group("mod") or "").split()[-1:] or [None]
    shift = {"last": -1, "this": 0, "next": 1, None: None}[(m.group("rel") or "").lower() or None]
    return cand(m, "DATE", "month", m=MONTHS[norm(mw)], mod=(mod[0] or "").lower() or None,
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
    if norm(word) in ("may", "march", "mar") and not with_day:
        return bool(_MONTH_PREPS.search(text[max(0, m.start() - 12) : m.start()]))
    return True


# Years, decades, centuries ---------------------------------------------------------------------

@rule(rf"(?:(?P<edge>{EDGE})|(?P<fiscal>fiscal\s+(?:year\s+)?)|the\s+year\s+)?(?P<y>{YEAR})"
      r"(?P<s>'?s)?")
def _year_rule(m: re.Match[str], text: str) -> Cand | None:
    before = text[max(0, m.start() - 2) : m.start()]
    after = text[m.end() : m.end() + 3]
    if re.search(r"(?:[$£€#]\s?|[,.\d])$", before) or re.match(r"\s?(?:%|[,.]\d|\s*per\s*cent)",
                                                               after):
        return None
    y = int(m.group("y"))
    if m.group("s"):
        return cand(m, "DATE", "decade", y=y) if y % 10 == 0 else None
    pre = text[max(0, m.start() - 8) : m.start()].lower()
    if y < 1900 and not re.search(r"\b(?:in|since|of|until|by|from)\s+$", pre) \
            and not m.group("edge"):
        return None
    return cand(m, "DATE", "abs", y=y, year_only=True)


@rule(r"(?:(?P<edge>(?:early|late|mid)[-\s])\s*)?the\s+(?P<o>\d{1,2})(?:st|nd|rd|th)\s+century")
@rule(r"(?:(?P<edge>(?:early|late|mid)[-\s])\s*)?(?P<o>\d{1,2})(?:st|nd|rd|th)[-\s]century")
def _century(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DATE", "century", c=int(m.group("o")) - 1)


# Weekdays, deictic days, parts of days ---------------------------------------------------------

_TITLE_WORDS = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Independent|"
                          r"Tribune|Observer|Star|Journal|Sport|Sun|Night\s+Live)\b")


@rule(rf"(?:(?P<edge>early|late)\s+(?:on\s+)?)?(?:(?P<mod>last|next|this|this\s+past|"
      rf"this\s+coming|coming|previous|following)\s+)?(?P<wd>{WEEKDAY})(?!s\b)(?:'s)?"
      rf"(?:\s+(?P<part>{PART}))?"
      rf"(?:(?:\s?,)?\s+(?:at\s+)?(?P<clock>{CLOCK}){TZ})?")
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
    c = cand(m, kind, "weekday", dow=WEEKDAYS[m.group("wd").lower()], mod=mod_word, part=part,
             **time_fields(m.group("clock")))
    c.end = end
    return c


@rule(rf"(?:(?P<edge>early|late)\s+)?(?P<w>today|tomorrow|yesterday|tonight)(?:'s)?"
      rf"(?:\s+(?P<part>{PART}))?(?:(?:\s?,)?\s+(?:at\s+)?(?P<clock>{CLOCK}){TZ})?")
def _deictic(m: re.Match[str], text: str) -> Cand | None:
    w = m.group("w").lower()
    part = PARTS.get((m.group("part") or "").lower()) or ("NI" if w == "tonight" else None)
    offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[w]
    kind = "TIME" if part or m.group("clock") else "DATE"
    c = cand(m, kind, "deictic", offset=offset, part=part, **time_fields(m.group("clock")))
    if m.group(0).endswith("'s"):
        c.end -= 2
    return c


@rule(r"the\s+day\s+(?P<w>before\s+yesterday|after\s+tomorrow)")
def _two_days(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DATE", "deictic", offset=-2 if "before" in m.group("w").lower() else 2)


@rule(rf"(?P<mod>this|last)\s+(?P<part>{PART})")
def _this_part(m: re.Match[str], text: str) -> Cand | None:
    part = PARTS[m.group("part").lower()]
    last = m.group("mod").lower() == "last"
    if last and part != "NI":
        return None
    return cand(m, "TIME", "deictic", offset=-1 if last else 0, part=part)


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
        return cand(m, "DATE", "after_mention", unit=u, n=1 if mod in ("following", "next") else -1)
    shift = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1,
             "coming": 1}[mod]
    if u in SEASONS:
        return cand(m, "DATE", "season", season=SEASONS[u], mod=mod)
    if u in ("decade", "century") and the and mod in ("past", "last"):
        return cand(m, "DURATION", "duration", n=1, unit=unit_code(u))
    return cand(m, "DATE", "rel", unit=u, shift=shift)


@rule(r"(?P<dir>earlier|later)\s+(?:that|the\s+same)\s+(?P<u>day|week|month|year|morning|"
      r"afternoon|evening|night)|(?:that|the\s+same|that\s+same)\s+(?P<u2>day|week|month|year|"
      r"morning|afternoon|evening|night)")
def _that_unit(m: re.Match[str], text: str) -> Cand | None:
    u = (m.group("u") or m.group("u2")).lower()
    part = PARTS.get(u)
    return cand(m, "TIME" if part else "DATE", "after_mention", unit="day" if part else u, n=0,
                part=part)


@rule(r"the\s+(?P<w>next|following|previous|preceding)\s+(?P<u>day|morning|afternoon|evening|"
      r"night)|the\s+(?P<u2>day|night|morning|evening)\s+(?P<w2>before|after)(?!\s+(?:yesterday|"
      r"tomorrow))")
def _next_day(m: re.Match[str], text: str) -> Cand | None:
    w = (m.group("w") or m.group("w2")).lower()
    u = (m.group("u") or m.group("u2")).lower()
    n = 1 if w in ("next", "following", "after") else -1
    part = PARTS.get(u)
    return cand(m, "TIME" if part else "DATE", "after_mention", unit="day", n=n, part=part)


@rule(r"(?:(?P<pre>over|during|at|on|for|through|throughout|across)\s+)?the\s+weekend")
def _the_weekend(m: re.Match[str], text: str) -> Cand | None:
    c = cand(m, "DATE", "weekend")
    c.start = m.end() - len("the weekend")
    return c


@rule(r"the\s+(?:past|last)\s+(?P<u>decade|century)")
def _past_decade(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DURATION", "duration", n=1, unit=unit_code(m.group("u")))


_SPELLED_YEAR = (r"nineteen\s+(?:hundred\s+(?:and\s+)?)?(?:" + WORDNUM + r")|"
                 r"(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?:" + WORDNUM + r"))?")


@rule(rf"(?:the\s+(?:year\s+)?)?(?P<y>{_SPELLED_YEAR})(?!\s+(?:{UNIT}|percent|people|dollars))")
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
    return cand(m, "DATE", "abs", y=y, year_only=True)


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
    return cand(m, "DATE", "decade", y=1900 + 10 * d)


@rule(r"(?:the\s+)?(?:comparable\s+|same\s+)?(?P<w>year-ago|year-earlier|prior-year|year\s+ago|"
      r"year-before)(?:\s+(?:fiscal\s+)?(?:(?P<q>first|second|third|fourth)\s+)?(?P<u>quarter|"
      r"period|results|quarters|months|nine\s+months))?")
def _year_ago(m: re.Match[str], text: str) -> Cand | None:
    q = ORDINALS.get((m.group("q") or "").lower())
    quarterly = (m.group("u") or "").lower() in ("quarter", "period")
    return cand(m, "DATE", "year_ago", q=q, quarterly=quarterly)


@rule(rf"the\s+(?P<y>{YEAR})\s+(?:fiscal\s+)?(?:(?P<q>first|second|third|fourth)\s+)?"
      r"(?P<u>quarter|period|half)")
def _year_period(m: re.Match[str], text: str) -> Cand | None:
    q = ORDINALS.get((m.group("q") or "").lower())
    if q:
        code = "H" if m.group("u").lower() == "half" else "Q"
        return cand(m, "DATE", "abs_period", value=f"{m.group('y')}-{code}{q}")
    return cand(m, "DATE", "year_period", y=int(m.group("y")), quarterly=True)


@rule(r"(?:(?P<dir>earlier|later)\s+in\s+)?the\s+(?P<kind>full\s+|fiscal\s+|current\s+fiscal\s+"
      r"|calendar\s+)?year(?P<ended>\s+(?:ended|ending|to\s+date))?(?!\s*(?:-|before|after|ago|"
      r"earlier|later|\d))")
def _the_year(m: re.Match[str], text: str) -> Cand | None:
    if m.group("ended"):
        c = cand(m, "DURATION", "duration", n=1, unit="Y")
        c.end = m.start("ended")
        return c
    return cand(m, "DATE", "rel", unit="year", shift=0)


@rule(r"(?:the\s+end\s+of\s+(?:the\s+)?year|year[-\s]end|(?:the\s+)?year's\s+end)")
def _year_end(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DATE", "rel", unit="year", shift=0)


_FALL_PREPS = re.compile(r"\b(?:in|during|over|since|until|by|through)\s+(?:the\s+)?"
                         r"(?:early\s+|late\s+)?$", re.IGNORECASE)


@rule(r"(?:(?P<edge>early|late|mid)[-\s]?\s*)?the\s+(?:(?:early|late)\s+)?(?P<s>spring|summer|"
      r"autumn|fall|winter)(?!\s+(?:of\s+)?\d)")
def _the_season(m: re.Match[str], text: str) -> Cand | None:
    before = text[max(0, m.start() - 20) : m.end() - 4]
    if m.group("s").lower() == "fall" and not _FALL_PREPS.search(before):
        return None
    return cand(m, "DATE", "season", season=SEASONS[m.group("s").lower()], mod="the")
