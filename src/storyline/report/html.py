"""The HTML report: one self-contained page (inline CSS, no scripts, no external resources).

Built with :func:`html.escape` so it needs no optional dependency. Every string that comes from
an article (titles, outlets, names, quotes, values) goes through :func:`esc`; the web UI reuses
:func:`render_story_sections` with :class:`Links` to its article, entity and section pages, a
cap on the items a section shows, and each section collapsed in a ``<details>``.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from storyline.report.svg import copy_graph, coverage_chart
from storyline.report.view import (
    POSITIONS_NOTE,
    DossierIndex,
    OriginCard,
    QuoteBoardEntry,
    StoryView,
    article_day,
    outlet_name,
    plural,
    role_name,
    short_title,
    shorten,
    story_views,
)

Item = dict[str, Any]
Owner = TypeVar("Owner")
T = TypeVar("T")
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
.scroll{overflow-x:auto;max-width:100%}.scroll table{margin:0}
blockquote{margin:.3rem 0;padding:.2rem .8rem;border-left:3px solid #8a94a8;background:#fff}
.muted{color:#555e6e;font-size:.9em}.cite{font-size:.85em;color:#1f4f9c;margin-right:.4em}
a.cite{text-decoration:none}a.cite:hover{text-decoration:underline}
.tag{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;background:#e4e8ef;
 margin-right:.3em}.tag.warn{background:#fde2c4}.tag.ok{background:#d6f0dc}
.tag.sched{background:#dfe6fd}
.card{background:#fff;border:1px solid #d7dbe3;border-radius:6px;padding:.6rem .9rem;
 margin:.5rem 0;overflow-wrap:anywhere}
.excerpt{font-family:Georgia,serif}ul.plain{list-style:none;padding-left:0}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.6rem}
.side{border:1px solid #d7dbe3;border-radius:6px;padding:.4rem .6rem;background:#fbfbfc}
ol.axis{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid #c5cbd6}
ol.axis>li{position:relative;margin:0 0 .8rem}
ol.axis>li::before{content:"";position:absolute;left:-1.45rem;top:.45rem;width:.7rem;
 height:.7rem;border-radius:50%;background:#2a5db0}
ol.axis .when{margin:.1rem 0;font-size:1rem}ol.axis ul{margin:.2rem 0;padding-left:1.1rem}
mark{background:#fff2a8}mark.quote{background:#d9ecff}mark.claim{background:#e8f5d8}
mark.reuse{background:#f1e4ff}mark.hl{background:#ffd166;outline:2px solid #e09f00}
.figure{background:#fff;border:1px solid #d7dbe3;border-radius:6px;padding:.4rem;overflow-x:auto}
.figure svg{display:block;min-width:560px;max-width:860px;height:auto}
"""


def esc(value: object) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def _none(_: str) -> str | None:
    return None


def _no_link(ev: Item) -> str | None:
    """Reports without article pages cite by label only."""
    return None


@dataclass(frozen=True)
class Links:
    """Where a rendered section links to: an evidence span (an article page), an entity page,
    the full page of a section, the aligned passages of a reuse link or origin group; and how
    many items a section shows before it links to its full page (None: all).

    ``paged``: the section is one page of its own full page, items ``offset`` to ``offset +
    limit`` of it (:func:`section_size` counts them), shown in full and without a link to the
    rest (the page has its own navigation)."""

    evidence: LinkFor = _no_link
    article: Callable[[str], str | None] = _none
    entity: Callable[[str], str | None] = _none
    section: Callable[[str], str | None] = _none
    copies: Callable[[str], str | None] = _none
    limit: int | None = None
    sub: int = 4  # the level of the headings inside a section
    offset: int = 0
    paged: bool = False

    def h(self, text: str, cls: str = "") -> str:
        """A heading inside a section (``text`` already escaped)."""
        attr = f' class="{cls}"' if cls else ""
        return f"<h{self.sub}{attr}>{text}</h{self.sub}>"


def _cite(ev: Item, index: DossierIndex, link: LinkFor) -> str:
    """One evidence item as a citation (a link when the caller has article pages)."""
    label = esc(index.label(ev["article_id"]))
    href = link(ev)
    if href is None:
        return f'<span class="cite">[{label}]</span>'
    return f'<a class="cite" href="{esc(href)}">[{label}]</a>'


