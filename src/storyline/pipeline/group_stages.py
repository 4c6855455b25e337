"""The built-in cross-document stages: thin wrappers over the analytic functions.

Each receives a corpus and its :class:`~storyline.pipeline.stage.StageContext` and returns a
:class:`~storyline.pipeline.stage.StageResult` with the corpus extended by the fields it
``provides`` (see :mod:`storyline.pipeline.stage`). The ``"new"`` stages (sources, provenance,
stories) see the articles no build has placed yet and update what spans stories; the
``"story"`` stages see the stories whose membership changed, one story at a time, and a story
that fails becomes a rejection while the rest go on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.model import (
    Article,
    ArticleAnnotations,
    Claim,
    ClaimGroup,
    Corpus,
    Discrepancy,
    Entity,
    Rejection,
    Source,
    Story,
    StoryChange,
    content_id,
)
from storyline.pipeline.stage import GroupStage, StageContext, StageResult
from storyline.provenance.origins import count_origins, origin_index


@dataclass(frozen=True)
class StoryView:
    """One story's articles and annotations, as the per-story stages see them."""

    story: Story
    articles: tuple[Article, ...]
    annotations: dict[str, ArticleAnnotations]


def iter_stories(corpus: Corpus) -> Iterator[StoryView]:
    """Each story with its articles and their annotations."""
    by_id = {a.id: a for a in corpus.articles}
    for story in corpus.stories:
        arts = tuple(by_id[i] for i in story.article_ids if i in by_id)
        anns = {
            a.id: corpus.annotations.get(a.id, ArticleAnnotations(article_id=a.id)) for a in arts
        }
        yield StoryView(story, arts, anns)


def per_story(
    corpus: Corpus, stage: str, fn: Callable[[StoryView], None]
) -> list[Rejection]:
    """Run ``fn`` on every story; a failing story becomes a rejection and the rest go on."""
    rejected: list[Rejection] = []
    for view in iter_stories(corpus):
        try:
            fn(view)
        except Exception as exc:  # noqa: BLE001 - one bad story must not stop the build
            rejected.append(Rejection(stage, view.story.id, f"{type(exc).__name__}: {exc}"))
    return rejected


@dataclass(frozen=True)
class ProvenanceStage:
    """Reuse links with aligned passages, and origin groups — incrementally.

    The new articles are compared against the candidates the store's signature index proposes
    (fetched from the store) and against each other
    (:func:`storyline.provenance.incremental.update_stored`); their index rows go to the store
    with the build's other results. Provides the new links and the origin groups that changed.
    A signature index carried the old way, as this stage's state, is moved into the store's
    rows by the next build (the state is then emptied).
    """

    name: str = "provenance"
    version: str = "2"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"reuse", "origins"})
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        from storyline.provenance.incremental import update_stored

        links, origins, rows = update_stored(corpus.articles, context.store, context.state)
        return StageResult(dataclasses.replace(corpus, reuse=links, origins=origins),
                           state=b"" if context.state else None, signatures=rows)


@dataclass(frozen=True)
class StoriesStage:
    """New articles placed in stories online; stories keep their ids as they grow.

    The new articles of a batch are first grouped among themselves by the batch clustering
    (:func:`storyline.stories.cluster.cluster_stories`, average link, the batch's shared
    reporting seeding it); each group then goes into the index of the active stories
    (:class:`storyline.stories.online.StoryIndex`) as one unit, with the articles that share
    reporting with stored ones: a unit joins the best story the index proposes or starts one,
    and stories the new articles bring together merge, the absorbed id redirecting to the
    survivor. A first build is thus the batch clustering itself, and later builds cost what
    their articles and candidates cost. Provides the record of every story whose membership
    changed (with all its articles) and the changes, with their reasons.
    """

    name: str = "stories"
    version: str = "2"
    requires: frozenset[str] = frozenset({"reuse", "annotations.mentions"})
    provides: frozenset[str] = frozenset({"stories", "story_changes"})
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        from storyline.stories.describe import describe
        from storyline.stories.online import StoryIndex, assign_grouped
        from storyline.stories.terms import features

        index = StoryIndex.from_bytes(context.state)
        linked = [(lk.a, lk.b) for lk in corpus.reuse]
        counted = {a.id: features(a, corpus.annotations.get(a.id)) for a in corpus.articles}
        done = assign_grouped(index, corpus.articles, corpus.annotations, linked, corpus.origins,
                              counted)
        absorbed = {m.absorbed for m in done.merged}
        earlier = context.store.story_members(sorted(absorbed))  # counted in the log
        members: dict[str, set[str]] = {sid: set(ids) for sid, ids in done.members.items()}
        new = {a.id: a for a in corpus.articles}
        stored = context.store.articles_by_id(
            sorted({a for ids in members.values() for a in ids} - set(new)))
        by_id = {**{a.id: a for a in stored}, **new}
        stories = tuple(
            describe(sid, [by_id[a] for a in sorted(ids) if a in by_id], corpus.annotations,
                     counted)
            for sid, ids in sorted(members.items()) if ids and sid not in absorbed)
        return StageResult(dataclasses.replace(
            corpus, stories=stories, story_changes=_changes(done, earlier)),
            state=index.to_bytes())


