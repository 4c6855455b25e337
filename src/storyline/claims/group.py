"""The same claim across articles, and how many independent origins stand behind it.

Two claims group when their content words (lower-cased, lightly stemmed, function words and
numbers left out) overlap enough — Jaccard, or containment for a short claim inside a longer
one — and nothing hard stands between them: they come from different articles, agree on
negation, name at least one common name when both name any, their numbers are compatible
(:mod:`storyline.claims.quantities`: "some 12,000" groups with "almost 12,000", never with "10,000")
and so are their days. Groups grow from the most similar pair down, and a claim joins a group
only if it fits every member. A group's support is the number of distinct origin groups its
articles fall in: a wire story printed by ten outlets counts once.

With the ``semantic`` extra installed, sentence embeddings (:mod:`storyline.claims.semantic`)
also propose and score pairs, so paraphrases with few shared words can group; the hard
constraints above still apply.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from storyline.claims.quantities import (
    Quantity,
    compatible,
    dates_compatible,
    find_quantities,
    is_day,
)
from storyline.claims.semantic import SHIFT
from storyline.common import word_pairs
from storyline.common.stopwords import ENGLISH, words
from storyline.model.ids import content_id
from storyline.model.records import Article, Claim, ClaimGroup, OriginGroup
from storyline.provenance.origins import count_origins, origin_index

__all__ = [
    "ClaimView",
    "content_tokens",
    "group_claims",
    "published_key",
    "similarity",
    "stem",
    "views",
]



THRESHOLD = 0.55  # similarity at which two claims are the same claim
LINK_MIN = 0.35  # and the least any two members of a group may share
ROLES = words("""
chief executive minister secretary general spokesman spokeswoman spokesperson director head
president commissioner official officials governor chairman chair leader deputy senior
""")
STOP = ENGLISH | words("""
tell one two three four five six seven eight nine ten it's since still yet whether per cent
percent year years day days week weeks month months monday tuesday wednesday thursday friday
saturday sunday today yesterday tomorrow morning afternoon evening night january february march
april june july august september october november december
""")
_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light, rule-based stem: "negotiations", "negotiated" and "negotiate" meet."""
    w = word.casefold().replace("\u2019", "'")
    w = w.removesuffix("'s").removesuffix("'")
    rules = (("ations", "ate", 8), ("ation", "ate", 7), ("ies", "y", 5), ("ied", "y", 5),
             ("ing", "", 6), ("ed", "", 5), ("es", "", 6), ("s", "", 4))
    for suffix, repl, min_len in rules:
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


def content_tokens(text: str) -> frozenset[str]:
    """The stems of a text's content words."""
    return frozenset(
        stem(t) for t in _TOKEN.findall(text) if t.casefold().replace("\u2019", "'") not in STOP
    ) - {""}


