"""HTML pages: main text and metadata through trafilatura, then our own post-processing.

Extraction favours precision (trafilatura's ``favor_precision``): on news pages it leaves out
more teasers and widgets than the balanced setting while keeping the article. When that text
is short (under ``SHORT_TEXT`` characters) the balanced setting is tried too and wins when it
finds at least twice as much, since precision sometimes cuts a page's main part; when nothing
is found, a last pass favours recall. Comments are left out.

Post-processing works on trafilatura's XML body (extracted with links marked): the run of
blocks at the end of the text that are mostly link text (related-article lists, "more
stories" teasers) is dropped unless it outweighs the rest of the text, and the text comes
back one paragraph per line, ready for the plain-text furniture rules of
:mod:`storyline.clean.text`. The publication time is read from
the page's own meta tags first (``article:published_time``, ``datePublished``…), which keep
the clock time and offset, then from trafilatura's date.

Pages over ``MAX_HTML_CHARS`` are not parsed (a guard against pathological pages). Not handled
yet: pages holding several articles (only the main one is kept), paywalled or script-rendered
pages (their text is not in the HTML), and tables (kept as flattened lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_HTML_CHARS", "HtmlExtract", "extract_html"]

MAX_HTML_CHARS = 5_000_000
SHORT_TEXT = 1000  # characters below which the balanced setting is tried as well
LINK_SHARE = 0.5  # share of a block's text in links above which a trailing block is a teaser
_BLOCKS = ("p", "head", "item", "cell", "quote", "code")
_CONTAINERS = frozenset({"p", "item", "list", "table", "head", "quote"})

_META_DATE = re.compile(
    r"""(?is)<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|"""
    r"""og:published_time|datePublished|pubdate|publishdate|dc\.date(?:\.issued)?|date)["']"""
    r"""[^>]*>"""
)
_CONTENT = re.compile(r"""(?is)content\s*=\s*["']([^"']+)["']""")
_JSONLD_DATE = re.compile(r""""datePublished"\s*:\s*"([^"]+)\"""")


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What an HTML page yields: main text (a paragraph per line) and its metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    url: str | None = None


def _meta_date(html: str) -> str | None:
    """The publication time from the page's meta tags or JSON-LD, as written."""
    head = html[:200_000]
    for tag in _META_DATE.finditer(head):
        if m := _CONTENT.search(tag.group(0)):
            return m.group(1).strip()
    if m := _JSONLD_DATE.search(head):
        return m.group(1).strip()
    return None


def _extract(html: str, url: str | None, setting: str) -> Any:
    """trafilatura's document for one setting: precision, balanced or recall."""
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=True,
        favor_precision=setting == "precision",
        favor_recall=setting == "recall",
        output_format="python",
    )


def _field(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _text_length(doc: Any) -> int:
    return len(_field(doc, "text") or "") if doc is not None else 0


def _best_document(html: str, url: str | None) -> Any:
    """The precision extraction, or the balanced one when precision cut the page short."""
    doc = _extract(html, url, "precision")
    if _text_length(doc) < SHORT_TEXT:
        balanced = _extract(html, url, "balanced")
        if _text_length(balanced) >= 2 * max(_text_length(doc), 1):
            doc = balanced
    if _text_length(doc) == 0:
        doc = _extract(html, url, "recall")
    return doc if _text_length(doc) else None


def _leaf_blocks(body: Any) -> list[Any]:
    """The innermost text blocks of the body (paragraphs, headings, list items, cells)."""
    return [el for el in body.iter(*_BLOCKS)
            if not any(child.tag in _CONTAINERS for child in el.iterdescendants())]


def _link_share(block: Any) -> float:
    """The share of a block's (non-space) text that is link text."""
    text = "".join("".join(block.itertext()).split())
    if not text:
        return 0.0
    links = "".join("".join("".join(ref.itertext()) for ref in block.iter("ref")).split())
    return len(links) / len(text)


def _drop_trailing_teasers(body: Any) -> None:
    """Remove the blocks at the end of the body that are mostly links.

    Nothing is removed when those blocks outweigh the rest: a page that is mostly a list of
    links (a link blog, a digest) is that list.
    """
    blocks = [b for b in _leaf_blocks(body) if "".join(b.itertext()).strip()]
    cut = len(blocks)
    while cut > 0 and _link_share(blocks[cut - 1]) >= LINK_SHARE:
        cut -= 1
    kept = sum(len("".join(b.itertext())) for b in blocks[:cut])
    dropped = sum(len("".join(b.itertext())) for b in blocks[cut:])
    if dropped == 0 or dropped > kept:
        return
    for block in blocks[cut:]:
        parent = block.getparent()
        if parent is not None:
            parent.remove(block)


def _main_text(doc: Any) -> str:
    """The post-processed main text, one paragraph per line."""
    from lxml import etree
    from trafilatura.xml import xmltotxt

    body = getattr(doc, "body", None)
    if body is None:
        return str(doc.text)
    _drop_trailing_teasers(body)
    etree.strip_tags(body, "ref")
    return xmltotxt(body, False) or ""


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """The main text and metadata of an HTML page, or ``None`` when it holds no article text."""
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(f"HTML page is {len(html)} characters, over the {MAX_HTML_CHARS} limit")
    doc = _best_document(html, url)
    if doc is None:
        return None
    text = _main_text(doc)
    if not text.strip():
        return None
    return HtmlExtract(
        text=text,
        title=_field(doc, "title"),
        author=_field(doc, "author"),
        sitename=_field(doc, "sitename"),
        date=_meta_date(html) or _field(doc, "date"),
        url=_field(doc, "url") or url,
    )
