"""Quantities in text and when two of them can both be true.

A quantity is a number as written ("Some 12,000", "more than two years", "3,000 to 3,500",
"9 percent", "90k") read into an interval: an exact count is itself, a round number
("12,000", "40") stands for anything within 5 %, an approximate one ("about", "some",
"almost") for anything within 10 %, "more than X" for anything above X, "fewer than X" for
anything below, a range for its span. Durations ("two and a half years") are measured in days
and read 10 % loosely. Two quantities are compatible when their intervals meet; quantities of
different kinds (a percentage and a count) never conflict.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_SUFFIX = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, **_SCALES}
_DAYS = {"year": 365.25, "month": 30.44, "week": 7.0, "day": 1.0, "hour": 1 / 24,
         "minute": 1 / 1440, "decade": 3652.5}
_MONTHS = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
))
APPROX = ("about", "around", "roughly", "approximately", "some", "nearly", "almost",
          "close to", "an estimated", "estimated", "circa", "approx", "just under", "just over")
MORE = ("more than", "over", "at least", "upwards of", "in excess of", "above", "exceeding",
        "greater than", "no fewer than", "no less than")
LESS = ("less than", "fewer than", "under", "below", "up to", "at most", "no more than")
_NOT_ONE_AFTER = frozenset(("of", "another", "or", "way", "side", "thing", "time", "more", "less"))
_NOT_ONE_BEFORE = frozenset(("no", "any", "every", "each", "this", "that", "the", "which", "some"))
_NOT_NOUNS = frozenset((
    "of", "on", "in", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as", "were",
    "was", "are", "is", "had", "have", "has", "will", "would", "who", "which", "that", "the",
    "a", "an", "more", "less", "per", "than", "people's",
))
_YEAR_BEFORE = frozenset((
    "in", "since", "of", "until", "by", "from", "to", "before", "after", "early", "late", "mid",
    "and", "the", "summer", "spring", "autumn", "winter", "year",
))

_DIGITS = re.compile(
    r"(?<![\w.,/:])(?<![A-Za-z]-)(?P<cur>[$€£])?\s?(?:(?<=[$€£ ])(?:US|AU|NZ|HK|C|A)(?=\d))?"
    r"(?P<num>\d{1,3}(?:,\d{3}| , \d{3})+(?![\d])(?:\.\d+| \. \d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])"
    r"|\d+(?:\.\d+| \. \d+(?! ?[.:/]))?)"
    r"(?:\s?(?P<suf>k|m|bn)\b|\s(?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"(?P<ord>st|nd|rd|th)?(?![\w.]\d)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_RANGE = re.compile(r"^\s*(?:-|–|—|to|and)\s*$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number read from text, as an interval with its unit and the thing it counts."""

    text: str
    start: int
    end: int
    value: float  # as written ("two and a half years": 2.5)
    lo: float  # the interval, in the unit's measure (days for durations)
    hi: float
    unit: str = ""  # "" (a count) | "%" | "$" "€" "£" | "duration" (days) | "age"
    noun: str = ""  # the word after it ("dockworkers", "people")
    qualifier: str = ""  # "" | "~" | ">" | "<" | "range"
    phrase: str = ""  # up to five words after it, for matching what is counted
    top: float = 0.0  # a range's upper value as written


