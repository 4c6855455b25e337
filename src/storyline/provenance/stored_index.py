"""The signature index kept in the store: a build reads the rows its new articles' keys name,
never the whole index, and writes only its new articles' rows.

:class:`StoredIndex` answers as :class:`~storyline.provenance.index.SignatureIndex` does
(``candidates``, ``add``, ``in``, ``body_chars_of``) over a store that keeps the rows of
:class:`~storyline.model.signatures.SignatureRows`: per article its body size, shingle count and
body digest; per LSH band key the articles with it; per rare shingle the articles with it. The
store keeps at most ``MAX_BUCKET`` articles per band key and ``MAX_DF + 1`` per shingle (the
first ones indexed): a fuller bucket yields its first member and a shingle in more than
``MAX_DF`` documents is not used, so the rows past the cap would never be read. The candidates
are therefore those the in-memory index finds, and a build's reads and memory follow its batch
and the keys it shares, not the size of the store.

A ``pending`` in-memory index (one carried in the old way, being moved into the store by this
build) is answered from memory alongside the store's rows; :func:`rows_of_index` gives its rows
lazily, for the store to insert.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

import numpy as np

from storyline.model.signatures import SignatureHits, SignatureRows
from storyline.provenance.candidates import (
    BANDS,
    MAX_BUCKET,
    MAX_DF,
    MIN_SHARED,
    MIN_SHARED_SHARE,
    band_keys,
    empty_rows,
    minhash_signatures,
)
from storyline.provenance.features import ArticleFeatures
from storyline.provenance.index import SignatureIndex, body_digest, unseen

__all__ = ["SignatureLookup", "StoredIndex", "rows_of_index"]


class SignatureLookup(Protocol):
    """What the store answers about its signature index."""

    def signature_docs(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``(body_chars, shingle_count)`` of the indexed articles among ``ids``."""

    def signature_hits(self, bands: Sequence[int], shingles: Sequence[int],
                       digests: Sequence[str]) -> SignatureHits:
        """The stored rows for these keys (see :class:`SignatureHits`)."""


def _signed(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.uint64).view(np.int64)


class _Prepared:
    """One batch's signatures, keys and shingles, and what the store holds for them."""

    def __init__(self, feats: Sequence[ArticleFeatures], lookup: _Lookup) -> None:
        self.ids = tuple(f.id for f in feats)
        sig = minhash_signatures([f.shingles for f in feats])
        self.valid = np.flatnonzero(~empty_rows(sig))
        self.keys = (_signed(band_keys(sig[self.valid])) if len(self.valid)
                     else np.zeros((0, BANDS), np.int64))
        self.sizes = np.fromiter((len(f.shingles) for f in feats), np.int64, len(feats))
        self.flat = (_signed(np.concatenate([f.shingles for f in feats]))
                     if self.sizes.sum() else np.zeros(0, np.int64))
        self.doc = np.repeat(np.arange(len(feats), dtype=np.int64), self.sizes)
        self.digests = [body_digest(f) for f in feats]
        self.hits = lookup.hits(np.unique(self.keys).tolist(), np.unique(self.flat).tolist(),
                                self.digests)


