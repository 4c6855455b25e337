"""A store that grows: story ids shown once resolve for good, a rerun with nothing new changes
nothing and is quick, and watch prints what changed."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

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
