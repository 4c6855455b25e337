"""Where the coverage disagrees: claims about the same thing whose slots conflict.

Two claims from different articles are about the same thing when their content words overlap
(see :func:`storyline.claims.group.similarity`) and, where both name any, they share a name.
Their slots are then compared, each slot with its own bar, set high because a false alarm
costs the reader more than a miss:

- ``number``: the same kind of thing counted ("12,000 dockworkers" / "10,000 members of the
  Dockworkers' Union") with no compatible reading (:mod:`storyline.claims.compat`: rounded
  numbers, "about", "more than" and ranges are compatible);
- ``duration``: the same for lengths of time ("two years" / "five years");
- ``date``: one calendar day each, different days;
- ``place``: where it happened ("in Castellmar" / "in Rivena"), on the same day, and neither
  place named in the other claim or known to lie in the other ("Castellmar, Thalmira");
- ``negation``: one claim negated and the other not ("ready to negotiate" / "not up for
  negotiation"), with the same subject words;
- ``attribution``: the same quoted words (near-identical claims, speakers left out) given to
  two named speakers who share no name word.

A headline that places a meeting elsewhere than its story's bodies is a ``place`` discrepancy
too (:mod:`storyline.claims.headline`). Not handled: names and titles ("Deputy Minister" vs
"Minister"), and conflicts inside one article.

Conflicting pairs with the same slot and values become one discrepancy whose sides carry the
spans of every claim (and of its claim-group mates) that holds each value.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.claims.compat import Quantity, compatible, dates_compatible, normalise
from storyline.claims.group import (
    ROLES,
    ClaimView,
    candidate_pairs,
    content_tokens,
    stem,
    views,
)
from storyline.claims.headline import MEETING, find_headline_conflicts, nested_places
from storyline.model.ids import content_id
from storyline.model.records import (
    Article,
    Claim,
    ClaimGroup,
    Discrepancy,
    DiscrepancySide,
    OriginGroup,
    Span,
)
from storyline.pipeline.stages import count_origins

__all__ = ["find_discrepancies", "merge_discrepancies"]

BARS = {"number": 0.45, "duration": 0.55, "date": 0.5, "place": 0.45, "negation": 0.45,
        "attribution": 0.8}
_TITLE_WORDS = frozenset(("mr", "mrs", "ms", "dr", "sir", "prime", "foreign", "defence", "defense",
                          "trade", "finance", "interior", "state", "vice", "first", "the"))
_COUNTED_BAR = 0.15  # a number pair counting the same thing on the same day may sit lower
_SURE = 0.65  # similar enough to need no further sign that two claims tell one event
_FUTURE = re.compile(
    r"\b(?:will|shall|is due|are due|was due|were due|due to|planned|plans? to|scheduled|"
    r"expected to|next|to be held|is to|are to|would)\b", re.IGNORECASE)
_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b",
    re.IGNORECASE)
_ORDINALS = frozenset(("first", "second", "third", "fourth", "fifth", "final", "last"))
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}$",
                       re.IGNORECASE)
_HELD = re.compile(r"\b(?:held|hold|holds|gathered)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no|n't|cannot|nobody|nothing|none)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass
class _Side:
    value: str
    spans: dict[tuple[str, int, int], Span] = field(default_factory=dict)


@dataclass
class _Conflict:
    slot: str
    sides: dict[str, _Side] = field(default_factory=dict)

    def add(self, key: str, value: str, view: ClaimView) -> None:
        side = self.sides.setdefault(key, _Side(value))
        span = view.claim.span
        side.spans[(span.article_id, span.start, span.end)] = span


def find_discrepancies(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    groups: Sequence[ClaimGroup],
    origins: Sequence[OriginGroup],
    story_id: str,
) -> tuple[Discrepancy, ...]:
    """Conflicting slots between claims about the same thing in different articles."""
    items = views(articles, claims)
    mates = _mates(items, groups)
    found: dict[tuple[str, frozenset[str]], _Conflict] = {}
    for sim, i, j in candidate_pairs(items, _COUNTED_BAR):
        a, b = items[i], items[j]
        score = aboutness(a, b, sim)
        conflicts = [] if score is None else _slot_conflicts(a, b, score, articles)
        said = _attribution(a, b, sim)
        if said is not None:
            conflicts.append(("attribution", *said))
        for slot, (ka, va), (kb, vb) in conflicts:
            conflict = found.setdefault((slot, frozenset((ka, kb))), _Conflict(slot))
            for key, value, view in ((ka, va, a), (kb, vb, b)):
                conflict.add(key, value, view)
                for mate in mates.get(view.claim.id, ()):
                    if key in _keys(mate, slot, value):
                        conflict.add(key, value, mate)
    records = [_record(c, story_id) for c in found.values()]
    records.extend(find_headline_conflicts(articles, claims, story_id))
    return tuple(sorted(records, key=lambda d: d.id))


def _mates(items: Sequence[ClaimView], groups: Sequence[ClaimGroup]) -> dict[str, list[ClaimView]]:
    """Each claim's fellow members of its claim group."""
    by_id = {v.claim.id: v for v in items}
    out: dict[str, list[ClaimView]] = defaultdict(list)
    for g in groups:
        members = [by_id[c] for c in g.claim_ids if c in by_id]
        for v in members:
            out[v.claim.id] = [m for m in members if m is not v]
    return out


