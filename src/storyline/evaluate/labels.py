"""Hand labels for items flagged on real coverage: naming, matching and precision with intervals.

Flagged discrepancies and positions are written as JSON Lines items that name their articles by
source file name (never by text), so that labels made by hand under the written guidelines
(``benchmarks/data/real_coverage_guidelines.md``) find their items again in a later run of the
same pile. An item matches a label when its kind, slot or actor/issue/stance and its values are
the same and, side by side, its evidence comes from at least one of the labelled articles.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.model.records import Article, Discrepancy, Position, Span

__all__ = [
    "LabelSet",
    "discrepancy_item",
    "position_item",
    "read_jsonl",
    "source_name",
    "wilson",
]

_SPACE = re.compile(r"\s+")


def source_name(article: Article) -> str:
    """The file an article was read from, without its folder (``a.jsonl#3`` keeps the record)."""
    path = article.source_path or article.url or article.id
    return Path(path).name if article.source_path else path


def _norm(value: str) -> str:
    return _SPACE.sub(" ", value.casefold().replace("\u2019", "'")).strip()


def _evidence(spans: Sequence[Span], by_id: Mapping[str, Article],
              context: bool) -> list[dict[str, Any]]:
    out = []
    for s in spans:
        art = by_id.get(s.article_id)
        row: dict[str, Any] = {"source": source_name(art) if art else s.article_id,
                               "article_id": s.article_id, "start": s.start, "end": s.end}
        if context and art is not None:
            row["text"] = art.text[s.start : s.end]
            row["outlet"] = art.outlet
            row["published"] = art.published
        out.append(row)
    return out


def discrepancy_item(d: Discrepancy, by_id: Mapping[str, Article],
                     context: bool = False) -> dict[str, Any]:
    """A flagged discrepancy as a JSON-ready item: slot, each side's value, sources, evidence."""
    sides = []
    for side in d.sides:
        ev = _evidence(side.evidence, by_id, context)
        sides.append({"value": side.value, "sources": sorted({e["source"] for e in ev}),
                      "independent_origins": side.independent_origins, "evidence": ev})
    return {"kind": "discrepancy", "id": d.id, "story_id": d.story_id, "slot": d.slot,
            "description": d.description, "sides": sides}


def position_item(p: Position, by_id: Mapping[str, Article],
                  context: bool = False) -> dict[str, Any]:
    """A flagged position as a JSON-ready item: actor, issue, stance, sources, evidence."""
    ev = _evidence(p.evidence, by_id, context)
    return {"kind": "position", "id": p.id, "story_id": p.story_id, "actor": p.actor_name,
            "issue": p.issue, "stance": p.stance, "plover": p.plover, "confidence": p.confidence,
            "confident": p.confident,
            "sources": sorted({e["source"] for e in ev}), "evidence": ev}


def _key(item: Mapping[str, Any]) -> tuple[str, ...]:
    if item["kind"] == "discrepancy":
        return ("discrepancy", item["slot"], *sorted(_norm(s["value"]) for s in item["sides"]))
    return ("position", _norm(item["actor"]), _norm(item["issue"]), item["stance"])


def _overlap(item: Mapping[str, Any], label: Mapping[str, Any]) -> bool:
    if item["kind"] == "position":
        return bool(set(item["sources"]) & set(label["sources"]))
    labelled = {_norm(s["value"]): set(s["sources"]) for s in label["sides"]}
    return all(set(s["sources"]) & labelled.get(_norm(s["value"]), set())
               for s in item["sides"])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class LabelSet:
    """Labels (items with ``label`` true/false/unsure and ``why``) looked up by item."""

    labels: list[dict[str, Any]]

    @classmethod
    def load(cls, path: Path) -> LabelSet:
        return cls(read_jsonl(path))

    def find(self, item: Mapping[str, Any]) -> dict[str, Any] | None:
        key = _key(item)
        for label in self.labels:
            if _key(label) == key and _overlap(item, label):
                return label
        return None

    def score(self, items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """Precision over the labelled items (unsure ones left out) with a 95% Wilson interval."""
        right = wrong = unsure = unlabelled = 0
        why: dict[str, int] = {}
        for item in items:
            label = self.find(item)
            if label is None:
                unlabelled += 1
                continue
            verdict = label.get("label")
            if verdict is True or verdict == "true":
                right += 1
            elif verdict is False or verdict == "false":
                wrong += 1
                reason = str(label.get("why") or "other")
                why[reason] = why.get(reason, 0) + 1
            else:
                unsure += 1
        n = right + wrong
        low, high = wilson(right, n)
        return {"flagged": right + wrong + unsure + unlabelled, "labelled": n, "right": right,
                "wrong": wrong, "unsure": unsure, "unlabelled": unlabelled,
                "precision": right / n if n else 0.0, "ci95": (low, high), "false_why": why}


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
