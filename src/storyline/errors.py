"""The exception tree.

    StorylineError                 every error this package raises on purpose
    ├── ConfigError                a setting is missing or invalid
    ├── InputError                 an input cannot be read (names the file and the reason)
    ├── PlanError                  a stage names a field that does not exist or is not provided
    ├── MissingExtra               an optional dependency is not installed (names the extra)
    ├── StoreError                 the database cannot be opened, migrated or written
    │   └── NotFound               a story, article or record id is not in the store
    └── StageError                 a stage broke its contract (wrote an undeclared field, had
                                   no parse), or failed on the one article it was asked for
"""

from __future__ import annotations

from types import ModuleType


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class ConfigError(StorylineError):
    """A setting is missing or invalid."""


class InputError(StorylineError):
    """An input cannot be read; the message names the input and the reason."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class PlanError(StorylineError):
    """A stage requires something that no earlier stage provides."""


class MissingExtra(StorylineError):
    """An optional dependency is missing."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"'{module}' is not installed; install the extra with: pip install 'storyline[{extra}]'"
        )
        self.module = module
        self.extra = extra


class StoreError(StorylineError):
    """The database cannot be opened, migrated or written."""


class NotFound(StoreError):
    """A story, article or record id is not in the store."""


class StageError(StorylineError):
    """A stage broke its contract, or failed on the one article it was asked for."""


def require(module: str, extra: str) -> ModuleType:
    """Import an optional module or raise :class:`MissingExtra` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module, extra) from exc
