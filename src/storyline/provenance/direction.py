"""Which side of a reuse link came first: publication time, agency credits, then containment.

Containment has two forms. A side that is (mostly) covered by the shared text while the other
is not is the copy. And a truncated copy: one side goes on, after its last shared passage, with
reporting text found nowhere in the other, while the other has (almost) nothing of its own --
outlets cut agency copy from the bottom.

Not handled: a copy that adds its own paragraphs to a complete original looks like the original
when its additions come last and the original has nothing the copy lacks; two copies of one
source are never ordered; undated, unattributed, untruncated copies stay undecided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storyline.model.records import Article

__all__ = ["Unshared", "decide_direction", "parse_published", "same_agency"]

MIN_TIME_GAP_SECONDS = 60  # closer publication times are a tie
SUBSET_COVERAGE = 0.8  # a side this much covered by shared text may be the copy ...
SUBSET_MARGIN = 0.2  # ... when the other side is covered this much less
MIN_TAIL_WORDS = 40  # unshared reporting words after a side's last shared passage ...
TAIL_RATIO = 3.0  # ... at least this many times the other side's unshared words ...
SUBSET_UNSHARED = 0.15  # ... while the other has at most this share of its words unshared


@dataclass(frozen=True, slots=True)
class Unshared:
    """Per side: reporting words in passages that are new to the other article (in all, and
    after the side's last aligned passage), and the side's evidence words."""

    words_a: int
    tail_a: int
    evidence_a: int
    words_b: int
    tail_b: int
    evidence_b: int


def parse_published(value: str | None) -> tuple[datetime, bool] | None:
    """An ISO 8601 date or datetime as ``(datetime, has_time)``; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) <= 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day), False
        return datetime.fromisoformat(text.replace("Z", "+00:00")), True
    except ValueError:
        return None


def _by_time(a: Article, b: Article) -> tuple[str, str] | None:
    """Direction from publication times, when they differ clearly."""
    pa, pb = parse_published(a.published), parse_published(b.published)
    if pa is None or pb is None:
        return None
    (ta, time_a), (tb, time_b) = pa, pb
    if not (time_a and time_b):
        if ta.date() == tb.date():
            return None
        first = "a->b" if ta.date() < tb.date() else "b->a"
        return first, f"published earlier ({min(ta.date(), tb.date()).isoformat()})"
    if (ta.tzinfo is None) != (tb.tzinfo is None):
        ta, tb = ta.replace(tzinfo=None), tb.replace(tzinfo=None)
    gap = (tb - ta).total_seconds()
    if abs(gap) < MIN_TIME_GAP_SECONDS:
        return None
    earlier = a.published if gap > 0 else b.published
    return ("a->b" if gap > 0 else "b->a"), f"published earlier ({earlier})"


def _initials(name: str) -> str:
    """The initials of a multi-word name ("Continental News Service" -> "cns")."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words).casefold() if len(words) >= 2 else ""


def same_agency(outlet: str, credit: str) -> bool:
    """Whether an outlet name and an agency credit name one organisation (or its initials)."""
    o, c = outlet.casefold().strip(), credit.casefold().strip()
    if not o or not c:
        return False
    return o == c or _initials(outlet) == c or _initials(credit) == o


def _is_agency_outlet(article: Article, other: Article) -> bool:
    """True when the article's outlet is an agency the other article credits."""
    if not article.outlet:
        return False
    return any(same_agency(article.outlet, ag) for ag in other.agencies)


def _by_agency(a: Article, b: Article) -> tuple[str, str] | None:
    """Direction from agency credits: the agency itself, or the side that credits one."""
    if _is_agency_outlet(a, b) != _is_agency_outlet(b, a):
        side = a if _is_agency_outlet(a, b) else b
        return ("a->b" if side is a else "b->a"), f"published by the credited agency {side.outlet}"
    if bool(a.agencies) != bool(b.agencies):
        side = a if a.agencies else b
        names = ", ".join(side.agencies)
        return ("a->b" if side is a else "b->a"), f"credits agency {names}"
    return None


def _by_containment(cover_a: float, cover_b: float) -> tuple[str, str] | None:
    """Direction from containment: the copy is (mostly) a subset of the origin."""
    if cover_a >= SUBSET_COVERAGE and cover_a - cover_b >= SUBSET_MARGIN:
        return "b->a", f"a is a subset of b ({cover_a:.0%} of a shared, {cover_b:.0%} of b)"
    if cover_b >= SUBSET_COVERAGE and cover_b - cover_a >= SUBSET_MARGIN:
        return "a->b", f"b is a subset of a ({cover_b:.0%} of b shared, {cover_a:.0%} of a)"
    return None


def _truncated(tail: int, other_words: int, other_evidence: int) -> bool:
    """Whether a side's unshared tail makes the other side its truncated copy."""
    return (
        tail >= MIN_TAIL_WORDS
        and tail >= TAIL_RATIO * other_words
        and other_words <= SUBSET_UNSHARED * other_evidence
    )


def _by_truncation(u: Unshared | None) -> tuple[str, str] | None:
    """Direction from truncation: the original goes on where the copy stops."""
    if u is None:
        return None
    if _truncated(u.tail_a, u.words_b, u.evidence_b):
        return "a->b", f"b is a truncated copy of a ({u.tail_a} words of a after the shared text)"
    if _truncated(u.tail_b, u.words_a, u.evidence_a):
        return "b->a", f"a is a truncated copy of b ({u.tail_b} words of b after the shared text)"
    return None


def decide_direction(
    a: Article, b: Article, cover_a: float, cover_b: float, unshared: Unshared | None = None
) -> tuple[str, str]:
    """``("a->b" | "b->a" | "unknown", reason)`` for a link between ``a`` and ``b``."""
    for found in (_by_time(a, b), _by_agency(a, b), _by_containment(cover_a, cover_b)):
        if found is not None:
            return found
    found = _by_truncation(unshared)
    if found is not None:
        return found
    return "unknown", "no date, agency or containment evidence"
