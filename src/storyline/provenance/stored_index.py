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

``pending`` rows (an index carried in the old way, being moved into the store by this build)
are answered from memory alongside the store's rows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
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
from storyline.provenance.index import SignatureIndex, body_digest

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
    """The store's rows, with ``pending`` rows answered from memory."""

    def __init__(self, store: SignatureLookup, pending: SignatureRows | None) -> None:
        self.store = store
        self.bands: dict[int, list[str]] = {}
        self.shingles: dict[int, list[str]] = {}
        self.digests: dict[str, str] = {}
        self.docs: dict[str, tuple[int, int]] = {}
        for aid, chars, count, digest in (pending.docs if pending else ()):
            self.docs[aid] = (chars, count)
            if digest:
                self.digests.setdefault(digest, aid)
        for key, aid in (pending.bands if pending else ()):
            self.bands.setdefault(key, []).append(aid)
        for key, aid in (pending.shingles if pending else ()):
            self.shingles.setdefault(key, []).append(aid)

    def docs_of(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        wanted = list(ids)
        found = {a: self.docs[a] for a in wanted if a in self.docs}
        rest = [a for a in wanted if a not in found]
        return {**found, **(self.store.signature_docs(rest) if rest else {})}

    def hits(self, bands: Sequence[int], shingles: Sequence[int],
             digests: Sequence[str]) -> SignatureHits:
        got = self.store.signature_hits(bands, shingles, digests)
        if not self.docs:
            return got
        first = dict(got.digests)
        for d in digests:
            if d in self.digests:
                first[d] = self.digests[d]  # pending rows were indexed before the store's
        band_rows = [(k, a) for k in bands for a in self.bands.get(k, ())[:MAX_BUCKET]]
        shingle_rows = [(s, a) for s in shingles for a in self.shingles.get(s, ())[:MAX_DF + 1]]
        sizes = dict(got.sizes or {})
        sizes.update({a: self.docs[a][1] for _, a in shingle_rows})
        return SignatureHits(tuple(band_rows) + got.bands, tuple(shingle_rows) + got.shingles,
                             tuple(first.items()), sizes)


class StoredIndex:
    """A signature index whose rows are in the store; :meth:`rows` are what a build adds."""

    def __init__(self, store: SignatureLookup, pending: SignatureRows | None = None) -> None:
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
        fresh, seen = [], set(self._known)
        for f in feats:
            if f.id not in seen:
                seen.add(f.id)
                fresh.append(f)
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
            start = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
            rank = np.arange(len(flat)) - np.repeat(start, np.diff(np.r_[start, len(flat)]))
            room = np.fromiter((MAX_DF + 1 - stored.get(s, 0) for s in flat[start].tolist()),
                               np.int64, len(start))
            keep = np.flatnonzero(rank < np.repeat(room, np.diff(np.r_[start, len(flat)])))
            self._shingles.extend(zip(flat[keep].tolist(), (ids[d] for d in doc[keep].tolist()),
                                      strict=True))


def rows_of_index(index: SignatureIndex) -> SignatureRows:
    """An in-memory index's rows, in its order, within the store's caps (to move it into a
    store)."""
    docs = []
    for row, aid in enumerate(index.ids):
        docs.append((aid, int(index.body_chars[row]), int(index.shingle_sizes[row]), ""))
    digest_of = {row: d for d, row in index.digests.items()}  # only each digest's first row
    docs = [(a, c, n, digest_of.get(row, "")) for row, (a, c, n, _) in enumerate(docs)]
    bands: list[tuple[int, str]] = []
    counts: Counter[int] = Counter()
    ok = ~empty_rows(index.sigs) if len(index.sigs) else np.zeros(0, bool)
    keys = _signed(index.keys) if len(index.keys) else np.zeros((0, BANDS), np.int64)
    for row in np.flatnonzero(ok).tolist():
        for key in dict.fromkeys(keys[row].tolist()):
            if counts[key] < MAX_BUCKET:
                counts[key] += 1
                bands.append((key, index.ids[row]))
    shingles: list[tuple[int, str]] = []
    flat, doc = _signed(index.shingle_flat), index.shingle_doc
    if len(flat):
        order = np.lexsort((doc, flat))  # the first rows indexed keep their place
        flat, doc = flat[order], doc[order]
        start = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
        rank = np.arange(len(flat)) - np.repeat(start, np.diff(np.r_[start, len(flat)]))
        keep = np.flatnonzero(rank <= MAX_DF)
        shingles = list(zip(flat[keep].tolist(), (index.ids[d] for d in doc[keep].tolist()),
                            strict=True))
    return SignatureRows(tuple(docs), tuple(bands), tuple(shingles))

