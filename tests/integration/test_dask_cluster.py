"""Builds on a real Dask cluster (a scheduler and two worker processes) store what a local
build stores, survive a worker killed mid-build, and reject an article that kills every worker
that annotates it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline
from storyline.config import Settings
from storyline.demo import corpus_dir
from storyline.errors import ConfigError
from storyline.executors.dask import DaskExecutor

pytest.importorskip("distributed", reason="the 'dask' extra is not installed")

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str, batch_size: int = 4) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "STORYLINE_BATCH_SIZE": str(batch_size)}
    return subprocess.Popen([sys.executable, "-m", "storyline.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def local_dossier(tmp_path_factory: pytest.TempPathFactory, stored: Any) -> dict[str, Any]:
    """The demo corpus built by local processes through the command line."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    proc = _cli("build", str(corpus_dir()), "--db", str(db))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    dossier = stored(db)
    assert dossier["stories"] and dossier["quotes"]
    return dossier


def _on_scheduler(client: Any, name: str) -> Any:
    """Ask the scheduler (which cannot import this module: the probes travel by value)."""

    def batches_running(dask_scheduler: Any) -> list[tuple[str, int]]:
        # the workers (address, process id) executing a batch now
        return [(ws.address, ws.pid) for ws in dask_scheduler.workers.values()
                if any(str(ts.key).startswith("_run_batch") for ts in ws.executing)]

    def deaths_mid_batch(dask_scheduler: Any) -> int:
        # how many times a worker died while it held a batch ("run_batch": how Dask names
        # the prefix of the keys "_run_batch-…")
        prefix = dask_scheduler.task_prefixes.get("run_batch")
        return prefix.suspicious if prefix is not None else 0

    probe = {"batches_running": batches_running, "deaths_mid_batch": deaths_mid_batch}[name]
    return client.run_on_scheduler(probe)


@pytest.fixture
def cluster(dask_cluster: Any) -> Iterator[Any]:
    """The module's cluster with both workers up (a killed one is back) before and after."""
    dask_cluster.wait_for_workers(2)
    yield dask_cluster
    dask_cluster.wait_for_workers(2)


def test_dask_cluster_build_gives_the_local_dossier(
    cluster: Any, local_dossier: dict[str, Any], tmp_path: Path, stored: Any
) -> None:
    db = tmp_path / "dask.db"
    proc = _cli("build", str(corpus_dir()), "--db", str(db), "--scheduler", cluster.address)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert "annotated 47" in out.decode()
    assert stored(db) == local_dossier


def test_dask_cluster_build_into_postgresql_gives_the_local_sqlite_dossier(
    cluster: Any, local_dossier: dict[str, Any], pg_url: str, stored: Any
) -> None:
    proc = _cli("build", str(corpus_dir()), "--db", pg_url, "--scheduler", cluster.address)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert stored(pg_url) == local_dossier


def test_dask_cluster_build_survives_a_worker_killed_mid_batch(
    cluster: Any, local_dossier: dict[str, Any], tmp_path: Path, stored: Any
) -> None:
    client = cluster.client()
    try:
        deaths = _on_scheduler(client, "deaths_mid_batch")
        db = tmp_path / "killed.db"
        proc = _cli("build", str(corpus_dir()), "--db", str(db), "--scheduler",
                    cluster.address, batch_size=2)
        killed: list[tuple[str, int]] = []
        deadline = time.monotonic() + 300
        # kill the worker running a batch; again if the batch had finished in between (then
        # the scheduler counts no death mid-batch), until one kill lands mid-batch
        while proc.poll() is None and time.monotonic() < deadline:
            if _on_scheduler(client, "deaths_mid_batch") > deaths:
                break
            running = _on_scheduler(client, "batches_running")
            if running:
                killed.append(running[0])
                with contextlib.suppress(ProcessLookupError):
                    os.kill(running[0][1], signal.SIGKILL)
                time.sleep(0.5)  # for the scheduler to see the worker gone
            time.sleep(0.02)
        out, err = proc.communicate(timeout=600)
        assert killed, "no batch was seen running"
        assert proc.returncode == 0, err.decode()
        assert _on_scheduler(client, "deaths_mid_batch") > deaths
    finally:
        client.close()
    assert stored(db) == local_dossier


def test_dask_cluster_rejects_an_article_that_kills_every_worker(
    cluster: Any, tmp_path: Path, poisoned: Any
) -> None:
    pipe, good, bad = poisoned(Settings(db=str(tmp_path / "s.db"), scheduler=cluster.address,
                                        batch_size=2))

    report = pipe.build()

    assert report.annotated == len(good)
    assert set(pipe.store.annotations("language")) == {a.id for a in good}
    [rejection] = report.rejected
    assert rejection.stage == "language"
    assert rejection.item == f"in/bad.txt ({bad.id})"
    assert rejection.reason.startswith("worker process died: killed 4 Dask workers")
    assert pipe.store.rejects() == [rejection]
    pipe.close()


def test_dask_executor_isolates_the_item_that_kills_its_workers(
    cluster: Any, crash_module: Any
) -> None:
    out = DaskExecutor(cluster.address).map_batches(
        crash_module.negate_or_die, range(30), batch_size=4,
        on_crash=lambda item, reason: [f"{item}: {reason.split(' (')[0]}"])
    assert [x for batch in out for x in batch] == [
        *range(0, -13, -1), "13: killed 4 Dask workers in turn", *range(-14, -30, -1)]


def test_dask_cluster_workers_parse_with_the_model_the_settings_name(
    cluster: Any, tmp_path: Path, make_article: Any
) -> None:
    settings = Settings(db=str(tmp_path / "m.db"), scheduler=cluster.address,
                        spacy_model="no_such_spacy_pipeline")
    pipe = Pipeline(settings.db, settings=settings)
    pipe.store.add_articles([(make_article("Headline\n\nThe council met to vote."), None)])
    try:
        with pytest.raises(ConfigError, match="'no_such_spacy_pipeline' is not installed"):
            pipe.build()
    finally:
        pipe.close()
