"""Time expression anchoring: a rule's candidate to a TIMEX3 value, with its anchor and certainty.

Relative expressions are resolved against the publication date (``dct``) with the tense of the
sentence: "on Wednesday" in a sentence about a scheduled meeting is the next Wednesday, in a
past-tense report the last one; with no tense the nearer one wins, with lower confidence and the
other reading as the ``alternative``. "Two days later" and "that day" are resolved against the
last date mentioned before them. Without a publication date, relative values stay ``None``
(anchor ``none``).

This module holds absolute values and values moved from a mention ("two days later", "a year
ago", quarters); :mod:`storyline.timeline.relative` resolves the ones read against the
publication day, and :mod:`storyline.timeline.values` the calendar arithmetic.
"""

from __future__ import annotations

from datetime import date

from storyline.timeline.relative import RELATIVE_HANDLERS
from storyline.timeline.rules import Cand, period_value
from storyline.timeline.values import (
    UNANCHORED,
    Context,
    Resolved,
    add_months,
    at_granularity,
    coarser,
    day_or_none,
    parse_value,
    quarter,
    shift,
    with_part,
)

__all__ = ["Context", "Resolved", "parse_value", "resolve"]

FAR_FUTURE_YEARS = 30  # absolute dates this far after publication are doubted


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
    d = day_or_none(y, f["m"], f["d"])
    if d is None:
        return None
    if f.get("swap"):
        other = day_or_none(y, f["d"], f["m"])
        if other is not None:
            if ctx.day_first is not None:  # the text's own convention ("12/25/2024" elsewhere)
                if not ctx.day_first:
                    d, other = other, d
                conf = 0.8
            else:  # none known: the reading nearer the publication
                if ctx.dct and abs((other - ctx.dct).days) < abs((d - ctx.dct).days):
                    d, other = other, d
                conf = 0.5
            alt = with_part(other.isoformat(), f)
    if ctx.dct and d.year > ctx.dct.year + FAR_FUTURE_YEARS:
        conf = min(conf, 0.5)
    return Resolved(with_part(d.isoformat(), f), "absolute", conf, alt)


def _pivot(yy: int, dct: date | None) -> int:
    """A two-digit year in the century that puts it nearest the publication (or 1950-2049)."""
    ref = dct.year if dct else 2000
    best = min((c * 100 + yy for c in (ref // 100 - 1, ref // 100, ref // 100 + 1)),
               key=lambda y: abs(y - ref) + (100 if y > ref + 20 else 0))
    return best


def _ym(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['y']:04d}-{f['m']:02d}", "absolute")


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
        return Resolved(at_granularity(d, coarser(gran, vague)), anchor, conf * 0.6)
    if code == "Y" and n == 1 and ctx.last_quarter and gran in ("Q", "Y"):
        d, gran = parse_value(ctx.last_quarter) or (d, gran)
    if code == "Y" and gran == "Q":
        code, n = "Q", n * 4
    moved, unit_gran = shift(d, n * f.get("sign", 1), code if code != "Q" else "Q")
    if code in ("D",) or (code == "W" and gran == "D" and unit not in ("week", "weekend")):
        unit_gran = "D"
    out = at_granularity(moved, coarser(gran, unit_gran))
    return Resolved(with_part(out, f), anchor, conf)


def _ago(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    n = f.get("n")
    if n is None:
        return Resolved("PAST_REF" if f["sign"] < 0 else "FUTURE_REF", "publication", 0.8)
    base = parse_value(ctx.last_quarter)
    if f["unit"] == "Y" and n == 1 and base and abs((base[0] - ctx.dct).days) < 370:
        return Resolved(quarter(add_months(base[0], 12 * f["sign"])), "mentioned", 0.8)
    moved, gran = shift(ctx.dct, n * f["sign"], f["unit"])
    conf = 1.0 if float(n).is_integer() else 0.8
    return Resolved(at_granularity(moved, gran), "publication", conf)


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


def _ref(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f["value"], "publication" if ctx.dct else "none", 0.8)


def _decade(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['y'] // 10:03d}", "absolute")


def _century(f: dict, ctx: Context) -> Resolved | None:
    return Resolved(f"{f['c']:02d}", "absolute")


_HANDLERS = RELATIVE_HANDLERS | {
    "abs": _abs, "ym": _ym, "abs_season": _abs_season, "after_mention": _after_mention,
    "ago": _ago, "quarter": _quarter, "last_quarter": _last_quarter, "duration": _duration,
    "set": _set, "ref": _ref, "decade": _decade, "century": _century, "year_ago": _year_ago,
    "year_period": _year_period, "abs_period": _abs_period,
}
