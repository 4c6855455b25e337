"""Quotations and speakers scored as attribution relations (PolNeAR).

A predicted content span matches a gold one when their character overlap / union is at least
0.5 (one-to-one, best overlap first); a quotation interrupted by its frame is scored on its
quoted pieces (“A,” X said, “B.” is A and B, as PolNeAR annotates it). Scored (:class:`Tally`):
content P/R/F1, speaker accuracy on matched contents (the predicted speaker span overlaps the
gold source span; both absent also counts) and attribution F1 (content matched and speaker
right). Direct speech is told apart the same way for gold and predicted spans
(:func:`is_direct`), so that a reported clause holding a quoted fragment is direct on both
sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.evaluate.datasets.news import PolnearArticle
from storyline.evaluate.metrics import prf

__all__ = [
    "Attr",
    "Tally",
    "find_attributions",
    "gold_attributions",
    "is_direct",
    "make_attr",
    "match",
    "runs",
    "speaker_right",
    "with_unattributed",
]

DOUBLE_MARKS = frozenset('"“”«»„‟')


@dataclass(frozen=True)
class Attr:
    """One attribution: content characters, source characters (maybe empty), direct or not."""

    content: frozenset[int]
    source: frozenset[int]
    direct: bool
    start: int
    end: int
    source_span: tuple[int, int] | None


def _chars(spans: Iterable[Sequence[int]]) -> frozenset[int]:
    return frozenset(i for s, e in spans for i in range(s, e))


def is_direct(text: str, start: int, end: int) -> bool:
    """Direct (or mixed) speech: quotation marks inside or right around the content.

    Single marks count only as openers (‘ or ' after a space), so that apostrophes
    ("Trump’s", "don't") do not make reported speech direct.
    """
    lo = max(0, start - 1)
    for k, c in enumerate(text[lo : end + 1], lo):
        if c in DOUBLE_MARKS:
            return True
        if c in "‘'" and (k == 0 or not text[k - 1].isalnum()) and text[k + 1 : k + 2].isalpha():
            return True
    return False


def gold_attributions(article: PolnearArticle) -> list[Attr]:
    """The first annotator's attributions of one PolNeAR article."""
    text = article.text
    out = []
    for att in article.annotations[0]["attributions"] if article.annotations else []:
        content = att.get("content") or {}
        spans = content.get("spans") or []
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        src = (att.get("source") or {}).get("spans") or []
        src_span = (min(s for s, _ in src), max(e for _, e in src)) if src else None
        out.append(Attr(_chars(spans), _chars(src), is_direct(text, start, end), start, end,
                        src_span))
    return out


def make_attr(start: int, end: int, src: tuple[int, int] | None, direct: bool,
              parts: Sequence[tuple[int, int]] = ()) -> Attr:
    """A predicted attribution; an interrupted quotation counts its quoted parts only."""
    source = frozenset(range(*src)) if src else frozenset()
    content = _chars(parts) if parts else frozenset(range(start, end))
    return Attr(content, source, direct, start, end, src)


def find_attributions(art_id: str, text: str) -> tuple[list[Attr], Any]:
    """storyline's attributions, on the dataset's text as it is, and what
    :func:`with_unattributed` needs to add the quotations with no speaker found."""
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse_text
    from storyline.model import Article
    from storyline.quotes.find import find_quotes

    article = Article(id=art_id, text=text, source_path=art_id)
    doc = parse_text(text)
    mentions = find_mentions(article, doc)
    return _attrs(find_quotes(article, doc, mentions)), (article, doc, mentions)


def with_unattributed(parsed: Any) -> list[Attr]:
    """storyline's quotations with those whose speaker was not found (``unattributed=True``,
    as the language stage keeps them for quote groups)."""
    from storyline.quotes.find import find_quotes

    return _attrs(find_quotes(*parsed, unattributed=True))


def _attrs(quotes: Iterable[Any]) -> list[Attr]:
    return [
        make_attr(q.content.start, q.content.end,
                  (q.speaker.start, q.speaker.end) if q.speaker else None, q.direct,
                  [(p.start, p.end) for p in q.parts])
        for q in quotes
    ]


def runs(chars: frozenset[int]) -> list[list[int]]:
    """Character positions as ``[start, end)`` runs."""
    out: list[list[int]] = []
    for i in sorted(chars):
        if out and out[-1][1] == i:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1])
    return out


def match(gold: list[Attr], pred: list[Attr]) -> list[tuple[Attr, Attr]]:
    """One-to-one matches with overlap / union of at least 0.5, best overlap first."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g.end <= p.start or p.end <= g.start:
                continue
            inter = len(g.content & p.content)
            iou = inter / len(g.content | p.content)
            if iou >= 0.5:
                scored.append((iou, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(scored, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def speaker_right(g: Attr, p: Attr) -> bool:
    """The predicted speaker span overlaps the gold source (or both have none)."""
    if not g.source:
        return not p.source
    return bool(g.source & p.source)


class Tally:
    """Counts for content P/R/F1, speaker accuracy and attribution F1."""

    def __init__(self) -> None:
        self.gold = self.pred = self.matched = self.speaker = 0

    def add(self, gold: list[Attr], pred: list[Attr]) -> None:
        """Add one article's attributions."""
        pairs = match(gold, pred)
        self.gold += len(gold)
        self.pred += len(pred)
        self.matched += len(pairs)
        self.speaker += sum(speaker_right(g, p) for g, p in pairs)

    def scores(self) -> dict[str, float]:
        """content P/R/F1, speaker accuracy, attribution F1."""
        p, r, f = prf(self.matched, self.pred - self.matched, self.gold - self.matched)
        _, _, af = prf(self.speaker, self.pred - self.speaker, self.gold - self.speaker)
        acc = self.speaker / self.matched if self.matched else 0.0
        return {"content_p": p, "content_r": r, "content_f1": f, "speaker_acc": acc,
                "attribution_f1": af}
