"""Executors: where per-article work runs."""

from storyline.executors.local import LocalExecutor

__all__ = ["LocalExecutor"]
