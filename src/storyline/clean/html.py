"""HTML pages: main text and metadata through trafilatura.

The page is extracted with trafilatura's balanced settings (neither favouring precision nor
recall) and comments left out; when that finds nothing, a second pass favours recall. The text
comes back one paragraph per line, ready for the plain-text furniture rules. The publication
time is read from the page's own meta tags first (``article:published_time``,
``datePublished``…), which keep the clock time and offset, then from trafilatura's date.

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


def _extract(html: str, url: str | None, recall: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=recall,
        output_format="python",
    )


def _field(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """The main text and metadata of an HTML page, or ``None`` when it holds no article text."""
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(f"HTML page is {len(html)} characters, over the {MAX_HTML_CHARS} limit")
    doc = _extract(html, url, recall=False)
    if doc is None or not _field(doc, "text"):
        doc = _extract(html, url, recall=True)
    if doc is None or not _field(doc, "text"):
        return None
    return HtmlExtract(
        text=str(doc.text),
        title=_field(doc, "title"),
        author=_field(doc, "author"),
        sitename=_field(doc, "sitename"),
        date=_meta_date(html) or _field(doc, "date"),
        url=_field(doc, "url") or url,
    )
