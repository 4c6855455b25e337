"""RSS and Atom feed files: one raw document per entry that carries text.

Parsed with feedparser. An entry's text is the longest of its ``content`` values and its
``summary``; HTML in it is turned into plain paragraphs here (a feed entry is the article body
already, with no page around it for an extractor to work on). Each entry keeps its link as the
URL and its title, publication time (RFC 822 times rewritten as ISO 8601 with their offset),
author and the feed's title (the outlet) as hints. Documents are named ``file#N``, N the
entry's 1-based position.

A feed whose XML is broken is rejected with the parser's message; entries the lenient parser
still recovered from it are read too, so that the rejection says what was lost rather than
losing everything. Entries without any text are rejected one by one.

Not handled yet: enclosures (audio, video), entries that only link to the article (their text
would have to be fetched), and JSON Feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

from storyline.io.raw import RawDocument, read_rejection
from storyline.model.records import Rejection

__all__ = ["fragment_text", "iter_feed"]

Item = RawDocument | Rejection
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "header",
    "footer", "aside", "address", "hr",
})
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed")
_BLANK_RUNS = re.compile(r"\n\s*\n\s*")
_MAX_AUTHOR = 200  # longer author fields are not bylines and are dropped
_TAG_START = re.compile(r"<[a-zA-Z][\w-]*(?:/?>|\s)")


def iter_feed(source: str, data: bytes) -> Iterator[Item]:
    """Raw documents (entries with text) and rejections from one RSS or Atom document."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    broken = _xml_error(parsed)
    if broken and not entries:
        yield read_rejection(source, f"broken feed XML ({broken})")
        return
    if broken:
        yield read_rejection(source, f"broken feed XML ({broken}); {len(entries)} entries "
                             "recovered by lenient parsing were read")
    elif not parsed.get("version") and not entries:
        yield read_rejection(source, "not an RSS or Atom feed")
        return
    if not entries:
        yield read_rejection(source, "feed has no entries")
        return
    outlet = _clean(parsed.feed.get("title"))
    for n, entry in enumerate(entries, start=1):
        yield _entry_document(f"{source}#{n}", entry, outlet)


def _xml_error(parsed: Any) -> str | None:
    """The XML syntax error feedparser met, if any (encoding notices are not errors)."""
    from xml.sax import SAXException

    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not isinstance(exc, SAXException):
        return None
    where = ""
    if hasattr(exc, "getLineNumber"):
        where = f" at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return f"{exc.getMessage()}{where}"


def _clean(value: Any) -> str | None:
    """A stripped, single-spaced string, or ``None`` when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _entry_body(entry: Any) -> str:
    """The longest text the entry carries (content or summary), as plain paragraphs."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    detail = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", detail.get("type") or "text/html"))
    value, kind = max(candidates, key=lambda c: len(c[0]))
    if "html" in kind or _looks_html(value):
        return fragment_text(value)
    return value.strip()


def _looks_html(value: str) -> bool:
    """Whether the text holds an HTML tag: ``<name>``, ``<name/>``, or ``<name`` and a blank
    with a ``>`` later on. Linear: the ``>`` is looked for once, not from every ``<``."""
    m = _TAG_START.search(value)
    return m is not None and (m.group().endswith(">") or value.find(">", m.end()) >= 0)


def _published(entry: Any) -> str | None:
    """The entry's publication (else update) time, RFC 822 rewritten as ISO 8601."""
    value = _clean(entry.get("published") or entry.get("updated") or entry.get("created"))
    if value is None:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value  # already ISO 8601 in Atom, or a shape the date parser will read


def _author(entry: Any) -> str | None:
    """The entry's author's name ("jane@example.org (Jane Doe)" gives "Jane Doe").

    The name is what the parentheses after the address hold (from the first "(" to the final
    ")"). An author field longer than ``_MAX_AUTHOR`` characters is dropped, not parsed.
    """
    author = _clean(entry.get("author"))
    if author is None or len(author) > _MAX_AUTHOR:
        return None
    head, paren, tail = author.partition("(")
    address = head.rstrip()
    if paren and tail.endswith(")") and " " not in address and "@" in address[1:-1]:
        return tail[:-1].strip() or None
    return author


def _entry_document(item: str, entry: Any, outlet: str | None) -> Item:
    """A raw text document from one feed entry, with its metadata as hints."""
    body = _entry_body(entry)
    if not any(ch.isalpha() for ch in body):
        return read_rejection(item, "feed entry has no text (no content or summary)")
    url = _clean(entry.get("link"))
    fields = (
        ("title", _clean(entry.get("title"))),
        ("date", _published(entry)),
        ("outlet", outlet),
        ("url", url),
        ("author", _author(entry)),
    )
    hints = tuple((k, v) for k, v in fields if v)
    return RawDocument(source_path=item, data=body.encode("utf-8"), format="text", url=url,
                       hints=hints)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block element, blank lines between."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.strip()
    for el in root.iter(*_DROP_TAGS):
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
