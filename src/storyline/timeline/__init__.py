"""Time and the timeline: time expressions, events and a story's merged timeline.

- :func:`find_times` (:mod:`~storyline.timeline.timex`): time expressions in an article,
  normalised to TIMEX3 values against its publication time (rules in
  :mod:`~storyline.timeline.grammar`, :mod:`~storyline.timeline.rules`, anchoring in
  :mod:`~storyline.timeline.anchor` and :mod:`~storyline.timeline.relative`).
- :func:`find_events` (:mod:`~storyline.timeline.event_find`): per sentence, the event
  triggers (:mod:`~storyline.timeline.event_triggers`) with the dates, places and participants
  they own; scheduled events are marked.
- :func:`merge_events` (:mod:`~storyline.timeline.merge`): the same event across
  articles merged into one entry that keeps every source's evidence, sorted by date then kind,
  and the date and place conflicts between sources
  (:mod:`~storyline.timeline.conflicts`) as
  :class:`~storyline.model.records.Discrepancy`.
- :func:`event_day` (:mod:`~storyline.timeline.event_dates`): the day of a date value.
- :func:`entity_events` (:mod:`~storyline.timeline.entity_events`): the events a named
  entity takes part in, anchored to a date (the TimeLine task's view).

Not handled: see each module; in short, events within one sentence only, and no event history
(a postponed meeting is two entries).
"""

from __future__ import annotations

from storyline.timeline.entity_events import EntityEvent, entity_events
from storyline.timeline.event_dates import date_interval, event_day
from storyline.timeline.event_find import find_events
from storyline.timeline.merge import merge_events
from storyline.timeline.timex import find_times, publication_date

__all__ = [
    "EntityEvent",
    "date_interval",
    "entity_events",
    "event_day",
    "find_events",
    "find_times",
    "merge_events",
    "publication_date",
]
