"""Stories: articles clustered into stories with stable ids (:func:`cluster_stories`), or
assigned online, build by build, to stories whose ids never change (:class:`StoryIndex`)."""

from __future__ import annotations

from storyline.stories.cluster import cluster_stories
from storyline.stories.online import (
    Assignment,
    Merge,
    OnlineParams,
    StoryIndex,
    assign_grouped,
)

__all__ = [
    "Assignment",
    "Merge",
    "OnlineParams",
    "StoryIndex",
    "assign_grouped",
    "cluster_stories",
]
