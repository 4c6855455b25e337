"""A group of events taken for one event across articles: what merging builds and conflicts
compare. Not handled: places written differently for one place ("Velmont"/"Velmon") count as two."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from storyline.model.records import Event
from storyline.timeline.event_dates import best_date, date_interval, event_day

__all__ = ["EventGroup", "place_key"]

T = TypeVar("T")


def place_key(place: str | None) -> str | None:
    """A place name compared without case, spacing or a leading "the"."""
    if not place:
        return None
    return _THE.sub("", " ".join(place.casefold().split()))


_THE = re.compile(r"^(?:the)\s+")


@dataclass
class EventGroup:
    """Events of one kind family that tell one event; ``kind`` is the first one's. Events are
    only ever appended: what is computed from them is kept until the next one comes (merging
    asks every group about every event)."""

    kind: str
    events: list[Event] = field(default_factory=list)
    _known: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False, compare=False)

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, computed once for the events the group holds now."""
        n = len(self.events)
        found = self._known.get(name)
        if found is None or found[0] != n:
            found = (n, make())
            self._known[name] = found
        return cast(T, found[1])

    @property
    def articles(self) -> set[str]:
        return self.kept("articles", lambda: {sp.article_id for ev in self.events
                                              for sp in ev.evidence})

    @property
    def participants(self) -> set[str]:
        return self.kept("participants", lambda: {p for ev in self.events
                                                  for p in ev.participants})

    @property
    def places(self) -> set[str]:
        return self.kept("places", lambda: {k for ev in self.events
                                            if (k := place_key(ev.place))})

    @property
    def scheduled(self) -> bool:
        """Whether every source tells it as still to come."""
        return all(ev.scheduled for ev in self.events)

    @property
    def date(self) -> str | None:
        return self.kept("date", lambda: best_date(ev.date for ev in self.events))

    @property
    def day(self) -> str | None:
        return self.kept("day", lambda: event_day(self.date))

    @property
    def bounds(self) -> tuple[date, date] | None:
        """The latest first day and the earliest last day of the events' known dates (None:
        no event has one): a date shares a day with every event's iff it reaches both."""
        def make() -> tuple[date, date] | None:
            known = [iv for ev in self.events if (iv := date_interval(ev.date)) is not None]
            return (max(iv[0] for iv in known), min(iv[1] for iv in known)) if known else None
        return self.kept("bounds", make)