Value = tuple[str, str]  # (comparison key, value as shown)


def aboutness(a: ClaimView, b: ClaimView, sim: float) -> float | None:
    """How surely two claims speak of the same thing; None when they cannot."""
    if a.names and b.names and not a.names & b.names:
        return None
    oa = {w for w in _WORD.findall(a.text.casefold()) if w in _ORDINALS}
    ob = {w for w in _WORD.findall(b.text.casefold()) if w in _ORDINALS}
    if oa and ob and not oa & ob:
        return None  # the second round and the third are different events
    bonus = 0.1 if oa & ob else 0.0
    return sim + bonus + 0.05 * min(3, max(0, len(a.names & b.names) - 1))


def _slot_conflicts(a: ClaimView, b: ClaimView, sim: float,
                    articles: Sequence[Article]) -> list[tuple[str, Value, Value]]:
    """Every slot on which two claims about the same thing disagree."""
    out = []
    for slot, found in (("number", _number(a, b, sim, "")), ("duration", _number(a, b, sim,
                        "duration")), ("date", _date(a, b, sim)),
                        ("place", _place(a, b, sim, articles)), ("negation", _negation(a, b, sim))):
        if found is not None:
            out.append((slot, *found))
    return out


def _same_thing(x: Quantity, y: Quantity) -> bool:
    """Whether two quantities count the same kind of thing."""
    if x.unit != y.unit:
        return False
    if not x.noun or not y.noun or x.unit == "duration":
        return x.noun == y.noun
    nx, ny = stem(x.noun), stem(y.noun)
    in_phrase = nx in {stem(w) for w in _WORD.findall(y.phrase)} or \
        ny in {stem(w) for w in _WORD.findall(x.phrase)}
    return nx == ny or nx.endswith(ny) or ny.endswith(nx) or in_phrase


def _number(a: ClaimView, b: ClaimView, sim: float, unit: str) -> tuple[Value, Value] | None:
    """A counted quantity on which the claims cannot both be right."""
    xs = [q for q in a.quantities if (q.unit == "duration") == (unit == "duration")]
    ys = [q for q in b.quantities if (q.unit == "duration") == (unit == "duration")]
    slot = "duration" if unit else "number"
    same_day = bool(a.days and a.days == b.days)
    for x in xs:
        partners = [y for y in ys if _same_thing(x, y)]
        if not partners or any(compatible(x, y) for y in partners):
            continue
        y = partners[0]
        if any(compatible(z, y) for z in xs if _same_thing(z, y)):
            continue
        counted = slot == "number" and same_day and x.noun and _near(x, y)
        if sim >= BARS[slot] or (counted and sim >= _COUNTED_BAR):
            return (_qkey(x), x.text), (_qkey(y), y.text)
    return None


def _near(x: Quantity, y: Quantity) -> bool:
    """Of one order: two differing counts of one thing (not "two" dead and "3,000" moved)."""
    low, high = sorted((x.value, y.value))
    return low > 0 and high / low <= 1.6


def _qkey(q: Quantity) -> str:
    return f"{q.unit}:{normalise(q)}"


