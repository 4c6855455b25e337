"""Claims: each article's factual statements, grouped across articles; discrepancies; positions.

- :func:`find_claims` (:mod:`~storyline.claims.extract`): an article's factual statements with
  their quantities (:mod:`~storyline.claims.quantities`), hedges and negation.
- :func:`group_claims` (:mod:`~storyline.claims.group`): the same statement across a story's
  articles, with its independent origins.
- :func:`find_discrepancies` / :func:`merge_discrepancies`
  (:mod:`~storyline.claims.discrepancy`): values that disagree between reports of the same
  thing, one module per slot (``slot_*``), gated by :mod:`~storyline.claims.same_question`.
- :func:`find_positions` (:mod:`~storyline.claims.positions`): each actor's stance on an issue,
  in PLOVER terms, gated by :mod:`~storyline.claims.position_gates`; :func:`stance_parses`,
  the parses of an article's stance sentences that the positions read, kept with its
  annotations.
"""

from __future__ import annotations

from storyline.claims.discrepancy import find_discrepancies, merge_discrepancies
from storyline.claims.extract import find_claims
from storyline.claims.group import group_claims
from storyline.claims.positions import find_positions, stance_parses

__all__ = [
    "find_claims",
    "find_discrepancies",
    "find_positions",
    "group_claims",
    "merge_discrepancies",
    "stance_parses",
]
