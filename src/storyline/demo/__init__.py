"""The bundled demo corpus (fictional articles) and its gold annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def corpus_dir() -> Path:
    """The directory holding the demo articles."""
    return _HERE / "corpus"


def load_gold() -> dict[str, Any]:
    """The demo corpus's gold annotations (stories, reuse groups, quotes, events, discrepancies)."""
    return json.loads((_HERE / "gold.json").read_text(encoding="utf-8"))
