"""Incremental provenance: align new articles only with the stored articles the index proposes.

``detect_new(index, new, fetch)`` featurizes the new articles, asks the :class:`SignatureIndex`
for stored candidates, fetches just those stored articles, aligns every candidate pair (new with
stored, new with new), adds the new articles to the index and returns the new links. The origin
groups are then rebuilt from all links with ``origin_groups`` (union-find, linear in links).
``update(articles, state)`` does both for a build: ``state`` is what the last build carried
(the index and its links, packed by :func:`pack_state`); with no usable state, or when an
article of the index is gone, every article is compared afresh.

Not handled: an edited stored article (its old links stay; rebuild from scratch), and articles
removed from the store.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable, Sequence

from storyline.model.records import Article, OriginGroup, ReuseLink
from storyline.model.serialize import from_dict, to_dict
from storyline.provenance.detect import candidate_index_pairs, unique_sorted
from storyline.provenance.features import ArticleFeatures, featurize
from storyline.provenance.index import SignatureIndex
from storyline.provenance.links import evaluate_pair
from storyline.provenance.origins import build_origin_groups

__all__ = ["detect_new", "origin_groups", "pack_state", "unpack_state", "update"]

_STATE_MAGIC = b"storyline-provenance-1\n"

Fetch = Callable[[Sequence[str]], Iterable[Article]]


def _link(fa: ArticleFeatures, fb: ArticleFeatures) -> ReuseLink | None:
    """The link of a pair, with the smaller id first as ``evaluate_pair`` expects."""
    return evaluate_pair(fa, fb) if fa.id < fb.id else evaluate_pair(fb, fa)


def detect_new(
    index: SignatureIndex, new_articles: Sequence[Article], fetch: Fetch
) -> tuple[ReuseLink, ...]:
    """Links made by the articles not yet in ``index``; they are added to it afterwards.

    ``fetch(ids)`` returns the stored articles with those ids (only candidates are asked for).
    """
    new = [a for a in unique_sorted(new_articles) if a.id not in index]
    feats = [featurize(a) for a in new]
    wanted = index.candidates(feats)
    stored_ids = sorted({sid for _, sid in wanted})
    stored = {a.id: featurize(a) for a in fetch(stored_ids)} if stored_ids else {}
    links = []
    for k, sid in wanted:
        if sid in stored:
            link = _link(feats[k], stored[sid])
            if link is not None:
                links.append(link)
    for i, j in candidate_index_pairs(feats):
        link = _link(feats[i], feats[j])
        if link is not None:
            links.append(link)
    index.add(feats)
    return tuple(sorted(links, key=lambda lk: (lk.a, lk.b)))


def origin_groups(
    articles: Sequence[Article], links: Sequence[ReuseLink], index: SignatureIndex
) -> tuple[OriginGroup, ...]:
    """Origin groups of all ``articles`` from all ``links``, body sizes taken from ``index``."""
    body_chars = {a.id: index.body_chars_of(a.id) for a in articles if a.id in index}
    return build_origin_groups(unique_sorted(articles), links, body_chars)


def pack_state(index: SignatureIndex, links: Sequence[ReuseLink]) -> bytes:
    """The index and its links as one blob: a header, the links as JSON, the index's bytes."""
    data = json.dumps(to_dict(tuple(links)), separators=(",", ":")).encode()
    return _STATE_MAGIC + struct.pack(">Q", len(data)) + data + index.to_bytes()


def unpack_state(blob: bytes | None) -> tuple[SignatureIndex, tuple[ReuseLink, ...]] | None:
    """What :func:`pack_state` packed, or None when there is nothing or it cannot be read."""
    if not blob or not blob.startswith(_STATE_MAGIC):
        return None
    try:
        at = len(_STATE_MAGIC)
        (size,) = struct.unpack(">Q", blob[at:at + 8])
        raw = json.loads(blob[at + 8:at + 8 + size])
        links = tuple(from_dict(ReuseLink, item) for item in raw)
        return SignatureIndex.from_bytes(blob[at + 8 + size:]), links
    except Exception:  # noqa: BLE001 - an unreadable state means comparing afresh
        return None


def update(
    articles: Sequence[Article], state: bytes | None
) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...], bytes]:
    """All reuse links and origin groups of ``articles``, comparing only the articles the
    carried ``state`` does not hold; the state to carry to the next build."""
    by_id = {a.id: a for a in articles}
    carried = unpack_state(state)
    if carried is None or any(aid not in by_id for aid in carried[0].ids):
        index, previous = SignatureIndex(), ()
    else:
        index, previous = carried
    new = detect_new(index, articles, lambda ids: [by_id[i] for i in ids])
    links = tuple(sorted({(lk.a, lk.b): lk for lk in (*previous, *new)}.values(),
                         key=lambda lk: (lk.a, lk.b)))
    return links, origin_groups(articles, links, index), pack_state(index, links)
