"""Events per article and the merged timeline of a story.

:func:`find_events` reads each sentence for event triggers (by lemma and part of speech):

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

Dates (date-like time expressions), places (GPE/LOC names after "in"/"at" that are not
modifiers, as in "the Ukraine crisis") and participants (named people, organisations and
countries) belong to the first trigger above them in the parse; dates and places that reach
none go to the nearest non-statement trigger, participants to the sentence's main trigger (the
first kind in the table's order). A trigger becomes an event when it owns a date or a place, or
is the main one; a statement needs a speaker (the subject of its verb) and is dated to the
publication day when it owns no date; events that end up with neither a date nor a place are
dropped. ``scheduled`` marks events in a future-tense clause (or dated after publication) that
do not lie wholly before publication; the evidence is the sentence.

:func:`merge_events` merges the same event across articles: the same kind (meetings and talks
count as one family), overlapping dates (an unknown date overlaps everything), and the same
place or shared participants, where no two known places differ; statements merge only with the
same speaker on the same day. Each event joins the best-fitting group (the same place, most
participants in common, most articles). Participants become entity ids where an entity's
mention covers them in the evidence, places their entity's name. Every source's evidence is
kept. Two groups that look like one event told differently are flagged as
:class:`~storyline.model.records.Discrepancy`: ``date`` when kind, place and participants agree
but the days differ, ``place`` when kind, day and participants agree but the places differ; only
between groups no article reports together, and only for dates the texts give.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyline.language.timex import clause_tense, publication_date
from storyline.language.timex_anchor import parse_value
from storyline.model.ids import content_id
from storyline.model.records import (
    Article,
    Discrepancy,
    DiscrepancySide,
    Entity,
    Event,
    Mention,
    Span,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["event_day", "find_events", "merge_events"]

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
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "GPE"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
SUMMARY_CHARS = 200
MAX_DAYS = 3  # events one trigger yields at most, one per day it owns
# kinds whose date or place sources can contradict: a strike or a flood spans days and places
CONFLICT_KINDS = frozenset({"meeting", "talks", "announcement", "deployment"})
_FAMILY = {"meeting": "meeting", "talks": "meeting"}


def event_day(value: str | None) -> str | None:
    """The ISO day of a day-granular date value ("2025-03-14T10:00" -> "2025-03-14"), else None."""
    if value and re.match(r"\d{4}-\d\d-\d\d", value):
        return value[:10]
    return None


# --------------------------------------------------------------------------- per article


def _trigger_kind(tok: Token) -> str | None:
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


def _sentences(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    if doc is not None and doc.text == text[: len(doc.text)]:
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


@dataclass(slots=True)
class _Trigger:
    kind: str
    start: int
    end: int
    token: Token | None = None


def _triggers(doc: Doc, start: int, end: int) -> list[_Trigger]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    for tok in span:
        kind = _trigger_kind(tok)
        if kind:
            found.append(_Trigger(kind, tok.idx, tok.idx + len(tok.text), tok))
    return found


def _owner(tok: Token, owners: dict[int, _Trigger]) -> _Trigger | None:
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


def _nearest(trigs: Sequence[_Trigger], start: int) -> _Trigger:
    return min(trigs, key=lambda t: abs(t.start - start))


_PLACE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]t)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}?"
                           r"(?:[A-Z][\w.-]*\s*(?:,|and|or)\s+)?$")


def _is_place(text: str, doc: Doc, m: Mention) -> bool:
    """A GPE/LOC name introduced by "in"/"at" that is not a modifier ("in the Ukraine crisis");
    a one-word name the tagger took for a person or organisation counts too ("in Rivena")."""
    if m.kind not in ("name", "title"):
        return False
    surface = text[m.span.start : m.span.end]
    if m.label not in PLACE_LABELS and not (
            m.label in ("ORG", "PERSON") and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", surface)
            and not text.startswith(("'", "’"), m.span.end)):
        return False
    if not _PLACE_BEFORE.search(text[max(0, m.span.start - 40) : m.span.start]):
        return False
    root = _root(doc, m.span.start, m.span.end)
    return root is None or root.dep_ not in ("compound", "amod", "nmod")


def _speaker(doc: Doc, trig: _Trigger, mentions: Sequence[Mention]) -> Mention | None:
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
    trig: _Trigger
    times: list[TimeExpression] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def _drafts(doc: Doc, trigs: list[_Trigger], times: Sequence[TimeExpression],
            places: Sequence[Mention], mentions: Sequence[Mention]) -> list[_Draft]:
    """Triggers with the dates, places and actors that belong to them: by the parse (the first
    trigger above them), else dates and places go to the nearest event trigger and actors to the
    main one. Statements count only when they own a date or nothing else fires."""
    owners = {t.token.i: t for t in trigs if t.token is not None}
    drafts = {id(t): _Draft(t) for t in trigs}
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
    Thursday" gives the meeting its date and place together."""
    out: list[_Draft] = []
    for d in drafts:
        family = _FAMILY.get(d.trig.kind, d.trig.kind)
        days = {t.value[:10] for t in d.times if t.value}
        mate = next((o for o in out if _FAMILY.get(o.trig.kind, o.trig.kind) == family
                     and not ({t.value[:10] for t in o.times if t.value} and days
                              and {t.value[:10] for t in o.times if t.value} != days)), None)
        if mate is None or family == "statement":
            out.append(d)
            continue
        mate.times += d.times
        mate.places += [p for p in d.places if p not in mate.places]
        mate.mentions += [m for m in d.mentions if m not in mate.mentions]
    return out


