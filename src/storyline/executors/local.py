"""The local executor: runs per-article stage chains in-process or in a pool of processes.

Results come back in input order whatever the number of workers, so 1 and N workers give
identical output. Each worker loads its models once (``setup``) when it starts.

A worker that dies (a segfault, ``os._exit``, the out-of-memory killer) breaks the pool. When
``map_batches`` is given ``on_crash``, the batches not yet yielded are then rerun one at a time
in a single fresh worker process; a batch that kills it again is split in halves until the
items that kill it alone are found, and those are replaced by ``on_crash(item, reason)``. The
remaining batches go on in a new pool. A worker that dies while loading its models (``setup``)
still stops the run: that is not the fault of one item. Without ``on_crash`` a dead worker
raises :class:`~concurrent.futures.process.BrokenProcessPool`, as before. The 1-worker path runs
in this process and has no such protection: a crash there is this process's crash.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# on_crash(item, reason): the results that stand for an item whose run killed its worker
OnCrash = Callable[[Any, str], list[Any]]

_WORKER_STATE: dict[str, Any] = {}


def die_with_parent() -> None:
    """Have the kernel end this process when its parent dies (Linux), so that a build killed
    with SIGKILL leaves no worker behind holding hundreds of megabytes; elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent died before we asked
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _init_worker(setup: Callable[[], Any] | None) -> None:
    # Ctrl+C reaches every process of the terminal's group: the parent stops the pool (see
    # _pool), so a worker does not stop on its own and print its traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    _WORKER_STATE["ready"] = setup() if setup else None


@contextlib.contextmanager
def _pool(workers: int, setup: Callable[[], Any] | None) -> Iterator[ProcessPoolExecutor]:
    """A pool of worker processes, shut down when the block ends; when it ends with an
    exception (Ctrl+C, an error, the caller leaving), its workers are killed at once instead
    of being waited for: a worker still loading its models or running a long batch would
    otherwise hold the stop back."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(
        "spawn"), initializer=_init_worker, initargs=(setup,))
    try:
        yield pool
    except BaseException:
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(timeout=5)
        raise
    pool.shutdown(wait=True)


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


def _serve(conn: Connection, setup: Callable[[], Any] | None) -> None:
    """The lone worker's loop: load the models, then run each ``(fn, batch)`` received."""
    _init_worker(setup)
    conn.send(("ready", None))
    while (job := conn.recv()) is not None:
        fn, batch = job
        try:
            conn.send(("ok", fn(batch)))
        except Exception as exc:  # noqa: BLE001 - handed back to the parent to raise
            try:
                conn.send(("error", exc))
            except Exception:  # noqa: BLE001 - the exception itself does not pickle
                conn.send(("error", RuntimeError(traceback.format_exc())))


def death_reason(exitcode: int | None) -> str:
    """How a worker process ended, in words: the signal that killed it or its exit code."""
    if exitcode is None:
        return "unknown exit"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class _LoneWorker:
    """One worker process that runs batches one at a time; restarted after it dies."""

    def __init__(self, setup: Callable[[], Any] | None) -> None:
        self.setup = setup
        self.ctx = multiprocessing.get_context("spawn")
        self.proc: Any = None
        self.conn: Connection | None = None

    def _start(self) -> Connection:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_serve, args=(child, self.setup), daemon=True)
        self.proc.start()
        child.close()
        try:
            parent.recv()
        except EOFError:
            self.proc.join()
            raise BrokenProcessPool(
                f"a worker died while loading its models ({death_reason(self.proc.exitcode)})"
            ) from None
        self.conn = parent
        return parent

    def run(self, fn: Callable[[Sequence[T]], list[R]], batch: Sequence[T]) -> list[R] | str:
        """``fn(batch)`` in the worker, or, when the worker died running it, how it died."""
        conn = self.conn or self._start()
        try:
            conn.send((fn, batch))
        except OSError:  # it died idle, between batches: not this batch's doing
            self.conn = None
            conn = self._start()
            conn.send((fn, batch))
        try:
            kind, value = conn.recv()
        except EOFError:
            conn.close()
            self.conn = None
            self.proc.join()
            return death_reason(self.proc.exitcode)
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        if self.conn is not None:
            self.conn.send(None)
            self.conn.close()
            self.conn = None
        if self.proc is not None:
            self.proc.join(timeout=5)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join()


def _isolate(worker: _LoneWorker, fn: Callable[[Sequence[T]], list[R]], batch: list[T],
             on_crash: OnCrash) -> list[R]:
    """``fn(batch)`` in the lone worker; halves rerun apart when it dies, down to one item."""
    out = worker.run(fn, batch)
    if not isinstance(out, str):
        return out
    if len(batch) == 1:
        return on_crash(batch[0], out)
    half = len(batch) // 2
    return [*_isolate(worker, fn, batch[:half], on_crash),
            *_isolate(worker, fn, batch[half:], on_crash)]


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
        on_crash: OnCrash | None = None,
    ) -> Iterator[list[R]]:
        """Yield ``fn(batch)`` for each batch, in order; ``setup`` runs once per worker.

        With ``on_crash``, an item whose run kills its worker process gets ``on_crash(item,
        reason)`` in place of its results and the rest go on (see the module docstring).
        """
        if self.workers == 1:
            if setup:
                setup()
            for batch in batched(items, batch_size):
                yield fn(batch)
            return
        if on_crash is None:
            with _pool(self.workers, setup) as pool:
                yield from submit_in_order(lambda batch: pool.submit(_run_batch, fn, batch),
                                           items, batch_size=batch_size,
                                           window=self.workers * 2)
            return
        batches = batched(items, batch_size)
        while True:
            pending: deque[tuple[list[T], Future[list[R]]]] = deque()
            broken = False
            with _pool(self.workers, setup) as pool:
                for batch in batches:
                    try:
                        pending.append((batch, pool.submit(_run_batch, fn, batch)))
                    except BrokenProcessPool:
                        pending.append((batch, _broken()))
                        broken = True
                        break
                    if len(pending) >= self.workers * 2:
                        if _failed(pending[0][1]):
                            broken = True
                            break
                        yield pending.popleft()[1].result()
                while pending and not broken and not _failed(pending[0][1]):
                    yield pending.popleft()[1].result()
                broken = broken or bool(pending)
            if not broken:
                return
            yield from self._recover(fn, pending, setup, on_crash)

    def _recover(self, fn: Callable[[Sequence[T]], list[R]],
                 pending: deque[tuple[list[T], Future[list[R]]]],
                 setup: Callable[[], Any] | None, on_crash: OnCrash) -> Iterator[list[R]]:
        """The results of the batches in flight when the pool broke, rerun apart if need be."""
        worker = _LoneWorker(setup)
        try:
            for batch, future in pending:
                if _failed(future):
                    yield _isolate(worker, fn, batch, on_crash)
                else:
                    yield future.result()
        finally:
            worker.close()


def _broken() -> Future[Any]:
    future: Future[Any] = Future()
    future.set_exception(BrokenProcessPool("the pool broke before the batch was submitted"))
    return future


def _failed(future: Future[Any]) -> bool:
    """Whether the batch's worker died (waits for it); other errors are raised."""
    exc = future.exception()
    if exc is None:
        return False
    if isinstance(exc, BrokenProcessPool):
        return True
    raise exc
