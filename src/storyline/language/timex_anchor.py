"""Time expression anchoring: a rule's candidate to a TIMEX3 value, with its anchor and certainty.

Relative expressions are resolved against the publication date (``dct``) with the tense of the
sentence: "on Wednesday" in a sentence about a scheduled meeting is the next Wednesday, in a
past-tense report the last one; with no tense the nearer one wins, with lower confidence and the
other reading as the ``alternative``. "Two days later" and "that day" are resolved against the
last date mentioned before them. Without a publication date, relative values stay ``None``
(anchor ``none``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.language.timex_rules import Cand, period_value

__all__ = ["Context", "Resolved", "parse_value", "resolve"]


@dataclass(slots=True)
class Context:
    """What a candidate is resolved against."""

    dct: date | None  # publication date
    tense: str | None = None  # past | future | None (present or unknown)
    mention: str | None = None  # the last date value mentioned before the expression
    mention_year: int | None = None  # the last explicit year mentioned
    sentence_date: str | None = None  # a day-granular date in the same sentence (for clock times)
    last_quarter: str | None = None  # the last quarter mentioned ("2025-Q1"), for "a year ago"


@dataclass(slots=True)
class Resolved:
    """A TIMEX3 value with its anchor, confidence and the other reading when uncertain."""

    value: str | None
    anchor: str = "publication"
    confidence: float = 1.0
    alternative: str | None = None


UNANCHORED = Resolved(None, "none", 0.0)
FAR_FUTURE_YEARS = 30  # absolute dates this far after publication are doubted


# --------------------------------------------------------------------------- calendar helpers


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months (day clipped to the month's length)."""
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    for day in (d.day, 30, 29, 28):
        out = _date(y, m + 1, day)
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


def _nearer(dct: date, back: date, fwd: date) -> tuple[date, date]:
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


def _at(d: date, gran: str) -> str:
    return {"D": d.isoformat(), "W": week(d), "M": month(d), "Q": quarter(d),
            "Y": f"{d.year:04d}"}[gran]


_GRAN_ORDER = "DWMQY"


def _coarser(a: str, b: str) -> str:
    return a if _GRAN_ORDER.index(a) >= _GRAN_ORDER.index(b) else b


def _shift(d: date, n: float, unit: str) -> tuple[date, str]:
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


def _part(value: str | None, f: dict) -> str | None:
    """Append a part of day ("TEV") or a clock time ("T10:00") to a day value."""
    if value is None or len(value) != 10:
        return value
    if f.get("hour") is not None:
        return f"{value}T{f['hour']:02d}:{f.get('minute', 0):02d}{f.get('zone', '')}"
    if f.get("part"):
        return f"{value}T{f['part']}"
    return value


# --------------------------------------------------------------------------- resolution


def resolve(c: Cand, ctx: Context) -> Resolved | None:
    """The value of a candidate, or None when it names an impossible date."""
    try:
        return _HANDLERS[c.form](c.f, ctx)
    except (OverflowError, ValueError, IndexError):  # arithmetic past year 1 or 9999
        return UNANCHORED


def _abs(f: dict, ctx: Context) -> Resolved | None:
    y = f["y"]
    conf, alt = 1.0, None
    if f.get("twodigit"):
        y, conf = _pivot(y, ctx.dct), 0.8
    if f.get("year_only"):
        return Resolved(f"{y:04d}", "absolute")
    d = _date(y, f["m"], f["d"])
    if d is None:
        return None
    if f.get("swap"):
        other = _date(y, f["d"], f["m"])
        if other is not None:
            if ctx.dct and abs((other - ctx.dct).days) < abs((d - ctx.dct).days):
                d, other = other, d
            conf, alt = 0.5, _part(other.isoformat(), f)
    if ctx.dct and d.year > ctx.dct.year + FAR_FUTURE_YEARS:
        conf = min(conf, 0.5)
    return Resolved(_part(d.isoformat(), f), "absolute", conf, alt)


