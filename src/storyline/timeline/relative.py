"""Time values read against the publication day, with the tense of the clause.

Days and months without a year, weekdays, "today", "last week", seasons, holidays, "the weekend"
and clock times. The tense picks between the last and the next occurrence; with no tense the
nearer one wins with lower confidence and the other as the ``alternative``. Without a
publication date these stay unanchored (a day and month take the last year mentioned, marked
``mentioned``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.timeline.values import (
    UNANCHORED,
    Context,
    Resolved,
    add_months,
    day_or_none,
    holiday_date,
    month,
    nearer,
    quarter,
    week,
    with_part,
)

__all__ = ["RELATIVE_HANDLERS"]


def _md(f: dict, ctx: Context) -> Resolved | None:
    if not any(day_or_none(y, f["m"], f["d"]) for y in (2000, 2001)):  # 31 February, 31 April
        return None
    if ctx.dct is None:
        if ctx.mention_year and day_or_none(ctx.mention_year, f["m"], f["d"]):
            d = day_or_none(ctx.mention_year, f["m"], f["d"])
            return Resolved(d.isoformat(), "mentioned", 0.7)  # type: ignore[union-attr]
        return UNANCHORED
    year = ctx.dct.year
    cands = [d for y in range(year - 1, year + 2) if (d := day_or_none(y, f["m"], f["d"]))]
    if not cands:  # 29 February: the nearest leap years
        cands = [d for y in range(ctx.dct.year - 4, ctx.dct.year + 5)
                 if (d := day_or_none(y, f["m"], f["d"]))]
    if not cands:
        return UNANCHORED
    if f.get("dow"):
        matching = [d for d in cands if d.isoweekday() == f["dow"]]
        if matching:
            best = min(matching, key=lambda d: abs((d - ctx.dct).days))  # type: ignore[operator]
            return Resolved(with_part(best.isoformat(), f), "publication", 0.95)
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
            return Resolved(with_part(past[0].isoformat(), f), "publication", 0.8,
                            with_part(best.isoformat(), f))
    if ctx.tense == "future" and best < dct:
        fut = [d for d in ranked if d >= dct and (d - dct).days <= limit]
        if fut:
            return Resolved(with_part(fut[0].isoformat(), f), "publication", 0.8,
                            with_part(best.isoformat(), f))
    # no tense, or one the nearer reading contradicts: name the nearest reading on the other side
    agrees = ctx.tense == ("future" if best > dct else "past")
    other = next((d for d in ranked[1:] if (d > dct) != (best > dct)), None)
    alt = with_part(other.isoformat(), f) if other is not None and not agrees else None
    return Resolved(with_part(best.isoformat(), f), "publication", 0.9, alt)


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
        return Resolved(with_part(d.isoformat(), f), "publication", 0.9)
    if mod == "next":
        d = fwd if fwd > dct else fwd + timedelta(days=7)
        return Resolved(with_part(d.isoformat(), f), "publication", 0.9)
    if back == fwd:
        return Resolved(with_part(dct.isoformat(), f), "publication", 0.9 if mod else 0.95)
    if ctx.tense == "past":
        return Resolved(with_part(back.isoformat(), f), "publication", 0.9)
    if ctx.tense == "future":
        return Resolved(with_part(fwd.isoformat(), f), "publication", 0.9)
    near, other = nearer(dct, back, fwd)
    return Resolved(with_part(near.isoformat(), f), "publication", 0.6,
                    with_part(other.isoformat(), f))


def _deictic(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    d = ctx.dct + timedelta(days=f["offset"])
    return Resolved(with_part(d.isoformat(), f))


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


def _holiday(f: dict, ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return UNANCHORED
    dct = ctx.dct
    cands = [holiday_date(f["h"], y) for y in (dct.year - 1, dct.year, dct.year + 1)]
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
    alt = res.alternative and with_part(res.alternative[:10], f)
    return Resolved(with_part(res.value[:10], f), res.anchor, res.confidence, alt)


RELATIVE_HANDLERS = {
    "md": _md, "month": _month, "weekday": _weekday, "deictic": _deictic, "rel": _rel,
    "season": _season, "holiday": _holiday, "weekend": _weekend, "clock": _clock,
}