def normalise(q: Quantity) -> str:
    """The plain form of a quantity: "12000", "2.5", "9%", "3000-3500"."""
    def fmt(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    body = f"{fmt(q.value)}-{fmt(q.top)}" if q.qualifier == "range" else fmt(q.value)
    if q.unit == "%":
        return body + "%"
    if q.unit in ("$", "€", "£"):
        return q.unit + body
    return body


def _fold(text: str) -> str:
    return text.casefold().replace("\u2019", "'")


def _is_round(v: float) -> bool:
    if v < 10 or not float(v).is_integer():
        return False
    digits = len(str(int(v)))
    return int(v) % (10 ** max(1, digits - 2)) == 0


def _qualifier(before: str) -> str:
    tail = " " + " ".join(re.findall(r"[a-z]+", _fold(before))[-3:])  # quotes in between
    for words, mark in ((LESS, "<"), (MORE, ">"), (APPROX, "~")):
        if any(tail.endswith(" " + w) for w in words):
            return mark
    return ""


def _interval(value: float, qualifier: str, unit: str) -> tuple[float, float]:
    slack = 0.10 if qualifier == "~" or unit == "duration" else 0.05 if _is_round(value) else 0.0
    lo, hi = value * (1 - slack), value * (1 + slack)
    if qualifier == ">":
        return value, math.inf
    if qualifier == "<":
        return 0.0, value
    return lo, hi


def _words_after(text: str, end: int, n: int = 5) -> list[str]:
    out = []
    for m in _WORD.finditer(text, end):
        gap = text[end : m.start()]
        if any(c in gap for c in ".,;:!?()\n\u201d\"") or len(out) >= n:
            break
        out.append(m.group(0))
        end = m.end()
    return out


def _unit(text: str, start: int, end: int, cur: str | None) -> tuple[str, str, float]:
    """(unit, counted noun, multiplier to the unit's measure) for a number at start..end."""
    if cur:
        return cur, "", 1.0
    rest = text[end:]
    hyphen = re.match(r"-(year|month|week|day|hour|minute)s?(-old)?\b", rest, re.IGNORECASE)
    if hyphen:
        if hyphen.group(2):
            return "age", "", 1.0
        return "duration", hyphen.group(1).lower(), _DAYS[hyphen.group(1).lower()]
    if re.match(r"\s?(%|per ?cent\b|percentage points?\b)", rest, re.IGNORECASE):
        return "%", "", 1.0
    words = _words_after(text, end, 2)
    noun = words[0].casefold() if words else ""
    noun = "" if noun in _NOT_NOUNS else noun
    money = re.match(r"\s?(euro|dollar|pound)s?\b", rest, re.IGNORECASE)
    if money:
        return {"euro": "€", "dollar": "$", "pound": "£"}[money.group(1).lower()], "", 1.0
    single = noun[:-1] if noun.endswith("s") else noun
    if single in _DAYS:
        return "duration", single, _DAYS[single]
    return "", noun, 1.0


def _skip(text: str, start: int, end: int, value: float, raw: str) -> bool:
    """Dates, times, years, identifiers ("Terminal 2") and ordinals are not quantities."""
    before = text[max(0, start - 24) : start]
    after = text[end : end + 12]
    adj_prev = re.search(r"([A-Za-z]+)\.?\s+$", before)  # "Dec. 21"
    adj_next = re.match(r"\s+([A-Za-z]+)", after)
    prev = adj_prev.group(1).casefold() if adj_prev else ""
    nxt = adj_next.group(1).casefold() if adj_next else ""
    if re.match(r"\s?(a\.m\.|p\.m\.|am\b|pm\b|:\d|h\d\d|gmt|utc)", after, re.IGNORECASE):
        return True
    if prev in _MONTHS or nxt in _MONTHS:
        return True
    ident = re.search(r"([A-Z][A-Za-z-]*) $", before)
    if ident and not _qualifier(before):
        head = before[: ident.start()].rstrip()
        if head and head[-1] not in ".!?\"\u201c\u2014\u2013-(\n":
            return True  # "Terminal 2", "Route 66"
    if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
        return not nxt or nxt in _YEAR_BEFORE or prev in _YEAR_BEFORE
    return False


def _digit_quantities(text: str) -> list[Quantity]:
    found = []
    for m in _DIGITS.finditer(text):
        if m.group("ord"):
            continue
        raw = m.group("num")
        value = float(re.sub(r"[,\s\u00a0\u202f]", "", raw))  # "230 , 000" and "6 . 1" too
        scale = m.group("suf") or m.group("scale")
        if scale:
            value *= _SUFFIX[scale.lower()]
        start = m.start("cur") if m.group("cur") else m.start("num")
        if not scale and _skip(text, start, m.end(), value, raw):
            continue
        found.append(_make(text, start, m.end(), value, m.group("cur")))
    return found


def _word_value(words: list[re.Match[str]], i: int) -> tuple[float, int] | None:
    """The value of a run of number words starting at ``words[i]``, and where it ends."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(words):
        w = words[j].group(0).casefold()
        if _number_word(w):
            current += sum(_UNITS.get(p, 0) + _TENS.get(p, 0) for p in w.split("-"))
            seen = True
        elif w in _SCALES and seen:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0.0
        elif w == "and" and j + 1 < len(words) and words[j - 1].group(0).casefold() in _SCALES \
                and \
                words[j + 1].group(0).casefold() in {**_UNITS, **_TENS}:
            pass
        elif w == "and" and seen and j + 2 < len(words) and \
                [x.group(0).casefold() for x in words[j + 1 : j + 3]] == ["a", "half"]:
            current += 0.5
            j += 3
            break
        else:
            break
        j += 1
    return (total + current, j) if seen else None


@functools.lru_cache(maxsize=1 << 16)
def _number_word(folded: str) -> bool:
    """Whether a case-folded word is a number word ("seven", "twenty-one")."""
    parts = folded.split("-")
    return len(parts) <= 2 and all(p in _UNITS or p in _TENS for p in parts)


def _may_start(word: str) -> bool:
    """Whether a run of number words can start at ``word`` (:func:`_word_value` takes a
    first step only from a number word or an "and"): the other words are skipped at once."""
    w = word.casefold()
    return w == "and" or _number_word(w)


def _word_quantities(text: str) -> list[Quantity]:
    words = list(_WORD.finditer(text))
    found, i = [], 0
    while i < len(words):
        if not _may_start(words[i].group(0)):
            i += 1
            continue
        got = _word_value(words, i)
        if got is None:
            i += 1
            continue
        value, j = got
        first = words[i].group(0).casefold()
        prev = words[i - 1].group(0).casefold() if i else ""
        nxt = words[j].group(0).casefold() if j < len(words) else ""
        lone_one = first == "one" and j == i + 1
        if not (lone_one and (nxt in _NOT_ONE_AFTER or prev in _NOT_ONE_BEFORE or not nxt)):
            found.append(_make(text, words[i].start(), words[j - 1].end(), value, None))
        i = j
    return found


def _make(text: str, start: int, end: int, value: float, cur: str | None) -> Quantity:
    unit, noun, mult = _unit(text, start, end, cur)
    qual = _qualifier(text[max(0, start - 30) : start])
    lo, hi = _interval(value * mult, qual, unit)
    phrase = " ".join(_words_after(text, end)).casefold()
    return Quantity(text[start:end], start, end, value, lo, hi, unit, noun, qual, phrase)


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """Join "3,000 to 3,500" and "between 3,000 and 3,500" into one range."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if prev and prev.unit in (q.unit, "") and _RANGE.match(text[prev.end : q.start]) and \
                prev.value < q.value and not prev.qualifier:
            joiner = text[prev.end : q.start].strip()
            if joiner != "and" or _fold(text[: prev.start]).rstrip().endswith("between"):
                mult = _DAYS.get(q.noun, 1.0) if q.unit == "duration" else 1.0
                low, hi = prev.value * mult, q.hi if q.qualifier else q.value * mult
                out[-1] = Quantity(text[prev.start : q.end], prev.start, q.end, prev.value, low,
                                   hi, q.unit, q.noun, "range", q.phrase, q.value)
                continue
        out.append(q)
    return out


# texts of up to this many characters have their quantities remembered, the last
# REMEMBERED_TEXTS of them: a claim's sentence is read when the claim is made and again when
# its story's claims are grouped, in the same process when a build annotates its articles itself
REMEMBERED_CHARS = 2_000
REMEMBERED_TEXTS = 32_768


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in a text, in order (years, dates, times and ordinals left out)."""
    if len(text) > REMEMBERED_CHARS:
        return _read_quantities(text)
    return list(_remembered_quantities(text))


@functools.lru_cache(maxsize=REMEMBERED_TEXTS)
def _remembered_quantities(text: str) -> tuple[Quantity, ...]:
    return tuple(_read_quantities(text))


def _read_quantities(text: str) -> list[Quantity]:
    found = sorted(_digit_quantities(text) + _word_quantities(text), key=lambda q: q.start)
    return _ranges(text, found)


def parse_quantity(phrase: str) -> Quantity | None:
    """The first quantity in a short phrase."""
    found = find_quantities(phrase)
    return found[0] if found else None


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities can both be true (different units never conflict); a figure
    given more precisely that rounds to the other ("35.7 percent" / "36 percent") fits it."""
    if a.unit != b.unit:
        return True
    if a.lo <= b.hi and b.lo <= a.hi:
        return True
    return _rounds_to(a, b) or _rounds_to(b, a)


def _decimals(q: Quantity) -> int | None:
    """Decimal places of an exact figure in digits as written ("35.7" -> 1); None otherwise."""
    m = re.search(r"\d+(?:\s?\.\s?(\d+))?", q.text)
    if m is None or q.qualifier or re.search(r"[A-Za-z]", q.text.split(m.group(0))[-1][:1]):
        return None
    return len(m.group(1)) if m.group(1) else 0


def _rounds_to(precise: Quantity, plain: Quantity) -> bool:
    """Whether ``precise`` rounded to ``plain``'s decimal places is ``plain``."""
    dp, dq = _decimals(precise), _decimals(plain)
    if dp is None or dq is None or dp <= dq:
        return False
    return math.isclose(round(precise.value, dq), plain.value)


def numbers_compatible(a: str, b: str) -> bool:
    """Whether two number phrases ("more than 3,000", "3,150") can both be true."""
    qa, qb = parse_quantity(a), parse_quantity(b)
    return qa is None or qb is None or compatible(qa, qb)


def durations_compatible(a: str, b: str) -> bool:
    """Whether two duration phrases ("more than two years", "two and a half years") agree."""
    return numbers_compatible(a, b)


def _day_range(value: str) -> tuple[str, str] | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m or (len(value) > 4 and value[4:5] == "-" and value[5:6] in "WQSHFT"):
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if d:
        return f"{y}-{mo}-{d}", f"{y}-{mo}-{d}"
    if mo:
        return f"{y}-{mo}-01", f"{y}-{mo}-31"
    return f"{y}-01-01", f"{y}-12-31"


def dates_compatible(a: str, b: str) -> bool:
    """Whether two TIMEX values can name the same time ("2025-03" holds "2025-03-18")."""
    ra, rb = _day_range(a), _day_range(b)
    if ra is None or rb is None:
        return True
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def is_day(value: str) -> bool:
    """Whether a TIMEX value names one calendar day (times of day included)."""
    return bool(re.match(r"^\d{4}-\d{2}-\d{2}(?:$|T)", value))


__all__ = [
    "Quantity",
    "compatible",
    "dates_compatible",
    "durations_compatible",
    "find_quantities",
    "is_day",
    "normalise",
    "numbers_compatible",
    "parse_quantity",
]
