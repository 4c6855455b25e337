"""storyline: turn overlapping news articles into sourced story dossiers.

    from storyline import Pipeline
    pipe = Pipeline("storyline.db")
    pipe.run(["articles/"])
    dossier = pipe.dossier()
"""

from storyline.config import Settings, load_settings
from storyline.errors import (
    ConfigError,
    InputError,
    MissingExtra,
    NotFound,
    PlanError,
    StageError,
    StoreError,
    StorylineError,
)
from storyline.model import (
    Article,
    ArticleAnnotations,
    Claim,
    ClaimGroup,
    Corpus,
    Discrepancy,
    Entity,
    Event,
    Mention,
    OriginGroup,
    Position,
    Quote,
    QuoteGroup,
    Rejection,
    ReuseLink,
    Source,
    Span,
    Story,
    TimeExpression,
)
from storyline.pipeline import Pipeline, RunReport
from storyline.store import SqliteStore, Store, open_store
from storyline.version import __version__

__all__ = [
    "Article",
    "ArticleAnnotations",
    "Claim",
    "ClaimGroup",
    "ConfigError",
    "Corpus",
    "Discrepancy",
    "Entity",
    "Event",
    "InputError",
    "Mention",
    "MissingExtra",
    "NotFound",
    "OriginGroup",
    "Pipeline",
    "PlanError",
    "Position",
    "Quote",
    "QuoteGroup",
    "Rejection",
    "ReuseLink",
    "RunReport",
    "Settings",
    "Source",
    "Span",
    "SqliteStore",
    "StageError",
    "Store",
    "StoreError",
    "Story",
    "StorylineError",
    "TimeExpression",
    "__version__",
    "load_settings",
    "open_store",
]