def names(text: str) -> frozenset[str]:
    """Capitalised words that are not sentence-initial, cut to a stable prefix."""
    found = (m.group(0).casefold() for m in _NAME.finditer(text.lstrip("\u201c\"'")))
    return frozenset(w[:5] for w in found if w not in STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Content-word overlap: Jaccard, or containment (discounted) when four or more words meet."""
    inter = len(a & b)
    if not inter:
        return 0.0
    jaccard = inter / len(a | b)
    return max(jaccard, 0.75 * inter / min(len(a), len(b))) if inter >= 4 else jaccard


@dataclass(frozen=True)
class ClaimView:
    """A claim with what the grouping compares: its text, stems, names, numbers and days."""

    claim: Claim
    article: Article
    order: int
    text: str
    tokens: frozenset[str]
    names: frozenset[str]
    quantities: tuple[Quantity, ...]
    days: frozenset[str]


def views(articles: Sequence[Article], claims: Iterable[Claim]) -> list[ClaimView]:
    """The comparable view of each claim whose article is given."""
    by_id = {a.id: a for a in articles}
    rank = {a.id: i for i, a in enumerate(sorted(articles, key=article_key))}
    out = []
    for c in claims:
        art = by_id.get(c.span.article_id)
        if art is None:
            continue
        text = art.text[c.span.start : c.span.end]
        tokens, named, quantities = _read(text, c.asserted_by or "")
        out.append(ClaimView(
            claim=c, article=art, order=rank[art.id] * 1_000_000 + c.span.start,
            text=text, tokens=tokens, names=named, quantities=quantities,
            days=frozenset(d[:10] for d in c.dates if is_day(d)),
        ))
    return out


@functools.lru_cache(maxsize=16_384)
def _read(text: str, asserted_by: str) -> tuple[frozenset[str], frozenset[str],
                                                 tuple[Quantity, ...]]:
    """What a claim's view reads from its text: its stems less its speaker's, its names and its
    quantities (not ages). Remembered: a story's claims are viewed for the grouping and again
    for the discrepancies."""
    speaker = content_tokens(asserted_by) | ROLES
    return (content_tokens(text) - speaker, names(text),
            tuple(q for q in find_quantities(text) if q.unit != "age"))


def published_key(published: str | None) -> float:
    """A sortable time for an ISO date or datetime (naive ones read as UTC; unknown is last)."""
    if not published:
        return float("inf")
    try:
        when = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = datetime.fromisoformat(published.strip()[:10])
        except ValueError:
            return float("inf")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def article_key(article: Article) -> tuple[float, str]:
    """Articles in order of publication, then id."""
    return published_key(article.published), article.id


def quantities_agree(a: Sequence[Quantity], b: Sequence[Quantity]) -> bool:
    """Every quantity of one side fits some quantity of the same unit on the other."""
    for xs, ys in ((a, b), (b, a)):
        for x in xs:
            same = [y for y in ys if y.unit == x.unit]
            if same and not any(compatible(x, y) for y in same):
                return False
    return True


def fits(a: ClaimView, b: ClaimView) -> bool:
    """Whether nothing hard keeps two claims apart."""
    if a.article.id == b.article.id or a.claim.negated != b.claim.negated:
        return False
    if a.names and b.names and not a.names & b.names:
        return False
    if a.days and b.days and not any(dates_compatible(x, y) for x in a.days for y in b.days):
        return False
    return quantities_agree(a.quantities, b.quantities)


def candidate_pairs(items: Sequence[ClaimView], minimum: float) -> list[tuple[float, int, int]]:
    """Pairs of claims (indices) in different articles at or above a similarity, best first
    (:mod:`storyline.common.word_pairs`)."""
    return word_pairs.candidate_pairs([v.tokens for v in items], [v.article.id for v in items],
                                      [v.claim.id for v in items], minimum)


def _clusters(items: Sequence[ClaimView],
              embedded: np.ndarray | None = None) -> list[list[int]]:
    """Greedy grouping from the most similar pair down, every member fitting every other.

    ``embedded`` (pairwise cosines of the claim texts, from the ``semantic`` extra) lets a
    paraphrase group when its cosine, less :data:`semantic.SHIFT`, clears the same bars.
    """
    def sim(x: int, y: int) -> float:
        lexical = similarity(items[x].tokens, items[y].tokens)
        if embedded is None:
            return lexical
        return max(lexical, float(embedded[x, y]) - SHIFT)

    pairs = candidate_pairs(items, THRESHOLD)
    if embedded is not None:
        seen = {(i, j) for _, i, j in pairs}
        rows, cols = np.nonzero(np.triu(embedded - SHIFT >= THRESHOLD, k=1))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if (i, j) not in seen and items[i].article.id != items[j].article.id:
                pairs.append((sim(i, j), i, j))
        pairs.sort(key=lambda p: (-p[0], items[p[1]].claim.id, items[p[2]].claim.id))
    member: list[list[int]] = [[i] for i in range(len(items))]
    owner = list(range(len(items)))
    for _, i, j in pairs:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        if all(fits(items[x], items[y]) and sim(x, y) >= LINK_MIN
               for x in member[a] for y in member[b]):
            member[a].extend(member[b])
            for x in member[b]:
                owner[x] = a
            member[b] = []
    return [sorted(m, key=lambda x: items[x].order) for m in member if m]


def _representative(items: Sequence[ClaimView], members: list[int]) -> ClaimView:
    """The member most like the others (the earliest on a tie)."""
    def score(i: int) -> tuple[float, int]:
        total = sum(similarity(items[i].tokens, items[j].tokens) for j in members if j != i)
        return -total, items[i].order

    return items[min(members, key=score)]


def _group(items: Sequence[ClaimView], members: list[int], story_id: str,
           index: dict[str, str]) -> ClaimGroup:
    arts = sorted({items[i].article.id: items[i].article for i in members}.values(),
                  key=article_key)
    claim_ids = tuple(items[i].claim.id for i in members)
    first = min(arts, key=article_key).published
    return ClaimGroup(
        id=content_id("cg", story_id, *sorted(claim_ids)),
        claim_ids=claim_ids,
        text=" ".join(_representative(items, members).text.split()),
        story_id=story_id,
        article_ids=tuple(a.id for a in arts),
        outlets=tuple(sorted({a.outlet for a in arts if a.outlet}, key=str.casefold)),
        independent_origins=count_origins([a.id for a in arts], index),
        first_reported=first,
        disputed=False,
    )


def group_claims(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    origins: Sequence[OriginGroup],
    story_id: str,
    *,
    semantic: bool | None = None,
    items: Sequence[ClaimView] | None = None,
) -> tuple[tuple[Claim, ...], tuple[ClaimGroup, ...]]:
    """Claims with ``group_id`` set, and the groups ranked by independent support.

    ``semantic``: use sentence embeddings as well as word overlap (default: when the
    ``semantic`` extra is installed). ``items``: the claims' :func:`views`, when the caller
    has them (a story's claims are viewed once for the grouping and the discrepancies).
    """
    import storyline.claims.semantic as sem

    items = views(articles, claims) if items is None else items
    index = origin_index(origins)
    use = sem.available() if semantic is None else semantic
    embedded = sem.cosine_matrix([v.text for v in items]) if use and len(items) > 1 else None
    groups = [_group(items, m, story_id, index) for m in _clusters(items, embedded)]
    group_of = {cid: g.id for g in groups for cid in g.claim_ids}
    out = tuple(dataclasses.replace(c, group_id=group_of.get(c.id, c.group_id)) for c in claims)
    groups.sort(key=lambda g: (-g.independent_origins, -len(g.claim_ids), g.id))
    return out, tuple(groups)
