"""Export: a dossier rendered as JSON, Markdown, HTML or CSV text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyline.errors import ConfigError

FORMATS = ("json", "md", "html", "csv")


def render(dossier: dict[str, Any], fmt: str) -> str:
    """The dossier as ``json``, ``md``, ``html`` or ``csv`` text."""
    from storyline.report.csv_report import render_csv
    from storyline.report.dossier import dossier_to_json
    from storyline.report.html import render_html
    from storyline.report.markdown import render_markdown

    renderers: dict[str, Callable[[dict[str, Any]], str]] = {
        "json": dossier_to_json,
        "md": render_markdown,
        "html": render_html,
        "csv": render_csv,
    }
    if fmt not in renderers:
        raise ConfigError(f"unknown export format '{fmt}' (choose json, md, html or csv)")
    return renderers[fmt](dossier)
