"""Per-article features for reuse detection: passages with their unmasked words and shingles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.model.records import Article
from storyline.provenance.passages import body_range, split_passages
from storyline.provenance.shingles import (
    SHINGLE_SIZE,
    TokenStream,
    ngram_hashes,
    shingle_sets,
    tokenize,
)

__all__ = [
    "MIN_PASSAGE_WORDS",
    "ArticleFeatures",
    "PassageFeatures",
    "body_shingle_sets",
    "body_shingles",
    "featurize",
]

MIN_PASSAGE_WORDS = 5  # passages with fewer unmasked words are not evidence
MIN_REPORTING_SHARE = 0.5  # passages that are mostly quotation are not evidence


@dataclass(frozen=True, slots=True)
class PassageFeatures:
    """One passage: its offsets, its unmasked words and its shingle set."""

    start: int
    end: int
    words: tuple[str, ...]  # unmasked (reporting) words, normalised
    n_tokens: int  # all words, quoted ones included
    shingles: frozenset[int]

    @property
    def eligible(self) -> bool:
        """Whether this passage can count as evidence of reuse (enough reporting text)."""
        n = len(self.words)
        return n >= MIN_PASSAGE_WORDS and n >= MIN_REPORTING_SHARE * self.n_tokens


@dataclass(slots=True)
class ArticleFeatures:
    """An article's tokens, body size and shingles; passage details are built on first use."""

    article: Article
    spans: tuple[tuple[int, int], ...]
    stream: TokenStream | None
    ngrams: np.ndarray  # uint64 hash per unmasked n-gram, in text order
    first: np.ndarray  # index of each n-gram's first token
    body_chars: int  # characters inside passages
    reporting_words: int  # unmasked words in the body
    shingles: np.ndarray  # uint64, sorted unique
    _passages: tuple[PassageFeatures, ...] | None = None

    @property
    def id(self) -> str:
        """The article id."""
        return self.article.id

    @property
    def evidence_words(self) -> int:
        """Unmasked words in the passages that can count as evidence."""
        return sum(len(p.words) for p in self.passages if p.eligible)

    @property
    def passages(self) -> tuple[PassageFeatures, ...]:
        """The passages with their words and shingle sets (computed once)."""
        if self._passages is None:
            self._passages = _passage_features(self)
        return self._passages


def featurize(article: Article) -> ArticleFeatures:
    """Passages, masks and shingles of one article's body."""
    spans = split_passages(article)
    empty = np.zeros(0, dtype=np.uint64)
    if not spans:
        return ArticleFeatures(article, (), None, empty, np.zeros(0, np.int64), 0, 0, empty)
    stream = tokenize(article.text, spans[0][0], spans[-1][1])
    hashes, first = ngram_hashes(stream)
    body_chars = sum(e - s for s, e in spans)
    reporting = int((~stream.masked).sum())
    unique = np.unique(hashes) if len(hashes) else empty
    return ArticleFeatures(article, spans, stream, hashes, first, body_chars, reporting, unique)


def body_shingles(article: Article) -> np.ndarray:
    """The article's shingle set, equal to ``featurize(article).shingles``, without passages.

    The fast path for candidate generation at scale: one vectorised tokenisation of the body
    (stripped of surrounding whitespace, as the passages are) and its unmasked n-gram hashes.
    """
    start, end = body_range(article)
    body = article.text[start:end]
    stripped = body.strip()
    if not stripped:
        return np.zeros(0, dtype=np.uint64)
    lo = start + len(body) - len(body.lstrip())
    stream = tokenize(article.text, lo, lo + len(stripped))
    hashes, _ = ngram_hashes(stream)
    return np.unique(hashes) if len(hashes) else np.zeros(0, dtype=np.uint64)


def body_shingle_sets(articles: Sequence[Article]) -> list[np.ndarray]:
    """:func:`body_shingles` of many articles, tokenised together (much faster per article)."""
    bodies = []
    for article in articles:
        start, end = body_range(article)
        bodies.append(article.text[start:end].strip())
    return shingle_sets(bodies)


def _passage_features(f: ArticleFeatures) -> tuple[PassageFeatures, ...]:
    """Per passage: offsets, unmasked words and the n-grams lying wholly inside it."""
    stream = f.stream
    if stream is None:
        return ()
    starts = np.asarray([s for s, _ in f.spans], dtype=np.int64)
    ends = np.asarray([e for _, e in f.spans], dtype=np.int64)
    tok_lo = np.searchsorted(stream.starts, starts, side="left")
    tok_hi = np.searchsorted(stream.starts, ends, side="left")
    sh_lo = np.searchsorted(f.first, tok_lo, side="left")
    sh_hi = np.searchsorted(f.first + (SHINGLE_SIZE - 1), tok_hi, side="left")
    words, masked = stream.words, stream.masked.tolist()
    out = []
    for k, (s, e) in enumerate(f.spans):
        lo, hi = int(tok_lo[k]), int(tok_hi[k])
        kept = tuple(w for w, m in zip(words[lo:hi], masked[lo:hi], strict=True) if not m)
        own = f.ngrams[int(sh_lo[k]) : max(int(sh_lo[k]), int(sh_hi[k]))]
        out.append(PassageFeatures(s, e, kept, hi - lo, frozenset(own.tolist())))
    return tuple(out)
