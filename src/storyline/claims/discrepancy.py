"""Where the coverage disagrees: claims about the same thing whose slots conflict.

Two claims from different articles are about the same thing when their content words overlap
(see :func:`storyline.claims.group.similarity`) and, where both name any, they share a name.
Their slots are then compared, each slot with its own bar, set high because a false alarm
costs the reader more than a miss:

- ``number``: the same kind of thing counted ("12,000 dockworkers" / "10,000 members of the
  Dockworkers' Union") with no compatible reading (:mod:`storyline.claims.compat`: rounded
  numbers, "about", "more than" and ranges are compatible), in claims told in like words; or,
  however differently told, a count of at least 100 of one specific group (not "people") on the
  same single day, of one order, in claims that share a name and speak of no plan;
- ``duration``: the same for lengths of time ("two years" / "five years");
- ``date``: one calendar day each, different days;
- ``place``: where it happened ("in Castellmar" / "in Rivena"), on the same day; or, with no
  day or agreeing days, in claims that are near-identical once the places are set aside and that
  no sentence of the story names together ("rallies in Boston and Chicago"); neither place
  named in the other claim or known to lie in the other ("Castellmar, Thalmira");
- ``negation``: one claim negated and the other not ("ready to negotiate" / "not up for
  negotiation"), with the same subject words;
- ``title``: one person (same surname, same first name where both give one) with two titles
  that cannot both hold: a rank on one side only for the same office and portfolio ("Deputy
  Foreign Minister" / "Foreign Minister"; "Vice" is read as "Deputy") or two portfolios of one
  office ("Defence Minister" / "Finance Minister"); a former title, a bare office and a
  surname an article itself gives both titles are left alone;
- ``attribution``: the same quoted words (near-identical claims, speakers left out) given to
  two named speakers who share no name word.

A headline that places a meeting elsewhere than its story's bodies is a ``place`` discrepancy
too (:mod:`storyline.claims.headline`). Not handled: conflicts inside one article, names
spelled differently for one person, and titles given after the name ("Ilse Marten, the
foreign minister").

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
    similarity,
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
_RANKS = frozenset(("deputy", "vice", "assistant", "acting", "associate", "under", "junior"))
_SAME_RANK = {"vice": "deputy"}  # "Vice Secretary" is how some translate "Deputy Secretary"
_PORTFOLIOS = frozenset((
    "foreign", "defence", "defense", "finance", "trade", "interior", "home", "labour", "labor",
    "health", "justice", "economy", "economic", "energy", "agriculture", "transport", "education",
    "environment", "culture", "treasury", "commerce", "industry", "security", "war"))
_OFFICES = frozenset((
    "minister", "secretary", "president", "premier", "chancellor", "ambassador", "envoy",
    "governor", "mayor", "director", "commissioner", "chairman", "chairwoman", "chair",
    "spokesman", "spokeswoman", "spokesperson", "general", "attorney", "senator", "adviser",
    "advisor", "administrator", "counsel", "speaker", "chief"))
_TITLE_WORD = (r"(?:" + "|".join(sorted(
    {w.capitalize() for w in _RANKS | _PORTFOLIOS | _OFFICES} | {"Prime", "State", "National",
                                                                 "First", "Second"}))
               + r")")
_TITLED = re.compile(
    rf"(?P<title>{_TITLE_WORD}(?:[ -](?:of |for |and |the )*{_TITLE_WORD})*)"
    r"\s+(?P<name>[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?)\b")
_CROWD = 100  # a count this large of one group on one day is one figure, told twice
_GENERIC = frozenset(stem(w) for w in (
    "people", "persons", "person", "men", "women", "children", "residents", "others", "times",
    "more", "other", "new", "additional", "extra", "further", "of"))
_PLACE_SAME = 0.7  # words shared, places aside, by two claims placing one thing differently
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
        if score is None and _share_names_but_places(a, b):
            place = _place(a, b, sim, articles)  # the only names may be the places
            conflicts.extend([("place", *place)] if place is not None else [])
        said = _attribution(a, b, sim)
        if said is not None:
            conflicts.append(("attribution", *said))
        _note(found, mates, a, b, conflicts)
    for a, b in _same_day_pairs(items):
        counted = _counted(a, b)
        _note(found, mates, a, b, [("number", *counted)] if counted is not None else [])
    for a, b, titles in _title_conflicts(items):
        _note(found, mates, a, b, [("title", *titles)])
    records = [_record(c, story_id) for c in found.values()]
    records.extend(find_headline_conflicts(articles, claims, story_id))
    return tuple(sorted(records, key=lambda d: d.id))


def _note(found: dict[tuple[str, frozenset[str]], _Conflict],
          mates: dict[str, list[ClaimView]], a: ClaimView, b: ClaimView,
          conflicts: list[tuple[str, Value, Value]]) -> None:
    """Add a pair's conflicts, each side with the claims of its group that hold its value."""
    for slot, (ka, va), (kb, vb) in conflicts:
        conflict = found.setdefault((slot, frozenset((ka, kb))), _Conflict(slot))
        for key, value, view in ((ka, va, a), (kb, vb, b)):
            conflict.add(key, value, view)
            for mate in mates.get(view.claim.id, ()):
                if key in _keys(mate, slot, value):
                    conflict.add(key, value, mate)


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
        counted = slot == "number" and same_day and not _generic(x) and _near(x, y)
        if sim >= BARS[slot] or (counted and sim >= _COUNTED_BAR):
            return (_qkey(x), x.text), (_qkey(y), y.text)
    return None


