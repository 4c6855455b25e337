"""Time rules for periods, durations, sets, clock times and vague references.

Quarters and halves, seasons with a year, holidays, "three days" and "two weeks later", "every
Monday" and "weekly", "10 a.m.", "now" and "recently". Importing the module registers its rules
after the date rules (order breaks ties between equally long candidates). Holidays are
Western ones only.
"""

from __future__ import annotations

import re

from storyline.timeline.grammar import (
    AMOUNT,
    CLOCK,
    MOD,
    MONTH,
    MONTHS,
    ORDINALS,
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
    norm,
    parse_amount,
    period_value,
    rule,
    time_fields,
    unit_code,
)

__all__: list[str] = []  # rules register themselves on import


# Quarters, halves, seasons, holidays ----------------------------------------------------------

_QWORD = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final)"


@rule(rf"(?:(?P<the>the|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:fiscal\s+)?{_QWORD}"
      rf"[-\s]+(?:fiscal\s+)?(?P<u>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR})|"
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
    return cand(m, "DATE", "quarter", q=q, half=u == "half", y=y, yshift=yshift,
                explicit=bool(rel or the.startswith(("this", "last", "next"))))


@rule(r"the\s+(?:latest|most\s+recent|recent|just-ended|past)\s+(?P<u>quarter|period)"
      r"|the\s+quarter(?!\s+(?:of|point|century|mile))")
def _the_quarter(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DATE", "last_quarter")


@rule(rf"(?:(?P<edge>early|late|mid)[-\s]|the\s+)?(?P<s>spring|summer|autumn|fall|winter)"
      rf"\s+(?:of\s+)?(?P<y>{YEAR})")
def _season_year(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "DATE", "abs_season", y=int(m.group("y")), season=SEASONS[m.group("s").lower()])


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
    return cand(m, "DATE", "holiday", h=HOLIDAYS[h], mod=(m.group("mod") or "") or None)


# Durations and offsets --------------------------------------------------------------------------

@rule(rf"(?:(?P<mod>{MOD})\s+)?(?P<n>{AMOUNT})[\s-]+(?:more\s+|further\s+|additional\s+)?"
      rf"(?P<u>{UNIT})\s+(?P<dir>ago|earlier|later|previously|hence|from\s+now|back|"
      r"(?:before|after)(?=\s*[,.;:)]|\s*$))")
def _offset(m: re.Match[str], text: str) -> Cand | None:
    d = m.group("dir").lower()
    n = parse_amount(m.group("n"))
    u = unit_code(m.group("u"))
    if d == "since":
        return None
    if d in ("ago", "back", "from now", "hence"):
        sign = 1 if d in ("from now", "hence") else -1
        return cand(m, "DATE", "ago", n=n, unit=u, sign=sign)
    sign = 1 if d in ("later", "after") else -1
    return cand(m, "DATE", "after_mention", unit=u, n=n, sign=sign)


@rule(rf"(?:(?P<mod>{MOD})\s+)?(?P<n>{AMOUNT})(?P<sep>[\s-]+)(?:more\s+|further\s+|"
      rf"additional\s+|full\s+|straight\s+|consecutive\s+|long\s+)?(?P<u>{UNIT})(?:-long)?"
      r"(?!-old|\s+old\b)")
def _duration(m: re.Match[str], text: str) -> Cand | None:
    raw_n = m.group("n").lower()
    u = unit_code(m.group("u"))
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
            return cand(m, "SET", "set", value=period_value(1, u))
    if raw_n in ("some", "many", "a number of", "numerous") and not m.group("mod") \
            and not m.group("u").lower().endswith("s"):
        return None
    return cand(m, "DURATION", "duration", n=n, unit=u)


@rule(r"(?P<pre>for|in|over|after|within)\s+(?P<u>years|decades|months|weeks|days|hours|"
      r"centuries)(?!\s+(?:to|ago|later|earlier|before|after)\b)")
def _vague_units(m: re.Match[str], text: str) -> Cand | None:
    c = cand(m, "DURATION", "duration", n=None, unit=unit_code(m.group("u")))
    c.start = m.start("u")
    return c


@rule(r"(?:the\s+)?(?P<w>coming|recent|past|next|last|previous)\s+(?P<u>days|weeks|months|years|"
      r"decades)")
def _coming_units(m: re.Match[str], text: str) -> Cand | None:
    if m.group("w").lower() == "recent":
        return cand(m, "DATE", "ref", value="PAST_REF")
    return cand(m, "DURATION", "duration", n=None, unit=unit_code(m.group("u")))


# Sets ---------------------------------------------------------------------------------------

_SET_WORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
              "annually": "P1Y", "hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q",
              "biweekly": "P2W", "fortnightly": "P2W"}


@rule(r"(?P<w>daily|weekly|monthly|yearly|annually|hourly|nightly|quarterly|biweekly|"
      r"fortnightly)")
def _set_word(m: re.Match[str], text: str) -> Cand | None:
    if m.group("w")[0].isupper() and re.match(r"\s+[A-Z]", text[m.end() : m.end() + 2]):
        return None  # a title: "the Daily Telegraph"
    return cand(m, "SET", "set", value=_SET_WORDS[m.group("w").lower()])


@rule(rf"(?P<q>every|each)\s+(?:(?P<other>other)\s+|(?P<n>{AMOUNT})\s+)?(?P<u>day|week|month|"
      rf"year|hour|minute|decade|weekend|morning|afternoon|evening|night|{WEEKDAY}|{MONTH}|days|weeks|"
      r"months|years|hours|minutes)")
def _every(m: re.Match[str], text: str) -> Cand | None:
    u = m.group("u").lower()
    n = 2 if m.group("other") else (parse_amount(m.group("n")) if m.group("n") else 1)
    if u in WEEKDAYS:
        return cand(m, "SET", "set", value=f"XXXX-WXX-{WEEKDAYS[u]}")
    if norm(u) in MONTHS:
        return cand(m, "SET", "set", value=f"XXXX-{MONTHS[norm(u)]:02d}")
    if u in PARTS:
        return cand(m, "SET", "set", value=f"XXXX-XX-XXT{PARTS[u]}")
    if u == "weekend":
        return cand(m, "SET", "set", value="XXXX-WXX-WE")
    return cand(m, "SET", "set", value=period_value(n or 1, unit_code(u)))


@rule(rf"(?:(?P<q>on|every|each)\s+)?(?P<wd>{WEEKDAY})s(?:\s+(?P<part>mornings|afternoons|evenings|"
      r"nights))?")
def _weekdays_plural(m: re.Match[str], text: str) -> Cand | None:
    part = PARTS.get((m.group("part") or "")[:-1].lower())
    value = f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()]}" + (f"T{part}" if part else "")
    c = cand(m, "SET", "set", value=value)
    if (m.group("q") or "").lower() == "on":
        c.start = m.start("wd")
    return c


@rule(rf"(?P<f>once|twice|(?:{WORDNUM}|\d+)\s+times)\s+(?:a|an|per|each|every)\s+(?P<u>day|"
      r"week|month|year|hour|minute|decade)")
def _frequency(m: re.Match[str], text: str) -> Cand | None:
    return cand(m, "SET", "set", value=period_value(1, unit_code(m.group("u"))))


# Times -------------------------------------------------------------------------------------

@rule(rf"(?:(?P<edge>early|late)\s+)?(?P<clock>{CLOCK}){TZ}(?:(?:\s?,)?\s+(?P<wd>{WEEKDAY}|today|"
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
    f = time_fields(clock)
    if re.search(r"\b(?:UTC|GMT)\b", m.group(0)):
        f["zone"] = "Z"
    wd = (m.group("wd") or "").lower()
    if wd in WEEKDAYS:
        f["dow"] = WEEKDAYS[wd]
    elif wd:
        f["offset"] = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[wd]
    return cand(m, "TIME", "clock", **f)


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
    return cand(m, "DATE", "ref", value=value)


# --------------------------------------------------------------------------- units to values
