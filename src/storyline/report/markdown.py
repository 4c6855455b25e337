"""The Markdown report: the same sections as the HTML report, as plain Markdown.

Article-derived text is passed through :func:`md` so that nothing in an article can become
Markdown markup or raw HTML in a renderer.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.report.view import (
    POSITIONS_NOTE,
    DossierIndex,
    StoryView,
    outlet_name,
    plural,
    role_name,
    short_title,
    shorten,
    story_views,
)

Item = dict[str, Any]

_ACTIVE = re.compile(r"([\\`*_\[\]#|<>~&])")
_LINE_START = re.compile(r"^(?:\d{1,9}[.)]|[-+=])")


def md(value: object, limit: int | None = None) -> str:
    """Article text made inert in Markdown: one line, markup characters backslash-escaped."""
    text = shorten("" if value is None else str(value), limit or 10**9)
    text = _ACTIVE.sub(r"\\\1", text)
    start = _LINE_START.match(text)
    if start:  # a list marker or heading underline at the start of a line
        cut = start.end() - 1
        text = f"{text[:cut]}\\{text[cut:]}"
    return text


def _cites(evidence: list[Item], index: DossierIndex, limit: int = 6) -> str:
    """Evidence items as bracketed article labels (outlet · date · short title), one per
    article."""
    aids = list(dict.fromkeys(ev["article_id"] for ev in evidence))
    names = [f"\\[{md(index.label(aid))}\\]" for aid in aids[:limit]]
    more = len(aids) - limit
    return " ".join(names) + (f" and {plural(more, 'more article')}" if more > 0 else "")


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table from already-escaped cells."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return lines + [""]


def _sources(view: StoryView, index: DossierIndex) -> list[str]:
    rows = [
        [
            md(short_title(a, 90)),
            md(outlet_name(a)),
            md(a["published"] or "undated"),
            md(a["language"] or "?"),
            " ".join(x for x in (md(role_name(a["role"])), md(", ".join(a["agencies"]))) if x),
        ]
        for a in view.articles
    ]
    return _table(["Title", "Outlet", "Published", "Lang.", "Role / agencies"], rows)


def _provenance(view: StoryView, index: DossierIndex) -> list[str]:
    lines = ["Origins:", ""]
    for card in view.origin_cards:
        lines.append(f"- **{md(card.label)}** ({plural(len(card.groups), 'independent origin')},"
                     f" {plural(len(card.article_ids), 'article')})")
        for group in card.groups:
            members = "; ".join(
                f"{md(index.label(m['article_id']))} ({md(role_name(m['role']))})"
                for m in group["members"]
            )
            lines.append(f"    - {members}")
    lines += ["", "Shared text:", ""]
    if not view.reuse:
        lines.append("No shared text found.")
    for reuse in view.reuse:
        a, b = f"\\[{md(index.label(reuse['a']))}\\]", f"\\[{md(index.label(reuse['b']))}\\]"
        arrow = {"a->b": f"{b} copied {a}", "b->a": f"{a} copied {b}"}.get(
            reuse["direction"], f"{a} and {b} share text"
        )
        lines.append(f"- **{arrow}** (score {reuse['score']:.2f})")
        for al in reuse["alignments"][:6]:
            lines.append(
                f"    - {md(index.excerpt(al['a'], 200))} ⟷ "
                f"{md(index.excerpt(al['b'], 200))} ({al['similarity']:.2f})"
            )
    return [*lines, ""]


def _entities(view: StoryView, index: DossierIndex) -> list[str]:
    rows = [
        [
            f"**{md(e['name'])}**"
            + (" (descriptor)" if e["is_descriptor"] else f" ({md(e['label'])})"),
            md("; ".join(e["titles"])),
            md("; ".join(e["aliases"])),
            f"{e['mention_count']} {_cites(e['evidence'], index, 3)}",
        ]
        for e in view.entities
    ]
    return (
        _table(["Name", "Titles", "Also called", "Mentions"], rows)
        if rows
        else ["No people or organisations found.", ""]
    )


def _quotes(view: StoryView, index: DossierIndex) -> list[str]:
    lines: list[str] = []
    for entry in view.quote_board:
        lines.append(
            f"**{md(entry.speaker)}** ({plural(len(entry.quotes), 'version')}, "
            f"{plural(entry.independent_origins, 'independent origin')})"
        )
        lines.append("")
        for q in entry.quotes:
            channel = f" {md(q['channel_text'])}" if q["channel_text"] else ""
            reported = "" if q["direct"] else " (reported)"
            cite = _cites(q["evidence"][:1], index)  # the pieces of a quote share one article
            lines.append(f"> {md(q['text'])} — {cite}{channel}{reported}")
            lines.append(">")
        lines[-1] = ""
    return lines or ["No quotes found.", ""]


def _timeline(view: StoryView, index: DossierIndex) -> list[str]:
    lines: list[str] = []
    for day, events in view.days:
        lines += [f"**{md(day)}**", ""]
        for ev in events:
            sched = " *(scheduled)*" if ev["scheduled"] else ""
            time = f"{md(ev['time'])} " if ev.get("time") else ""
            also = ev.get("also_dated") or []
            sched += f" (also reported as {md(', '.join(also))})" if also else ""
            place = f" in {md(ev['place'])}" if ev["place"] else ""
            who = f" — {md(', '.join(ev['participant_names']))}" if ev["participant_names"] else ""
            lines.append(
                f"- {time}{md(ev['kind'])}{sched}: {md(ev['summary'], 240)}{place}{who} "
                f"{_cites(ev['evidence'], index)}"
            )
        lines.append("")
    return lines or ["No events found.", ""]


def _claims(view: StoryView, index: DossierIndex) -> list[str]:
    rows = [
        [
            md(c["text"], 300) + (" **(disputed)**" if c["disputed"] else ""),
            md(", ".join(c["outlets"])),
            str(c["independent_origins"]),
            _cites(c["evidence"], index),
        ]
        for c in view.claims
    ]
    return (
        _table(["Claim", "Outlets", "Independent origins", "Evidence"], rows)
        if rows
        else ["No claims found.", ""]
    )


def _discrepancies(view: StoryView, index: DossierIndex) -> list[str]:
    lines: list[str] = []
    for disc in view.discrepancies:
        lines += [f"- **{md(disc['slot'])}**: {md(disc['description'])}"]
        for side in disc["sides"]:
            lines.append(
                f"    - {md(side['value'])} — {md(', '.join(side['outlets']))} "
                f"({plural(side['independent_origins'], 'independent origin')}) "
                f"{_cites(side['evidence'], index)}"
            )
    return [*lines, ""] if lines else ["No discrepancies found.", ""]


def _positions(view: StoryView, index: DossierIndex) -> list[str]:
    matrix = view.positions
    if not matrix.actors:
        return ["No positions found.", ""]
    rows = [
        [f"**{md(actor)}**"]
        + [
            "<br>".join(
                f"*{md(p['stance'])}*: “{md(p['quote'], 160)}” {_cites(p['evidence'], index, 1)}"
                + (" (less sure)" if p.get("confident") is False else "")
                for p in matrix.cell(actor, issue)
            )
            for issue in matrix.issues
        ]
        for actor in matrix.actors
    ]
    table = _table(["Actor"] + [md(i) for i in matrix.issues], rows)
    return [f"*{md(POSITIONS_NOTE)}*", "", *table]


SECTIONS = [
    ("Sources", _sources),
    ("Provenance", _provenance),
    ("People & organisations", _entities),
    ("Quotes", _quotes),
    ("Timeline", _timeline),
    ("Claims", _claims),
    ("Discrepancies", _discrepancies),
    ("Positions", _positions),
]


def render_markdown(dossier: Item) -> str:
    """The whole dossier as a Markdown document."""
    index = DossierIndex.of(dossier)
    views = story_views(dossier)
    lines = [
        "# Story dossier",
        "",
        f"{plural(len(views), 'story', 'stories')}, {plural(len(dossier['articles']), 'article')} "
        f"(schema {dossier['schema_version']})",
        "",
    ]
    for view in views:
        s = view.story
        lines += [
            f"## {md(s['title'])}",
            "",
            f"{plural(s['article_count'], 'article')} from "
            f"{plural(len(s['outlets']), 'outlet')}, "
            f"{plural(s['independent_origins'], 'independent origin')}"
            + (f", first published {md(s['first_published'])}" if s["first_published"] else ""),
            "",
        ]
        for title, render in SECTIONS:
            lines += [f"### {title}", "", *render(view, index)]
    return "\n".join(lines).rstrip() + "\n"
