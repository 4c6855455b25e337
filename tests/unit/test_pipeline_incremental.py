"""Provenance is incremental: a second build compares only the new articles, same result."""

from __future__ import annotations

import shutil
from pathlib import Path

from storyline import Pipeline
from storyline.demo import corpus_dir
from storyline.provenance.incremental import unpack_state


def _copy(names: list[Path], target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in names:
        shutil.copy(path, target / path.name)
    return target


def test_two_builds_give_the_links_of_one(tmp_path: Path) -> None:
    files = sorted(corpus_dir().glob("*.txt"))[:14]
    first, second = files[::2], files[1::2]

    pipe = Pipeline(tmp_path / "steps.db")
    pipe.run([_copy(first, tmp_path / "a")])
    stored = unpack_state(pipe.store.load_state("provenance@2"))
    assert stored is not None and len(stored[0]) == len(first)
    assert stored[1] == pipe.corpus().reuse  # the links carried are the links stored
    pipe.run([_copy(second, tmp_path / "b")])
    steps = pipe.corpus()
    carried = unpack_state(pipe.store.load_state("provenance@2"))
    assert carried is not None and len(carried[0]) == len(files)
    pipe.close()

    whole = Pipeline(tmp_path / "whole.db")
    whole.run([_copy(files, tmp_path / "all")])
    once = whole.corpus()
    whole.close()

    assert steps.reuse, "the chosen demo articles share reporting"
    assert sorted((lk.a, lk.b) for lk in steps.reuse) == sorted((lk.a, lk.b) for lk in once.reuse)
    assert sorted(steps.origins, key=lambda g: g.id) == sorted(once.origins, key=lambda g: g.id)
