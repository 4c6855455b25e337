"""The factual statements of one article: one claim per body sentence that reports something.

A sentence reports something when it has a verb and names a person, organisation or place, or
holds a number or a date; questions and site furniture ("Tags:", copyright lines) are skipped,
and a dateline ("PORTVALE, Lessaria (MP) —") is cut from the front of the claim. Subject,
predicate and object come from the dependency parse (from the content clause when the main
verb is a speech verb: "X said the talks would resume" is about the talks resuming). Numbers
are normalised ("12,000" -> "12000", "90k" -> "90000", "9 percent" -> "9%"); dates are the
values of the time expressions inside the sentence; places are the GPE and LOC mentions.
``negated`` is a negation on the main clause (not one inside a relative or adverbial clause);
``hedged`` marks "reportedly", "according to", "allegedly", "may", "could" and the like; a
sentence inside a quotation is asserted by the quotation's speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.claims.quantities import find_quantities, normalise
from storyline.model.ids import content_id
from storyline.model.records import Article, Claim, Mention, Quote, Span, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["find_claims", "is_hedged"]

NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
PLACES = frozenset({"GPE", "LOC"})
SPEECH = frozenset({
    "say", "tell", "add", "state", "report", "announce", "claim", "confirm", "note", "write",
    "explain", "insist", "stress", "declare", "argue", "acknowledge", "admit", "suggest",
})
NEGATIONS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "none", "neither",
                       "nor", "nowhere", "cannot"})
_CLAUSE_EDGES = frozenset({"relcl", "advcl", "acl", "csubj", "pcomp", "parataxis", "conj"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_OBJECTS = ("dobj", "attr", "acomp", "oprd", "xcomp", "ccomp", "dative", "agent")
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|alleged|according to|might|could|possibly|apparently|"
    r"purportedly|supposedly|(?:is|are|was|were) (?:said|believed|thought) to|unconfirmed|"
    r"rumou?red|it is understood|sources said|appears? to|seems? to)\b",
    re.IGNORECASE,
)
_MAY = re.compile(r"\bmay\b")  # lower case: "May" mid-sentence is the month
_FURNITURE = re.compile(
    r"\u00a9|\ball rights reserved\b|^\s*(?:tags?|topics|read more|related|follow us|share|"
    r"sign up|subscribe|published|updated|photo|image|advertisement|copyright|source)\b\s*[:|]",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"[A-Z][A-Z .'\u2019-]{2,}(?:,\s*[A-Z][\w .'\u2019-]{1,30})?(?:\s*\([^)\n]{1,20}\))?"
    r"\s*[\u2014\u2013-]+\s+"
)
_MAX_WORDS = 12


def find_claims(
    article: Article,
    doc: Doc,
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    times: Sequence[TimeExpression],
) -> tuple[Claim, ...]:
    """One claim per body sentence that reports something."""
    claims = []
    found = _Found.of(article.text, mentions, times)
    for start, end in _segments(doc, article.text, article.body_start):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not _reports(article.text, span, found):
            continue
        claims.append(_claim(article, span, start, end, found, quotes))
    return tuple(claims)


@dataclass(frozen=True, slots=True)
class _Found:
    """What the article's sentences are checked against, sorted out once per article rather
    than once per sentence: its names, its places (:func:`_is_place`), its time expressions
    with a value, and all of them; and the numbers of each sentence read so far (a sentence
    let in for its numbers has them read again for its claim)."""

    names: list[Mention]
    places: list[Mention]
    dated: list[TimeExpression]
    times: Sequence[TimeExpression]
    read: dict[tuple[int, int], list[str]]

    @classmethod
    def of(cls, text: str, mentions: Sequence[Mention],
           times: Sequence[TimeExpression]) -> _Found:
        return cls(names=[m for m in mentions if m.kind == "name" and m.label in NAMED],
                   places=[m for m in mentions if _is_place(text, m)],
                   dated=[t for t in times if t.value], times=times, read={})

    def numbers(self, text: str, start: int, end: int) -> list[str]:
        """:func:`_numbers` of a sentence, read once."""
        key = (start, end)
        if key not in self.read:
            self.read[key] = _numbers(text, start, end, self.times)
        return self.read[key]


def _segments(doc: Doc, text: str, body_start: int) -> Iterator[tuple[int, int]]:
    """Sentence spans cut at line breaks, trimmed, from the body only, datelines removed."""
    for sent in doc.sents:
        pos = max(sent.start_char, body_start)
        for line in re.finditer(r"[^\n]+", text[pos : sent.end_char]):
            start, end = pos + line.start(), pos + line.end()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            at_paragraph = start == body_start or text[start - 1 : start] == "\n"
            dateline = _DATELINE.match(text, start, end) if at_paragraph else None
            if dateline:
                start = dateline.end()
            if end - start >= 12:
                yield start, end


def _reports(text: str, span: SpacySpan, found: _Found) -> bool:
    """A statement with a verb and a name, a number or a date; no question, no furniture."""
    sentence = span.text
    if _FURNITURE.search(sentence) or sentence.rstrip("\"'\u201d\u2019)] ").endswith("?"):
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    if len(words) < 4 or not any(t.pos_ == "VERB" or t.dep_ == "ROOT" and t.pos_ == "AUX"
                                 for t in span):
        return False
    start, end = span.start_char, span.end_char
    if any(_inside(m.span, start, end) for m in found.names):
        return True
    if any(_inside(t.span, start, end) for t in found.dated):
        return True
    return bool(found.numbers(text, start, end))


def _inside(span: Span, start: int, end: int) -> bool:
    return start <= span.start and span.end <= end


def _claim(article: Article, span: SpacySpan, start: int, end: int, found: _Found,
           quotes: Sequence[Quote]) -> Claim:
    """The claim record for one sentence."""
    text = article.text
    pred = predicate_of(span)
    quote = _quote_for(quotes, start, end)
    places = [text[m.span.start : m.span.end] for m in found.places
              if _inside(m.span, start, end)]
    dates = [t.value for t in found.dated if _inside(t.span, start, end)]
    return Claim(
        id=content_id("c", article.id, start, end),
        span=Span(article.id, start, end),
        subject=_phrase(_child(pred, span, _SUBJECTS) or _dangling(span), span),
        predicate=_predicate_text(pred, span),
        object=_phrase(_object(pred, span), span),
        numbers=tuple(dict.fromkeys(found.numbers(text, start, end))),
        dates=tuple(dict.fromkeys(dates)),
        places=tuple(dict.fromkeys(places)),
        negated=is_negated(pred, span),
        hedged=is_hedged(text[start:end]),
        asserted_by=_speaker(quote),
        quote_id=quote.id if quote else None,
    )


_HOLDING_IN = re.compile(r"\b(?:stakes?|interests?|investments?|dealings|holdings?|positions?|"
                         r"shares|trading|invested|investing)\s+in\s+$", re.IGNORECASE)
_SECURITY_AFTER = re.compile(r"^\s+(?:stock|shares|bonds|debt|securities|notes)\b",
                             re.IGNORECASE)


def _is_place(text: str, m: Mention) -> bool:
    """A GPE or LOC name, or a name of another label right after "in" ("talks in Rivena"), but
    not a company one holds or deals in ("dealings in Bell stock", "a stake in Belcast")."""
    if m.kind != "name":
        return False
    if m.label in PLACES:
        return True
    if m.label not in NAMED or text[max(0, m.span.start - 3) : m.span.start] != "in ":
        return False
    return not (_HOLDING_IN.search(text[max(0, m.span.start - 30) : m.span.start])
                or _SECURITY_AFTER.match(text[m.span.end : m.span.end + 20]))


def _numbers(text: str, start: int, end: int, times: Sequence[TimeExpression]) -> list[str]:
    """Normalised numbers of a sentence, leaving out those inside time expressions."""
    out = []
    for q in find_quantities(text[start:end]):
        a, b = start + q.start, start + q.end
        if any(t.span.start < b and a < t.span.end for t in times):
            continue
        out.append(normalise(q))
    return out


def predicate_of(span: SpacySpan) -> Token:
    """The main verb, or the verb of the content clause when the main verb is a speech verb."""
    root = span.root
    if root.lemma_.casefold() in SPEECH:
        for child in _kids(root, span):
            if child.dep_ in ("ccomp", "xcomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
                return child
    return root


def _kids(tok: Token, span: SpacySpan) -> list[Token]:
    return [c for c in tok.children if span.start <= c.i < span.end]


def _predicate_text(pred: Token, span: SpacySpan) -> str:
    particles = [c.lemma_.casefold() for c in _kids(pred, span) if c.dep_ == "prt"]
    return " ".join([pred.lemma_.casefold(), *particles])


def _child(tok: Token | None, span: SpacySpan, deps: Sequence[str]) -> Token | None:
    if tok is None:
        return None
    kids = _kids(tok, span)
    for dep in deps:
        for child in kids:
            if child.dep_ == dep:
                return child
    return None


def _dangling(span: SpacySpan) -> Token | None:
    """A noun whose head lies outside the span (a parse that ran on from a title line)."""
    for tok in span:
        outside = not span.start <= tok.head.i < span.end
        if outside and tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ != "ROOT":
            return tok
    return None


def _object(pred: Token, span: SpacySpan) -> Token | None:
    found = _child(pred, span, _OBJECTS)
    if found is not None:
        return found
    return _child(_child(pred, span, ("prep",)), span, ("pobj",))


def _phrase(tok: Token | None, span: SpacySpan) -> str:
    """A token's subtree as text, cut to the words up to its head when long."""
    if tok is None:
        return ""
    lo, hi = max(tok.left_edge.i, span.start), min(tok.right_edge.i, span.end - 1)
    if hi - lo >= _MAX_WORDS:
        hi = max(tok.i, min(hi, lo + _MAX_WORDS - 1))
        lo = max(lo, hi - _MAX_WORDS + 1)
    return tok.doc[lo : hi + 1].text.strip(" ,;:\"\u201c\u201d")


