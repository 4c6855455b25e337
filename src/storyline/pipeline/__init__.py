"""The pipeline: ingest, annotate (per-article stages) and build (cross-document stages).

:class:`Pipeline` is the library's entry point; the stage contract is in
:mod:`~storyline.pipeline.stage`, the built-in stages in :mod:`~storyline.pipeline.doc_stages`
and :mod:`~storyline.pipeline.group_stages`.
"""

from storyline.pipeline.annotate import annotate_article
from storyline.pipeline.run_report import RunReport
from storyline.pipeline.runner import Pipeline
from storyline.pipeline.stage import DocStage, GroupStage, Stage, StageResult, check_plan

__all__ = [
    "DocStage",
    "GroupStage",
    "Pipeline",
    "RunReport",
    "Stage",
    "StageResult",
    "annotate_article",
    "check_plan",
]
