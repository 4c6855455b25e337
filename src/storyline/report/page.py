"""The first screen of a story's web page: its summary, coverage chart, copy graph and the
collapsed sections, rendered from the story's dossier.

The web UI renders it on request (:mod:`storyline.web.app`). For a story of many articles that
means reading every result of the story and building its whole dossier (tens of seconds at
5,000 articles), so a build renders the page of every story of at least
``Settings.page_min_articles`` articles when it rebuilds the story's results, and the store
keeps it with them, replaced and removed with them (:meth:`Store.view`). A stored page
is used only when it was rendered in this page format by this version of storyline and this
rendering code (a digest of the report modules); anything else is rendered on request, and
the next build renders it again.

The parts are plain JSON: the story record, the facts of the summary block, and HTML/SVG
strings that escape every piece of article text (:mod:`storyline.report.html`,
:mod:`storyline.report.svg`). With the page, the build keeps each of the story's articles'
evidence marks (what its article page highlights), so that an article page of a big story
reads its own rows, not the story; every page of each of its sections' own pages
(:func:`section_views`), so that paging through thousands of claims reads one row a page; and
each of its entities' part of their entity page (:func:`entity_views`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import zlib
from collections.abc import Sequence
from importlib import resources
from typing import Any

from storyline.model.records import Corpus
from storyline.report.dossier import build_dossier
from storyline.report.highlight import Mark, evidence_marks
from storyline.report.html import (
    SECTION_KEYS,
    Links,
    entity_story_body,
    quote_speakers,
    render_copies_page,
    render_section,
    render_story_sections,
    section_size,
    story_summary,
)
from storyline.report.links import (
    SECTION_PAGE_ITEMS,
    article_url,
    section_links,
    section_pages,
    story_links,
)
from storyline.report.svg import copy_graph, coverage_chart
from storyline.report.view import DossierIndex, StoryView, plural, story_view

PAGE_FORMAT = "story-page/1"
_RENDERERS = ("page.py", "links.py", "html.py", "svg.py", "view.py", "when.py", "sections.py",
              "dossier.py", "highlight.py")
PAGE_MIN_ARTICLES = 200  # the default of Settings.page_min_articles
COPIES = "copies"  # the shared text page, paged like a section
PAGED_KEYS = (*SECTION_KEYS, COPIES)


@functools.cache
def page_renderer() -> str:
    """This version of storyline and a digest of the code a page is rendered by, so that a
    page stored by other code is never served."""
    from storyline.version import __version__

    digest = hashlib.sha256()
    for name in _RENDERERS:
        digest.update(resources.files("storyline.report").joinpath(name).read_bytes())
    return f"storyline {__version__} ({digest.hexdigest()[:12]})"


def summary_block(view: StoryView) -> dict[str, Any]:
    """What the top of a story page says: what happened, when, how many independent origins
    behind how many articles, the open discrepancies, the main people (plain values)."""
    s = view.story
    first = (s["first_published"] or "")[:10]
    last = (s["last_published"] or "")[:10]
    people = [e for e in view.entities
              if not e["is_descriptor"] and e["label"] in ("PERSON", "ORG")][:6]
    scheduled = [(slot.heading, ev) for slot in view.timeline for ev in slot.events
                 if ev["scheduled"]][:3]
    return {
        "claims": [{"text": c["text"], "independent_origins": c["independent_origins"],
                    "outlets": len(c["outlets"])} for c in view.claims[:3]],
        "when": " to ".join(dict.fromkeys(d for d in (first, last) if d)) or "undated",
        "articles": plural(s["article_count"], "article"),
        "outlets": plural(len(s["outlets"]), "outlet"),
        "origins": plural(s["independent_origins"], "independent origin"),
        "discrepancy_count": len(view.discrepancies),
        "discrepancies": [d["description"] for d in view.discrepancies[:3]],
        "people": [{"id": e["id"], "name": e["name"], "title": (e["titles"] or [None])[0]}
                   for e in people],
        "scheduled": [{"heading": h, "summary": ev["summary"]} for h, ev in scheduled],
    }


def page_parts(view: StoryView, index: DossierIndex, links: Links | None = None
               ) -> dict[str, Any]:
    """The story page's parts: ``story`` (the dossier's story record), ``block`` (the
    summary's facts), and the escaped HTML of ``summary`` (one line), ``coverage`` and
    ``graph`` (SVG) and ``body`` (the collapsed sections)."""
    sid = view.story["id"]
    links = links or story_links(sid, copy_pages=copy_pages(view))
    return {
        "format": PAGE_FORMAT,
        "generated_by": page_renderer(),
        "story": view.story,
        "block": summary_block(view),
        "summary": story_summary(view),
        "coverage": coverage_chart(view, article_url),
        "graph": copy_graph(view, article_url, links.copies),
        "body": render_story_sections(view, index, links=links, collapsed=True),
    }


def section_page(view: StoryView, index: DossierIndex, key: str, page: int,
                 per_page: int | None = None) -> dict[str, Any]:
    """Page ``page`` (from 1, past the last: the last) of a section's own pages of
    ``per_page`` items (default ``SECTION_PAGE_ITEMS``): ``html`` (escaped), ``page``,
    ``pages`` and ``size`` (the items of all pages)."""
    per_page = per_page or SECTION_PAGE_ITEMS
    size = section_size(key, view)
    pages = section_pages(size, per_page)
    page = min(max(page, 1), pages)
    links = section_links(view.story["id"], page, per_page, copy_pages(view, per_page))
    html = render_copies_page(view, index, links) if key == COPIES else \
        render_section(view, index, key, links)
    return {"format": PAGE_FORMAT, "generated_by": page_renderer(), "key": key,
            "html": html, "page": page, "pages": pages, "size": size}


def copy_pages(view: StoryView, per_page: int | None = None) -> dict[str, int]:
    """The page of the shared text page (:func:`section_page` of ``copies``) each of its
    anchors is on (:meth:`StoryView.copy_pages`; default size ``SECTION_PAGE_ITEMS``)."""
    return view.copy_pages(per_page or SECTION_PAGE_ITEMS)


def _packed(page: dict[str, Any]) -> dict[str, Any]:
    """A section page as stored: its HTML compressed (tens of kilobytes of markup a page;
    stored compressed and in base64, two fifths of the size)."""
    packed = {k: v for k, v in page.items() if k != "html"}
    packed["html_z"] = base64.b64encode(zlib.compress(page["html"].encode(), 6)).decode()
    return packed


def read_section(text: str | None) -> dict[str, Any] | None:
    """A stored page of a section, or None (then it is rendered on request)."""
    page = _current(text)
    if page is None:
        return None
    try:
        html = zlib.decompress(base64.b64decode(page.pop("html_z"), validate=True)).decode()
    except (KeyError, TypeError, ValueError, zlib.error):
        return None
    return {**page, "html": html}


def section_view_id(story_id: str, key: str, page: int) -> str:
    """The id a stored page of a section is kept under."""
    return f"{story_id}/{key}/{page}"


def section_views(view: StoryView, index: DossierIndex) -> list[tuple[str, str, str, str]]:
    """Every page of every section of a story, as the rows the store keeps:
    ``("section", story id/section/page, story id, JSON)``."""
    sid = view.story["id"]
    rows = []
    for key in PAGED_KEYS:
        first = section_page(view, index, key, 1)
        for n in range(1, first["pages"] + 1):
            page = first if n == 1 else section_page(view, index, key, n)
            rows.append(("section", section_view_id(sid, key, n), sid,
                         page_json(_packed(page))))
    return rows


def entity_part(story_id: str, item: dict[str, Any], events: int, body: str) -> dict[str, Any]:
    """What an entity's page shows of it in one story: its mentions, articles and titles
    there, how many timeline events it takes part in, and the HTML of its quotes and
    positions (:func:`~storyline.report.html.render_entity_story`)."""
    return {"format": PAGE_FORMAT, "generated_by": page_renderer(), "story_id": story_id,
            "mention_count": item["mention_count"], "article_count": len(item["article_ids"]),
            "titles": list(item["titles"]), "events": events, "body": body}


def entity_views(dossier: dict[str, Any], view: StoryView, index: DossierIndex
                 ) -> list[tuple[str, str, str, str]]:
    """Each of a story's entities' part of its entity page, as the rows the store keeps:
    ``("entity_page", entity id, story id, JSON)`` (:func:`entity_part`)."""
    sid = view.story["id"]
    links = story_links(sid, None)
    entries: dict[str, list[Any]] = {}
    for entry in view.quote_board:
        for eid in quote_speakers(entry):
            entries.setdefault(eid, []).append(entry)
    positions: dict[str, list[dict[str, Any]]] = {}
    for cell in view.positions.cells.values():
        for pos in cell:
            positions.setdefault(pos["actor"], []).append(pos)
    events: dict[str, int] = {}
    for ev in dossier["timeline"]:
        if ev["story_id"] == sid:
            for pid in set(ev["participants"]):
                events[pid] = events.get(pid, 0) + 1
    rows = []
    for item in dossier["entities"]:
        if item["story_id"] == sid:
            eid = item["id"]
            body = entity_story_body(entries.get(eid, []), positions.get(eid, []), index, links)
            rows.append(("entity_page", eid, sid,
                         page_json(entity_part(sid, item, events.get(eid, 0), body))))
    return rows


def read_entity(text: str | None) -> dict[str, Any] | None:
    """An entity's stored part of its entity page, or None (then its story is read)."""
    return _current(text)


def story_views(corpus: Corpus, story_ids: Sequence[str], min_articles: int
                ) -> list[tuple[str, str, str, str]]:
    """What the web UI shows of those of these stories in the corpus that have at least
    ``min_articles`` articles (``min_articles`` 0 or less: none), as the rows the store keeps
    with their results: ``("page", story id, story id, JSON)`` for each story's page,
    ``("marks", article id, story id, JSON)`` for the evidence marks of each of its articles
    (what the article's page highlights), the pages of its sections (:func:`section_views`)
    and its entities' parts of their pages (:func:`entity_views`)."""
    wanted = set(story_ids)
    big = [s.id for s in corpus.stories
           if s.id in wanted and len(s.article_ids) >= min_articles]
    if not big or min_articles < 1:
        return []
    dossier = build_dossier(corpus, big)
    index = DossierIndex.of(dossier)
    marks = evidence_marks(dossier)
    rows = []
    for story in dossier["stories"]:
        sid = story["id"]
        view = story_view(dossier, story)
        rows.append(("page", sid, sid, page_json(page_parts(view, index))))
        rows.extend(section_views(view, index))
        rows.extend(entity_views(dossier, view, index))
        rows.extend(("marks", aid, sid, marks_json(marks.get(aid, [])))
                    for aid in story["article_ids"])
    return rows


def marks_json(marks: Sequence[Mark]) -> str:
    """An article's evidence marks as the JSON text the store keeps."""
    return page_json({"format": PAGE_FORMAT, "generated_by": page_renderer(),
                      "marks": [[m.start, m.end, m.kind] for m in marks]})


def read_marks(text: str | None) -> list[Mark] | None:
    """An article's stored evidence marks, or None when there are none or they were made by
    other code (then the article's page reads its story)."""
    parts = _current(text)
    try:
        return None if parts is None else [Mark(int(a), int(b), str(k))
                                           for a, b, k in parts["marks"]]
    except (KeyError, TypeError, ValueError):
        return None


def page_json(parts: dict[str, Any]) -> str:
    """A page's parts as the JSON text the store keeps."""
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def read_page(text: str | None) -> dict[str, Any] | None:
    """A stored page's parts, or None when there is none or it was rendered by another
    version of storyline or in another format (then the page is rendered on request)."""
    return _current(text)


def _current(text: str | None) -> dict[str, Any] | None:
    """Stored JSON made in this format by this renderer, else None."""
    if not text:
        return None
    try:
        parts = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parts, dict) or parts.get("format") != PAGE_FORMAT \
            or parts.get("generated_by") != page_renderer():
        return None
    return parts