def _cites(evidence: Iterable[Item], index: DossierIndex, link: LinkFor, limit: int = 8) -> str:
    """Citations for a list of evidence items (one per article), with a count of the rest."""
    items = list({ev["article_id"]: ev for ev in reversed(list(evidence))}.values())[::-1]
    out = " ".join(_cite(ev, index, link) for ev in items[:limit])
    more = len(items) - limit
    return out + (f' <span class="muted">and {plural(more, "more article")}</span>'
                  if more > 0 else "")


def _tag(text: object, kind: str = "") -> str:
    return f'<span class="tag {kind}">{esc(text)}</span>'


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table from already-escaped cells, in a box that scrolls on its own."""
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody>' \
           f"</table></div>"


def _empty(what: str) -> str:
    return f'<p class="muted">No {esc(what)} found.</p>'


def _article_link(art: Item, links: Links, text: str) -> str:
    href = links.evidence({"article_id": art["id"], "start": 0, "end": len(art["text"])})
    return f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)


def _entity_link(entity_id: str | None, name: str, links: Links) -> str:
    href = links.entity(entity_id) if entity_id else None
    return f'<a href="{esc(href)}">{esc(name)}</a>' if href else esc(name)


def _capped(items: list[Any], links: Links) -> list[Any]:
    """The items a section shows: the first ``limit`` (a story page) or one page of them."""
    end = None if links.limit is None else links.offset + links.limit
    return items[links.offset:end] if links.offset or end is not None else items


def _runs(pairs: Iterable[tuple[Owner, T]]) -> list[tuple[Owner, list[T]]]:
    """``(owner, item)`` pairs in order as each owner's run of items (a page that starts or
    ends inside an owner's items shows that owner with the part it holds)."""
    out: list[tuple[Owner, list[T]]] = []
    for owner, item in pairs:
        if not out or out[-1][0] is not owner:
            out.append((owner, []))
        out[-1][1].append(item)
    return out


def _brief(links: Links) -> bool:
    """Whether a section is shortened for the story page (a cap and a link to the rest)."""
    return links.limit is not None and not links.paged


def _more(key: str, shown: int, total: int, what: str, links: Links) -> str:
    """A link to a section's full page when the story page shows only part of it (``what``:
    the total said in words, "12 claims")."""
    href = links.section(key)
    if links.paged or shown >= total or href is None:
        return ""
    return f'<p class="more"><a href="{esc(href)}">Show all {esc(what)}</a></p>'


def _article_cite(article_id: str, index: DossierIndex, links: Links) -> str:
    """An article by its label, linked to its page (no span highlighted)."""
    label = esc(index.label(article_id))
    href = links.article(article_id)
    return f'<a class="cite" href="{esc(href)}">[{label}]</a>' if href else \
        f'<span class="cite">[{label}]</span>'


# --------------------------------------------------------------------------- sections


def _sources(view: StoryView, index: DossierIndex, links: Links) -> str:
    rows = []
    arts = _capped(view.articles, links)
    for art in arts:
        rows.append([
            _article_link(art, links, short_title(art, 90)),
            esc(outlet_name(art)),
            esc(art["published"] or "undated"),
            esc(art["language"] or "?"),
            _tag(role_name(art["role"])) + esc(", ".join(art["agencies"])),
        ])
    table = _table(["Article", "Outlet", "Published", "Language", "Provenance"], rows)
    return table + _more("sources", len(arts), len(view.articles),
                         plural(len(view.articles), "article"), links)


