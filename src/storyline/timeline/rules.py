"""Time expression rules: regular expressions over the clean text, one candidate per match.

Each rule finds a surface shape ("14 March 2025", "last week", "two and a half years", "every
Monday", "10 a.m.") and records what it means as a :class:`Cand` (a ``form`` and its fields);
:mod:`storyline.timeline.anchor` turns a candidate into a TIMEX3 value. The rules live in
:mod:`storyline.timeline.rules_dates` and :mod:`storyline.timeline.rules_periods`;
overlapping candidates are settled in :func:`find_candidates`: the longest wins, then the earliest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import storyline.timeline.rules_dates  # noqa: F401 - registers the date rules
import storyline.timeline.rules_periods  # noqa: F401 - then these
from storyline.common.lowered import lowered as lower_cased
from storyline.common.required import may_match
from storyline.timeline.grammar import RULES, Cand, parse_amount, period_value

__all__ = ["Cand", "find_candidates", "parse_amount", "period_value"]


# --------------------------------------------------------------------------- matching


def _rule_matches(pattern: re.Pattern[str], fast: re.Pattern[str] | None, text: str,
                  lowered: str | None, needs: frozenset[str] | None = None
                  ) -> list[re.Match[str]]:
    """The matches of a rule over the text. Where the text can be matched lower-cased, the
    lower-cased pattern finds where the matches are and the rule's own pattern, matched there,
    gives each match object (so builders read the text's own case); should the two ever
    disagree, the rule's own pattern is run over the whole text. A lower-cased text holding
    none of the strings the lower-cased pattern ``needs`` (one of them is in every match) is
    not scanned."""
    if fast is None or lowered is None:
        return list(pattern.finditer(text))
    if not may_match(needs, lowered):
        return []
    out = []
    for found in fast.finditer(lowered):
        m = pattern.match(text, found.start())
        if m is None or m.end() != found.end():
            return list(pattern.finditer(text))
        out.append(m)
    return out


def _all_matches(text: str) -> Iterator[Cand]:
    lowered = lower_cased(text)
    for pattern, build, fast, needs in RULES:
        for m in _rule_matches(pattern, fast, text, lowered, needs):
            cand = build(m, text)
            if cand is not None and cand.end > cand.start:
                cand.f.setdefault("edge", (m.groupdict().get("edge") or "").strip(" -") or None)
                yield cand


def find_candidates(text: str) -> list[Cand]:
    """Every time expression candidate in ``text``, overlaps settled (longest, then earliest)."""
    chosen: list[Cand] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(_all_matches(text), key=lambda c: (c.start - c.end, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)
