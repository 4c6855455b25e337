"""Build: what the new articles change, then the results of the stories that changed.

A build works in two steps, each stored in its own transactions:

1. The ``"new"`` stages (sources, provenance, stories) see the articles no build has placed in
   a story yet, in batches of ``NEW_BATCH``; each batch's sources, reuse links, origin groups,
   story membership, story changes (a merge redirects the absorbed id) and the stages' states
   are stored in one transaction, which also marks every story that changed as waiting.
2. The ``"story"`` stages (entities and quote groups, timeline, claims and discrepancies,
   positions) rebuild the waiting stories, ``STORY_BATCH`` at a time, each with all its articles
   and annotations read from the store; each batch's results replace those stories' results in
   one transaction, which also clears their waiting marks. The web page of each rebuilt story
   of at least ``page_min_articles`` articles, and its articles' evidence marks, are rendered
   and stored with its results (:mod:`storyline.report.page`), so that its pages open without
   reading the whole story.

So a build reads and computes what the new articles touch, not the corpus; a build killed in the
middle leaves every story as it was or rebuilt, and the next build finishes the waiting ones. A
changed chain of story stages (a new version) marks every story as waiting. Each stage's result
is checked against what it declares (:func:`~storyline.pipeline.stage.check_writes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from storyline.errors import StageError
from storyline.executors import Executor
from storyline.language.nlp import using_model
from storyline.model import ArticleAnnotations, Corpus, Rejection, Story
from storyline.model.signatures import SignatureRows
from storyline.pipeline.annotate import LANGUAGE_STAGE
from storyline.pipeline.run_report import Progress, RunReport
from storyline.pipeline.stage import (
    GroupStage,
    StageContext,
    chain_version,
    check_writes,
    state_key,
)
from storyline.report.page import PAGE_MIN_ARTICLES, page_renderer, read_page, story_views
from storyline.store.base import Store

NEW_BATCH = 2_000  # new articles per step-1 transaction
STORY_BATCH = 200  # stories per step-2 transaction
CHAIN_KEY = "story-stages"  # the state key under which the story stages' chain version is kept
PAGES_KEY = "story-pages"  # the renderer and size the stored story pages were made for

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def build_results(
    store: Store,
    stages: Sequence[GroupStage],
    report: RunReport,
    progress: Progress,
    model: str | None = None,
    run_id: int | None = None,
    new_ids: Sequence[str] | None = None,
    page_min_articles: int = PAGE_MIN_ARTICLES,
    executor: Executor | None = None,
) -> None:
    """Place the new articles, then rebuild the stories that changed (``model``: the spaCy
    pipeline the stages parse sentences with; ``run_id``: the run the changes are logged
    under; ``new_ids``: the articles to place, by default every one in no story yet;
    ``page_min_articles``: the size from which a rebuilt story's web page is rendered and
    stored with its results, 0 never; ``executor``: where the story stages run, a Dask
    cluster's for instance; None: in this process)."""
    new_stages = [s for s in stages if s.scope == "new"]
    story_stages = [s for s in stages if s.scope == "story"]
    version = chain_version(story_stages).encode()
    if store.load_state(CHAIN_KEY) not in (None, version):
        store.mark_all_dirty()
    with using_model(model):
        if new_ids is None:
            new_ids = store.unassigned_article_ids()
        keep = len(new_ids) <= NEW_BATCH  # one batch holds them all: the story stages reuse
        placed: Mapping[str, ArticleAnnotations] = {}  # their annotations, read by placing
        for done, batch in enumerate(_chunks(new_ids, NEW_BATCH)):
            progress("build: place new articles", done * NEW_BATCH, len(new_ids))
            annotations = _place(store, new_stages, batch, report, run_id)
            if keep:
                placed = annotations
        waiting = store.dirty_stories()
        work = StoryWork(tuple(story_stages), model)
        if executor is None:
            for done, batch in enumerate(_chunks(waiting, STORY_BATCH)):
                progress("build: stories", done * STORY_BATCH, len(waiting))
                _rebuild(store, work, batch, report, page_min_articles, placed)
        else:
            _rebuild_on(executor, store, work, waiting, report, page_min_articles, progress)
        progress("build: stories", len(waiting), len(waiting))
        pages = f"{page_renderer()} for {page_min_articles}".encode()
        if store.load_state(PAGES_KEY) != pages:
            _refresh_pages(store, page_min_articles, progress)
            store.save_state({PAGES_KEY: pages})
    store.save_state({CHAIN_KEY: version})
    report.stories = store.story_count()


def _run(stages: Iterable[GroupStage], corpus: Corpus, store: Store,
         report: RunReport) -> tuple[Corpus, dict[str, bytes], SignatureRows | None]:
    states: dict[str, bytes] = {}
    signatures: SignatureRows | None = None
    for stage in stages:
        key = state_key(stage)
        result = stage.run(corpus, StageContext(store.load_state(key), store))
        check_writes(stage, corpus, result.corpus)
        corpus = result.corpus
        report.reject(store, result.rejected)
        if result.state is not None:
            states[key] = result.state
        if result.signatures is not None:
            if signatures is not None:
                raise StageError(f"stage '{stage.name}' adds signature rows, and so did an "
                                 "earlier stage: one stage keeps the signature index")
            signatures = result.signatures
    return corpus, states, signatures


def _place(store: Store, stages: Sequence[GroupStage], ids: Sequence[str], report: RunReport,
           run_id: int | None) -> dict[str, ArticleAnnotations]:
    """Step 1 for one batch of new articles; their annotations, as read (the story stages
    read them again unless given them)."""
    annotations = store.annotations_of(LANGUAGE_STAGE, ids)
    corpus = Corpus(articles=tuple(store.articles_by_id(ids)), annotations=annotations)
    corpus, states, signatures = _run(stages, corpus, store, report)
    members = {a: s.id for s in corpus.stories for a in s.article_ids}
    store.save_increment(corpus, members, states, run_id, signatures)
    return annotations


def _refresh_pages(store: Store, min_articles: int, progress: Progress) -> None:
    """Render the pages of the stories of at least ``min_articles`` articles whose stored page
    is missing or was rendered by other code: run when the renderer or the setting changed
    since the last build (the pages of the stories a build rebuilds are rendered with them)."""
    if min_articles < 1:
        return
    big = [s["id"] for s in store.story_summaries() if s["article_count"] >= min_articles]
    stale = [sid for sid in big if read_page(store.view("page", sid)) is None]
    for done, sid in enumerate(stale):
        progress("build: story pages", done, len(stale))
        store.save_views(story_views(store.load_story(sid, None), [sid], min_articles))
    if stale:
        progress("build: story pages", len(stale), len(stale))


STORY_TASK_ARTICLES = 400  # articles one story task carries (a bigger story goes alone)


class _NoStore:
    """What a story stage sees as the store where it runs away from it: story stages read
    only their corpus."""

    def __getattr__(self, name: str) -> Any:
        raise StageError(f"a story stage read the store ({name}) where it runs on a worker: "
                         "story stages must read only their corpus")


@dataclass(frozen=True)
class StoryWork:
    """The story stages as one picklable batch function, run in this process or by an
    executor: each item is ``(story ids, corpus)`` — a few waiting stories with their
    articles, annotations, reuse links and origin groups — and gives ``(story ids, corpus
    with results, rejections)``. The stages see no store wherever they run."""

    stages: tuple[GroupStage, ...]
    model: str | None = None

    def setup(self) -> None:
        """Load the parser the stages use (once per worker); a worker collects garbage as a
        build does (see :mod:`storyline.pipeline.collection`)."""
        from storyline.language.nlp import get_nlp, model_name
        from storyline.pipeline.collection import for_workers

        for_workers()
        with using_model(self.model):
            get_nlp(model_name())

    def __call__(self, items: Sequence[tuple[tuple[str, ...], Corpus]]
                 ) -> list[tuple[tuple[str, ...], Corpus | None, list[Rejection]]]:
        out: list[tuple[tuple[str, ...], Corpus | None, list[Rejection]]] = []
        with using_model(self.model):
            for ids, corpus in items:
                rejected: list[Rejection] = []
                for stage in self.stages:
                    result = stage.run(corpus, StageContext(None, cast(Store, _NoStore())))
                    check_writes(stage, corpus, result.corpus)
                    corpus = result.corpus
                    rejected.extend(result.rejected)
                out.append((ids, corpus, rejected))
        return out


def _story_corpus(store: Store, stories: Sequence[Story],
                  known: Mapping[str, ArticleAnnotations] | None = None) -> Corpus:
    """What the story stages read of these stories (``known``: annotations already read,
    by article id: those of the articles just placed, which are not read again)."""
    ids = [a for s in stories for a in s.article_ids]
    reuse, origins = store.cross_results_of(ids)
    known = known or {}
    read = store.annotations_of(LANGUAGE_STAGE, [a for a in ids if a not in known])
    annotations = {a: known[a] if a in known else read[a] for a in ids
                   if a in known or a in read}
    return Corpus(articles=tuple(store.articles_by_id(ids)), annotations=annotations,
                  stories=tuple(stories), reuse=reuse, origins=origins)


def _story_tasks(store: Store, waiting: Sequence[str]
                 ) -> Iterator[tuple[tuple[str, ...], Corpus]]:
    """The waiting stories as tasks of about ``STORY_TASK_ARTICLES`` articles, read as the
    executor asks for them (a waiting id that is no story now rides with the first task of
    its chunk, so that its waiting mark is cleared with it)."""
    for chunk in _chunks(waiting, STORY_BATCH):
        stories = store.stories_by_id(chunk)
        gone = tuple(sorted(set(chunk) - {s.id for s in stories}))
        part: list[Story] = []
        size = 0
        for story in stories:
            part.append(story)
            size += len(story.article_ids)
            if size >= STORY_TASK_ARTICLES:
                yield (*gone, *(s.id for s in part)), _story_corpus(store, part)
                part, size, gone = [], 0, ()
        if part or gone:
            yield (*gone, *(s.id for s in part)), _story_corpus(store, part)


def _story_crashed(item: tuple[tuple[str, ...], Corpus], reason: str
                   ) -> list[tuple[tuple[str, ...], Corpus | None, list[Rejection]]]:
    """A task whose stories kept killing their worker: rejected, left waiting (the next
    build tries them again)."""
    ids = item[0]
    return [(ids, None, [Rejection("stories", sid, f"worker process died: {reason}")
                         for sid in ids])]


def _rebuild_on(executor: Executor, store: Store, work: StoryWork, waiting: Sequence[str],
                report: RunReport, page_min_articles: int, progress: Progress) -> None:
    """Step 2 with the story stages run by an executor; each task's results are stored in
    a transaction of their own as they come back, in order."""
    done = 0
    for results in executor.map_batches(work, _story_tasks(store, waiting), batch_size=1,
                                        setup=work.setup, on_crash=_story_crashed):
        for ids, corpus, rejected in results:
            _store_rebuilt(store, ids, corpus, rejected, report, page_min_articles)
            done += len(ids)
            progress("build: stories", done, len(waiting))


def _store_rebuilt(store: Store, ids: Sequence[str], corpus: Corpus | None,
                   rejected: Sequence[Rejection], report: RunReport,
                   page_min_articles: int) -> None:
    """Keep what the story stages made of some stories: their results with their rendered
    views, in one transaction (a crashed task's stories, no corpus, stay waiting)."""
    report.reject(store, list(rejected))
    if corpus is not None:
        views = story_views(corpus, ids, page_min_articles)
        store.save_story_results(list(ids), corpus, views)


def _rebuild(store: Store, work: StoryWork, story_ids: Sequence[str], report: RunReport,
             page_min_articles: int = PAGE_MIN_ARTICLES,
             known: Mapping[str, ArticleAnnotations] | None = None) -> None:
    """Step 2 for one batch of waiting stories, in this process (``known``: see
    :func:`_story_corpus`)."""
    corpus = _story_corpus(store, store.stories_by_id(story_ids), known)
    for ids, made, rejected in work([(tuple(story_ids), corpus)]):
        _store_rebuilt(store, ids, made, rejected, report, page_min_articles)
