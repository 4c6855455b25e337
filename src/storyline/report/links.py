"""Where the web UI's pages live: the URL of a story, a section, an entity, an article (with an
evidence span highlighted), and the :class:`~storyline.report.html.Links` a story's sections
are rendered with on the web. Pure functions: the story page is also rendered at build time
(:mod:`storyline.report.page`), with the links the live page has."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from storyline.report.html import Links

STORY_SECTION_LIMIT = 12  # items a section shows on the story page before "Show all"
SECTION_PAGE_ITEMS = 100  # items on one page of a section's own pages


def story_url(story_id: str, suffix: str = "") -> str:
    """The dossier page of a story (``suffix``: ``.csv``, ``.md``, ``/claims`` …)."""
    return f"/story/{quote(story_id, safe='')}{suffix}"


def entity_url(entity_id: str) -> str:
    """The page of a person or organisation."""
    return f"/entity/{quote(entity_id, safe='')}"


def article_url(article_id: str, ev: dict[str, Any] | None = None) -> str:
    """An article page, with the given evidence span highlighted and scrolled to."""
    base = f"/article/{quote(article_id, safe='')}"
    return f"{base}?hl={ev['start']}-{ev['end']}#hl" if ev else base


def _evidence_link(ev: dict[str, Any]) -> str:
    return article_url(ev["article_id"], ev)


def section_pages(size: int, per_page: int = SECTION_PAGE_ITEMS) -> int:
    """How many pages a section of ``size`` items fills (at least one)."""
    return max(1, -(-size // per_page))


def section_url(story_id: str, key: str, page: int = 1) -> str:
    """One page of a section's own pages."""
    return story_url(story_id, f"/{key}") + (f"?page={page}" if page > 1 else "")


def section_links(story_id: str, page: int, per_page: int = SECTION_PAGE_ITEMS,
                  copy_pages: Mapping[str, int] | None = None) -> Links:
    """Where page ``page`` (from 1) of a section's own pages links to, and which items it shows."""
    return dataclasses.replace(story_links(story_id, per_page, sub=2, copy_pages=copy_pages),
                               offset=(page - 1) * per_page, paged=True)


def story_links(story_id: str, limit: int | None = STORY_SECTION_LIMIT, sub: int = 3,
                copy_pages: Mapping[str, int] | None = None) -> Links:
    """Where a story's sections link to on the web. ``copy_pages``: the page of the shared
    text page each anchor (``o-`` dispatch, ``r-`` pair of articles) is on (else the first)."""
    pages = copy_pages or {}

    def copies(anchor: str) -> str:
        url = section_url(story_id, "copies", pages.get(anchor, 1) if anchor else 1)
        return f"{url}#{anchor}" if anchor else url

    return Links(
        evidence=_evidence_link,
        article=article_url,
        entity=entity_url,
        section=lambda key: story_url(story_id, f"/{key}"),
        copies=copies,
        limit=limit,
        sub=sub,
    )
