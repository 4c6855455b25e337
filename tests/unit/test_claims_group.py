"""The same claim across articles, and its independent origins."""

from __future__ import annotations

from storyline.claims.group import content_tokens, group_claims, similarity, stem
from storyline.model import (
    Article,
    Claim,
    ClaimGroup,
    OriginGroup,
    OriginMember,
    content_id,
)
from storyline.pipeline import annotate_article


def build(bodies: list[str], origins: list[list[int]]) -> tuple[list[Article], list[ClaimGroup]]:
    """Articles (one per body), grouped claims; ``origins`` lists article indices per group."""
    articles: list[Article] = []
    claims: list[Claim] = []
    for i, body in enumerate(bodies):
        art = Article(id=content_id("a", str(i), body), text=body, source_path=f"{i}.txt",
                      outlet=f"Outlet {i}", published=f"2024-05-0{i + 1}")
        ann = annotate_article(art)
        articles.append(art)
        claims.extend(ann.claims)
    groups = [OriginGroup(f"o{n}", tuple(OriginMember(articles[i].id, "origin") for i in ids))
              for n, ids in enumerate(origins)]
    _, found = group_claims(articles, claims, groups, "s1")
    return articles, list(found)


def test_group_stem_and_tokens() -> None:
    assert stem("negotiations") == stem("negotiated") == stem("negotiate")
    assert content_tokens("The talks were held in Geneva") == {"talk", "held", "geneva"}
    assert similarity(frozenset("abc"), frozenset("abd")) == 0.5


def test_group_same_claim_across_articles() -> None:
    bodies = [
        "Harlow dockworkers voted to end their strike on Monday after the port raised pay.",
        "Dockworkers in Harlow voted on Monday to end the strike after the port raised pay.",
        "On Monday, Harlow dockworkers voted to end their strike once the port raised pay.",
    ]
    articles, groups = build(bodies, [[0], [1], [2]])
    big = [g for g in groups if len(g.article_ids) == 3]
    assert len(big) == 1
    assert big[0].independent_origins == 3
    assert big[0].first_reported == articles[0].published
    assert groups[0] is big[0]  # ranked by independent support


def test_group_different_numbers_do_not_group() -> None:
    bodies = [
        "Some 12,000 Harlow dockworkers walked off the job on Monday over automated cranes.",
        "Some 7,000 Harlow dockworkers walked off the job on Monday over automated cranes.",
    ]
    _, groups = build(bodies, [[0], [1]])
    assert all(len(g.article_ids) == 1 for g in groups)


def test_group_compatible_numbers_group() -> None:
    bodies = [
        "Some 12,000 Harlow dockworkers walked off the job on Monday over automated cranes.",
        "Almost 12,000 Harlow dockworkers walked off the job on Monday over automated cranes.",
    ]
    _, groups = build(bodies, [[0], [1]])
    assert any(len(g.article_ids) == 2 for g in groups)


def test_group_negation_keeps_claims_apart() -> None:
    bodies = [
        "The Harlow port authority accepted the union's pay offer on Monday evening.",
        "The Harlow port authority did not accept the union's pay offer on Monday evening.",
    ]
    _, groups = build(bodies, [[0], [1]])
    assert all(len(g.article_ids) == 1 for g in groups)


def test_group_independent_origins_count_origin_groups_once() -> None:
    body = "Harlow dockworkers voted to end their strike on Monday after the port raised pay."
    bodies = [body, body, "Dockworkers in Harlow voted on Monday to end the strike after the "
              "port raised pay."]
    _, groups = build(bodies, [[0, 1], [2]])  # the first two are one wire story
    big = [g for g in groups if len(g.article_ids) == 3]
    assert len(big) == 1
    assert big[0].independent_origins == 2
    assert len(big[0].outlets) == 3


def test_group_semantic_similarity_groups_paraphrases(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With embeddings (faked here), a paraphrase with few shared words joins the group."""
    import numpy as np

    from storyline.claims import semantic

    bodies = [
        "Ferry operator Norland cancelled every crossing to Brisk Island on Tuesday.",
        "All sailings to Brisk Island were called off by Norland on Tuesday.",
    ]
    monkeypatch.setattr(semantic, "available", lambda: False)
    lexical = build(bodies, [[0], [1]])[1]
    assert all(len(g.article_ids) == 1 for g in lexical)

    def close(texts):  # type: ignore[no-untyped-def]
        return np.full((len(texts), len(texts)), 0.95, dtype=np.float32)

    monkeypatch.setattr(semantic, "available", lambda: True)
    monkeypatch.setattr(semantic, "cosine_matrix", close)
    grouped = build(bodies, [[0], [1]])[1]
    assert any(len(g.article_ids) == 2 for g in grouped)
