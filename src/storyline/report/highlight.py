"""Escaped HTML for texts with highlighted spans: evidence in an article, matches in a snippet.

The text is split at every span boundary and each piece is escaped on its own, so highlighting
never inserts raw article text into a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

ANCHOR = "hl"


@dataclass(frozen=True, order=True)
class Mark:
    """A span of a text to highlight, with the CSS class saying what it is evidence of."""

    start: int
    end: int
    kind: str  # quote | claim | reuse | entity | event | position | hl


def evidence_marks(dossier: dict[str, Any]) -> dict[str, list[Mark]]:
    """Every evidence span of a dossier as marks, by article id."""
    marks: dict[str, list[Mark]] = {}

    def add(kind: str, evidence: Iterable[dict[str, Any]]) -> None:
        for ev in evidence:
            marks.setdefault(ev["article_id"], []).append(Mark(ev["start"], ev["end"], kind))

    for section, kind in [
        ("quotes", "quote"),
        ("claims", "claim"),
        ("reuse", "reuse"),
        ("entities", "entity"),
        ("positions", "position"),
    ]:
        for item in dossier.get(section, []):
            add(kind, item["evidence"])
    return marks


def highlight_html(text: str, marks: Iterable[Mark], anchor: Mark | None = None) -> str:
    """The text as escaped HTML with ``<mark>`` around each marked piece.

    Overlapping marks combine their classes; the first piece of ``anchor`` gets ``id="hl"``.
    """
    size = len(text)
    spans = [m for m in marks if 0 <= m.start < m.end <= size]
    if anchor is not None and 0 <= anchor.start < anchor.end <= size:
        spans.append(anchor)
    cuts = sorted({0, size, *(m.start for m in spans), *(m.end for m in spans)})
    starts: dict[int, list[Mark]] = {}
    for m in spans:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    anchored = False
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > lo] + starts.get(lo, [])
        piece = html.escape(text[lo:hi], quote=True)
        if not active:
            out.append(piece)
            continue
        kinds = sorted({m.kind for m in active})
        ident = ""
        if anchor is not None and anchor in active and not anchored:
            ident, anchored = f' id="{ANCHOR}"', True
        out.append(f'<mark class="{" ".join(kinds)}"{ident}>{piece}</mark>')
    return "".join(out)


def parse_span(value: str | None, size: int) -> Mark | None:
    """A ``start-end`` query value as a mark inside a text of ``size`` characters, else None."""
    match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return Mark(start, end, ANCHOR) if 0 <= start < end <= size else None


def snippet_html(snippet: str, marks: Sequence[tuple[int, int]]) -> str:
    """A search snippet as escaped HTML, the matched words (``marks``, offsets into the
    snippet) wrapped in ``<mark>``."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(marks):
        if start < pos or end > len(snippet) or start >= end:
            continue
        out.append(html.escape(snippet[pos:start], quote=True))
        out.append(f"<mark>{html.escape(snippet[start:end], quote=True)}</mark>")
        pos = end
    out.append(html.escape(snippet[pos:], quote=True))
    return "".join(out)
