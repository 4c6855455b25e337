"""Stories: articles clustered into stories with stable ids (:func:`cluster_stories`)."""

from __future__ import annotations

from storyline.stories.cluster import cluster_stories

__all__ = ["cluster_stories"]
