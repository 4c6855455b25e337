"""A persisted signature index: new articles are compared with stored ones, not the whole corpus.

:class:`SignatureIndex` keeps, per stored article, its MinHash signature, LSH band keys, rare
shingles, body digest and body size. :meth:`SignatureIndex.candidates` finds, for a batch of new
articles, the stored articles they may share text with (same LSH band, enough shared rare
shingles, or an identical body) without touching the other stored articles; the alignment then
runs only on those pairs (``storyline.provenance.incremental``).

Not handled: removing articles (rebuild the index), and the document-frequency cap on rare
shingles sees only the stored articles plus the current batch, so a shingle that becomes common
later still links the earlier pairs it linked.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from storyline.provenance.candidates import (
    BANDS,
    MAX_BUCKET,
    MAX_DF,
    MIN_SHARED,
    MIN_SHARED_SHARE,
    NUM_PERM,
    band_keys,
    empty_rows,
    minhash_signatures,
)
from storyline.provenance.features import ArticleFeatures

__all__ = ["SignatureIndex", "body_digest", "unseen"]

FORMAT = 2  # 2: vectorised word hashes (signatures of format 1 do not compare)


def body_digest(f: ArticleFeatures) -> str:
    """A digest of the stripped body text: equal digests mean identical bodies."""
    a = f.article
    body = a.text[min(a.body_start, len(a.text)) :].strip()
    return hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest()


def unseen(feats: Sequence[ArticleFeatures], known: Iterable[str]) -> list[ArticleFeatures]:
    """The features whose ids are not ``known``, each id once (the first wins), in order."""
    seen = set(known)
    fresh = []
    for f in feats:
        if f.id not in seen:
            seen.add(f.id)
            fresh.append(f)
    return fresh


@dataclass
class SignatureIndex:
    """Signatures, band keys, shingles and body digests of the stored articles."""

    ids: list[str] = field(default_factory=list)
    sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), np.uint32))
    keys: np.ndarray = field(default_factory=lambda: np.zeros((0, BANDS), np.uint64))
    body_chars: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    digests: dict[str, int] = field(default_factory=dict)  # digest -> first row with it
    shingle_flat: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    shingle_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    shingle_sizes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row

    @property
    def _row(self) -> dict[str, int]:
        cached = self.__dict__.get("_row_cache")
        if cached is None or len(cached) != len(self.ids):
            cached = {aid: k for k, aid in enumerate(self.ids)}
            self.__dict__["_row_cache"] = cached
        return cached

    def body_chars_of(self, article_id: str) -> int:
        """The body size the index stored for an article."""
        return int(self.body_chars[self._row[article_id]])

    # ------------------------------------------------------------------ querying

    def candidates(self, feats: Sequence[ArticleFeatures]) -> list[tuple[int, str]]:
        """``(index into feats, stored id)`` pairs worth aligning, each once, sorted."""
        if not len(self) or not feats:
            return []
        sig = minhash_signatures([f.shingles for f in feats])
        found: set[tuple[int, int]] = set()
        found |= self._lsh(sig)
        found |= self._containment([f.shingles for f in feats])
        for k, f in enumerate(feats):
            row = self.digests.get(body_digest(f))
            if row is not None:
                found.add((k, row))
        return sorted((k, self.ids[row]) for k, row in found)

    def _lsh(self, sig: np.ndarray) -> set[tuple[int, int]]:
        """New-to-stored pairs sharing a band key; a bucket over the cap yields its first row."""
        out: set[tuple[int, int]] = set()
        valid = np.flatnonzero(~empty_rows(sig))
        if not len(valid):
            return out
        new_keys = band_keys(sig[valid])
        stored_ok = ~empty_rows(self.sigs)
        for band in range(self.keys.shape[1]):
            rows = np.flatnonzero(stored_ok)
            col = self.keys[rows, band]
            order = np.argsort(col, kind="stable")
            col, rows = col[order], rows[order]
            lo = np.searchsorted(col, new_keys[:, band], side="left")
            hi = np.searchsorted(col, new_keys[:, band], side="right")
            for k in np.flatnonzero(hi > lo):
                members = rows[lo[k] : hi[k]]
                hits = members if len(members) < MAX_BUCKET else members[:1]
                out.update((int(valid[k]), int(r)) for r in hits)
        return out

    def _containment(self, sets: Sequence[np.ndarray]) -> set[tuple[int, int]]:
        """New-to-stored pairs sharing enough rare shingles, relative to the smaller one."""
        out: set[tuple[int, int]] = set()
        if not len(self.shingle_flat):
            return out
        sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
        if not sizes.sum():
            return out
        flat = np.concatenate([np.asarray(s, dtype=np.uint64) for s in sets])
        doc = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
        lo = np.searchsorted(self.shingle_flat, flat, side="left")
        hi = np.searchsorted(self.shingle_flat, flat, side="right")
        uniq, batch_df = np.unique(flat, return_counts=True)
        df = (hi - lo) + batch_df[np.searchsorted(uniq, flat)]
        hit = np.flatnonzero((hi > lo) & (df <= MAX_DF))
        if not len(hit):
            return out
        counts = np.diff(np.concatenate(([0], np.cumsum(hi[hit] - lo[hit]))))
        pos = np.repeat(lo[hit], counts) + _ranges(counts)
        new_doc = np.repeat(doc[hit], counts)
        old_doc = self.shingle_doc[pos]
        m = len(self)
        codes, shared = np.unique(new_doc * m + old_doc, return_counts=True)
        i, j = codes // m, codes % m
        smaller = np.minimum(sizes[i], self.shingle_sizes[j])
        need = np.maximum(2, np.minimum(MIN_SHARED, np.ceil(MIN_SHARED_SHARE * smaller)))
        keep = shared >= need
        out.update(zip(i[keep].tolist(), j[keep].tolist(), strict=True))
        return out

    # ------------------------------------------------------------------ adding

    def add(self, feats: Sequence[ArticleFeatures]) -> None:
        """Store the articles (ids already stored are skipped)."""
        fresh = unseen(feats, self.ids)
        if not fresh:
            return
        base = len(self.ids)
        sig = minhash_signatures([f.shingles for f in fresh])
        self.ids.extend(f.id for f in fresh)
        self.sigs = np.concatenate((self.sigs, sig))
        self.keys = np.concatenate((self.keys, band_keys(sig)))
        chars = np.fromiter((f.body_chars for f in fresh), dtype=np.int64, count=len(fresh))
        self.body_chars = np.concatenate((self.body_chars, chars))
        for k, f in enumerate(fresh):
            self.digests.setdefault(body_digest(f), base + k)
        sizes = np.fromiter((len(f.shingles) for f in fresh), dtype=np.int64, count=len(fresh))
        self.shingle_sizes = np.concatenate((self.shingle_sizes, sizes))
        if sizes.sum():
            flat = np.concatenate([f.shingles for f in fresh] + [self.shingle_flat])
            doc = np.concatenate(
                (np.repeat(np.arange(base, base + len(fresh), dtype=np.int64), sizes),
                 self.shingle_doc)
            )
            order = np.argsort(flat, kind="stable")
            self.shingle_flat, self.shingle_doc = flat[order], doc[order]

    # ------------------------------------------------------------------ persistence

    def to_bytes(self) -> bytes:
        """The index as one ``.npz`` blob (for a file or a store column)."""
        digests = sorted(self.digests.items(), key=lambda kv: kv[1])
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            format=np.asarray([FORMAT]),
            ids=np.asarray(self.ids, dtype=str),
            sigs=self.sigs,
            keys=self.keys,
            body_chars=self.body_chars,
            digest_keys=np.asarray([d for d, _ in digests], dtype=str),
            digest_rows=np.asarray([r for _, r in digests], dtype=np.int64),
            shingle_flat=self.shingle_flat,
            shingle_doc=self.shingle_doc,
            shingle_sizes=self.shingle_sizes,
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> SignatureIndex:
        """An index written by :meth:`to_bytes`."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            if int(z["format"][0]) != FORMAT:
                raise ValueError(f"signature index format {int(z['format'][0])}, want {FORMAT}")
            return cls(
                ids=[str(x) for x in z["ids"]],
                sigs=z["sigs"].astype(np.uint32).reshape(-1, NUM_PERM),
                keys=z["keys"].astype(np.uint64).reshape(-1, BANDS),
                body_chars=z["body_chars"].astype(np.int64),
                digests={str(d): int(r) for d, r in zip(z["digest_keys"], z["digest_rows"],
                                                         strict=True)},
                shingle_flat=z["shingle_flat"].astype(np.uint64),
                shingle_doc=z["shingle_doc"].astype(np.int64),
                shingle_sizes=z["shingle_sizes"].astype(np.int64),
            )

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (via a temporary file, then an atomic rename)."""
        target = Path(path)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(self.to_bytes())
        tmp.replace(target)

    @classmethod
    def load(cls, path: str | Path) -> SignatureIndex:
        """The index saved at ``path``, or an empty one when there is no file yet."""
        target = Path(path)
        return cls.from_bytes(target.read_bytes()) if target.exists() else cls()


def _ranges(counts: np.ndarray) -> np.ndarray:
    """``0..c-1`` for each count, concatenated."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - starts
