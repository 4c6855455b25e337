"""Time expressions: a rule-based tagger and normaliser in the manner of HeidelTime.

:func:`find_times` finds dates, times, durations and sets in an article's clean text
(:mod:`storyline.timeline.rules`), reads the tense of the clause each one sits in from the
spaCy parse, and normalises it to a TIMEX3 value (:mod:`storyline.timeline.anchor`):

- absolute dates in every common shape: "14 March 2025", "March 14, 2025", "14.03.2025"
  (dotted numbers are day first; ambiguous slashed ones follow the text's unambiguous slashed
  dates, "25/12/2024" or "12/25/2024", else take the reading nearer the publication; either way
  the other reading is the ``alternative``), "2025-03-14", "March 2025", "2025"; impossible
  dates ("31.02.2025") are dropped; two-digit years take the century nearest the publication;
  full dates more than 30 years after it get half confidence;
- dates relative to the publication day: weekdays ("on Tuesday", "this Monday", "last Friday",
  "Tuesday evening"), "today", "yesterday", "tonight", "last week", "next month", "two years
  ago", month names and days without a year;
- dates relative to the last date mentioned: "two days later", "a day earlier", "that day",
  "the following week";
- durations ("three days" P3D, "two and a half years" P2Y6M, "more than two years" P2Y), sets
  ("every Monday" XXXX-WXX-1, "weekly" P1W) and clock times ("10 a.m.", "10:00", joined to the
  day they are on);
- vague references: "now" PRESENT_REF, "recently" PAST_REF, "soon" FUTURE_REF.

Tense: a "will"/"shall" auxiliary, a modal, or a verb such as "is scheduled", "plans to", "are due
to", "is to" in the clause means forward; a past-tense or perfect verb means backward; anything
else (present tense, headlines) takes the nearer reading with lower confidence and the other one
as ``alternative``. "This Monday" written on a Sunday is therefore the next day.

Without a publication date resolution still runs: absolute dates keep their values, relative ones
get value None and anchor ``none``, and a day and month take the last year mentioned (anchor
``mentioned``). Languages other than English are not handled.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyline.language.nlp import doc_length, doc_text
from storyline.model.ids import content_id
from storyline.model.records import Article, Span, TimeExpression
from storyline.timeline.anchor import Context, Resolved, parse_value, resolve
from storyline.timeline.rules import Cand, find_candidates

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["clause_tense", "find_times", "publication_date"]

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
FORWARD_MODALS = frozenset({"can", "may", "might", "should", "must", "ca"})
SCHEDULED = frozenset({"schedule", "slate", "plan", "due", "set", "expect", "timetable"})
FORWARD_HEADS = SCHEDULED | frozenset({"intend", "aim", "prepare", "hope", "want", "propose",
                                       "agree", "promise", "vow", "threaten", "seek", "go",
                                       "decide", "be", "invite", "ask", "urge", "call",
                                       "summon", "order", "allow", "need", "have"})
MOVED = frozenset({"postpone", "delay", "move", "reschedule", "defer", "push", "bring", "adjourn"})
NON_TIME_ENTS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "NORP"})
QUARTER_REACH = 500  # chars a quarter stays the reference
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def publication_date(article: Article) -> date | None:
    """The date part of ``article.published``, or None."""
    if not article.published:
        return None
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", article.published)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# --------------------------------------------------------------------------- tense


def _governor(tok: Token) -> Token | None:
    """The nearest verb above a token (the token itself when it is one)."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _pluperfect(v: Token) -> bool:
    """ "had been scheduled", "had planned": a past perfect auxiliary."""
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") and c.tag_ == "VBD"
               for c in v.children)


