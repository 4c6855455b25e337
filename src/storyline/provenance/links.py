"""From aligned passages to a reuse link: is the shared reporting text substantial enough?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storyline.model.ids import content_id
from storyline.model.records import ReuseLink
from storyline.provenance.align import PassagePair, align_features, to_alignments
from storyline.provenance.direction import Unshared, decide_direction
from storyline.provenance.features import ArticleFeatures

__all__ = ["LinkEvidence", "covered_chars", "evaluate_pair", "link_evidence", "unshared_text"]

MIN_SHARED_WORDS = 25  # reporting words in aligned passages (shorter side) for any link
MIN_PASSAGES = 3  # aligned passages that make a link ...
MIN_COVERAGE = 0.25  # ... or this share of the shorter body aligned
SHORT_WORDS = 60  # a body with fewer evidence words is a short brief: stricter bar
SHORT_COVERAGE = 0.85  # a short brief links only when (nearly) all of it is shared
SHORT_SIMILARITY = 0.8
SHORT_MIN_WORDS = 12
NEW_TEXT_SHARE = 0.1  # a passage with less of its 3-grams anywhere in the other article is new


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """Aligned passage pairs of two articles with their coverage figures."""

    pairs: tuple[PassagePair, ...]
    chars_a: int
    chars_b: int
    cover_a: float
    cover_b: float
    coverage: float  # share of the shorter side's evidence words in aligned passages
    words: int  # reporting words in the aligned passages of the shorter side
    passages: int  # distinct aligned passages of the shorter side
    mean_similarity: float


def covered_chars(ranges: Iterable[tuple[int, int]]) -> int:
    """Characters covered by the union of ``[start, end)`` ranges."""
    total, cur_s, cur_e = 0, -1, -1
    for s, e in sorted(ranges):
        if s > cur_e:
            total += max(0, cur_e - cur_s)
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    return total + max(0, cur_e - cur_s)


def link_evidence(
    fa: ArticleFeatures, fb: ArticleFeatures, pairs: list[PassagePair]
) -> LinkEvidence:
    """Coverage, word counts and passage counts of the aligned passages of a pair."""
    ia = sorted({i for i, _, _ in pairs})
    ib = sorted({j for _, j, _ in pairs})
    chars_a = covered_chars((fa.passages[i].start, fa.passages[i].end) for i in ia)
    chars_b = covered_chars((fb.passages[j].start, fb.passages[j].end) for j in ib)
    cover_a = chars_a / fa.body_chars if fa.body_chars else 0.0
    cover_b = chars_b / fb.body_chars if fb.body_chars else 0.0
    short_is_a = fa.evidence_words <= fb.evidence_words
    f, idx = (fa, ia) if short_is_a else (fb, ib)
    words = sum(len(f.passages[k].words) for k in idx)
    mean = sum(s for _, _, s in pairs) / len(pairs) if pairs else 0.0
    coverage = min(1.0, words / f.evidence_words) if f.evidence_words else 0.0
    return LinkEvidence(
        tuple(pairs), chars_a, chars_b, cover_a, cover_b, coverage, words, len(idx), mean
    )


def _new_words(f: ArticleFeatures, aligned: set[int], other: set[int]) -> tuple[int, int]:
    """Reporting words of ``f``'s unaligned evidence passages that are new to the other article
    (its shingle set ``other``): in all, and after ``f``'s last aligned passage."""
    last = max(aligned) if aligned else -1
    total = tail = 0
    for k, p in enumerate(f.passages):
        if k in aligned or not p.eligible or not p.shingles:
            continue
        if len(p.shingles & other) < NEW_TEXT_SHARE * len(p.shingles):
            total += len(p.words)
            tail += len(p.words) if k > last else 0
    return total, tail


def unshared_text(fa: ArticleFeatures, fb: ArticleFeatures, pairs: list[PassagePair]) -> Unshared:
    """What each side of an aligned pair has that the other lacks (for the direction)."""
    words_a, tail_a = _new_words(fa, {i for i, _, _ in pairs}, set(fb.shingles.tolist()))
    words_b, tail_b = _new_words(fb, {j for _, j, _ in pairs}, set(fa.shingles.tolist()))
    return Unshared(words_a, tail_a, fa.evidence_words, words_b, tail_b, fb.evidence_words)


def is_reuse(ev: LinkEvidence, shorter_words: int) -> bool:
    """Whether the aligned reporting text is substantial; short briefs need near-identity."""
    if not ev.pairs:
        return False
    if shorter_words < SHORT_WORDS:
        return (
            ev.coverage >= SHORT_COVERAGE
            and ev.mean_similarity >= SHORT_SIMILARITY
            and ev.words >= SHORT_MIN_WORDS
        )
    enough = ev.passages >= MIN_PASSAGES or ev.coverage >= MIN_COVERAGE
    return ev.words >= MIN_SHARED_WORDS and enough


def _shorter_char_share(fa: ArticleFeatures, fb: ArticleFeatures, ev: LinkEvidence) -> float:
    """The share of the shorter body's characters that lie in aligned passages."""
    return ev.cover_a if fa.body_chars <= fb.body_chars else ev.cover_b


def evaluate_pair(fa: ArticleFeatures, fb: ArticleFeatures) -> ReuseLink | None:
    """The reuse link of two articles (``fa.id < fb.id``), or None when they share too little."""
    pairs = align_features(fa, fb)
    if not pairs:
        return None
    ev = link_evidence(fa, fb, pairs)
    if not is_reuse(ev, min(fa.evidence_words, fb.evidence_words)):
        return None
    unshared = unshared_text(fa, fb, pairs)
    direction, reason = decide_direction(fa.article, fb.article, ev.cover_a, ev.cover_b, unshared)
    return ReuseLink(
        id=content_id("rl", fa.id, fb.id),
        a=fa.id,
        b=fb.id,
        alignments=to_alignments(fa, fb, pairs),
        direction=direction,
        direction_reason=reason,
        score=round(_shorter_char_share(fa, fb, ev), 4),
        shared_chars_a=ev.chars_a,
        shared_chars_b=ev.chars_b,
    )
