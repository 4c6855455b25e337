"""Candidate pairs: MinHash LSH for near duplicates, containment for truncated copies."""

from __future__ import annotations

import numpy as np

from storyline.provenance.candidates import (
    candidate_pairs,
    containment_pairs,
    lsh_pairs,
    minhash_signatures,
)


def _sets(seed: int, n: int, size: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [np.unique(rng.integers(0, 1 << 63, size=size, dtype=np.uint64)) for _ in range(n)]


def test_provenance_minhash_estimates_jaccard() -> None:
    base = _sets(1, 1, 400)[0]
    near = np.unique(np.concatenate((base[:360], _sets(2, 1, 40)[0])))
    other = _sets(3, 1, 400)[0]
    sig = minhash_signatures([base, near, other])
    assert (sig[0] == sig[1]).mean() > 0.6
    assert (sig[0] == sig[2]).mean() < 0.1


def test_provenance_lsh_finds_near_duplicates_not_strangers() -> None:
    docs = _sets(4, 50, 300)
    docs.append(np.unique(np.concatenate((docs[7][:280], _sets(5, 1, 20)[0]))))
    pairs = lsh_pairs(minhash_signatures(docs))
    assert [tuple(p) for p in pairs.tolist()] == [(7, 50)]


def test_provenance_empty_documents_are_never_candidates() -> None:
    empty = np.zeros(0, dtype=np.uint64)
    assert candidate_pairs([empty, empty, empty]) == []


def test_provenance_containment_finds_truncated_copy() -> None:
    long_doc = _sets(6, 1, 600)[0]
    short_copy = long_doc[:40]
    docs = [long_doc, *_sets(7, 20, 300), short_copy]
    assert (0, 21) in [tuple(p) for p in containment_pairs(docs).tolist()]
    assert (0, 21) in candidate_pairs(docs)


def test_provenance_large_identical_buckets_become_stars() -> None:
    doc = _sets(8, 1, 200)[0]
    pairs = candidate_pairs([doc] * 100)
    assert len(pairs) == 99 and all(i == 0 for i, _ in pairs)
