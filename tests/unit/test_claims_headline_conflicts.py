"""A headline that places a meeting where its story's own reports do not."""

from __future__ import annotations

from storyline.claims.headline_conflicts import (
    find_headline_conflicts,
    meeting_places,
    nested_places,
)
from storyline.model import Article, Claim, Discrepancy, content_id
from storyline.pipeline import annotate_article

BODY = ("Envoys from Norland and Vesk held talks in Geneva on Monday about the border dispute "
        "in Ukraine and the future of the Black Sea ports.")
OTHER = "Norland and Vesk negotiators met in Geneva on Monday, officials in Vienna said."


def conflicts(*pairs: tuple[str, str]) -> tuple[Discrepancy, ...]:
    """Headline conflicts in a story of (title, body) articles."""
    articles: list[Article] = []
    claims: list[Claim] = []
    for i, (title, body) in enumerate(pairs):
        text = f"{title}\n\n{body}"
        art = Article(id=content_id("a", str(i), text), text=text, source_path=f"{i}.txt",
                      title=title, published="2024-05-08", body_start=len(title) + 2)
        ann = annotate_article(art)
        articles.append(art)
        claims.extend(ann.claims)
    return find_headline_conflicts(articles, claims, "s1")


def test_headline_place_against_coverage_flagged() -> None:
    title = "Norland and Vesk prepare to meet in Ukraine"
    found = conflicts((title, BODY), ("Border talks open", OTHER))
    assert len(found) == 1
    d = found[0]
    assert d.slot == "place"
    sides = {s.value: s for s in d.sides}
    assert set(sides) == {"Ukraine", "Geneva"}
    (head,) = sides["Ukraine"].evidence
    assert (head.start, head.end) == (0, len(title))
    assert len({e.article_id for e in sides["Geneva"].evidence}) == 2


def test_headline_about_a_country_is_not_flagged() -> None:
    assert not conflicts(("Norland and Vesk hold talks over Ukraine", BODY), ("Talks", OTHER))
    assert not conflicts(("Tension in Ukraine as Norland and Vesk meet", BODY), ("Talks", OTHER))


def test_headline_place_given_by_the_coverage_is_not_flagged() -> None:
    assert not conflicts(("Norland and Vesk meet in Geneva", BODY), ("Talks", OTHER))


def test_headline_nested_place_is_not_flagged() -> None:
    body = ("Envoys from Norland and Vesk held talks in Geneva, Switzerland, on Monday about "
            "the border dispute.")
    assert not conflicts(("Norland and Vesk meet in Switzerland", body))


def test_headline_meeting_of_other_parties_is_not_flagged() -> None:
    assert not conflicts(("Farmers' unions to meet in Ukraine", BODY), ("Talks", OTHER))


def test_headline_meeting_of_other_parties_named_in_the_sentence_is_not_flagged() -> None:
    body = ("Ahead of the Norland and Vesk leaders' talks over Ukraine, Norland's finance "
            "minister spoke against quotas during a meeting of trade ministers in Geneva.")
    assert not conflicts(("Norland and Vesk leaders prepare to meet in Ukraine", body))


def test_headline_meeting_places_reads_locatives() -> None:
    places = {"geneva": "Geneva", "ukraine": "Ukraine"}
    assert meeting_places("talks in Geneva on Monday", places) == ["Geneva"]
    assert meeting_places("the summit held in Geneva", places) == ["Geneva"]
    assert meeting_places("talks over Ukraine", places) == []
    assert meeting_places("talks, as fighting rages in Ukraine", places) == []
    assert meeting_places("talks in the Ukraine crisis", places) == []


def test_headline_nested_places() -> None:
    texts = ["They met in Geneva, Switzerland, on Monday."]
    assert nested_places("Geneva", "Switzerland", texts)
    assert not nested_places("Geneva", "Ukraine", texts)
