"""Incremental provenance: align new articles only with the stored articles the index proposes.

``detect_new(index, new, fetch)`` featurizes the new articles, asks the index for stored
candidates, fetches just those stored articles, aligns every candidate pair (new with stored,
new with new), adds the new articles to the index and returns the new links. The origin groups
of the link components the new articles touch are then rebuilt with ``origin_groups``.

``update_stored(new, store)`` does both for a build on a store: the index is the store's rows
(:class:`~storyline.provenance.stored_index.StoredIndex`), the components are read from the
stored links outwards, and the new index rows are returned for the store to add in the build's
transaction; so a build reads what its articles' keys and links name, not the store.
``update(new, state, fetch)`` does the same with the index and every link carried as one blob
(:func:`pack_state`), for a corpus kept without a store; a store moves such a blob into its rows
at its next build.

Not handled: an edited stored article (its old links stay; rebuild from scratch), articles
removed from the store.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from storyline.model.records import Article, OriginGroup, ReuseLink
from storyline.model.serialize import from_dict, to_dict
from storyline.model.signatures import SignatureRows
from storyline.provenance.detect import candidate_index_pairs, unique_sorted
from storyline.provenance.features import ArticleFeatures, featurize
from storyline.provenance.index import SignatureIndex
from storyline.provenance.links import evaluate_pair
from storyline.provenance.origins import build_origin_groups
from storyline.provenance.stored_index import (
    SignatureLookup,
    StoredIndex,
    merged_rows,
    rows_of_index,
)

__all__ = ["detect_new", "origin_groups", "pack_state", "unpack_state", "update",
           "update_stored"]

_STATE_MAGIC = b"storyline-provenance-1\n"

Fetch = Callable[[Sequence[str]], Iterable[Article]]


def _link(fa: ArticleFeatures, fb: ArticleFeatures) -> ReuseLink | None:
    """The link of a pair, with the smaller id first as ``evaluate_pair`` expects."""
    return evaluate_pair(fa, fb) if fa.id < fb.id else evaluate_pair(fb, fa)


def detect_new(
    index: SignatureIndex | StoredIndex, new_articles: Sequence[Article], fetch: Fetch
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
    articles: Sequence[Article], links: Sequence[ReuseLink], index: SignatureIndex | StoredIndex
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
    new: Sequence[Article],
    state: bytes | None,
    fetch: Callable[[Sequence[str]], list[Article]],
) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...], bytes]:
    """Compare the ``new`` articles with an index carried as one blob (:func:`pack_state`) and
    with each other: the new links, the origin groups of every article whose group changed,
    and the blob to carry on. With no usable state the index starts empty. A store keeps its
    index as rows instead (:func:`update_stored`); this form serves a corpus without a store."""
    carried = unpack_state(state)
    index, previous = carried if carried is not None else (SignatureIndex(), ())
    new = [a for a in unique_sorted(new) if a.id not in index]
    by_new = {a.id: a for a in new}
    found = detect_new(index, new, fetch)
    links = tuple(sorted({(lk.a, lk.b): lk for lk in (*previous, *found)}.values(),
                         key=lambda lk: (lk.a, lk.b)))
    members = _components_of(set(by_new), links)
    stored = fetch(sorted(members - set(by_new))) if members - set(by_new) else []
    articles = [*new, *stored]
    inside = [lk for lk in links if lk.a in members and lk.b in members]
    return found, origin_groups(articles, inside, index), pack_state(index, links)


class StoredResults(SignatureLookup, Protocol):
    """What :func:`update_stored` reads from a store."""

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """Stored articles by id."""

    def cross_results_of(
        self, article_ids: Iterable[str]
    ) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...]]:
        """The stored reuse links and origin groups these articles are in."""


def update_stored(
    new: Sequence[Article], store: StoredResults, carried: bytes | None = None
) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...], SignatureRows]:
    """Compare the ``new`` articles with the store's signature index (reading only the rows
    their keys name, and fetching only the stored articles proposed) and with each other.
    Returns the new links, the origin groups of every article whose group changed (the new
    articles' link components, read from the stored links outwards), and the index rows to
    add. ``carried``: an index kept the old way (one blob); its rows are added by this build
    and answered from memory meanwhile."""
    old = unpack_state(carried)
    index = StoredIndex(store, old[0] if old is not None else None)
    batch = unique_sorted(new)
    index.load(a.id for a in batch)
    fresh = [a for a in batch if a.id not in index]
    found = detect_new(index, fresh, store.articles_by_id)
    carried_links = old[1] if old is not None else ()
    links = {(lk.a, lk.b): lk for lk in found}
    seen: set[str] = set()
    todo = {a.id for a in fresh} | {x for lk in found for x in (lk.a, lk.b)}
    while todo:  # the components the new links touch, from the stored links outwards
        seen |= todo
        stored_links, _ = store.cross_results_of(sorted(todo))
        more = [*stored_links, *(lk for lk in carried_links if lk.a in todo or lk.b in todo)]
        links.update({(lk.a, lk.b): lk for lk in more})
        todo = {x for lk in more for x in (lk.a, lk.b)} - seen
    members = seen
    others = sorted(members - {a.id for a in fresh})
    articles = [*fresh, *store.articles_by_id(others)] if others else list(fresh)
    index.load(members)
    groups = origin_groups(articles, list(links.values()), index)
    rows = index.rows()
    return found, groups, (merged_rows(rows_of_index(old[0]), rows) if old is not None
                           else rows)


def _components_of(seeds: set[str], links: Sequence[ReuseLink]) -> set[str]:
    """Every article linked, directly or through others, to one of ``seeds`` (seeds included)."""
    neighbours: dict[str, list[str]] = {}
    for link in links:
        neighbours.setdefault(link.a, []).append(link.b)
        neighbours.setdefault(link.b, []).append(link.a)
    seen, todo = set(seeds), list(seeds)
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen
