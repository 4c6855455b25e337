"""The synthetic syndication generator: deterministic, dated copies, consistent gold groups."""

from __future__ import annotations

from storyline.evaluate.syndication import BaseText, make_syndication_set

BASES = [
    BaseText(
        f"base-{n}",
        f"Story number {n} about the harbour council",
        tuple(f"Paragraph {k} of story {n} tells what the council decided on day {k}."
              for k in range(6)),
    )
    for n in range(20)
]


def test_syndication_is_deterministic() -> None:
    one = make_syndication_set(BASES, seed=3)
    two = make_syndication_set(BASES, seed=3)
    assert [a.text for a in one.articles] == [a.text for a in two.articles]
    assert one.group_of == two.group_of


def test_syndication_copies_follow_their_sources() -> None:
    syn = make_syndication_set(BASES, seed=5, copy_share=1.0)
    by_id = {a.id: a for a in syn.articles}
    assert syn.sources_of, "no copies were made"
    for copy_id, sources in syn.sources_of.items():
        for src in sources:
            assert by_id[copy_id].published >= by_id[src].published
        assert syn.group_of[copy_id] == syn.group_of[sources[0]] or len(sources) == 2


def test_syndication_merged_copy_joins_one_wire_and_keeps_wires_apart() -> None:
    syn = make_syndication_set(BASES, seed=5, copy_share=0.0, merge_share=0.5)
    merged = {c: s for c, s in syn.sources_of.items() if len(s) == 2}
    assert merged, "no merged copies were made"
    for copy_id, (first, second) in merged.items():
        assert syn.group_of[copy_id] in (syn.group_of[first], syn.group_of[second])
        assert syn.group_of[first] != syn.group_of[second]


def test_syndication_every_article_has_a_group_and_spans_fit() -> None:
    syn = make_syndication_set(BASES, seed=7)
    assert set(syn.group_of) == {a.id for a in syn.articles}
    for art in syn.articles:
        assert art.text.startswith(art.title or "")
        assert 0 < art.body_start < len(art.text)
