"""The stage contract and the plan check.

A stage declares what it ``requires`` and ``provides``, a ``version`` (stored with its
results, so a changed stage reruns) and the optional ``extra`` it needs.

- A per-article stage (:class:`DocStage`) receives the article, the annotations the earlier
  stages made and, when it declares ``parses``, the article's spaCy parse; it returns the
  annotations extended with its own fields. Its ``requires`` and ``provides`` are field names
  of :class:`~storyline.model.ArticleAnnotations` (``"text"`` is the article itself).
- A cross-document stage (:class:`GroupStage`) receives a corpus and a :class:`StageContext`:
  what it stored at the last build (``state``: bytes only it reads, or ``None``) and a read-only
  view of the store (:class:`StoreView`); it returns a :class:`StageResult`: the corpus
  extended with its fields, per-item rejections and the state to store for the next build. Its
  ``requires`` and ``provides`` are field names of :class:`~storyline.model.Corpus`; an
  annotation layer is named ``annotations.<field>``. Its ``scope`` says which corpus it gets:
  ``"new"`` — the articles no build has placed in a story yet (it updates the indexes that
  span stories: sources, reuse and origins, story membership), or ``"story"`` — the stories
  whose membership changed, each with all its articles (it rebuilds that story's results).

:func:`check_plan` refuses, before any work starts, a plan naming a field that does not exist
or requiring one that no earlier stage provides; :func:`check_writes` refuses a stage's result
that changed a field the stage does not declare.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from storyline.errors import PlanError, StageError, require
from storyline.model import (
    Article,
    ArticleAnnotations,
    Corpus,
    OriginGroup,
    Rejection,
    ReuseLink,
)
from storyline.model.signatures import SignatureHits, SignatureRows

if TYPE_CHECKING:
    from spacy.tokens import Doc

# What a per-article chain starts from, and what the cross-document chain starts from (the
# per-article layers are added as "annotations.<field>").
DOC_BASE = frozenset({"text"})
CORPUS_BASE = frozenset({"articles"})
# The module each extra of pyproject.toml installs, which a stage needing the extra imports.
EXTRA_MODULES = {"web": "fastapi", "dask": "distributed", "semantic": "sentence_transformers",
                 "bench": "sklearn", "dev": "pytest"}
_ANNOTATION_FIELDS = frozenset(f.name for f in dataclasses.fields(ArticleAnnotations)) - {
    "article_id", "notes"}
_CORPUS_FIELDS = frozenset(f.name for f in dataclasses.fields(Corpus)) - {"annotations"}


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

    parses: bool  # whether process() needs the article's spaCy parse

    def setup(self) -> None:
        """Load what the stage needs once per worker process (the parser is loaded for it)."""

    def process(
        self, article: Article, annotations: ArticleAnnotations, doc: Doc | None
    ) -> ArticleAnnotations:
        """The annotations extended with this stage's fields (``doc``: the parse, when the stage
        ``parses``, else ``None``)."""


@dataclass(frozen=True)
class StageResult:
    """What a cross-document stage returns."""

    corpus: Corpus
    rejected: list[Rejection] = field(default_factory=list)
    state: bytes | None = None  # stored for the stage's next build (None: nothing to store)
    signatures: SignatureRows | None = None  # rows the stage adds to the signature index


class StoreView(Protocol):
    """What a cross-document stage may read from the store besides its corpus."""

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """Stored articles by id."""

    def story_members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Each story's member article ids."""

    def cross_results_of(
        self, article_ids: Iterable[str]
    ) -> tuple[tuple[ReuseLink, ...], tuple[OriginGroup, ...]]:
        """The stored reuse links and origin groups these articles are in."""

    def signature_docs(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``(body_chars, shingle_count)`` of the indexed articles among ``ids``."""

    def signature_hits(self, bands: Sequence[int], shingles: Sequence[int],
                       digests: Sequence[str]) -> SignatureHits:
        """The signature index's rows for these keys."""


@dataclass(frozen=True)
class StageContext:
    """What a cross-document stage gets besides its corpus."""

    state: bytes | None  # what the stage returned at the last build
    store: StoreView


@runtime_checkable
class GroupStage(Stage, Protocol):
    """A cross-document stage: sees the new articles or the changed stories, returns the
    corpus extended."""

    scope: str  # "new" or "story"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        """The extended corpus, per-item rejections, and the state to carry to the next
        build."""


SCOPES = ("new", "story")


def parsed(stage: Stage, doc: Doc | None) -> Doc:
    """The parse a stage that ``parses`` was given, or StageError if it was given none."""
    if doc is None:
        raise StageError(f"stage '{stage.name}' needs the article's parse and was given none")
    return doc


def state_key(stage: Stage) -> str:
    """The key a stage's carried state is stored under (a new version starts afresh)."""
    return f"{stage.name}@{stage.version}"


def _fields(stage: Stage, names: Iterable[str], known: frozenset[str], what: str) -> None:
    unknown = sorted(set(names) - known)
    if unknown:
        raise PlanError(f"stage '{stage.name}' names {unknown}, which are not {what} "
                        f"(known: {sorted(known)})")


def check_plan(doc_stages: Sequence[DocStage], group_stages: Sequence[GroupStage] = ()) -> None:
    """Raise PlanError if a stage names a field that does not exist, or requires one that no
    earlier stage provides; raise MissingExtra if a stage's extra is not installed."""
    layers = _ANNOTATION_FIELDS | DOC_BASE
    have = set(DOC_BASE)
    for stage in doc_stages:
        _fields(stage, stage.requires | stage.provides, layers, "article annotation fields")
        _available(stage, have)
        have |= stage.provides
    fields = _CORPUS_FIELDS | {f"annotations.{name}" for name in _ANNOTATION_FIELDS}
    have = set(CORPUS_BASE) | {f"annotations.{name}" for name in have - DOC_BASE}
    seen_story = False
    for stage in group_stages:
        if stage.scope not in SCOPES:
            raise PlanError(f"stage '{stage.name}' has scope {stage.scope!r}; want one of "
                            f"{list(SCOPES)}")
        if stage.scope == "new" and seen_story:
            raise PlanError(f"stage '{stage.name}' works on new articles but comes after a "
                            "stage that works on stories; put the 'new' stages first")
        seen_story = seen_story or stage.scope == "story"
        _fields(stage, stage.requires | stage.provides, frozenset(fields), "corpus fields")
        _available(stage, have)
        have |= stage.provides
    if seen_story and "stories" not in have:
        raise PlanError("stages work on stories but no stage provides 'stories'")


def _available(stage: Stage, have: set[str]) -> None:
    missing = stage.requires - have
    if missing:
        raise PlanError(
            f"stage '{stage.name}' requires {sorted(missing)}, which no earlier stage "
            f"provides (available: {sorted(have)}); reorder the stages or add one that "
            "provides it"
        )
    if stage.extra:
        require(EXTRA_MODULES.get(stage.extra, stage.extra), stage.extra)


def check_writes(stage: Stage, before: object, after: object) -> None:
    """Raise StageError if ``after`` (a stage's annotations or corpus) differs from ``before``
    in a field the stage does not provide (fields are compared by identity: a stage extends
    what it was given with :func:`dataclasses.replace`)."""
    free = {"notes"} if isinstance(after, ArticleAnnotations) else set()
    for f in dataclasses.fields(after):  # type: ignore[arg-type]
        if f.name in stage.provides or f.name in free:
            continue
        if getattr(before, f.name) is not getattr(after, f.name):
            raise StageError(f"stage '{stage.name}' changed '{f.name}', which it does not "
                             f"declare in provides {sorted(stage.provides)}")


def chain_version(stages: Sequence[Stage]) -> str:
    """One version string for a chain of stages (the completion marker's key)."""
    return "+".join(f"{s.name}@{s.version}" for s in stages)
