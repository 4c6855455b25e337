"""The merged timeline of a story: the same event across articles as one entry.

Events merge when they are of the same kind (meetings and talks count as one family), their
dates overlap (an unknown date overlaps everything), and they share the place or participants,
where no two known places differ; statements merge only with the same speaker on the same day.
A plan never joins an event held before the plan was published ("met on Monday" and, in a later
report, "will meet again in Oslo" are two meetings, whatever dates they carry).
Each event joins the best-fitting group (the same place, most participants in common, most
articles). Participants become entity ids where an entity's mention covers them in the
evidence, places their entity's name. Every source's evidence is kept; conflicts between the
groups come from :mod:`storyline.timeline.conflicts`.

Not handled: an event that moved (postponed, relocated) is two entries, not one with a history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from storyline.clean.furniture import is_photo_caption
from storyline.model.ids import content_id
from storyline.model.records import Article, Discrepancy, Entity, Event
from storyline.timeline.conflicts import find_conflicts
from storyline.timeline.event_dates import date_interval, event_day
from storyline.timeline.event_group import EventGroup, place_key
from storyline.timeline.event_triggers import KIND_ORDER, family
from storyline.timeline.timex import publication_date

__all__ = ["merge_events"]


def _entity_index(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Per article, the (start, end, entity id) of every entity mention."""
    index: dict[str, list[tuple[int, int, str]]] = {}
    for ent in entities:
        for m in ent.mentions:
            index.setdefault(m.span.article_id, []).append((m.span.start, m.span.end, ent.id))
    return index


def _resolve(ev: Event, texts: dict[str, str], index: dict[str, list[tuple[int, int, str]]],
             names: dict[str, str], story_id: str | None) -> Event:
    """Participants as entity ids (where an entity's mention in the evidence carries the text);
    the place as its entity's name."""
    participants: list[str] = []
    place = ev.place
    for p in ev.participants:
        key = p
        for sp in ev.evidence:
            text = texts.get(sp.article_id, "")
            for s, e, ent_id in index.get(sp.article_id, ()):
                if sp.start <= s and e <= sp.end and text[s:e] == p:
                    key = ent_id
                    break
            if key != p:
                break
        if key not in participants:
            participants.append(key)
    if place:
        for sp in ev.evidence:
            text = texts.get(sp.article_id, "")
            hit = next((ent_id for s, e, ent_id in index.get(sp.article_id, ())
                        if sp.start <= s and e <= sp.end and text[s:e] == place), None)
            if hit:
                place = names.get(hit, place)
                break
    return replace(ev, participants=tuple(participants), place=place, story_id=story_id)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _score(g: EventGroup, ev: Event, published: dict[str, date]) -> float | None:
    """How well an event fits a group (None: not the same event). The checks on the group as
    a whole come first, those on each of its events last: all must hold."""
    if family(g.kind) != family(ev.kind):
        return None
    place = place_key(ev.place)
    if place and g.places and place not in g.places:
        return None
    overlap = _jaccard(set(ev.participants), g.participants)
    if ev.kind == "statement":  # the same speaker, the same day
        if event_day(ev.date) != g.day or not ev.participants[:1] or ev.participants[:1] \
                not in g.kept("speakers", lambda: {e.participants[:1] for e in g.events}):
            return None
        score = 1 + overlap
    else:
        same_place = bool(place and place in g.places)
        bonus = 0.1 * len(g.articles)  # a vague mention joins the most reported event
        same_day = bool(ev.date and event_day(ev.date) == g.day)
        # "the meeting on Monday", sharing nothing else: that day's one, when nothing says
        # otherwise
        bare = not (place or ev.participants) or not (g.places or g.participants)
        if not same_place and not set(ev.participants) & g.participants and not (
                same_day and (bare or family(ev.kind) == "meeting") and not (place and g.places)):
            return None
        score = 2 * same_place + overlap + bonus
    days = date_interval(ev.date)
    if not _overlaps_all(g, days) or _plan_after_held_any(g, ev, days, published):
        return None
    return score


def _overlaps_all(g: EventGroup, days: tuple[date, date] | None) -> bool:
    """Whether an event's days (``date_interval`` of its date) share one with every event's of
    the group (unknown dates share one with all), read from the group's bounds."""
    bounds = g.bounds
    return days is None or bounds is None or (bounds[0] <= days[1] and days[0] <= bounds[1])


def _plan_after_held_any(g: EventGroup, ev: Event, days: tuple[date, date] | None,
                         published: dict[str, date]) -> bool:
    """Whether the event (``days``: its date's) and one of the group's are a plan told after
    the other, held, was over (a plan's telling: the first publication day of its articles),
    read from what the group keeps: the latest first telling of its plans, the earliest end of
    its held events."""
    def told(plan: Event) -> date | None:
        days = [published[sp.article_id] for sp in plan.evidence if sp.article_id in published]
        return min(days) if days else None

    def plans_told() -> date | None:  # the latest first telling of a plan of the group
        found = [t for e in g.events if e.scheduled and (t := told(e)) is not None]
        return max(found) if found else None

    def held_end() -> date | None:  # the earliest last day of a held event of the group
        ends = [iv[1] for e in g.events if not e.scheduled
                and (iv := date_interval(e.date)) is not None]
        return min(ends) if ends else None

    if ev.scheduled:  # a plan told after one of the group's held events was over
        first, end = told(ev), g.kept("held_end", held_end)
        return first is not None and end is not None and end < first
    latest = g.kept("plans_told", plans_told)  # held, after a plan of the group was told
    return days is not None and latest is not None and days[1] < latest


