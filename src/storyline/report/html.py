"""The HTML report: one self-contained page (inline CSS, no scripts, no external resources).

Built with :func:`html.escape` so it needs no optional dependency. Every string that comes from
an article (titles, outlets, names, quotes, values) goes through :func:`esc`; the web UI reuses
:func:`render_story_sections` with links to its article pages.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from storyline.report.view import DossierIndex, StoryView, shorten, story_views

Item = dict[str, Any]
LinkFor = Callable[[Item], "str | None"]

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:0;
 background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.35rem;margin:2rem 0 .5rem;
 border-bottom:2px solid #d7dbe3;padding-bottom:.3rem}h3{font-size:1.1rem;margin:1.6rem 0 .4rem}
h4{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.4rem 0 1rem}
th,td{border:1px solid #d7dbe3;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}
blockquote{margin:.3rem 0;padding:.2rem .8rem;border-left:3px solid #8a94a8;background:#fff}
.muted{color:#5f6878;font-size:.9em}.cite{font-size:.85em;color:#2a5db0;margin-right:.4em}
a.cite{text-decoration:none}a.cite:hover{text-decoration:underline}
.tag{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;background:#e4e8ef;
 margin-right:.3em}.tag.warn{background:#fde2c4}.tag.ok{background:#d6f0dc}
.tag.sched{background:#dfe6fd}
.card{background:#fff;border:1px solid #d7dbe3;border-radius:6px;padding:.6rem .9rem;
 margin:.5rem 0}
.excerpt{font-family:Georgia,serif}ul.plain{list-style:none;padding-left:0}
mark{background:#fff2a8}mark.quote{background:#d9ecff}mark.claim{background:#e8f5d8}
mark.reuse{background:#f1e4ff}mark.hl{background:#ffd166;outline:2px solid #e09f00}
"""


def esc(value: object) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def _no_link(ev: Item) -> str | None:
    """Reports without article pages cite by outlet only."""
    return None


def _cite(ev: Item, index: DossierIndex, link: LinkFor) -> str:
    """One evidence item as a citation (a link when the caller has article pages)."""
    label = esc(index.label(ev["article_id"]))
    href = link(ev)
    title = esc(index.excerpt(ev, 160))
    if href is None:
        return f'<span class="cite" title="{title}">[{label}]</span>'
    return f'<a class="cite" href="{esc(href)}" title="{title}">[{label}]</a>'


def _cites(evidence: Iterable[Item], index: DossierIndex, link: LinkFor, limit: int = 8) -> str:
    """Citations for a list of evidence items, with a count of the rest."""
    items = list(evidence)
    out = " ".join(_cite(ev, index, link) for ev in items[:limit])
    more = len(items) - limit
    return out + (f' <span class="muted">and {more} more</span>' if more > 0 else "")


def _tag(text: object, kind: str = "") -> str:
    return f'<span class="tag {kind}">{esc(text)}</span>'


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table from already-escaped cells."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _empty(what: str) -> str:
    return f'<p class="muted">No {esc(what)} found.</p>'


