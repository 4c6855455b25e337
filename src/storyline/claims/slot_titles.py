"""The ``title`` slot: one person given two titles that cannot both hold.

Not handled: titles given after the name ("Ilse Marten, the foreign minister"), and one person
whose name two articles spell differently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.claims.group import ClaimView
from storyline.claims.slots import WORD, Value

__all__ = ["Titled", "title_conflicts", "title_key", "titled_people", "titles_conflict"]

_RANKS = frozenset(("deputy", "vice", "assistant", "acting", "associate", "under", "junior"))
_SAME_RANK = {"vice": "deputy"}  # "Vice Secretary" is how some translate "Deputy Secretary"
_PORTFOLIOS = frozenset((
    "foreign", "defence", "defense", "finance", "trade", "interior", "home", "labour", "labor",
    "health", "justice", "economy", "economic", "energy", "agriculture", "transport", "education",
    "environment", "culture", "treasury", "commerce", "industry", "security", "war"))
_SPELLING = {"defence": "defense", "labour": "labor"}  # one portfolio in either spelling
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


@dataclass(frozen=True)
class Titled:
    """A person named with a title in a claim: "Labour Minister Adela Korvin"."""

    title: str  # as written ("Labour Minister")
    head: str  # the office ("minister")
    rank: frozenset[str]  # "deputy", "vice", ...
    portfolio: frozenset[str]  # "foreign", "defence", ...
    first: str  # first name, lower case ("" when only the surname is given)
    last: str
    shown: str  # title and name as written


def titled_people(text: str) -> list[Titled]:
    """Every person named right after a title in a text (a former title is left out)."""
    out = []
    for m in _TITLED.finditer(text):
        words = [w.casefold() for w in WORD.findall(m.group("title"))]
        if text[max(0, m.start() - 7) : m.start()].casefold().strip() in ("former", "ex-"):
            continue
        heads = [w for w in words if w in _OFFICES]
        if not heads:
            continue
        name = m.group("name").split()
        out.append(Titled(
            title=m.group("title"), head=heads[-1],
            rank=frozenset(_SAME_RANK.get(w, w) for w in words if w in _RANKS),
            portfolio=frozenset(_SPELLING.get(w, w) for w in words if w in _PORTFOLIOS),
            first=name[0].casefold() if len(name) > 1 else "", last=name[-1].casefold(),
            shown=m.group(0)))
    return out


def titles_conflict(x: Titled, y: Titled) -> bool:
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


def title_conflicts(items: Sequence[ClaimView]) -> list[tuple[ClaimView, ClaimView,
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
            out.append((v, w, ((title_key(x), x.shown), (title_key(y), y.shown))))
    return out


def title_key(t: Titled) -> str:
    return f"title:{' '.join(sorted(t.rank))}|{' '.join(sorted(t.portfolio))}|{t.head}|{t.last}"
