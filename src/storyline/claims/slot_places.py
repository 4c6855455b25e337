"""The ``place`` slot: where something happened, told differently by two claims.

Not handled: places given without "in", "at", "near", "outside" or "inside" before them, and
places written differently for one place. A claim that names two days ("today", "yesterday",
a weekday) is left out: its place may be of either moment.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from storyline.claims.group import ClaimView, similarity, stem
from storyline.claims.headline_conflicts import nested_places
from storyline.claims.quantities import dates_compatible
from storyline.claims.slots import BARS, FUTURE, WORD, Value
from storyline.common.places import SAYING_PLACE

__all__ = ["may_place", "place_conflict", "share_names_but_places"]

_PLACE_SAME = 0.7  # words shared, places aside, by two claims placing one thing differently
# the place follows on the same line: "talks in Geneva\n\nMOSCOW, February 9" gives no
# locative to the dateline's city
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside)[ \t]+(?:the[ \t]+)?(?:[\w'-]+[ \t]+){0,3}$", re.IGNORECASE)


_DAY_WORDS = re.compile(r"\b(today|yesterday|tomorrow|tonight|monday|tuesday|wednesday|"
                        r"thursday|friday|saturday|sunday)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def _moments(text: str) -> int:
    """How many different days a claim names: a claim of two moments may place either
    (remembered: a claim is paired with many others)."""
    return len({m.group(1).casefold() for m in _DAY_WORDS.finditer(text)})


_SPACING = re.compile(r"[\s\-\u2010-\u2013]+")


def _place_key(place: str) -> str:
    """A place as compared: its first five letters, case, hyphens and spaces aside
    ("West-Germany" is "West Germany")."""
    return _squeezed(place)[:5]


def _squeezed(text: str) -> str:
    return _SPACING.sub("", text).casefold()


def _locations(v: ClaimView) -> dict[str, str]:
    """Places the claim says something happened in or at (key -> name as written)."""
    return dict(_located(v.text, tuple(v.claim.places)))


@functools.lru_cache(maxsize=1 << 16)
def _located(text: str, places: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """:func:`_locations` of a claim's text and places (remembered: a claim is paired with
    many others)."""
    out = {}
    for place in places:
        for m in re.finditer(re.escape(place), text):
            before = text[: m.start()][-40:]
            if _LOCATIVE.search(before) and not SAYING_PLACE.search(before):
                out[_place_key(place)] = place
                break
    return tuple(out.items())


def may_place(a: ClaimView, b: ClaimView) -> bool:
    """Whether two claims can be a place conflict at all: both name a place (the first test
    of :func:`place_conflict`)."""
    return bool(a.claim.places) and bool(b.claim.places)


def place_conflict(a: ClaimView, b: ClaimView, sim: float,
                   texts: Sequence[str]) -> tuple[Value, Value] | None:
    """Different places for the same thing: on the same day, or told in otherwise the same words.

    ``texts``: the story's article texts. Places named by both claims are left out; each claim
    must keep a place the other does not name anywhere. Two claims on the same day need the
    place bar only. Claims with no day, or with days that agree, must be near-identical once
    their places are set aside (the same verb, no name apart from the places that only one of
    them has), say nothing of plans, and no sentence of the story may name both places
    (several can each be right: "rallies in Boston and Chicago").
    """
    if not may_place(a, b):
        return None  # (most pairs: a claim that names no place gives none)
    if _moments(a.text) > 1 or _moments(b.text) > 1:
        return None  # "bought in Tokyo today, and yesterday through the Fed in New York"
    la, lb = _locations(a), _locations(b)
    only_a = {k: v for k, v in la.items() if k not in lb and k not in _squeezed(b.text)}
    only_b = {k: v for k, v in lb.items() if k not in la and k not in _squeezed(a.text)}
    if not only_a or not only_b:
        return None
    pa, pb = min(only_a.values()), min(only_b.values())
    if a.days and a.days == b.days:
        if sim < BARS["place"] or la.keys() & lb.keys():
            return None
    elif not _same_but_places(a, b, la, lb) or _named_together(pa, pb, texts):
        return None
    if nested_places(pa, pb, texts):
        return None
    return (pa.casefold(), pa), (pb.casefold(), pb)


def _named_together(x: str, y: str, texts: Sequence[str]) -> bool:
    """Whether one sentence of the story names both places ("rallies in Boston and Chicago")."""
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            if x in sentence and y in sentence:
                return True
    return False


def share_names_but_places(a: ClaimView, b: ClaimView) -> bool:
    """Whether the claims share a name, or name nothing, once their places are set aside."""
    keys = _place_keys(_locations(a), _locations(b))
    na, nb = a.names - keys, b.names - keys
    return not (na and nb) or bool(na & nb)


def _place_keys(la: dict[str, str], lb: dict[str, str]) -> set[str]:
    """The name keys (five-letter prefixes) of the places two claims give."""
    return {k[:5] for k in (*la, *lb)} | {w[:5].casefold() for p in (*la.values(), *lb.values())
                                          for w in WORD.findall(p)}


def _same_but_places(a: ClaimView, b: ClaimView, la: dict[str, str], lb: dict[str, str]) -> bool:
    """Whether two claims say the same thing in the same words, their places apart."""
    if a.days and b.days and not all(dates_compatible(x, y) for x in a.days for y in b.days):
        return False
    if a.claim.predicate != b.claim.predicate or a.claim.negated != b.claim.negated:
        return False
    if FUTURE.search(a.text) or FUTURE.search(b.text):
        return False  # a venue planned and moved is news, not a disagreement
    place_words = {stem(w) for p in (*la.values(), *lb.values()) for w in WORD.findall(p)}
    keys = _place_keys(la, lb)
    if a.names - keys != b.names - keys:
        return False
    return similarity(a.tokens - place_words, b.tokens - place_words) >= _PLACE_SAME