class _Lookup:
    """The store's rows, with the rows of a ``pending`` in-memory index answered from it."""

    def __init__(self, store: SignatureLookup, pending: SignatureIndex | None) -> None:
        self.store = store
        self.pending = pending if pending is not None and len(pending) else None
        if self.pending is not None:
            index = self.pending
            ok = ~empty_rows(index.sigs)
            rows = np.repeat(np.arange(len(index), dtype=np.int64), index.keys.shape[1])
            flat = _signed(index.keys).ravel()
            keep = np.repeat(ok, index.keys.shape[1])
            order = np.lexsort((rows[keep], flat[keep]))
            self._band_keys, self._band_rows = flat[keep][order], rows[keep][order]
            signed = _signed(index.shingle_flat)  # sorted as signed, as they are looked up
            order = np.lexsort((index.shingle_doc, signed))
            self._shingles, self._shingle_rows = signed[order], index.shingle_doc[order]

    def docs_of(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        wanted = list(ids)
        found: dict[str, tuple[int, int]] = {}
        if self.pending is not None:
            index = self.pending
            for aid in wanted:
                if aid in index:
                    row = index._row[aid]  # noqa: SLF001 - the index's own row map
                    found[aid] = (int(index.body_chars[row]), int(index.shingle_sizes[row]))
        rest = [a for a in wanted if a not in found]
        return {**found, **(self.store.signature_docs(rest) if rest else {})}

    def hits(self, bands: Sequence[int], shingles: Sequence[int],
             digests: Sequence[str]) -> SignatureHits:
        got = self.store.signature_hits(bands, shingles, digests)
        if self.pending is None:
            return got
        index = self.pending
        band_rows = _postings(self._band_keys, self._band_rows, bands, MAX_BUCKET, index.ids)
        shingle_rows = _postings(self._shingles, self._shingle_rows, shingles, MAX_DF + 1,
                                 index.ids)
        first = dict(got.digests)
        for d in digests:
            if d in index.digests:
                first[d] = index.ids[index.digests[d]]  # indexed before the store's rows
        sizes = dict(got.sizes or {})
        sizes.update(self.docs_of_pending({a for _, a in shingle_rows}))
        return SignatureHits(tuple(band_rows) + got.bands, tuple(shingle_rows) + got.shingles,
                             tuple(first.items()), sizes)

    def docs_of_pending(self, ids: Iterable[str]) -> dict[str, int]:
        index = self.pending
        assert index is not None
        return {a: int(index.shingle_sizes[index._row[a]]) for a in ids}  # noqa: SLF001


def _postings(keys: np.ndarray, rows: np.ndarray, wanted: Sequence[int], cap: int,
              ids: Sequence[str]) -> list[tuple[int, str]]:
    """``(key, id)`` of the first ``cap`` rows with each wanted key (keys sorted)."""
    if not len(wanted) or not len(keys):
        return []
    want = np.asarray(wanted, dtype=np.int64)
    lo = np.searchsorted(keys, want, side="left")
    hi = np.minimum(np.searchsorted(keys, want, side="right"), lo + cap)
    out: list[tuple[int, str]] = []
    for k in np.flatnonzero(hi > lo).tolist():
        key = int(want[k])
        out.extend((key, ids[r]) for r in rows[lo[k]:hi[k]].tolist())
    return out


class StoredIndex:
    """A signature index whose rows are in the store; :meth:`rows` are what a build adds."""

    def __init__(self, store: SignatureLookup, pending: SignatureIndex | None = None) -> None:
        self._lookup = _Lookup(store, pending)
        self._known: dict[str, tuple[int, int]] = {}
        self._prepared: _Prepared | None = None
        self._docs: list[tuple[str, int, int, str]] = []
        self._bands: list[tuple[int, str]] = []
        self._shingles: list[tuple[int, str]] = []

    def load(self, ids: Iterable[str]) -> None:
        """Look up which of these articles are indexed (before ``in`` and ``body_chars_of``)."""
        self._known.update(self._lookup.docs_of(a for a in ids if a not in self._known))

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._known

    def body_chars_of(self, article_id: str) -> int:
        """The body size indexed for an article (looked up with :meth:`load`)."""
        return self._known[article_id][0]

    def rows(self) -> SignatureRows:
        """The rows the articles added so far make."""
        return SignatureRows(tuple(self._docs), tuple(self._bands), tuple(self._shingles))

    # ------------------------------------------------------------------ querying

    def candidates(self, feats: Sequence[ArticleFeatures]) -> list[tuple[int, str]]:
        """``(index into feats, stored id)`` pairs worth aligning, each once, sorted."""
        if not feats:
            return []
        prep = self._prepared = _Prepared(feats, self._lookup)
        hits = prep.hits
        found: set[tuple[int, str]] = set()
        buckets: dict[int, list[str]] = {}
        for key, aid in hits.bands:
            buckets.setdefault(key, []).append(aid)
        for row, k in enumerate(prep.valid.tolist()):
            for key in prep.keys[row].tolist():
                members = buckets.get(key)
                if members:
                    found.update((k, m) for m in
                                 (members if len(members) < MAX_BUCKET else members[:1]))
        found |= self._containment(prep)
        first = dict(hits.digests)
        for k, digest in enumerate(prep.digests):
            if digest in first:
                found.add((k, first[digest]))
        return sorted(found)

    @staticmethod
    def _containment(prep: _Prepared) -> set[tuple[int, str]]:
        """New-to-stored pairs sharing enough rare shingles, relative to the smaller one."""
        postings: dict[int, list[str]] = {}
        for shingle, aid in prep.hits.shingles:
            postings.setdefault(shingle, []).append(aid)
        if not postings:
            return set()
        uniq, batch_df = np.unique(prep.flat, return_counts=True)
        batch = dict(zip(uniq.tolist(), batch_df.tolist(), strict=True))
        known = np.fromiter(postings, np.int64, len(postings))
        hit = np.flatnonzero(np.isin(prep.flat, known))
        shared: Counter[tuple[int, str]] = Counter()
        for shingle, k in zip(prep.flat[hit].tolist(), prep.doc[hit].tolist(), strict=True):
            stored = postings[shingle]
            if len(stored) + batch[shingle] <= MAX_DF:
                for aid in stored:
                    shared[(k, aid)] += 1
        sizes = prep.hits.sizes or {}
        out = set()
        for (k, aid), count in shared.items():
            smaller = min(int(prep.sizes[k]), sizes.get(aid, 0))
            if count >= max(2, min(MIN_SHARED, math.ceil(MIN_SHARED_SHARE * smaller))):
                out.add((k, aid))
        return out

    # ------------------------------------------------------------------ adding

    def add(self, feats: Sequence[ArticleFeatures]) -> None:
        """Index the articles (ids already indexed are skipped): their rows join
        :meth:`rows`, within the store's caps."""
        fresh = unseen(feats, self._known)
        if not fresh:
            return
        prep = self._prepared
        if prep is None or prep.ids != tuple(f.id for f in fresh):
            prep = _Prepared(fresh, self._lookup)
        self._prepared = None
        ids = prep.ids
        for k, f in enumerate(fresh):
            self._docs.append((f.id, f.body_chars, int(prep.sizes[k]), prep.digests[k]))
            self._known[f.id] = (f.body_chars, int(prep.sizes[k]))
        counts = Counter(key for key, _ in prep.hits.bands)
        for row, k in enumerate(prep.valid.tolist()):
            for key in dict.fromkeys(prep.keys[row].tolist()):
                if counts[key] < MAX_BUCKET:
                    counts[key] += 1
                    self._bands.append((key, ids[k]))
        if len(prep.flat):
            stored = Counter(s for s, _ in prep.hits.shingles)
            order = np.lexsort((prep.doc, prep.flat))
            flat, doc = prep.flat[order], prep.doc[order]
            rank, start, size = _ranks(flat)
            room = np.fromiter((MAX_DF + 1 - stored.get(s, 0) for s in flat[start].tolist()),
                               np.int64, len(start))
            keep = np.flatnonzero(rank < np.repeat(room, size))
            self._shingles.extend(zip(flat[keep].tolist(), (ids[d] for d in doc[keep].tolist()),
                                      strict=True))


class _Pairs(Sequence[tuple[int, str]]):
    """``(key, article id)`` pairs over an int64 array of keys and one of rows into ``ids``,
    made one at a time (a whole index's rows would not fit in memory as tuples)."""

    def __init__(self, keys: np.ndarray, rows: np.ndarray, ids: Sequence[str]) -> None:
        self.keys, self.rows, self.ids = keys, rows, ids

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, k):  # type: ignore[no-untyped-def, override]
        if isinstance(k, slice):
            return _Pairs(self.keys[k], self.rows[k], self.ids)
        return int(self.keys[k]), self.ids[int(self.rows[k])]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        ids = self.ids
        for start in range(0, len(self.keys), 65536):
            keys = self.keys[start:start + 65536].tolist()
            rows = self.rows[start:start + 65536].tolist()
            yield from zip(keys, (ids[r] for r in rows), strict=True)