def _sources(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    rows = []
    for art in view.articles:
        ev = {"article_id": art["id"], "start": 0, "end": len(art["text"])}
        title = esc(art["title"] or shorten(art["text"], 80))
        href = link(ev)
        title_html = f'<a href="{esc(href)}">{title}</a>' if href else title
        rows.append(
            [
                title_html,
                esc(art["outlet"] or "unknown outlet"),
                esc(art["published"]),
                esc(art["language"]),
                _tag(art["role"]) + esc(", ".join(art["agencies"])),
            ]
        )
    return _table(["Title", "Outlet", "Published", "Lang.", "Role / agencies"], rows)


def _provenance(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    parts = ["<h4>Origin groups</h4>"]
    for group in view.origins:
        members = ", ".join(
            f"{esc(index.label(m['article_id']))} {_tag(m['role'])}" for m in group["members"]
        )
        label = esc(group["label"] or "unlabelled origin")
        parts.append(
            f'<div class="card"><strong>{label}</strong> '
            f'<span class="muted">({len(group["members"])} articles)</span>'
            f"<br>{members}</div>"
        )
    parts.append("<h4>Shared text</h4>")
    if not view.reuse:
        parts.append(_empty("reuse links"))
    for reuse in view.reuse:
        a, b = esc(index.label(reuse["a"])), esc(index.label(reuse["b"]))
        arrow = {"a->b": f"{b} copied {a}", "b->a": f"{a} copied {b}"}.get(
            reuse["direction"], f"{a} and {b} share text (direction unknown)"
        )
        rows = [
            [
                f'<span class="excerpt">{esc(index.excerpt(al["a"], 200))}</span> '
                + _cite(al["a"], index, link),
                f'<span class="excerpt">{esc(index.excerpt(al["b"], 200))}</span> '
                + _cite(al["b"], index, link),
                f"{al['similarity']:.2f}",
            ]
            for al in reuse["alignments"][:6]
        ]
        more = len(reuse["alignments"]) - 6
        note = f'<p class="muted">and {more} more aligned passages</p>' if more > 0 else ""
        reason = (
            f' <span class="muted">({esc(reuse["direction_reason"])})</span>'
            if reuse["direction_reason"]
            else ""
        )
        parts.append(
            f'<div class="card"><strong>{arrow}</strong>{reason} '
            f'<span class="muted">score {reuse["score"]:.2f}</span>'
            + _table([a, b, "Sim."], rows)
            + note
            + "</div>"
        )
    return "".join(parts)


def _entities(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    rows = []
    for ent in view.entities:
        kind = _tag("descriptor") if ent["is_descriptor"] else _tag(ent["label"])
        rows.append(
            [
                f"<strong>{esc(ent['name'])}</strong> {kind}",
                esc("; ".join(ent["titles"])),
                esc("; ".join(ent["aliases"])),
                f"{ent['mention_count']} " + _cites(ent["evidence"], index, link, 4),
            ]
        )
    return (
        _table(["Name", "Titles", "Also called", "Mentions"], rows)
        if rows
        else _empty("people or organisations")
    )


def _quotes(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    parts = []
    for entry in view.quote_board:
        versions = []
        for q in entry.quotes:
            channel = (
                f' <span class="muted">{esc(q["channel_text"])}</span>' if q["channel_text"] else ""
            )
            kind = "" if q["direct"] else " " + _tag("reported")
            versions.append(
                f'<blockquote class="excerpt">{esc(q["text"])}</blockquote>'
                f"{_cite(q['evidence'][0], index, link)}{channel}{kind}"
            )
        parts.append(
            f'<div class="card"><strong>{esc(entry.speaker)}</strong> '
            f'<span class="muted">{len(entry.quotes)} version(s), '
            f"{entry.independent_origins} independent origin(s)</span>"
            + "".join(versions)
            + "</div>"
        )
    return "".join(parts) or _empty("quotes")


def _timeline(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    parts = []
    for day, events in view.days:
        items = []
        for ev in events:
            sched = " " + _tag("scheduled", "sched") if ev["scheduled"] else ""
            place = f' <span class="muted">in {esc(ev["place"])}</span>' if ev["place"] else ""
            who = esc(", ".join(ev["participant_names"]))
            who = f' <span class="muted">— {who}</span>' if who else ""
            time = (
                esc(ev["date"][10:].lstrip("T")) + " "
                if ev["date"] and len(ev["date"]) > 10
                else ""
            )
            items.append(
                f"<li>{time}{_tag(ev['kind'])}{sched} {esc(ev['summary'])}{place}{who} "
                f"{_cites(ev['evidence'], index, link)}</li>"
            )
        parts.append(f"<h4>{esc(day)}</h4><ul>{''.join(items)}</ul>")
    return "".join(parts) or _empty("events")


def _claims(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    rows = []
    for claim in view.claims:
        flag = _tag("disputed", "warn") if claim["disputed"] else ""
        single = (
            _tag("single origin")
            if claim["independent_origins"] <= 1
            else _tag(f"{claim['independent_origins']} independent origins", "ok")
        )
        rows.append(
            [
                f'<span class="excerpt">{esc(claim["text"])}</span> {flag}',
                esc(", ".join(claim["outlets"])),
                single,
                _cites(claim["evidence"], index, link, 6),
            ]
        )
    return _table(["Claim", "Outlets", "Origins", "Evidence"], rows) if rows else _empty("claims")


def _discrepancies(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    parts = []
    for disc in view.discrepancies:
        rows = [
            [
                f"<strong>{esc(side['value'])}</strong>",
                esc(", ".join(side["outlets"])),
                str(side["independent_origins"]),
                _cites(side["evidence"], index, link, 6),
            ]
            for side in disc["sides"]
        ]
        parts.append(
            f'<div class="card">{_tag(disc["slot"], "warn")} {esc(disc["description"])}'
            + _table(["Version", "Outlets", "Origins", "Evidence"], rows)
            + "</div>"
        )
    return "".join(parts) or _empty("discrepancies")


def _stance(pos: Item, index: DossierIndex, link: LinkFor) -> str:
    """One position in a matrix cell: stance, quote and citation."""
    quote = esc(shorten(pos["quote"], 160))
    cite = _cite(pos["evidence"][0], index, link)
    return f'<div>{_tag(pos["stance"])}<span class="excerpt">“{quote}”</span> {cite}</div>'


def _positions(view: StoryView, index: DossierIndex, link: LinkFor) -> str:
    matrix = view.positions
    if not matrix.actors:
        return _empty("positions")
    rows = []
    for actor in matrix.actors:
        cells = [f"<strong>{esc(actor)}</strong>"]
        for issue in matrix.issues:
            cells.append("".join(_stance(p, index, link) for p in matrix.cell(actor, issue)))
        rows.append(cells)
    return _table(["Actor"] + [esc(i) for i in matrix.issues], rows)


SECTIONS: list[tuple[str, str, Callable[[StoryView, DossierIndex, LinkFor], str]]] = [
    ("sources", "Sources", _sources),
    ("provenance", "Provenance", _provenance),
    ("people", "People & organisations", _entities),
    ("quotes", "Quotes", _quotes),
    ("timeline", "Timeline", _timeline),
    ("claims", "Claims", _claims),
    ("discrepancies", "Discrepancies", _discrepancies),
    ("positions", "Positions", _positions),
]


def render_story_sections(view: StoryView, index: DossierIndex, link: LinkFor | None = None) -> str:
    """The HTML of every section of one story (escaped; safe to embed in a page)."""
    link = link or _no_link
    sid = esc(view.story["id"])
    return "".join(
        f'<section id="{sid}-{key}"><h3>{esc(title)}</h3>{render(view, index, link)}</section>'
        for key, title, render in SECTIONS
    )


def story_summary(view: StoryView) -> str:
    """One escaped line: article count, outlets, dates and independent origins."""
    s = view.story
    dates = " – ".join(dict.fromkeys(d for d in (s["first_published"], s["last_published"]) if d))
    return (
        f"{s['article_count']} articles from {len(s['outlets'])} outlets, "
        f"{s['independent_origins']} independent origin(s)" + (f", {esc(dates)}" if dates else "")
    )


def render_html(dossier: Item) -> str:
    """The whole dossier as one standalone HTML page."""
    index = DossierIndex.of(dossier)
    views = story_views(dossier)
    toc = "".join(
        f'<li><a href="#{esc(v.story["id"])}">{esc(v.story["title"])}</a></li>' for v in views
    )
    body = "".join(
        f'<article id="{esc(v.story["id"])}"><h2>{esc(v.story["title"])}</h2>'
        f'<p class="muted">{story_summary(v)}</p>{render_story_sections(v, index)}</article>'
        for v in views
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Story dossier</title><style>{CSS}</style></head><body><main>"
        f'<h1>Story dossier</h1><p class="muted">{len(views)} stories, '
        f"{len(dossier['articles'])} articles · schema {esc(dossier['schema_version'])}</p>"
        f"<ul>{toc}</ul>{body or _empty('stories')}</main></body></html>\n"
    )
