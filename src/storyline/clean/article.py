"""From a raw document to an :class:`Article`: decode, extract, remove furniture, find metadata.

``make_article`` decodes the bytes (:mod:`storyline.clean.decode`), takes the main text and
metadata of HTML pages (:mod:`storyline.clean.html_page`), removes site furniture line by line
(:mod:`storyline.clean.text`) and fills the metadata from, in order of trust: the container's
hints (JSON fields), the page's meta tags, furniture lines ("Source From: X", date lines, URL
lines, bylines) and the text itself (datelines, agency credits, language).

The clean text is the title line, a blank line, then the body paragraphs separated by blank
lines; ``body_start`` is where the body begins (0 when no title is known).

Furniture learned from lines recurring across an outlet's articles is removed later, over a
batch of articles (:mod:`storyline.clean.learned`); ``clean_document`` gives it the paragraphs'
line numbers.

Not handled yet: outlet names for domains (the domain stands in), relative publication times
("2 hours ago"), and choosing between conflicting dates (the most trusted source wins).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from storyline.clean.dates import date_from_url
from storyline.clean.decode import UndecodableError, decode_with_note, normalise_text
from storyline.clean.html_page import extract_html
from storyline.clean.language_guess import guess_language
from storyline.clean.metadata import best_date, find_agencies, find_dateline, outlet_from_url
from storyline.clean.text import CleanText, clean_text
from storyline.errors import InputError
from storyline.io.raw import RawDocument
from storyline.model.ids import content_id, sha256_hex
from storyline.model.records import Article

__all__ = ["MAX_TITLE_CHARS", "cap_title", "clean_document", "make_article"]

MAX_TITLE_CHARS = 500  # headlines run to about 150 characters; a longer "title" is not one
# News articles run to tens of thousands of characters; a text of millions is a book or a dump,
# and cleaning, reuse detection and storing it would cost minutes and gigabytes for nothing
MAX_ARTICLE_CHARS = 2_000_000


def cap_title(title: str | None) -> tuple[str | None, int]:
    """The title cut to ``MAX_TITLE_CHARS`` at a word boundary (with an ellipsis), and the
    length it had when it was cut (0 when it was not): a hostile or broken feed's megabyte
    "title" must not be parsed, compared and shown whole."""
    if title is None or len(title) <= MAX_TITLE_CHARS:
        return title, 0
    head = title[:MAX_TITLE_CHARS - 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > MAX_TITLE_CHARS // 2 else head
    return head.rstrip() + "…", len(title)


@dataclass(slots=True)
class _Source:
    """The text to clean and the metadata its container gave."""

    body: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None
    html_date: str | None = None


def _source(raw: RawDocument, text: str) -> _Source:
    """The body text and container metadata of a raw document (HTML is extracted here)."""
    src = _Source(text, raw.hint("title"), raw.url or raw.hint("url"), raw.hint("outlet"),
                  raw.hint("date"), raw.hint("author"))
    if raw.format != "html":
        return src
    try:
        page = extract_html(text, src.url)
    except ValueError as exc:
        raise InputError(raw.source_path, str(exc)) from exc
    if page is None:
        raise InputError(raw.source_path, "no article text found in the HTML page")
    src.body = normalise_text(page.text)
    src.title = src.title or _normalised(page.title)
    src.url = src.url or page.url
    src.author = src.author or _normalised(page.author)
    src.sitename, src.html_date = _normalised(page.sitename), page.date
    return src


def _normalised(value: str | None) -> str | None:
    return normalise_text(value) if value else None


def _decode(raw: RawDocument) -> tuple[str, str | None]:
    """The document's text and a note on its decoding; an HTML page is normalised after
    extraction, not as a whole."""
    try:
        text, note = decode_with_note(raw.data)
    except UndecodableError as exc:
        raise InputError(raw.source_path, str(exc)) from exc
    return (text if raw.format == "html" else normalise_text(text)), note


def _published(src: _Source, found: dict[str, str], url: str | None) -> tuple[str | None, str]:
    """The publication date and where it came from.

    A full date in the URL path is set when a story is first published, so it wins over a
    page's own date that falls on another day (usually the time of an update, or a UTC time
    past midnight); dates from the container (a feed, a JSON record) are trusted as given.
    """
    value, source = best_date(
        (
            (src.date, "metadata"),
            (src.html_date, "html"),
            (found.get("date"), "text"),
            (url, "url"),
        )
    )
    url_day = date_from_url(url) if url else None
    if url_day and value and source in ("html", "text") and value[:10] != url_day:
        return url_day, "url"
    return value, source


def _compose(title: str | None, paragraphs: list[str]) -> tuple[str, int]:
    """The clean text (title, blank line, paragraphs) and the offset of the body."""
    body = "\n\n".join(paragraphs)
    if not title:
        return body, 0
    return f"{title}\n\n{body}", len(title) + 2


def _build(raw: RawDocument, src: _Source, cleaned: CleanText) -> Article:
    """Assemble the article from the cleaned paragraphs and every metadata source."""
    found = cleaned.found
    paragraphs = [p.text for p in cleaned.paragraphs]
    text, body_start = _compose(cleaned.title, paragraphs)
    url = src.url or found.get("url")
    outlet = src.outlet or src.sitename or found.get("outlet") or outlet_from_url(url)
    published, published_source = _published(src, found, url)
    dateline = found.get("dateline") or (find_dateline(paragraphs) or (None,))[0]
    extra = [found["agency"]] if "agency" in found else []
    return Article(
        id=content_id("a", url or "", outlet or "", text),
        text=text,
        source_path=raw.source_path,
        url=url,
        outlet=outlet,
        title=cleaned.title,
        byline=found.get("byline") or src.author,
        published=published,
        published_source=published_source,
        language=guess_language(text),
        agencies=find_agencies(paragraphs, extra),
        dateline=dateline,
        body_start=body_start,
        removed=tuple(cleaned.removed),
        raw_sha256=sha256_hex(raw.data),
    )


def clean_document(raw: RawDocument) -> tuple[Article, tuple[int, ...]]:
    """The article and the input line numbers of its body paragraphs, in order.

    The line numbers let a later pass over many articles (:mod:`storyline.clean.learned`)
    record where the paragraphs it removes came from.
    """
    decoded, note = _decode(raw)
    src = _source(raw, decoded)
    if len(src.body) > MAX_ARTICLE_CHARS:
        raise InputError(raw.source_path, f"the text is {len(src.body):,} characters, over the "
                         f"{MAX_ARTICLE_CHARS:,}-character limit of an article")
    src.title, long_title = cap_title(src.title)
    cleaned = clean_text(src.body, title=src.title)
    if not any(any(c.isalpha() for c in p.text) for p in cleaned.paragraphs):
        raise InputError(raw.source_path, "no article text left after removing site furniture")
    cleaned.title, long_found = cap_title(cleaned.title)
    article = _build(raw, src, cleaned)
    notes = [f"decoding: {note}"] if note else []
    if long_title or long_found:
        notes.append(f"title shortened from {max(long_title, long_found):,} characters to "
                     f"{len(cleaned.title or '')}")
    if notes:
        article = dataclasses.replace(article, notes=(*article.notes, *notes))
    return article, tuple(p.line_no for p in cleaned.paragraphs)


def make_article(raw: RawDocument) -> Article:
    """Clean one raw document into an article; raises :class:`InputError` when nothing is left."""
    return clean_document(raw)[0]