def _origin_cards(view: StoryView, index: DossierIndex, links: Links) -> str:
    """One card per origin with its dispatches and their articles; with a cap (the story
    page), the first ``limit`` cards, three dispatches a card and five articles a dispatch,
    the rest counted and linked to the copies page."""
    capped = _brief(links)
    cards: list[tuple[OriginCard, list[Item]]]
    if links.paged:  # one page of the dispatches, each under its card
        cards = _runs(_capped(view.origin_groups, links))
    else:
        cards = [(card, card.groups[:3] if capped else card.groups)
                 for card in _capped(view.origin_cards, links)]
    parts = []
    for card, shown_groups in cards:
        groups = []
        for group in shown_groups:
            shown = group["members"][:5] if capped else group["members"]
            members = "".join(
                f"<li>{_article_cite(m['article_id'], index, links)} "
                f"{_tag(role_name(m['role']))}</li>"
                for m in shown
            )
            rest = len(group["members"]) - len(shown)
            if rest:
                members += f'<li class="muted">and {plural(rest, "more article")}</li>'
            href = links.copies(f"o-{group['id']}")
            more = f' <a href="{esc(href)}">shared passages</a>' if href and len(
                group["members"]) > 1 else ""
            groups.append(f'<li id="o-{esc(group["id"])}"><span class="muted">'
                          f'{plural(len(group["members"]), "article")}</span>{more}'
                          f'<ul class="plain">{members}</ul></li>')
        rest = 0 if links.paged else len(card.groups) - len(groups)
        if rest:
            groups.append(f'<li class="muted">and {plural(rest, "more independent origin")}'
                          "</li>")
        dispatches = plural(len(card.groups), "independent origin")
        parts.append(
            f'<div class="card"><strong>{esc(card.label)}</strong> <span class="muted">'
            f'{dispatches} · {plural(len(card.article_ids), "article")}</span>'
            f'<ul>{"".join(groups)}</ul></div>')
    total = len(view.origin_cards)
    return "".join(parts) + _more("copies", len(cards), total, plural(total, "origin"), links)


def _reuse_line(reuse: Item, index: DossierIndex, links: Links) -> str:
    a = _article_cite(reuse["a"], index, links)
    b = _article_cite(reuse["b"], index, links)
    return {"a->b": f"{b} copied {a}", "b->a": f"{a} copied {b}"}.get(
        reuse["direction"], f"{a} and {b} share text (direction unknown)")


def render_copies(view: StoryView, index: DossierIndex, links: Links) -> str:
    """Every pair of articles that share text (one page of them when ``links.paged``), with
    the aligned passages side by side."""
    if not view.reuse:
        return _empty("shared text")
    parts = []
    for reuse in _capped(view.reuse, links) if links.paged else view.reuse:
        rows = [
            [
                f'<span class="excerpt">{esc(index.excerpt(al["a"], 300))}</span> '
                + _cite(al["a"], index, links.evidence),
                f'<span class="excerpt">{esc(index.excerpt(al["b"], 300))}</span> '
                + _cite(al["b"], index, links.evidence),
                f"{al['similarity']:.2f}",
            ]
            for al in reuse["alignments"]
        ]
        reason = (f' <span class="muted">({esc(reuse["direction_reason"])})</span>'
                  if reuse["direction_reason"] else "")
        parts.append(
            f'<div class="card" id="r-{esc(reuse["id"])}"><strong>'
            f'{_reuse_line(reuse, index, links)}</strong>{reason} '
            f'<span class="muted">{plural(len(rows), "aligned passage")}, score '
            f'{reuse["score"]:.2f}</span>'
            + _table([esc(index.outlet(reuse["a"])), esc(index.outlet(reuse["b"])), "Sim."], rows)
            + "</div>")
    return "".join(parts)


def render_copies_page(view: StoryView, index: DossierIndex, links: Links) -> str:
    """The page of a story's shared text: its origins, each dispatch with its articles, then
    every pair of articles that share text with the aligned passages side by side (when
    ``links.paged``, one page of the dispatches and one of the pairs)."""
    cards = _origin_cards(view, index, dataclasses.replace(links, copies=_none))
    return (links.h("Origins") + cards + links.h("Aligned passages")
            + render_copies(view, index, links))


