"""Ingest: read and clean inputs in worker batches, remove learned furniture, store articles.

Cleaned articles are held back until ``LEARN_WINDOW`` are known, so that furniture can be
learned from the lines they share (:mod:`storyline.clean.learned`); each window is stored in
one transaction, so an interrupted ingest keeps the windows it stored and a rerun of the same
inputs adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from storyline.config import Settings
from storyline.errors import InputError
from storyline.executors import make_executor
from storyline.io.fetch import FetchOptions
from storyline.io.raw import RawDocument
from storyline.model import Article, Rejection
from storyline.pipeline.run_report import Progress, RunReport
from storyline.store.base import Store

LEARN_WINDOW = 1000  # with their raw bytes: a few hundred MB of HTML at most

Cleaned = tuple[Article, bytes, tuple[int, ...]]


def clean_batch(raws: Sequence[RawDocument]) -> list[Cleaned | Rejection]:
    """Clean a batch of raw documents (runs in a worker): article, bytes, paragraph lines."""
    from storyline.clean.article import clean_document

    out: list[Cleaned | Rejection] = []
    for raw in raws:
        try:
            article, line_nos = clean_document(raw)
            out.append((article, raw.data, line_nos))
        except InputError as exc:
            out.append(Rejection("clean", raw.source_path, exc.reason))
        except Exception as exc:  # noqa: BLE001 - a bad document must not stop the run
            out.append(Rejection("clean", raw.source_path, f"{type(exc).__name__}: {exc}"))
    return out


def clean_crashed(raw: RawDocument, reason: str) -> list[Rejection]:
    """The rejection of a document whose cleaning killed its worker process."""
    return [Rejection("clean", raw.source_path, f"worker process died: {reason}")]


def ingest(
    store: Store,
    settings: Settings,
    paths: Iterable[str | Path],
    urls: Iterable[str | Rejection],
    fetch: FetchOptions | None,
    report: RunReport,
    progress: Progress,
) -> None:
    """Read, clean and store the inputs; bad inputs are rejected and the run goes on."""
    from storyline.io.readers import iter_inputs

    def documents() -> Iterable[RawDocument]:
        found = iter_inputs(paths, max_bytes=settings.max_bytes, urls=urls, fetch=fetch)
        for item in found:
            if isinstance(item, Rejection):
                report.reject(store, [item])
            else:
                yield item

    executor = make_executor(settings.scheduler, settings.workers)
    window: list[Cleaned] = []
    for batch in executor.map_batches(
        clean_batch, documents(), batch_size=settings.batch_size,
        on_crash=clean_crashed,
    ):
        report.read += len(batch)
        report.reject(store, [r for r in batch if isinstance(r, Rejection)])
        window.extend(r for r in batch if not isinstance(r, Rejection))
        if len(window) >= LEARN_WINDOW:
            store_cleaned(store, window, report)
            window = []
        progress("ingest", report.read, None)
    store_cleaned(store, window, report)


def store_cleaned(store: Store, window: list[Cleaned], report: RunReport) -> None:
    """Remove the furniture learned over the window's articles, then store them."""
    from storyline.clean.learned import learn_furniture

    if not window:
        return
    try:
        articles = learn_furniture([(article, lines) for article, _, lines in window])
    except Exception as exc:  # noqa: BLE001 - keep the cleaned articles, say what failed
        articles = [article for article, _, _ in window]
        report.reject(store, [Rejection(
            "learn", f"{len(window)} articles from {window[0][0].source_path}",
            f"learned furniture not applied: {type(exc).__name__}: {exc}")])
    good = [(article, data) for article, (_, data, _) in zip(articles, window, strict=True)]
    report.notes.extend(f"{article.source_path}: {note}" for article, _ in good
                        for note in article.notes)
    added = store.add_articles(good)
    report.added += added
    report.duplicates += len(good) - added
