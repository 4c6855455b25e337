"""The store protocol: what the pipeline, the CLI and the web app ask of a store.

:class:`~storyline.store.sqlite.SqliteStore` implements it; a second backend implements the
same methods and is chosen by :func:`storyline.store.open_store`, without a change to the
stages or the runner. Every write method is one transaction: all of it is stored or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from storyline.model import Article, ArticleAnnotations, Corpus, Rejection, Story


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

    def search(self, query: str, limit: int = 20) -> list[dict[str, str]]:
        """Full-text search: ``article_id``, ``title`` and ``snippet`` of the best matches."""

    # per-article annotations
    def done_article_ids(self, stage: str, version: str) -> set[str]:
        """Articles whose annotations for this chain version are stored."""

    def save_annotations(
        self, stage: str, version: str, annotations: Iterable[ArticleAnnotations]
    ) -> None:
        """Store one batch of per-article annotations."""

    def annotations(self, stage: str) -> dict[str, ArticleAnnotations]:
        """The stored annotations of a chain, by article id."""

    # cross-document results and the state stages carry between builds
    def save_results(self, corpus: Corpus, state: Mapping[str, bytes] | None = None) -> None:
        """Replace every cross-document result with the corpus's, with the stages' state."""

    def load_state(self, name: str) -> bytes | None:
        """The state stored under ``name`` with the last results, or None."""

    def load_corpus(self, stage: str = "language") -> Corpus:
        """The stored articles, annotations and results as one corpus."""

    def stories(self) -> tuple[Story, ...]:
        """The stored stories."""

    # rejects and runs
    def add_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Log rejections (a repeated one is logged once)."""

    def rejects(self) -> list[Rejection]:
        """The rejects log, oldest first."""

    def start_run(self, command: str) -> int:
        """Record the start of a run; its id."""

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended."""
