"""Language: the spaCy parse, mentions of people, organisations and places, and who they are.

- :func:`parse` / :func:`get_nlp` (:mod:`~storyline.language.nlp`): one article's parse with
  the configured spaCy model (texts tamed and capped before parsing).
- :func:`find_mentions` (:mod:`~storyline.language.entities`): an article's mentions of
  people, organisations, places and descriptors ("the minister").
- :func:`resolve_entities` (:mod:`~storyline.language.resolve`): a story's mentions resolved
  to canonical entities across articles, with :func:`antecedent`
  (:mod:`~storyline.language.coreference`) for titles and pronouns.
- :func:`article_language` / :func:`skip_note` (:mod:`~storyline.language.gate`): which texts
  are annotated at all (English; other languages pass through with a note).
"""

from __future__ import annotations

from storyline.language.coreference import antecedent
from storyline.language.entities import find_mentions
from storyline.language.gate import ANNOTATED_LANGUAGES, article_language, skip_note
from storyline.language.nlp import get_nlp, parse
from storyline.language.resolve import resolve_entities

__all__ = [
    "ANNOTATED_LANGUAGES",
    "antecedent",
    "article_language",
    "find_mentions",
    "get_nlp",
    "parse",
    "resolve_entities",
    "skip_note",
]
