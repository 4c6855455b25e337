"""The stage protocols and the plan check.

A stage declares what it ``requires`` and ``provides`` (names of annotation layers or corpus
fields), a ``version`` (stored with its results, so a changed stage reruns), and the optional
``extra`` it needs. Per-article stages are pure functions over one article's annotations; group
stages see the whole corpus. :func:`check_plan` refuses a plan whose inputs are missing before
any work starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from storyline.errors import PlanError, require
from storyline.model import Article, ArticleAnnotations, Corpus, Rejection

# What exists before any stage runs.
BASE_LAYERS = frozenset({"articles"})
# The module each extra of pyproject.toml installs, which a stage needing the extra imports.
EXTRA_MODULES = {"web": "fastapi", "dask": "distributed", "semantic": "sentence_transformers",
                 "bench": "sklearn", "dev": "pytest"}


@runtime_checkable
class Stage(Protocol):
    """What every stage declares."""

    name: str
    version: str
    requires: frozenset[str]
    provides: frozenset[str]
    extra: str | None


@runtime_checkable
class DocStage(Stage, Protocol):
    """A per-article stage: runs in worker processes, safe to retry."""

    def setup(self) -> None:
        """Load models once per worker process."""

    def process(self, article: Article, annotations: ArticleAnnotations) -> ArticleAnnotations:
        """Return the article's annotations extended with this stage's layer."""


@runtime_checkable
class GroupStage(Stage, Protocol):
    """A cross-document stage: sees the whole corpus, returns it extended."""

    def run(self, corpus: Corpus) -> tuple[Corpus, list[Rejection]]:
        """Return the extended corpus and any per-item rejections."""


def check_plan(stages: Sequence[Stage], available: Iterable[str] = BASE_LAYERS) -> None:
    """Raise PlanError if a stage requires something no earlier stage provides."""
    have = set(available)
    for stage in stages:
        missing = stage.requires - have
        if missing:
            raise PlanError(
                f"stage '{stage.name}' requires {sorted(missing)}, which no earlier stage "
                f"provides (available: {sorted(have)}); reorder the stages or add one that "
                "provides it"
            )
        if stage.extra:
            require(EXTRA_MODULES.get(stage.extra, stage.extra), stage.extra)
        have |= stage.provides


def chain_version(stages: Sequence[Stage]) -> str:
    """One version string for a chain of stages (the completion marker's key)."""
    return "+".join(f"{s.name}@{s.version}" for s in stages)
