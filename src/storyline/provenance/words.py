"""Vectorised word scanning and hashing: word offsets and stable 64-bit word hashes in NumPy.

A word is a run of alphanumeric characters (``str.isalnum``), with single apostrophes (``'``,
``’``) or full stops joining alphanumeric runs ("port’s", "U.S", "3.5"): the same words as the
regular expression ``[^\\W_]+(?:['’.][^\\W_]+)*``. A word's normalised form is its casefold with
the joining marks removed (:func:`normalise`); its hash (:func:`word_hash`) is a polynomial over
the normalised form's code points in an odd base modulo 2**64, mixed with the length and
finished with the splitmix64 mixer, so it is the same in every process and on every run.

:func:`scan_words` finds the words of a text and hashes them without a Python-level loop over
words: the text becomes an array of code points, characters are classified with lookup tables
over the BMP (built once) or a per-code-point cache (beyond it), casefold expansions ("ß" ->
"ss") are spliced in with ``np.repeat``, and each word's polynomial is a difference of one
cumulative sum.

Not handled: words split by other joiners (hyphens, underscores, soft hyphens all separate words),
and Unicode normalisation forms (a precomposed "é" and "e" + combining accent hash differently).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["mix64", "normalise", "scan_words", "word_hash"]

_JOINERS = (ord("'"), ord("’"), ord("."))
_M_LEN = np.uint64(0x9E3779B97F4A7C15)

_BMP = 0x10000
_OTHER: dict[int, tuple[bool, tuple[int, ...]]] = {}  # code point -> (alnum, casefold)
_OTHER_MAX = 1 << 16
HASH_BLOCK = 1 << 20  # codes hashed with one table of powers (8 MB per uint64 table)
_BASE = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))
_POWERS = np.zeros(0, dtype=np.uint64)
_INVERSES = np.zeros(0, dtype=np.uint64)


def normalise(word: str) -> str:
    """Casefold a word and drop its inner punctuation (apostrophes, dots)."""
    return word.casefold().replace("’", "").replace("'", "").replace(".", "")


def mix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, vectorised (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """``_BASE ** i`` and its inverse modulo 2**64 for ``i < length`` (grown on demand)."""
    global _POWERS, _INVERSES
    if len(_POWERS) < length:
        size = max(length, 2 * len(_POWERS), 1 << 16)
        with np.errstate(over="ignore"):
            _POWERS = np.cumprod(np.full(size, _BASE, dtype=np.uint64), dtype=np.uint64)
            _POWERS = np.concatenate(([np.uint64(1)], _POWERS[:-1]))
            _INVERSES = np.cumprod(np.full(size, _BASE_INV, dtype=np.uint64), dtype=np.uint64)
            _INVERSES = np.concatenate(([np.uint64(1)], _INVERSES[:-1]))
    return _POWERS[:length], _INVERSES[:length]


def _hash_runs(codes: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Hashes of the runs ``codes[lo:hi]`` (in order, not overlapping), in blocks of runs that
    span at most ``HASH_BLOCK`` codes (a single longer run is a block of its own)."""
    out = np.empty(len(lo), dtype=np.uint64)
    first = 0
    while first < len(lo):
        last = int(np.searchsorted(hi, lo[first] + HASH_BLOCK, side="right"))
        last = max(last, first + 1)
        base = int(lo[first])
        block = codes[base : int(hi[last - 1])]
        out[first:last] = _hash_block(block, lo[first:last] - base, hi[first:last] - base)
        first = last
    return out


