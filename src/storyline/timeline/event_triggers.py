"""Event triggers: the words (by lemma and part of speech) that name an event, and their kind.

======================  ================================================================
kind                    triggers
======================  ================================================================
meeting                 meet, meeting, summit, conference, sit down
talks                   talks, negotiations, negotiate, consultations, talk with
deployment              deploy, deployment, build-up, troops massed or stationed
announcement            announce, announcement, unveil
report                  report (verb or noun)
other                   strike, walkout, flood, protest, explosion, election …
statement               say, state, tell, warn, insist, statement …
======================  ================================================================

Not handled: events named by other words (signing, visit, vote, resignation), multi-word
triggers beyond "sit down" and "talk with", and nominal triggers the tagger misses.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.language.nlp import tokens_folded_among

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["KIND_ORDER", "Trigger", "family", "find_triggers", "trigger_candidates",
           "trigger_kind"]

KIND_ORDER = ("meeting", "talks", "deployment", "announcement", "report", "other", "statement")
VERB_TRIGGERS = {
    "meet": "meeting", "negotiate": "talks", "deploy": "deployment", "station": "deployment",
    "mass": "deployment", "amass": "deployment", "announce": "announcement",
    "unveil": "announcement", "report": "report", "strike": "other", "flood": "other",
    "protest": "other", "attack": "other", "invade": "other", "explode": "other",
    "say": "statement", "state": "statement", "declare": "statement", "tell": "statement",
    "stress": "statement", "insist": "statement", "warn": "statement", "claim": "statement",
    "reiterate": "statement", "emphasize": "statement", "emphasise": "statement",
}
NOUN_TRIGGERS = {
    "meeting": "meeting", "summit": "meeting", "conference": "meeting", "talks": "talks",
    "negotiations": "talks", "negotiation": "talks", "consultations": "talks",
    "deployment": "deployment", "build-up": "deployment", "buildup": "deployment",
    "announcement": "announcement", "report": "report", "strike": "other", "walkout": "other",
    "flood": "other", "floods": "other", "flooding": "other", "protest": "other",
    "protests": "other", "demonstration": "other", "explosion": "other",
    "blast": "other", "earthquake": "other", "election": "other", "statement": "statement",
}
TROOPS = frozenset({"troops", "forces", "soldiers", "units", "tanks", "missiles", "battalions",
                    "army", "military"})
NOT_MEETINGS = frozenset({"demand", "expectation", "requirement", "need", "target", "deadline",
                          "criterion", "standard", "condition", "goal", "obligation", "end"})
_FAMILY = {"meeting": "meeting", "talks": "meeting"}
# every word a token's lower-cased form or lemma must be for trigger_kind to name a kind
_TRIGGER_WORDS = frozenset(VERB_TRIGGERS) | frozenset(NOUN_TRIGGERS) | {"talk", "sit"}


def family(kind: str) -> str:
    """The kind events are compared by: meetings and talks are one family."""
    return _FAMILY.get(kind, kind)


@dataclass(slots=True)
class Trigger:
    """One trigger word: its kind, character range and token."""

    kind: str
    start: int
    end: int
    token: Token | None = None


def trigger_kind(tok: Token) -> str | None:
    """The event kind a token names, or None."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        if lemma == "talk":
            return "talks" if any(c.lower_ == "with" for c in tok.children) else None
        if lemma == "sit":
            return "meeting" if any(c.lower_ == "down" for c in tok.children) else None
        kind = VERB_TRIGGERS.get(lemma)
        if kind == "meeting" and any(c.dep_ == "dobj" and c.lemma_.lower() in NOT_MEETINGS
                                     for c in tok.children):
            return None
        if lemma in ("mass", "amass", "station") and not _near_troops(tok):
            return None
        if lemma == "strike" and any(c.dep_ == "dobj" for c in tok.children):
            return None  # "struck a deal", "strike a balance"
        return kind
    if tok.pos_ in ("NOUN", "PROPN"):
        return NOUN_TRIGGERS.get(low) or NOUN_TRIGGERS.get(lemma if lemma != "talk" else "")
    return None


def _near_troops(tok: Token) -> bool:
    words = {t.lower_ for t in tok.subtree} | {t.lower_ for t in tok.head.subtree}
    return bool(words & TROOPS)


def trigger_candidates(doc: Doc) -> list[int]:
    """The indices of the tokens :func:`trigger_kind` may name a kind for (a superset: their
    form or lemma is a trigger word), in order; read once per parse from its arrays."""
    return tokens_folded_among(doc, ("LEMMA", "LOWER"), _TRIGGER_WORDS)


def find_triggers(doc: Doc, start: int, end: int,
                  candidates: Sequence[int] | None = None) -> list[Trigger]:
    """The triggers of a character range, in text order (``candidates``: the parse's
    :func:`trigger_candidates`, when the caller has them: only those tokens are tried)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    if candidates is not None:
        lo = bisect.bisect_left(candidates, span.start)
        hi = bisect.bisect_left(candidates, span.end, lo)
        tokens: Iterable[Token] = [doc[k] for k in candidates[lo:hi]]
    else:
        tokens = span
    found = []
    for tok in tokens:
        kind = trigger_kind(tok)
        if kind:
            found.append(Trigger(kind, tok.idx, tok.idx + len(tok.text), tok))
    return found
