"""Quotations: who said what, direct, reported and mixed, grouped across articles.

- :func:`find_quotes` (:mod:`~storyline.quotes.find`): an article's quotations with speaker,
  cue and channel. Quotation marks are paired in :mod:`~storyline.common.quote_marks`; the
  speech cues and the speaker of a cue are in :mod:`~storyline.quotes.speech`; each kind of
  quotation has its own module (:mod:`~storyline.quotes.direct`,
  :mod:`~storyline.quotes.reported`, :mod:`~storyline.quotes.mixed`,
  :mod:`~storyline.quotes.blocks`, :mod:`~storyline.quotes.headline`,
  :mod:`~storyline.quotes.continuation`), built on the drafts of :mod:`~storyline.quotes.frame`.
- :func:`group_quotes` (:mod:`~storyline.quotes.groups`): a story's quotations tied to its
  resolved speakers and grouped across articles; :func:`speaker_shown` says whether a
  speaker names somebody a reader can be shown.
- :func:`find_quoted` (:mod:`~storyline.common.quote_marks`): the quoted ranges of a text.
"""

from __future__ import annotations

from storyline.quotes.find import find_quotes
from storyline.quotes.groups import group_quotes, speaker_shown

__all__ = ["find_quotes", "group_quotes", "speaker_shown"]
