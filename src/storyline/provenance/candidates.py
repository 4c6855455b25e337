"""Candidate article pairs: vectorised MinHash LSH plus shared-rare-shingle containment."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "band_keys",
    "candidate_pairs",
    "containment_pairs",
    "empty_rows",
    "lsh_pairs",
    "minhash_signatures",
]

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs above Jaccard ~0.4 collide with high probability
MAX_BUCKET = 40  # larger LSH buckets are linked as a star around their first member
MAX_DF = 32  # shingles in more documents are boilerplate or mass syndication (LSH finds those)
MIN_SHARED = 6  # shared rare shingles that make a containment candidate
MIN_SHARED_SHARE = 0.3  # ... or this share of the smaller document's shingles
CHUNK_SHINGLES = 1 << 18  # shingles hashed per block (2 MB per uint64 array: stays in cache)
_SHIFT = np.uint64(32)
_MASK32 = np.uint64(0xFFFFFFFF)


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Odd multipliers and offsets of the multiply-shift hash family, one pair per row."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)
    return a, b


def minhash_signatures(
    shingle_sets: Sequence[np.ndarray], num_perm: int = NUM_PERM, seed: int = 1
) -> np.ndarray:
    """MinHash signatures ``(n, num_perm)`` as uint32; all-max rows for empty documents.

    Permutation-major: each permutation is one pass of multiply, add and shift over the shingles
    of a block of documents, then one ``minimum.reduceat`` over document boundaries. That keeps
    the working set to one block's shingles (``CHUNK_SHINGLES``) whatever the corpus size.
    """
    a, b = _permutations(num_perm, seed)
    n = len(shingle_sets)
    sig = np.full((n, num_perm), _MASK32, dtype=np.uint32)
    sizes = np.fromiter((len(s) for s in shingle_sets), dtype=np.int64, count=n)
    lo = 0
    while lo < n:
        hi = lo + 1
        total = int(sizes[lo])
        while hi < n and total + sizes[hi] <= CHUNK_SHINGLES:
            total += int(sizes[hi])
            hi += 1
        _signature_block(shingle_sets, sizes, lo, hi, a, b, sig)
        lo = hi
    return sig


def _signature_block(
    shingle_sets: Sequence[np.ndarray],
    sizes: np.ndarray,
    lo: int,
    hi: int,
    a: np.ndarray,
    b: np.ndarray,
    sig: np.ndarray,
) -> None:
    """Fill ``sig[lo:hi]`` for the non-empty documents of the block, in place."""
    rows = np.flatnonzero(sizes[lo:hi]) + lo
    if not len(rows):
        return
    flat = np.concatenate([np.asarray(shingle_sets[r], dtype=np.uint64) for r in rows]) & _MASK32
    seg = np.concatenate(([0], np.cumsum(sizes[rows])[:-1]))
    v = np.empty_like(flat)
    with np.errstate(over="ignore"):
        for k in range(len(a)):
            np.multiply(flat, a[k], out=v)  # multiply-shift hashing, wrapping in uint64
            v += b[k]
            v >>= _SHIFT
            sig[rows, k] = np.minimum.reduceat(v, seg)


def _group_pairs(items: np.ndarray, keys: np.ndarray, max_size: int, star: bool) -> np.ndarray:
    """Pairs of ``items`` (given in key order) sharing a key; big groups become stars or go."""
    if len(items) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(items)])))
    out = [np.zeros((0, 2), dtype=np.int64)]
    for s in np.unique(sizes[(sizes >= 2) & (sizes <= max_size)]):
        firsts = starts[sizes == s]
        members = items[firsts[:, None] + np.arange(s)[None, :]]
        iu, ju = np.triu_indices(int(s), 1)
        out.append(np.stack((members[:, iu].ravel(), members[:, ju].ravel()), axis=1))
    if star:
        for first, s in zip(starts[sizes > max_size], sizes[sizes > max_size], strict=True):
            members = items[first : first + s]
            hub = members.min()
            rest = members[members != hub]
            out.append(np.stack((np.full(len(rest), hub), rest), axis=1))
    pairs = np.concatenate(out).astype(np.int64)
    return np.sort(pairs, axis=1)


def band_keys(sig: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """One uint64 key per band ``(n, bands)``: equal keys mean equal rows in that band."""
    n, num_perm = sig.shape
    rows = num_perm // bands
    mult = np.random.default_rng(7).integers(1, 1 << 62, size=rows, dtype=np.uint64) | np.uint64(1)
    keys = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
            keys[:, band] = (block * mult[None, :]).sum(axis=1, dtype=np.uint64)
    return keys


def empty_rows(sig: np.ndarray) -> np.ndarray:
    """Whether each signature is that of an empty document (never a candidate)."""
    return np.asarray((sig == _MASK32).all(axis=1))


def lsh_pairs(sig: np.ndarray, bands: int = BANDS, max_bucket: int = MAX_BUCKET) -> np.ndarray:
    """Candidate pairs whose signatures agree on every row of at least one band."""
    n = len(sig)
    valid = np.flatnonzero(~empty_rows(sig))
    if len(valid) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys = band_keys(sig if len(valid) == n else sig[valid], bands)  # no copy when all valid
    found = []
    for band in range(bands):
        order = np.argsort(keys[:, band], kind="stable")
        found.append(valid[_group_pairs(order, keys[order, band], max_bucket, star=True)])
    return _unique_pairs(np.concatenate(found), n)


def containment_pairs(
    shingle_sets: Sequence[np.ndarray],
    max_df: int = MAX_DF,
    min_shared: int = MIN_SHARED,
    min_share: float = MIN_SHARED_SHARE,
) -> np.ndarray:
    """Pairs sharing enough rare shingles, relative to the smaller document (truncated copies)."""
    sizes = np.fromiter((len(s) for s in shingle_sets), dtype=np.int64, count=len(shingle_sets))
    if sizes.sum() == 0:
        return np.zeros((0, 2), dtype=np.int64)
    flat = np.concatenate([np.asarray(s, dtype=np.uint64) for s in shingle_sets])
    doc = np.repeat(np.arange(len(shingle_sets), dtype=np.int64), sizes)
    order = np.argsort(flat, kind="stable")
    pairs = _group_pairs(doc[order], flat[order], max_df, star=False)
    if not len(pairs):
        return pairs
    n = len(shingle_sets)
    codes, counts = np.unique(pairs[:, 0] * n + pairs[:, 1], return_counts=True)
    i, j = codes // n, codes % n
    smaller = np.minimum(sizes[i], sizes[j])
    need = np.maximum(2, np.minimum(min_shared, np.ceil(min_share * smaller)))
    keep = counts >= need
    return np.stack((i[keep], j[keep]), axis=1)


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Distinct pairs with ``i < j``, sorted."""
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    if not len(pairs):
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


def candidate_pairs(shingle_sets: Sequence[np.ndarray]) -> list[tuple[int, int]]:
    """All candidate pairs ``(i, j)``, ``i < j``, by LSH or by containment, sorted."""
    n = len(shingle_sets)
    if n < 2:
        return []
    both = np.concatenate(
        (lsh_pairs(minhash_signatures(shingle_sets)), containment_pairs(shingle_sets))
    )
    return [(int(i), int(j)) for i, j in _unique_pairs(both, n)]