def _changes(done: Any, earlier: dict[str, list[str]]) -> tuple[StoryChange, ...]:
    """The story changes of one assignment: new stories, stories grown, merges, splits (a new
    story of articles regrouped out of another) and moves (articles regrouped from one story
    into another)."""
    added: dict[str, int] = {}
    for sid in done.joined.values():
        added[sid] = added.get(sid, 0) + 1
    out = []
    parts = {split.part for split in done.split}
    for sid in sorted(added):
        if sid in parts:
            out.append(StoryChange("new", sid, f"a new story: {added[sid]} new article(s) "
                                   "with articles split off from another story (below)",
                                   articles=added[sid]))
        elif sid in done.created:
            out.append(StoryChange("new", sid, f"a new story of {added[sid]} article(s)",
                                   articles=added[sid]))
        else:
            out.append(StoryChange("grew", sid, f"{added[sid]} new article(s) joined",
                                   articles=added[sid]))
    for merge in done.merged:
        out.append(StoryChange("merged", merge.survivor, merge.reason, other_id=merge.absorbed,
                               articles=len(earlier.get(merge.absorbed, ()))))
    for split in done.split:
        out.append(StoryChange("split", split.source, split.reason, other_id=split.part,
                               articles=split.articles))
    for move in done.moved:
        out.append(StoryChange("moved", move.target, move.reason, other_id=move.source,
                               articles=move.articles))
    return tuple(out)


@dataclass(frozen=True)
class EntityResolutionStage:
    """Canonical entities per story, and quotes tied to speakers and grouped across articles."""

    name: str = "entities_resolved"
    version: str = "3"
    requires: frozenset[str] = frozenset({"stories", "annotations.mentions",
                                          "annotations.quotes"})
    provides: frozenset[str] = frozenset({"entities", "quotes", "quote_groups"})
    extra: str | None = None
    scope: str = "story"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        from storyline.language.resolve import resolve_entities
        from storyline.quotes.groups import group_quotes

        entities, quotes, groups = [], [], []

        def one(view: StoryView) -> None:
            ents = resolve_entities(view.articles, view.annotations, view.story.id)
            story_quotes = [q for a in view.articles for q in view.annotations[a.id].quotes]
            qs, gs = group_quotes(view.articles, story_quotes, ents, view.story.id)
            entities.extend(ents)
            quotes.extend(qs)
            groups.extend(gs)

        rejected = per_story(corpus, self.name, one)
        return StageResult(dataclasses.replace(
            corpus, entities=tuple(entities), quotes=tuple(quotes), quote_groups=tuple(groups)
        ), rejected)


def _by_story(entities: Sequence[Entity]) -> dict[str, list[Entity]]:
    """The entities of each story, in their order."""
    out: dict[str, list[Entity]] = {}
    for e in entities:
        out.setdefault(e.story_id, []).append(e)
    return out


def _with_origins(d: Discrepancy, index: dict[str, str]) -> Discrepancy:
    sides = tuple(
        dataclasses.replace(
            s, independent_origins=count_origins([e.article_id for e in s.evidence], index)
        )
        for s in d.sides
    )
    return dataclasses.replace(d, sides=sides)


# The discrepancy slots reported by default: those whose flags held on hand-labelled real
# coverage (benchmarks/bench_discrepancy.py); numbers, dates, durations, negations and titles
# were below 0.2 precision there and are reported only when the settings ask for them.
CONFIDENT_SLOTS = frozenset(("attribution", "place"))


@dataclass(frozen=True)
class TimelineStage:
    """Events merged across articles into a dated timeline; date and place conflicts."""

    name: str = "timeline"
    version: str = "3"
    requires: frozenset[str] = frozenset({"stories", "annotations.events", "entities", "origins"})
    provides: frozenset[str] = frozenset({"events", "discrepancies"})
    extra: str | None = None
    scope: str = "story"
    slots: frozenset[str] = CONFIDENT_SLOTS

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        from storyline.claims.discrepancy import across_outlets
        from storyline.timeline import merge_events

        index = origin_index(corpus.origins)
        events, conflicts = [], []
        entities = _by_story(corpus.entities)

        def one(view: StoryView) -> None:
            story_events = [e for a in view.articles for e in view.annotations[a.id].events]
            ents = entities.get(view.story.id, [])
            evs, ds = merge_events(view.articles, story_events, ents, view.story.id)
            events.extend(evs)
            conflicts.extend(_with_origins(d, index) for d in ds
                             if d.slot in self.slots and across_outlets(d, view.articles))

        rejected = per_story(corpus, self.name, one)
        return StageResult(dataclasses.replace(
            corpus, events=tuple(events), discrepancies=corpus.discrepancies + tuple(conflicts)
        ), rejected)


