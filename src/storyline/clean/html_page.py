"""HTML pages: main text and metadata through trafilatura, then our own post-processing.

Extraction favours precision (trafilatura's ``favor_precision``): on news pages it leaves out
more teasers and widgets than the balanced setting while keeping the article. When that text
is short (under ``SHORT_TEXT`` characters) the balanced setting is tried too and wins when it
finds at least twice as much, since precision sometimes cuts a page's main part; when nothing
is found, a last pass favours recall. Comments are left out. The page is parsed once and every
pass works on a copy of the tree; metadata (title, author, site name, URL) is read once, and
htmldate's costly date search runs only when the page's meta tags carry no date.

Post-processing works on trafilatura's XML body (extracted with links marked): the run of
blocks at the end of the text that are mostly link text (related-article lists, "more
stories" teasers) is dropped unless it outweighs the rest of the text, and the text comes
back one paragraph per line, ready for the plain-text furniture rules of
:mod:`storyline.clean.text`. The publication time is read from
the page's own meta tags first (``article:published_time``, ``datePublished``…), which keep
the clock time and offset, then from trafilatura's date.

Pages over ``MAX_HTML_CHARS`` are not parsed (a guard against pathological pages), nor are
pages cut off before their end (``is_truncated``: their article would be incomplete). Not handled
yet: pages holding several articles (only the main one is kept), paywalled or script-rendered
pages (their text is not in the HTML), and tables (kept as flattened lines).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_HTML_CHARS", "HtmlExtract", "extract_html", "is_truncated"]

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
_PAGE_OPEN = re.compile(r"(?i)<(?:html|body)[\s>]")
_PAGE_CLOSE = re.compile(r"(?i)</(?:html|body)\s*>")
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


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"))
DEEP = 200  # libxml2 drops what lies deeper than 256 elements unless told the tree is huge


def _depth(html: str) -> int:
    """How deep the page's elements nest, roughly (unclosed elements counted as open)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _load(html: str) -> Any:
    """The page's element tree: trafilatura's loader, or for a page nested deeper than the
    parser's default limit lxml's huge-tree parser (which keeps the text deep inside)."""
    if _depth(html) > DEEP:
        import lxml.html

        with contextlib.suppress(Exception):
            return lxml.html.fromstring(html, parser=lxml.html.HTMLParser(
                huge_tree=True, remove_comments=True))
    from trafilatura.utils import load_html

    return load_html(html)


def _extract(tree: Any, url: str | None, setting: str) -> Any:
    """trafilatura's text document for one setting: precision, balanced or recall.

    ``tree`` is the parsed page; trafilatura works on a copy, so one parse serves every
    setting. Metadata is read separately (``_metadata``).
    """
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_links=True,
        favor_precision=setting == "precision",
        favor_recall=setting == "recall",
        output_format="python",
    )


def _metadata(tree: Any, url: str | None) -> Any:
    """Title, author, URL and site name as trafilatura finds them, without its date search.

    The same steps as ``trafilatura.metadata.extract_metadata`` for these fields; the date
    (the costly part: htmldate) is searched only when the page's own tags have none
    (``_date``), and categories, tags and licence are not needed.
    """
    from trafilatura import metadata as tm
    from trafilatura.utils import line_processing

    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader has bugs; skip it then
        found = tm.extract_meta_json(tree, found)
    title_from_page = not found.title
    if title_from_page:
        found.title = tm.extract_title(tree)
    if not found.author:
        found.author = tm.extract_author(tree)
    if not found.url:
        found.url = tm.extract_url(tree, url)
    if not found.sitename:
        found.sitename = tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (m := tm.META_URL.match(found.url)):
        found.sitename = m[1]
    shown = found.title if title_from_page else None
    found.clean_and_trim()
    if shown:
        # trafilatura decodes entities once more, which suits meta tags (pages often encode
        # their content twice) but not a heading's text, which the tree has decoded already:
        # kept as the page shows it, like the body text (see _main_text)
        found.title = line_processing(shown[:9999])
    return found


def _date(html: str, tree: Any, url: str | None) -> str | None:
    """The page's publication time: its meta tags first, else htmldate's search."""
    if found := _meta_date(html):
        return found
    from htmldate import find_date
    from trafilatura.settings import set_date_params

    value = find_date(tree, **{**set_date_params(True), "url": url})
    return value.strip() if isinstance(value, str) and value.strip() else None


def _field(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _text_length(doc: Any) -> int:
    return len(_field(doc, "text") or "") if doc is not None else 0


def _best_document(tree: Any, url: str | None) -> Any:
    """The precision extraction, or the balanced one when precision cut the page short."""
    doc = _extract(tree, url, "precision")
    if _text_length(doc) < SHORT_TEXT:
        balanced = _extract(tree, url, "balanced")
        if _text_length(balanced) >= 2 * max(_text_length(doc), 1):
            doc = balanced
    if _text_length(doc) == 0:
        doc = _extract(tree, url, "recall")
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
    """The post-processed main text, one paragraph per line.

    As trafilatura's ``xmltotxt`` makes it, but without its last step, which decodes HTML
    entities a second time: the tree's text is already decoded, so a page showing "AT&amp;T"
    (written ``AT&amp;amp;T``) would be stored as "AT&T"."""
    from lxml import etree
    from trafilatura.utils import sanitize
    from trafilatura.xml import process_element

    body = getattr(doc, "body", None)
    if body is None:
        return str(doc.text)
    _drop_trailing_teasers(body)
    etree.strip_tags(body, "ref")
    parts: list[str] = []
    process_element(body, parts, False)
    return sanitize("".join(parts), True) or ""


def is_truncated(html: str) -> bool:
    """Whether a whole page (it opens ``<html>`` or ``<body>``) was cut off before its end.

    A page is cut off when it closes neither ``body`` nor ``html`` and ends inside a tag, in
    the middle of text or with an opening tag. A page that leaves out those optional end tags
    but ends with an end tag (``</div>``, ``</script>``) is not. Fragments (no
    ``<html>``/``<body>``) never are.
    """
    if not _PAGE_OPEN.search(html, 0, 100_000) or _PAGE_CLOSE.search(html):
        return False
    tail = html.rstrip()
    if tail.rfind("<") > tail.rfind(">") or not tail.endswith(">"):
        return True
    last = tail[tail.rfind("<") :]
    return not last.startswith(("</", "<!")) and not last.endswith("/>")  # an opened element


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """The main text and metadata of an HTML page, or ``None`` when it holds no article text.

    Raises ``ValueError`` for a page over ``MAX_HTML_CHARS`` and for a truncated page (whose
    article would be incomplete).
    """
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(f"HTML page is {len(html)} characters, over the {MAX_HTML_CHARS} limit")
    if is_truncated(html):
        tail = html.rstrip()
        where = "inside a tag" if tail.rfind("<") > tail.rfind(">") else (
            "after an opening tag" if tail.endswith(">") else "in the middle of its text")
        raise ValueError(f"truncated HTML: the page ends {where}, before </body></html>")
    tree = _load(html)
    if tree is None:
        return None
    meta = _metadata(tree, url)
    page_url = url or _field(meta, "url")
    doc = _best_document(tree, page_url)
    if doc is None:
        return None
    text = _main_text(doc)
    if not text.strip():
        return None
    return HtmlExtract(
        text=text,
        title=_field(meta, "title"),
        author=_field(meta, "author"),
        sitename=_field(meta, "sitename"),
        date=_date(html, tree, _field(meta, "url")),
        url=_field(meta, "url") or url,
    )
