"""Documents with time expressions: TimeML (TempEval-3's TimeBank and AQUAINT, SemEval-2015
TimeLine) and MEANTIME's time annotations.

A TimeML document's text is its ``TEXT`` element with the tags removed; its gold expressions
are the ``TIMEX3`` elements in it, by character extent; its creation time is the value of the
``TIMEX3`` in ``DCT``. SemEval-2015 TimeLine's documents keep one sentence per ``<s id>``
element, which :attr:`TimeDoc.sentences` lists. A MEANTIME document's text is its tokens
(:mod:`~storyline.evaluate.datasets.cat`); it annotates time expressions only near the top of
each article (no TIMEX3 past sentence 5: title, dateline and the first four body sentences,
while events and entities go on), so the rest of its text is marked unscored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from storyline.evaluate.datasets.cat import read_cat
from storyline.evaluate.datasets.files import require

__all__ = [
    "MEANTIME_TIMEX_SENTENCES",
    "TimeDoc",
    "Timex",
    "read_meantime_times",
    "read_time_docs",
    "read_timeml",
]

# MEANTIME's annotated window: sentences 0 to 5 (predictions after it are not scored).
MEANTIME_TIMEX_SENTENCES = 6


@dataclass(frozen=True)
class Timex:
    """A time expression: character extent, value, type."""

    start: int
    end: int
    value: str
    type: str


@dataclass
class TimeDoc:
    """One document: id, text, creation date, gold expressions, spans not scored."""

    id: str
    text: str
    dct: str | None
    gold: list[Timex] = field(default_factory=list)
    unscored: list[tuple[int, int]] = field(default_factory=list)
    part: str = ""  # the sub-corpus (TimeBank, AQUAINT, corpus_apple …)
    partial: bool = False  # only the start of the text is annotated (the rest is unscored)
    title: str = ""  # TimeML's TITLE, its tags removed
    sentences: tuple[tuple[int, str], ...] = ()  # TimeML's <s id> elements: (id, text)


def _walk_text(node: ET.Element, parts: list[str], gold: list[Timex], pos: int) -> int:
    """Append the text under ``node`` to ``parts``; record TIMEX3 extents. Returns the new pos."""
    start = pos
    if node.text:
        parts.append(node.text)
        pos += len(node.text)
    for child in node:
        pos = _walk_text(child, parts, gold, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if node.tag == "TIMEX3":
        gold.append(Timex(start, pos, node.get("value", ""), node.get("type", "")))
    return pos


def read_timeml(path: Path) -> TimeDoc:
    """A TimeML document: TEXT without tags, DCT value, gold TIMEX3, title and sentences."""
    root = ET.parse(require(path)).getroot()
    docid = (root.findtext("DOCID") or path.stem).strip()
    dct_node = root.find("DCT/TIMEX3")
    dct = dct_node.get("value") if dct_node is not None else None
    text_node = root.find("TEXT")
    parts: list[str] = []
    gold: list[Timex] = []
    if text_node is not None:
        _walk_text(text_node, parts, gold, 0)
    title = root.find("TITLE")
    sentences = tuple((int(s.get("id", "0")), "".join(s.itertext())) for s in root.iter("s"))
    return TimeDoc(docid, "".join(parts), dct, gold, part=path.parent.name,
                   title="".join(title.itertext()) if title is not None else "",
                   sentences=sentences)


def read_meantime_times(path: Path) -> TimeDoc:
    """A MEANTIME document with its time expressions: tokens joined by spaces, TIMEX3 markables
    over token anchors, the creation time's value and extent (not scored).

    Text after the annotated window (:data:`MEANTIME_TIMEX_SENTENCES`) is marked unscored.
    """
    cat = read_cat(path)
    doc = TimeDoc(path.stem, cat.text, None, part=path.parent.name)
    first_late = next((i for i, t in enumerate(cat.tokens)
                       if int(t.sentence or 0) >= MEANTIME_TIMEX_SENTENCES), None)
    if first_late is not None:
        doc.unscored.append((cat.tokens[first_late - 1].end if first_late else 0,
                             len(cat.text) + 1))
        doc.partial = True
    for tx in cat.of("TIMEX3"):
        extent = tx.extent
        if tx.attrs.get("functionInDocument") == "CREATION_TIME":
            doc.dct = tx.attrs.get("value")
            doc.unscored += [extent] if extent else []
            continue
        if extent:
            doc.gold.append(Timex(*extent, tx.attrs.get("value", ""), tx.attrs.get("type", "")))
    return doc


def read_time_docs(folder: Path) -> list[TimeDoc]:
    """Every TimeML (``.tml``) document under ``folder``, or when there is none every MEANTIME
    (``.xml``) document, in path order."""
    tml = sorted(folder.rglob("*.tml"))
    if tml:
        return [read_timeml(p) for p in tml]
    return [read_meantime_times(p) for p in sorted(folder.rglob("*.xml"))]
