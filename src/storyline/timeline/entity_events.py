"""The events a named entity takes part in, each anchored to a date when the text allows it.

An event is a predicate one of the entity's mentions is an argument of: the first verb above the
mention in the parse (through prepositions and noun phrases), the verbs coordinated with it
that share its subject, the verbs it governs with "to" ("plans to deliver"), and an event noun
on the way up ("the delivery of the A380", "Boeing's sale"). The anchor is the date-like time
expression attached to the predicate in the parse; else the publication day for a simple past
verb (or a verb in the headline, which news writes in the present); else none: perfect ("has
gained"), future, modal and present-tense states are left unanchored, as are nouns.

Not handled: mentions by pronoun or description ("the company"), events in other sentences
than the mention, anchors given by another event ("after the merger"), and durations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.model.records import Article, TimeExpression
from storyline.timeline.anchor import parse_value
from storyline.timeline.event_dates import event_day
from storyline.timeline.event_triggers import NOUN_TRIGGERS
from storyline.timeline.timex import publication_date

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["EntityEvent", "entity_events"]

_NOMINAL = re.compile(r"(?:tion|sion|ment|ance|ence|ure|al|ing)s?$")
_NOT_EVENTS = frozenset({"be", "have", "do", "company", "airline", "manufacturer", "maker"})
_PERFECT = frozenset({"has", "have", "had", "'s", "'ve", "'d"})


@dataclass(frozen=True, slots=True)
class EntityEvent:
    """One event word (its character range in the article) and its anchor value, if any."""

    start: int
    end: int
    anchor: str | None
    headline: bool = False


def _is_event_noun(tok: Token) -> bool:
    low = tok.lower_
    return tok.pos_ == "NOUN" and low not in _NOT_EVENTS and (
        low in NOUN_TRIGGERS or bool(_NOMINAL.search(low)) and len(low) > 5)


def _is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() not in _NOT_EVENTS


def _predicates(root: Token) -> list[Token]:
    """The event words a mention rooted at ``root`` is an argument of."""
    found: list[Token] = []
    tok = root
    for _ in range(8):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if _is_verb(tok):
            found.append(tok)
            break
        if _is_event_noun(tok):
            found.append(tok)
        if tok.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            break
    verbs = [t for t in found if _is_verb(t)]
    if verbs and root.dep_ in ("nsubj", "nsubjpass"):
        verbs += [c for c in verbs[0].children if c.dep_ == "conj" and _is_verb(c)
                  and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    verbs += [c for v in verbs for c in v.children if c.dep_ == "xcomp" and _is_verb(c)]
    return list({t.i: t for t in [*found, *verbs]}.values())


def _attached_time(tok: Token, times: dict[int, TimeExpression]) -> TimeExpression | None:
    """A time expression whose words hang from ``tok`` without crossing another verb."""
    for t in tok.subtree:
        if t.i not in times:
            continue
        up = t
        while up.i != tok.i and up.head.i != up.i and not (_is_verb(up) and up.i != t.i):
            up = up.head
        if up.i == tok.i:
            return times[t.i]
    return None


def _tense_anchor(tok: Token, headline: bool, day: str | None) -> str | None:
    if tok.pos_ != "VERB" or day is None:
        return None
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & _PERFECT or aux - {"was", "were", "did"}:
        return None  # perfect, future, modal or progressive: not the reporting day
    if tok.tag_ == "VBD" or (aux & {"was", "were"} and tok.tag_ == "VBN"):
        return day
    return day if headline and tok.tag_ in ("VBZ", "VBP") else None


def entity_events(
    article: Article,
    doc: Doc,
    times: Sequence[TimeExpression],
    spans: Sequence[tuple[int, int]],
    headline_end: int = 0,
) -> tuple[EntityEvent, ...]:
    """The events of the entity mentioned at ``spans``; text before ``headline_end`` is the
    headline (its present tense reports the publication day)."""
    published = publication_date(article)
    day = published.isoformat() if published else None
    by_token: dict[int, TimeExpression] = {}
    for t in times:
        if t.kind in ("DATE", "TIME") and parse_value(t.value):
            span = doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
            for tok in span or ():
                by_token[tok.i] = t
    seen: dict[int, EntityEvent] = {}
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for pred in _predicates(span.root):
            if pred.i in seen:
                continue
            time = _attached_time(pred, by_token)
            headline = pred.idx < headline_end
            value = event_day(time.value) or time.value if time else None
            anchor = value or _tense_anchor(pred, headline, day)
            seen[pred.i] = EntityEvent(pred.idx, pred.idx + len(pred.text), anchor, headline)
    return tuple(sorted(seen.values(), key=lambda e: e.start))
