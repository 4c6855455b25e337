"""Watching inputs: which files are new or changed since they were last read.

Each file found under the watched paths (directories walked as ingest walks them, hidden
entries left out) is known by its size and modification time; a file whose signature differs
from the one recorded is read again (its articles that are stored already are not added
twice). Signatures are kept as JSON bytes so that the caller can store them with its state,
and a restarted watch continues where the last one stopped.

Not handled: files changed without a change of size or modification time, and stdin (a watch
reads files and directories; a URL list is a file, and its URLs are fetched when it changes).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from storyline.io.readers import is_article_file, walk_files

__all__ = ["Signatures", "changed_files", "dump_signatures", "load_signatures"]

Signatures = dict[str, list[float]]  # absolute path -> [size, mtime]


def _files(paths: Iterable[str | Path]) -> list[Path]:
    out = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            out.extend(f for f in walk_files(path, False)
                       if isinstance(f, Path) and is_article_file(f))
        elif path.is_file():
            out.append(path)
    return out


def changed_files(paths: Iterable[str | Path], seen: Signatures) -> tuple[list[Path], Signatures]:
    """The files under ``paths`` that are new or changed since ``seen``, and the signatures
    to record once they are read."""
    changed, now = [], dict(seen)
    for file in _files(paths):
        try:
            stat = file.stat()
        except OSError:
            continue
        key = os.path.abspath(file)
        signature = [float(stat.st_size), stat.st_mtime]
        if seen.get(key) != signature:
            changed.append(file)
            now[key] = signature
    return changed, now


def load_signatures(data: bytes | None) -> Signatures:
    """Signatures stored with :func:`dump_signatures` (nothing when absent or unreadable)."""
    try:
        loaded = json.loads(data or b"{}")
    except ValueError:
        return {}
    return {str(k): list(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def dump_signatures(signatures: Signatures) -> bytes:
    """Signatures as bytes to store."""
    return json.dumps(signatures, sort_keys=True).encode()
