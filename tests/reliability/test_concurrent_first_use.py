"""Processes that open a new database at once never lose an ingest.

The schema version used to be read outside the write lock, so that two first uses both ran
migration 1 and one failed ("table articles already exists") with its articles unstored.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from storyline import Pipeline


def _ingest(db: str, path: str) -> int:
    pipe = Pipeline(db)
    try:
        return pipe.ingest([path]).added
    finally:
        pipe.close()


def test_concurrent_ingests_on_a_new_database_all_land(tmp_path: Path) -> None:
    inputs = []
    for k in range(6):
        path = tmp_path / f"story{k}.txt"
        path.write_text(f"Harbour report {k}\n\nThe harbour of Harlow handled {k + 10} ships on "
                        f"day {k} of the month, the port authority said.\n", encoding="utf-8")
        inputs.append(str(path))
    for trial in range(5):  # the race showed in about one trial in six
        db = str(tmp_path / f"new{trial}.db")
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(4) as pool:
            added = pool.starmap(_ingest, [(db, p) for p in inputs])
        assert added == [1] * len(inputs)
        pipe = Pipeline(db)
        assert len(pipe.corpus().articles) == len(inputs)
        pipe.close()