def _provenance(view: StoryView, index: DossierIndex, links: Links) -> str:
    parts = [links.h("Origins"), _origin_cards(view, index, links), links.h("Shared text")]
    href = links.copies("")
    if href is not None:  # the aligned passages have a page of their own
        if not view.reuse:
            return "".join(parts) + _empty("shared text")
        pairs = "".join(
            f'<li>{_reuse_line(r, index, links)} · <a href="'
            f'{esc(links.copies("r-" + r["id"]))}">'
            f'{plural(len(r["alignments"]), "aligned passage")}</a></li>'
            for r in _capped(view.reuse, links))
        shown = len(_capped(view.reuse, links))
        return "".join(parts) + f"<ul>{pairs}</ul>" + _more(
            "copies", shown, len(view.reuse),
            plural(len(view.reuse), "pair of articles", "pairs of articles"), links)
    return "".join(parts) + render_copies(view, index, links)


def _entities(view: StoryView, index: DossierIndex, links: Links) -> str:
    rows = []
    ents = _capped(view.entities, links)
    for ent in ents:
        kind = _tag("descriptor") if ent["is_descriptor"] else _tag(ent["label"])
        rows.append([
            f"<strong>{_entity_link(ent['id'], ent['name'], links)}</strong> {kind}",
            esc("; ".join(ent["titles"])),
            esc("; ".join(ent["aliases"])),
            f"{ent['mention_count']} " + _cites(ent["evidence"], index, links.evidence, 3),
        ])
    if not rows:
        return _empty("people or organisations")
    return _table(["Name", "Titles", "Also called", "Mentions"], rows) + _more(
        "people", len(ents), len(view.entities),
        plural(len(view.entities), "person or organisation", "people and organisations"), links)


def carried_by(entry: QuoteBoardEntry) -> str:
    """Who carries an utterance: ``×2 outlets, 2 independent``; articles that name no outlet
    are counted as such, not left out (else 2 outlets could show 3 independent origins)."""
    if entry.article_count < 2:
        return "1 article"
    unknown = entry.unknown_outlet_articles
    carried = " + ".join(
        [plural(len(entry.outlets), "outlet")] * bool(entry.outlets)
        + [plural(unknown, "article") + " of no known outlet"] * bool(unknown))
    return f"×{carried}, {entry.independent_origins} independent"


def _quote_entry(entry: QuoteBoardEntry, index: DossierIndex, links: Links) -> str:
    """One utterance: its most used wording, how many outlets and independent origins carry it,
    the articles that use that wording; the other wordings collapsed below."""
    variants = entry.variants
    text, first = variants[0]
    meta = carried_by(entry)
    channel = next((q["channel_text"] for q in entry.quotes if q["channel_text"]), None)
    kind = "" if any(q["direct"] for q in entry.quotes) else " " + _tag("reported")
    head = (f'<blockquote class="excerpt">{esc(text)}</blockquote><p class="muted">{meta}'
            f'{" · " + esc(channel) if channel else ""}{kind} '
            f'{_cites([q["evidence"][0] for q in first], index, links.evidence, 4)}</p>')
    if len(variants) == 1:
        return f"<li>{head}</li>"
    rows = "".join(
        f'<li><span class="excerpt">{esc(shorten(v, 300))}</span> '
        f'{_cites([q["evidence"][0] for q in qs], index, links.evidence, 6)}</li>'
        for v, qs in variants[1:])
    return (f"<li>{head}<details><summary>{plural(len(variants) - 1, 'other wording')}"
            f"</summary><ul>{rows}</ul></details></li>")