def _hash_block(codes: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Hashes of the runs ``codes[lo:hi]``: ``sum(code_i * BASE**i)`` mixed with the length.

    One cumulative sum of ``code * BASE**position`` over all codes; a run's polynomial is the
    difference of two prefix sums times the inverse power of its start (odd base: invertible
    modulo 2**64).
    """
    power, inverse = _powers(len(codes) + 1)
    with np.errstate(over="ignore"):
        acc = np.zeros(len(codes) + 1, dtype=np.uint64)
        np.cumsum(codes * power[: len(codes)], out=acc[1:])
        sums = (acc[hi] - acc[lo]) * inverse[lo]
        lengths = (hi - lo).astype(np.uint64)
        return mix64(sums ^ (lengths * _M_LEN))


def word_hash(word: str) -> int:
    """The 64-bit hash of an already normalised word (what :func:`scan_words` gives its form)."""
    codes = np.frombuffer(word.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    lo, hi = np.zeros(1, dtype=np.int64), np.full(1, len(codes), dtype=np.int64)
    return int(_hash_runs(codes, lo, hi)[0])


def _other(cp: int) -> tuple[bool, tuple[int, ...]]:
    """Whether a code point beyond the BMP is alphanumeric, and its casefold (cached, bounded)."""
    found = _OTHER.get(cp)
    if found is None:
        if len(_OTHER) >= _OTHER_MAX:
            _OTHER.clear()
        ch = chr(cp)
        found = _OTHER[cp] = (ch.isalnum(), tuple(ord(c) for c in ch.casefold()))
    return found


@lru_cache(maxsize=1)
def _bmp_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every BMP code point: alphanumeric, joining mark, casefold code, and whether the
    casefold has several code points (then the code is meaningless). Built once (about 0.1 s).
    """
    alnum = np.zeros(_BMP, dtype=bool)
    joiner = np.zeros(_BMP, dtype=bool)
    joiner[list(_JOINERS)] = True
    fold = np.arange(_BMP, dtype=np.uint32)
    multi = np.zeros(_BMP, dtype=bool)
    for cp in range(_BMP):
        if 0xD800 <= cp < 0xE000:  # surrogates: not letters, fold to themselves
            continue
        ch = chr(cp)
        alnum[cp] = ch.isalnum()
        folded = ch.casefold()
        if len(folded) == 1:
            fold[cp] = ord(folded)
        else:
            multi[cp] = True
    return alnum, joiner, fold, multi


def _fold_of(cp: int) -> tuple[int, ...]:
    """The casefold of one code point, as code points."""
    return _other(cp)[1] if cp >= _BMP else tuple(ord(c) for c in chr(cp).casefold())


def _fold_words(wc: np.ndarray, special: np.ndarray, fold: np.ndarray) -> tuple[
    np.ndarray, np.ndarray
]:
    """Casefold codes of the word characters ``wc``, with the folds of ``special`` characters
    (several code points, or beyond the BMP) spliced in; and each character's first output."""
    idx = np.flatnonzero(special)
    folds = [_fold_of(int(c)) for c in wc[idx].tolist()]
    flen = np.ones(len(wc), dtype=np.int64)
    flen[idx] = [len(f) for f in folds]
    first = np.zeros(len(wc) + 1, dtype=np.int64)
    np.cumsum(flen, out=first[1:])
    out = np.repeat(fold, flen).astype(np.uint64)
    for k, f in zip(idx.tolist(), folds, strict=True):
        out[first[k] : first[k] + len(f)] = f
    return out, first


def scan_words(text: str, start: int = 0, end: int | None = None) -> tuple[
    np.ndarray, np.ndarray, np.ndarray
]:
    """Words of ``text[start:end]``: start offsets, end offsets (int64) and hashes (uint64).

    Offsets index ``text``; each hash is ``word_hash(normalise(text[s:e]))``.
    """
    stop = len(text) if end is None else min(end, len(text))
    empty = np.zeros(0, dtype=np.int64)
    if stop <= start:
        return empty, empty, np.zeros(0, dtype=np.uint64)
    cp = np.frombuffer(text[start:stop].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    t_alnum, t_joiner, t_fold, t_multi = _bmp_tables()
    beyond = np.flatnonzero(cp >= _BMP)
    small = np.minimum(cp, _BMP - 1) if len(beyond) else cp
    alnum = t_alnum[small]
    for k in beyond.tolist():
        alnum[k] = _other(int(cp[k]))[0]
    joiner = t_joiner[small]
    inner = np.zeros(len(cp), dtype=bool)
    inner[1:-1] = joiner[1:-1] & alnum[:-2] & alnum[2:]
    inword = alnum | inner
    edges = np.diff(inword.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    if not len(starts):
        return empty, empty, np.zeros(0, dtype=np.uint64)
    ends = np.flatnonzero(edges == -1)
    # word characters, casefolded (multi-code-point folds spliced in), joining marks dropped
    wc_small = small[inword]
    fold = t_fold[wc_small]
    bound = np.zeros(len(starts) + 1, dtype=np.int64)  # word boundaries in the folded codes
    np.cumsum(ends - starts, out=bound[1:])
    special = t_multi[wc_small]
    if len(beyond):
        special |= cp[inword] >= _BMP
    if special.any():
        codes, first = _fold_words(cp[inword], special, fold)
        bound = first[bound]
    else:
        codes = fold.astype(np.uint64)
    keep = (codes != _JOINERS[0]) & (codes != _JOINERS[1]) & (codes != _JOINERS[2])
    if keep.all():
        lo, hi = bound[:-1], bound[1:]
    else:
        kept = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(keep, out=kept[1:])
        lo, hi = kept[bound[:-1]], kept[bound[1:]]
        codes = codes[keep]
    hashes = _hash_runs(codes, lo, hi)
    return starts + start, ends + start, hashes
