"""The PostgreSQL store's locks: advisory locks held by a session, so that they go with the
connection (a process that dies lets go of them) and reach every host that shares the server.

- the build lock, ``(LOCK_SPACE, BUILD_KEY)``: one build at a time;
- a run's lock, ``(RUN_SPACE, run id)``: held from ``start_run`` to ``finish_run``, so a run
  marked running whose lock nobody holds has died;
- ``(LOCK_SPACE, RUNS_KEY)``, transaction-scoped: one ``start_run`` at a time.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from storyline.errors import StoreError
from storyline.store.postgres_schema import LOCK_SPACE, NOW, RUN_SPACE, RUNS_KEY


@contextmanager
def advisory_lock(conn: Any, key: tuple[int, int],
                  on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold a session advisory lock on ``conn``; ``on_wait`` is called once if another
    session holds it."""
    if not conn.execute("SELECT pg_try_advisory_lock(%s::int, %s::int)", key).fetchone()[0]:
        if on_wait is not None:
            on_wait()
        conn.execute("SELECT pg_advisory_lock(%s::int, %s::int)", key)
    try:
        yield
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s::int, %s::int)", key)


def register_run(conn: Any, holder: Any, command: str, exclusive: bool, where: str) -> int:
    """Record a run in the transaction ``conn`` (its lock taken on ``holder``); its id.

    Runs marked running whose lock nobody holds are marked ``interrupted`` first;
    ``exclusive``: StoreError while another run of ``command`` is running."""
    conn.execute("SELECT pg_advisory_xact_lock(%s::int, %s::int)", (LOCK_SPACE, RUNS_KEY))
    conn.execute(
        f"UPDATE runs SET status = 'interrupted', finished_at = {NOW} WHERE status = 'running' "
        "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND "
        "l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND "
        "l.classid::bigint = %s AND l.objid::bigint = runs.id AND l.objsubid = 2 AND "
        "l.granted)", (RUN_SPACE,))
    if exclusive:
        other = conn.execute("SELECT pid, host, started_at FROM runs WHERE status = 'running' "
                             "AND command = %s ORDER BY id LIMIT 1", (command,)).fetchone()
        if other is not None:
            raise StoreError(f"{where}: another {command} is running (process {other[0]} on "
                             f"{other[1]}, since {other[2]}); wait for it to finish")
    run_id = int(conn.execute(
        "INSERT INTO runs(command, pid, host) VALUES (%s, %s, %s) RETURNING id",
        (command, os.getpid(), socket.gethostname())).fetchone()[0])
    # taken before the commit: whoever sees the run sees it held
    holder.execute("SELECT pg_advisory_lock(%s::int, %s::int)", (RUN_SPACE, run_id))
    return run_id
