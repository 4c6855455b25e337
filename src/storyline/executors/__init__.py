"""Executors: where batch work runs (local worker processes, or a Dask cluster).

Both map a batch function over items and yield the results in input order
(``map_batches``), with an optional per-worker ``setup`` and an optional ``on_crash(item,
reason)`` that stands for an item whose run keeps killing its worker process (the item is
rejected and the run goes on). ``make_executor`` picks one from the settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from storyline.executors.local import LocalExecutor, OnCrash

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """What the pipeline asks of an executor."""

    def map_batches(
        self,
        fn: Callable[[Sequence[T]], list[R]],
        items: Iterable[T],
        *,
        batch_size: int,
        setup: Callable[[], Any] | None = None,
        on_crash: OnCrash | None = None,
    ) -> Iterator[list[R]]:
        """Yield ``fn(batch)`` for each batch of ``items``, in input order."""
        ...


def make_executor(scheduler: str, workers: int) -> Executor:
    """The executor a setting names: ``""`` for local processes (``workers`` of them), else a
    Dask scheduler (``"local"`` starts a local cluster of ``workers`` processes)."""
    if not scheduler:
        return LocalExecutor(workers)
    from storyline.executors.dask import DaskExecutor

    return DaskExecutor(scheduler, workers)


__all__ = ["Executor", "LocalExecutor", "OnCrash", "make_executor"]
