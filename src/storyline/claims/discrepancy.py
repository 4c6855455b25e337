"""Where the coverage disagrees: claims about the same thing whose slots conflict.

Two claims from different articles are about the same thing when their content words overlap
(see :func:`storyline.claims.group.similarity`) and, where both name any, they share a name.
Their slots are then compared, each slot with its own bar, set high because a false alarm
costs the reader more than a miss:

- ``number``: the same kind of thing counted ("12,000 dockworkers" / "10,000 members of the
  Dockworkers' Union") with no compatible reading (:mod:`storyline.claims.quantities`: rounded
  numbers, "about", "more than" and ranges are compatible), in claims told in like words; or,
  however differently told, a count of at least 100 of one specific group (not "people") on the
  same single day, of one order, in claims that share a name and speak of no plan;
- ``duration``: the same for lengths of time ("two years" / "five years");
- ``date``: one calendar day each, different days;
- ``place``: where it happened ("in Castellmar" / "in Rivena"), on the same day; or, with no
  day or agreeing days, in claims that are near-identical once the places are set aside and that
  no sentence of the story names together ("rallies in Boston and Chicago"); neither place
  named in the other claim or known to lie in the other ("Castellmar, Thalmira");
- ``negation``: one claim negated and the other not ("ready to negotiate" / "not up for
  negotiation"), with the same subject words;
- ``title``: one person (same surname, same first name where both give one) with two titles
  that cannot both hold: a rank on one side only for the same office and portfolio ("Deputy
  Foreign Minister" / "Foreign Minister"; "Vice" is read as "Deputy") or two portfolios of one
  office ("Defence Minister" / "Finance Minister"); a former title, a bare office and a
  surname an article itself gives both titles are left alone;
- ``attribution``: the same quoted words (near-identical claims, speakers left out) given to
  two named speakers who share no name word.

A headline that places a meeting elsewhere than its story's bodies is a ``place`` discrepancy
too (:mod:`storyline.claims.headline_conflicts`). Claims told in a photo's caption or credit
left in the text are not compared (:func:`storyline.clean.furniture.is_photo_caption`). Not
handled: conflicts inside one article, names spelled differently for one person, and titles
given after the name ("Ilse Marten, the foreign minister").

Conflicting pairs with the same slot and values become one discrepancy whose sides carry the
spans of every claim (and of its claim-group mates) that holds each value. Each slot's check
lives in its own module (:mod:`storyline.claims.slot_numbers`, ``slot_dates``, ``slot_places``,
``slot_negation``, ``slot_titles``, ``slot_attribution``); this one pairs claims, runs the
checks and builds the records.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.claims.group import ClaimView, candidate_pairs, similarity, stem, views
from storyline.claims.headline_conflicts import find_headline_conflicts
from storyline.claims.same_question import (
    background,
    same_but_polarity,
    same_day,
    same_quantity,
    same_statement,
)
from storyline.claims.slot_attribution import (
    attribution_conflict,
    attribution_key,
    may_attribute,
)
from storyline.claims.slot_dates import date_conflict
from storyline.claims.slot_negation import negation_conflict
from storyline.claims.slot_numbers import (
    counted_conflict,
    number_conflict,
    quantity_key,
    same_day_pairs,
)
from storyline.claims.slot_places import may_place, place_conflict, share_names_but_places
from storyline.claims.slot_titles import title_conflicts, title_key, titled_people
from storyline.claims.slots import COUNTED_BAR, WORD, Value
from storyline.clean.furniture import is_photo_caption
from storyline.common.days import days_apart
from storyline.common.places import places_related
from storyline.config import DISCREPANCY_SLOTS
from storyline.model.ids import content_id
from storyline.model.records import (
    Article,
    Claim,
    ClaimGroup,
    Discrepancy,
    DiscrepancySide,
    OriginGroup,
    Span,
)
from storyline.provenance.origins import count_origins

__all__ = ["across_outlets", "find_discrepancies", "merge_discrepancies", "titled_people"]

_ORDINALS = frozenset(("first", "second", "third", "fourth", "fifth", "final", "last"))


@dataclass
class _Side:
    value: str
    spans: dict[tuple[str, int, int], Span] = field(default_factory=dict)


@dataclass
class _Conflict:
    slot: str
    sides: dict[str, _Side] = field(default_factory=dict)

    def add(self, key: str, value: str, view: ClaimView) -> None:
        side = self.sides.setdefault(key, _Side(value))
        span = view.claim.span
        side.spans[(span.article_id, span.start, span.end)] = span


def find_discrepancies(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    groups: Sequence[ClaimGroup],
    origins: Sequence[OriginGroup],
    story_id: str,
    *,
    items: Sequence[ClaimView] | None = None,
    slots: frozenset[str] | None = None,
) -> tuple[Discrepancy, ...]:
    """Conflicting slots between claims about the same thing in different articles.

    ``items``: the claims' views (:func:`storyline.claims.group.views`) when the caller has
    them; their claims may lack the group ids, which are not read here. ``slots``: the slots
    to look for (None: every slot); the others are not checked at all."""
    asked = DISCREPANCY_SLOTS if slots is None else slots
    # a photo's caption tells what a picture shows, perhaps of another day or event
    viewed = views(articles, claims) if items is None else items
    items = [v for v in viewed if not is_photo_caption(v.text)]
    texts = [a.text for a in articles]
    mates = _mates(items, groups)
    found: dict[tuple[str, frozenset[str]], _Conflict] = {}
    every = bool(asked - _NAMED_SLOTS)  # else only pairs that name places or speakers count
    for sim, i, j in candidate_pairs(items, COUNTED_BAR):
        a, b = items[i], items[j]
        if not every and not _may_differ(a, b, sim, asked):
            continue
        score = aboutness(a, b, sim)
        conflicts = [] if score is None else _slot_conflicts(a, b, score, texts, asked)
        if score is None and "place" in asked and share_names_but_places(a, b):
            place = place_conflict(a, b, sim, texts)  # the only names may be the places
            conflicts.extend([("place", *place)] if place is not None else [])
        said = attribution_conflict(a, b, sim) if "attribution" in asked else None
        if said is not None:
            conflicts.append(("attribution", *said))
        _note(found, mates, a, b, conflicts)
    for a, b in same_day_pairs(items) if "number" in asked else ():
        counted = counted_conflict(a, b)
        _note(found, mates, a, b, [("counted", *counted)] if counted is not None else [])
    for a, b, titles in title_conflicts(items) if "title" in asked else ():
        _note(found, mates, a, b, [("title", *titles)])
    records = [_record(c, story_id) for c in found.values()]
    if "place" in asked:
        records.extend(find_headline_conflicts(articles, claims, story_id))
    return tuple(sorted(records, key=lambda d: d.id))


_NAMED_SLOTS = frozenset(("place", "attribution"))


def _may_differ(a: ClaimView, b: ClaimView, sim: float, asked: frozenset[str]) -> bool:
    """Whether a pair may conflict on a place or a speaker (the only slots asked), by the
    first tests of those slots' own checks."""
    return ("place" in asked and may_place(a, b)) or (
        "attribution" in asked and may_attribute(a, b, sim))


