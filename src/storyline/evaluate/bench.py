"""The conventions every benchmark script in ``benchmarks/`` shares.

A benchmark takes ``--data PATH`` (a public evaluation set, read by default from
``../shared/datasets`` beside the checkout, see :func:`datasets_dir`) and ``--out FILE`` (where
its predictions go), and prints its headline metric as its last line, ``NAME=value``
(:func:`headline`), which ``benchmarks/run_all.py`` collects. Absent data is reported on one
line, ``error: …``, with exit code 2 (:func:`fail`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["bench_parser", "datasets_dir", "fail", "headline", "shared_dir"]


def shared_dir(script: str | Path) -> Path:
    """``../shared`` beside the checkout that holds ``script`` (a file in ``benchmarks/``)."""
    return Path(script).resolve().parents[1].parent / "shared"


def datasets_dir(script: str | Path) -> Path:
    """The public evaluation datasets: ``../shared/datasets`` beside the checkout."""
    return shared_dir(script) / "datasets"


def bench_parser(description: str, *, data: Path | None, out: Path | None = None,
                 data_help: str | None = None, out_help: str | None = None,
                 raw: bool = True) -> argparse.ArgumentParser:
    """An argument parser with ``--data`` (default ``data``) and ``--out`` (default ``out``).

    ``description`` is shown as written (a script's whole docstring) unless ``raw`` is false.
    The script adds its own options after these two.
    """
    ap = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawTextHelpFormatter if raw else argparse.HelpFormatter)
    ap.add_argument("--data", type=Path, default=data, help=data_help)
    ap.add_argument("--out", type=Path, default=out, help=out_help)
    return ap


def headline(name: str, value: float, digits: int | None = 3) -> None:
    """Print the headline metric, the last line of a benchmark: ``NAME=value`` with ``digits``
    decimals (``None``: the value as it is, for a count)."""
    print(f"{name}={value}" if digits is None else f"{name}={value:.{digits}f}")


def fail(message: object) -> int:
    """Report that a benchmark cannot run (``error: <message>`` on stderr); the exit code 2."""
    print(f"error: {message}", file=sys.stderr)
    return 2
