"""The Markdown and HTML reports: every section rendered, article text escaped everywhere."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from test_report_dossier import SCRIPT, sample_corpus

from storyline.report.dossier import build_dossier
from storyline.report.html import render_html
from storyline.report.markdown import md, render_markdown
from storyline.report.view import story_views

SECTION_TITLES = [
    "Sources",
    "Provenance",
    "People &",
    "Quotes",
    "Timeline",
    "Claims",
    "Discrepancies",
    "Positions",
]


class _Tags(HTMLParser):
    """Collect the tags and attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def assert_no_injected_markup(page: str) -> None:
    """No article-derived tag or event handler survives as markup."""
    assert SCRIPT not in page
    assert "<img" not in page
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)


def test_html_renders_every_section_for_every_story() -> None:
    page = render_html(build_dossier(sample_corpus()))
    assert page.startswith("<!DOCTYPE html>")
    for title in SECTION_TITLES:
        assert page.count(f"<h3>{title}") == 2, title
    for text in [
        "We demand a ceasefire,",
        "Foreign Minister",
        "[Copy Times · 2022-01-11 · Talks resume in Genf]</span> copied "
        "<span class=\"cite\">[Wire Daily · 2022-01-10 · Talks resume in Geneva]",
        "2022-01-10",
        "scheduled",
        "disputed",
        "How many people were hurt",
        "demand",
    ]:
        assert text in page, text


def test_html_is_self_contained() -> None:
    page = render_html(build_dossier(sample_corpus()))
    assert "<style>" in page
    parser = _Tags()
    parser.feed(page)
    assert not {"link", "script", "img", "iframe", "object"} & set(parser.tags)
    assert not [name for name, _ in parser.attrs if name == "src"]
    bare = page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, never fetched
    for external in ["@import", "http://", "https://"]:
        assert external not in bare, external
    assert not re.search(r"url\((?!#)", page)  # only the SVG's own arrow marker


def test_html_draws_each_storys_coverage_and_copy_graph_without_links() -> None:
    dossier = build_dossier(sample_corpus())
    page = render_html(dossier)
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) >= len(dossier["stories"])
    for svg in svgs:
        ET.fromstring(svg)  # well-formed
        assert "<a " not in svg and "href" not in svg
    assert "Who copied whom" in page and "Coverage" in page


def test_html_escapes_article_text_everywhere() -> None:
    page = render_html(build_dossier(sample_corpus()))
    assert_no_injected_markup(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_markdown_renders_every_section_for_every_story() -> None:
    text = render_markdown(build_dossier(sample_corpus()))
    for title in SECTION_TITLES:
        assert text.count(f"### {title}") == 2, title
    assert "| **Anna Berg** |" in text
    assert "**2022-01-10 · Monday**" in text and "*(scheduled)*" in text
    assert "**(disputed)**" in text


def test_markdown_escapes_article_text() -> None:
    text = render_markdown(build_dossier(sample_corpus()))
    assert not re.search(r"(?<!\\)</?(script|img)", text), "an unescaped tag"
    assert r"\<script\>alert(1)\</script\>" in text


def test_markdown_md_neutralises_markup_and_list_markers() -> None:
    assert md("[x](javascript:1) *b* `c` a|b") == r"\[x\](javascript:1) \*b\* \`c\` a\|b"
    assert md("- item") == r"\- item" and md("3. item") == r"3\. item"
    assert md("2022-01-10") == "2022-01-10"
    assert md("two\nlines") == "two lines"


def test_view_groups_quotes_and_pivots_positions() -> None:
    views = story_views(build_dossier(sample_corpus()))
    first = views[0]
    assert len(first.quote_board) == 1 and len(first.quote_board[0].quotes) == 2
    assert first.positions.actors == ["Anna Berg"] and first.positions.issues == ["ceasefire"]
    assert [day for day, _ in first.days] == ["2022-01-10 · Monday"]
    assert [a["id"] for a in first.articles] == ["a-1", "a-2"]


def test_positions_carry_their_measured_precision() -> None:
    # a reader is told how far machine-read positions hold on news the rules never saw
    from storyline.report.view import POSITIONS_NOTE

    dossier = build_dossier(sample_corpus())
    assert dossier["positions"]
    assert POSITIONS_NOTE in render_html(dossier).replace("&#x27;", "'")
    assert md(POSITIONS_NOTE) in render_markdown(dossier)


def test_positions_below_the_confidence_threshold_are_marked_less_sure() -> None:
    import dataclasses

    corpus = sample_corpus()
    for confident, marked in ((False, True), (True, False), (None, False)):
        positions = tuple(dataclasses.replace(p, confidence=0.5, confident=confident)
                          for p in corpus.positions)
        dossier = build_dossier(dataclasses.replace(corpus, positions=positions))
        assert all(p["confident"] is confident for p in dossier["positions"])
        assert ("(less sure)" in render_html(dossier)) is marked
        assert ("(less sure)" in render_markdown(dossier)) is marked