def answers_same_question(slot: str, a: ClaimView, b: ClaimView, va: Value, vb: Value) -> bool:
    """Whether a pair's differing values are a disagreement (:mod:`.same_question`)."""
    if slot in ("number", "duration", "counted"):
        return same_quantity(a, b, va[1], vb[1], counted=slot == "counted")
    if slot == "negation":
        return same_but_polarity(a, b)
    if background(a) or background(b):
        return False
    if slot == "date":
        return same_statement(a, b, (va[1], vb[1])) and (days_apart(va[1], vb[1]) or 0) <= 14 \
            and same_day(a.article, b.article) and _alike_but_dates(a, b)
    if slot == "place":
        return same_statement(a, b, (va[1], vb[1])) and not places_related(va[1], vb[1])
    return True


_DATE_WORDS = frozenset(stem(w) for w in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "week", "day", "night",
    "morning", "evening", "afternoon"))


def _alike_but_dates(a: ClaimView, b: ClaimView) -> bool:
    """Two claims that say nearly the same thing once their days are set aside ("announced
    Thursday that he would delay the address" / "announced Friday a plan to reopen" do not)."""
    return similarity(a.tokens - _DATE_WORDS, b.tokens - _DATE_WORDS) >= 0.6


def _note(found: dict[tuple[str, frozenset[str]], _Conflict],
          mates: dict[str, list[ClaimView]], a: ClaimView, b: ClaimView,
          conflicts: list[tuple[str, Value, Value]]) -> None:
    """Add a pair's conflicts, each side with the claims of its group that hold its value;
    differing values that do not answer the same question are dropped."""
    for slot, (ka, va), (kb, vb) in conflicts:
        if not answers_same_question(slot, a, b, (ka, va), (kb, vb)):
            continue
        slot = "number" if slot == "counted" else slot
        conflict = found.setdefault((slot, frozenset((ka, kb))), _Conflict(slot))
        for key, value, view in ((ka, va, a), (kb, vb, b)):
            conflict.add(key, value, view)
            for mate in mates.get(view.claim.id, ()):
                if key in _keys(mate, slot, value):
                    conflict.add(key, value, mate)


def _mates(items: Sequence[ClaimView], groups: Sequence[ClaimGroup]) -> dict[str, list[ClaimView]]:
    """Each claim's fellow members of its claim group."""
    by_id = {v.claim.id: v for v in items}
    out: dict[str, list[ClaimView]] = defaultdict(list)
    for g in groups:
        members = [by_id[c] for c in g.claim_ids if c in by_id]
        for v in members:
            out[v.claim.id] = [m for m in members if m is not v]
    return out



