"""Shared quotations: the same quoted words in two articles, recorded apart from reuse links.

Two independent reports that quote one speaker share the quotation, not the reporting, so
:func:`detect` masks quoted speech and never links articles through it. :func:`shared_quotes`
finds those quotations instead: quoted ranges whose word 3-grams overlap across articles.

Not handled: paraphrased (reported) speech, and quotations shorter than ``MIN_QUOTE_WORDS``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.model.records import Article, Span
from storyline.provenance.passages import body_range
from storyline.provenance.shingles import ngram_hashes, quote_ranges, tokenize

__all__ = ["MIN_QUOTE_WORDS", "SharedQuote", "shared_quotes"]

MIN_QUOTE_WORDS = 5
MIN_SHARED = 3  # shared word 3-grams
MIN_SIMILARITY = 0.5  # shared 3-grams over the shorter quotation's
MAX_POSTING = 50  # a 3-gram quoted in more places than this is a slogan, not evidence


@dataclass(frozen=True, slots=True)
class SharedQuote:
    """One quotation found in two articles (``a.article_id < b.article_id``)."""

    a: Span
    b: Span
    similarity: float


def _quotes(article: Article) -> list[tuple[int, int, frozenset[int]]]:
    """The article's quotations as ``(start, end, 3-gram hashes)``."""
    start, end = body_range(article)
    out = []
    for s, e in quote_ranges(article.text, start, end):
        stream = tokenize(article.text, s, e)
        if len(stream) < MIN_QUOTE_WORDS:
            continue
        grams, _ = ngram_hashes(stream.unmasked())
        out.append((s, e, frozenset(grams.tolist())))
    return out


def shared_quotes(articles: Sequence[Article]) -> tuple[SharedQuote, ...]:
    """Quotations shared by two different articles, sorted by article ids and offsets."""
    ordered = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
    quotes = [(k, q) for k, a in enumerate(ordered) for q in _quotes(a)]
    postings: dict[int, list[int]] = {}
    for n, (_, (_, _, grams)) in enumerate(quotes):
        for g in grams:
            postings.setdefault(g, []).append(n)
    counts: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        if 1 < len(members) <= MAX_POSTING:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    if quotes[i][0] != quotes[j][0]:
                        counts[(i, j)] += 1
    out = []
    for (i, j), shared in counts.items():
        (ka, (sa, ea, ga)), (kb, (sb, eb, gb)) = quotes[i], quotes[j]
        sim = shared / min(len(ga), len(gb))
        if shared >= MIN_SHARED and sim >= MIN_SIMILARITY:
            if ka > kb:
                ka, sa, ea, kb, sb, eb = kb, sb, eb, ka, sa, ea
            out.append(SharedQuote(Span(ordered[ka].id, sa, ea), Span(ordered[kb].id, sb, eb),
                                   round(min(1.0, sim), 4)))
    return tuple(sorted(out, key=lambda q: (q.a.article_id, q.b.article_id, q.a.start, q.b.start)))
