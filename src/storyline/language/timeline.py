"""Events per article and the merged timeline of a story: the public surface.

- :func:`find_events` (:mod:`~storyline.language.event_find`): per sentence, the event
  triggers (:mod:`~storyline.language.event_triggers`) with the dates, places and participants
  they own; scheduled events are marked.
- :func:`merge_events` (:mod:`~storyline.language.timeline_merge`): the same event across
  articles merged into one entry that keeps every source's evidence, sorted by date then kind,
  and the date and place conflicts between sources
  (:mod:`~storyline.language.timeline_conflicts`) as
  :class:`~storyline.model.records.Discrepancy`.
- :func:`event_day` (:mod:`~storyline.language.event_dates`): the day of a date value.

Not handled: see each module; in short, events within one sentence only, and no event history
(a postponed meeting is two entries).
"""

from __future__ import annotations

from storyline.language.event_dates import event_day
from storyline.language.event_find import find_events
from storyline.language.timeline_merge import merge_events

__all__ = ["event_day", "find_events", "merge_events"]
