"""The built-in stages: thin wrappers over the analytic functions (see docs/architecture.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from storyline.model import (
    Article,
    ArticleAnnotations,
    Claim,
    ClaimGroup,
    Corpus,
    Discrepancy,
    Rejection,
    ReuseLink,
    Source,
    Story,
    content_id,
)
from storyline.provenance.origins import count_origins, origin_index

# --------------------------------------------------------------------------- per article


@dataclass(frozen=True)
class EntitiesStage:
    """Sentences and mentions of people, organisations, places and descriptors."""

    name: str = "entities"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"sentences", "mentions"})
    extra: str | None = None

    def setup(self) -> None:
        from storyline.language.nlp import get_nlp

        get_nlp()

    def process(self, article: Article, annotations: ArticleAnnotations) -> ArticleAnnotations:
        from storyline.language.entities import find_mentions
        from storyline.language.nlp import parse

        doc = parse(article)
        sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
        return dataclasses.replace(
            annotations, sentences=sentences, mentions=find_mentions(article, doc)
        )


@dataclass(frozen=True)
class QuotesStage:
    """Direct and reported quotations with speaker, cue and channel."""

    name: str = "quotes"
    version: str = "2"  # 2: passive cues, paraphrases not carried over, speakerless kept
    requires: frozenset[str] = frozenset({"mentions"})
    provides: frozenset[str] = frozenset({"quotes"})
    extra: str | None = None

    def setup(self) -> None:
        """Nothing to load beyond the shared spaCy pipeline."""

    def process(self, article: Article, annotations: ArticleAnnotations) -> ArticleAnnotations:
        from storyline.language.nlp import parse
        from storyline.quotes.find import find_quotes

        quotes = find_quotes(article, parse(article), annotations.mentions, unattributed=True)
        return dataclasses.replace(annotations, quotes=quotes)


@dataclass(frozen=True)
class TimesStage:
    """Time expressions normalised against the publication time."""

    name: str = "times"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"times"})
    extra: str | None = None

    def setup(self) -> None:
        """Nothing to load beyond the shared spaCy pipeline."""

    def process(self, article: Article, annotations: ArticleAnnotations) -> ArticleAnnotations:
        from storyline.language.nlp import parse
        from storyline.timeline.timex import find_times

        return dataclasses.replace(annotations, times=find_times(article, parse(article)))


@dataclass(frozen=True)
class EventsStage:
    """Events (meetings, statements, deployments…) with dates, places and participants."""

    name: str = "events"
    version: str = "1"
    requires: frozenset[str] = frozenset({"times", "mentions"})
    provides: frozenset[str] = frozenset({"events"})
    extra: str | None = None

    def setup(self) -> None:
        """Nothing to load beyond the shared spaCy pipeline."""

    def process(self, article: Article, annotations: ArticleAnnotations) -> ArticleAnnotations:
        from storyline.language.nlp import parse
        from storyline.timeline import find_events

        events = find_events(article, parse(article), annotations.times, annotations.mentions)
        return dataclasses.replace(annotations, events=events)


@dataclass(frozen=True)
class ClaimsStage:
    """The factual statements of each article."""

    name: str = "claims"
    version: str = "1"
    requires: frozenset[str] = frozenset({"mentions", "quotes", "times"})
    provides: frozenset[str] = frozenset({"claims"})
    extra: str | None = None

    def setup(self) -> None:
        """Nothing to load beyond the shared spaCy pipeline."""

    def process(self, article: Article, annotations: ArticleAnnotations) -> ArticleAnnotations:
        from storyline.claims.extract import find_claims
        from storyline.language.nlp import parse

        claims = find_claims(
            article, parse(article), annotations.mentions, annotations.quotes, annotations.times
        )
        return dataclasses.replace(annotations, claims=claims)


def default_doc_stages() -> list:
    """The per-article chain, in order."""
    return [EntitiesStage(), QuotesStage(), TimesStage(), EventsStage(), ClaimsStage()]


# --------------------------------------------------------------------------- across articles


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

    The signature index of the articles already compared, and their links, come from the
    previous build (``state``); only articles not yet in the index are compared, against the
    candidates the index proposes and against each other. With no usable state (a first build,
    or an article gone from the store) everything is compared afresh. The updated index is left
    in ``state`` for the runner to store with the results, in the same transaction.
    """

    name: str = "provenance"
    version: str = "2"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"reuse", "origins"})
    extra: str | None = None
    state: ProvenanceState | None = None

    @property
    def state_key(self) -> str:
        return f"provenance-index:{self.version}"

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        from storyline.provenance.incremental import detect_new, origin_groups
        from storyline.provenance.index import SignatureIndex

        state = self.state or ProvenanceState()
        by_id = {a.id: a for a in corpus.articles}
        index = state.load_index()
        if index is None or any(aid not in by_id for aid in index.ids):
            index, previous = SignatureIndex(), ()
        else:
            previous = state.links
        new = detect_new(index, corpus.articles, lambda ids: [by_id[i] for i in ids])
        links = tuple(sorted({(lk.a, lk.b): lk for lk in (*previous, *new)}.values(),
                             key=lambda lk: (lk.a, lk.b)))
        origins = origin_groups(corpus.articles, links, index)
        state.index = index
        return dataclasses.replace(corpus, reuse=links, origins=origins), []


@dataclass
class ProvenanceState:
    """What provenance carries between builds: the signature index (bytes) and stored links."""

    index_bytes: bytes | None = None
    links: tuple[ReuseLink, ...] = ()
    index: Any = None  # the updated SignatureIndex after a run

    def load_index(self) -> Any:
        """The stored index, or None when there is none or it cannot be read."""
        from storyline.provenance.index import SignatureIndex

        if not self.index_bytes:
            return None
        try:
            return SignatureIndex.from_bytes(self.index_bytes)
        except Exception:  # noqa: BLE001 - an unreadable index means comparing afresh
            return None


