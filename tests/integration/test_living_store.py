"""A store that grows: story ids shown once resolve for good, a rerun with nothing new changes
nothing and is quick, and watch prints what changed."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import Pipeline
from storyline.cli import app
from storyline.demo import corpus_dir


def _copy(files: list[Path], target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy(path, target / path.name)
    return target


def test_story_ids_shown_once_resolve_as_the_store_grows(tmp_path: Path) -> None:
    files = sorted(p for p in corpus_dir().iterdir() if p.is_file())
    pipe = Pipeline(tmp_path / "grow.db")
    shown: set[str] = set()
    for step, start in enumerate(range(0, len(files), 7)):
        pipe.run([_copy(files[start:start + 7], tmp_path / f"in{step}")])
        shown |= {s.id for s in pipe.store.stories()}
    now = {s.id for s in pipe.store.stories()}
    for sid in shown:
        assert pipe.resolve(sid) in now  # itself, or the story it was merged into
    merged = [c for c in pipe.changes() if c.kind == "merged"]
    assert all(pipe.resolve(c.other_id or "") == pipe.resolve(c.story_id) for c in merged)
    kinds = {c.kind for c in pipe.changes()}
    assert "new" in kinds and "grew" in kinds
    assert pipe.store.dirty_stories() == []
    pipe.close()


def test_a_rerun_with_nothing_new_changes_nothing_and_is_quick(tmp_path: Path) -> None:
    pipe = Pipeline(tmp_path / "demo.db")
    pipe.run([corpus_dir()])
    before = pipe.corpus()
    started = time.perf_counter()
    report = pipe.build()
    took = time.perf_counter() - started
    assert report.annotated == 0 and pipe.corpus() == before
    assert took < 1.0, f"a build with nothing new took {took:.2f} s"
    pipe.close()


def test_show_and_export_follow_a_merge(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    pipe = Pipeline(db)
    pipe.run([corpus_dir()])
    first, second = (s.id for s in pipe.store.stories()[:2])
    from storyline.model import Corpus, StoryChange

    pipe.store.save_increment(Corpus(articles=(), story_changes=(
        StoryChange("merged", first, "merged by hand for the test", other_id=second),)), {})
    pipe.close()
    runner = CliRunner()
    shown = runner.invoke(app, ["show", second, "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert f"merged into {first}" in shown.output
    listed = runner.invoke(app, ["stories", "--changes", "--db", str(db)], terminal_width=300)
    assert listed.exit_code == 0 and "merged" in listed.output and "hand" in listed.output


def test_watch_once_reads_new_files_and_prints_the_changes(tmp_path: Path) -> None:
    files = sorted(p for p in corpus_dir().iterdir() if p.is_file())
    folder = _copy(files[:6], tmp_path / "feed")
    db = tmp_path / "w.db"
    runner = CliRunner()
    first = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db)],
                          terminal_width=300)
    assert first.exit_code == 0, first.output
    assert "new story" in first.output
    again = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db)],
                          terminal_width=300)
    assert again.exit_code == 0 and again.output.strip() == ""  # nothing new, nothing said
    _copy(files[6:12], folder)
    third = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db)],
                          terminal_width=300)
    assert third.exit_code == 0 and ("new story" in third.output or "grew" in third.output)


def test_watch_once_says_what_it_cannot_watch_and_what_it_rejected(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "w.db"
    nothing = runner.invoke(app, ["watch", str(tmp_path / "nope"), "--once", "--db", str(db)])
    assert nothing.exit_code == 1 and "nothing to watch" in nothing.output
    assert not db.exists()
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    some = runner.invoke(app, ["watch", str(folder), str(tmp_path / "later"), "--once",
                               "--db", str(db)], terminal_width=300)
    assert "later: no such file or directory (yet)" in some.output
    assert "empty.txt: empty file" in some.output
    assert some.exit_code == 3  # rejected inputs, as build says it


def _report(folder: Path, name: str, event: str, k: int) -> None:
    """An invented report ``k`` of ``event``: a few words every event shares, many of its own."""
    own = [f"{event}{w}" for w in ("harbour", "ferry", "tide", "pier", "crane", "dock",
                                   "anchor", "cargo", "quay", "beacon")]
    title = f"{own[k].title()} and {own[k + 1]} news"
    body = " ".join(["Officials said the council met."] + [
        f"The {own[(k + j) % 10]} and the {own[(k + j + 3) % 10]} were discussed again."
        for j in range(8)])
    (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def test_a_misplaced_article_is_split_off_recorded_and_its_stories_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_db: str
) -> None:
    """A placement that put two events in one story (forced here, as an early index may) is
    corrected by a later build's regrouping: the story keeps its id on its larger part, the
    other part becomes a story of a new id, the split is logged with its reason, both stories'
    results are rebuilt and every article is in exactly one story."""
    from dataclasses import replace

    from storyline.stories.online import OnlineParams, StoryIndex

    eager = OnlineParams(threshold=0.0, cohesion_ratio=0.0, merge_threshold=0.0,
                         merge_ratio=0.0)
    load = StoryIndex.from_bytes.__func__  # type: ignore[attr-defined]
    params = {"now": replace(eager, recluster=False)}
    monkeypatch.setattr(StoryIndex, "from_bytes", classmethod(
        lambda cls, data, _=None: load(cls, data, params["now"])))
    feed = tmp_path / "feed"
    feed.mkdir()
    _report(feed, "a1", "north", 0)
    _report(feed, "a2", "north", 1)
    pipe = Pipeline(store_db)
    pipe.run([feed])
    _report(feed, "b1", "south", 0)
    pipe.run([feed])
    (story,) = pipe.store.stories()  # placed together
    assert len(story.article_ids) == 3
    pipe.close()
    params["now"] = eager
    _report(feed, "a3", "north", 2)
    runner = CliRunner()
    watched = runner.invoke(app, ["watch", str(feed), "--once", "--db", store_db],
                            terminal_width=300)
    assert watched.exit_code == 0, watched.output
    assert f"1 article(s) of story {story.id} split off as story" in watched.output
    pipe = Pipeline(store_db)
    stories = {len(s.article_ids): s for s in pipe.store.stories()}
    assert sorted(stories) == [1, 3] and stories[3].id == story.id
    splits = [c for c in pipe.changes() if c.kind == "split"]
    assert [(c.story_id, c.other_id, c.articles) for c in splits] == [
        (story.id, stories[1].id, 1)]
    assert "regrouped" in splits[0].reason
    assert pipe.store.dirty_stories() == [] and pipe.store.check() == []
    assert pipe.resolve(stories[1].id) == stories[1].id
    listed = runner.invoke(app, ["stories", "--changes", "--db", store_db], terminal_width=300)
    assert listed.exit_code == 0 and "split" in listed.output
    pipe.close()


def test_a_pile_of_several_years_built_at_once_keeps_each_event_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_db: str
) -> None:
    """A build places its new articles in batches; in the order of their ids, the first
    batch would hold every year, move the online index's clock to its newest date and retire
    the older stories before their other reports arrive. In publication order each event
    stays whole, as the batch clustering keeps it."""
    import json

    import storyline.pipeline.build as build
    import storyline.stories.online as online

    # batches of 3, and a clock read from the newest date of a batch (as a batch much larger
    # than the clock's sample reads it)
    monkeypatch.setattr(build, "NEW_BATCH", 3)
    monkeypatch.setattr(online, "CLOCK_SAMPLE", 1)
    feed = tmp_path / "pile"
    feed.mkdir()
    days = {"north": "2012-05-0", "south": "2016-03-1", "east": "2018-04-1", "west": "2020-07-0"}
    for event, month in days.items():
        for k in range(3):
            _report(feed, f"{event}{k}", event, k)
            path = feed / f"{event}{k}.txt"
            title, body = path.read_text(encoding="utf-8").split("\n\n", 1)
            path.unlink()
            (feed / f"{event}{k}.json").write_text(json.dumps(
                {"title": title, "text": body, "date": f"{month}{k + 1}"}), encoding="utf-8")
    pipe = Pipeline(store_db)
    pipe.run([feed])
    stories = sorted(sorted(Path(a.source_path).stem for a in pipe.store.articles_by_id(
        s.article_ids)) for s in pipe.store.stories())
    assert stories == [[f"{e}{k}" for k in range(3)] for e in sorted(days)]
    pipe.close()