def _date(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
    """One day each, not the same day, for something past told in like words."""
    if sim < BARS["date"] or len(a.days) != 1 or len(b.days) != 1:
        return None
    (da,), (db,) = a.days, b.days
    if dates_compatible(da, db) or _FUTURE.search(a.text) or _FUTURE.search(b.text):
        return None  # plans move and a story has many scheduled days
    if sim < _SURE and not _date_context(a.text) & _date_context(b.text):
        return None
    return (da, da), (db, db)


def _date_context(text: str) -> frozenset[str]:
    """What happened on the first day a text names: the lower-case content words just before it.

    Names are left out (a shared place or party does not make one event), and any meeting word
    ("talks", "met", "sat down", "held") reads as one "<meeting>".
    """
    m = _DAY.search(text)
    if not m:
        return frozenset()
    words = [w for w in _WORD.findall(text[: m.start()]) if not w[:1].isupper()]
    phrase = " ".join(words[-5:])
    meeting = bool(MEETING.search(phrase) or _HELD.search(phrase))
    return content_tokens(MEETING.sub(" ", phrase)) | ({"<meeting>"} if meeting else set())


def _locations(v: ClaimView) -> dict[str, str]:
    """Places the claim says something happened in or at (key -> name as written)."""
    out = {}
    for place in v.claim.places:
        for m in re.finditer(re.escape(place), v.text):
            if _LOCATIVE.search(v.text[: m.start()][-40:]):
                out[place[:5].casefold()] = place
                break
    return out


def _place(a: ClaimView, b: ClaimView, sim: float,
           articles: Sequence[Article]) -> tuple[Value, Value] | None:
    """Different places for the same thing on the same day."""
    if sim < BARS["place"] or not (a.days and a.days == b.days):
        return None
    la, lb = _locations(a), _locations(b)
    if not la or not lb or la.keys() & lb.keys():
        return None
    named_a = {k for k in la if k in b.text.casefold()}
    named_b = {k for k in lb if k in a.text.casefold()}
    if named_a or named_b:
        return None
    pa, pb = min(la.values()), min(lb.values())
    if nested_places(pa, pb, [art.text for art in articles]):
        return None
    return (pa.casefold(), pa), (pb.casefold(), pb)


def _negation(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
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


def _speaker_names(label: str) -> frozenset[str]:
    """The name words of a speaker label ("Deputy Minister Sergei Ryabkov" -> sergei, ryabkov)."""
    words = [w for w in _WORD.findall(label) if w[:1].isupper()]
    return frozenset(w.casefold() for w in words) - ROLES - _TITLE_WORDS


def _attribution(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
    """The same quoted words given to two differently named speakers.

    Both speakers must be named (a "senior official" may be anyone), each in its own sentence
    and not in the other, and share no name word ("Ryabkov" and "Sergei Ryabkov" are one).
    """
    if sim < BARS["attribution"] or not (a.claim.quote_id and b.claim.quote_id):
        return None
    sa, sb = a.claim.asserted_by or "", b.claim.asserted_by or ""
    na, nb = _speaker_names(sa), _speaker_names(sb)
    if not na or not nb or na & nb:
        return None
    wa = {w.casefold() for w in _WORD.findall(a.text)}
    wb = {w.casefold() for w in _WORD.findall(b.text)}
    if not (na <= wa and nb <= wb) or na & wb or nb & wa:
        return None  # each speaker is named in its own sentence only
    return (f"said by:{sa.casefold()}", sa), (f"said by:{sb.casefold()}", sb)


def _negated_phrase(text: str) -> str:
    """The negation and the few words it governs ("not up for negotiation")."""
    m = _NEGATION.search(text)
    if not m:
        return text
    words = []
    for w in _WORD.finditer(text, m.start()):
        if any(c in text[m.start() : w.start()] for c in ",;:.\u201d\"") or len(words) >= 5:
            break
        words.append(w.group(0))
    return " ".join(words)


def _matching_phrase(text: str, wanted: frozenset[str]) -> str:
    """Up to three words ending at the first word that matches one of ``wanted``."""
    words = _WORD.findall(text)
    for i, w in enumerate(words):
        if stem(w) in wanted:
            return " ".join(words[max(0, i - 2) : i + 1])
    return " ".join(words[:5])


def _keys(view: ClaimView, slot: str, value: str) -> set[str]:
    """The comparison keys a claim holds for a slot (used to extend a side to group mates)."""
    if slot in ("number", "duration"):
        return {_qkey(q) for q in view.quantities}
    if slot == "date":
        return set(view.days)
    if slot == "place":
        return {p.casefold() for p in view.claim.places}
    if slot == "attribution":
        return {f"said by:{(view.claim.asserted_by or '').casefold()}"}
    return {f"{'negated' if view.claim.negated else 'affirmed'}:{value.casefold()}"}


def _record(conflict: _Conflict, story_id: str) -> Discrepancy:
    sides = sorted(
        (DiscrepancySide(s.value, tuple(sorted(s.spans.values())))
         for s in conflict.sides.values()),
        key=lambda s: (-len(s.evidence), s.value),
    )
    values = sorted(s.value for s in sides)
    shown = " vs ".join(f"{s.value} ({len({e.article_id for e in s.evidence})} article"
                        f"{'s' if len({e.article_id for e in s.evidence}) != 1 else ''})"
                        for s in sides)
    return Discrepancy(
        id=content_id("d", story_id, conflict.slot, *values),
        slot=conflict.slot,
        sides=tuple(sides),
        story_id=story_id,
        description=f"The reports disagree on a {conflict.slot}: {shown}.",
    )


def _values(d: Discrepancy) -> tuple[str | None, str, frozenset[str]]:
    return d.story_id, d.slot, frozenset(" ".join(s.value.casefold().split()) for s in d.sides)


def merge_discrepancies(
    earlier: Sequence[Discrepancy], later: Sequence[Discrepancy], index: dict[str, str]
) -> tuple[Discrepancy, ...]:
    """``earlier`` then ``later``, a later one that repeats an earlier one (same story, slot and
    values, as another stage may find it) folded into it: each side's evidence joined and its
    independent origins counted again (``index`` maps article id to origin group id)."""
    out = list(earlier)
    at = {_values(d): i for i, d in enumerate(out)}
    for d in later:
        key = _values(d)
        if key not in at:
            at[key] = len(out)
            out.append(d)
            continue
        old = out[at[key]]
        extra = {" ".join(s.value.casefold().split()): s.evidence for s in d.sides}
        sides = []
        for side in old.sides:
            spans = tuple(sorted(set(side.evidence) | set(extra.get(
                " ".join(side.value.casefold().split()), ()))))
            origins = count_origins([e.article_id for e in spans], index)
            sides.append(DiscrepancySide(side.value, spans, origins))
        out[at[key]] = Discrepancy(old.id, old.slot, tuple(sides), old.story_id, old.description)
    return tuple(out)
