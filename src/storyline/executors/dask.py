"""The Dask executor: the same per-article batches as the local one, on a Dask cluster.

Needs the ``dask`` extra (``pip install 'storyline[dask]'``). ``scheduler`` is either the
address of a running Dask scheduler (``tcp://host:8786``) or ``"local"``, which starts a
``LocalCluster`` of ``workers`` processes for the duration of the run. Each Dask worker runs a
batch function's ``setup`` once (a worker plugin) and keeps the loaded models for later batches.
Results come back in input order, so a Dask run stores exactly what a local run stores.

Not handled: resubmitting a batch whose worker died (Dask retries it on another worker, which
re-runs ``setup`` there); data locality (batches travel with their tasks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from storyline.errors import ConfigError
from storyline.executors.local import submit_in_order

T = TypeVar("T")
R = TypeVar("R")

_SETUP_DONE: set[str] = set()


def _run_batch(fn: Callable[[Sequence[T]], list[R]], batch: Sequence[T],
               setup: Callable[[], Any] | None) -> list[R]:
    """Run ``setup`` once per worker process, then the batch.

    Stages keep their models in module-level caches, so ``setup`` is keyed by its qualified
    name: a fresh copy of the same stage chain in a later task finds the models loaded.
    """
    key = f"{getattr(setup, '__module__', '')}.{getattr(setup, '__qualname__', repr(setup))}"
    if setup is not None and key not in _SETUP_DONE:
        setup()
        _SETUP_DONE.add(key)
    return fn(batch)


class DaskExecutor:
    """Maps a batch function over items on a Dask cluster, keeping input order."""

    def __init__(self, scheduler: str = "local", workers: int = 2) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise ConfigError(
                "the Dask executor needs the 'dask' extra: pip install 'storyline[dask]'"
            ) from exc
        self.scheduler = scheduler
        self.workers = max(1, workers)

    def _client(self) -> Any:
        from distributed import Client, LocalCluster

        if self.scheduler == "local":
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            return Client(cluster), cluster
        try:
            return Client(self.scheduler, timeout="3s"), None
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") \
                from exc

    def map_batches(
        self,
        fn: Callable[[Sequence[T]], list[R]],
        items: Iterable[T],
        *,
        batch_size: int,
        setup: Callable[[], Any] | None = None,
    ) -> Iterator[list[R]]:
        """Yield ``fn(batch)`` for each batch, in order; ``setup`` runs once per worker."""
        client, cluster = self._client()
        try:
            yield from submit_in_order(
                lambda batch: client.submit(_run_batch, fn, batch, setup, pure=False), items,
                batch_size=batch_size, window=self.workers * 2)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
