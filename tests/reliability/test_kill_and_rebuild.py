"""A build killed with SIGKILL at any point, then built again, gives the same dossier as a
build never interrupted; the store passes its integrity check and holds each article once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline
from storyline.demo import corpus_dir


@pytest.mark.slow
def test_kill_at_random_points_then_rebuild_gives_the_same_dossier(
    tmp_path: Path, stored: Any
) -> None:
    reference = tmp_path / "reference.db"
    pipe = Pipeline(reference)
    pipe.run([corpus_dir()])
    pipe.close()
    expected = stored(reference)
    rng = random.Random(7)
    for trial in range(3):
        db = tmp_path / f"killed{trial}.db"
        cmd = [sys.executable, "-m", "storyline.cli", "build", str(corpus_dir()), "--db",
               str(db)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 12.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        conn.close()
        assert len(ids) == len(set(ids)) == len(expected["articles"])
        assert stored(db) == expected, f"trial {trial}"