def _pivot(yy: int, dct: date | None) -> int:
    """A two-digit year in the century that puts it nearest the publication (or 1950-2049)."""
    ref = dct.year if dct else 2000
    best = min((c * 100 + yy for c in (ref // 100 - 1, ref // 100, ref // 100 + 1)),
               key=lambda y: abs(y - ref) + (100 if y > ref + 20 else 0))
    return best


def _md(f: dict, ctx: Context) -> Resolved | None:
    if not any(_date(y, f["m"], f["d"]) for y in (2000, 2001)):  # 31 February, 31 April
        return None
    if ctx.dct is None:
        if ctx.mention_year and _date(ctx.mention_year, f["m"], f["d"]):
            d = _date(ctx.mention_year, f["m"], f["d"])
            return Resolved(d.isoformat(), "mentioned", 0.7)  # type: ignore[union-attr]
        return UNANCHORED
    year = ctx.dct.year
    cands = [d for y in range(year - 1, year + 2) if (d := _date(y, f["m"], f["d"]))]
    if not cands:  # 29 February: the nearest leap years
        cands = [d for y in range(ctx.dct.year - 4, ctx.dct.year + 5)
                 if (d := _date(y, f["m"], f["d"]))]
    if not cands:
        return UNANCHORED
    if f.get("dow"):
        matching = [d for d in cands if d.isoweekday() == f["dow"]]
        if matching:
            best = min(matching, key=lambda d: abs((d - ctx.dct).days))  # type: ignore[operator]
            return Resolved(_part(best.isoformat(), f), "publication", 0.95)
    return _by_tense(cands, ctx, f, limit=300)


def _by_tense(cands: list[date], ctx: Context, f: dict, limit: int) -> Resolved:
    """The nearest reading, unless the tense points the other way and that reading is close."""
    dct = ctx.dct
    assert dct is not None
    ranked = sorted(cands, key=lambda d: (abs((d - dct).days), d > dct))
    best = ranked[0]
    if ctx.tense == "past" and best > dct:
        past = [d for d in ranked if d <= dct and (dct - d).days <= limit]
        if past:
            return Resolved(_part(past[0].isoformat(), f), "publication", 0.8,
                            _part(best.isoformat(), f))
    if ctx.tense == "future" and best < dct:
        fut = [d for d in ranked if d >= dct and (d - dct).days <= limit]
        if fut:
            return Resolved(_part(fut[0].isoformat(), f), "publication", 0.8,
                            _part(best.isoformat(), f))
    return Resolved(_part(best.isoformat(), f), "publication", 0.9)


def _ym(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['y']:04d}-{f['m']:02d}", "absolute")


def _month(f: dict, ctx: Context) -> Resolved | None:
    m = f["m"]
    if ctx.dct is None:
        if ctx.mention_year:
            return Resolved(f"{ctx.mention_year:04d}-{m:02d}", "mentioned", 0.7)
        return UNANCHORED
    y, cur = ctx.dct.year, ctx.dct.month
    if f.get("yshift") is not None:
        return Resolved(f"{y + f['yshift']:04d}-{m:02d}")
    mod = f.get("mod")
    if mod == "last" or mod == "past":
        return Resolved(f"{y if m < cur else y - 1:04d}-{m:02d}")
    if mod in ("next", "coming"):
        return Resolved(f"{y if m > cur else y + 1:04d}-{m:02d}")
    if mod == "this":
        return Resolved(f"{y:04d}-{m:02d}")
    cands = [date(yy, m, 1) for yy in (y - 1, y, y + 1)]
    here = date(y, cur, 1)
    res = _by_tense(cands, Context(here, ctx.tense), {}, limit=366)
    return Resolved(res.value[:7] if res.value else None, "publication", res.confidence,
                    res.alternative[:7] if res.alternative else None)


def _weekday(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    dct, dow = ctx.dct, f["dow"]
    back = dct - timedelta(days=(dct.isoweekday() - dow) % 7)
    fwd = dct + timedelta(days=(dow - dct.isoweekday()) % 7)
    mod = f.get("mod")
    if mod == "last":
        d = back if back < dct else back - timedelta(days=7)
        return Resolved(_part(d.isoformat(), f), "publication", 0.9)
    if mod == "next":
        d = fwd if fwd > dct else fwd + timedelta(days=7)
        return Resolved(_part(d.isoformat(), f), "publication", 0.9)
    if back == fwd:
        return Resolved(_part(dct.isoformat(), f), "publication", 0.9 if mod else 0.95)
    if ctx.tense == "past":
        return Resolved(_part(back.isoformat(), f), "publication", 0.9)
    if ctx.tense == "future":
        return Resolved(_part(fwd.isoformat(), f), "publication", 0.9)
    near, other = _nearer(dct, back, fwd)
    return Resolved(_part(near.isoformat(), f), "publication", 0.6,
                    _part(other.isoformat(), f))


def _deictic(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    d = ctx.dct + timedelta(days=f["offset"])
    return Resolved(_part(d.isoformat(), f))


_UNIT_GRAN = {"week": "W", "weekend": "W", "month": "M", "quarter": "Q", "year": "Y",
              "decade": "Y", "century": "Y", "day": "D"}


def _rel(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    unit, shift, dct = f["unit"], f["shift"], ctx.dct
    if unit in ("week", "weekend"):
        if unit == "weekend" and shift == 0 and ctx.tense == "past" and dct.isoweekday() < 6:
            shift = -1
        d = dct + timedelta(days=7 * shift)
        return Resolved(week(d) + ("-WE" if unit == "weekend" else ""))
    if unit == "month":
        return Resolved(month(add_months(dct, shift)))
    if unit == "quarter":
        return Resolved(quarter(add_months(dct, 3 * shift)))
    if unit == "year":
        return Resolved(f"{dct.year + shift:04d}")
    if unit == "decade":
        return Resolved(f"{dct.year // 10 + shift:03d}")
    return Resolved(f"{dct.year // 100 + shift:02d}")


_SEASON_ORDER = ["SP", "SU", "FA", "WI"]


def _season(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    m, y = ctx.dct.month, ctx.dct.year
    idx = {12: 3, 1: 3, 2: 3}.get(m, (m - 3) // 3)
    if m in (1, 2):
        y -= 1
    target = _SEASON_ORDER.index(f["season"])
    mod = f.get("mod")
    if mod in ("last", "past", "previous"):
        steps = (idx - target) % 4 or 4
        pos = y * 4 + idx - steps
    elif mod in ("next", "coming"):
        steps = (target - idx) % 4 or 4
        pos = y * 4 + idx + steps
    elif mod == "the" and ctx.tense in ("past", "future") and target != idx:
        steps = (idx - target) % 4 if ctx.tense == "past" else -((target - idx) % 4)
        pos = y * 4 + idx - steps
    else:
        pos = y * 4 + target
    return Resolved(f"{pos // 4:04d}-{_SEASON_ORDER[pos % 4]}")


def _abs_season(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['y']:04d}-{f['season']}", "absolute")


def _after_mention(f: dict, ctx: Context) -> Resolved | None:
    """ "two days later", "that day", "the following week": moved from the last mentioned date."""
    base = parse_value(ctx.mention)
    anchor, conf = "mentioned", 0.9
    if base is None:
        if ctx.dct is None:
            return UNANCHORED
        base, anchor, conf = (ctx.dct, "D"), "publication", 0.5
    d, gran = base
    unit = f["unit"]
    code = {"day": "D", "week": "W", "weekend": "W", "month": "M", "quarter": "Q", "year": "Y",
            "decade": "DE", "century": "CE"}.get(unit, unit)
    n = f.get("n")
    if n is None:  # "a few days later": only the coarser period is known
        vague = {"D": "M", "W": "M", "M": "Y", "Q": "Y", "Y": "Y"}.get(code, "Y")
        return Resolved(_at(d, _coarser(gran, vague)), anchor, conf * 0.6)
    if code == "Y" and n == 1 and ctx.last_quarter and gran in ("Q", "Y"):
        d, gran = parse_value(ctx.last_quarter) or (d, gran)
    if code == "Y" and gran == "Q":
        code, n = "Q", n * 4
    moved, unit_gran = _shift(d, n * f.get("sign", 1), code if code != "Q" else "Q")
    if code in ("D",) or (code == "W" and gran == "D" and unit not in ("week", "weekend")):
        unit_gran = "D"
    out = _at(moved, _coarser(gran, unit_gran))
    return Resolved(_part(out, f), anchor, conf)


def _ago(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    n = f.get("n")
    if n is None:
        return Resolved("PAST_REF" if f["sign"] < 0 else "FUTURE_REF", "publication", 0.8)
    base = parse_value(ctx.last_quarter)
    if f["unit"] == "Y" and n == 1 and base and abs((base[0] - ctx.dct).days) < 370:
        return Resolved(quarter(add_months(base[0], 12 * f["sign"])), "mentioned", 0.8)
    moved, gran = _shift(ctx.dct, n * f["sign"], f["unit"])
    conf = 1.0 if float(n).is_integer() else 0.8
    return Resolved(_at(moved, gran), "publication", conf)


def _quarter(f: dict, ctx: Context) -> Resolved | None:
    q, code = f["q"], "H" if f.get("half") else "Q"
    if f.get("y"):
        return Resolved(f"{f['y']:04d}-{code}{q}", "absolute")
    if ctx.dct is None:
        return UNANCHORED
    y = ctx.dct.year + f.get("yshift", 0)
    current = (ctx.dct.month - 1) // (6 if code == "H" else 3) + 1
    if not f.get("explicit") and q > current and (ctx.tense == "past" or (
            ctx.tense is None and q - current >= 2)):
        y -= 1
    return Resolved(f"{y:04d}-{code}{q}")


def _last_quarter(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    return Resolved(quarter(add_months(ctx.dct, -3)), "publication", 0.7)


def _easter(y: int) -> date:
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


def _holiday_date(h: object, y: int) -> date:
    if h == "easter":
        return _easter(y)
    if h == "thanksgiving":
        first = date(y, 11, 1)
        return first + timedelta(days=(4 - first.isoweekday()) % 7 + 21)
    m, d = h  # type: ignore[misc]
    return date(y, m, d)


def _holiday(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    dct = ctx.dct
    cands = [_holiday_date(f["h"], y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if f.get("mod") == "last":
        return Resolved(max(d for d in cands if d < dct).isoformat())
    if f.get("mod") == "next":
        return Resolved(min(d for d in cands if d > dct).isoformat())
    if f.get("mod") == "this":
        return Resolved(cands[1].isoformat())
    return _by_tense(cands, ctx, {}, limit=300)


def _weekend(f: dict, ctx: Context) -> Resolved | None:
    """ "the weekend": the one just past in a past-tense clause, else the coming one."""
    if ctx.dct is None:
        return UNANCHORED
    dct = ctx.dct
    if dct.isoweekday() >= 6:
        return Resolved(week(dct) + "-WE", "publication", 0.9)
    shift = -7 if ctx.tense == "past" or (ctx.tense is None and dct.isoweekday() <= 2) else 0
    conf = 0.9 if ctx.tense else 0.6
    return Resolved(week(dct + timedelta(days=shift)) + "-WE", "publication", conf)


def _year_ago(f: dict, ctx: Context) -> Resolved | None:
    """ "the year-ago quarter", "year-earlier": the period mentioned, a year back."""
    if f.get("q"):
        res = _quarter({"q": f["q"]}, ctx)
        if res is None or not res.value or res.value[0] == "X":
            return res
        return Resolved(f"{int(res.value[:4]) - 1:04d}{res.value[4:]}", res.anchor, 0.8)
    base = parse_value(ctx.last_quarter) or parse_value(ctx.mention)
    if base is not None:
        d, gran = base
        if gran == "Q":
            return Resolved(quarter(add_months(d, -12)), "mentioned", 0.8)
        if not f.get("quarterly"):
            return Resolved(f"{d.year - 1:04d}", "mentioned", 0.7)
    if ctx.dct is None:
        return UNANCHORED
    if f.get("quarterly"):
        return Resolved(quarter(add_months(ctx.dct, -15)), "publication", 0.6)
    return Resolved(f"{ctx.dct.year - 1:04d}", "publication", 0.6)


def _year_period(f: dict, ctx: Context) -> Resolved | None:
    """ "the 1988 period": the mentioned quarter in that year, or the year."""
    base = parse_value(ctx.last_quarter)
    if base is not None:
        return Resolved(f"{f['y']:04d}-Q{(base[0].month - 1) // 3 + 1}", "mentioned", 0.8)
    if f.get("quarterly") and ctx.dct is not None:
        return Resolved(f"{f['y']:04d}-{quarter(add_months(ctx.dct, -3))[5:]}", "publication", 0.6)
    return Resolved(f"{f['y']:04d}", "absolute", 0.8)


def _abs_period(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f["value"], "absolute")


def _duration(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(period_value(f.get("n"), f["unit"]), "absolute")


def _set(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f["value"], "absolute") if f.get("value") else None


def _clock(f: dict, ctx: Context) -> Resolved | None:
    if f.get("dow"):
        res = _weekday({"dow": f["dow"]}, ctx)
    elif f.get("offset") is not None:
        res = _deictic({"offset": f["offset"]}, ctx)
    elif ctx.sentence_date:
        res = Resolved(ctx.sentence_date[:10], "mentioned", 0.9)
    elif ctx.mention and re.match(r"\d{4}-\d\d-\d\d", ctx.mention):
        res = Resolved(ctx.mention[:10], "mentioned", 0.7)  # the day the story is at
    elif ctx.dct is not None:
        res = Resolved(ctx.dct.isoformat(), "publication", 0.6)
    else:
        return UNANCHORED
    if res is None or res.value is None:
        return res
    alt = res.alternative and _part(res.alternative[:10], f)
    return Resolved(_part(res.value[:10], f), res.anchor, res.confidence, alt)


def _ref(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f["value"], "publication" if ctx.dct else "none", 0.8)


def _decade(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['y'] // 10:03d}", "absolute")


def _century(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['c']:02d}", "absolute")


_HANDLERS = {
    "abs": _abs, "md": _md, "ym": _ym, "month": _month, "weekday": _weekday,
    "deictic": _deictic, "rel": _rel, "season": _season, "abs_season": _abs_season,
    "after_mention": _after_mention, "ago": _ago, "quarter": _quarter,
    "last_quarter": _last_quarter, "holiday": _holiday, "duration": _duration, "set": _set,
    "clock": _clock, "ref": _ref, "decade": _decade, "century": _century,
    "weekend": _weekend, "year_ago": _year_ago, "year_period": _year_period,
    "abs_period": _abs_period,
}
