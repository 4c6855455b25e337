"""Normalised word tokens, quotation and stock-phrase masks, and word n-gram shingle hashes.

Words and their hashes come from :mod:`storyline.provenance.words` (vectorised); the normalised
word strings are built only when something reads ``TokenStream.words`` (passage alignment), so
candidate generation at scale never makes per-word Python strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from storyline.provenance.words import mix64, normalise, scan_words, word_hash

__all__ = [
    "SHINGLE_SIZE",
    "STOCK_PHRASES",
    "TokenStream",
    "ngram_hashes",
    "normalise",
    "quote_ranges",
    "shingle_sets",
    "tokenize",
    "word_hash",
]

SHINGLE_SIZE = 3
MAX_OPEN_SINGLE_QUOTE = 400  # an unclosed ‘ longer than this is an apostrophe, not a quote

_DOUBLE_QUOTES = frozenset("\"“”„‟«»″")
_SINGLE_OPEN = frozenset("‘'‚‹")
_SINGLE_CLOSE = frozenset("’'›")
_BEFORE_OPEN = frozenset(" \t([{—–-/")
_QUOTE_MARK = re.compile("[\"“”„‟«»″‘'‚‹’›]")

STOCK_PHRASES: tuple[str, ...] = (
    "said in a statement",
    "said in a statement on",
    "in a statement",
    "told reporters",
    "told journalists",
    "told the news agency",
    "the news agency",
    "according to",
    "according to the",
    "said on condition of anonymity",
    "spoke on condition of anonymity",
    "on condition of anonymity",
    "was not authorized to speak publicly",
    "were not authorized to speak publicly",
    "declined to comment",
    "did not immediately respond to a request for comment",
    "did not respond to a request for comment",
    "said in an interview",
    "told a news conference",
    "at a news conference",
    "at a press conference",
    "contributed to this report",
    "all rights reserved",
)

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)


class TokenStream:
    """Word tokens of a text range: offsets, hashes, which are masked; normalised forms on use."""

    __slots__ = ("_text", "_words", "ends", "hashes", "masked", "starts")

    def __init__(
        self,
        text: str,
        starts: np.ndarray,
        ends: np.ndarray,
        masked: np.ndarray,
        hashes: np.ndarray,
        words: tuple[str, ...] | None = None,
    ) -> None:
        self._text = text
        self.starts = starts  # int64 character offsets into the text
        self.ends = ends
        self.masked = masked  # bool: inside a quotation or a stock phrase
        self.hashes = hashes  # uint64 per word: word_hash(normalise(word))
        self._words = words

    def __len__(self) -> int:
        return len(self.hashes)

    @property
    def words(self) -> tuple[str, ...]:
        """The normalised words (built on first use: one casefold over the joined words)."""
        if self._words is None:
            text = self._text
            raw = [text[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist(),
                                              strict=True)]
            self._words = tuple(normalise("\x00".join(raw)).split("\x00")) if raw else ()
        return self._words

    def unmasked(self) -> TokenStream:
        """The same tokens with nothing masked."""
        none = np.zeros(len(self.hashes), dtype=bool)
        return TokenStream(self._text, self.starts, self.ends, none, self.hashes, self._words)


def quote_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Ranges of quoted speech in ``text[start:end]``, quotation marks included."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text[start:stop]):
        _quotes_in_paragraph(text, start + para.start(), start + para.end(), out)
    return out


def _quotes_in_paragraph(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the quoted ranges of one paragraph; an unclosed double quote runs to its end."""
    open_double: int | None = None
    open_single: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch in _DOUBLE_QUOTES:
            if open_double is None:
                open_double, open_single = i, None
            else:
                out.append((open_double, i + 1))
                open_double = None
        elif open_double is not None:
            continue
        elif open_single is not None and i - open_single > MAX_OPEN_SINGLE_QUOTE:
            open_single = i if ch in _SINGLE_OPEN and _opens_single(text, i, start, end) else None
        elif open_single is None:
            if ch in _SINGLE_OPEN and _opens_single(text, i, start, end):
                open_single = i
        elif ch in _SINGLE_CLOSE and _closes_single(text, i, end):
            out.append((open_single, i + 1))
            open_single = None
    if open_double is not None:
        out.append((open_double, end))


def _opens_single(text: str, i: int, start: int, end: int) -> bool:
    """A single quote mark that opens a quotation: after a space, before a letter."""
    before_ok = i == start or text[i - 1] in _BEFORE_OPEN
    return before_ok and i + 1 < end and text[i + 1].isalnum()


def _closes_single(text: str, i: int, end: int) -> bool:
    """A single quote mark that closes a quotation: not followed by a letter."""
    return i + 1 >= end or not text[i + 1].isalnum()


