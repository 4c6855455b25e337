"""The events of one article: triggers with the dates, places and participants they own.

Dates (date-like time expressions), places (GPE/LOC names after "in"/"at" that are not
modifiers, as in "the Portvale strike") and participants (named people, organisations and
countries) belong to the first trigger above them in the parse; dates and places that reach
none go to the nearest non-statement trigger, participants to the sentence's main trigger (the
first kind in :data:`~storyline.timeline.event_triggers.KIND_ORDER`). A trigger becomes an event
when it owns a date or a place, or is the main one; a statement needs a speaker (the subject of
its verb) and is dated to the publication day when it owns no date; events that end up with
neither a date nor a place are dropped. ``scheduled`` marks events in a future-tense clause (or
dated after publication) that do not lie wholly before publication; the evidence is the sentence.

Not handled: events told across sentences (each sentence is read alone), places given by
other prepositions ("near", "outside"), and participants named only by pronouns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from storyline.common.places import SAYING_PLACE
from storyline.language.nlp import doc_length, doc_text
from storyline.model.ids import content_id
from storyline.model.records import Article, Event, Mention, Span, TimeExpression
from storyline.timeline.anchor import parse_value
from storyline.timeline.event_dates import date_interval, event_day
from storyline.timeline.event_triggers import (
    KIND_ORDER,
    Trigger,
    family,
    find_triggers,
    trigger_candidates,
)
from storyline.timeline.timex import FORWARD_HEADS, clause_tense, publication_date

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_events"]

PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "GPE"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
SUMMARY_CHARS = 200
MAX_DAYS = 3  # events one trigger yields at most, one per day it owns
# verbs that hold an event named by their object: "to hold talks" plans the talks
LIGHT_VERBS = frozenset({"hold", "have", "host", "convene", "open", "begin", "start", "resume",
                         "stage", "call", "make", "issue"})


def _sentences(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    if doc is not None and doc_text(doc) == text[: doc_length(doc)]:
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


def _summary(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SUMMARY_CHARS:
        return flat
    cut = flat[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _owner(tok: Token, owners: dict[int, Trigger]) -> Trigger | None:
    """The first trigger on the way up from a token through its heads."""
    for _ in range(12):
        if tok.i in owners:
            return owners[tok.i]
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _nearest(trigs: Sequence[Trigger], start: int) -> Trigger:
    return min(trigs, key=lambda t: abs(t.start - start))


# on the same line as the place: "talks in Geneva\n\nMOSCOW, February 9" places nothing in
# the dateline's city
_PLACE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]t)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w.-]*[ \t]+){0,3}?"
                           r"(?:[A-Z][\w.-]*[ \t]*(?:,|and|or)[ \t]+)?$")


def _is_place(text: str, doc: Doc, m: Mention) -> bool:
    """A GPE/LOC name introduced by "in"/"at" that is not a modifier ("in the Portvale strike");
    a one-word name the tagger took for a person or organisation counts too ("in Rivena")."""
    if m.kind not in ("name", "title"):
        return False
    surface = text[m.span.start : m.span.end]
    if m.label not in PLACE_LABELS and not (
            m.label in ("ORG", "PERSON") and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", surface)
            and not text.startswith(("'", "’"), m.span.end)):
        return False
    before = text[max(0, m.span.start - 40) : m.span.start]
    if not _PLACE_BEFORE.search(before) or SAYING_PLACE.search(before):
        return False  # not introduced as a place, or where words were said
    root = _root(doc, m.span.start, m.span.end)
    return root is None or root.dep_ not in ("compound", "amod", "nmod")


def _speaker(doc: Doc, trig: Trigger, mentions: Sequence[Mention]) -> Mention | None:
    """For a statement, the mention that is the subject of the speech verb."""
    if trig.token is None:
        return None
    subj = next((c for c in trig.token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
    inside = [m for m in mentions if lo <= m.span.start and m.span.end <= hi
              and m.label != "DESCRIPTOR" and m.kind != "pronoun"]
    return max(inside, key=lambda m: m.span.end - m.span.start) if inside else None


def _participants(text: str, mentions: Sequence[Mention], places: Sequence[Mention],
                  first: Mention | None = None) -> tuple[str, ...]:
    out: list[str] = []
    for m in ([first] if first else []) + list(mentions):
        if m in places or m.label not in PARTICIPANT_LABELS or m.kind not in ("name", "title"):
            continue
        key = m.entity_id or text[m.span.start : m.span.end]
        if key not in out:
            out.append(key)
    return tuple(out)


@dataclass(slots=True)
class _Draft:
    trig: Trigger
    ahead: bool = False  # told as still to come or as a further round
    again: bool = False  # "meet again", "talks again": another occurrence than one told before
    times: list[TimeExpression] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def _verb_of(tok: Token) -> Token:
    """The verb a trigger hangs from (itself when it is one): "hold" in "to hold talks"."""
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.head is tok:
            return tok
        tok = tok.head
    return tok


def _planned(doc: Doc, trig: Trigger) -> bool:
    """A trigger in a future clause or the infinitive of a plan ("agreed to meet", "plans to
    hold talks"): an occurrence still to come when the clause was said. Not a noun under any
    other verb: "agreed to suspend the strike" plans the suspension, not the strike."""
    if clause_tense(doc, trig.start, trig.end) == "future":
        return True
    if trig.token is None:
        return False
    verb = _verb_of(trig.token)
    if verb is not trig.token and verb.lemma_.lower() not in LIGHT_VERBS:
        return False
    return (verb.dep_ in ("xcomp", "advcl", "ccomp") and verb.head.lemma_ in FORWARD_HEADS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))


def _again(trig: Trigger) -> bool:
    if trig.token is None:
        return False
    verb = _verb_of(trig.token)
    return any(c.lower_ == "again" for t in {trig.token, verb} for c in t.children)


def _drafts(doc: Doc, trigs: list[Trigger], times: Sequence[TimeExpression],
            places: Sequence[Mention], mentions: Sequence[Mention]) -> list[_Draft]:
    """Triggers with the dates, places and actors that belong to them: by the parse (the first
    trigger above them), else dates and places go to the nearest event trigger and actors to the
    main one. Statements count only when they own a date or nothing else fires."""
    owners = {t.token.i: t for t in trigs if t.token is not None}
    drafts = {id(t): _Draft(t, _planned(doc, t), _again(t)) for t in trigs}
    events = [t for t in trigs if t.kind != "statement"] or trigs
    primary = min(events, key=lambda t: (KIND_ORDER.index(t.kind), t.start))
    dated = [t for t in times if parse_value(t.value) and t.kind in ("DATE", "TIME")]
    for item in [*dated, *places, *mentions]:
        root = _root(doc, item.span.start, item.span.end)
        owner = _owner(root, owners) if root is not None else None
        if isinstance(item, TimeExpression):
            drafts[id(owner or _nearest(events, item.span.start))].times.append(item)
        elif item in places and not any(item in d.places for d in drafts.values()):
            drafts[id(owner or _nearest(events, item.span.start))].places.append(item)
        else:
            drafts[id(owner or primary)].mentions.append(item)
    out = [d for d in drafts.values() if d.times or d.places or d.trig is primary]
    return _fuse(sorted(out, key=lambda d: d.trig.start))


def _fuse(drafts: list[_Draft]) -> list[_Draft]:
    """One event per family and sentence unless their dates differ: "met for talks in Rivena on
    Thursday" gives the meeting its date and place together. A planned occurrence and a held
    one stay apart, and so does one told as happening again ("met on Monday and will meet again
    in Oslo": Oslo is not where they met)."""
    out: list[_Draft] = []
    for d in drafts:
        kin = family(d.trig.kind)
        days = {t.value[:10] for t in d.times if t.value}
        mate = next((o for o in out if family(o.trig.kind) == kin
                     and o.ahead == d.ahead and not d.again
                     and not ({t.value[:10] for t in o.times if t.value} and days
                              and {t.value[:10] for t in o.times if t.value} != days)), None)
        if mate is None or kin == "statement":
            out.append(d)
            continue
        mate.times += d.times
        mate.places += [p for p in d.places if p not in mate.places]
        mate.mentions += [m for m in d.mentions if m not in mate.mentions]
    return out


def _pick_time(times: Sequence[TimeExpression], trig: Trigger) -> TimeExpression | None:
    """The date-like expression nearest the trigger, day-granular ones first."""
    best: tuple[int, int, TimeExpression] | None = None
    for t in times:
        parsed = parse_value(t.value)
        if parsed is None:
            continue
        rank = 0 if parsed[1] == "D" else 1
        dist = min(abs(t.span.start - trig.end), abs(trig.start - t.span.end))
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, t)
    return best[2] if best else None


def find_events(
    article: Article,
    doc: Doc,
    times: Sequence[TimeExpression],
    mentions: Sequence[Mention],
) -> tuple[Event, ...]:
    """The events of one article: per sentence, its triggers with their dates and places."""
    text = article.text
    if doc is None or doc_text(doc) != text[: doc_length(doc)]:
        return ()  # no parse of this text
    published = publication_date(article)
    events: list[Event] = []
    candidates = trigger_candidates(doc)
    for s_start, s_end in _sentences(doc, text):
        start, end = _trim(text, s_start, s_end)
        trigs = find_triggers(doc, start, end, candidates) if end > start else []
        if not trigs:
            continue
        in_sentence = [t for t in times if start <= t.span.start and t.span.end <= end]
        sent_mentions = [m for m in mentions if start <= m.span.start and m.span.end <= end]
        places = [m for m in sent_mentions if _is_place(text, doc, m)]
        seen: set[tuple[str, str | None]] = set()
        for draft in _drafts(doc, trigs, in_sentence, places, sent_mentions):
            days = _distinct_days(draft)
            by_day = _places_by_day(draft, days)
            for k, time in enumerate(days):
                at = draft.trig.start if k == 0 or time is None else time.span.start
                event = _event(article, doc, draft, time, by_day[k], at, (start, end), places,
                               published)
                key = (family(event.kind), event.date) if event else None
                if event is None or key in seen:
                    continue
                seen.add(key)  # type: ignore[arg-type]
                events.append(event)
    return tuple(events)


def _distinct_days(draft: _Draft) -> list[TimeExpression | None]:
    """The trigger's date, or one per distinct day when it owns several ("continue on Thursday
    and end next Monday"); the first in the text keeps the trigger's id."""
    days: dict[str, TimeExpression] = {}
    for t in sorted(draft.times, key=lambda t: t.span.start):
        day = event_day(t.value)
        if day and day not in days:
            days[day] = t
    if len(days) < 2:
        return [_pick_time(draft.times, draft.trig)]
    return list(days.values())[:MAX_DAYS]


def _places_by_day(draft: _Draft, days: list[TimeExpression | None]) -> list[Mention | None]:
    """The place of each day: in order when there are as many ("in Rivena and Castellmar on
    Wednesday and Thursday"), else the one nearest the trigger."""
    places = sorted({id(p): p for p in draft.places}.values(), key=lambda m: m.span.start)
    if len(days) > 1 and len(places) == len(days):
        return list(places)
    near = min(places, key=lambda m: abs(m.span.start - draft.trig.start)) if places else None
    return [near] * len(days)


def _event(article: Article, doc: Doc, draft: _Draft, time: TimeExpression | None,
           place: Mention | None, at: int, sentence: tuple[int, int], places: Sequence[Mention],
           published: date | None) -> Event | None:
    """One event of a trigger, on the day of ``time``; ``at`` is the offset its id is made of."""
    trig, text = draft.trig, article.text
    when = None
    if time is not None:
        when = event_day(time.value) or time.value
    elif trig.kind == "statement" and published is not None:
        when = published.isoformat()
    if when is None and (place is None or trig.kind in ("statement", "report", "other")):
        return None  # nothing to place it on the timeline
    speaker = _speaker(doc, trig, draft.mentions) if trig.kind == "statement" else None
    if trig.kind == "statement" and speaker is None:
        return None
    interval = date_interval(when)
    ahead = interval is None or published is None or interval[1] >= published
    scheduled = trig.kind != "statement" and ahead and (
        draft.ahead or bool(interval and published and interval[0] > published))
    start, end = sentence
    return Event(
        id=content_id("ev", article.id, at),
        kind=trig.kind,
        evidence=(Span(article.id, start, end),),
        date=when,
        scheduled=scheduled,
        place=text[place.span.start : place.span.end] if place else None,
        participants=_participants(text, draft.mentions, places, speaker),
        time_ids=(time.id,) if time is not None else (),
        summary=_summary(text[start:end]),
    )
