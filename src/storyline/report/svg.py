"""Inline SVG pictures of a story, drawn on the server: no script, no network, no font file.

:func:`coverage_chart` shows how many articles each outlet published on each day (or week, or
month, for long stories); :func:`copy_graph` shows who copied whom — one box per origin (agency
or first publisher), its articles inside, an arrow from each original to each copy — with
every box and arrow linking to the aligned passages. Every piece of text is escaped, so the
result is well-formed XML whatever the articles say.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from storyline.report.view import (
    StoryView,
    article_day,
    article_label,
    outlet_name,
    plural,
    role_name,
    short_title,
    shorten,
)
from storyline.report.when import MONTHS

Item = dict[str, Any]
Href = Callable[[str], "str | None"]
WIDTH = 720
MAX_ROWS = 14  # outlets the coverage chart draws a row for; the rest share one
MAX_BOXES = 24
MAX_BOX_ROWS = 12  # articles drawn in one origin's box; the rest are counted
FONT = 'font-family="system-ui,sans-serif" font-size="12"'


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _none(_: str) -> str | None:
    return None


def _link(href: str | None, inner: str) -> str:
    return f'<a href="{_esc(href)}">{inner}</a>' if href else inner


def _svg(height: float, label: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {math.ceil(height)}"'
            f' width="100%" role="img" aria-label="{_esc(label)}" class="chart">'
            f"<title>{_esc(label)}</title>{body}</svg>")


def _day(art: Item) -> date | None:
    try:
        return date.fromisoformat(article_day(art))
    except ValueError:
        return None


def _bucket(first: date, last: date) -> tuple[str, Callable[[date], date]]:
    """The width of a column (day, week or month) for a story spanning first..last."""
    span = (last - first).days
    if span <= 45:
        return "day", lambda d: d
    if span <= 400:
        return "week", lambda d: d - timedelta(days=d.weekday())
    return "month", lambda d: d.replace(day=1)


def _short(d: date, unit: str) -> str:
    if unit == "month":
        return f"{MONTHS[d.month - 1][:3]} {d.year}"
    return f"{d.day} {MONTHS[d.month - 1][:3]}"


def coverage_chart(view: StoryView, article: Href = _none) -> str:
    """Articles per outlet over time, as rows of dots (bigger dot, more articles)."""
    dated = [(a, d) for a in view.articles if (d := _day(a)) is not None]
    undated = len(view.articles) - len(dated)
    if not dated:
        return ""
    first, last = min(d for _, d in dated), max(d for _, d in dated)
    unit, bucket = _bucket(first, last)
    start, end = bucket(first), bucket(last)
    outlets: dict[str, list[tuple[Item, date]]] = {}
    for art, d in sorted(dated, key=lambda x: (x[1], outlet_name(x[0]))):
        outlets.setdefault(outlet_name(art), []).append((art, d))
    names = list(outlets)
    if len(names) > MAX_ROWS:  # the rest share one row
        keep, rest = names[: MAX_ROWS - 1], names[MAX_ROWS - 1:]
        other = [x for n in rest for x in outlets[n]]
        outlets = {n: outlets[n] for n in keep}
        outlets[f"{plural(len(rest), 'other outlet')}"] = other
    left, right, top, row = 190, 24, 8, 24
    plot = WIDTH - left - right
    total_days = max((end - start).days, 1)

    def x(d: date) -> float:
        return left + plot * ((bucket(d) - start).days / total_days if end != start else 0.5)

    parts = []
    for i, (name, items) in enumerate(outlets.items()):
        y = top + row * i + row / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" {FONT} '
                     f'fill="#1d2330">{_esc(shorten(name, 28))}</text>'
                     f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
                     f'stroke="#e4e8ef"/>')
        cells: dict[date, list[Item]] = {}
        for art, d in items:
            cells.setdefault(bucket(d), []).append(art)
        for d, arts in cells.items():
            r = min(4 + 2.2 * math.sqrt(len(arts) - 1), 10)
            when = d.isoformat() if unit == "day" else f"the {unit} of {d.isoformat()}"
            tip = f"{name}: {plural(len(arts), 'article')} on {when}"
            dot = (f'<circle cx="{x(d):.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#2a5db0" '
                   f'fill-opacity="0.8"><title>{_esc(tip)}</title></circle>')
            parts.append(_link(article(arts[0]["id"]), dot))
    axis_y = top + row * len(outlets) + 4
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{WIDTH - right}" y2="{axis_y}" '
                 f'stroke="#8a94a8"/>')
    steps = total_days if unit == "day" else max(total_days // 7, 1)
    ticks = [start] if end == start else [
        start + timedelta(days=round(total_days * k / min(steps, 6))) for k in
        range(min(steps, 6) + 1)]
    for d in dict.fromkeys(bucket(t) for t in ticks):
        parts.append(f'<text x="{x(d):.1f}" y="{axis_y + 16}" text-anchor="middle" {FONT} '
                     f'fill="#555e6e">{_esc(_short(d, unit))}</text>')
    note = f", {plural(undated, 'undated article')} left out" if undated else ""
    label = (f"Articles per outlet over time: {plural(len(dated), 'article')} from "
             f"{plural(len(outlets), 'outlet')}, one column per {unit}{note}")
    return _svg(axis_y + 24, label, "".join(parts))


def copy_graph(view: StoryView, article: Href = _none, copies: Href = _none) -> str:
    """Who copied whom: a box per real origin (agency or first publisher, its label on top) with
    the articles behind it inside, one dispatch (origin group) after another, and an arrow from
    an original to each copy of it (dashed when the direction is unknown)."""
    by_id = {a["id"]: a for a in view.articles}
    cards = view.origin_cards
    if not cards:
        return ""
    shown, hidden = cards[:MAX_BOXES], cards[MAX_BOXES:]
    cols = max(1, min(4, len(shown)))
    gap, row_h, head, split = 12, 20, 24, 8
    box_w = (WIDTH - gap * (cols + 1)) / cols
    chars = int(box_w / 7)
    pos: dict[str, tuple[float, float, int]] = {}  # article id -> (x, y, box index)
    boxes: list[str] = []
    y0 = gap

    def plan(card: Any) -> tuple[list[list[Any]], int]:
        """The members a box draws, dispatch by dispatch (at most MAX_BOX_ROWS), and how
        many it leaves out."""
        left, drawn = MAX_BOX_ROWS, []
        for group in card.groups:
            if left <= 0:
                break
            drawn.append(group["members"][:left])
            left -= len(drawn[-1])
        return drawn, len(card.article_ids) - (MAX_BOX_ROWS - left)

    def inner(card: Any) -> int:
        drawn, rest = plan(card)
        rows = sum(len(members) for members in drawn) + (1 if rest else 0)
        return row_h * rows + split * (len(drawn) - 1)

    for r in range(0, len(shown), cols):
        line = shown[r: r + cols]
        height = head + max(inner(card) for card in line) + 6
        for c, card in enumerate(line):
            bx = gap + c * (box_w + gap)
            named = any(by_id.get(a, {}).get("outlet") for a in card.article_ids) or \
                card.groups[0].get("label")
            label = card.label if named else "Unknown outlet"
            title = (f"{label}: {plural(len(card.groups), 'independent origin')}, "
                     f"{plural(len(card.article_ids), 'article')}")
            boxes.append(
                f'<rect x="{bx:.1f}" y="{y0}" width="{box_w:.1f}" height="{height}" rx="6" '
                f'fill="#fff" stroke="#c5cbd6"><title>{_esc(title)}</title></rect>'
                f'<text x="{bx + 8:.1f}" y="{y0 + 16}" {FONT} font-weight="600" '
                f'fill="#1d2330">{_esc(shorten(label, chars))}</text>')
            ny = y0 + head
            drawn, rest = plan(card)
            for k, members in enumerate(drawn):
                if k:
                    boxes.append(f'<line x1="{bx + 8:.1f}" y1="{ny + split / 2 - 1:.1f}" '
                                 f'x2="{bx + box_w - 8:.1f}" y2="{ny + split / 2 - 1:.1f}" '
                                 f'stroke="#c5cbd6" stroke-dasharray="3 3"/>')
                    ny += split
                for m in members:
                    art = by_id.get(m["article_id"], {"id": m["article_id"], "text": ""})
                    nx, cy = bx + 26, ny + row_h / 2
                    pos[m["article_id"]] = (nx, cy, r + c)
                    fill = {"origin": "#2a5db0", "independent": "#2f7d4f"}.get(
                        m["role"], "#8a5cc2")
                    day = article_day(art)
                    name = (f"{outlet_name(art)} · {day[5:] or '?'}" if art.get("outlet")
                            else f"{day[5:] or '?'} · {short_title(art)}")
                    tip = f"{article_label(art)} ({role_name(m['role'])})"
                    node = (f'<circle cx="{nx:.1f}" cy="{cy:.1f}" r="6" fill="{fill}">'
                            f"<title>{_esc(tip)}</title></circle>"
                            f'<text x="{nx + 12:.1f}" y="{cy + 4:.1f}" {FONT} fill="#1d2330">'
                            f"{_esc(shorten(name, chars - 4))}</text>")
                    boxes.append(_link(article(m["article_id"]), node))
                    ny += row_h
            if rest:
                boxes.append(f'<text x="{bx + 20:.1f}" y="{ny + row_h / 2 + 4:.1f}" {FONT} '
                             f'fill="#555e6e">{_esc("+ " + plural(rest, "more article"))}'
                             "</text>")
        y0 += height + gap
    groups = [g for card in cards for g in card.groups]
    edges = []
    for link in view.reuse:
        if link["a"] not in pos or link["b"] not in pos:
            continue
        src, dst = (link["b"], link["a"]) if link["direction"] == "b->a" else (link["a"], link["b"])
        (x1, y1, b1), (x2, y2, b2) = pos[src], pos[dst]
        dashed = ' stroke-dasharray="4 3"' if link["direction"] not in ("a->b", "b->a") else ""
        if b1 == b2:  # inside one box: an arc on its left
            bend = 14 + 4 * min(abs(y2 - y1) / row_h, 4)
            path = f"M{x1 - 6:.1f},{y1:.1f} C{x1 - bend - 6:.1f},{y1:.1f} " \
                   f"{x2 - bend - 6:.1f},{y2:.1f} {x2 - 7:.1f},{y2:.1f}"
        else:
            path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
        src_name = outlet_name(by_id.get(src, {}))
        dst_name = outlet_name(by_id.get(dst, {}))
        verb = "copied" if not dashed else "shares text with"
        tip = (f"{dst_name} {verb} {src_name}: "
               f"{plural(len(link['alignments']), 'aligned passage')}")
        edges.append(_link(copies(f"r-{link['id']}"),
                           f'<path d="{path}" fill="none" stroke="#d9822b" stroke-width="2"'
                           f'{dashed} marker-end="url(#sl-arrow)"><title>{_esc(tip)}</title>'
                           "</path>"))
    defs = ('<defs><marker id="sl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
            'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" '
            'fill="#d9822b"/></marker></defs>')
    note = ""
    if hidden:
        note = (f'<text x="{gap}" y="{y0 + 12}" {FONT} fill="#555e6e">and '
                f'{_esc(plural(len(hidden), "more origin"))} (see Provenance)</text>')
        y0 += 20
    label = (f"Who copied whom: {plural(len(view.articles), 'article')} behind "
             f"{plural(len(groups), 'independent origin')}; "
             f"{plural(len(view.reuse), 'pair')} of articles share text")
    return _svg(y0, label, defs + "".join(boxes) + "".join(edges) + note)
