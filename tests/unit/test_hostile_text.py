"""Hostile article text: inputs that made a scanner take quadratic (or worse) time.

Each test feeds a pathological input large enough that the old code would run for minutes,
and checks the result; a regression shows as a hung test, not as a timing assert.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from hypothesis import given
from hypothesis import strategies as st

from storyline.io.feeds import _author, _looks_html
from storyline.model import Article, ArticleAnnotations, content_id
from storyline.pipeline.annotate import MAX_ANNOTATED_CHARS, Annotator, annotated_part
from storyline.quotes.blocks import _colon_line_ends

_OLD_COLON_LINE = re.compile(r"[^\n]*:[ \t]*\n")  # the former scanners, as references
_OLD_LOOKS_HTML = re.compile(r"<(?:[a-zA-Z][\w-]*)(?:\s[^>]*)?/?>")


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


def test_feed_text_with_many_unclosed_tags_is_not_html() -> None:
    assert not _looks_html("<a " * 300_000)  # 900 KB
    assert _looks_html("<a " * 300_000 + ">")


@given(st.text(alphabet="<ab/ >\n-", max_size=30))
def test_html_check_matches_the_former_regex(text: str) -> None:
    assert _looks_html(text) == bool(_OLD_LOOKS_HTML.search(text))


@dataclass(frozen=True)
class _Recorder:
    """A per-article stage that keeps the text it was given and finds each capital letter."""

    name: str = "recorder"
    seen: list[str] = field(default_factory=list)
    provides: frozenset[str] = frozenset({"sentences"})
    parses: bool = False

    def setup(self) -> None:
        """Nothing to load."""

    def process(self, article: Article, annotations: ArticleAnnotations,
                doc: object) -> ArticleAnnotations:
        self.seen.append(article.text)
        found = tuple((i, i + 1) for i, ch in enumerate(article.text) if ch.isupper())
        return dataclasses.replace(annotations, sentences=found)


def _article(text: str, body_start: int = 0) -> Article:
    return Article(id=content_id("a", text), text=text, source_path="long.txt",
                   body_start=body_start)


def test_long_article_is_annotated_up_to_a_paragraph_break() -> None:
    para = "Rescue Crews Reached The Valley On Tuesday " * 1_000  # 43 KB without a break
    text = "\n\n".join([para] * 20)  # about 860 KB
    stage = _Recorder()
    ann = Annotator([stage]).one(_article(text, body_start=10))
    assert isinstance(ann, ArticleAnnotations)
    (seen,) = stage.seen
    assert len(seen) <= MAX_ANNOTATED_CHARS and text.startswith(seen)
    assert text[len(seen) : len(seen) + 3] == " \n\n"  # cut at a paragraph break
    assert ann.sentences and ann.sentences[-1][1] <= len(seen)
    assert all(text[s:e] == seen[s:e] for s, e in ann.sentences[-5:])
    assert ann.notes == (f"text beyond character {len(seen)} (of {len(text)}) was not annotated:"
                         f" annotation stops at {MAX_ANNOTATED_CHARS} characters",)


def test_long_article_without_breaks_is_cut_at_a_sentence_end_or_blank() -> None:
    text = "Crews reached the valley. " * 20_000  # 520 KB on one line
    assert annotated_part(_article(text)).text.endswith("valley.")
    text = "1/2/3 " * 100_000  # 600 KB, no sentence end
    part = annotated_part(_article(text, body_start=MAX_ANNOTATED_CHARS + 5))
    assert part.text.endswith("1/2/3") and len(part.text) > MAX_ANNOTATED_CHARS - 7
    assert part.body_start == len(part.text)
    assert len(annotated_part(_article("x" * 300_000)).text) == MAX_ANNOTATED_CHARS


def test_short_article_is_annotated_whole_without_a_note() -> None:
    article = _article("Rescue crews reached the valley.\n\nThey said so.")
    assert annotated_part(article) is article
    stage = _Recorder()
    ann = Annotator([stage]).one(article)
    assert stage.seen == [article.text] and isinstance(ann, ArticleAnnotations) and not ann.notes
