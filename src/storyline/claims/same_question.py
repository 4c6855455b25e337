"""Whether two conflicting values answer the same question about the same thing.

The slot checks (:mod:`storyline.claims.slot_numbers` and the others) find two claims whose
values differ; this module decides whether the difference is a disagreement at all. On real
coverage most differing values are not: different quantities that sit near similar words
(killed / injured, houses / people, the 13-inch / the 17-inch model), background facts next to
the event's (an earlier quake's toll), a toll that rose between an early and a later report,
one place named two ways or a city and the country it lies in, and unrelated sentences that
happen to differ in polarity. A pair passes only when every test here says it is the same
question, so that a flagged discrepancy is one a careful reader would agree with; when unsure,
nothing is said.

- **Background** (:func:`background`): a sentence about another time — a year other than the
  article's own, "last year", "previous", "ago", "record", "career", "season" — is not the
  event's report.
- **Same quantity** (:func:`same_quantity`): the same counted noun, governed by the same verb
  (or one of a class: killed / died / dead), of one order (at most three times apart), not a
  total someone "has", not a figure that grows as a story unfolds (deaths, injuries, arrests,
  evacuations: a later report with a higher toll is an update), and neither article names a
  figure that fits the other's (an article that gives both the 13-inch and the 17-inch model
  is talking about two things).
- **Same statement** (:func:`same_statement`): the same predicate, the same subject, and the
  same object (or both none), as the claim extractor read them.
- **Same but for polarity** (:func:`same_but_polarity`): a same statement whose words, the
  negation aside, are nearly all shared, of no state that can change between reports ("has not
  yet been released" and "was released Wednesday" are a development), from reports of the same
  day.
- **Places that differ** (:func:`storyline.common.places.places_related` is False): not
  aliases ("US" / "United States") and neither inside the other (Geneva / Switzerland).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from storyline.claims.group import ClaimView, content_tokens, similarity, stem
from storyline.claims.quantities import Quantity, compatible, find_quantities
from storyline.common.days import days_apart
from storyline.model.records import Article

__all__ = [
    "background",
    "same_but_polarity",
    "same_day",
    "same_quantity",
    "same_statement",
]

_BACKGROUND = re.compile(
    r"\b(?:last (?:year|month|week|season|time|decade)|previous(?:ly)?|prior|ago|earlier this|"
    r"record|records|history|historic|all-time|career|season|seasons|in the past|anniversary|"
    r"compared (?:with|to)|since|former|formerly|once again|so far this)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,])")
_CASUALTY = {
    "kill": "dead", "die": "dead", "dead": "dead", "death": "dead", "toll": "dead",
    "injure": "hurt", "wound": "hurt", "hurt": "hurt", "injury": "hurt", "injured": "hurt",
}
_GROWING = frozenset((
    "dead", "hurt", "arrest", "detain", "evacuate", "miss", "rescue", "hospitalize",
    "hospitalise", "displace", "infect", "confirm", "recover", "find", "identify", "charge",
    "flee", "report", "register", "count", "sign", "vote",
))
_GROWING_NOUNS = frozenset((
    "death", "dead", "casualty", "victim", "injury", "injured", "arrest", "evacuee", "case",
    "infection", "missing", "refugee", "survivor", "body", "signature", "vote",
))
_STATE = re.compile(r"\b(?:yet|still|so far|as of|not been|has not|have not|hasn't|haven't|"
                    r"had not|hadn't)\b", re.IGNORECASE)
_NEGATORS = frozenset(stem(w) for w in ("not", "never", "no", "n't", "cannot", "none",
                                        "nobody", "nothing"))
_CONDITIONAL = re.compile(r"\b(?:if|unless|whether|would|could|might|may)\b|\?", re.IGNORECASE)
_ESTIMATE = re.compile(r"\b(?:as (?:much|many|high|low|little|few) as|estimat\w*|expected|"
                       r"forecast\w*|project(?:ed|ion)s?|predict\w*)\b", re.IGNORECASE)
_POLARITY_SHARE = 0.6  # words shared, the negation aside, by a statement and its denial
_QUANTITY_RATIO = 3.0  # two figures for one thing are of one order


def _year(published: str | None) -> int | None:
    if not published or not published[:4].isdigit():
        return None
    return int(published[:4])


def background(view: ClaimView) -> bool:
    """Whether a claim is about another time than its article's report: a background word,
    or a year other than the article's own (any year, when the article's date is unknown)."""
    if _BACKGROUND.search(view.text):
        return True
    own = _year(view.article.published)
    return any(own is None or int(y) not in (own, own - 1) for y in _YEAR.findall(view.text))


def same_day(a: Article, b: Article) -> bool:
    """Whether two articles are known to be reports of one day (or of two days in a row)."""
    apart = days_apart(a.published, b.published)
    return apart is not None and apart <= 1


def _parse(text: str):  # noqa: ANN202 - a spaCy Doc, imported lazily
    from storyline.language.nlp import model_name

    return _parse_with(model_name(), text)


@functools.lru_cache(maxsize=4096)
def _parse_with(model: str, text: str):  # noqa: ANN202 - a spaCy Doc, imported lazily
    from storyline.language.nlp import parse_text, using_model

    with using_model(model):
        return parse_text(text)


def _token_at(text: str, at: int):  # noqa: ANN202 - a spaCy Token
    """The token of a claim's parse that covers character ``at``, if any."""
    return next((t for t in _parse(text) if t.idx <= at < t.idx + len(t.text)), None)