def _near(x: Quantity, y: Quantity) -> bool:
    """Of one order: two differing counts of one thing (not "two" dead and "3,000" moved)."""
    low, high = sorted((x.value, y.value))
    return low > 0 and high / low <= 1.6


def _same_day_pairs(items: Sequence[ClaimView]) -> list[tuple[ClaimView, ClaimView]]:
    """Pairs of claims from different articles that name one and the same single day."""
    by_day: dict[str, list[ClaimView]] = defaultdict(list)
    for v in items:
        if len(v.days) == 1 and any(q.noun and not q.unit for q in v.quantities):
            by_day[next(iter(v.days))].append(v)
    return [(a, b) for day in sorted(by_day) for n, a in enumerate(by_day[day])
            for b in by_day[day][n + 1 :] if a.article.id != b.article.id]


def _counted(a: ClaimView, b: ClaimView) -> tuple[Value, Value] | None:
    """Two differing counts of one specific group on one day, however differently told.

    "Some 12,000 dockworkers walked off the job on Monday" / "10,000 members of the Dockworkers'
    Union stayed away from work on Monday": the claims share a name, the counted noun is no
    general word ("people", "residents"), both counts are at least :data:`_CROWD` and of one
    order, neither claim speaks of plans, and no count of one side fits the other.
    """
    if not (a.names & b.names) or _FUTURE.search(a.text) or _FUTURE.search(b.text):
        return None
    for x in a.quantities:
        if x.unit or x.value < _CROWD or _generic(x):
            continue
        for y in b.quantities:
            if y.unit or y.value < _CROWD or _generic(y) or not _same_thing(x, y):
                continue
            if compatible(x, y) or not _near(x, y):
                continue
            if any(compatible(z, y) for z in a.quantities if _same_thing(z, y)) or \
                    any(compatible(z, x) for z in b.quantities if _same_thing(z, x)):
                continue
            return (_qkey(x), x.text), (_qkey(y), y.text)
    return None


def _generic(q: Quantity) -> bool:
    return not q.noun or stem(q.noun) in _GENERIC


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
    """Different places for the same thing: on the same day, or told in otherwise the same words.

    Places named by both claims are left out; each claim must keep a place the other does not
    name anywhere. Two claims on the same day need the place bar only. Claims with no day, or
    with days that agree, must be near-identical once their places are set aside (the same
    verb, no name apart from the places that only one of them has), say nothing of plans, and
    no sentence of the story may name both places (several can each be right: "rallies in
    Boston and Chicago").
    """
    la, lb = _locations(a), _locations(b)
    only_a = {k: v for k, v in la.items() if k not in lb and k not in b.text.casefold()}
    only_b = {k: v for k, v in lb.items() if k not in la and k not in a.text.casefold()}
    if not only_a or not only_b:
        return None
    pa, pb = min(only_a.values()), min(only_b.values())
    texts = [art.text for art in articles]
    if a.days and a.days == b.days:
        if sim < BARS["place"] or la.keys() & lb.keys():
            return None
    elif not _same_but_places(a, b, la, lb) or _named_together(pa, pb, texts):
        return None
    if nested_places(pa, pb, texts):
        return None
    return (pa.casefold(), pa), (pb.casefold(), pb)


def _named_together(x: str, y: str, texts: Sequence[str]) -> bool:
    """Whether one sentence of the story names both places ("rallies in Boston and Chicago")."""
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            if x in sentence and y in sentence:
                return True
    return False


def _share_names_but_places(a: ClaimView, b: ClaimView) -> bool:
    """Whether the claims share a name, or name nothing, once their places are set aside."""
    keys = _place_keys(_locations(a), _locations(b))
    na, nb = a.names - keys, b.names - keys
    return not (na and nb) or bool(na & nb)


def _place_keys(la: dict[str, str], lb: dict[str, str]) -> set[str]:
    """The name keys (five-letter prefixes) of the places two claims give."""
    return {k[:5] for k in (*la, *lb)} | {w[:5].casefold() for p in (*la.values(), *lb.values())
                                          for w in _WORD.findall(p)}


