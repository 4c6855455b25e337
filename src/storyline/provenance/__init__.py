"""Provenance: shared passages between articles, who copied whom, and independent origins.

``detect(articles)`` finds candidate pairs by MinHash LSH and shared rare shingles, aligns
passages inside each pair (quoted speech and stock phrases masked out), keeps the pairs whose
shared reporting text is substantial as :class:`ReuseLink` records with a direction, and groups
every article into exactly one :class:`OriginGroup`. ``shared_quotes(articles)`` lists the
quotations two articles share (kept apart: a shared quotation is never a reuse link).
``SignatureIndex`` with ``detect_new`` compares new articles with a stored index only.
"""

from __future__ import annotations

from storyline.provenance.align import align_passages
from storyline.provenance.detect import detect
from storyline.provenance.incremental import detect_new, origin_groups
from storyline.provenance.index import SignatureIndex
from storyline.provenance.shared_quotes import SharedQuote, shared_quotes

__all__ = [
    "SharedQuote",
    "SignatureIndex",
    "align_passages",
    "detect",
    "detect_new",
    "origin_groups",
    "shared_quotes",
]
