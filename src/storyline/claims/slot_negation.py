"""The ``negation`` slot: one claim states what the other denies.

Not handled: negation by antonym ("refused" / "agreed") and hedged claims, which are left alone.
"""

from __future__ import annotations

import re

from storyline.claims.group import ClaimView, content_tokens, stem
from storyline.claims.slots import BARS, WORD, Value

__all__ = ["negation_conflict"]

_NEGATION = re.compile(r"\b(?:not|never|no|n't|cannot|nobody|nothing|none)\b", re.IGNORECASE)


def negation_conflict(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
    """The same statement made by one claim and denied by the other."""
    if sim < BARS["negation"] or a.claim.negated == b.claim.negated:
        return None
    if a.claim.hedged or b.claim.hedged:
        return None
    same_verb = a.claim.predicate == b.claim.predicate
    if not same_verb and not content_tokens(a.claim.object) & content_tokens(b.claim.object):
        return None
    subj_a, subj_b = content_tokens(a.claim.subject), content_tokens(b.claim.subject)
    if subj_a and subj_b and not subj_a & subj_b and not (a.names & b.names):
        return None
    neg, pos = (a, b) if a.claim.negated else (b, a)
    neg_phrase = _negated_phrase(neg.text)
    pos_phrase = _matching_phrase(pos.text, content_tokens(neg_phrase) or neg.tokens)
    pairs = {id(neg): (f"negated:{neg_phrase.casefold()}", neg_phrase),
             id(pos): (f"affirmed:{pos_phrase.casefold()}", pos_phrase)}
    return pairs[id(a)], pairs[id(b)]


def _negated_phrase(text: str) -> str:
    """The negation and the few words it governs ("not up for negotiation")."""
    m = _NEGATION.search(text)
    if not m:
        return text
    words = []
    for w in WORD.finditer(text, m.start()):
        if any(c in text[m.start() : w.start()] for c in ",;:.\u201d\"") or len(words) >= 5:
            break
        words.append(w.group(0))
    return " ".join(words)


def _matching_phrase(text: str, wanted: frozenset[str]) -> str:
    """Up to three words ending at the first word that matches one of ``wanted``."""
    words = WORD.findall(text)
    for i, w in enumerate(words):
        if stem(w) in wanted:
            return " ".join(words[max(0, i - 2) : i + 1])
    return " ".join(words[:5])
