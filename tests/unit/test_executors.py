"""The executors give the same batches, in input order, whatever runs them."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from storyline.errors import ConfigError
from storyline.executors import make_executor
from storyline.executors.dask import DaskExecutor
from storyline.executors.local import LocalExecutor, batched


def square_all(batch: Sequence[int]) -> list[int]:
    return [x * x for x in batch]


def test_batched_splits_and_keeps_the_tail() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_local_executor_keeps_order(workers: int) -> None:
    out = [x for b in LocalExecutor(workers).map_batches(square_all, range(20), batch_size=3)
           for x in b]
    assert out == [x * x for x in range(20)]


def test_make_executor_defaults_to_local() -> None:
    assert isinstance(make_executor("", 2), LocalExecutor)


def test_dask_executor_keeps_order_on_a_local_cluster() -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    ex = DaskExecutor("local", workers=2)
    out = [x for b in ex.map_batches(square_all, range(25), batch_size=4) for x in b]
    assert out == [x * x for x in range(25)]


def test_dask_executor_names_an_unreachable_scheduler() -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    ex = DaskExecutor("tcp://127.0.0.1:9", workers=1)
    with pytest.raises(ConfigError, match="Dask scheduler"):
        list(ex.map_batches(square_all, range(3), batch_size=2))


def test_dask_worker_refuses_work_from_another_storyline_version() -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    from storyline.executors.dask import _run_batch
    from storyline.version import __version__

    assert _run_batch(square_all, [3], None, "", __version__) == [9]
    with pytest.raises(ConfigError, match="runs storyline .*, the client 0.0.0-other"):
        _run_batch(square_all, [3], None, "", "0.0.0-other")


def test_dask_runs_each_setup_once_per_worker_process() -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    from storyline.executors.dask import _run_batch, setup_key
    from storyline.version import __version__

    calls: list[str] = []

    def setup() -> None:
        calls.append("loaded")

    key = setup_key(setup)
    assert key and key == setup_key(setup)
    for batch in ([1], [2]):
        _run_batch(square_all, batch, setup, key, __version__)
    assert calls == ["loaded"]


def test_dask_names_a_batch_that_killed_its_workers() -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    from types import SimpleNamespace

    from distributed.scheduler import KilledWorker

    from storyline.executors.dask import crash_reason

    # the scheduler's record of the last worker is a WorkerState; only its address is read
    exc = KilledWorker("_run_batch-1", SimpleNamespace(address="tcp://10.0.0.7:4001"), 3)
    assert crash_reason(exc) == ("killed 4 Dask workers in turn (the last tcp://10.0.0.7:4001;"
                                 " its nanny's log gives the exit code)")