@functools.lru_cache(maxsize=1 << 16)
def _ordinals(text: str) -> frozenset[str]:
    """The ordinal words of a claim ("the second round"; remembered: a claim is paired with
    many others)."""
    return frozenset(w for w in WORD.findall(text.casefold()) if w in _ORDINALS)


def aboutness(a: ClaimView, b: ClaimView, sim: float) -> float | None:
    """How surely two claims speak of the same thing; None when they cannot."""
    if a.names and b.names and not a.names & b.names:
        return None
    oa, ob = _ordinals(a.text), _ordinals(b.text)
    if oa and ob and not oa & ob:
        return None  # the second round and the third are different events
    bonus = 0.1 if oa & ob else 0.0
    return sim + bonus + 0.05 * min(3, max(0, len(a.names & b.names) - 1))


def _slot_conflicts(a: ClaimView, b: ClaimView, sim: float, texts: Sequence[str],
                    asked: frozenset[str]) -> list[tuple[str, Value, Value]]:
    """Every slot of ``asked`` on which two claims about the same thing disagree."""
    out = []
    for slot in _PAIR_SLOTS:
        if slot not in asked:
            continue
        if slot in ("number", "duration"):
            found = number_conflict(a, b, sim, "" if slot == "number" else slot)
        elif slot == "date":
            found = date_conflict(a, b, sim)
        elif slot == "place":
            found = place_conflict(a, b, sim, texts)
        else:
            found = negation_conflict(a, b, sim)
        if found is not None:
            out.append((slot, *found))
    return out


_PAIR_SLOTS = ("number", "duration", "date", "place", "negation")  # checked on each pair


def _keys(view: ClaimView, slot: str, value: str) -> set[str]:
    """The comparison keys a claim holds for a slot (used to extend a side to group mates)."""
    if slot in ("number", "duration"):
        return {quantity_key(q) for q in view.quantities}
    if slot == "date":
        return set(view.days)
    if slot == "place":
        return {p.casefold() for p in view.claim.places}
    if slot == "title":
        return {title_key(t) for t in titled_people(view.text)}
    if slot == "attribution":
        return {attribution_key(view.claim.asserted_by or "")}
    return {f"{'negated' if view.claim.negated else 'affirmed'}:{value.casefold()}"}


def _record(conflict: _Conflict, story_id: str) -> Discrepancy:
    sides = sorted(
        (DiscrepancySide(s.value, tuple(sorted(s.spans.values())))
         for s in conflict.sides.values()),
        key=lambda s: (-len(s.evidence), s.value),
    )
    values = sorted(s.value for s in sides)
    shown = " vs ".join(f"{s.value} ({len({e.article_id for e in s.evidence})} article"
                        f"{'s' if len({e.article_id for e in s.evidence}) != 1 else ''})"
                        for s in sides)
    return Discrepancy(
        id=content_id("d", story_id, conflict.slot, *values),
        slot=conflict.slot,
        sides=tuple(sides),
        story_id=story_id,
        description=f"The reports disagree on a {conflict.slot}: {shown}.",
    )


def _values(d: Discrepancy) -> tuple[str | None, str, frozenset[str]]:
    return d.story_id, d.slot, frozenset(" ".join(s.value.casefold().split()) for s in d.sides)


def across_outlets(d: Discrepancy, articles: Sequence[Article]) -> bool:
    """Whether a discrepancy is told by more than one outlet: one whose every side comes
    from one and the same outlet is that outlet's own updates or its series of like reports
    ("stocks of corn in Toledo", "in St Louis"), which raise no flag on their own. An
    article of unknown outlet counts as another outlet."""
    outlet_of = {a.id: (a.outlet or "").strip().casefold() for a in articles}
    outlets = {outlet_of.get(e.article_id, "") for side in d.sides for e in side.evidence}
    return len(outlets) != 1 or "" in outlets


def merge_discrepancies(
    earlier: Sequence[Discrepancy], later: Sequence[Discrepancy], index: dict[str, str]
) -> tuple[Discrepancy, ...]:
    """``earlier`` then ``later``, a later one that repeats an earlier one (same story, slot and
    values, as another stage may find it) folded into it: each side's evidence joined and its
    independent origins counted again (``index`` maps article id to origin group id)."""
    out = list(earlier)
    at = {_values(d): i for i, d in enumerate(out)}
    for d in later:
        key = _values(d)
        if key not in at:
            at[key] = len(out)
            out.append(d)
            continue
        old = out[at[key]]
        extra = {" ".join(s.value.casefold().split()): s.evidence for s in d.sides}
        sides = []
        for side in old.sides:
            spans = tuple(sorted(set(side.evidence) | set(extra.get(
                " ".join(side.value.casefold().split()), ()))))
            origins = count_origins([e.article_id for e in spans], index)
            sides.append(DiscrepancySide(side.value, spans, origins))
        out[at[key]] = Discrepancy(old.id, old.slot, tuple(sides), old.story_id, old.description)
    return tuple(out)
