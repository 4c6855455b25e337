"""Hostile article text: inputs that made a scanner take quadratic (or worse) time.

Each test feeds a pathological input large enough that the old code would run for minutes,
and checks the result; a regression shows as a hung test, not as a timing assert.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

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
