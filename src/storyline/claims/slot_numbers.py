"""The ``number`` and ``duration`` slots: counts of one thing that cannot both be right.

Two quantities count the same kind of thing when unit and counted noun agree (one noun may end
the other, or sit in the other's phrase). Rounded numbers, "about", "more than" and ranges are
compatible (:mod:`storyline.claims.quantities`). Not handled: one thing counted under two unrelated
nouns ("12,000 strikers" / "10,000 members"), which are taken for two things.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from storyline.claims.group import ClaimView, stem
from storyline.claims.quantities import Quantity, compatible, normalise
from storyline.claims.slots import BARS, COUNTED_BAR, FUTURE, WORD, Value

__all__ = ["counted_conflict", "number_conflict", "quantity_key", "same_day_pairs"]

_CROWD = 100  # a count this large of one group on one day is one figure, told twice
_GENERIC = frozenset(stem(w) for w in (
    "people", "persons", "person", "men", "women", "children", "residents", "others", "times",
    "more", "other", "new", "additional", "extra", "further", "of"))


def _same_thing(x: Quantity, y: Quantity) -> bool:
    """Whether two quantities count the same kind of thing."""
    if x.unit != y.unit:
        return False
    if not x.noun or not y.noun or x.unit == "duration":
        return x.noun == y.noun
    nx, ny = stem(x.noun), stem(y.noun)
    in_phrase = nx in {stem(w) for w in WORD.findall(y.phrase)} or \
        ny in {stem(w) for w in WORD.findall(x.phrase)}
    return nx == ny or nx.endswith(ny) or ny.endswith(nx) or in_phrase


def number_conflict(a: ClaimView, b: ClaimView, sim: float,
                    unit: str) -> tuple[Value, Value] | None:
    """A counted quantity on which the claims cannot both be right."""
    xs = [q for q in a.quantities if (q.unit == "duration") == (unit == "duration")]
    ys = [q for q in b.quantities if (q.unit == "duration") == (unit == "duration")]
    slot = "duration" if unit else "number"
    same_day = bool(a.days and a.days == b.days)
    for x in xs:
        partners = [y for y in ys if _same_thing(x, y)]
        if not partners or any(compatible(x, y) for y in partners):
            continue
        y = partners[0]
        if any(compatible(z, y) for z in xs if _same_thing(z, y)):
            continue
        counted = slot == "number" and same_day and not _generic(x) and _near(x, y)
        if sim >= BARS[slot] or (counted and sim >= COUNTED_BAR):
            return (quantity_key(x), x.text), (quantity_key(y), y.text)
    return None


def _near(x: Quantity, y: Quantity) -> bool:
    """Of one order: two differing counts of one thing (not "two" dead and "3,000" moved)."""
    low, high = sorted((x.value, y.value))
    return low > 0 and high / low <= 1.6


def same_day_pairs(items: Sequence[ClaimView]) -> list[tuple[ClaimView, ClaimView]]:
    """Pairs of claims from different articles that name one and the same single day."""
    by_day: dict[str, list[ClaimView]] = defaultdict(list)
    for v in items:
        if len(v.days) == 1 and any(q.noun and not q.unit for q in v.quantities):
            by_day[next(iter(v.days))].append(v)
    return [(a, b) for day in sorted(by_day) for n, a in enumerate(by_day[day])
            for b in by_day[day][n + 1 :] if a.article.id != b.article.id]


def counted_conflict(a: ClaimView, b: ClaimView) -> tuple[Value, Value] | None:
    """Two differing counts of one specific group on one day, however differently told.

    "Some 12,000 dockworkers walked off the job on Monday" / "10,000 members of the Dockworkers'
    Union stayed away from work on Monday": the claims share a name, the counted noun is no
    general word ("people", "residents"), both counts are at least :data:`_CROWD` and of one
    order, neither claim speaks of plans, and no count of one side fits the other.
    """
    if not (a.names & b.names) or FUTURE.search(a.text) or FUTURE.search(b.text):
        return None
    for x in a.quantities:
        if x.unit or x.value < _CROWD or _generic(x):
            continue
        for y in b.quantities:
            if y.unit or y.value < _CROWD or _generic(y) or not _same_thing(x, y):
                continue
            if compatible(x, y) or not _near(x, y):
                continue
            if any(compatible(z, y) for z in a.quantities if _same_thing(z, y)) or \
                    any(compatible(z, x) for z in b.quantities if _same_thing(z, x)):
                continue
            return (quantity_key(x), x.text), (quantity_key(y), y.text)
    return None


def _generic(q: Quantity) -> bool:
    return not q.noun or stem(q.noun) in _GENERIC


def quantity_key(q: Quantity) -> str:
    return f"{q.unit}:{normalise(q)}"
