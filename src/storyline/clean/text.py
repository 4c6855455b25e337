"""Plain-text cleaning: split into paragraphs, remove site furniture line by line, find the title.

The input is decoded, normalised text as scraped. Paragraphs are blocks between blank lines; a
block whose lines look hard-wrapped (similar widths, none long) is joined into one paragraph,
otherwise each line is its own paragraph, as scrapers usually write them. Each paragraph is
checked by the rules in :mod:`storyline.clean.furniture`; exact repeats of the headline
region, of the paragraph just before and of long paragraphs are dropped (short lines that
recur through a text, like an interview's questions, are kept); a bare "Tags" label takes
the short lines after it along; lines shaped like picture captions are dropped after the
headline region; a one- or two-word section label before the headline and
lone personal names at the very end (the byline aggregators leave) are removed too. Every
removal is kept as a :class:`RemovedLine` with its reason, and metadata found in removed lines
is returned.

Furniture learned from lines recurring across an outlet's articles is removed over a batch of
articles, after this (:mod:`storyline.clean.learned`).

Not handled yet: furniture embedded inside a paragraph of reporting, hard-wrapped text whose
line widths vary a lot, and subheadings (they stay as paragraphs of the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.clean.furniture import classify_line, is_caption, is_lone_name
from storyline.model.records import RemovedLine

__all__ = ["CleanText", "Paragraph", "clean_text", "looks_like_headline", "split_paragraphs"]

WRAP_WIDTH = 100  # hard-wrapped lines are at most this long
HEAD_REPEAT = 2  # a repeat of one of the first paragraphs (the headline region) is dropped
LONG_REPEAT = 25  # so is a repeat of a paragraph of at least this many words
TAG_WORDS = 4  # tags listed under a bare "Tags" label are at most this long
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One logical line of the input: its text and the 1-based number of its first line."""

    line_no: int
    text: str


@dataclass(slots=True)
class CleanText:
    """The paragraphs kept, the lines removed and the metadata found in removed lines."""

    paragraphs: list[Paragraph]
    removed: list[RemovedLine] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)
    title: str | None = None

    def drop(self, index: int, reason: str) -> Paragraph:
        """Move paragraph ``index`` to the removed lines."""
        para = self.paragraphs.pop(index)
        self.removed.append(RemovedLine(para.line_no, para.text, reason))
        return para


def _squash(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _is_wrapped(lines: list[str]) -> bool:
    """Whether a block's lines are one paragraph hard-wrapped at a fixed width."""
    if len(lines) < 2:
        return False
    widths = [len(line) for line in lines[:-1]]
    return max(widths) <= WRAP_WIDTH and min(widths) >= 0.6 * max(widths) and min(widths) >= 30


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of ``text``: one per line, or one per block when the block is hard-wrapped."""
    out: list[Paragraph] = []
    block: list[tuple[int, str]] = []
    for no, raw in enumerate([*text.split("\n"), ""], start=1):
        line = _squash(raw)
        if line:
            block.append((no, line))
            continue
        if block and _is_wrapped([t for _, t in block]):
            out.append(Paragraph(block[0][0], " ".join(t for _, t in block)))
        else:
            out.extend(Paragraph(n, t) for n, t in block)
        block = []
    return out


def _norm_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def looks_like_headline(text: str) -> bool:
    """Whether a paragraph could be a headline: short and not a run of sentences."""
    words = len(text.split())
    if words < 2 or words > 30 or len(text) > 200:
        return False
    sentences = len(re.findall(r"[.!?][\"'”’]?\s+[A-Z“\"]", text))
    return sentences == 0 and not (_SENTENCE_END.search(text) and words > 15)


def _is_scraper_repeat(key: str, index: int, first: dict[str, int], text: str) -> bool:
    """Whether a repeated paragraph is a scraping artifact rather than a recurring line.

    Repeats of the headline region (the first paragraphs), a paragraph doubled in place and
    long paragraphs of reporting are artifacts; short lines that recur through a text (an
    interview's questions, "See it now: …" under each item) belong to it.
    """
    earlier = first.get(key)
    if earlier is None:
        return False
    return earlier < HEAD_REPEAT or earlier == index - 1 or len(text.split()) >= LONG_REPEAT


def _is_tag(text: str) -> bool:
    """Whether a line could be the tags of a tag list: a few words, or a list of a few words."""
    if _SENTENCE_END.search(text):
        return False
    items = [item for item in re.split(r"\s*[,;|]\s*", text) if item]
    return all(len(item.split()) <= TAG_WORDS for item in items)


def _remove_furniture(result: CleanText) -> None:
    """Drop furniture lines and repeats, collecting the metadata they carry."""
    first: dict[str, int] = {}
    i = kept = 0
    in_tags = False  # after a bare "Tags" label, the tags follow one per line
    while i < len(result.paragraphs):
        para = result.paragraphs[i]
        verdict = classify_line(para.text)
        key = _norm_key(para.text)
        in_tags = in_tags and _is_tag(para.text)
        if verdict is not None:
            result.drop(i, verdict.reason)
            for k, v in verdict.found:
                result.found.setdefault(k, v)
            in_tags = verdict.reason == "tag list" and _is_tag(para.text)
        elif in_tags:
            result.drop(i, "tag list")
        elif kept >= HEAD_REPEAT and is_caption(para.text):
            result.drop(i, "image caption")
        elif key and _is_scraper_repeat(key, kept, first, para.text):
            result.drop(i, "repeated line")
        else:
            first.setdefault(key, kept)
            i += 1
            kept += 1


def _remove_edges(result: CleanText) -> None:
    """Drop a section label before the headline and lone names (bylines) at the end."""
    paras = result.paragraphs
    if len(paras) >= 2 and len(paras[0].text.split()) <= 2 and len(paras[1].text) > len(
        paras[0].text
    ) and not _SENTENCE_END.search(paras[0].text) and looks_like_headline(paras[1].text):
        result.drop(0, "section label")
    while len(paras) >= 2 and is_lone_name(paras[-1].text):
        name = result.drop(len(paras) - 1, "byline").text
        result.found.setdefault("byline", name)


def _take_title(result: CleanText, title: str | None) -> None:
    """Set the title (given, or the first paragraph when it looks like one) and drop repeats."""
    paras = result.paragraphs
    if title:
        result.title = _squash(title)
        key = _norm_key(result.title)
        while paras and _norm_key(paras[0].text) == key:
            result.drop(0, "repeated title")
        return
    if len(paras) >= 2 and looks_like_headline(paras[0].text):
        result.title = paras.pop(0).text


def clean_text(text: str, title: str | None = None) -> CleanText:
    """Split ``text`` into paragraphs, remove furniture and take the title (``title`` if given)."""
    result = CleanText(split_paragraphs(text))
    _remove_furniture(result)
    _remove_edges(result)
    _take_title(result, title)
    link_title = result.found.get("link_title")
    if result.title and link_title and _norm_key(link_title) == _norm_key(result.title):
        result.found.pop("link_title")
    result.removed.sort(key=lambda r: r.line_no)
    return result
