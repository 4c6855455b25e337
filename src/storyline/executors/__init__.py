"""Executors: where per-article work runs (local worker processes, or a Dask cluster).

Both map a batch function over items in order (``map_batches``) with an optional per-worker
``setup``; the local one can also rerun apart the items of a worker that died
(:func:`crash_handler`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyline.executors.local import LocalExecutor
from storyline.model import Rejection


def make_executor(scheduler: str, workers: int) -> Any:
    """The executor a setting names: ``""`` for local processes, else a Dask scheduler."""
    if not scheduler:
        return LocalExecutor(workers)
    from storyline.executors.dask import DaskExecutor

    return DaskExecutor(scheduler, workers)


def crash_handler(executor: Any, handler: Callable[[Any, str], list[Rejection]]) -> dict[str, Any]:
    """``on_crash`` for executors that can rerun the items of a dead worker apart (local ones)."""
    return {"on_crash": handler} if isinstance(executor, LocalExecutor) else {}


__all__ = ["LocalExecutor", "crash_handler", "make_executor"]