def _same_but_places(a: ClaimView, b: ClaimView, la: dict[str, str], lb: dict[str, str]) -> bool:
    """Whether two claims say the same thing in the same words, their places apart."""
    if a.days and b.days and not all(dates_compatible(x, y) for x in a.days for y in b.days):
        return False
    if a.claim.predicate != b.claim.predicate or a.claim.negated != b.claim.negated:
        return False
    if _FUTURE.search(a.text) or _FUTURE.search(b.text):
        return False  # a venue planned and moved is news, not a disagreement
    place_words = {stem(w) for p in (*la.values(), *lb.values()) for w in _WORD.findall(p)}
    keys = _place_keys(la, lb)
    if a.names - keys != b.names - keys:
        return False
    return similarity(a.tokens - place_words, b.tokens - place_words) >= _PLACE_SAME


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
    """The name words of a speaker label ("Labour Minister Adela Korvin" -> adela, korvin)."""
    words = [w for w in _WORD.findall(label) if w[:1].isupper()]
    return frozenset(w.casefold() for w in words) - ROLES - _TITLE_WORDS


def _attribution(a: ClaimView, b: ClaimView, sim: float) -> tuple[Value, Value] | None:
    """The same quoted words given to two differently named speakers.

    Both speakers must be named (a "senior official" may be anyone), each in its own sentence
    and not in the other, and share no name word ("Korvin" and "Adela Korvin" are one).
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


@dataclass(frozen=True)
class _Titled:
    """A person named with a title in a claim: "Labour Minister Adela Korvin"."""

    title: str  # as written ("Labour Minister")
    head: str  # the office ("minister")
    rank: frozenset[str]  # "deputy", "vice", ...
    portfolio: frozenset[str]  # "foreign", "defence", ...
    first: str  # first name, lower case ("" when only the surname is given)
    last: str
    shown: str  # title and name as written


def titled_people(text: str) -> list[_Titled]:
    """Every person named right after a title in a text (a former title is left out)."""
    out = []
    for m in _TITLED.finditer(text):
        words = [w.casefold() for w in _WORD.findall(m.group("title"))]
        if text[max(0, m.start() - 7) : m.start()].casefold().strip() in ("former", "ex-"):
            continue
        heads = [w for w in words if w in _OFFICES]
        if not heads:
            continue
        name = m.group("name").split()
        out.append(_Titled(
            title=m.group("title"), head=heads[-1],
            rank=frozenset(_SAME_RANK.get(w, w) for w in words if w in _RANKS),
            portfolio=frozenset(w for w in words if w in _PORTFOLIOS),
            first=name[0].casefold() if len(name) > 1 else "", last=name[-1].casefold(),
            shown=m.group(0)))
    return out


def titles_conflict(x: _Titled, y: _Titled) -> bool:
    """Whether two titles cannot both be one person's office at one time.

    The same office and portfolio with a rank on one side only ("Deputy Foreign Minister" /
    "Foreign Minister"), or the same office with two different portfolios ("Defence Minister" /
    "Finance Minister"). A shortened title ("Minister" for "Deputy Foreign Minister") is
    compatible, and so, as it may be one, is a bare office against a ranked one ("President" /
    "Vice President"); two different offices ("President" / "Chairman") are left alone, as one
    person may hold both; a surname given two first names is two people.
    """
    if x.head != y.head or x.last != y.last or (x.first and y.first and x.first != y.first):
        return False
    if x.rank != y.rank:
        return bool(x.portfolio) and x.portfolio == y.portfolio
    return bool(x.portfolio and y.portfolio and not x.portfolio & y.portfolio)


def _title_conflicts(items: Sequence[ClaimView]) -> list[tuple[ClaimView, ClaimView,
                                                               tuple[Value, Value]]]:
    """Claims of different articles giving one person two conflicting titles.

    An article that itself uses both titles for the surname (two people, or a promotion it
    reports) keeps the pair quiet.
    """
    found = [(v, t) for v in items for t in titled_people(v.text)]
    both: set[tuple[str, str, str]] = set()
    for (v, x), (w, y) in ((p, q) for p in found for q in found):
        if v.article.id == w.article.id and titles_conflict(x, y):
            both.add((v.article.id, x.last, x.head))
    out = []
    for n, (v, x) in enumerate(found):
        for w, y in found[n + 1 :]:
            if v.article.id == w.article.id or not titles_conflict(x, y):
                continue
            if {(v.article.id, x.last, x.head), (w.article.id, y.last, y.head)} & both:
                continue
            out.append((v, w, ((_title_key(x), x.shown), (_title_key(y), y.shown))))
    return out


def _title_key(t: _Titled) -> str:
    return f"title:{' '.join(sorted(t.rank))}|{' '.join(sorted(t.portfolio))}|{t.head}|{t.last}"


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
    if slot == "title":
        return {_title_key(t) for t in titled_people(view.text)}
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
