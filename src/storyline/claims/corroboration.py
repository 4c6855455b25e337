"""Does a report support, deny or merely relay a claim? Headline-level stance for corroboration.

``report_stance(claim, report)`` gives ``for`` (the report asserts the claim), ``against`` (it
denies or debunks it) or ``observing`` (it relays the claim without taking it on: "reportedly",
"claims", "rumour", a question). The evidence is cue words of denial and of hedging in the
report, the features Ferreira and Vlachos found strongest on Emergent. This is a baseline: the
headline–body stance model (:mod:`storyline.claims.stance`) was tried on headline pairs and
made accuracy slightly worse (bodies are what it learnt from), so it is not used here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

REFUTE = frozenset({
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "denial", "not", "despite",
    "nope", "doubt", "doubts", "bogus", "debunk", "debunks", "debunked", "pranks", "retract",
    "retracts", "retracted", "myth", "untrue", "satire", "satirical", "no", "never", "isn't",
    "wasn't", "aren't", "didn't", "doesn't", "won't", "rejects", "dismisses", "refutes",
})
HEDGE = frozenset({
    "reportedly", "reported", "reports", "report", "allegedly", "alleged", "claims", "claim",
    "claimed", "rumor", "rumors", "rumour", "rumours", "rumored", "rumoured", "may", "might",
    "could", "possibly", "apparently", "supposedly", "purportedly", "suggests", "suggest",
    "unconfirmed", "unverified", "says", "said", "according", "sources", "source", "believed",
    "appears", "appear", "seems", "whether", "if", "speculation", "speculate", "possible",
    "purported",
})
WORD = re.compile(r"[\w']+|\?")


def cue_counts(text: str) -> tuple[int, int, bool]:
    """(denial cues, hedging cues, is a question) in a text."""
    words = [w.casefold() for w in WORD.findall(text)]
    return sum(w in REFUTE for w in words), sum(w in HEDGE for w in words), "?" in words


def report_stances(claims: Sequence[str], reports: Sequence[str]) -> list[str]:
    """``for`` / ``against`` / ``observing`` for each (claim, report) pair."""
    out = []
    for claim, report in zip(claims, reports, strict=True):
        refute, hedge, question = cue_counts(report)
        if refute > cue_counts(claim)[0]:  # a denial word the claim itself does not carry
            out.append("against")
        elif hedge or question:
            out.append("observing")
        else:
            out.append("for")
    return out


def report_stance(claim: str, report: str) -> str:
    """The stance of one report towards one claim."""
    return report_stances([claim], [report])[0]
