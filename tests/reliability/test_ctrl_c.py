"""Ctrl+C during a build with worker processes: the whole terminal group gets SIGINT; the build
stops promptly with one line (no worker tracebacks), and the next build finishes the work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from storyline.demo import corpus_dir


def test_ctrl_c_stops_a_two_worker_build_in_one_line_and_the_next_build_finishes(
        tmp_path: Path) -> None:
    db = tmp_path / "stopped.db"
    cmd = [sys.executable, "-m", "storyline.cli", "build", str(corpus_dir()), "--db", str(db),
           "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own group, as a terminal's job
    time.sleep(4.0)  # the workers are loading their models or annotating
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C does: every process of the group
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("the build did not stop within 60 s of Ctrl+C") from None
    if proc.returncode == 0:
        return  # it had finished before the signal: nothing to check on this machine
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "stopped (Ctrl+C)" in err
    done = subprocess.run([*cmd[:-2], "--workers", "1"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    check = subprocess.run([sys.executable, "-m", "storyline.cli", "check", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and check.stdout.startswith("ok: 47 articles"), check.stdout