def _pick_time(times: Sequence[TimeExpression], trig: _Trigger) -> TimeExpression | None:
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
    if doc is None or doc.text != text[: len(doc.text)]:
        return ()  # no parse of this text
    published = publication_date(article)
    events: list[Event] = []
    for s_start, s_end in _sentences(doc, text):
        start, end = _trim(text, s_start, s_end)
        trigs = _triggers(doc, start, end) if end > start else []
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
                key = (_FAMILY.get(event.kind, event.kind), event.date) if event else None
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
    """The place of each day: in order when there are as many ("in Brussels and Vienna on
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
    interval = _interval(when)
    ahead = interval is None or published is None or interval[1] >= published
    scheduled = trig.kind != "statement" and ahead and (
        clause_tense(doc, trig.start, trig.end) == "future"
        or bool(interval and published and interval[0] > published))
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


# --------------------------------------------------------------------------- across articles


def _interval(value: str | None) -> tuple[date, date] | None:
    """The days a date value covers, as [first, last]."""
    parsed = parse_value(value)
    if parsed is None:
        return None
    first, gran = parsed
    if gran == "D":
        return first, first
    months = {"W": 0, "M": 1, "Q": 3, "Y": 12}[gran]
    y, m = divmod(first.month - 1 + months, 12)
    try:
        if gran == "W":
            return first, first + timedelta(days=6)
        return first, date(first.year + y, m + 1, 1) - timedelta(days=1)
    except (OverflowError, ValueError):  # the last period before year 10000
        return first, date.max


def _dates_overlap(a: str | None, b: str | None) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _place_key(place: str | None) -> str | None:
    if not place:
        return None
    return re.sub(r"^(?:the)\s+", "", " ".join(place.casefold().split()))


@dataclass
class _Group:
    kind: str
    events: list[Event] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {sp.article_id for ev in self.events for sp in ev.evidence}

    @property
    def participants(self) -> set[str]:
        return {p for ev in self.events for p in ev.participants}

    @property
    def places(self) -> set[str]:
        return {k for ev in self.events if (k := _place_key(ev.place))}

    @property
    def date(self) -> str | None:
        return _best_date(ev.date for ev in self.events)

    @property
    def day(self) -> str | None:
        return event_day(self.date)


def _best_date(values: Iterable[str | None]) -> str | None:
    """The most specific date among values, the most frequent among equally specific ones."""
    rank = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}
    values = list(values)
    grans = {v: parsed[1] for v in values if v and (parsed := parse_value(v))}
    if not grans:
        return None
    counts = Counter(v for v in values if v in grans)
    return min(grans, key=lambda v: (rank[grans[v]], -counts[v], v))


def _entity_index(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Per article, the (start, end, entity id) of every entity mention."""
    index: dict[str, list[tuple[int, int, str]]] = {}
    for ent in entities:
        for m in ent.mentions:
            index.setdefault(m.span.article_id, []).append((m.span.start, m.span.end, ent.id))
    return index


