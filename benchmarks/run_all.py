"""Run every benchmark in this folder on its default data; print each one's last line.

Training scripts (``train_*.py``) are not benchmarks and are left out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    out_dir = HERE.parent / "out" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith(("_", "train_")):
            continue
        out = out_dir / f"{script.stem}.out"
        print(f"== {script.name}", flush=True)
        proc = subprocess.run(
            [sys.executable, str(script), "--out", str(out)], capture_output=True, text=True
        )
        lines = proc.stdout.strip().splitlines()
        print(lines[-1] if lines else "(no output)")
        if proc.returncode != 0:
            failed += 1
            print(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
