"""Hostile article text: inputs that made a scanner take quadratic (or worse) time.

Each test feeds a pathological input large enough that the old code would run for minutes,
and checks the result; a regression shows as a hung test, not as a timing assert.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storyline.io.feeds import _author
from storyline.language.quote_blocks import _colon_line_ends

_OLD_COLON_LINE = re.compile(r"[^\n]*:[ \t]*\n")  # the former scanner, as a reference


def test_colon_lines_of_one_long_line_without_a_colon() -> None:
    text = "word " * 2_000_000 + "\n"  # 10 MB on one line
    assert _colon_line_ends(text) == []


def test_colon_lines_of_many_long_lines() -> None:
    text = ("a" * 100_000 + "\n") * 50 + "The minister said: \t\nA paragraph follows.\n"
    colon = text.index(":")
    assert _colon_line_ends(text) == [(colon, colon + 4)]


@given(st.text(alphabet="ab :\t\n\r", max_size=60))
def test_colon_lines_match_the_former_regex(text: str) -> None:
    expected = [(text.rindex(":", m.start(), m.end()), m.end())
                for m in _OLD_COLON_LINE.finditer(text)]
    assert _colon_line_ends(text) == expected


def test_feed_author_with_many_at_signs_and_parentheses() -> None:
    hostile = "@" * 5_000 + "(" * 5_000 + ")"
    assert _author({"author": hostile}) is None
    assert _author({"author": "a" + "@" * 98 + "(" * 99 + ")"}) == "(" * 98


def test_feed_author_forms() -> None:
    assert _author({"author": "desk@post.example (Jane Roe)"}) == "Jane Roe"
    assert _author({"author": "desk@post.example(Jane Roe)"}) == "Jane Roe"
    assert _author({"author": "desk@post.example (Jane Roe (Harbour desk))"}) == (
        "Jane Roe (Harbour desk)")
    assert _author({"author": "desk@post.example ()"}) is None
    assert _author({"author": "  Jane\n Roe "}) == "Jane Roe"
    assert _author({"author": "Jane Roe (Harbour desk)"}) == "Jane Roe (Harbour desk)"
    assert _author({"author": "@post.example (Jane Roe)"}) == "@post.example (Jane Roe)"
    assert _author({}) is None