def _resolve(ev: Event, texts: dict[str, str], index: dict[str, list[tuple[int, int, str]]],
             names: dict[str, str], story_id: str | None) -> Event:
    """Participants as entity ids (where an entity's mention in the evidence carries the text);
    the place as its entity's name."""
    participants: list[str] = []
    place = ev.place
    for p in ev.participants:
        key = p
        for sp in ev.evidence:
            text = texts.get(sp.article_id, "")
            for s, e, ent_id in index.get(sp.article_id, ()):
                if sp.start <= s and e <= sp.end and text[s:e] == p:
                    key = ent_id
                    break
            if key != p:
                break
        if key not in participants:
            participants.append(key)
    if place:
        for sp in ev.evidence:
            text = texts.get(sp.article_id, "")
            hit = next((ent_id for s, e, ent_id in index.get(sp.article_id, ())
                        if sp.start <= s and e <= sp.end and text[s:e] == place), None)
            if hit:
                place = names.get(hit, place)
                break
    return replace(ev, participants=tuple(participants), place=place, story_id=story_id)


def _same_actors(a: _Group, b: _Group) -> bool:
    pa, pb = a.participants, b.participants
    return bool(pa & pb)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _score(g: _Group, ev: Event) -> float | None:
    """How well an event fits a group (None: not the same event)."""
    if _FAMILY.get(g.kind, g.kind) != _FAMILY.get(ev.kind, ev.kind):
        return None
    if not all(_dates_overlap(e.date, ev.date) for e in g.events):
        return None
    place = _place_key(ev.place)
    if place and g.places and place not in g.places:
        return None
    overlap = _jaccard(set(ev.participants), g.participants)
    if ev.kind == "statement":  # the same speaker, the same day
        same = ev.participants[:1] and any(e.participants[:1] == ev.participants[:1]
                                           for e in g.events)
        return 1 + overlap if same and event_day(ev.date) == g.day else None
    same_place = bool(place and place in g.places)
    bonus = 0.1 * len(g.articles)  # a vague mention joins the most reported event
    same_day = bool(ev.date and event_day(ev.date) == g.day)
    # "the meeting on Monday", sharing nothing else: that day's one, when nothing says otherwise
    bare = not (place or ev.participants) or not (g.places or g.participants)
    if not same_place and not set(ev.participants) & g.participants and not (
            same_day and (bare or _FAMILY.get(ev.kind) == "meeting") and not (place and g.places)):
        return None
    return 2 * same_place + overlap + bonus


def _sort_key(ev: Event) -> tuple:
    iv = _interval(ev.date)
    return (iv is None, iv[0] if iv else date.max, iv[1] if iv else date.max,
            KIND_ORDER.index(ev.kind) if ev.kind in KIND_ORDER else len(KIND_ORDER), ev.id)