def _verb_tense(v: Token, depth: int = 0) -> str | None:
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if words & FUTURE_AUX or (v.lower_ in FUTURE_AUX and v.tag_ == "MD"):
        return "future"
    if words & FORWARD_MODALS:
        return "future"
    if "would" in words:
        return None
    past_aux = any(a.tag_ == "VBD" for a in aux)
    if v.lemma_ in MOVED:
        return None  # "postponed to Wednesday": the new date may lie either side
    if v.lemma_ in SCHEDULED and v.tag_ in ("VBN", "JJ", "VBD") and _pluperfect(v):
        return "past"
    if v.lemma_ in SCHEDULED and v.tag_ in ("VBN", "JJ", "VBD"):
        # "is scheduled for Monday": forward; "was planned", "the meeting set for Monday": open
        return "future" if aux and not past_aux and v.tag_ != "VBD" else None
    if v.dep_ in ("xcomp", "ccomp", "advcl") and "to" in words and depth < 3:
        head = v.head
        if _pluperfect(head) or (head.dep_ == "acomp" and _pluperfect(head.head)):
            return "past"  # "had been due to expire Friday": a plan reported as over
        if head.lemma_ in FORWARD_HEADS or any(c.dep_ == "acomp" and c.lemma_ in SCHEDULED
                                               for c in head.children):
            if head.lemma_ == "go" and head.tag_ != "VBG":
                return _verb_tense(head, depth + 1)
            ht = _verb_tense(head, depth + 1)
            return None if ht == "past" else "future"
        return _verb_tense(head, depth + 1)
    if any(c.dep_ == "acomp" and c.lemma_ in SCHEDULED for c in v.children):
        return "past" if _pluperfect(v) else None if v.tag_ == "VBD" else "future"
    if v.tag_ == "VBD" or past_aux:
        return "past"
    if v.tag_ in ("VBN", "VBG") and words & {"has", "have", "had", "'s", "'ve", "'d"}:
        return "past"
    if v.tag_ == "VBN" and v.dep_ == "acl":
        return "past"
    if v.tag_ == "VBG" and v.head is not v and v.dep_ in ("acl", "advcl", "pcomp"):
        return _verb_tense(v.head, depth + 1) if depth < 3 else None
    return None


def clause_tense(doc: Doc, start: int, end: int) -> str | None:
    """``past``, ``future`` or None: the tense of the clause a character range sits in."""
    if end > doc_length(doc) or start >= end:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = _governor(span.root)
    tense = _verb_tense(verb) if verb is not None else None
    prep = span.root.head if span.root.dep_ == "pobj" else None
    if tense == "past" and prep is not None and prep.lower_ in ("until", "till", "by", "before"):
        return None  # a deadline set in the past may still lie ahead
    return tense


# --------------------------------------------------------------------------- filters


def _keep(c: Cand, doc: Doc | None, text: str) -> bool:
    """Drop candidates the parse shows are not times: quantities, modal "may", names."""
    if doc is None:
        return True
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    toks = list(span)
    full_date = c.form == "abs" and "d" in c.f  # "03/02/2025": a date whatever the tagger says
    if not full_date and all(t.ent_type_ in NON_TIME_ENTS for t in toks if not t.is_punct):
        return False
    if c.form == "abs" and c.f.get("year_only") and len(toks) == 1:
        tok = toks[0]
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        prev = tok.nbor(-1) if tok.i > 0 else None
        if nxt is not None and nxt.tag_ == "NNS" and (prev is None or prev.pos_ not in (
                "DET", "ADP", "PRON") and prev.tag_ != "POS" and prev.lower_ != "fiscal"):
            return False  # "2000 troops"
    if c.form == "set" and c.start == span.start_char and len(toks) == 1 \
            and (toks[0].dep_ == "amod" or toks[0].pos_ in ("ADJ", "NOUN", "PROPN")):
        return False  # "a quarterly dividend", "the daily Granma"
    # "May" the modal, "march" the verb
    return not (c.form == "month" and toks[-1].lower_ in ("may", "march")
                and toks[-1].pos_ in ("AUX", "VERB"))


# --------------------------------------------------------------------------- sentences


