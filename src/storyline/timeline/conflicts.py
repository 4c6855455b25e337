"""Date and place conflicts between sources: two merged groups that look like one event told
two ways.

``date`` when kind, place and participants agree but the days differ, ``place`` when kind, day
and participants agree but the places differ; only between groups no article reports together,
only for kinds whose versions can contradict (meetings, talks, deployments; a strike or a flood
spans days and places, and one actor announces something new most days), only for dates the
texts give, and only between reports of known days close together. A group only ever
told as scheduled and a group told as held are not two versions of one event: the plan may have
changed, and "will meet again in Oslo" says nothing of where they met.

A group told only in photo captions is no side: a caption says where and when its picture
was taken, perhaps of another event of the day.

Not handled: conflicts of participants or of times of day, and conflicts inside one article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.common.days import day_of, days_apart
from storyline.common.places import places_related
from storyline.model.ids import content_id
from storyline.model.records import Discrepancy, DiscrepancySide, Event
from storyline.timeline.event_group import EventGroup
from storyline.timeline.event_triggers import family

__all__ = ["find_conflicts"]

CONFLICT_KINDS = frozenset({"meeting", "talks", "deployment"})  # announcements recur daily


def find_conflicts(groups: Sequence[EventGroup], merged: dict[int, Event],
                   names: dict[str, str], story_id: str | None,
                   published: Mapping[str, Any] | None = None,
                   captions: frozenset[str] = frozenset()) -> tuple[Discrepancy, ...]:
    """The discrepancies between groups; ``merged`` maps ``id(group)`` to its merged event.

    ``published`` maps article id to its publication day: a date conflict needs every article
    of both sides to have one, within a few days of each other (reports of unknown or distant
    times may tell different rounds); without ``published`` no date conflict is reported.
    A group told only in photo captions (``captions``: those events' ids) is no side."""
    published = published or {}
    out: list[Discrepancy] = []
    candidates = [g for g in groups if g.kind in CONFLICT_KINDS and _from_text(g)
                  and not all(ev.id in captions for ev in g.events)]
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            slot = _conflict_slot(a, b)
            if slot is None or a.articles & b.articles:
                continue  # one article telling both: two events, not two versions
            if a.scheduled != b.scheduled:
                continue  # a plan and a held event: not two versions of one telling
            if slot == "date" and _between(a, b, candidates):
                continue  # a nearer day is the other version, this one a later round
            if slot == "date" and not _reported_together(a.articles | b.articles, published):
                continue
            out.append(_discrepancy(slot, merged[id(a)], merged[id(b)],
                                    a.participants & b.participants, names, story_id))
    return tuple(out)


def _between(a: EventGroup, b: EventGroup, groups: Sequence[EventGroup]) -> bool:
    """Whether another group like ``a`` lies on a day between ``a``'s and ``b``'s."""
    lo, hi = sorted((a.day or "", b.day or ""))
    return any(c is not a and c is not b and c.day and lo < c.day < hi
               and _conflict_slot(a, c) == "date" for c in groups)


def _discrepancy(slot: str, ea: Event, eb: Event, shared: set[str], names: dict[str, str],
                 story_id: str | None) -> Discrepancy:
    va, vb = (ea.date, eb.date) if slot == "date" else (ea.place, eb.place)
    sides = tuple(sorted((DiscrepancySide(str(va), ea.evidence),
                          DiscrepancySide(str(vb), eb.evidence)), key=lambda s: s.value))
    who = ", ".join(names.get(p, p) for p in sorted(shared)[:4])
    what = ea.kind + (f" of {who}" if who else "")
    where = f" in {ea.place}" if slot == "date" and ea.place else ""
    when = f" on {ea.date}" if slot == "place" and ea.date else ""
    return Discrepancy(
        id=content_id("dis", story_id, slot, ea.id, eb.id),
        slot=slot,
        sides=sides,
        story_id=story_id,
        description=f"Sources disagree on the {slot} of the {what}{where}{when}: "
                    + " vs ".join(s.value for s in sides),
    )


def _from_text(g: EventGroup) -> bool:
    return any(ev.time_ids for ev in g.events)


def _conflict_slot(a: EventGroup, b: EventGroup) -> str | None:
    """``date`` or ``place`` when two groups look like one event told two ways, else None."""
    if family(a.kind) != family(b.kind):
        return None
    day_a, day_b = a.day, b.day
    places_a, places_b = a.places, b.places
    actors = bool(a.participants & b.participants)
    if day_a and day_b and day_a != day_b:
        if (days_apart(day_a, day_b) or 0) > _SAME_EVENT_DAYS:
            return None  # years apart: two events, not one told two ways
        same_place = bool(places_a & places_b)
        if same_place and (actors or not (a.participants or b.participants)):
            return "date"
        if not (places_a and places_b) and actors and _similar_actors(a, b):
            return "date"
        return None
    if day_a and day_a == day_b and places_a and places_b and not places_a & places_b:
        related = any(places_related(x, y) for x in places_a for y in places_b)
        return "place" if actors and not related else None  # "US" / "United States"
    return None


def _reported_together(article_ids: set[str], published: Mapping[str, Any]) -> bool:
    """Whether every article has a known publication day, all within three days."""
    days = [day_of(published.get(a)) for a in article_ids]
    if not days or any(d is None for d in days):
        return False
    return (max(days) - min(days)).days <= 3  # type: ignore[operator]


_SAME_EVENT_DAYS = 14  # two versions of one event's day lie within a fortnight of each other


def _similar_actors(a: EventGroup, b: EventGroup) -> bool:
    """Participants mostly shared (Jaccard at least one half, two at least when there are two)."""
    pa, pb = a.participants, b.participants
    shared = pa & pb
    return len(shared) >= min(2, len(pa), len(pb)) and len(shared) * 2 >= len(pa | pb)
