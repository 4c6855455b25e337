"""``Pipeline``: the library's face over ingest, annotate and build.

Ingest reads and cleans inputs and stores them (:mod:`storyline.pipeline.ingest`); build
annotates the articles that lack this chain's annotations (:mod:`storyline.pipeline.annotate`)
and then runs the cross-document stages and replaces all results in one transaction
(:mod:`storyline.pipeline.build`). The settings, the spaCy model included, are handed to each
step and to every worker explicitly; two pipelines in one process do not share them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from storyline.config import Settings, load_settings
from storyline.executors import Executor, make_executor
from storyline.io.fetch import FetchOptions
from storyline.model import Corpus, Rejection, StoryChange
from storyline.pipeline.annotate import LANGUAGE_STAGE, annotate_missing
from storyline.pipeline.build import build_results
from storyline.pipeline.collection import fewer_collections
from storyline.pipeline.doc_stages import default_doc_stages
from storyline.pipeline.group_stages import default_group_stages
from storyline.pipeline.ingest import ingest
from storyline.pipeline.run_report import Progress, RunReport, recorded
from storyline.pipeline.stage import DocStage, GroupStage, check_plan
from storyline.store import Store, open_store

WAITING = "waiting for another build on this store…"


class Pipeline:
    """Ingest articles and build story dossiers into a store."""

    def __init__(
        self,
        db: str | Path | Store | None = None,
        *,
        settings: Settings | None = None,
        progress: Progress | None = None,
        doc_stages: Sequence[DocStage] | None = None,
        group_stages: Sequence[GroupStage] | None = None,
        readonly: bool = False,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        """``db``: a store, or the path or URL of one (default: the settings' ``db``);
        ``readonly``: open an existing store only to read it (no ingest or build);
        ``notify``: told what the run waits for (another build on the same store)."""
        self.settings = settings or load_settings()
        if isinstance(db, Store):
            self.store: Store = db
        else:
            self.store = open_store(db if db is not None else self.settings.db, readonly=readonly)
        self.progress: Progress = progress or (lambda task, done, total: None)
        self.notify: Callable[[str], None] = notify or (lambda message: None)
        self.doc_stages = list(doc_stages) if doc_stages is not None else default_doc_stages()
        self.group_stages = (
            list(group_stages) if group_stages is not None
            else default_group_stages(self.settings.slots())
        )
        check_plan(self.doc_stages, self.group_stages)

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        urls: Iterable[str | Rejection] = (),
        fetch: FetchOptions | None = None,
    ) -> RunReport:
        """Read, clean and store the inputs; bad inputs are rejected and the run goes on.

        ``urls`` are fetched after the paths (a rejection among them is logged as it is), with
        ``fetch`` options (concurrency, time limits, redirects).
        """
        with recorded(self.store, "ingest") as report:
            ingest(self.store, self.settings, paths, urls, fetch, report, self.progress)
        return report

    def build(self) -> RunReport:
        """Annotate what is not yet annotated, then place the new articles and rebuild the
        stories they changed. One build at a time per store: a second one waits for the
        store's build lock (and says so through ``notify``). The articles placed are those
        that were waiting when the build began: one ingested meanwhile by another process is
        annotated before it is placed, by the next build."""
        with recorded(self.store, "build") as report, \
                self.store.build_lock(lambda: self.notify(WAITING)), fewer_collections():
            new_ids = self.store.unassigned_article_ids()
            annotate_missing(self.store, self.settings, self.doc_stages, report,
                             self.progress)
            build_results(self.store, self.group_stages, report, self.progress,
                          self.settings.spacy_model, report.run_id, new_ids,
                          self.settings.page_min_articles, self._story_executor())
        return report

    def _story_executor(self) -> Executor | None:
        """Where the story stages run: on the Dask cluster the settings name, else here."""
        if not self.settings.scheduler:
            return None
        return make_executor(self.settings.scheduler, self.settings.workers)

    def run(
        self,
        paths: Iterable[str | Path],
        *,
        urls: Iterable[str | Rejection] = (),
        fetch: FetchOptions | None = None,
    ) -> RunReport:
        """Ingest the inputs (and ``urls``) and build: the whole job."""
        first = self.ingest(paths, urls=urls, fetch=fetch)
        second = self.build()
        second.read, second.added, second.duplicates = first.read, first.added, first.duplicates
        second.rejected = first.rejected + second.rejected
        second.notes = first.notes + second.notes
        return second

    def corpus(self) -> Corpus:
        """Everything stored, as one Corpus (reads the whole store)."""
        return self.store.load_corpus(LANGUAGE_STAGE)

    def resolve(self, story_id: str) -> str:
        """The id a story shows under now: itself, or the story it was merged into
        (NotFound if the id was never a story's)."""
        return self.store.resolve_story(story_id)

    def story_corpus(self, story_ids: Sequence[str]) -> Corpus:
        """The given stories (ids resolved through redirects) with their articles and results,
        read story by story."""
        return union_corpus(self.store.load_story(sid, LANGUAGE_STAGE)
                            for sid in dict.fromkeys(map(self.resolve, story_ids)))

    def changes(self, story_id: str | None = None) -> list[StoryChange]:
        """The log of story changes (of one story, its id resolved; or all), oldest first."""
        return self.store.story_changes(self.resolve(story_id) if story_id else None)

    def dossier(self, story_ids: Sequence[str] | None = None) -> dict[str, Any]:
        """The dossier JSON document (all stories, or the given ones: only their rows are
        read; an id that was merged into another story gives that story)."""
        from storyline.report.dossier import build_dossier

        if story_ids is None:
            return build_dossier(self.corpus())
        ids = list(dict.fromkeys(map(self.resolve, story_ids)))
        return build_dossier(self.story_corpus(ids), ids)

    def export(self, fmt: str, story_ids: Sequence[str] | None = None) -> str:
        """The dossier as ``json``, ``md`` or ``html`` text."""
        from storyline.report.export import render

        return render(self.dossier(story_ids), fmt)

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def union_corpus(parts: Iterable[Corpus]) -> Corpus:
    """Several partial corpora as one: every record once (by id), in first-seen order."""
    import dataclasses

    parts = list(parts)
    if not parts:
        return Corpus(articles=())
    merged: dict[str, Any] = {}
    for f in dataclasses.fields(Corpus):
        if f.name == "annotations":
            merged[f.name] = {k: v for part in parts for k, v in part.annotations.items()}
            continue
        seen: dict[Any, Any] = {}
        for part in parts:
            for rec in getattr(part, f.name):
                seen.setdefault(getattr(rec, "id", rec), rec)
        merged[f.name] = tuple(seen.values())
    return Corpus(**merged)
