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

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from storyline.errors import StageError
from storyline.language.nlp import using_model
from storyline.model import Corpus
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
) -> None:
    """Place the new articles, then rebuild the stories that changed (``model``: the spaCy
    pipeline the stages parse sentences with; ``run_id``: the run the changes are logged
    under; ``new_ids``: the articles to place, by default every one in no story yet;
    ``page_min_articles``: the size from which a rebuilt story's web page is rendered and
    stored with its results, 0 never)."""
    new_stages = [s for s in stages if s.scope == "new"]
    story_stages = [s for s in stages if s.scope == "story"]
    version = chain_version(story_stages).encode()
    if store.load_state(CHAIN_KEY) not in (None, version):
        store.mark_all_dirty()
    with using_model(model):
        if new_ids is None:
            new_ids = store.unassigned_article_ids()
        for done, batch in enumerate(_chunks(new_ids, NEW_BATCH)):
            progress("build: place new articles", done * NEW_BATCH, len(new_ids))
            _place(store, new_stages, batch, report, run_id)
        waiting = store.dirty_stories()
        for done, batch in enumerate(_chunks(waiting, STORY_BATCH)):
            progress("build: stories", done * STORY_BATCH, len(waiting))
            _rebuild(store, story_stages, batch, report, page_min_articles)
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
           run_id: int | None) -> None:
    """Step 1 for one batch of new articles."""
    corpus = Corpus(articles=tuple(store.articles_by_id(ids)),
                    annotations=store.annotations_of(LANGUAGE_STAGE, ids))
    corpus, states, signatures = _run(stages, corpus, store, report)
    members = {a: s.id for s in corpus.stories for a in s.article_ids}
    store.save_increment(corpus, members, states, run_id, signatures)


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


def _rebuild(store: Store, stages: Sequence[GroupStage], story_ids: Sequence[str],
             report: RunReport, page_min_articles: int = PAGE_MIN_ARTICLES) -> None:
    """Step 2 for one batch of waiting stories."""
    stories = tuple(store.stories_by_id(story_ids))
    ids = [a for s in stories for a in s.article_ids]
    reuse, origins = store.cross_results_of(ids)
    corpus = Corpus(articles=tuple(store.articles_by_id(ids)),
                    annotations=store.annotations_of(LANGUAGE_STAGE, ids),
                    stories=stories, reuse=reuse, origins=origins)
    corpus, _, _ = _run(stages, corpus, store, report)
    views = story_views(corpus, story_ids, page_min_articles)
    store.save_story_results(list(story_ids), corpus, views)
