"""Score a built corpus against the demo corpus's gold annotations (``demo/gold.json``).

Articles are matched by file name. Quotes, events and planted discrepancies are located by
their gold text in the article's clean text, so a cleaning error that mangles that text shows up
as a miss.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from storyline.evaluate.metrics import bcubed, cluster_pairs, pair_prf
from storyline.model import Corpus, Discrepancy, Entity, Quote

_WORD = re.compile(r"[\w']+")
_TITLES = {"mr", "mrs", "ms", "dr", "the", "a", "an", "of", "minister", "president", "general"}


def _tokens(text: str) -> set[str]:
    return {t for t in _WORD.findall(text.casefold()) if t not in _TITLES}


def speaker_matches(gold: str, labels: list[str]) -> bool:
    """Whether any predicted speaker name/label names the gold speaker."""
    want = _tokens(gold)
    if not want:
        return False
    for label in labels:
        got = _tokens(label)
        if not got:
            continue
        overlap = len(want & got)
        # a surname or a descriptor's key words: at least half of the gold words, and not
        # a single shared generic word for multi-word names
        if overlap and overlap / len(want) >= 0.5 and (overlap >= 2 or len(want) <= 2):
            return True
    return False


class _Index:
    """Look-ups from file names to articles and their annotations."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.name_of = {a.id: Path(a.source_path.split("#")[0]).name for a in corpus.articles}
        self.by_name = {Path(a.source_path).name: a for a in corpus.articles}
        self.entities: dict[str, Entity] = {e.id: e for e in corpus.entities}

    def locate(self, name: str, text: str) -> tuple[str, int, int] | None:
        art = self.by_name.get(name)
        if art is None:
            return None
        pos = art.text.find(text)
        return None if pos < 0 else (art.id, pos, pos + len(text))

    def speaker_labels(self, quote: Quote) -> list[str]:
        labels = [quote.speaker_label or ""]
        ent = self.entities.get(quote.speaker_entity_id or "")
        if ent:
            labels += [ent.name, *ent.aliases]
        return labels


def _stories(ix: _Index, gold: dict[str, Any]) -> dict[str, float]:
    gold_story = {f: (g.get("story") or f"unrelated:{f}") for f, g in gold["articles"].items()}
    pred = {ix.name_of[aid]: s.id for s in ix.corpus.stories for aid in s.article_ids}
    p, r, f = bcubed(gold_story, pred)
    return {"story_bcubed_p": p, "story_bcubed_r": r, "story_bcubed_f1": f}


def _reuse(ix: _Index, gold: dict[str, Any]) -> dict[str, float]:
    gold_pairs = cluster_pairs(g["members"] for g in gold["reuse_groups"])
    pred_pairs = cluster_pairs([ix.name_of[a] for a in g.article_ids] for g in ix.corpus.origins)
    p, r, f = pair_prf(gold_pairs, pred_pairs)
    return {"reuse_pair_p": p, "reuse_pair_r": r, "reuse_pair_f1": f}


def _quotes(ix: _Index, gold: dict[str, Any]) -> dict[str, float]:
    quotes = ix.corpus.quotes or tuple(
        q for ann in ix.corpus.annotations.values() for q in ann.quotes
    )
    found = right = 0
    for gq in gold["quotes"]:
        where = ix.locate(gq["article"], gq["text"])
        if where is None:
            continue
        aid, start, end = where
        hits = [q for q in quotes if q.content.article_id == aid
                and q.content.start < end and start < q.content.end]
        if hits:
            found += 1
            right += any(speaker_matches(gq["speaker"], ix.speaker_labels(q)) for q in hits)
    total = len(gold["quotes"]) or 1
    return {"quote_recall": found / total, "quote_speaker_acc": right / total}


def _events(ix: _Index, gold: dict[str, Any]) -> dict[str, float]:
    right = 0
    dates = {e.date[:10] for e in ix.corpus.events if e.date}
    on_timeline = 0
    for ge in gold["events"]:
        on_timeline += ge["date"] in dates
        where = ix.locate(ge["article"], ge["text"])
        if where is None:
            continue
        aid, start, end = where
        ann = ix.corpus.annotations.get(aid)
        times = ann.times if ann else ()
        if any(t.span.start < end and start < t.span.end and (t.value or "")[:10] == ge["date"]
               for t in times):
            right += 1
    total = len(gold["events"]) or 1
    return {"event_date_acc": right / total, "timeline_date_recall": on_timeline / total}


def _norm(value: str) -> str:
    digits = re.sub(r"[^\d]", "", value)
    return digits if digits else value.casefold().strip()


def _matches(ix: _Index, planted: dict[str, Any], d: Discrepancy) -> bool:
    """Whether a reported discrepancy is the planted one: evidence in its articles, a value."""
    wanted = {_norm(v) for v in planted["values"]}
    articles = {ix.by_name[n].id for n in planted["articles"] if n in ix.by_name}
    in_article = any(e.article_id in articles for s in d.sides for e in s.evidence)
    values = {_norm(s.value) for s in d.sides}
    return in_article and any(w in v or v in w for w in wanted for v in values if v and w)


def _apart(values: list[str], d: Discrepancy) -> bool:
    """Whether a discrepancy sets two values against each other: each on a side of its own
    ("Some 12,000" and "Almost 12,000" are one value, not set apart by "12,000 vs 10,000")."""
    def near(w: str, v: str) -> bool:
        return bool(w and v) and (w in v or v in w)

    wanted = [_norm(v) for v in values[:2]]
    if len(wanted) < 2:
        return False
    sides = [_norm(s.value) for s in d.sides]
    return any(near(wanted[0], x) and near(wanted[1], y)
               for i, x in enumerate(sides) for j, y in enumerate(sides) if i != j)


def _discrepancies(ix: _Index, gold: dict[str, Any]) -> dict[str, float]:
    """Recall of the planted discrepancies, and precision of the reported ones.

    A reported discrepancy is right when it matches a planted one not matched before (so a
    second report of one conflict counts against precision); ``compatible_flagged`` counts
    the gold's compatible pairs (rounded numbers, ranges, "more than") reported as conflicts.
    """
    reported = ix.corpus.discrepancies
    found = sum(any(_matches(ix, gd, d) for d in reported) for gd in gold["discrepancies"])
    unmatched = list(gold["discrepancies"])
    right = 0
    for d in reported:
        hit = next((gd for gd in unmatched if _matches(ix, gd, d)), None)
        if hit is not None:
            unmatched.remove(hit)
            right += 1
    flagged = 0
    for pair in gold.get("compatible", ()):
        flagged += any(_matches(ix, pair, d) and _apart(pair["values"], d) for d in reported)
    total = len(gold["discrepancies"]) or 1
    return {"discrepancy_recall": found / total,
            "discrepancy_precision": right / len(reported) if reported else 1.0,
            "discrepancies_reported": float(len(reported)),
            "compatible_flagged": float(flagged)}


def score_demo(corpus: Corpus, gold: dict[str, Any]) -> dict[str, float]:
    """Every demo score, by name."""
    ix = _Index(corpus)
    scores: dict[str, float] = {}
    for part in (_stories, _reuse, _quotes, _events, _discrepancies):
        scores.update(part(ix, gold))
    return scores
