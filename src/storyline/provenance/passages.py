"""Split an article body into sentence-like passages with exact character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.model.records import Article

__all__ = ["MAX_PASSAGE_CHARS", "body_range", "split_passages", "split_text"]

MAX_PASSAGE_CHARS = 1200  # longer runs without a sentence end are cut at whitespace

_PARAGRAPH = re.compile(r"[^\n]+")
_END = re.compile(r"[.!?…]+[\"”’»)\]]*\s+")
_OPENERS = "\"“‘«„([¿¡"
_ABBREVIATION_WORDS = """mr mrs ms dr prof gen lt col maj capt sgt cmdr adm gov sen rep rev st
    mt no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec inc ltd corp co jr sr approx
    fig dept univ ave blvd est e.g i.e u.s u.k u.n a.m p.m"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


def body_range(article: Article) -> tuple[int, int]:
    """The ``[start, end)`` range of the article body inside ``article.text``."""
    start = min(max(article.body_start, 0), len(article.text))
    return start, len(article.text)


def split_passages(article: Article) -> tuple[tuple[int, int], ...]:
    """Sentence-like passages of the body as ``(start, end)`` offsets into ``article.text``."""
    start, end = body_range(article)
    return split_text(article.text, start, end)


def split_text(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[int, int], ...]:
    """Sentence-like passages of ``text[start:end]``, trimmed of surrounding whitespace."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text, start, stop):
        for s, e in _sentences(text, para.start(), para.end()):
            out.extend(_cut_long(text, s, e))
    return tuple(out)


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence ranges inside one paragraph (no line breaks inside)."""
    cur = start
    for m in _END.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end or not _starts_sentence(text, nxt) or _after_abbreviation(text, m.start()):
            continue
        yield from _trimmed(text, cur, m.end())
        cur = nxt
    yield from _trimmed(text, cur, end)


def _starts_sentence(text: str, pos: int) -> bool:
    """True when the text at ``pos`` looks like the start of a new sentence."""
    ch = text[pos]
    if ch in _OPENERS and pos + 1 < len(text):
        ch = text[pos + 1]
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _after_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].casefold()
    return len(word) == 1 or word in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The range with surrounding whitespace removed, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split an over-long range at whitespace into pieces of at most ``MAX_PASSAGE_CHARS``."""
    while end - start > MAX_PASSAGE_CHARS:
        cut = text.rfind(" ", start + MAX_PASSAGE_CHARS // 2, start + MAX_PASSAGE_CHARS)
        if cut <= start:
            cut = start + MAX_PASSAGE_CHARS
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)
