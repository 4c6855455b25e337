"""The Dask executor: the same batches as the local one, on a Dask cluster, in input order.

Needs the ``dask`` extra (``pip install 'storyline[dask]'``) here and on every worker, with the
same storyline version (a worker running another one refuses the work) and the spaCy model
the settings name. ``scheduler`` is either the address of a running Dask scheduler
(``tcp://host:8786``) or ``"local"``, which starts a ``LocalCluster`` of ``workers`` processes
for the duration of the run. Nothing reaches a worker but the tasks: the batch function carries
its settings (the :class:`~storyline.pipeline.annotate.Annotator` its stages and model), and a
worker process runs each distinct ``setup`` once, before its first batch, keeping the loaded
models for later batches and later runs.

Batches are submitted with ``IN_FLIGHT`` per thread of the cluster in flight and yielded in
input order, so a Dask run stores exactly what a local run stores.

A worker that dies mid-batch (killed, out of memory, a segfault) costs nothing: the scheduler
gives the batch to another worker (a nanny restarts the dead one). A batch whose every attempt
kills its worker is marked failed by the scheduler after ``distributed.scheduler.allowed-failures``
deaths (default 3, so four workers die) with :class:`distributed.scheduler.KilledWorker`. With
``on_crash``, as in the local executor, the items of that batch are then rerun apart, one task
at a time with nothing else of this run in flight (so that a death is the item's own); an item
whose task is marked failed in turn is replaced by ``on_crash(item, reason)`` and the run goes
on. Before that, a task that only loads the models runs: if workers die doing that, the run
stops (:class:`~storyline.errors.ConfigError`), as it does locally. Exceptions a batch raises
are not retried (``retries`` is left at 0): the batch functions turn an item's failure into a
rejection themselves, so an exception that escapes them is a fault that would repeat.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from storyline.errors import ConfigError
from storyline.executors.local import OnCrash, batched
from storyline.version import __version__

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = "10s"  # to reach the scheduler
WORKERS_TIMEOUT = 60.0  # seconds to wait for a first worker to join an empty cluster
IN_FLIGHT = 4  # batches in flight per worker thread

# in each worker process: the setups it has run, by key (see _run_batch)
_READY: set[str] = set()
_READY_LOCK = threading.Lock()


def _run_batch(fn: Callable[[Sequence[T]], list[R]] | None, batch: Sequence[T],
               setup: Callable[[], Any] | None, key: str, version: str) -> list[R]:
    """In a worker: check the version, run ``setup`` if this process has not yet run it
    (``key``: a digest of the pickled setup, so that another chain or model loads anew), then
    the batch (``fn`` None: setup only)."""
    if version != __version__:
        raise ConfigError(f"this Dask worker runs storyline {__version__}, the client "
                          f"{version}: install the same version on every worker")
    if setup is not None and key not in _READY:
        with _READY_LOCK:
            if key not in _READY:
                setup()
                _READY.add(key)
    return fn(batch) if fn is not None else []


def setup_key(setup: Callable[[], Any] | None) -> str:
    """A digest of the pickled ``setup``: equal for the same chain and settings."""
    if setup is None:
        return ""
    import cloudpickle

    return hashlib.sha256(cloudpickle.dumps(setup)).hexdigest()


def crash_reason(exc: BaseException) -> str:
    """A dead-worker failure in words (the scheduler does not pass on the exit code)."""
    tries = getattr(exc, "allowed_failures", None)
    last = getattr(getattr(exc, "last_worker", None), "address", None)
    if tries is None:
        return str(exc)
    return (f"killed {tries + 1} Dask workers in turn (the last {last}; its nanny's log "
            f"gives the exit code)")


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

    def _connect(self) -> tuple[Any, Any]:
        """A client of the cluster (not made the process's default) and the local cluster
        started for it, if any."""
        from distributed import Client, LocalCluster

        if self.scheduler == "local":
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            return Client(cluster, set_as_default=False), cluster
        try:
            client = Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") \
                from exc
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError as exc:
            client.close()
            raise ConfigError(f"no Dask worker joined the scheduler at {self.scheduler} within "
                              f"{WORKERS_TIMEOUT:.0f} s (start some with 'dask worker "
                              f"{self.scheduler}')") from exc
        return client, None

    def map_batches(
        self,
        fn: Callable[[Sequence[T]], list[R]],
        items: Iterable[T],
        *,
        batch_size: int,
        setup: Callable[[], Any] | None = None,
        on_crash: OnCrash | None = None,
    ) -> Iterator[list[R]]:
        """Yield ``fn(batch)`` for each batch, in order; ``setup`` runs once per worker.

        With ``on_crash``, an item whose run keeps killing workers gets ``on_crash(item,
        reason)`` in place of its results and the rest go on (see the module docstring).
        """
        client, cluster = self._connect()
        try:
            run = _Run(client, fn, setup, on_crash)
            pending: deque[tuple[list[T], Any]] = deque()
            for batch in batched(items, batch_size):
                pending.append((batch, run.submit(batch)))
                while len(pending) >= run.window():
                    yield run.settle(pending.popleft(), pending)
            while pending:
                yield run.settle(pending.popleft(), pending)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


class _Run:
    """One ``map_batches`` call on a connected client."""

    def __init__(self, client: Any, fn: Callable[[Sequence[Any]], list[Any]],
                 setup: Callable[[], Any] | None, on_crash: OnCrash | None) -> None:
        self.client = client
        self.fn = fn
        self.setup = setup
        self.key = setup_key(setup)
        self.on_crash = on_crash

    def window(self) -> int:
        """Batches to keep in flight: ``IN_FLIGHT`` per thread of the cluster as it is now
        (results are taken in input order: a long batch at the head must not leave the other
        workers idle)."""
        return max(IN_FLIGHT, IN_FLIGHT * sum(self.client.nthreads().values()))

    def submit(self, batch: Sequence[Any]) -> Any:
        """A task running the batch function over ``batch``."""
        return self._task(self.fn, batch)

    def _task(self, fn: Callable[[Sequence[Any]], list[Any]] | None, batch: Sequence[Any]
              ) -> Any:
        return self.client.submit(_run_batch, fn, batch, self.setup, self.key, __version__,
                                  pure=False)

    def settle(self, head: tuple[list[Any], Any], others: Iterable[tuple[list[Any], Any]]
               ) -> list[Any]:
        """The results of the first batch in flight; its items rerun apart if it kept killing
        workers (after the other batches in flight have finished)."""
        from distributed.scheduler import KilledWorker

        batch, future = head
        try:
            return future.result()
        except KilledWorker:
            if self.on_crash is None:
                raise
        for _, other in others:
            other.exception()  # waits: nothing else of this run may share a worker below
        self._check_setup()
        out: list[Any] = []
        for item in batch:
            try:
                out.extend(self.submit([item]).result())
            except KilledWorker as exc:
                out.extend(self.on_crash(item, crash_reason(exc)))
        return out

    def _check_setup(self) -> None:
        """Stop the run if workers die loading the models (no item's fault)."""
        from distributed.scheduler import KilledWorker

        try:
            self._task(None, []).result()
        except KilledWorker as exc:
            raise ConfigError(f"Dask workers die while loading the models: "
                              f"{crash_reason(exc)}") from exc
