"""The CSV report: one row per piece of evidence of every dossier item, for spreadsheets.

Columns: the section, the item's id and story, what the item says (its text), who (speaker,
actor, entity), what kind (event kind, stance, discrepancy slot, provenance role), when (a
normalised date), its outlets and independent origins, then the evidence: the article's label
(outlet · date · short title), id, offsets and the text at those offsets. A cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is prefixed with an apostrophe: article text is never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from storyline.report.view import DossierIndex, article_label, role_name

Item = dict[str, Any]
COLUMNS = ("section", "item_id", "story_id", "text", "who", "kind", "date", "outlets",
           "independent_origins", "article", "article_id", "start", "end", "evidence_text")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split()) if isinstance(value, str) \
        else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _items(d: Item) -> Iterator[tuple[str, Item, dict[str, object]]]:
    """(section, item, the item's columns) for every item that carries evidence."""
    for a in d["articles"]:
        yield "article", {**a, "evidence": [{"article_id": a["id"], "start": 0,
                                             "end": len(a["text"])}]}, {
            "text": a["title"] or "", "kind": role_name(a["role"]), "date": a["published"],
            "outlets": a["outlet"] or ""}
    for r in d["reuse"]:
        yield "shared text", r, {"kind": r["direction"], "text": f"score {r['score']:.2f}"}
    for e in d["entities"]:
        yield "entity", e, {"text": e["name"], "who": "; ".join(e["titles"]),
                            "kind": e["label"]}
    for q in d["quotes"]:
        yield "quote", q, {"text": q["text"], "who": q["speaker_label"] or q["speaker_text"],
                           "kind": "direct" if q["direct"] else "reported",
                           "outlets": q["outlet"] or ""}
    for ev in d["timeline"]:
        yield "timeline", ev, {"text": ev["summary"], "who": ", ".join(ev["participant_names"]),
                               "kind": ev["kind"] + (" (scheduled)" if ev["scheduled"] else ""),
                               "date": ev["date"]}
    for c in d["claims"]:
        yield "claim", c, {"text": c["text"], "kind": "disputed" if c["disputed"] else "",
                           "date": c["first_reported"]}
    for x in d["discrepancies"]:
        for side in x["sides"]:
            yield "discrepancy", {**x, **side}, {"text": f"{x['description']}: {side['value']}",
                                                 "kind": x["slot"]}
    for p in d["positions"]:
        yield "position", p, {"text": f"{p['issue']}: {p['quote']}", "who": p["actor_name"],
                              "kind": p["stance"]}


def render_csv(d: Item) -> str:
    """The dossier as CSV text (a header row, then one row per evidence span)."""
    index = DossierIndex.of(d)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for section, item, cols in _items(d):
        base = {
            "section": section, "item_id": item.get("id", ""),
            "story_id": item.get("story_id") or "",
            "outlets": ", ".join(item.get("outlets") or []),
            "independent_origins": item.get("independent_origins", ""), **cols,
        }
        for ev in item["evidence"]:
            art = index.articles.get(ev["article_id"])
            row = {**base, "article": article_label(art) if art else "",
                   "article_id": ev["article_id"], "start": ev["start"], "end": ev["end"],
                   "evidence_text": index.text(ev) if section != "article" else ""}
            writer.writerow([_cell(row.get(c, "")) for c in COLUMNS])
    return out.getvalue()