@dataclass(frozen=True)
class ClaimsGroupStage:
    """Claims grouped across articles with their independent origins; discrepancies."""

    name: str = "claims_grouped"
    version: str = "3"
    requires: frozenset[str] = frozenset({"stories", "annotations.claims", "origins",
                                          "discrepancies"})
    provides: frozenset[str] = frozenset({"claims", "claim_groups", "discrepancies"})
    extra: str | None = None
    scope: str = "story"
    slots: frozenset[str] = CONFIDENT_SLOTS

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        from storyline.claims.discrepancy import (
            across_outlets,
            find_discrepancies,
            merge_discrepancies,
        )
        from storyline.claims.group import group_claims, views

        index = origin_index(corpus.origins)
        claims, groups, found = [], [], []

        def one(view: StoryView) -> None:
            raw = [c for a in view.articles for c in view.annotations[a.id].claims]
            items = views(view.articles, raw)  # read once for the grouping and the discrepancies
            cs, gs = group_claims(view.articles, raw, corpus.origins, view.story.id, items=items)
            ds = find_discrepancies(view.articles, cs, gs, corpus.origins, view.story.id,
                                    items=items, slots=self.slots)
            claims.extend(cs)
            groups.extend(gs)
            found.extend(_with_origins(d, index) for d in ds
                         if d.slot in self.slots and across_outlets(d, view.articles))

        rejected = per_story(corpus, self.name, one)
        discrepancies = merge_discrepancies(corpus.discrepancies, found, index)
        marked = mark_disputed(tuple(claims), tuple(groups), discrepancies)
        return StageResult(dataclasses.replace(
            corpus, claims=tuple(claims), claim_groups=marked, discrepancies=discrepancies
        ), rejected)


def mark_disputed(
    claims: tuple[Claim, ...],
    groups: tuple[ClaimGroup, ...],
    discrepancies: tuple[Discrepancy, ...],
) -> tuple[ClaimGroup, ...]:
    """Set ``disputed`` on every claim group a discrepancy's evidence falls in."""
    spans = [e for d in discrepancies for s in d.sides for e in s.evidence]
    disputed: set[str] = set()
    for claim in claims:
        for ev in spans:
            same = ev.article_id == claim.span.article_id
            if same and ev.start < claim.span.end and claim.span.start < ev.end and claim.group_id:
                disputed.add(claim.group_id)
    return tuple(
        dataclasses.replace(g, disputed=g.disputed or g.id in disputed) for g in groups
    )


@dataclass(frozen=True)
class PositionsStage:
    """Each actor's stance per issue, with evidence."""

    name: str = "positions"
    version: str = "13"  # 3: stance sentences in their parse; 4-11: new rules; 12-13: confidence
    requires: frozenset[str] = frozenset({"stories", "entities", "quotes", "annotations.sentences",
                                          "annotations.mentions", "annotations.quotes"})
    provides: frozenset[str] = frozenset({"positions"})
    extra: str | None = None
    scope: str = "story"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        from storyline.claims.positions import find_positions

        positions = []
        entities = _by_story(corpus.entities)
        quotes_of: dict[str, list[int]] = {}  # article id -> its quotes' places in the corpus
        for k, q in enumerate(corpus.quotes):
            quotes_of.setdefault(q.content.article_id, []).append(k)

        def one(view: StoryView) -> None:  # the story's quotes in the corpus's order
            places = sorted(k for a in view.articles for k in quotes_of.get(a.id, ()))
            quotes = [corpus.quotes[k] for k in places]
            ents = entities.get(view.story.id, [])
            positions.extend(
                find_positions(view.articles, quotes, ents, view.annotations, view.story.id)
            )

        rejected = per_story(corpus, self.name, one)
        return StageResult(dataclasses.replace(corpus, positions=tuple(positions)), rejected)


@dataclass(frozen=True)
class SourcesStage:
    """The outlets and agencies the articles come from."""

    name: str = "sources"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"sources"})
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        found: dict[str, Source] = {}
        for art in corpus.articles:
            if art.outlet:
                sid = content_id("src", art.outlet.casefold())
                found.setdefault(sid, Source(sid, art.outlet, "outlet", _domain(art.url)))
            for agency in art.agencies:
                sid = content_id("src", agency.casefold())
                found.setdefault(sid, Source(sid, agency, "agency"))
        sources = tuple(sorted(found.values(), key=_key))
        return StageResult(dataclasses.replace(corpus, sources=sources))


def _key(source: Source) -> tuple[str, str]:
    return (source.name.casefold(), source.id)


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def default_group_stages(slots: frozenset[str] = CONFIDENT_SLOTS) -> list[GroupStage]:
    """The cross-document stages, in order; ``slots`` are the discrepancy slots reported."""
    return [
        SourcesStage(),
        ProvenanceStage(),
        StoriesStage(),
        EntityResolutionStage(),
        TimelineStage(slots=slots),
        ClaimsGroupStage(slots=slots),
        PositionsStage(),
    ]


__all__ = [
    "CONFIDENT_SLOTS",
    "ClaimsGroupStage",
    "EntityResolutionStage",
    "PositionsStage",
    "ProvenanceStage",
    "SourcesStage",
    "StoriesStage",
    "StoryView",
    "TimelineStage",
    "default_group_stages",
    "iter_stories",
    "mark_disputed",
    "per_story",
]
