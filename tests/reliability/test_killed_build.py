"""A build killed with SIGKILL leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.demo import corpus_dir


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True, check=False).stdout
    return {int(p) for p in out.split()}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "storyline.cli", "build", str(corpus_dir()),
           "--db", str(tmp_path / "s.db"), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = {p for p in _children(proc.pid)
                   if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(
                       errors="replace")} if proc.poll() is None else set()
        time.sleep(0.2)
    if proc.poll() is not None or len(workers) < 2:
        pytest.skip("the build finished before its workers could be seen")
    time.sleep(1.0)  # let the workers install their parent-death signal
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_a_busy_worker_dies_with_its_parent(tmp_path: Path) -> None:
    # a parent that starts a busy worker (as a pool does), then is killed with SIGKILL
    marker = tmp_path / "worker.pid"
    script = (
        "import multiprocessing as mp, time, pathlib, sys\n"
        "from storyline.executors.local import die_with_parent\n"
        "def work(path):\n"
        "    die_with_parent()\n"
        "    pathlib.Path(path).write_text(str(__import__('os').getpid()))\n"
        "    time.sleep(120)\n"
        "if __name__ == '__main__':\n"
        "    p = mp.get_context('spawn').Process(target=work, args=(sys.argv[1],))\n"
        "    p.start()\n"
        "    time.sleep(120)\n"
    )
    program = tmp_path / "parent.py"  # spawned workers import their target from a file
    program.write_text(script, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(program), str(marker)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not marker.exists():
        time.sleep(0.1)
    assert marker.exists(), "the worker did not start"
    time.sleep(0.3)
    worker = int(marker.read_text())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    alive = _alive(worker)
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive


def test_a_killed_run_is_marked_interrupted_by_the_next(tmp_path: Path) -> None:
    from storyline.store import SqliteStore

    db = tmp_path / "s.db"
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time\n"
                              "from storyline.store import SqliteStore\n"
                              "s = SqliteStore(sys.argv[1]); s.start_run('build')\n"
                              "print('started', flush=True); time.sleep(60)\n", str(db)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "started"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store = SqliteStore(db)
    store.start_run("build")
    statuses = [row[0] for row in store._query("SELECT status FROM runs ORDER BY id")]
    store.close()
    assert statuses == ["interrupted", "running"]