@dataclass(frozen=True)
class StoriesStage:
    """Story clusters with stable ids."""

    name: str = "stories"
    version: str = "1"
    requires: frozenset[str] = frozenset({"origins", "mentions"})
    provides: frozenset[str] = frozenset({"stories"})
    extra: str | None = None

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        from storyline.stories.cluster import cluster_stories

        stories = cluster_stories(corpus.articles, corpus.annotations, corpus.origins)
        return dataclasses.replace(corpus, stories=stories), []


@dataclass(frozen=True)
class EntityResolutionStage:
    """Canonical entities per story, and quotes tied to speakers and grouped across articles."""

    name: str = "entities_resolved"
    version: str = "2"
    requires: frozenset[str] = frozenset({"stories", "mentions", "quotes"})
    provides: frozenset[str] = frozenset({"entities", "quote_groups"})
    extra: str | None = None

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
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
        return (
            dataclasses.replace(
                corpus, entities=tuple(entities), quotes=tuple(quotes), quote_groups=tuple(groups)
            ),
            rejected,
        )


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
    version: str = "2"
    requires: frozenset[str] = frozenset({"stories", "events", "entities", "origins"})
    provides: frozenset[str] = frozenset({"timeline"})
    extra: str | None = None
    slots: frozenset[str] = CONFIDENT_SLOTS

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        from storyline.timeline import merge_events

        index = origin_index(corpus.origins)
        events, conflicts = [], []

        def one(view: StoryView) -> None:
            story_events = [e for a in view.articles for e in view.annotations[a.id].events]
            ents = [e for e in corpus.entities if e.story_id == view.story.id]
            evs, ds = merge_events(view.articles, story_events, ents, view.story.id)
            events.extend(evs)
            conflicts.extend(_with_origins(d, index) for d in ds if d.slot in self.slots)

        rejected = per_story(corpus, self.name, one)
        return (
            dataclasses.replace(
                corpus,
                events=tuple(events),
                discrepancies=corpus.discrepancies + tuple(conflicts),
            ),
            rejected,
        )


@dataclass(frozen=True)
class ClaimsGroupStage:
    """Claims grouped across articles with their independent origins; discrepancies."""

    name: str = "claims_grouped"
    version: str = "2"
    requires: frozenset[str] = frozenset({"stories", "claims", "origins", "timeline"})
    provides: frozenset[str] = frozenset({"claim_groups", "discrepancies"})
    extra: str | None = None
    slots: frozenset[str] = CONFIDENT_SLOTS

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        from storyline.claims.discrepancy import find_discrepancies, merge_discrepancies
        from storyline.claims.group import group_claims

        index = origin_index(corpus.origins)
        claims, groups, found = [], [], []

        def one(view: StoryView) -> None:
            raw = [c for a in view.articles for c in view.annotations[a.id].claims]
            cs, gs = group_claims(view.articles, raw, corpus.origins, view.story.id)
            ds = find_discrepancies(view.articles, cs, gs, corpus.origins, view.story.id)
            claims.extend(cs)
            groups.extend(gs)
            found.extend(_with_origins(d, index) for d in ds if d.slot in self.slots)

        rejected = per_story(corpus, self.name, one)
        discrepancies = merge_discrepancies(corpus.discrepancies, found, index)
        marked = mark_disputed(tuple(claims), tuple(groups), discrepancies)
        return (
            dataclasses.replace(
                corpus, claims=tuple(claims), claim_groups=marked, discrepancies=discrepancies
            ),
            rejected,
        )


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
    version: str = "2"
    requires: frozenset[str] = frozenset({"stories", "entities", "quote_groups"})
    provides: frozenset[str] = frozenset({"positions"})
    extra: str | None = None

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        from storyline.claims.positions import find_positions

        positions = []

        def one(view: StoryView) -> None:
            ids = {a.id for a in view.articles}
            quotes = [q for q in corpus.quotes if q.content.article_id in ids]
            ents = [e for e in corpus.entities if e.story_id == view.story.id]
            positions.extend(
                find_positions(view.articles, quotes, ents, view.annotations, view.story.id)
            )

        rejected = per_story(corpus, self.name, one)
        return dataclasses.replace(corpus, positions=tuple(positions)), rejected


@dataclass(frozen=True)
class SourcesStage:
    """The outlets and agencies the articles come from."""

    name: str = "sources"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"sources"})
    extra: str | None = None

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        found: dict[str, Source] = {}
        for art in corpus.articles:
            if art.outlet:
                sid = content_id("src", art.outlet.casefold())
                found.setdefault(sid, Source(sid, art.outlet, "outlet", _domain(art.url)))
            for agency in art.agencies:
                sid = content_id("src", agency.casefold())
                found.setdefault(sid, Source(sid, agency, "agency"))
        return dataclasses.replace(corpus, sources=tuple(sorted(found.values(), key=_key))), []


def _key(source: Source) -> tuple[str, str]:
    return (source.name.casefold(), source.id)


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def default_group_stages(slots: frozenset[str] = CONFIDENT_SLOTS) -> list:
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
    "ClaimsStage",
    "EntitiesStage",
    "EntityResolutionStage",
    "EventsStage",
    "PositionsStage",
    "ProvenanceStage",
    "QuotesStage",
    "SourcesStage",
    "StoriesStage",
    "TimelineStage",
    "TimesStage",
    "default_doc_stages",
    "default_group_stages",
]
