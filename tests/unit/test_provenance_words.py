"""Vectorised word scanning: the same words as the reference pattern, hashes of their forms."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model.records import Article
from storyline.provenance.features import body_shingle_sets, body_shingles, featurize
from storyline.provenance.shingles import ngram_hashes, shingle_sets, tokenize
from storyline.provenance.words import normalise, scan_words, word_hash

REFERENCE = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
# letters whose casefold has several code points, accents, digits, joiners, a lone surrogate,
# a character beyond the BMP, quotation marks and line breaks
ALPHABET = list("abXY09 .'’_-\n\t,;“”\"ßİﬁΣσςÉé²½日") + ["\u0301", "\ud800", "\U0001d400", "ŉ"]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 70), st.integers(0, 70))
def test_provenance_scan_words_matches_reference(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    starts, ends, hashes = scan_words(text, start, end)
    spans = [m.span() for m in REFERENCE.finditer(text, start, end)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == spans
    assert hashes.tolist() == [word_hash(normalise(text[s:e])) for s, e in spans]


def test_provenance_word_hash_ignores_case_and_joiners() -> None:
    _, _, hashes = scan_words("Port’s PORTS ports U.S us STRASSE straße")
    h = hashes.tolist()
    assert h[0] == h[1] == h[2] and h[3] == h[4] and h[5] == h[6]
    assert len({h[0], h[3], h[5]}) == 3
    assert word_hash("port") != word_hash("trop")


def test_provenance_token_words_are_normalised_forms() -> None:
    stream = tokenize("The Port’s CRANES stood idle in the U.S. harbour.")
    assert stream.words == ("the", "ports", "cranes", "stood", "idle", "in", "the", "us",
                            "harbour")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    ["told", "reporters", "according", "to", "the", "port", "“quoted words here”", "\n",
     "said", "in", "a", "statement", "crane", "union", "ships"]), max_size=30).map(" ".join),
    max_size=8))
def test_provenance_batch_shingles_equal_one_by_one(texts: list[str]) -> None:
    batch = shingle_sets(texts)
    for text, got in zip(texts, batch, strict=True):
        alone, _ = ngram_hashes(tokenize(text))
        assert np.array_equal(got, np.unique(alone))


def test_provenance_no_ngram_or_stock_phrase_crosses_texts() -> None:
    first, second = shingle_sets(["the dockers met", "according", "to the port authority"])[::2]
    assert len(first) == 1
    alone = np.unique(ngram_hashes(tokenize("to the port authority"))[0])
    assert np.array_equal(second, alone) and len(second) == 2


def test_provenance_body_shingles_equal_featurize() -> None:
    arts = [
        Article(id=f"a{k}", text=text, source_path=f"{k}.txt", body_start=start)
        for k, (text, start) in enumerate([
            ("Head\n\n  ‘Quoted line’ opens it. The port reopened on Monday.  \n", 6),
            ("Head\n\n\n", 6),
            ("No head at all: the council said in a statement it would meet.", 0),
        ])
    ]
    for art, batch in zip(arts, body_shingle_sets(arts), strict=True):
        assert np.array_equal(body_shingles(art), featurize(art).shingles)
        assert np.array_equal(batch, featurize(art).shingles)


def test_provenance_word_hashes_do_not_depend_on_hash_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.provenance import words

    text = " ".join(f"Dock{k % 37} ’90s U.S." for k in range(300)) + " " + "a" * 50
    _, _, whole = scan_words(text)
    monkeypatch.setattr(words, "HASH_BLOCK", 8)  # a run longer than a block is one block
    _, _, blocked = scan_words(text)
    assert np.array_equal(whole, blocked) and blocked[-1] == word_hash("a" * 50)
