"""A worker process that dies on one article costs that article, not the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.executors.local import LocalExecutor


def test_build_goes_on_when_one_article_kills_its_worker(
    tmp_path: Path, poisoned  # type: ignore[no-untyped-def]
) -> None:
    pipe, good, bad = poisoned(Settings(db=str(tmp_path / "s.db"), workers=2, batch_size=2))

    report = pipe.build()

    assert report.annotated == len(good)
    assert set(pipe.store.annotations("language")) == {a.id for a in good}
    assert len(report.rejected) == 1
    rejection = report.rejected[0]
    assert rejection.stage == "language"
    assert rejection.item == f"in/bad.txt ({bad.id})"
    assert rejection.reason == "worker process died: exit code 7"
    assert pipe.store.rejects() == [rejection]


def test_executor_isolates_the_item_that_kills_its_worker(crash_module) -> None:  # type: ignore[no-untyped-def]
    out = LocalExecutor(2).map_batches(
        crash_module.negate_or_die, range(30), batch_size=4,
        on_crash=lambda item, reason: [f"{item}: {reason}"])
    assert [x for batch in out for x in batch] == [
        *range(0, -13, -1), "13: exit code 3", *range(-14, -30, -1)]


def test_executor_without_on_crash_still_raises(crash_module) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        list(LocalExecutor(2).map_batches(crash_module.negate_or_die, range(20), batch_size=4))