def _sort_key(ev: Event) -> tuple:
    iv = date_interval(ev.date)
    return (iv is None, iv[0] if iv else date.max, iv[1] if iv else date.max,
            KIND_ORDER.index(ev.kind) if ev.kind in KIND_ORDER else len(KIND_ORDER), ev.id)


class _GroupIndex:
    """The groups by what an event must share with a group to be scored against it
    (:func:`_score`): a place, a participant or the day; each group by its place in the list."""

    def __init__(self) -> None:
        self.groups: list[EventGroup] = []
        self.by_place: dict[str, set[int]] = defaultdict(set)
        self.by_participant: dict[str, set[int]] = defaultdict(set)
        self.by_day: dict[str | None, set[int]] = defaultdict(set)
        self.day_of: list[str | None] = []

    def candidates(self, ev: Event) -> list[tuple[int, EventGroup]]:
        """The groups of the event's kind family that may score (a superset), in order."""
        found = set(self.by_day.get(event_day(ev.date), ()))
        if ev.kind != "statement":  # a statement needs the same day
            place = place_key(ev.place)
            if place:
                found |= self.by_place.get(place, set())
            for p in ev.participants:
                found |= self.by_participant.get(p, set())
        kin = family(ev.kind)
        return [(i, self.groups[i]) for i in sorted(found) if family(self.groups[i].kind) == kin]

    def add(self, at: int | None, ev: Event) -> None:
        """Put an event in the group at place ``at``, or in a new group (``at`` None)."""
        if at is None:
            at = len(self.groups)
            self.groups.append(EventGroup(ev.kind))
            self.day_of.append(None)
            self.by_day[None].add(at)
        group = self.groups[at]
        group.events.append(ev)
        place = place_key(ev.place)
        if place:
            self.by_place[place].add(at)
        for p in ev.participants:
            self.by_participant[p].add(at)
        day = group.day
        if day != self.day_of[at]:
            self.by_day[self.day_of[at]].discard(at)
            self.by_day[day].add(at)
            self.day_of[at] = day


def _group_events(events: list[Event], published: dict[str, date]) -> list[EventGroup]:
    """The events grouped: precise events first (a day, then a place or actors), so that
    vaguer ones join them; each joins the group it scores best with, else starts one."""
    index = _GroupIndex()
    for ev in sorted(events, key=lambda e: (event_day(e.date) is None, e.date is None,
                                            not (e.place or e.participants), _sort_key(e))):
        scored = [(sc, -i) for i, g in index.candidates(ev)
                  if (sc := _score(g, ev, published)) is not None]
        index.add(-max(scored)[1] if scored else None, ev)
    return index.groups


def merge_events(
    articles: Sequence[Article],
    events: Sequence[Event],
    entities: Sequence[Entity],
    story_id: str | None,
) -> tuple[tuple[Event, ...], tuple[Discrepancy, ...]]:
    """The story's timeline: the same event across articles merged, sorted by date then kind,
    and the date and place conflicts between sources."""
    texts = {a.id: a.text for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    names = {e.id: e.name for e in entities}
    published = {a.id: day for a in articles if (day := publication_date(a)) is not None}
    index = _entity_index(entities)
    resolved = [_resolve(ev, texts, index, names, story_id) for ev in events]
    groups = _group_events(resolved, published)
    merged = [(g, _merged(g, story_id, order)) for g in groups]
    # a photo's caption tells where and when a picture was taken, perhaps of another event
    captions = frozenset(ev.id for ev in resolved if ev.evidence and all(
        is_photo_caption(texts.get(sp.article_id, "")[sp.start : sp.end]) for sp in ev.evidence))
    conflicts = find_conflicts([g for g, _ in merged], {id(g): ev for g, ev in merged}, names,
                               story_id, published, captions)
    timeline = tuple(sorted((ev for _, ev in merged), key=_sort_key))
    return timeline, conflicts


def _merged(g: EventGroup, story_id: str | None, order: dict[str, int]) -> Event:
    evs = sorted(g.events, key=lambda e: (min(order.get(sp.article_id, 1 << 30)
                                              for sp in e.evidence), e.evidence[0].start))
    if len(evs) == 1 and evs[0].story_id == story_id:
        return evs[0]
    kinds = Counter(e.kind for e in evs)
    kind = min(kinds, key=lambda k: (-kinds[k], KIND_ORDER.index(k)))
    places = Counter(e.place for e in evs if e.place)
    participants: list[str] = []
    for e in evs:
        participants += [p for p in e.participants if p not in participants]
    evidence = sorted({sp for e in evs for sp in e.evidence},
                      key=lambda sp: (order.get(sp.article_id, 1 << 30), sp.start))
    time_ids = tuple(dict.fromkeys(t for e in evs for t in e.time_ids))
    return Event(
        id=content_id("ev", story_id, *sorted(e.id for e in evs)),
        kind=kind,
        evidence=tuple(evidence),
        date=g.date,
        scheduled=all(e.scheduled for e in evs),
        place=places.most_common(1)[0][0] if places else None,
        participants=tuple(participants),
        story_id=story_id,
        time_ids=time_ids,
        summary=evs[0].summary,
    )
