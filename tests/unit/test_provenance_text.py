"""Provenance text units: passages, quotation masks, stock phrases and shingles."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from storyline.model.records import Article
from storyline.provenance.features import featurize
from storyline.provenance.passages import MAX_PASSAGE_CHARS, split_passages, split_text
from storyline.provenance.shingles import ngram_hashes, quote_ranges, tokenize


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_ranges(text)]


def test_provenance_passages_split_sentences_with_offsets() -> None:
    text = "Title\n\nMr. Orlo arrived at 9 a.m. on Monday. He left at noon! Did he return?\n\nNo."
    spans = split_text(text, 7)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Orlo arrived at 9 a.m. on Monday.",
        "He left at noon!",
        "Did he return?",
        "No.",
    ]


def test_provenance_passages_start_at_body(make_article: Callable[..., Article]) -> None:
    article = make_article("A title. With a dot\n\nBody one. Body two.", body_start=21)
    assert [article.text[s:e] for s, e in split_passages(article)] == ["Body one.", "Body two."]


def test_provenance_passages_cut_long_runs() -> None:
    text = "word " * 2000
    spans = split_text(text)
    assert len(spans) > 1 and all(e - s <= MAX_PASSAGE_CHARS for s, e in spans)
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)


def test_provenance_quote_styles_are_masked() -> None:
    assert _quoted("He said “we stay” and left.") == ["“we stay”"]
    assert _quoted('He said "we stay" and left.') == ['"we stay"']
    assert _quoted("Er sagte „wir bleiben“ dort.") == ["„wir bleiben“"]
    assert _quoted("Il a dit « nous restons » hier.") == ["« nous restons »"]
    assert _quoted("She called it ‘a total farce’ today.") == ["‘a total farce’"]


def test_provenance_apostrophes_are_not_quotes() -> None:
    assert _quoted("The port’s owner didn’t say. The workers’ union did.") == []
    assert _quoted("It was ’90s music and rock ’n’ roll.") == []


def test_provenance_unclosed_quote_runs_to_paragraph_end() -> None:
    text = "He said: “We stay here\n\nNext paragraph is reporting."
    assert _quoted(text) == ["“We stay here"]


def test_provenance_tokens_are_normalised_and_masked() -> None:
    text = "Officials TOLD REPORTERS the port’s “cranes are idle” now, according to sources."
    stream = tokenize(text)
    assert "ports" in stream.words and "officials" in stream.words
    masked = {w for w, m in zip(stream.words, stream.masked, strict=True) if m}
    assert masked == {"told", "reporters", "cranes", "are", "idle", "according", "to"}


def test_provenance_shingles_skip_masked_tokens_and_are_stable() -> None:
    text = "one two three “four five six” seven eight nine"
    hashes, first = ngram_hashes(tokenize(text))
    assert list(first) == [0, 6]  # "one two three" and "seven eight nine" only
    again, _ = ngram_hashes(tokenize("ONE two, three! seven eight nine"))
    assert hashes[0] == again[0] and hashes.dtype == np.uint64
    assert len(set(hashes.tolist())) == 2


def test_provenance_mostly_quoted_passage_is_not_evidence(
    make_article: Callable[..., Article],
) -> None:
    text = (
        "“We will not give up, not this week and not next week, whatever they offer us,” "
        "she said.\n\nThe strike began on Monday at the northern gate of the harbour."
    )
    first, second = featurize(make_article(text)).passages
    assert not first.eligible and second.eligible