def _frame(text: str, q: Quantity) -> tuple[str, str, bool]:
    """(counted noun lemma, governing verb lemma, is a possession "has N …") of a quantity."""
    tok = _token_at(text, q.start)
    if tok is None:
        return "", "", False
    noun = tok.head if tok.dep_ in ("nummod", "quantmod", "compound") else tok
    while noun.dep_ in ("nummod", "quantmod") and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NUM",):
        noun = noun.head.head.head
    verb = noun
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    n_lemma = noun.lemma_.casefold() if noun.pos_ in ("NOUN", "PROPN", "ADJ") else ""
    v_lemma = verb.lemma_.casefold() if verb.pos_ in ("VERB", "AUX") else ""
    return n_lemma, v_lemma, v_lemma == "have"


def _grows(text: str, q: Quantity) -> bool:
    """Whether the words around a figure count something that grows as a story unfolds
    ("among 11 militants killed", "the death toll rose to 40")."""
    tok = _token_at(text, q.start)
    if tok is None:
        return False
    near = list(tok.head.subtree) + [tok.head.head]
    return any(_kind(t.lemma_.casefold()) in _GROWING or t.lemma_.casefold() in _GROWING_NOUNS
               for t in near)


def _converted(text: str, q: Quantity) -> bool:
    """A figure given as a conversion of another in brackets ("€110bn ($141bn)")."""
    before, after = text[: q.start].rstrip(), text[q.end :].lstrip()
    return before.endswith("(") and bool(re.search(r"[\d]", before[-30:])) or \
        after.startswith("(") and bool(re.match(r"\(\s?(?:about |around |some )?[$€£]", after))


def _kind(lemma: str) -> str:
    return _CASUALTY.get(lemma, lemma)


def _quantity(view: ClaimView, shown: str) -> Quantity | None:
    return next((q for q in view.quantities if q.text == shown), None)


def _hyphened(text: str, q: Quantity) -> bool:
    """A figure that names a kind of thing ("the 13-inch model", "a 20-year-old law")."""
    return bool(re.match(r"\s?-\s?[A-Za-z]", text[q.end : q.end + 4]))


def _fits_elsewhere(article: Article, other: Quantity) -> bool:
    """Whether an article itself gives a figure of the other's kind that fits the other's."""
    body = article.text[article.body_start :]
    return any(q.unit == other.unit and compatible(q, other) and
               (not other.noun or stem(q.noun) == stem(other.noun) or not q.noun)
               for q in find_quantities(body))


def same_quantity(a: ClaimView, b: ClaimView, shown_a: str, shown_b: str,
                  counted: bool = False) -> bool:
    """Whether two differing figures count the same thing of the same event and moment.

    ``counted``: the pair is a crowd of one specific group on one named day
    (:func:`storyline.claims.slot_numbers.counted_conflict`), which different verbs may tell
    ("walked off the job" / "stayed away from work"): the verbs are not compared.
    """
    qa, qb = _quantity(a, shown_a), _quantity(b, shown_b)
    if qa is None or qb is None or background(a) or background(b):
        return False
    if not same_day(a.article, b.article):
        return False  # reports of unknown or distant times may tell different moments or events
    if _converted(a.text, qa) or _converted(b.text, qb):
        return False  # "€110 billion ($141 billion)": a conversion, at somebody's rate
    if _hyphened(a.text, qa) or _hyphened(b.text, qb):
        return False
    low, high = sorted((abs(qa.value), abs(qb.value)))
    if low == 0 or high / low > _QUANTITY_RATIO:
        return False
    if _CONDITIONAL.search(a.text) or _CONDITIONAL.search(b.text) or \
            _ESTIMATE.search(a.text) or _ESTIMATE.search(b.text):
        return False  # "may sell for as much as …": a guess against a guess
    na, va, has_a = _frame(a.text, qa)
    nb, vb, has_b = _frame(b.text, qb)
    if has_a or has_b:
        return False  # totals someone has (points, catches, seats) are tallies, not the event
    same_units = qa.unit == qb.unit and qa.unit in ("", "duration")
    if not counted and same_units and (not na or stem(na) != stem(nb)):
        return False
    if not counted and (va or vb) and _kind(va) != _kind(vb):
        return False
    if {_kind(va), _kind(na), _kind(vb), _kind(nb)} & _GROWING or \
            {na, nb} & _GROWING_NOUNS or _grows(a.text, qa) or _grows(b.text, qb):
        return False  # a toll told twice is a toll that moved: an update, not a conflict
    return not (_fits_elsewhere(a.article, qb) or _fits_elsewhere(b.article, qa))


def same_statement(a: ClaimView, b: ClaimView, values: Sequence[str] = ()) -> bool:
    """The same predicate about the same subject and object, as the extractor read them
    (the words of the differing ``values`` set aside: "met in Ostrava" / "met in Madrid")."""
    ca, cb = a.claim, b.claim
    if not ca.predicate or stem(ca.predicate) != stem(cb.predicate):
        return False
    aside = frozenset().union(*(content_tokens(v) for v in values))
    sa, sb = content_tokens(ca.subject) - aside, content_tokens(cb.subject) - aside
    if not sa or not sb or not sa & sb:
        return False
    oa, ob = content_tokens(ca.object) - aside, content_tokens(cb.object) - aside
    if oa or ob:
        return bool(oa and ob) and similarity(oa, ob) >= 0.5
    return True


def same_but_polarity(a: ClaimView, b: ClaimView) -> bool:
    """One statement, said by one report and denied by the other, at one time."""
    if a.claim.negated == b.claim.negated or not same_statement(a, b):
        return False
    if _CONDITIONAL.search(a.text) or _CONDITIONAL.search(b.text):
        return False
    if background(a) or background(b) or not same_day(a.article, b.article):
        return False
    neg = a if a.claim.negated else b
    if _STATE.search(neg.text):
        return False  # "has not been released" then "was released": the story moved on
    ta, tb = a.tokens - _NEGATORS, b.tokens - _NEGATORS
    return similarity(ta, tb) >= _POLARITY_SHARE
