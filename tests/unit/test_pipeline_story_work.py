"""Story stages run by an executor (as on a Dask cluster): the same stored results as in the
build's own process, every waiting story in exactly one task, crashed tasks rejected and left
waiting, and no store behind a story stage away from it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline
from storyline.demo import corpus_dir
from storyline.errors import StageError
from storyline.executors import LocalExecutor
from storyline.model import Corpus
from storyline.pipeline import build
from storyline.pipeline.build import StoryWork, _story_crashed, _story_tasks
from storyline.pipeline.group_stages import default_group_stages
from storyline.pipeline.stage import StageContext, StageResult
from storyline.store import open_store


def _inputs(tmp_path: Path, n: int = 8) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(corpus_dir().iterdir())[:n]:
        shutil.copy(path, folder / path.name)
    return folder


def test_story_stages_on_an_executor_store_what_the_build_stores_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, comparable: Any
) -> None:
    inputs = _inputs(tmp_path)
    with Pipeline(tmp_path / "here.db") as pipe:
        pipe.run([inputs])
        here = comparable(pipe.export("json"))
    monkeypatch.setattr(build, "STORY_TASK_ARTICLES", 2)  # several tasks
    monkeypatch.setattr(Pipeline, "_story_executor", lambda self: LocalExecutor(1))
    with Pipeline(tmp_path / "there.db") as pipe:
        pipe.run([inputs])
        there = comparable(pipe.export("json"))
        assert pipe.store.dirty_stories() == [] and pipe.store.check() == []
    assert here["stories"] and here["quotes"]
    assert there == here


def test_every_waiting_story_goes_in_one_task(demo_db: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        waiting = [s.id for s in store.stories()] + ["s-gone"]
        monkeypatch.setattr(build, "STORY_TASK_ARTICLES", 3)
        tasks = list(_story_tasks(store, waiting))
    finally:
        store.close()
    ids = [sid for task_ids, _ in tasks for sid in task_ids]
    assert sorted(ids) == sorted(waiting) and len(tasks) > 1
    for task_ids, corpus in tasks:
        assert {s.id for s in corpus.stories} <= set(task_ids)
        assert {a.id for a in corpus.articles} == {a for s in corpus.stories
                                                   for a in s.article_ids}


def test_a_crashed_task_is_rejected_story_by_story() -> None:
    [(ids, corpus, rejected)] = _story_crashed((("s-1", "s-2"), Corpus(articles=())), "killed")
    assert ids == ("s-1", "s-2") and corpus is None
    assert [(r.stage, r.item) for r in rejected] == [("stories", "s-1"), ("stories", "s-2")]
    assert all("killed" in r.reason for r in rejected)


class _ReadsTheStore:
    name = "reads_store"
    version = "1"
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    extra = None
    scope = "story"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        context.store.stories()
        return StageResult(corpus)


def test_a_story_stage_away_from_the_store_cannot_read_it() -> None:
    work = StoryWork((_ReadsTheStore(),))  # type: ignore[arg-type]
    with pytest.raises(StageError, match="read the store"):
        work([(("s-1",), Corpus(articles=()))])
    assert all(s.scope == "story" for s in StoryWork(tuple(
        s for s in default_group_stages() if s.scope == "story")).stages)


def test_the_story_work_travels() -> None:
    import pickle

    work = StoryWork(tuple(s for s in default_group_stages() if s.scope == "story"), "x")
    assert pickle.loads(pickle.dumps(work)) == work
