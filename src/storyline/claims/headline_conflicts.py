"""A headline that places a meeting somewhere its story's own reports do not.

The check reads each title (``article.text[:body_start]``) for a meeting word — meet, talks,
summit, negotiations, conference, "sit down" and the like — followed within a few words, and
with no clause boundary between, by a locative "in X" (or "at X") whose X the story's bodies
know as a place (a GPE or LOC mention of some claim). The bodies give the places of meetings
the same way: a meeting word, then "in Y". The headline conflicts with its coverage when

- some body sentence that shares a name with the headline gives a meeting place Y;
- X is given nowhere in the bodies in a sentence that speaks of a meeting (in any position:
  "In X, the two sides met" also counts, so a loosely placed X keeps the headline quiet);
- X and Y do not nest in the story's text ("Rivena, Lessaria", "Rivena in Lessaria").

A headline merely about a place ("talks over Portvale", "tension in Portvale as talks begin") has
no locative after its meeting word and is never read. Not handled: places given without "in"
or "at" ("Castellmar talks"), headlines in title case whose place the bodies never name, and other
kinds of event (an attack "in X" vs "in Y"): only meetings have a vocabulary here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from storyline.model.ids import content_id
from storyline.model.records import Article, Claim, Discrepancy, DiscrepancySide, Span

__all__ = ["MEETING", "find_headline_conflicts", "meeting_places", "nested_places"]

MEETING = re.compile(
    r"\b(?:meet(?:s|ing|ings)?|met|talks?|summit(?:s|ry)?|negotiat\w*|conference|"
    r"sit(?:s|ting)? down|sat down|convene[sd]?|convening|round of (?:talks|negotiations))\b",
    re.IGNORECASE,
)
_MAX_GAP = 4  # words between the meeting word and "in"
_BOUNDARY = re.compile(
    r"[,;:.!?()\u2014\u2013|\"\u201c\u201d]|\s[-\u2013]\s|\b(?:as|while|amid|after|before|when|"
    r"since|because|but|over|despite|following|ahead|where|says?|said)\b",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(r"\s*\b(?:in|at)\s+(?:the\s+)?", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019-]*)*")
_FUNCTION = frozenset(str.split("""
on at in for with within to from and or but as after before this next last until since by is was
are were will would has have had the a an that which where when while during over of ahead amid
between later earlier today tomorrow yesterday this on monday tuesday wednesday thursday friday
saturday sunday early late could can may might should must said says say
"""))
_NAME = re.compile(r"\b[A-Z][A-Za-z]+\b|\b[A-Z]{2,}\b")


def _title(article: Article) -> tuple[int, int] | None:
    """The stripped title region of an article, if it has one."""
    if article.body_start <= 0:
        return None
    head = article.text[: article.body_start]
    start = len(head) - len(head.lstrip())
    end = len(head.rstrip())
    return (start, end) if end > start else None


def _place_at(text: str, pos: int, places: dict[str, str]) -> str | None:
    """The known place a capitalised run at ``pos`` starts with (longest first).

    A name that modifies the noun after it ("in the Portvale strike") is no place.
    """
    run = _CAPITALISED.match(text, pos)
    if run is None:
        return None
    words = run.group(0).rstrip(".").split()
    for n in range(len(words), 0, -1):
        found = places.get(" ".join(words[:n]).casefold())
        if found:
            after = re.match(r"\s+([a-z][a-z'\u2019-]*)", text[pos + len(" ".join(words[:n])) :])
            if n == len(words) and after and after.group(1) not in _FUNCTION:
                return None
            return found
    return None


def locative_places(text: str, places: dict[str, str]) -> list[str]:
    """Every known place a text gives after "in" or "at", wherever it stands."""
    out = []
    for m in re.finditer(r"\b(?:[Ii]n|[Aa]t)\s+(?:the\s+)?", text):
        place = _place_at(text, m.end(), places)
        if place:
            out.append(place)
    return list(dict.fromkeys(out))


def meeting_places(text: str, places: dict[str, str]) -> list[str]:
    """Places a text gives as where a meeting is held: a meeting word, then "in"/"at" a place.

    ``places`` maps lower-cased place names to the form to show.
    """
    out: list[str] = []
    for m in MEETING.finditer(text):
        for g in re.finditer(r"\s+", text[m.end() : m.end() + 80]):  # the nearest "in"/"at"
            at = m.end() + g.start()
            between = text[m.end() : at]
            if _BOUNDARY.search(between) or len(between.split()) > _MAX_GAP:
                break
            loc = _LOCATIVE.match(text, at)
            if loc is None:
                continue
            place = _place_at(text, loc.end(), places)
            if place:
                out.append(place)
            break
    return list(dict.fromkeys(out))


def nested_places(x: str, y: str, texts: Sequence[str]) -> bool:
    """Whether the texts place one name inside the other ("Rivena, Lessaria")."""
    if x.casefold() in y.casefold() or y.casefold() in x.casefold():
        return True
    ex, ey = re.escape(x), re.escape(y)
    pattern = re.compile(
        rf"\b(?:{ex},\s+(?:the\s+)?{ey}|{ey},\s+(?:the\s+)?{ex}|{ex}\s+in\s+(?:the\s+)?{ey}|"
        rf"{ey}\s+in\s+(?:the\s+)?{ex}|{ey}(?:'s|\u2019s|n)\b[^.]{{0,40}}\bof\s+{ex}|"
        rf"{ex}(?:'s|\u2019s|n)\b[^.]{{0,40}}\bof\s+{ey})\b"
    )
    return any(pattern.search(t) for t in texts)


def _parties(sentence: str, place: str) -> str | None:
    """Who a meeting held in ``place`` is of, when the sentence says ("a meeting of G20
    finance ministers in Baden-Baden"), else None."""
    m = re.search(rf"{MEETING.pattern}\s+(?:of|between|with)\s+(.{{1,80}}?)\s+(?:in|at)\s+"
                  rf"(?:the\s+)?{re.escape(place)}", sentence, re.IGNORECASE)
    return m.group(1) if m else None


def _names(text: str, leave_out: set[str]) -> set[str]:
    """Name stems of a text ("Lessaria", "Lessarian" -> "less"), places to compare left out."""
    return {m.group(0)[:4].casefold() for m in _NAME.finditer(text)} - leave_out


def find_headline_conflicts(
    articles: Sequence[Article], claims: Sequence[Claim], story_id: str
) -> tuple[Discrepancy, ...]:
    """Place discrepancies between a headline's meeting place and the one its bodies give."""
    by_id = {a.id: a for a in articles}
    body = [(c, by_id[c.span.article_id]) for c in claims if c.span.article_id in by_id]
    places = {p.casefold(): p for c, _ in body for p in c.places}
    if not places:
        return ()
    loose: set[str] = set()  # places a body sentence about a meeting may hold it in
    strict: list[tuple[str, Claim, str]] = []  # (place, claim, sentence) a meeting is held in
    for c, art in body:
        sentence = art.text[c.span.start : c.span.end]
        if not MEETING.search(sentence):
            continue
        mine = {p.casefold(): p for p in c.places}
        held = meeting_places(sentence, mine)
        strict.extend((p, c, sentence) for p in held)
        loose.update(p.casefold() for p in held or locative_places(sentence, mine))
    texts = [a.text[a.body_start :] for a in articles]
    out = []
    for art in articles:
        region = _title(art)
        if region is None:
            continue
        title = art.text[region[0] : region[1]]
        for said in meeting_places(title, places):
            if said.casefold() in loose:
                continue
            found = _conflict(art, region, title, said, strict, texts, story_id)
            if found is not None:
                out.append(found)
    return tuple(out)


def _conflict(art: Article, region: tuple[int, int], title: str, said: str,
              strict: list[tuple[str, Claim, str]], texts: Sequence[str],
              story_id: str) -> Discrepancy | None:
    """The discrepancy between a headline's place and the best-supported body place, if any."""
    support: dict[str, list[Claim]] = defaultdict(list)
    shown: dict[str, str] = {}
    for place, claim, sentence in strict:
        leave_out = {place[:4].casefold(), said[:4].casefold()}
        if not _names(title, leave_out) & _names(sentence, leave_out):
            continue  # a meeting of other parties
        parties = _parties(sentence, place)
        if parties is not None and not _names(title, leave_out) & _names(parties, leave_out):
            continue  # "Ahead of Lahti and Vesk's meeting, … a meeting of G20 ministers in X"
        if nested_places(said, place, texts):
            return None  # the headline names a place that holds (or sits in) a body's place
        support[place.casefold()].append(claim)
        shown[place.casefold()] = place
    if not support:
        return None
    best = max(support, key=lambda k: (len({c.span.article_id for c in support[k]}),
                                       len(support[k]), k))
    spans = tuple(sorted({c.span for c in support[best]}))
    headline = DiscrepancySide(said, (Span(art.id, region[0], region[1]),))
    bodies = DiscrepancySide(shown[best], spans)
    n = len({s.article_id for s in spans})
    return Discrepancy(
        id=content_id("d", story_id, "place", "headline", art.id, said.casefold(), best),
        slot="place",
        sides=(bodies, headline),
        story_id=story_id,
        description=(f"A headline places the meeting in {said}, but the reports "
                     f"({n} article{'s' if n != 1 else ''}) place it in {shown[best]}."),
    )