class _Chain(Sequence[tuple[int, str]]):
    """Two sequences of pairs, one after the other."""

    def __init__(self, first: Sequence[tuple[int, str]],
                 then: Sequence[tuple[int, str]]) -> None:
        self.first, self.then = first, then

    def __len__(self) -> int:
        return len(self.first) + len(self.then)

    def __getitem__(self, k):  # type: ignore[no-untyped-def, override]
        if isinstance(k, slice):
            return list(self)[k]
        return self.first[k] if k < len(self.first) else self.then[k - len(self.first)]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        yield from self.first
        yield from self.then


def rows_of_index(index: SignatureIndex) -> SignatureRows:
    """An in-memory index's rows, in its order, within the store's caps (made lazily)."""
    digest_of = {row: d for d, row in index.digests.items()}  # only each digest's first row
    docs = tuple((aid, int(index.body_chars[row]), int(index.shingle_sizes[row]),
                  digest_of.get(row, "")) for row, aid in enumerate(index.ids))
    n, per = index.keys.shape
    ok = np.repeat(~empty_rows(index.sigs), per) if n else np.zeros(0, bool)
    keys = _signed(index.keys).ravel()[ok]
    rows = np.repeat(np.arange(n, dtype=np.int64), per)[ok]
    keys, rows = _capped(keys, rows, MAX_BUCKET)
    flat, doc = _capped(_signed(index.shingle_flat), index.shingle_doc, MAX_DF + 1)
    return SignatureRows(docs, _Pairs(keys, rows, index.ids), _Pairs(flat, doc, index.ids))


def merged_rows(first: SignatureRows, then: SignatureRows) -> SignatureRows:
    """Two sets of rows, the first indexed first."""
    return SignatureRows(first.docs + then.docs, _Chain(first.bands, then.bands),
                         _Chain(first.shingles, then.shingles))


def _capped(keys: np.ndarray, rows: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``cap`` rows of each key (by row), sorted by key then row; one row per
    (key, row) pair."""
    if not len(keys):
        return keys, rows
    order = np.lexsort((rows, keys))
    keys, rows = keys[order], rows[order]
    fresh = np.r_[True, (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])]
    keys, rows = keys[fresh], rows[fresh]
    keep = _ranks(keys)[0] < cap
    return keys[keep], rows[keep]


def _ranks(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For sorted ``keys``: each element's place among its equals, and where each run of
    equal keys starts and how long it is."""
    start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    size = np.diff(np.r_[start, len(keys)])
    return np.arange(len(keys)) - np.repeat(start, size), start, size