def _speaker_pages(view: StoryView, links: Links) -> list[tuple[Any, list[QuoteBoardEntry]]]:
    """The speakers a quote section shows, each with the quotes it shows of theirs: on the
    story page the first speakers with three quotes each, on a page of its own one page of
    the quotes in board order (a speaker's card continued across pages)."""
    if links.paged:
        return _runs(_capped(view.speaker_entries, links))
    speakers = view.speakers
    shown = speakers if links.limit is None else speakers[: max(links.limit * 2 // 3, 1)]
    return [(sp, sp.entries if links.limit is None else sp.entries[:3]) for sp in shown]


def _quotes(view: StoryView, index: DossierIndex, links: Links) -> str:
    parts = []
    shown = _speaker_pages(view, links)
    for sp, entries in shown:
        rest = 0 if links.paged else len(sp.entries) - len(entries)
        more = f'<p class="muted">and {plural(rest, "more quote")}</p>' if rest > 0 else ""
        parts.append(
            '<div class="card">' + links.h(
                f'{_entity_link(sp.entity_id, sp.speaker, links)} '
                f'<span class="muted">{plural(len(sp.entries), "quote")}</span>')
            + '<ul class="plain">'
            + "".join(_quote_entry(e, index, links) for e in entries) + f"</ul>{more}</div>")
    total = len(view.quote_board)
    shown_count = sum(len(entries) for _, entries in shown)
    return ("".join(parts) or _empty("quotes")) + _more(
        "quotes", shown_count, total, plural(total, "quote"), links)


def _event(ev: Item, index: DossierIndex, links: Links) -> str:
    sched = " " + _tag("scheduled", "sched") if ev["scheduled"] else ""
    place = f' <span class="muted">in {esc(ev["place"])}</span>' if ev["place"] else ""
    who = esc(", ".join(ev["participant_names"]))
    who = f' <span class="muted">— {who}</span>' if who else ""
    time = f"<strong>{esc(ev.get('time'))}</strong> " if ev.get("time") else ""
    also = ev.get("also_dated") or []
    also_html = (f' <span class="muted">(also reported as {esc(", ".join(also))})</span>'
                 if also else "")
    return (f"<li>{time}{_tag(ev['kind'])}{sched} {esc(shorten(ev['summary'], 280))}{place}"
            f"{who}{also_html} {_cites(ev['evidence'], index, links.evidence, 4)}</li>")


def _timeline(view: StoryView, index: DossierIndex, links: Links) -> str:
    parts = []
    total = len(view.timeline_events)
    flat = _capped(view.timeline_events, links)
    shown = len(flat)
    for slot, events in _runs(flat):
        items = "".join(_event(ev, index, links) for ev in events)
        parts.append(f'<li>{links.h(esc(slot.heading), "when")}<ul>{items}</ul></li>')
    if not parts:
        return _empty("events")
    return f'<ol class="axis">{"".join(parts)}</ol>' + _more(
        "timeline", shown, total, plural(total, "event"), links)


def _claims(view: StoryView, index: DossierIndex, links: Links) -> str:
    rows = []
    claims = _capped(view.claims, links)
    for claim in claims:
        flag = _tag("disputed", "warn") if claim["disputed"] else ""
        single = (
            _tag("single origin")
            if claim["independent_origins"] <= 1
            else _tag(f"{claim['independent_origins']} independent origins", "ok")
        )
        rows.append([
            f'<span class="excerpt">{esc(shorten(claim["text"], 400))}</span> {flag}',
            esc(", ".join(claim["outlets"])) or '<span class="muted">unknown</span>',
            single,
            _cites(claim["evidence"], index, links.evidence, 3),
        ])
    if not rows:
        return _empty("claims")
    return _table(["Claim", "Outlets", "Corroboration", "Evidence"], rows) + _more(
        "claims", len(claims), len(view.claims), plural(len(view.claims), "claim"), links)


def _discrepancies(view: StoryView, index: DossierIndex, links: Links) -> str:
    parts = []
    shown = _capped(view.discrepancies, links)
    for disc in shown:
        sides = []
        for side in disc["sides"]:
            quotes = "".join(
                f'<blockquote class="excerpt">{esc(index.excerpt(ev, 220))}</blockquote>'
                f"{_cite(ev, index, links.evidence)}"
                for ev in side["evidence"][:2])
            more = len(side["evidence"]) - 2
            rest = f'<p class="muted">and {plural(more, "more report")}</p>' if more > 0 else ""
            sides.append(
                f'<div class="side"><p><strong>{esc(side["value"])}</strong></p>'
                f'<p class="muted">{esc(", ".join(side["outlets"]) or "unknown outlet")} · '
                f'{plural(side["independent_origins"], "independent origin")}</p>{quotes}{rest}'
                f"</div>")
        parts.append(
            f'<div class="card">{_tag(disc["slot"], "warn")} {esc(disc["description"])}'
            f'<div class="sides">{"".join(sides)}</div></div>')
    total = len(view.discrepancies)
    return ("".join(parts) or _empty("discrepancies")) + _more(
        "discrepancies", len(shown), total, plural(total, "discrepancy", "discrepancies"), links)


def _stance(pos: Item, index: DossierIndex, link: LinkFor) -> str:
    """One position in a matrix cell: stance, quote and citation."""
    quote = esc(shorten(pos["quote"], 140))
    cite = _cite(pos["evidence"][0], index, link)
    unsure = ' <span class="muted">(less sure)</span>' if pos.get("confident") is False else ""
    return (f'<div>{_tag(pos["stance"])}<span class="excerpt">“{quote}”</span> {cite}'
            f'{unsure}</div>')


def _positions(view: StoryView, index: DossierIndex, links: Links) -> str:
    matrix = view.positions
    if not matrix.actors:
        return _empty("positions")
    actors = [_entity_link(matrix.actor_ids.get(a), a, links) for a in matrix.actors]
    note = f'<p class="muted">{esc(POSITIONS_NOTE)}</p>'
    rows = []
    if matrix.transposed:  # more issues than actors: issues down the rows
        for issue in _capped(list(matrix.issues), links) if links.paged else matrix.issues:
            cells = [f"<strong>{esc(issue)}</strong>"]
            for actor in matrix.actors:
                cells.append("".join(_stance(p, index, links.evidence)
                                     for p in matrix.cell(actor, issue)))
            rows.append(cells)
        return note + _table(["Issue"] + actors, rows)
    pairs = list(zip(matrix.actors, actors, strict=True))
    for actor, shown in _capped(pairs, links) if links.paged else pairs:
        cells = [f"<strong>{shown}</strong>"]
        for issue in matrix.issues:
            cells.append("".join(_stance(p, index, links.evidence)
                                 for p in matrix.cell(actor, issue)))
        rows.append(cells)
    return note + _table(["Actor"] + [esc(i) for i in matrix.issues], rows)


def render_entity_story(view: StoryView, index: DossierIndex, entity_id: str,
                        links: Links) -> str:
    """What one person or organisation says and wants in one story: their quotes (grouped,
    variants collapsed) and their positions, each with its evidence."""
    entries = [e for e in view.quote_board if entity_id in quote_speakers(e)]
    positions = [p for cell in view.positions.cells.values() for p in cell
                 if p["actor"] == entity_id]
    return entity_story_body(entries, positions, index, links)


def quote_speakers(entry: QuoteBoardEntry) -> set[str]:
    """The entities a quote board entry is credited to (its speaker and its quotes')."""
    found = {q["speaker_entity_id"] for q in entry.quotes} | {entry.speaker_entity_id}
    return {s for s in found if s}


def entity_story_body(entries: list[QuoteBoardEntry], positions: list[Item],
                      index: DossierIndex, links: Links) -> str:
    """The HTML of :func:`render_entity_story` from the entity's quote board entries and
    positions, in story order."""
    quotes = "".join(_quote_entry(e, index, links) for e in entries)
    stances = "".join(
        f"<li>{_tag(p['stance'])} on <strong>{esc(p['issue'])}</strong>: "
        f'<span class="excerpt">“{esc(shorten(p["quote"], 200))}”</span> '
        f"{_cites(p['evidence'], index, links.evidence, 3)}</li>" for p in positions)
    out = [f"<h3>{plural(len(entries), 'quote')}</h3>",
           f'<ul class="plain">{quotes}</ul>' if quotes else _empty("quotes")]
    if positions:
        out += [f"<h3>{plural(len(positions), 'position')}</h3>", f"<ul>{stances}</ul>"]
    return "".join(out)


_COUNTS: dict[str, Callable[[StoryView], int]] = {
    "sources": lambda view: len(view.articles),
    "provenance": lambda view: len(view.origin_cards),
    "people": lambda view: len(view.entities),
    "quotes": lambda view: len(view.quote_board),
    "timeline": lambda view: len(view.timeline_events),
    "claims": lambda view: len(view.claims),
    "discrepancies": lambda view: len(view.discrepancies),
    "positions": lambda view: sum(len(c) for c in view.positions.cells.values()),
}


def _count(key: str, view: StoryView) -> int:
    return _COUNTS[key](view)


def section_size(key: str, view: StoryView) -> int:
    """How many items a section's own pages show in all: a page holds ``Links.limit`` of them
    (the rows of the positions table, else what the section's count counts)."""
    if key == "positions":
        matrix = view.positions
        return len(matrix.issues if matrix.transposed else matrix.actors) if matrix.actors else 0
    if key in ("provenance", "copies"):  # a page holds that many dispatches and pairs
        return max(len(view.origin_groups), len(view.reuse))
    return _count(key, view)


SECTIONS: list[tuple[str, str, Callable[[StoryView, DossierIndex, Links], str]]] = [
    ("sources", "Sources", _sources),
    ("provenance", "Provenance", _provenance),
    ("people", "People & organisations", _entities),
    ("quotes", "Quotes", _quotes),
    ("timeline", "Timeline", _timeline),
    ("claims", "Claims", _claims),
    ("discrepancies", "Discrepancies", _discrepancies),
    ("positions", "Positions", _positions),
]
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)


def render_section(view: StoryView, index: DossierIndex, key: str, links: Links) -> str:
    """The HTML of one section's content (escaped)."""
    for name, _, render in SECTIONS:
        if name == key:
            return render(view, index, links)
    raise KeyError(key)


def render_story_sections(
    view: StoryView,
    index: DossierIndex,
    link: LinkFor | None = None,
    *,
    links: Links | None = None,
    collapsed: bool = False,
) -> str:
    """The HTML of every section of one story (escaped; safe to embed in a page).

    ``collapsed``: each section is a closed ``<details>`` headed by an ``<h2>`` with its count
    (the web page); otherwise an open ``<section>`` headed by an ``<h3>`` (the report)."""
    links = links or Links(evidence=link or _no_link)
    sid = esc(view.story["id"])
    out = []
    for key, title, render in SECTIONS:
        body = render(view, index, links)
        if collapsed:
            out.append(
                f'<details class="section" id="{sid}-{key}"><summary><h2>{esc(title)} '
                f'<span class="count">{_count(key, view)}</span></h2></summary>{body}</details>')
        else:
            out.append(f'<section id="{sid}-{key}"><h3>{esc(title)}</h3>{body}</section>')
    return "".join(out)


def story_summary(view: StoryView) -> str:
    """One escaped line: article count, outlets, dates and independent origins."""
    s = view.story
    days = [article_day({"published": d}) for d in (s["first_published"], s["last_published"])
            if d]
    dates = " – ".join(dict.fromkeys(days))
    return (
        f"{plural(s['article_count'], 'article')} from {plural(len(s['outlets']), 'outlet')}, "
        f"{plural(s['independent_origins'], 'independent origin')}"
        + (f", {esc(dates)}" if dates else "")
    )


def _figures(view: StoryView) -> str:
    """The coverage chart and the copy graph of a story (inline SVG, no links: a file has no
    article pages to open)."""
    parts = [(title, svg) for title, svg in (("Coverage", coverage_chart(view)),
                                             ("Who copied whom", copy_graph(view))) if svg]
    return "".join(f'<section><h3>{title}</h3><div class="figure">{svg}</div></section>'
                   for title, svg in parts)


def render_html(dossier: Item) -> str:
    """The whole dossier as one standalone HTML page."""
    index = DossierIndex.of(dossier)
    views = story_views(dossier)
    toc = "".join(
        f'<li><a href="#{esc(v.story["id"])}">{esc(v.story["title"])}</a></li>' for v in views
    )
    body = "".join(
        f'<article id="{esc(v.story["id"])}"><h2>{esc(v.story["title"])}</h2>'
        f'<p class="muted">{story_summary(v)}</p>{_figures(v)}'
        f"{render_story_sections(v, index)}</article>"
        for v in views
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Story dossier</title><style>{CSS}</style></head><body><main>"
        f'<h1>Story dossier</h1><p class="muted">{plural(len(views), "story", "stories")}, '
        f"{plural(len(dossier['articles']), 'article')} · schema "
        f"{esc(dossier['schema_version'])}</p>"
        f"<ul>{toc}</ul>{body or _empty('stories')}</main></body></html>\n"
    )
