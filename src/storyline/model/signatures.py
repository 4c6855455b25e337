"""The rows of the stored signature index, by which new articles find stored ones that may
share text with them (written by the provenance stage, kept by the store).

Keys are signed 64-bit integers (the unsigned hashes reinterpreted), so that every SQL
backend stores them as plain integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureRows:
    """What one build adds to the signature index.

    ``docs``: ``(article_id, body_chars, shingle_count, body_digest)`` per new article, in the
    order they are indexed; ``bands``: ``(band_key, article_id)``; ``shingles``:
    ``(rare_shingle, article_id)``. The store keeps index order: a bucket's first member is
    the earliest indexed one.
    """

    docs: tuple[tuple[str, int, int, str], ...] = ()
    bands: Sequence[tuple[int, str]] = ()
    shingles: Sequence[tuple[int, str]] = ()

    def __bool__(self) -> bool:
        return bool(self.docs)


@dataclass(frozen=True)
class SignatureHits:
    """What the stored index holds for a batch's keys.

    ``bands``: ``(band_key, article_id)`` in index order, at most ``MAX_BUCKET`` per key;
    ``shingles``: ``(shingle, article_id)``, at most ``MAX_DF + 1`` per shingle (a shingle in
    more documents is never used); ``digests``: ``(body_digest, article_id)``, the first
    article indexed with each digest; ``sizes``: each article's shingle count.
    """

    bands: tuple[tuple[int, str], ...] = ()
    shingles: tuple[tuple[int, str], ...] = ()
    digests: tuple[tuple[str, str], ...] = ()
    sizes: dict[str, int] | None = None
