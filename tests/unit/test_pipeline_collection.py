"""A build runs with fewer garbage collections and restores the thresholds it found."""

from __future__ import annotations

import gc
from pathlib import Path

from storyline.config import Settings
from storyline.pipeline import Pipeline
from storyline.pipeline.collection import BUILD_THRESHOLDS, fewer_collections


def test_fewer_collections_restores_the_thresholds_even_on_error() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections():
            assert gc.get_threshold() == BUILD_THRESHOLDS
            raise RuntimeError("stage failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before


def test_a_build_runs_with_the_build_thresholds(tmp_path: Path, monkeypatch) -> None:
    import storyline.pipeline.runner as runner

    seen = []
    real = runner.annotate_missing

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "annotate_missing", spy)
    before = gc.get_threshold()
    db = tmp_path / "s.db"
    page = tmp_path / "a.txt"
    page.write_text("Harbour talks resume\n\nThe port and the union met on Monday.\n",
                    encoding="utf-8")
    pipeline = Pipeline(db, settings=Settings(db=db, workers=1))
    pipeline.run([page])
    pipeline.close()
    assert seen == [BUILD_THRESHOLDS]
    assert gc.get_threshold() == before
