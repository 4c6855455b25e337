"""Provenance on invented articles: reuse links, direction, masks, origin groups, determinism."""

from __future__ import annotations

import random
from collections.abc import Callable

from storyline.model.ids import content_id
from storyline.model.records import Article, ReuseLink
from storyline.provenance import align_passages, detect

MakeArticle = Callable[..., Article]

WIRE_TITLE = "Dock workers in Valdaro extend strike into second week"
WIRE = [
    "VALDARO (NPA) — Dock workers at the port of Valdaro voted on Thursday to extend their strike "
    "into a second week, leaving more than forty container ships waiting at anchor outside the "
    "harbour.",
    "The union representing about 3,200 crane operators and loaders rejected a revised pay offer "
    "from the port authority late on Wednesday, saying it did not cover rising housing costs in "
    "the coastal city.",
    "“We will stay out until the authority sits down with us properly,” union secretary Mirela "
    "Danct told a crowd outside the harbour gates.",
    "The port authority said the offer of a 6 percent rise over two years was its final proposal "
    "and warned that shipping lines had begun diverting cargo to the rival port of Ostrava Bay.",
    "Retailers in the region have reported shortages of imported fruit and electronics, and the "
    "regional chamber of commerce estimated the losses at 14 million crowns a day.",
    "Talks between the two sides are due to resume on Monday under a mediator appointed by the "
    "transport ministry, which has so far declined to intervene directly in the dispute.",
    "The last strike at the port, in 2024, lasted nine days and ended with a three-year wage "
    "agreement that expired in March.",
]

COPY_TITLE = "Port strike drags on as ships queue off Valdaro"
COPY = [
    "Dock workers at the port of Valdaro voted on Thursday to extend their strike into a second "
    "week, leaving over forty container ships waiting at anchor outside the harbour.",
    "Subscribe to our newsletter for daily port updates.",
    "The union representing about 3,200 crane operators and loaders rejected a revised pay offer "
    "from the port authority late on Wednesday, saying it did not cover the rising housing costs "
    "in the coastal city.",
    "Retailers in the region have reported shortages of imported fruit and electronics, and the "
    "regional chamber of commerce estimated the losses at 14 million crowns a day.",
    "The port authority said the offer of a 6 percent rise over two years was its final proposal "
    "and warned that shipping lines had begun diverting cargo to the rival port of Ostrava Bay.",
    "Read more: Ferry timetable changes this summer",
]

SPEECH = (
    "“We will stay out until the authority sits down with us properly, because our members "
    "cannot pay their rent with promises, and everybody in this city knows that the port made "
    "record profits last year while our wages stood still for three years in a row,”"
)
INDEPENDENT_1 = [
    "Hundreds of striking dockers gathered at the harbour gates in Valdaro on Thursday morning, "
    "waving flags and blocking the access road for lorries for about an hour.",
    f"{SPEECH} union secretary Mirela Danct said from the back of a flatbed truck.",
    "Police watched from a distance and no arrests were made, a spokesman for the city said.",
    "Several bakeries near the port said their deliveries of flour had been delayed by days.",
]
INDEPENDENT_2 = [
    "The harbour of Valdaro was almost silent on Thursday, with cranes idle against a grey sky "
    "and only a single tugboat moving between the empty berths.",
    f"In a speech to her members, Mirela Danct was defiant: {SPEECH} she said.",
    "Economists at the university warned that a long dispute could push up prices across the "
    "whole province before the summer holidays.",
    "The transport ministry has not commented on the dispute since the start of the month.",
]


def _text(title: str, paragraphs: list[str]) -> tuple[str, int]:
    return f"{title}\n\n" + "\n\n".join(paragraphs), len(title) + 2


def _article(make: MakeArticle, title: str, paras: list[str], **fields: object) -> Article:
    text, body_start = _text(title, paras)
    return make(text, title=title, body_start=body_start, **fields)


def _wire(make: MakeArticle, **fields: object) -> Article:
    fields.setdefault("published", "2031-05-02T08:00:00+00:00")
    fields.setdefault("outlet", "NPA")
    return _article(make, WIRE_TITLE, WIRE, source_path="wire.txt", **fields)


def _copy(make: MakeArticle, **fields: object) -> Article:
    fields.setdefault("published", "2031-05-02T11:30:00+00:00")
    fields.setdefault("outlet", "Coastal Herald")
    return _article(make, COPY_TITLE, COPY, source_path="copy.txt", **fields)


def _link(links: tuple[ReuseLink, ...], x: Article, y: Article) -> ReuseLink | None:
    lo, hi = sorted((x.id, y.id))
    return next((lk for lk in links if (lk.a, lk.b) == (lo, hi)), None)


def _origin_side(link: ReuseLink) -> str:
    return link.a if link.direction == "a->b" else link.b


def test_provenance_copy_with_trims_and_reordering_is_linked_with_direction_by_date(
    make_article: MakeArticle,
) -> None:
    wire, copy = _wire(make_article), _copy(make_article)
    links, groups = detect([copy, wire])
    link = _link(links, wire, copy)
    assert link is not None and len(links) == 1
    assert len(link.alignments) >= 4
    assert link.direction != "unknown" and _origin_side(link) == wire.id
    assert "published earlier" in link.direction_reason
    assert link.id == content_id("rl", link.a, link.b) and link.a < link.b
    by_id = {wire.id: wire, copy.id: copy}
    for al in link.alignments:
        assert al.similarity >= 0.5
        assert "newsletter" not in al.b.text(by_id[al.b.article_id].text)
    (group,) = groups
    roles = {m.article_id: m.role for m in group.members}
    assert group.origin_article_id == wire.id and roles[wire.id] == "origin"
    assert roles[copy.id] == "copy"


