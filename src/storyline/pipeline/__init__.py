"""Stages, the plan check, and the Pipeline that runs them."""

from storyline.pipeline.runner import Pipeline, RunReport
from storyline.pipeline.stage import DocStage, GroupStage, Stage, check_plan

__all__ = ["DocStage", "GroupStage", "Pipeline", "RunReport", "Stage", "check_plan"]
