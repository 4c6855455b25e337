"""Format sniffing from the first bytes: binary data, HTML pages, RSS/Atom feeds, WARC, gzip."""

from __future__ import annotations

import re

__all__ = [
    "SNIFF_BYTES",
    "is_gzip",
    "sniff_binary",
    "sniff_feed",
    "sniff_html",
    "sniff_warc",
    "utf16_without_bom",
]

SNIFF_BYTES = 8192
CONTROL_RATIO = 0.10  # share of control bytes above which data is not text
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LEADING = b"\xef\xbb\xbf \t\r\n"
# the root element of a feed, after any XML declaration, comments and processing instructions
_FEED_ROOT = re.compile(rb"^(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                        rb"<(?:[\w-]+:)?(?:rss|feed|rdf)\b", re.S | re.I)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when every other byte of the start is NUL (UTF-16 text
    written without a byte-order mark), else None."""
    head = data[:4000]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def sniff_binary(data: bytes) -> bool:
    """Whether the first bytes look like binary data: NUL bytes or many control bytes (UTF-16
    text, with or without a byte-order mark, is text)."""
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS) or utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _ALLOWED_CONTROLS)
    return bool(head) and controls / len(head) > CONTROL_RATIO


def sniff_html(data: bytes) -> bool:
    """Whether the data starts like an HTML page."""
    head = data[:SNIFF_BYTES].lstrip(_LEADING).lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<body" in head
    )


def sniff_feed(data: bytes) -> bool:
    """Whether the data starts like an RSS, RDF or Atom feed document."""
    return _FEED_ROOT.match(data[:SNIFF_BYTES].lstrip(_LEADING)) is not None


def sniff_warc(data: bytes) -> bool:
    """Whether the (decompressed) data starts with a WARC record header."""
    return data.lstrip(b"\r\n").startswith(b"WARC/")


def is_gzip(data: bytes) -> bool:
    """Whether the data starts with the gzip magic number."""
    return data[:2] == b"\x1f\x8b"
