"""Normalised word tokens, quotation and stock-phrase masks, and word n-gram shingle hashes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "SHINGLE_SIZE",
    "STOCK_PHRASES",
    "TokenStream",
    "ngram_hashes",
    "quote_ranges",
    "tokenize",
]

SHINGLE_SIZE = 3
MAX_OPEN_SINGLE_QUOTE = 400  # an unclosed ‘ longer than this is an apostrophe, not a quote

_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
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


@dataclass(frozen=True, slots=True)
class TokenStream:
    """Word tokens of a text range: normalised forms, offsets, and which are masked."""

    words: tuple[str, ...]
    starts: np.ndarray  # int64 character offsets
    ends: np.ndarray
    masked: np.ndarray  # bool: inside a quotation or a stock phrase
    hashes: np.ndarray  # uint64 hash per word


def normalise(word: str) -> str:
    """Casefold a word and drop its inner punctuation (apostrophes, dots)."""
    return word.casefold().replace("’", "").replace("'", "").replace(".", "")


def word_hash(word: str) -> int:
    """A stable 64-bit hash of a normalised word (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


_WORD_CACHE: dict[str, tuple[str, int]] = {}
_WORD_CACHE_MAX = 1 << 18


def _cache_word(raw: str) -> tuple[str, int]:
    """The normalised form of a raw word and its hash, remembered (the cache is bounded)."""
    if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
        _WORD_CACHE.clear()
    norm = normalise(raw)
    found = _WORD_CACHE[raw] = (norm, word_hash(norm))
    return found


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
    raw = _WORD.findall(text, start, stop)
    spans = [m.span() for m in _WORD.finditer(text, start, stop)]
    cache = _WORD_CACHE
    pairs = [cache.get(w) or _cache_word(w) for w in raw]
    words = [w for w, _ in pairs]
    offsets = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    s, e = offsets[:, 0].copy(), offsets[:, 1].copy()
    masked = _inside(s, quote_ranges(text, start, stop))
    _mask_stock_phrases(words, masked)
    hashes = np.fromiter((h for _, h in pairs), dtype=np.uint64, count=len(pairs))
    return TokenStream(tuple(words), s, e, masked, hashes)


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
def _phrase_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Stock phrases as token tuples, keyed by their first token, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in STOCK_PHRASES:
        toks = tuple(normalise(w) for w in phrase.split())
        index.setdefault(toks[0], []).append(toks)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


def _mask_stock_phrases(words: list[str], masked: np.ndarray) -> None:
    """Mark the tokens of stock phrases as masked, in place."""
    index = _phrase_index()
    for i in [k for k, w in enumerate(words) if w in index]:
        for phrase in index[words[i]]:
            if tuple(words[i : i + len(phrase)]) == phrase:
                masked[i : i + len(phrase)] = True
                break


def _mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, vectorised (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


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
        hashes = _mix(acc)
    first = np.nonzero(~bad)[0]
    return hashes[first], first.astype(np.int64)
