"""Provenance: shared passages between articles, who copied whom, and independent origins.

``detect(articles)`` finds candidate pairs by MinHash LSH and shared rare shingles, aligns
passages inside each pair (quoted speech and stock phrases masked out), keeps the pairs whose
shared reporting text is substantial as :class:`ReuseLink` records with a direction, and groups
every article into exactly one :class:`OriginGroup`.
"""

from __future__ import annotations

from storyline.provenance.align import align_passages
from storyline.provenance.detect import detect

__all__ = ["align_passages", "detect"]
