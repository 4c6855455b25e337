"""What the dataset readers share: the error for absent data and JSON Lines files."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["DatasetMissing", "iter_jsonl", "require"]


class DatasetMissing(FileNotFoundError):
    """A dataset file or folder is not where it was looked for; the message names both."""


def require(path: Path) -> Path:
    """``path`` when it exists; else :class:`DatasetMissing` (``<folder>: no <name>``)."""
    if not path.exists():
        raise DatasetMissing(f"{path.parent}: no {path.name}")
    return path


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file, gzipped when its name ends in ``.gz``."""
    require(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
