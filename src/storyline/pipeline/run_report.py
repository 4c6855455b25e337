"""What a run did (:class:`RunReport`), and the run row that records it in the store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Rejection
from storyline.store.base import Store

# progress(task, done, total): total is None while unknown
Progress = Callable[[str, int, int | None], None]


@dataclass
class RunReport:
    """What a run did."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    annotated: int = 0
    already_annotated: int = 0
    stories: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # inputs read with a repair or a doubt
    run_id: int | None = None  # the run's row in the store

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "read": self.read,
            "added": self.added,
            "duplicates": self.duplicates,
            "annotated": self.annotated,
            "already_annotated": self.already_annotated,
            "stories": self.stories,
            "rejected": len(self.rejected),
        }

    def reject(self, store: Store, rejected: list[Rejection]) -> None:
        """Log rejections in the store's rejects log and in the report."""
        if rejected:
            store.add_rejections(rejected)
            self.rejected.extend(rejected)


@contextlib.contextmanager
def recorded(store: Store, command: str, exclusive: bool = False) -> Iterator[RunReport]:
    """A run row for ``command``: finished "ok" with the summary, or "failed" with the error
    (``exclusive``: refused while another run of the command is running)."""
    run_id = store.start_run(command, exclusive)
    report = RunReport(run_id=run_id)
    try:
        yield report
    except BaseException as exc:
        summary = {**report.summary(), "error": f"{type(exc).__name__}: {exc}"}
        store.finish_run(run_id, "failed", summary)
        raise
    store.finish_run(run_id, "ok", report.summary())