def test_provenance_direction_from_agency_credit_without_dates(make_article: MakeArticle) -> None:
    wire = _wire(make_article, published=None, agencies=("NPA",))
    copy = _copy(make_article, published=None)
    (link,), (group,) = detect([wire, copy])
    assert _origin_side(link) == wire.id and "NPA" in link.direction_reason
    assert group.label == "NPA"


def test_provenance_direction_from_containment_without_dates_or_credits(
    make_article: MakeArticle,
) -> None:
    wire = _wire(make_article, published=None, outlet=None)
    copy = _copy(make_article, published=None, outlet=None)
    (link,), _ = detect([wire, copy])
    assert _origin_side(link) == wire.id and "subset" in link.direction_reason


def test_provenance_shared_long_quotation_alone_does_not_link(make_article: MakeArticle) -> None:
    one = _article(make_article, "Dockers rally at harbour gates", INDEPENDENT_1, outlet="Daily")
    two = _article(make_article, "Silence over Valdaro harbour", INDEPENDENT_2, outlet="Weekly")
    links, groups = detect([one, two])
    assert links == ()
    assert len(groups) == 2 and all(g.members[0].role == "independent" for g in groups)
    assert align_passages(one, two) == ()


def test_provenance_stock_phrases_do_not_make_evidence(make_article: MakeArticle) -> None:
    stock = (
        "The agency declined to comment, according to the statement, and officials did not "
        "immediately respond to a request for comment."
    )
    one = _article(make_article, "Storm", ["A storm flooded the valley road overnight.", stock])
    two = _article(make_article, "Fire", ["A fire closed the bakery on Elm Street.", stock])
    assert align_passages(one, two) == ()


def test_provenance_short_briefs_need_a_stricter_bar(make_article: MakeArticle) -> None:
    shared = (
        "The northern ring road between the airport junction and the river bridge will be closed "
        "to all traffic from eight in the evening until five in the morning for resurfacing works."
    )
    own_1 = "Drivers should follow the signed diversion through Ardley and allow ten extra minutes."
    own_2 = "Buses on route 14 will stop at the temporary market stop opposite the old cinema."
    brief_1 = _article(make_article, "Ring road closure", [shared, own_1])
    brief_2 = _article(make_article, "Night works", [shared, own_2])
    links, _ = detect([brief_1, brief_2])
    assert links == ()  # a long article sharing this much (over half) would be linked
    near_copy = _article(make_article, "Road closed at night",
                         [shared, own_1.replace("ten extra", "an extra ten")])
    links, groups = detect([brief_1, near_copy])
    assert len(links) == 1 and len(groups) == 1


def test_provenance_templated_briefs_with_different_facts_are_not_linked(
    make_article: MakeArticle,
) -> None:
    one = _article(make_article, "Council", [
        "The town council of Ardley will meet on Monday at seven in the evening in the old town "
        "hall to discuss the budget for the new swimming pool and the library roof."])
    two = _article(make_article, "Council", [
        "The district council of Brenmoor will meet on Thursday at six in the evening in the "
        "community centre to discuss parking charges and the closure of the night bus."])
    assert detect([one, two])[0] == ()


def test_provenance_every_article_in_exactly_one_group(make_article: MakeArticle) -> None:
    wire, copy = _wire(make_article), _copy(make_article)
    one = _article(make_article, "Dockers rally at harbour gates", INDEPENDENT_1)
    two = _article(make_article, "Silence over Valdaro harbour", INDEPENDENT_2)
    empty = make_article("", source_path="empty.txt")
    word = make_article("Valdaro", source_path="word.txt")
    arts = [wire, copy, one, two, empty, word]
    links, groups = detect(arts)
    seen = [m.article_id for g in groups for m in g.members]
    assert sorted(seen) == sorted(a.id for a in arts)
    assert len(groups) == 5
    for g in groups:
        assert g.id == content_id("og", *sorted(g.article_ids))
        assert list(g.article_ids) == sorted(g.article_ids)
        if len(g.members) == 1:
            assert g.members[0].role == "independent"
    assert [g.id for g in groups] == sorted(g.id for g in groups)


def test_provenance_spans_lie_inside_texts(make_article: MakeArticle) -> None:
    wire, copy = _wire(make_article), _copy(make_article)
    by_id = {wire.id: wire, copy.id: copy}
    links, _ = detect([wire, copy])
    for link in links:
        for al in link.alignments:
            for span in (al.a, al.b):
                text = by_id[span.article_id].text
                assert by_id[span.article_id].body_start <= span.start < span.end <= len(text)
                passage = span.text(text)
                assert passage == passage.strip() and passage
            assert al.a.article_id == link.a and al.b.article_id == link.b


def test_provenance_is_deterministic_across_input_order(make_article: MakeArticle) -> None:
    arts = [
        _wire(make_article),
        _copy(make_article),
        _article(make_article, "Dockers rally at harbour gates", INDEPENDENT_1),
        _article(make_article, "Silence over Valdaro harbour", INDEPENDENT_2),
    ]
    expected = detect(arts)
    for seed in range(4):
        shuffled = arts[:]
        random.Random(seed).shuffle(shuffled)
        assert detect(shuffled) == expected
    assert detect(arts + arts[:2]) == expected  # the same article twice counts once


def test_provenance_identical_copies_link_without_quadratic_blowup(
    make_article: MakeArticle,
) -> None:
    text, body_start = _text(WIRE_TITLE, WIRE)
    copies = [
        make_article(text, body_start=body_start, outlet=f"outlet {k}", source_path=f"c{k}.txt")
        for k in range(60)
    ]
    links, groups = detect(copies)
    assert len(groups) == 1 and len(groups[0].members) == 60
    assert len(links) == 59