def is_negated(pred: Token, span: SpacySpan) -> bool:
    """Whether a negation bears on the main clause of ``pred`` (or on the speech verb above it)."""
    clause = {pred.i}
    if pred.dep_ in ("ccomp", "xcomp", "parataxis") and pred.head.lemma_.casefold() in SPEECH:
        clause.add(pred.head.i)
    for tok in span:
        if not (tok.dep_ == "neg" or tok.lower_ in NEGATIONS):
            continue
        if tok.lower_ == "not" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "only":
            continue
        if _reaches(tok, clause):
            return True
    return False


def _reaches(tok: Token, clause: set[int]) -> bool:
    """Whether ``tok`` hangs from a clause token without crossing a clause boundary."""
    cur = tok
    for _ in range(12):
        if cur.i in clause:
            return True
        if cur.dep_ in _CLAUSE_EDGES or cur.head is cur:
            return False
        if cur.dep_ in ("ccomp", "xcomp") and cur.head.i not in clause:
            return False
        cur = cur.head
    return False


def is_hedged(sentence: str) -> bool:
    """Whether a sentence hedges ("reportedly", "according to", "may", "could"…)."""
    return bool(_HEDGE.search(sentence) or _MAY.search(sentence))


def _speaker(quote: Quote | None) -> str | None:
    label = (quote.speaker_label or quote.speaker_entity_id) if quote else None
    return " ".join(label.split()) or None if label else None


def _quote_for(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The quotation that makes up most of the sentence, if any."""
    best, best_overlap = None, 0
    for q in quotes:
        overlap = min(end, q.content.end) - max(start, q.content.start)
        shortest = min(end - start, q.content.end - q.content.start) or 1
        if overlap > best_overlap and overlap >= 0.5 * shortest:
            best, best_overlap = q, overlap
    return best
