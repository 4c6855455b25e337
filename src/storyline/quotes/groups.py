"""Quote groups: the same utterance across articles and translations, each version kept.

Quotations whose content words overlap (Jaccard or containment at least 0.6, on light stems)
are the same utterance, whatever the article, trimming or translation wording; quotations given
to two different speakers need 0.8, so that a shared phrase does not join unrelated statements
while the same words credited to different people still do. A short utterance that is one part
of a longer joined quotation groups with it when all its word pairs are there. Each quotation
also gets the entity of its speaker. Not handled: translations that share too few words (no
cross-lingual matching), and paraphrases.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from storyline.common.word_pairs import shared_pairs
from storyline.language.resolve import descriptor_words, fold_name, name_key
from storyline.model.ids import content_id
from storyline.model.records import Article, Entity, Quote, QuoteGroup

__all__ = ["CONFLICT_THRESHOLD", "GROUP_THRESHOLD", "group_quotes"]

GROUP_THRESHOLD = 0.6
COMMON = 500  # a word in more quotations than this proposes no pair (it still counts)
CONFLICT_THRESHOLD = 0.8  # words shared by quotes given to different speakers


def _split(text: str) -> list[str]:
    return text.split()


_STOP = frozenset(_split("""
a an the and or but of to in on at for with by from as is are was were be been being it its
this that these those we our us i me my you your he him his she her they them their there
will would shall should can could may might must do does did not no so if then than also very
has have had which who whom what when where how all any some such only just about into over
"""))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content_words(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in re.findall(r"\w+", fold_name(text)) if w not in _STOP)


def _alike(words: Sequence[tuple[str, ...]], speakers: Sequence[str | None]
           ) -> Iterator[tuple[int, int]]:
    """Pairs ``i < j`` of quotations that share at least two content words (not counting words
    in more than ``COMMON`` quotations) and whose overlap reaches the bar for their speakers.

    The overlap is the Jaccard of the content words, or the containment of the shorter one's
    word pairs: a short utterance inside a longer quotation (one part of a joined quotation)
    needs all of its word pairs there; it is 0 when either has fewer than three words. Found
    with array operations (:func:`storyline.common.word_pairs.shared_pairs`), the pairs a
    comparison quotation by quotation finds (``tests/unit/test_common_word_pairs.py``)."""
    unigrams = [frozenset(ws) for ws in words]
    bigrams = [frozenset(zip(ws, ws[1:], strict=False)) for ws in words]
    n_words = np.asarray([len(u) for u in unigrams], dtype=np.float64)
    n_pairs = np.asarray([len(b) for b in bigrams], dtype=np.float64)
    ids = {s: k for k, s in enumerate(dict.fromkeys(s for s in speakers if s))}
    who = np.asarray([ids.get(s, -1) if s else -1 for s in speakers], dtype=np.int64)
    for i, j, shared, shared_bigrams in shared_pairs(unigrams, COMMON, bigrams):
        jaccard = shared / (n_words[i] + n_words[j] - shared)
        small = np.minimum(n_pairs[i], n_pairs[j])
        with np.errstate(divide="ignore", invalid="ignore"):
            contained = np.where(small >= 5, shared_bigrams / small,
                                 ((small >= 3) & (shared_bigrams == small)).astype(np.float64))
        score = np.where((n_words[i] < 3) | (n_words[j] < 3), 0.0,
                         np.maximum(jaccard, contained))
        differ = (who[i] >= 0) & (who[j] >= 0) & (who[i] != who[j])
        keep = score >= np.where(differ, CONFLICT_THRESHOLD, GROUP_THRESHOLD)
        yield from zip(i[keep].tolist(), j[keep].tolist(), strict=True)


def group_quotes(
    articles: Sequence[Article], quotes: Sequence[Quote], entities: Sequence[Entity],
    story_id: str,
) -> tuple[tuple[Quote, ...], tuple[QuoteGroup, ...]]:
    """Quotes with ``speaker_entity_id`` and ``group_id`` set, and the story's quote groups."""
    texts = {a.id: a.text for a in articles}
    ordered = sorted({q.id: q for q in quotes}.values(),
                     key=lambda q: (q.content.article_id, q.content.start, q.content.end, q.id))
    speakers = _SpeakerIndex(entities)
    named = {e.id for e in entities if not e.is_descriptor}
    ordered = [_shown(dataclasses.replace(q, speaker_entity_id=speakers.find(q, texts)), named)
               for q in ordered]
    words = [_content_words(q.quoted_text(texts.get(q.content.article_id, ""))) for q in ordered]
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _alike(words, [q.speaker_entity_id for q in ordered]):
        if not _nested(ordered[i], ordered[j]):
            parent[root(j)] = root(i)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        members[root(i)].append(i)
    names = {e.id: e.name for e in entities}
    groups: list[QuoteGroup] = []
    group_of: dict[int, str] = {}
    for idx in sorted(members.values()):
        if len(idx) < 2:
            continue
        ids = sorted(ordered[i].id for i in idx)
        gid = content_id("qg", *ids)
        eid = _majority(ordered[i].speaker_entity_id for i in idx)
        label = names.get(eid) if eid else _majority(ordered[i].speaker_label for i in idx)
        groups.append(QuoteGroup(gid, tuple(ids), story_id, eid, label))
        for i in idx:
            group_of[i] = gid
    out = tuple(dataclasses.replace(q, group_id=group_of.get(i)) for i, q in enumerate(ordered))
    return out, tuple(groups)


