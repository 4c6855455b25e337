"""News articles with annotations: BASIL (one event told by three outlets) and PolNeAR
(attribution relations in political news)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.evaluate.datasets.files import DatasetMissing, iter_jsonl

__all__ = ["BasilArticle", "PolnearArticle", "read_basil", "read_polnear"]


@dataclass(frozen=True, slots=True)
class BasilArticle:
    """One BASIL article: its file key, ids (``uuid`` may be empty or ``"empty"``), the event
    (triplet) it tells, title, date, outlet as written, URL, body paragraphs as sentences, and
    the phrase-level annotations (quotes with their speakers among them)."""

    file_key: str
    uuid: str
    triplet: str
    title: str
    date: str
    source: str
    url: str
    paragraphs: tuple[tuple[str, ...], ...]
    phrases: tuple[dict[str, Any], ...]


def read_basil(path: Path) -> list[BasilArticle]:
    """The articles of a ``basil-media-bias`` folder (``basil.jsonl.gz``), or of a BASIL JSON
    Lines file (``.jsonl`` or ``.jsonl.gz``) itself, in file order."""
    file = path if path.name.endswith((".jsonl", ".jsonl.gz")) else path / "basil.jsonl.gz"
    out = []
    for row in iter_jsonl(file):
        art = row["article"]
        paras = tuple(tuple(str(s) for s in p) if isinstance(p, list) else (str(p),)
                      for p in art.get("body-paragraphs") or ())
        out.append(BasilArticle(
            str(row["file_key"]), str(art.get("uuid") or ""), str(art.get("triplet-uuid") or ""),
            str(art.get("title") or ""), str(art.get("date") or ""), str(art.get("source") or ""),
            str(art.get("url") or ""), paras,
            tuple((row.get("annotation") or {}).get("phrase-level-annotations") or ())))
    return out


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    """One PolNeAR article: its file name, text, metadata (title, publisher, publication date
    ...) and annotations (one per annotator, each with its ``attributions``)."""

    filename: str
    text: str
    metadata: dict[str, Any]
    annotations: tuple[dict[str, Any], ...]


def read_polnear(folder: Path, split: str | None = None) -> tuple[str, list[PolnearArticle]]:
    """The name and articles of a split of a ``polnear-attribution`` folder
    (``<split>.jsonl.gz``; without ``split``, ``test`` when present, else ``dev``)."""
    names = [split] if split else ["test", "dev"]
    for name in names:
        path = folder / f"{name}.jsonl.gz"
        if path.exists():
            return name, [PolnearArticle(rec["filename"], rec["text"], rec.get("metadata") or {},
                                         tuple(rec.get("annotations") or ()))
                          for rec in iter_jsonl(path)]
    raise DatasetMissing(f"{folder}: no {' or '.join(n + '.jsonl.gz' for n in names)}")
