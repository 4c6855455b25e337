"""The ``attribution`` slot: the same quoted words given to two differently named speakers.

Not handled: speakers named only by a descriptor ("a senior official"), and one speaker whose
name two articles spell differently.
"""

from __future__ import annotations

import re

from storyline.claims.group import ROLES, ClaimView
from storyline.claims.slots import BARS, WORD, Value

__all__ = ["attribution_conflict", "attribution_key", "may_attribute"]

_TITLE_WORDS = frozenset(("mr", "mrs", "ms", "dr", "sir", "prime", "foreign", "defence", "defense",
                          "trade", "finance", "interior", "state", "vice", "first", "the",
                          "sgt", "gen", "col", "lt", "capt", "cpl", "rep", "sen", "gov", "det",
                          "insp", "supt", "prof", "rev", "adm", "maj", "general",
                          "manager", "coach", "chief", "officer", "sergeant", "captain",
                          "lieutenant", "detective", "inspector", "director", "spokesman",
                          "spokeswoman", "spokesperson", "president", "senator", "governor"))


def _speaker_names(label: str) -> frozenset[str]:
    """The name words of a speaker label ("Labour Minister Adela Korvin" -> adela, korvin)."""
    words = [w for w in WORD.findall(label) if w[:1].isupper() and len(w) > 2]
    return frozenset(w.casefold() for w in words) - ROLES - _TITLE_WORDS


_RELAYED = re.compile(r"\b(?:report(?:s|ed)?|according to|told (?:the )?[A-Z])", re.IGNORECASE)
_QUOTED = re.compile("[\"\u201c\u201d]|``|''")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in WORD.findall(text))


def may_attribute(a: ClaimView, b: ClaimView, sim: float) -> bool:
    """Whether two claims can be an attribution conflict at all: two quotations that reach
    the attribution bar (the first test of :func:`attribution_conflict`)."""
    return sim >= BARS["attribution"] and bool(a.claim.quote_id and b.claim.quote_id)


def attribution_conflict(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
    """The same quoted words given to two differently named speakers.

    Both speakers must be named (a "senior official" may be anyone), each in its own sentence
    and not in the other, and share no name word ("Korvin" and "Adela Korvin" are one).
    """
    if not may_attribute(a, b, sim):
        return None
    if not (_QUOTED.search(a.text) and _QUOTED.search(b.text)):
        return None  # reported speech ("X reported that …") may be told by many, all rightly
    if _RELAYED.search(a.text) or _RELAYED.search(b.text):
        return None  # "One local said: '…', the Daily Mirror reports": whose words is unclear
    sa, sb = a.claim.asserted_by or "", b.claim.asserted_by or ""
    na, nb = _speaker_names(sa), _speaker_names(sb)
    if not na or not nb or na & nb:
        return None
    wa, wb = _words(a.text), _words(b.text)
    if not (na <= wa and nb <= wb) or na & wb or nb & wa:
        return None  # each speaker is named in its own sentence only
    if na & _words(b.article.text) or nb & _words(a.article.text):
        return None  # an article naming both may give one speaker two ways ("A.J. Smith")
    return (_key(na), sa), (_key(nb), sb)


def attribution_key(label: str) -> str:
    """The comparison key of a speaker label."""
    return _key(_speaker_names(label))


def _key(names: frozenset[str]) -> str:
    """One key per speaker however the initials are written ("A.J. Butler", "AJ Butler")."""
    return "said by:" + " ".join(sorted(names))
