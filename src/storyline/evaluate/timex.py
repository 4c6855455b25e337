"""Time expressions scored as TempEval-3 scores them, on documents with gold TIMEX3.

Each document's text is tagged with its creation time as the publication date
(:func:`predict`). Gold and predicted expressions are aligned one-to-one by character overlap,
best overlap first: strict = identical extent, relaxed = any overlap. Scored (:class:`Tally`,
micro counts over documents): strict and relaxed P/R/F1, value accuracy on relaxed matches and
value F1 = relaxed F1 x value accuracy (the TempEval-3 ranking measure). The creation time
itself is given, not scored, and so is text a document does not annotate
(:attr:`~storyline.evaluate.datasets.timeml.TimeDoc.unscored`).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from storyline.evaluate.datasets.timeml import TimeDoc, Timex
from storyline.evaluate.metrics import prf

__all__ = ["Tally", "TimexRun", "predict", "run", "scored", "write_predictions"]

System = Callable[[TimeDoc], list[Timex]]


def predict(doc: TimeDoc) -> list[Timex]:
    """storyline's time expressions, anchored to the creation date."""
    from storyline.language.nlp import parse_text
    from storyline.model import Article
    from storyline.timeline.timex import find_times

    article = Article(id=doc.id, text=doc.text, source_path=doc.id, published=doc.dct)
    found = find_times(article, parse_text(doc.text))
    return [Timex(t.span.start, t.span.end, t.value or "", t.kind) for t in found]


@dataclass
class Tally:
    """Micro counts over documents."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def add(self, gold: list[Timex], pred: list[Timex]) -> None:
        """Align one document's expressions (best overlap first, one-to-one) and count."""
        pairs = []
        for gi, g in enumerate(gold):
            for pi, p in enumerate(pred):
                overlap = min(g.end, p.end) - max(g.start, p.start)
                if overlap > 0:
                    pairs.append((overlap, -abs(g.start - p.start), gi, pi))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, _, gi, pi in sorted(pairs, reverse=True):
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = gold[gi], pred[pi]
            self.relaxed += 1
            self.strict += (g.start, g.end) == (p.start, p.end)
            self.value += g.value == p.value
        self.gold += len(gold)
        self.pred += len(pred)

    def scores(self) -> dict[str, float]:
        """Strict/relaxed P/R/F1, value accuracy, value F1."""
        sp, sr, sf = prf(self.strict, self.pred - self.strict, self.gold - self.strict)
        rp, rr, rf = prf(self.relaxed, self.pred - self.relaxed, self.gold - self.relaxed)
        acc = self.value / self.relaxed if self.relaxed else 0.0
        return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp,
                "relaxed_r": rr, "relaxed_f1": rf, "value_acc": acc, "value_f1": rf * acc}


def scored(doc: TimeDoc, pred: list[Timex]) -> list[Timex]:
    """Drop predictions over the creation time and over text that is not annotated."""
    return [p for p in pred if not any(p.start < e and s < p.end for s, e in doc.unscored)]


def write_predictions(out: TextIO, doc: TimeDoc, found: list[Timex]) -> None:
    """One JSON line per expression: ``{"doc", "start", "end", "value", "type"}``."""
    for t in found:
        out.write(json.dumps({"doc": doc.id, "start": t.start, "end": t.end, "value": t.value,
                              "type": t.type}) + "\n")


@dataclass
class TimexRun:
    """What a run found: tallies per system (``storyline`` first, then the peers) and ours per
    sub-corpus, the number of expressions we predicted, whether there was gold to score, and
    the seconds taken."""

    tallies: dict[str, Tally]
    by_part: dict[str, Tally] = field(default_factory=dict)
    predicted: int = 0
    scoring: bool = False
    seconds: float = 0.0


def run(docs: Sequence[TimeDoc], peers: Mapping[str, System] | None = None,
        out: TextIO | None = None) -> TimexRun:
    """Predict every document (writing ours to ``out``) and, when any document has gold
    expressions, score ours and every peer's; progress every 25 documents on stderr."""
    peers = peers or {}
    result = TimexRun({"storyline": Tally(), **{name: Tally() for name in peers}},
                      scoring=any(d.gold for d in docs))
    t0 = time.perf_counter()
    for n, doc in enumerate(docs, 1):
        found = predict(doc)
        result.predicted += len(found)
        if out:
            write_predictions(out, doc, found)
        if result.scoring:
            mine = scored(doc, found)
            result.tallies["storyline"].add(doc.gold, mine)
            result.by_part.setdefault(f"storyline {doc.part}", Tally()).add(doc.gold, mine)
            for name, peer in peers.items():
                result.tallies[name].add(doc.gold, scored(doc, peer(doc)))
        if n % 25 == 0:
            print(f"  {n}/{len(docs)} documents", file=sys.stderr)
    result.seconds = time.perf_counter() - t0
    return result
