"""Entity resolution within a story, and quotations grouped across articles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.language.entities import find_mentions
from storyline.language.nlp import parse_text
from storyline.language.resolve import name_variants_match, resolve_entities
from storyline.model import (
    Article,
    ArticleAnnotations,
    Entity,
    Mention,
    Quote,
    Span,
    content_id,
)
from storyline.quotes.find import find_quotes
from storyline.quotes.groups import group_quotes

STORY = "s-ferry"
TEXTS = {
    "a-one": (
        "Ferry talks stall in Tallinn\n\n"
        "Deputy Transport Minister Helena Varga met the Finnish delegation on Monday. "
        "“We will not accept a timetable that leaves the islands without service in winter,” "
        "Varga said after the meeting. A senior Nordic official said the talks would resume on "
        "Friday. Lars Berg, the head of the ferry company, declined to comment."
    ),
    "a-two": (
        "Islands fear winter without ferries\n\n"
        "Helena Varga arrived in Tallinn on Monday. “We will not accept a timetable that leaves "
        "the islands without service,” she told the daily Postimees. Anna Berg, a pensioner from "
        "Hiiumaa, said the crossing was her only link to the mainland. “The crossing is our "
        "only road to the doctor,” Berg said."
    ),
    "a-three": (
        "Minister holds firm on ferries\n\n"
        "Helena Vargha, the deputy transport minister, repeated her position on Tuesday. "
        "A senior Nordic official said the company had made a new offer."
    ),
}


@pytest.fixture(scope="module")
def story() -> tuple[list[Article], dict[str, ArticleAnnotations]]:
    articles, annotations = [], {}
    for aid, text in TEXTS.items():
        article = Article(id=aid, text=text, source_path=f"{aid}.txt")
        doc = parse_text(text)
        mentions = find_mentions(article, doc)
        quotes = find_quotes(article, doc, mentions)
        sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
        annotations[aid] = ArticleAnnotations(aid, sentences, mentions, quotes)
        articles.append(article)
    return articles, annotations


@pytest.fixture(scope="module")
def entities(story: tuple[list[Article], dict[str, ArticleAnnotations]]) -> tuple[Entity, ...]:
    articles, annotations = story
    return resolve_entities(articles, annotations, STORY)


def _named(entities: tuple[Entity, ...], name: str) -> Entity:
    hits = [e for e in entities if e.name == name]
    assert len(hits) == 1, [(e.name, e.aliases) for e in entities]
    return hits[0]


def test_resolve_name_variants_merged(entities: tuple[Entity, ...]) -> None:
    varga = _named(entities, "Helena Varga")
    assert varga.label == "PERSON" and not varga.is_descriptor
    assert {"Varga", "Helena Vargha"} <= set(varga.aliases)
    assert {m.span.article_id for m in varga.mentions} == set(TEXTS)


def test_resolve_titles_collected(entities: tuple[Entity, ...]) -> None:
    titles = " | ".join(_named(entities, "Helena Varga").titles).casefold()
    assert "deputy transport minister" in titles


def test_resolve_homonyms_kept_apart(entities: tuple[Entity, ...]) -> None:
    lars, anna = _named(entities, "Lars Berg"), _named(entities, "Anna Berg")
    assert lars.id != anna.id
    # the bare "Berg" in the second article is the Berg named there
    assert any(m.span.article_id == "a-two" and m.kind == "name"
               and TEXTS["a-two"][m.span.start : m.span.end] == "Berg" for m in anna.mentions)
    assert all(m.span.article_id == "a-one" for m in lars.mentions)


def test_resolve_descriptors_kept_as_descriptors(entities: tuple[Entity, ...]) -> None:
    official = [e for e in entities if e.is_descriptor and "official" in e.name]
    assert len(official) == 1 and official[0].name == "senior Nordic official"
    assert {m.span.article_id for m in official[0].mentions} == {"a-one", "a-three"}
    person_ids = {e.id for e in entities if e.label == "PERSON" and not e.is_descriptor}
    assert official[0].id not in person_ids


def test_resolve_ids_and_mention_links(entities: tuple[Entity, ...]) -> None:
    for e in entities:
        assert e.id == content_id("e", STORY, e.label, e.name)
        assert e.story_id == STORY
        assert e.mentions and all(m.entity_id == e.id for m in e.mentions)
    assert len({e.id for e in entities}) == len(entities)


def test_resolve_is_deterministic(
    story: tuple[list[Article], dict[str, ArticleAnnotations]], entities: tuple[Entity, ...],
) -> None:
    articles, annotations = story
    assert resolve_entities(list(reversed(articles)), annotations, STORY) == entities


def test_resolve_name_variant_matching() -> None:
    assert name_variants_match("Volodymyr Zelenskyy", "Volodymyr Zelensky")
    assert name_variants_match("Zelenskiy", "Volodymyr Zelenskyy")
    assert name_variants_match("Organization for Security and Co-operation in Europe", "OSCE",
                               "ORG")
    assert not name_variants_match("Anna Berg", "Lars Berg")
    assert not name_variants_match("Putin", "Patten")


@pytest.fixture(scope="module")
def grouped(
    story: tuple[list[Article], dict[str, ArticleAnnotations]], entities: tuple[Entity, ...],
) -> tuple[tuple[Quote, ...], tuple[object, ...]]:
    articles, annotations = story
    quotes = [q for a in articles for q in annotations[a.id].quotes]
    return group_quotes(articles, quotes, entities, STORY)


def test_resolve_quote_groups_across_trimmed_versions(
    grouped: tuple[tuple[Quote, ...], tuple[object, ...]], entities: tuple[Entity, ...],
) -> None:
    quotes, groups = grouped
    assert len(groups) == 1
    group = groups[0]
    members = [q for q in quotes if q.id in group.quote_ids]  # type: ignore[attr-defined]
    assert {q.content.article_id for q in members} == {"a-one", "a-two"}
    assert all(q.group_id == group.id for q in members)  # type: ignore[attr-defined]
    assert group.id == content_id("qg", *sorted(group.quote_ids))  # type: ignore[attr-defined]
    varga = _named(entities, "Helena Varga")
    assert group.speaker_entity_id == varga.id  # type: ignore[attr-defined]
    assert group.speaker_label == "Helena Varga"  # type: ignore[attr-defined]


def test_resolve_quote_speakers_tied_to_entities(
    grouped: tuple[tuple[Quote, ...], tuple[object, ...]], entities: tuple[Entity, ...],
) -> None:
    quotes, _ = grouped
    by_id = {e.id: e.name for e in entities}
    speakers = {q.content.text(TEXTS[q.content.article_id])[:20]: by_id.get(q.speaker_entity_id)
                for q in quotes}
    assert speakers["We will not accept a"] == "Helena Varga"
    assert speakers["The crossing is our "] == "Anna Berg"
    descriptor = [q for q in quotes if q.speaker_label == "A senior Nordic official"]
    assert descriptor and all(
        by_id.get(q.speaker_entity_id) == "senior Nordic official" for q in descriptor)


def test_resolve_quotes_in_deterministic_order(
    story: tuple[list[Article], dict[str, ArticleAnnotations]], entities: tuple[Entity, ...],
    grouped: tuple[tuple[Quote, ...], tuple[object, ...]],
    make_article: Callable[..., Article],
) -> None:
    articles, annotations = story
    quotes = [q for a in articles for q in annotations[a.id].quotes]
    again = group_quotes(articles, list(reversed(quotes)), entities, STORY)
    assert again == grouped
    keys = [(q.content.article_id, q.content.start) for q in grouped[0]]
    assert keys == sorted(keys)
    assert group_quotes([make_article("Nothing here.")], [], entities, STORY) == ((), ())


def _quote(article: Article, text: str, speaker: str) -> Quote:
    start = article.text.index(text)
    s_start = article.text.index(speaker)
    return Quote(
        id=content_id("q", article.id, start, start + len(text)),
        content=Span(article.id, start, start + len(text)), direct=True,
        speaker=Span(article.id, s_start, s_start + len(speaker)), speaker_label=speaker,
    )


def test_resolve_quote_groups_gate_on_speakers(make_article: Callable[..., Article]) -> None:
    said = "We promise that the ferry line will never close while the islands need a crossing"
    echo = "They say the ferry line will never close while the islands need it, but who pays"
    one = make_article(f"“{said},” said Varga.", id="a-1")
    two = make_article(f"“{echo}?” asked Berg, and Varga nodded.", id="a-2")
    varga = Entity(content_id("e", "s", "PERSON", "Varga"), "Varga", "PERSON", mentions=(
        Mention(Span("a-1", one.text.index("Varga"), one.text.index("Varga") + 5), "PERSON"),))
    berg = Entity(content_id("e", "s", "PERSON", "Berg"), "Berg", "PERSON")
    first = _quote(one, said, "Varga")
    # two thirds of the words shared: the same utterance for one speaker ...
    _, groups = group_quotes([one, two], [first, _quote(two, echo, "Varga")], [varga], "s")
    assert len(groups) == 1 and groups[0].speaker_entity_id == varga.id
    # ... but not when the words are credited to someone else
    out, groups = group_quotes([one, two], [first, _quote(two, echo, "Berg")], [varga, berg], "s")
    assert groups == () and all(q.group_id is None for q in out)
    assert [q.speaker_entity_id for q in out] == [varga.id, berg.id]


def test_resolve_company_legal_forms_are_one_company() -> None:
    assert name_variants_match("Nordfjord Ferries Inc", "Nordfjord Ferries", "ORG")
    assert name_variants_match("Baltic Shipping Group LLC", "Baltic Shipping", "ORG")
    assert not name_variants_match("Baltic Shipping", "Baltic Airlines", "ORG")
    # a legal form is never the whole name
    assert not name_variants_match("Group", "Holdings", "ORG")


def test_resolve_seed_translations_share_quote_groups(seeds_dir: Path) -> None:
    articles, annotations = [], {}
    for path in sorted(seeds_dir.glob("0*.txt")):
        article = Article(id=path.stem, text=path.read_text(encoding="utf-8"),
                          source_path=str(path))
        doc = parse_text(article.text)
        mentions = find_mentions(article, doc)
        annotations[article.id] = ArticleAnnotations(article.id, mentions=mentions,
                                                     quotes=find_quotes(article, doc, mentions))
        articles.append(article)
    entities = resolve_entities(articles, annotations, "seeds")
    quotes = [q for a in annotations.values() for q in a.quotes]
    out, groups = group_quotes(articles, quotes, entities, "seeds")
    by_id = {q.id: q for q in out}
    across = [g for g in groups if len({by_id[i].content.article_id for i in g.quote_ids}) > 1]
    # the translated reports repeat several statements: each is one group with every version
    assert len(across) >= 4
    assert all(by_id[i].group_id == g.id for g in groups for i in g.quote_ids)


def test_an_outlet_named_in_its_own_story_is_an_organisation() -> None:
    from storyline.language.resolve import _named_clusters, _outlet_names
    from storyline.model import Article, Mention, Span

    art = Article(id="a1", text="Harbor Daily reported that Harbor Daily had seen the papers.",
                  source_path="a1.txt", outlet="The Harbor Daily")
    mentions = [(art, Mention(Span("a1", 0, 12), "PERSON")),
                (art, Mention(Span("a1", 27, 39), "PERSON"))]
    (cluster,) = _named_clusters(mentions, _outlet_names([art]))
    assert cluster.label == "ORG"


def _people(body: str) -> dict[str, list[str]]:
    from storyline.language.resolve import resolve_entities
    from storyline.model import Article, content_id
    from storyline.pipeline import annotate_article

    art = Article(id=content_id("a", body), text=body, source_path="g.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    return {e.name: [m.span.text(body) for m in e.mentions]
            for e in resolve_entities([art], {art.id: ann}, "s1") if e.label == "PERSON"}


def test_a_surname_with_an_honorific_joins_the_person_of_that_gender() -> None:
    people = _people(
        "Hillary Rowan spoke in Leeds on Monday. Her husband, Bill Rowan, spoke in York. "
        "Mr. Rowan said the port was busy. Mrs. Rowan has proposed new rules for ferries.")
    assert "Rowan" in people["Bill Rowan"] and "Rowan" in people["Hillary Rowan"]
    assert len(people["Bill Rowan"]) == 2 and len(people["Hillary Rowan"]) == 2


def test_she_is_not_resolved_to_a_man() -> None:
    people = _people("Barack Otieno spoke on Monday. Mr. Otieno said the law works. "
                     "She has called for a repeal of the ferry tax.")
    assert "She" not in people["Barack Otieno"]


def test_a_surname_shared_by_two_people_names_the_one_the_article_is_about() -> None:
    # a passing mention of a relative does not take the next bare surname from the person
    # the article has named most
    people = _people(
        "Joren Vask spoke in Leeds on Monday. Joren Vask said the port was busy. "
        "Joren Vask was joined by his wife, Mira Vask, at the dock. "
        "\"We will build the new ferry terminal,\" Vask said.")
    assert len(people["Joren Vask"]) == 4 and len(people["Mira Vask"]) == 1


def test_surname_buckets_keep_every_close_name_in_order() -> None:
    import random

    from storyline.language.resolve import _ByLastWord, _close

    rng = random.Random(7)
    stems = ["novak", "novack", "nowak", "horak", "horrak", "marten", "martens", "li", "lee",
             "nakamura", "nakamoura", "o", "smith", "smyth", "schmidt", "schmitt"]
    words = [rng.choice(stems) + rng.choice(["", "", "s", "a", "ova"]) for _ in range(300)]
    index: _ByLastWord[int] = _ByLastWord()
    for k, w in enumerate(words):
        index.add(w, k)
    for q in {*words, "novakova", "x", ""}:
        assert [k for k in index.near(q) if _close(words[k], q)] == [
            k for k, w in enumerate(words) if _close(w, q)]


def test_merged_clusters_list_their_mentions_in_one_order() -> None:
    # two clusters that end with the same name and label become one entity; mentions that
    # start at the same place come in the order of their ends, whatever order the sets give
    from storyline.language.resolve import _Cluster, _entities
    from storyline.model import Article, Mention, Span

    text = "The Harlow Port Authority said the Harlow Port Authority Board met."
    art = Article(id="a1", text=text, source_path="a1.txt")
    long, short = Mention(Span("a1", 35, 56), "ORG", "name"), Mention(Span("a1", 35, 50), "ORG")
    first = Mention(Span("a1", 4, 25), "ORG", "name")
    for order in ((long, short), (short, long)):
        clusters = [_Cluster("ORG", "harlow port authority", [(art, first), (art, order[0])]),
                    _Cluster("ORG", "harlow port authority", [(art, first), (art, order[1])])]
        (entity,) = _entities(clusters, "s1")
        assert [(m.span.start, m.span.end) for m in entity.mentions] == [(4, 25), (35, 50),
                                                                        (35, 56)]
