"""Fuzzing the cleaner and the quotation finder: any text is handled, in time bounded by its
size (a hostile article can cost its own budget, never stop the run)."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean.article import make_article
from storyline.io.raw import RawDocument
from storyline.language.entities import find_mentions
from storyline.language.nlp import parse
from storyline.quotes.find import find_quotes

PIECES = ['"', "\u201c", "\u201d", "'", "``", "''", ",", ".", "\u2014", " said ", " says ",
          "Ilse Marten", " told reporters", ":", "\n", "\n\n", " the strike ", "(", ")", "x" * 50,
          "Minister", "«", "»", "  ", "\t"]
SECONDS_PER_KB = 0.5  # far above what ordinary news text needs (a few milliseconds per KB)


def _budget(text: str) -> float:
    return 2.0 + SECONDS_PER_KB * len(text) / 1000


texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=400).map(
    "".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_cleaner_time_is_bounded_by_size(text: str) -> None:
    raw = RawDocument(source_path="fuzz.txt", data=("Headline\n\n" + text).encode("utf-8"),
                      format="text")
    started = time.perf_counter()
    try:
        article = make_article(raw)
    except Exception as exc:  # noqa: BLE001 - only input errors are allowed to surface
        assert type(exc).__name__ == "InputError", exc
        return
    assert time.perf_counter() - started < _budget(text)
    assert article.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_quotation_finder_time_is_bounded_by_size(text: str) -> None:
    raw = RawDocument(source_path="fuzz.txt", data=("Headline\n\n" + text).encode("utf-8"),
                      format="text")
    try:
        article = make_article(raw)
    except Exception:  # noqa: BLE001 - the cleaner's refusals are tested above
        return
    started = time.perf_counter()
    doc = parse(article)
    quotes = find_quotes(article, doc, find_mentions(article, doc), unattributed=True)
    assert time.perf_counter() - started < _budget(article.text)
    for q in quotes:
        assert 0 <= q.content.start < q.content.end <= len(article.text)