def _sentences(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    if doc is not None and doc_text(doc) == text[: doc_length(doc)]:
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
        if bounds and bounds[-1][1] < len(text):
            bounds.append((bounds[-1][1], len(text)))
        return bounds
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(bounds):
        if s <= pos < e:
            return i
    return -1


# --------------------------------------------------------------------------- main


_NEEDS_TENSE = frozenset({"weekday", "md", "month", "holiday", "rel", "quarter", "clock",
                          "season", "weekend"})


def find_times(article: Article, doc: Doc) -> tuple[TimeExpression, ...]:
    """The time expressions of an article, normalised to TIMEX3 values."""
    text = article.text
    if doc is not None and doc_text(doc) != text[: doc_length(doc)]:
        doc = None  # a parse of some other text: rules only
    dct = publication_date(article)
    cands = [c for c in find_candidates(text) if _keep(c, doc, text)]
    day_first = _slash_order(cands)
    bounds = _sentences(doc, text)
    resolved: dict[int, Resolved] = {}
    mention: str | None = None
    mention_year: int | None = None
    last_quarter: tuple[int, str] | None = None
    history: list[tuple[int, str]] = []  # (offset, value) of every date mentioned, in order
    for i, c in enumerate(cands):
        if c.form == "clock":
            continue
        tense = clause_tense(doc, c.start, c.end) if doc is not None and c.form in _NEEDS_TENSE \
            else None
        quarter = last_quarter[1] if last_quarter and c.start - last_quarter[0] < QUARTER_REACH \
            else None
        res = _coordinated(cands, resolved, i, text) or resolve(
            c, Context(dct, tense, mention, mention_year, None, quarter, day_first))
        if res is None:
            continue
        resolved[i] = res
        if res.value and res.anchor != "none" and parse_value(res.value) \
                and c.kind in ("DATE", "TIME") and c.form not in ("ago", "year_ago") \
                and not (c.form == "after_mention" and c.f.get("sign", 1) < 0):
            mention = res.value
            history.append((c.end, res.value))
            if re.fullmatch(r"\d{4}-Q\d", res.value):
                last_quarter = (c.end, res.value)
            if res.anchor == "absolute":
                mention_year = int(res.value[:4])
    for i, c in enumerate(cands):
        if c.form != "clock":
            continue
        tense = clause_tense(doc, c.start, c.end) if doc is not None else None
        before = next((v for pos, v in reversed(history) if pos <= c.start), None)
        res = resolve(c, Context(dct, tense, before, mention_year,
                                 _sentence_day(cands, resolved, bounds, c)))
        if res is not None:
            resolved[i] = res
    out = []
    for i, c in enumerate(cands):
        res = resolved.get(i)
        if res is None:
            continue
        out.append(TimeExpression(
            id=content_id("t", article.id, c.start, c.end),
            span=Span(article.id, c.start, c.end),
            kind=c.kind,
            value=res.value,
            anchor=res.anchor,
            confidence=round(res.confidence, 2),
            alternative=res.alternative if res.alternative != res.value else None,
        ))
    return tuple(out)


def _slash_order(cands: list[Cand]) -> bool | None:
    """True (day first) or False when the text's unambiguous slashed dates agree, else None."""
    orders = {c.f["order"] for c in cands if c.f.get("order")}
    return orders == {"dm"} if len(orders) == 1 else None


_COORD = re.compile(r"\s*(?:,|and|or|to|through|until|till|-|–)\s*(?:(?:and|or)\s+)?(?:on\s+)?",
                    re.IGNORECASE)


def _coordinated(cands: list[Cand], resolved: dict[int, Resolved], i: int,
                 text: str) -> Resolved | None:
    """ "on Wednesday and Thursday": a weekday joined to the one before follows it."""
    c = cands[i]
    if i == 0 or c.form != "weekday" or c.f.get("mod") or (i - 1) not in resolved:
        return None
    prev, res = cands[i - 1], resolved[i - 1]
    if prev.form != "weekday" or not res.value or not _COORD.fullmatch(text[prev.end : c.start]):
        return None
    base = parse_value(res.value[:10])
    if base is None:
        return None
    step = (c.f["dow"] - prev.f["dow"]) % 7
    if not 0 < step <= 3:
        return None  # "Friday and Thursday": each on its own
    d = base[0] + timedelta(days=step)
    value = d.isoformat() + (f"T{c.f['part']}" if c.f.get("part") else "")
    alt = None
    if res.alternative and (alt_base := parse_value(res.alternative[:10])):
        alt = (alt_base[0] + timedelta(days=step)).isoformat()
    return Resolved(value, res.anchor, res.confidence, alt)


def _sentence_day(cands: list[Cand], resolved: dict[int, Resolved],
                  bounds: list[tuple[int, int]], clock: Cand) -> str | None:
    """The day-granular date nearest a clock time in its sentence."""
    sent = _sentence_of(bounds, clock.start)
    best: tuple[int, str] | None = None
    for j, other in enumerate(cands):
        res = resolved.get(j)
        if res is None or not res.value or not _ISO_DAY.match(res.value) or other is clock:
            continue
        if _sentence_of(bounds, other.start) != sent:
            continue
        dist = abs(other.start - clock.start)
        if best is None or dist < best[0]:
            best = (dist, res.value[:10])
    return best[1] if best else None
