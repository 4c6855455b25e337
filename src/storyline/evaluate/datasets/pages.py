"""Web pages with gold text: the Article Extraction Benchmark and trafilatura's evaluation set.

Both folders hold a gzipped JSON Lines index and the pages as gzipped HTML files (``html/``).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.evaluate.datasets.files import iter_jsonl

__all__ = ["AebPage", "EvalPage", "read_aeb", "read_trafilatura_eval"]


@dataclass(frozen=True, slots=True)
class AebPage:
    """One page of the Article Extraction Benchmark: id, URL, HTML bytes and gold body."""

    id: str
    url: str
    html: bytes
    gold: str


def read_aeb(folder: Path) -> list[AebPage]:
    """The pages of an ``aeb-article-extraction`` folder (``ground-truth.jsonl.gz``, ``html/``),
    in file order; :class:`~storyline.evaluate.datasets.files.DatasetMissing` without it."""
    pages = []
    for rec in iter_jsonl(folder / "ground-truth.jsonl.gz"):
        html = gzip.decompress((folder / rec["html_file"]).read_bytes())
        pages.append(AebPage(rec["id"], rec.get("url") or "", html, rec.get("articleBody") or ""))
    return pages


@dataclass(frozen=True, slots=True)
class EvalPage:
    """One page of trafilatura's evaluation set: key, URL (``None`` for local test files), HTML
    and its record (``with`` and ``without`` segments, ``date`` where known)."""

    id: str
    url: str | None
    html: bytes
    record: dict[str, Any]


def read_trafilatura_eval(folder: Path) -> list[EvalPage]:
    """The pages of a ``trafilatura-eval`` folder (``evaldata.jsonl.gz``, ``html/``), in file
    order; :class:`~storyline.evaluate.datasets.files.DatasetMissing` without it."""
    pages = []
    for rec in iter_jsonl(folder / "evaldata.jsonl.gz"):
        key = rec["url"]
        url = key if key.startswith(("http://", "https://")) else None
        pages.append(EvalPage(key, url, gzip.decompress((folder / rec["html_file"])
                                                         .read_bytes()), rec))
    return pages