_NUMBER_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
    "dozens", "hundreds", "thousands", "several", "many", "some", "few", "both", "all", "most",
    "others", "another", "none",
))
_NO_REFERENT = frozenset((
    "i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "who",
    "which", "one", "someone", "somebody", "everyone", "everybody", "anyone", "people",
))
_DETERMINERS = frozenset(("the", "a", "an", "some", "many", "several", "most", "other"))


def speaker_shown(label: str | None) -> bool:
    """Whether a speaker label names somebody: not a numeral ("Two"), a pronoun left
    unresolved ("it", "they"), or a plural common noun with no name in it ("People",
    "residents", "many officials")."""
    words = [w for w in re.findall(r"[\w'\u2019.-]+", label or "")
             if w.casefold() not in _DETERMINERS]
    if not words:
        return False
    folded = [w.casefold() for w in words]
    if all(w in _NUMBER_WORDS or w[:1].isdigit() for w in folded):
        return False
    if len(words) == 1 and folded[0] in _NO_REFERENT:
        return False
    named = any(w[:1].isupper() for w in words[1:]) or (len(words) == 1 and words[0].isupper())
    plural = folded[-1].endswith("s") and not folded[-1].endswith("ss") or folded[-1] == "people"
    first_only = len(words) == 1 and words[0][:1].isupper() and words[0][1:].islower()
    if plural and not named and (first_only or words[0][:1].islower()):
        return folded[-1] not in _GENERIC_PLURALS if first_only else False
    return True


_GENERIC_PLURALS = frozenset((
    "people", "residents", "officials", "experts", "witnesses", "sources", "analysts",
    "observers", "critics", "others", "protesters", "workers", "voters", "neighbours",
    "neighbors", "parents", "students", "locals", "authorities", "police", "doctors",
    "scientists", "investigators", "reports", "agencies", "media", "insiders", "aides",
))


def _shown(quote: Quote, named: set[str]) -> Quote:
    """A quote whose speaker names nobody (and that no named entity resolved) keeps its words
    with the speaker unknown."""
    if quote.speaker_entity_id in named or speaker_shown(quote.speaker_label):
        return quote
    return dataclasses.replace(quote, speaker=None, speaker_label=None, speaker_entity_id=None)


def _nested(a: Quote, b: Quote) -> bool:
    return a.content.article_id == b.content.article_id and (
        a.content.start < b.content.end and b.content.start < a.content.end
    )


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


class _SpeakerIndex:
    """Look-ups from speaker spans and labels to entity ids."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.by_span: dict[tuple[str, int, int], str] = {}
        self.by_article: dict[str, list[tuple[int, int, str, bool]]] = defaultdict(list)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_last: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for m in e.mentions:
                self.by_span[(m.span.article_id, m.span.start, m.span.end)] = e.id
                self.by_article[m.span.article_id].append(
                    (m.span.start, m.span.end, e.id, m.kind == "name" or m.kind == "descriptor"))
            for name in (e.name, *e.aliases):
                self.by_name[fold_name(name)].add(e.id)
                self.by_name[" ".join(descriptor_words(name))].add(e.id)
                if e.label == "PERSON" and not e.is_descriptor:
                    self.by_last[name_key(name, "PERSON").split()[-1]].add(e.id)

    def find(self, quote: Quote, texts: dict[str, str]) -> str | None:
        span = quote.speaker
        label = quote.speaker_label or ""
        written = span.text(texts.get(span.article_id, "")) if span else ""
        if label and fold_name(label) != fold_name(written):
            found = self._by_label(label)  # a pronoun or title resolved to a name
            if found:
                return found
        if span is not None:
            eid = self.by_span.get((span.article_id, span.start, span.end))
            if eid:
                return eid
            head = span.end - 1  # the head word of a phrase comes last
            hits = [(s, e, eid) for s, e, eid, solid in self.by_article.get(span.article_id, ())
                    if solid and s <= head < e]
            if hits:
                return min(hits, key=lambda h: (-(min(h[1], span.end) - max(h[0], span.start)),
                                                h[2]))[2]
        return self._by_label(label) if label else None

    def _by_label(self, label: str) -> str | None:
        for key in (fold_name(label), " ".join(descriptor_words(label))):
            ids = self.by_name.get(key)
            if ids and len(ids) == 1:
                return next(iter(ids))
        words = name_key(label, "PERSON").split()
        if words:
            ids = self.by_last.get(words[-1])
            if ids and len(ids) == 1:
                return next(iter(ids))
        return None
