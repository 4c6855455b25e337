"""The display views shared by every renderer: the time axis, one label per article, origin
cards, the quote board by speaker, and the inline SVG pictures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from test_report_dossier import SCRIPT, sample_corpus

from storyline.report.dossier import build_dossier
from storyline.report.svg import copy_graph, coverage_chart
from storyline.report.view import (
    article_label,
    clean_summary,
    origin_cards,
    story_views,
    timeline_slots,
)
from storyline.report.when import when


def _event(eid: str, value: str | None, summary: str = "Something happened.",
           kind: str = "meeting", article: str = "a-1") -> dict[str, Any]:
    return {"id": eid, "date": value, "day": (value or "")[:10] or None, "kind": kind,
            "summary": summary, "scheduled": False, "place": None, "participants": [],
            "participant_names": [], "outlets": ["X"], "article_ids": [article],
            "independent_origins": 1,
            "evidence": [{"article_id": article, "start": 0, "end": 5}]}


@pytest.mark.parametrize("value, start, end, heading, time", [
    ("2025-03-10", date(2025, 3, 10), date(2025, 3, 10), "2025-03-10 · Monday", ""),
    ("2025-03-10T14:30", date(2025, 3, 10), date(2025, 3, 10), "2025-03-10 · Monday", "14:30"),
    ("2025-03-10TEV", date(2025, 3, 10), date(2025, 3, 10), "2025-03-10 · Monday", "evening"),
    ("2025-W11", date(2025, 3, 10), date(2025, 3, 16), "2025-W11 · week of 10–16 Mar 2025", ""),
    ("2025-W11-WE", date(2025, 3, 15), date(2025, 3, 16),
     "2025-W11 weekend · 15–16 Mar 2025", ""),
    ("2025-04", date(2025, 4, 1), date(2025, 4, 30), "2025-04 · April 2025", ""),
    ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31), "2025-Q4 · Oct–Dec 2025", ""),
    ("2022", date(2022, 1, 1), date(2022, 12, 31), "2022", ""),
    ("2025-03-10/2025-03-12", date(2025, 3, 10), date(2025, 3, 12),
     "2025-03-10 to 2025-03-12", ""),
    ("nonsense", None, None, "Undated", ""),
    (None, None, None, "Undated", ""),
])
def test_when_places_values_at_their_real_dates(value: str | None, start: date | None,
                                                end: date | None, heading: str,
                                                time: str) -> None:
    w = when(value)
    assert (w.start, w.end, w.heading, w.time) == (start, end, heading, time)


def test_timeline_sorts_by_real_dates_not_text() -> None:
    events = [_event("e1", "2025-04-12"), _event("e2", "2025-W11"), _event("e3", "2025-03-11"),
              _event("e4", "2025-03-10"), _event("e5", None), _event("e6", "2022"),
              _event("e7", "2025-W11-WE")]
    headings = [slot.heading for slot in timeline_slots(events)]
    assert headings == ["2022", "2025-03-10 · Monday", "2025-W11 · week of 10–16 Mar 2025",
                        "2025-03-11 · Tuesday", "2025-W11 weekend · 15–16 Mar 2025",
                        "2025-04-12 · Saturday", "Undated"]
    assert not any(h.endswith("-W") for h in headings)
    weekend = timeline_slots([_event("e7", "2025-W11-WE")])[0].events[0]
    assert weekend["time"] == ""  # no stray "E" before the item


def test_one_statement_is_listed_once_on_its_earliest_day() -> None:
    said = "Tomas Ferrand said the port would reopen."
    events = [_event("s2", "2025-03-11", said, "statement", "a-2"),
              _event("s1", "2025-03-10", said, "statement", "a-1"),
              _event("m1", "2025-03-11", said, "meeting", "a-3")]
    slots = timeline_slots(events)
    statements = [e for s in slots for e in s.events if e["kind"] == "statement"]
    assert len(statements) == 1
    assert statements[0]["date"] == "2025-03-10" and statements[0]["also_dated"] == ["2025-03-11"]
    assert {e["article_id"] for e in statements[0]["evidence"]} == {"a-1", "a-2"}
    assert sum(len(s.events) for s in slots) == 2  # the meeting is not a statement


@pytest.mark.parametrize("text, cleaned", [
    ('" The minister said the state would pay.', "The minister said the state would pay."),
    ("“ On Sunday night, they will meet.", "On Sunday night, they will meet."),
    ("”Then they left.", "Then they left."),
    ("“We will not walk away,” she said.", "“We will not walk away,” she said."),
    ("'Tis the season.", "'Tis the season."),
])
def test_clean_summary_drops_a_stray_opening_mark(text: str, cleaned: str) -> None:
    assert clean_summary(text) == cleaned


@pytest.mark.parametrize("art, label", [
    ({"outlet": "Harbor Daily", "published": "2025-03-10T16:05:00", "title": "Port shut",
      "text": "Port shut\n\nBody."}, "Harbor Daily · 2025-03-10 · Port shut"),
    ({"outlet": None, "url": "https://www.winknews.com/x", "published": "2022-01-09",
      "title": "Dim prospects", "text": ""}, "winknews.com · 2022-01-09 · Dim prospects"),
    ({"outlet": None, "agencies": ["MP"], "published": None, "title": None,
      "text": "Before the talks began, officials met. Then more.\n\nBody"},
     "Unknown outlet (MP) · undated · Before the talks began, officials met."),
    ({"outlet": None, "published": None, "title": "", "text": ""},
     "Unknown outlet · undated · (empty article)"),
    # directional overrides would reverse what follows the label on the page: dropped
    ({"outlet": "\u202eDaily\u202c", "published": None, "text": "",
      "title": "\u2067Deal\u2069 reached: \u202edockers go back to work at noon " + "x" * 60},
     "Daily · undated · Deal reached: dockers go back to work at noon xxxxxxxxxxxxx…"),
])
def test_article_label(art: dict[str, Any], label: str) -> None:
    assert article_label(art) == label


def test_origin_cards_one_per_agency_and_unknown_outlets_apart() -> None:
    arts = [{"id": f"a-{i}", "outlet": None if i > 3 else "Paper", "text": f"T{i}",
             "published": "2025-03-1" + str(i), "title": f"T{i}"} for i in range(6)]
    groups = [
        {"id": "g1", "label": "MP", "origin_article_id": "a-0",
         "members": [{"article_id": "a-0", "role": "origin"}, {"article_id": "a-1",
                                                              "role": "copy"}]},
        {"id": "g2", "label": "MP", "origin_article_id": "a-2",
         "members": [{"article_id": "a-2", "role": "origin"}]},
        {"id": "g3", "label": None, "origin_article_id": "a-4",
         "members": [{"article_id": "a-4", "role": "independent"}]},
        {"id": "g4", "label": None, "origin_article_id": "a-5",
         "members": [{"article_id": "a-5", "role": "independent"}]},
    ]
    cards = origin_cards(groups, arts)
    assert [c.label for c in cards][0] == "MP" and len(cards) == 3
    assert [g["id"] for g in cards[0].groups] == ["g1", "g2"]


def test_svg_pictures_are_well_formed_and_escape_hostile_text() -> None:
    for view in story_views(build_dossier(sample_corpus())):
        for svg in (coverage_chart(view, lambda a: f"/article/{a}?x=1&y=2"),
                    copy_graph(view, lambda a: f"/article/{a}", lambda x: f"/c#{x}")):
            root = ET.fromstring(svg)
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            assert "<script" not in svg and "<img" not in svg
            if view.story["id"] == "s-2":
                assert SCRIPT in "".join(root.itertext())


def _big_origin_view(n: int) -> Any:
    from storyline.report.view import StoryView, positions_matrix

    arts = [{"id": f"a-{i:02d}", "outlet": f"Outlet {i}", "text": "Text.", "published":
             "2025-03-10", "title": f"T{i}"} for i in range(n)]
    group = {"id": "g1", "label": "Wire", "origin_article_id": "a-00", "article_ids":
             [a["id"] for a in arts],
             "members": [{"article_id": a["id"], "role": "origin" if i == 0 else "copy"}
                         for i, a in enumerate(arts)]}
    story = {"id": "s-big", "title": "Big", "article_ids": [a["id"] for a in arts],
             "article_count": n, "outlets": [a["outlet"] for a in arts],
             "independent_origins": 1, "first_published": None, "last_published": None}
    return StoryView(story=story, articles=arts, origins=[group], reuse=[], entities=[],
                     quote_board=[], timeline=[], claims=[], discrepancies=[],
                     positions=positions_matrix([]))


def test_copy_graph_draws_at_most_max_box_rows_articles_an_origin_and_counts_the_rest(
) -> None:
    from storyline.report.svg import MAX_BOX_ROWS

    svg = copy_graph(_big_origin_view(MAX_BOX_ROWS + 18), lambda a: f"/article/{a}")
    root = ET.fromstring(svg)
    circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == MAX_BOX_ROWS
    assert "+ 18 more articles" in "".join(root.itertext())
    small = ET.fromstring(copy_graph(_big_origin_view(3), lambda a: f"/article/{a}"))
    assert len(small.findall(".//{http://www.w3.org/2000/svg}circle")) == 3
    assert "more article" not in "".join(small.itertext())


def test_coverage_chart_gives_max_rows_outlets_a_row_and_the_rest_one_together() -> None:
    from storyline.report.svg import MAX_ROWS

    svg = coverage_chart(_big_origin_view(MAX_ROWS + 6))  # one outlet per article
    text = "".join(ET.fromstring(svg).itertext())
    assert f"from {MAX_ROWS} outlets" in text and "7 other outlets" in text  # 13 rows + 1
    whole = "".join(ET.fromstring(coverage_chart(_big_origin_view(MAX_ROWS))).itertext())
    assert f"from {MAX_ROWS} outlets" in whole and "other outlet" not in whole


def test_provenance_on_the_story_page_is_capped_and_whole_on_its_own_page() -> None:
    from storyline.report.html import render_section
    from storyline.report.links import story_links
    from storyline.report.view import DossierIndex

    view = _big_origin_view(30)
    index = DossierIndex({a["id"]: a for a in view.articles})
    capped = render_section(view, index, "provenance", story_links("s-big"))
    assert capped.count('class="cite"') == 5 and "and 25 more articles" in capped
    whole = render_section(view, index, "provenance", story_links("s-big", None))
    assert whole.count('class="cite"') == 30 and "more article" not in whole


@pytest.mark.parametrize("outlets, text", [
    (["A", "B", None], "×2 outlets + 1 article of no known outlet, 3 independent"),
    (["A", "A", "B"], "×2 outlets, 3 independent"),
    ([None, None, None], "×3 articles of no known outlet, 3 independent"),
    (["A"], "1 article"),
])
def test_quote_board_counts_articles_without_an_outlet(outlets: list[str | None],
                                                       text: str) -> None:
    from storyline.report.html import carried_by
    from storyline.report.view import QuoteBoardEntry

    quotes = [{"outlet": o, "article_id": f"a{i}"} for i, o in enumerate(outlets)]
    assert carried_by(QuoteBoardEntry("X", "words", quotes, len(outlets))) == text