def merge_events(
    articles: Sequence[Article],
    events: Sequence[Event],
    entities: Sequence[Entity],
    story_id: str | None,
) -> tuple[tuple[Event, ...], tuple[Discrepancy, ...]]:
    """The story's timeline: the same event across articles merged, sorted by date then kind,
    and the date and place conflicts between sources."""
    texts = {a.id: a.text for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    names = {e.id: e.name for e in entities}
    index = _entity_index(entities)
    resolved = [_resolve(ev, texts, index, names, story_id) for ev in events]
    groups: list[_Group] = []
    # dated and day-granular events first, so that vaguer ones join a precise group
    # precise events first (a day, then a place or actors), so that vaguer ones join them
    for ev in sorted(resolved, key=lambda e: (event_day(e.date) is None, e.date is None,
                                              not (e.place or e.participants), _sort_key(e))):
        scored = [(sc, -i, g) for i, g in enumerate(groups) if (sc := _score(g, ev)) is not None]
        group = max(scored, key=lambda x: x[:2])[2] if scored else None
        if group is None:
            group = _Group(ev.kind)
            groups.append(group)
        group.events.append(ev)
    merged = [(g, _merged(g, story_id, order)) for g in groups]
    conflicts = _conflicts([g for g, _ in merged], {id(g): ev for g, ev in merged}, names,
                           story_id)
    timeline = tuple(sorted((ev for _, ev in merged), key=_sort_key))
    return timeline, conflicts


def _merged(g: _Group, story_id: str | None, order: dict[str, int]) -> Event:
    evs = sorted(g.events, key=lambda e: (min(order.get(sp.article_id, 1 << 30)
                                              for sp in e.evidence), e.evidence[0].start))
    if len(evs) == 1 and evs[0].story_id == story_id:
        return evs[0]
    kinds = Counter(e.kind for e in evs)
    kind = min(kinds, key=lambda k: (-kinds[k], KIND_ORDER.index(k)))
    places = Counter(e.place for e in evs if e.place)
    participants: list[str] = []
    for e in evs:
        participants += [p for p in e.participants if p not in participants]
    evidence = sorted({sp for e in evs for sp in e.evidence},
                      key=lambda sp: (order.get(sp.article_id, 1 << 30), sp.start))
    time_ids = tuple(dict.fromkeys(t for e in evs for t in e.time_ids))
    return Event(
        id=content_id("ev", story_id, *sorted(e.id for e in evs)),
        kind=kind,
        evidence=tuple(evidence),
        date=g.date,
        scheduled=all(e.scheduled for e in evs),
        place=places.most_common(1)[0][0] if places else None,
        participants=tuple(participants),
        story_id=story_id,
        time_ids=time_ids,
        summary=evs[0].summary,
    )


def _conflicts(groups: list[_Group], merged: dict[int, Event], names: dict[str, str],
               story_id: str | None) -> tuple[Discrepancy, ...]:
    out: list[Discrepancy] = []
    candidates = [g for g in groups if g.kind in CONFLICT_KINDS and _from_text(g)]
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            slot = _conflict_slot(a, b)
            if slot is None or a.articles & b.articles:
                continue  # one article telling both: two events, not two versions
            if slot == "date" and _between(a, b, candidates):
                continue  # a nearer day is the other version, this one a later round
            out.append(_discrepancy(slot, merged[id(a)], merged[id(b)],
                                    a.participants & b.participants, names, story_id))
    return tuple(out)


def _between(a: _Group, b: _Group, groups: Sequence[_Group]) -> bool:
    """Whether another group like ``a`` lies on a day between ``a``'s and ``b``'s."""
    lo, hi = sorted((a.day or "", b.day or ""))
    return any(c is not a and c is not b and c.day and lo < c.day < hi
               and _conflict_slot(a, c) == "date" for c in groups)


def _discrepancy(slot: str, ea: Event, eb: Event, shared: set[str], names: dict[str, str],
                 story_id: str | None) -> Discrepancy:
    va, vb = (ea.date, eb.date) if slot == "date" else (ea.place, eb.place)
    sides = tuple(sorted((DiscrepancySide(str(va), ea.evidence),
                          DiscrepancySide(str(vb), eb.evidence)), key=lambda s: s.value))
    who = ", ".join(names.get(p, p) for p in sorted(shared)[:4])
    what = ea.kind + (f" of {who}" if who else "")
    where = f" in {ea.place}" if slot == "date" and ea.place else ""
    when = f" on {ea.date}" if slot == "place" and ea.date else ""
    return Discrepancy(
        id=content_id("dis", story_id, slot, ea.id, eb.id),
        slot=slot,
        sides=sides,
        story_id=story_id,
        description=f"Sources disagree on the {slot} of the {what}{where}{when}: "
                    + " vs ".join(s.value for s in sides),
    )


def _from_text(g: _Group) -> bool:
    return any(ev.time_ids for ev in g.events)


def _conflict_slot(a: _Group, b: _Group) -> str | None:
    """``date`` or ``place`` when two groups look like one event told two ways, else None."""
    if _FAMILY.get(a.kind, a.kind) != _FAMILY.get(b.kind, b.kind):
        return None
    day_a, day_b = a.day, b.day
    places_a, places_b = a.places, b.places
    actors = _same_actors(a, b)
    if day_a and day_b and day_a != day_b:
        same_place = bool(places_a & places_b)
        if same_place and (actors or not (a.participants or b.participants)):
            return "date"
        if not (places_a and places_b) and actors and _similar_actors(a, b):
            return "date"
        return None
    if day_a and day_a == day_b and places_a and places_b and not places_a & places_b:
        return "place" if actors else None
    return None


def _similar_actors(a: _Group, b: _Group) -> bool:
    """Participants mostly shared (Jaccard at least one half, two at least when there are two)."""
    pa, pb = a.participants, b.participants
    shared = pa & pb
    return len(shared) >= min(2, len(pa), len(pb)) and len(shared) * 2 >= len(pa | pb)
