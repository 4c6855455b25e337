"""Direction of reuse links without dates or credits: containment and truncated copies."""

from __future__ import annotations

from collections.abc import Callable

from storyline.model.records import Article
from storyline.provenance import detect
from storyline.provenance.direction import Unshared, decide_direction

MakeArticle = Callable[..., Article]

ORIGINAL = [
    "Engineers at the Lorvik hydro dam began lowering the reservoir on Tuesday after inspectors "
    "found fresh cracks along the eastern spillway wall during a routine survey.",
    "The regional water board said the level would fall by about four metres over ten days, "
    "enough to take pressure off the damaged concrete while repairs are planned.",
    "Farmers downstream were told to move livestock away from the river meadows as a "
    "precaution, although the board insisted there was no immediate danger to the valley.",
    "The dam, completed in 1968, supplies electricity to roughly ninety thousand homes and "
    "feeds the irrigation canals that serve most of the orchards in the district.",
    "A spokesman for the utility that runs the plant said output would be cut by a third while "
    "the reservoir is drawn down, and that neighbouring grids would cover the shortfall.",
    "Opposition councillors demanded the publication of every inspection report from the past "
    "five years, arguing that warnings about the spillway had been ignored for too long.",
    "The board replied that the cracks were found by the very monitoring programme the "
    "councillors criticised, and that all reports would be released once the survey ends.",
    "Engineers expect to decide within a month whether the spillway wall can be patched or "
    "must be rebuilt, a project that could keep the reservoir low for the whole summer.",
    "Anglers' associations have already cancelled the spring fishing festival on the lake, "
    "which usually draws several thousand visitors to the small lakeside villages.",
]
REWRITTEN = [
    # the same opening words, then new wording: not aligned, and not new text either
    "Farmers downstream were told to move their herds to higher pastures on the northern slope "
    "until the water board gives the all clear for grazing near the banks again.",
    "The dam, completed in 1968, is one of the oldest in the province and is due for a full "
    "structural review by national safety regulators before the end of next year.",
]


def _article(make: MakeArticle, name: str, paras: list[str]) -> Article:
    title = f"Reservoir lowered at Lorvik dam ({name})"
    text = f"{title}\n\n" + "\n\n".join(paras)
    return make(text, title=title, body_start=len(title) + 2, source_path=f"{name}.txt",
                published="2031-03-04")


def test_provenance_truncated_copy_points_to_the_fuller_original(
    make_article: MakeArticle,
) -> None:
    original = _article(make_article, "original", ORIGINAL)
    copy = _article(make_article, "copy", ORIGINAL[:2] + REWRITTEN + ORIGINAL[4:5])
    (link,), (group,) = detect([copy, original])
    origin = link.a if link.direction == "a->b" else link.b
    assert link.direction != "unknown" and origin == original.id
    assert "truncated copy" in link.direction_reason
    assert group.origin_article_id == original.id


def test_provenance_two_sided_extra_text_stays_undecided(make_article: MakeArticle) -> None:
    own = [
        "Residents of the lakeside villages met in the parish hall on Tuesday evening to ask "
        "how long the water would stay low and who would pay for the lost tourist season.",
        "Several owners of guest houses said bookings for the spring had already been cancelled "
        "and that they could not survive another summer without visitors at all.",
    ]
    first = _article(make_article, "first", ORIGINAL[:6])
    second = _article(make_article, "second", ORIGINAL[:3] + own + ORIGINAL[3:4])
    (link,), _ = detect([first, second])
    assert link.direction == "unknown"


def test_provenance_truncation_needs_a_clean_subset(make_article: MakeArticle) -> None:
    a, b = _article(make_article, "a", ORIGINAL), _article(make_article, "b", ORIGINAL)
    fuller = Unshared(words_a=120, tail_a=120, evidence_a=400, words_b=0, tail_b=0,
                      evidence_b=260)
    assert decide_direction(a, b, 0.6, 0.7, fuller)[0] == "a->b"
    mirrored = Unshared(0, 0, 260, 120, 120, 400)
    assert decide_direction(a, b, 0.7, 0.6, mirrored)[0] == "b->a"
    # the other side has much of its own text (a merge of two sources): no order
    merged = Unshared(120, 120, 400, 60, 60, 260)
    assert decide_direction(a, b, 0.6, 0.7, merged)[0] == "unknown"
    # the extra text is not after the shared text: an insertion, not a truncation
    inserted = Unshared(120, 0, 400, 0, 0, 260)
    assert decide_direction(a, b, 0.6, 0.7, inserted)[0] == "unknown"
    assert decide_direction(a, b, 0.6, 0.7)[0] == "unknown"


def test_provenance_tied_roots_prefer_the_longer_body(make_article: MakeArticle) -> None:
    def dated(art_id: str, paras: list[str], day: str) -> Article:
        text = "Reservoir lowered at Lorvik dam\n\n" + "\n\n".join(paras)
        return make_article(text, id=art_id, body_start=33, published=day,
                            source_path=f"{art_id}.txt")

    # same day, one paragraph from the middle left out: neither date nor truncation decides
    original = dated("b-original", ORIGINAL, "2031-03-04")
    shortened = dated("a-shortened", ORIGINAL[:4] + ORIGINAL[5:], "2031-03-04")
    later = dated("c-later", ORIGINAL[:6], "2031-03-06")
    links, groups = detect([original, shortened, later])
    tie = next(lk for lk in links if {lk.a, lk.b} == {original.id, shortened.id})
    assert tie.direction == "unknown"
    (group,) = groups
    assert group.origin_article_id == original.id
