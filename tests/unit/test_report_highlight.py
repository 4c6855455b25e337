"""Highlighting: marks split the text without losing, adding or un-escaping any character."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from storyline.report.highlight import Mark, highlight_html, parse_span, snippet_html

_TAG = re.compile(r"</?mark[^>]*>")


def _plain(page: str) -> str:
    """The text of highlighted HTML: marks removed, entities decoded."""
    return html.unescape(_TAG.sub("", page))


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet="ab <>&\"'\n", max_size=40))
    bounds = st.integers(min_value=0, max_value=len(text) + 3)
    marks = [
        Mark(*sorted((draw(bounds), draw(bounds))), draw(st.sampled_from(["quote", "claim"])))
        for _ in range(draw(st.integers(0, 6)))
    ]
    return text, marks


@given(text_and_marks())
def test_highlight_keeps_the_text_exactly(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    page = highlight_html(text, marks)
    assert _plain(page) == text
    assert "<" not in _TAG.sub("", page) and ">" not in _TAG.sub("", page)


def test_highlight_overlapping_marks_combine_classes() -> None:
    page = highlight_html("abcdef", [Mark(0, 4, "quote"), Mark(2, 6, "claim")])
    assert page == (
        '<mark class="quote">ab</mark><mark class="claim quote">cd</mark>'
        '<mark class="claim">ef</mark>'
    )


def test_highlight_anchor_gets_id_once() -> None:
    page = highlight_html("<b>bold</b>", [Mark(0, 5, "quote")], Mark(3, 8, "hl"))
    assert page.count('id="hl"') == 1
    assert page.startswith('<mark class="quote">&lt;b&gt;</mark><mark class="hl quote" id="hl">')


def test_highlight_parse_span_accepts_only_spans_inside_the_text() -> None:
    assert parse_span("2-5", 10) == Mark(2, 5, "hl")
    for bad in [None, "", "5-2", "3-3", "0-11", "a-b", "1-2-3", "-1-4"]:
        assert parse_span(bad, 10) is None


def test_highlight_snippet_marks_matches_and_escapes_the_rest() -> None:
    snippet = 'x <b> y "<img src=x onerror=alert(1)>" ok [unclosed'
    marks = [(2, 5), (snippet.index("ok"), snippet.index("ok") + 2), (5, 3), (40, 999)]
    page = snippet_html(snippet, marks)
    assert "<mark>&lt;b&gt;</mark>" in page and "<mark>ok</mark>" in page
    assert "<img" not in page and "<b>" not in page
    assert page.count("<mark>") == 2
    assert _plain(page) == snippet
