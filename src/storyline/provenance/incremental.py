"""Incremental provenance: align new articles only with the stored articles the index proposes.

``detect_new(index, new, fetch)`` featurizes the new articles, asks the :class:`SignatureIndex`
for stored candidates, fetches just those stored articles, aligns every candidate pair (new with
stored, new with new), adds the new articles to the index and returns the new links. The origin
groups are then rebuilt from all links with ``origin_groups`` (union-find, linear in links).
``update(new, state, fetch)`` does both for a build: ``state`` is what the last build carried
(the index and every link so far, packed by :func:`pack_state`); only the origin groups the new
articles change are rebuilt.

Not handled: an edited stored article (its old links stay; rebuild from scratch), articles
removed from the store, and a lost state (the new articles are then compared with each other
only). The carried links are rewritten at every build: their size, not the corpus's, bounds it.
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
    new: Sequence[Article],
    state: bytes | None,
    fetch: Callable[[Sequence[str]], list[Article]],
) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...], bytes]:
    """Compare the ``new`` articles with the carried index (stored articles fetched by id as
    the index proposes them) and with each other. Returns the new links, the origin groups of
    every article whose group changed (the new articles' groups, and the groups a new link
    joins), and the state to carry on (the index and every link so far). With no usable state
    the index starts empty: the new articles are compared with each other only."""
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
