"""The store protocol: what the pipeline, the CLI and the web app ask of a store.

:class:`~storyline.store.sqlite.SqliteStore` and :class:`~storyline.store.postgres.PostgresStore`
implement it; :func:`storyline.store.open_store` chooses one by the path or URL, without a change
to the stages or the runner. Every write method is one transaction: all of it is stored or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from storyline.model import (
    Article,
    ArticleAnnotations,
    Corpus,
    Discrepancy,
    Entity,
    OriginGroup,
    Rejection,
    ReuseLink,
    Story,
    StoryChange,
)
from storyline.model.signatures import SignatureHits, SignatureRows
from storyline.store.search_query import SearchPage


@runtime_checkable
class Store(Protocol):
    """A storyline store: articles, per-article annotations, results, state, rejects, runs."""

    readonly: bool

    def close(self) -> None:
        """Release the store's connection."""

    def version(self) -> int:
        """A number that changes whenever the stored content changes (for caches)."""

    # articles
    def add_articles(self, items: Iterable[tuple[Article, bytes | None]]) -> int:
        """Store articles with their raw bytes; how many were new (a rerun adds nothing)."""

    def article_count(self) -> int:
        """How many articles are stored."""

    def articles(self) -> list[Article]:
        """Every stored article, ordered by id."""

    def get_article(self, article_id: str) -> Article:
        """One article by id (NotFound if there is none)."""

    def raw_bytes(self, article_id: str) -> bytes:
        """The original bytes an article was read from (NotFound if there are none)."""

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchPage:
        """Full-text search in the query language of :mod:`storyline.store.search_query`:
        one page of hits, best first, with the total number of matches."""

    def match_spans(self, article_id: str, query: str) -> list[tuple[int, int]]:
        """The offsets, in one article's text, of the words a search query matches there
        (inflected forms included), for highlighting."""

    # per-article annotations
    def done_article_ids(self, stage: str, version: str) -> set[str]:
        """Articles whose annotations for this chain version are stored."""

    def unannotated_article_ids(self, stage: str, version: str) -> list[str]:
        """Articles without this chain version's annotations, ordered by id."""

    def annotated_with_text(self, stage: str, version: str,
                            texts: Iterable[str]) -> list[Article]:
        """Articles with these exact texts that have this chain version's annotations."""

    def save_annotations(
        self, stage: str, version: str, annotations: Iterable[ArticleAnnotations]
    ) -> None:
        """Store one batch of per-article annotations."""

    def annotations(self, stage: str) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a chain, by article id."""

    # cross-document results and the state stages carry between builds
    def load_state(self, name: str) -> bytes | None:
        """The state stored under ``name``, or None."""

    def save_state(self, state: Mapping[str, bytes]) -> None:
        """Store state by name."""

    def load_corpus(self, stage: str = "language") -> Corpus:
        """Everything stored as one corpus (reads the whole store: for full exports)."""

    def stories(self) -> tuple[Story, ...]:
        """The stored stories."""

    def story_count(self) -> int:
        """How many stories are stored."""

    def story_summaries(self) -> list[dict[str, Any]]:
        """Every story's id, title, dates, keywords, article count, outlets, independent
        origins, newest update (``updated``, ISO time) and number of ``discrepancies``, in one
        read (no story is loaded)."""

    def get_entity(self, entity_id: str) -> Entity:
        """One story's entity by id (NotFound if there is none)."""

    def find_entities(self, name: str, exact: bool = False, limit: int = 500) -> list[Entity]:
        """The entities of every story whose name contains ``name`` (case-insensitive), or
        equals it with ``exact``; names before descriptors, then by story."""

    # the living store: placing new articles, rebuilding changed stories, reading one story
    def unassigned_article_ids(self) -> list[str]:
        """Articles in no story yet, in publication order (by id on a tie), undated last: a
        build places them in batches in this order, so that a pile of several years built at
        once reaches the online stories as a feed would (a batch of every year at once would
        move the index's clock to its newest date and retire the stories that its older
        articles' late siblings, in the next batch, belong to)."""

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """Stored articles by id, ordered by id."""

    def annotations_of(self, stage: str, ids: Iterable[str]) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a chain for these articles."""

    def story_members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Each story's member article ids."""

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of these articles is in."""

    def stories_by_id(self, story_ids: Iterable[str]) -> list[Story]:
        """The stored story records with these ids."""

    def cross_results_of(
        self, article_ids: Iterable[str]
    ) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...]]:
        """The reuse links and origin groups these articles are in."""

    def save_increment(
        self,
        corpus: Corpus,
        members: Mapping[str, str],
        state: Mapping[str, bytes] | None = None,
        run_id: int | None = None,
        signatures: SignatureRows | None = None,
    ) -> None:
        """Store what new articles changed (membership, changes and redirects, sources, reuse,
        origins, state, the signature index's new rows) and mark the changed stories as
        waiting, in one transaction."""

    def signature_docs(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``(body_chars, shingle_count)`` of the articles among ``ids`` in the signature
        index."""

    def signature_hits(self, bands: Sequence[int], shingles: Sequence[int],
                       digests: Sequence[str]) -> SignatureHits:
        """The signature index's rows for these band keys, shingles and body digests (see
        :class:`~storyline.model.signatures.SignatureHits`; keys in index order)."""

    def save_story_results(self, story_ids: Sequence[str], corpus: Corpus,
                           views: Iterable[tuple[str, str, str, str]] = ()) -> None:
        """Replace these stories' results and clear their waiting marks, in one transaction;
        ``views``: what is rendered from them for the web UI, ``(kind, id, story id, JSON)``
        rows kept with their results (:mod:`storyline.report.page`)."""

    def view(self, kind: str, view_id: str) -> str | None:
        """A rendered view kept with its story's results (``page`` by story id, ``marks`` by
        article id, ``section`` by story id/section/page, ``entity_page`` by entity id): its JSON
        text, or None."""

    def save_views(self, views: Iterable[tuple[str, str, str, str]]) -> None:
        """Keep rendered views with the results of their stories (of stored stories only)."""

    def dirty_stories(self) -> list[str]:
        """Stories waiting for their results."""

    def mark_dirty(self, story_ids: Iterable[str]) -> None:
        """Mark stories as waiting."""

    def mark_all_dirty(self) -> int:
        """Mark every story as waiting; how many."""

    def resolve_story(self, story_id: str) -> str:
        """The id a story shows under now (following redirects); NotFound if never a story's."""

    def load_story(self, story_id: str, stage: str | None = "language") -> Corpus:
        """One story with its articles, annotations (of chain ``stage``; None: none) and
        results (its rows only)."""

    def story_changes(self, story_id: str | None = None,
                      run_id: int | None = None) -> list[StoryChange]:
        """The log of story changes, oldest first (of one story, of one run, or all)."""

    def discrepancies(self) -> tuple[Discrepancy, ...]:
        """Every stored discrepancy."""

    # rejects and runs
    def add_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Log rejections (a repeated one is logged once)."""

    def rejects(self) -> list[Rejection]:
        """The rejects log, oldest first."""

    def start_run(self, command: str, exclusive: bool = False) -> int:
        """Record the start of a run; its id (``exclusive``: StoreError while another run of
        the command is running)."""

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended."""

    def build_lock(self, on_wait: Callable[[], None] | None = None
                   ) -> AbstractContextManager[None]:
        """Held while a build places articles and stores stories: one build at a time, across
        processes (and hosts, for a server store); ``on_wait`` is called once if it waits."""

    # integrity
    def check(self) -> list[str]:
        """What is inconsistent in the store, one line per kind of problem (none: whole)."""