def tokenize(text: str, start: int = 0, end: int | None = None) -> TokenStream:
    """Tokens of ``text[start:end]`` with quotations and stock phrases masked."""
    stop = len(text) if end is None else end
    s, e, hashes = scan_words(text, start, stop)
    if _QUOTE_MARK.search(text, start, stop):
        masked = _inside(s, quote_ranges(text, start, stop))
    else:
        masked = np.zeros(len(s), dtype=bool)
    _mask_stock_phrases(hashes, masked)
    return TokenStream(text, s, e, masked, hashes)


def _inside(starts: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    """For each token start, whether it lies inside one of the (sorted, disjoint) ranges."""
    if not ranges or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    lo = np.asarray([r[0] for r in ranges], dtype=np.int64)
    hi = np.asarray([r[1] for r in ranges], dtype=np.int64)
    k = np.searchsorted(lo, starts, side="right") - 1
    ok = k >= 0
    res = np.zeros(len(starts), dtype=bool)
    res[ok] = starts[ok] < hi[k[ok]]
    return res


@lru_cache(maxsize=1)
def _phrase_hashes() -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Sorted first-word hashes of the stock phrases; and each phrase as a word-hash array."""
    phrases = tuple(
        np.asarray([word_hash(normalise(w)) for w in p.split()], dtype=np.uint64)
        for p in STOCK_PHRASES
    )
    return np.unique(np.asarray([p[0] for p in phrases], dtype=np.uint64)), phrases


def _mask_stock_phrases(hashes: np.ndarray, masked: np.ndarray) -> None:
    """Mark the tokens of stock phrases as masked, in place (words compared by hash)."""
    firsts, phrases = _phrase_hashes()
    if not len(hashes):
        return
    at = np.minimum(np.searchsorted(firsts, hashes), len(firsts) - 1)
    cand = np.flatnonzero(firsts[at] == hashes)
    for phrase in phrases:
        where = cand[hashes[cand] == phrase[0]]
        where = where[where + len(phrase) <= len(hashes)]
        for k in range(1, len(phrase)):
            where = where[hashes[where + k] == phrase[k]]
        for k in range(len(phrase)):
            masked[where + k] = True


def ngram_hashes(stream: TokenStream, n: int = SHINGLE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word n-grams made only of unmasked tokens, and each n-gram's first token."""
    h, m = stream.hashes, stream.masked
    count = len(h) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        acc = np.zeros(count, dtype=np.uint64)
        bad = np.zeros(count, dtype=bool)
        for k, mult in zip(range(n), (_M1, _M2, _M3) * (n // 3 + 1), strict=False):
            acc = (acc ^ (h[k : k + count] * mult)) * _M1 + np.uint64(k + 1)
            bad |= m[k : k + count]
        hashes = mix64(acc)
    first = np.nonzero(~bad)[0]
    return hashes[first], first.astype(np.int64)


_SEPARATOR = "\n0\n"  # between texts in a batch: its own paragraph and one word, masked
BATCH_CHARS = 1 << 16  # characters tokenised at once (small arrays stay in cache: faster)
BATCH_TEXTS = 1 << 16  # texts tokenised at once (their numbers are sorted as 16-bit keys)


def shingle_sets(texts: Sequence[str], n: int = SHINGLE_SIZE) -> list[np.ndarray]:
    """Per text: sorted unique hashes of its unmasked word n-grams, all texts tokenised at once.

    Equal to ``np.unique(ngram_hashes(tokenize(text), n)[0])`` for each text, at a fraction of
    the cost for short texts: batches of texts are joined with a separator word of their own
    paragraph, tokenised in one pass, and the separator is masked so that no n-gram and no
    stock phrase crosses from one text into the next.
    """
    out: list[np.ndarray] = []
    lo = 0
    while lo < len(texts):
        hi, size = lo, 0
        while hi < len(texts) and hi - lo < BATCH_TEXTS and (
            hi == lo or size + len(texts[hi]) <= BATCH_CHARS
        ):
            size += len(texts[hi]) + len(_SEPARATOR)
            hi += 1
        out.extend(_shingle_batch(texts[lo:hi], n))
        lo = hi
    return out


def _shingle_batch(texts: Sequence[str], n: int) -> list[np.ndarray]:
    """:func:`shingle_sets` of one batch."""
    joined = _SEPARATOR.join(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    text_starts = np.concatenate(([0], np.cumsum(lengths + len(_SEPARATOR))[:-1]))
    stream = tokenize(joined)
    separators = text_starts[1:] - 2  # the separator word sits 2 characters before each text
    at = np.searchsorted(stream.starts, separators)
    stream.masked[at[at < len(stream.starts)]] = True
    hashes, first = ngram_hashes(stream, n)
    doc = np.searchsorted(text_starts, stream.starts[first], side="right") - 1
    order = np.argsort(hashes)
    order = order[np.argsort(doc[order].astype(np.uint16), kind="stable")]  # a radix sort
    hashes, doc = hashes[order], doc[order]
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (doc[1:] != doc[:-1])
    hashes, doc = hashes[keep], doc[keep]
    cuts = np.searchsorted(doc, np.arange(len(texts) + 1))
    return [hashes[cuts[k] : cuts[k + 1]] for k in range(len(texts))]
