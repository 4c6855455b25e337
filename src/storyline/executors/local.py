"""The local executor: runs per-article stage chains in-process or in a pool of processes.

Results come back in input order whatever the number of workers, so 1 and N workers give
identical output. Each worker loads its models once (``setup``) when it starts.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORKER_STATE: dict[str, Any] = {}


def _init_worker(setup: Callable[[], Any] | None) -> None:
    _WORKER_STATE["ready"] = setup() if setup else None


def _run_batch(fn: Callable[[Sequence[T]], list[R]], batch: Sequence[T]) -> list[R]:
    return fn(batch)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Split an iterable into lists of at most ``size`` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def submit_in_order(
    submit: Callable[[list[T]], Any], items: Iterable[T], *, batch_size: int, window: int
) -> Iterator[Any]:
    """Submit batches with at most ``window`` in flight; yield their results in input order.

    ``submit(batch)`` returns a future-like object with ``result()``.
    """
    pending: list[Any] = []
    for batch in batched(items, batch_size):
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


class LocalExecutor:
    """Maps a batch function over items with ``workers`` processes (1 = in this process)."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    def map_batches(
        self,
        fn: Callable[[Sequence[T]], list[R]],
        items: Iterable[T],
        *,
        batch_size: int,
        setup: Callable[[], Any] | None = None,
    ) -> Iterator[list[R]]:
        """Yield ``fn(batch)`` for each batch, in order; ``setup`` runs once per worker."""
        if self.workers == 1:
            if setup:
                setup()
            for batch in batched(items, batch_size):
                yield fn(batch)
            return
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=_init_worker, initargs=(setup,)
        ) as pool:
            yield from submit_in_order(lambda batch: pool.submit(_run_batch, fn, batch), items,
                                       batch_size=batch_size, window=self.workers * 2)
