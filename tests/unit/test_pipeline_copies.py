"""Verbatim copies are annotated once: the re-addressed annotations equal their own, exactly."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.model import (
    Article,
    ArticleAnnotations,
    Quote,
    Span,
    content_id,
    to_dict,
)
from storyline.pipeline import Pipeline
from storyline.pipeline.annotate import Annotator
from storyline.pipeline.copies import (
    KEY_FIELDS,
    Readdress,
    ReuseStats,
    annotate_alone,
    annotate_reusing,
    annotation_key,
)
from storyline.pipeline.doc_stages import default_doc_stages

PARAGRAPHS = (
    "The Velmora harbour authority on Tuesday postponed the signing of a ferry contract with "
    "Lintrek Marine, its chairman said.",
    '"We will not sign anything until the audit is finished," chairman Oskar Brannit told the '
    "Velmora Gazette.",
    "Brannit said the audit would be completed by March 3 and that talks with the company "
    "would resume next week.",
    "Lintrek Marine said in a statement that it had offered 12 new vessels at a price of "
    "40 million crowns.",
    "Officials will meet the company in Portsea on Friday, according to a spokeswoman for the "
    "authority.",
    'Deputy mayor Ilse Varga warned that the delay "puts the whole winter timetable at risk".',
    "Two years ago the authority cancelled a similar tender after a court ruling.",
    "She said the city would not pay more than it had budgeted in January.",
)
TITLES = ("Harbour authority delays ferry deal", "Ferry contract on hold", "Audit first, says port")


def _article(n: int, title: str, paras: tuple[str, ...], **fields: Any) -> Article:
    head = f"{title}\n\n"
    fields.setdefault("published", "2024-03-05T09:00:00+01:00")
    return Article(id=content_id("a", n, title, *paras), text=head + "\n\n".join(paras),
                   source_path=f"test/{n}.txt", title=title, body_start=len(head), **fields)


def _copy(article: Article, n: int, **fields: Any) -> Article:
    """A republication: another id, file, outlet and byline (and whatever ``fields`` say)."""
    return dataclasses.replace(article, id=content_id("copy", article.id, n),
                               source_path=f"test/copy-{n}.txt", outlet=f"outlet {n}",
                               byline=f"By Reporter {n}", url=f"https://example.org/{n}",
                               **fields)


@pytest.fixture(scope="module")
def annotate() -> Annotator:
    chain = Annotator(default_doc_stages())
    chain.setup()
    return chain


def _alone(chain: Annotator, articles: list[Article]) -> dict[str, Any]:
    return annotate_alone(articles, chain.one)


def _together(chain: Annotator, articles: list[Article]) -> tuple[list[Any], ReuseStats]:
    stats = ReuseStats()
    return annotate_reusing(articles, chain.one, stats), stats


def test_copies_get_exactly_their_own_annotations(annotate: Annotator) -> None:
    first = _article(1, TITLES[0], PARAGRAPHS[:6])
    other = _article(2, TITLES[1], PARAGRAPHS[3:])
    articles = [
        first,
        other,
        _copy(first, 1),
        _copy(other, 2),
        _copy(first, 3, published="2024-03-05T17:45:00+01:00"),  # later the same day
        _copy(first, 4, published="2024-03-07"),  # another day: relative dates move
        _article(5, TITLES[2], PARAGRAPHS[:6]),  # same body, another title
        _copy(first, 6, language="de"),  # passed through with a note
    ]
    alone = _alone(annotate, articles)
    together, stats = _together(annotate, articles)

    assert sorted(r.article_id for r in together) == sorted(a.id for a in articles)
    assert {r.article_id: r for r in together} == alone
    assert stats.reused == 3 and stats.fallback == 0 and stats.annotated == 5
    ann = alone[first.id]
    assert ann.quotes and ann.times and ann.claims and ann.events and ann.mentions
    moved = alone[articles[2].id]
    assert {q.id for q in moved.quotes}.isdisjoint(q.id for q in ann.quotes)
    assert alone[articles[5].id].times != ann.times  # the day is read, so it is in the key


@pytest.mark.parametrize("seed", [3, 11])
def test_random_corpora_annotate_as_each_alone(annotate: Annotator, seed: int) -> None:
    rng = random.Random(seed)
    articles: list[Article] = []
    for n in range(4):
        paras = tuple(rng.sample(PARAGRAPHS, rng.randint(2, 5)))
        articles.append(_article(n, rng.choice(TITLES), paras,
                                 published=rng.choice(("2024-03-05", "2024-03-06T08:00:00Z"))))
    for n in range(6):
        source = rng.choice(articles)
        day = rng.choice((source.published, "2024-03-05T23:00:00Z", None))
        articles.append(_copy(source, 10 + n, published=day))
    rng.shuffle(articles)
    alone = _alone(annotate, articles)
    together, stats = _together(annotate, articles)
    assert sorted(r.article_id for r in together) == sorted(a.id for a in articles)
    assert {r.article_id: r for r in together} == alone
    assert stats.fallback == 0
    assert stats.annotated == len({annotation_key(a) for a in articles})


def test_readdress_refuses_what_it_cannot_rederive() -> None:
    source = Article(id="a-source", text="He said it was fine.", source_path="s.txt")
    target = dataclasses.replace(source, id="a-target", source_path="t.txt")

    def quote(qid: str, **more: Any) -> ArticleAnnotations:
        q = Quote(id=qid, content=Span(source.id, 8, 19), direct=False, **more)
        return ArticleAnnotations(article_id=source.id, quotes=(q,))

    good = Readdress(quote(content_id("q", source.id, 8, 19)), source).to(target)
    assert good is not None
    assert good.quotes[0].id == content_id("q", target.id, 8, 19)
    assert good.quotes[0].content == Span(target.id, 8, 19)
    assert good.article_id == target.id

    other_parts = content_id("q", source.id, "direct", 8)
    assert Readdress(quote(other_parts), source).to(target) is None
    unknown_ref = quote(content_id("q", source.id, 8, 19), group_id="qg-0123456789abcdef")
    assert Readdress(unknown_ref, source).to(target) is None
    noted = dataclasses.replace(quote(content_id("q", source.id, 8, 19)),
                                notes=(f"seen in {source.id}",))
    assert Readdress(noted, source).to(target) is None
    later = dataclasses.replace(target, body_start=3)
    assert Readdress(quote(content_id("q", source.id, 8, 19)), source).to(later) is None


class _Spy(Article):
    """An article that records which of its fields are read."""

    reads: set[str]

    def __getattribute__(self, name: str) -> Any:
        if name in Article.__dataclass_fields__:
            object.__getattribute__(self, "reads").add(name)
        return object.__getattribute__(self, name)


def test_the_chain_reads_only_the_key_fields(annotate: Annotator) -> None:
    base = _article(7, TITLES[0], PARAGRAPHS, outlet="Gazette", byline="By A. Writer",
                    url="https://example.org/x", agencies=("CNS",), dateline="VELMORA")
    spy = _Spy(**{f: getattr(base, f) for f in Article.__dataclass_fields__})
    object.__setattr__(spy, "reads", set())
    result = annotate.one(spy)
    assert isinstance(result, ArticleAnnotations) and result.quotes
    assert spy.reads - {"id", "source_path"} <= set(KEY_FIELDS)
    assert {"text", "published"} <= spy.reads


def _plain(ann: ArticleAnnotations) -> Any:
    return json.loads(json.dumps(to_dict(ann)))


def test_builds_reuse_within_and_across_runs(
    tmp_path: Path, annotate: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _article(1, TITLES[0], PARAGRAPHS[:5])
    second = _article(2, TITLES[1], PARAGRAPHS[4:])
    runs: list[str] = []
    real = Annotator.one

    def counted(self: Annotator, article: Article, docs: Any = None) -> Any:
        runs.append(article.id)
        return real(self, article, docs)

    monkeypatch.setattr(Annotator, "one", counted)
    pipe = Pipeline(tmp_path / "s.db", settings=Settings(db=str(tmp_path / "s.db"), workers=1))
    pipe.store.add_articles([(first, None), (second, None), (_copy(first, 1), None)])
    report = pipe.build()
    assert report.annotated == 3 and sorted(runs) == sorted([first.id, second.id])

    late = [_copy(first, 2), _copy(second, 3, published="2024-03-05T20:00:00Z")]
    pipe.store.add_articles([(a, None) for a in late])
    runs.clear()
    report = pipe.build()
    assert report.annotated == 2 and runs == []
    stored = pipe.store.annotations("language")
    pipe.close()

    monkeypatch.setattr(Annotator, "one", real)
    everything = [first, second, _copy(first, 1), *late]
    alone = _alone(annotate, everything)
    assert {aid: _plain(a) for aid, a in stored.items()} == {
        aid: _plain(a) for aid, a in alone.items()}


def test_renamed_moves_annotations_to_an_article_with_other_words_at_the_same_offsets() -> None:
    source = Article(id="a-source", text="He said it was fine.", source_path="s.txt")
    stand_in = dataclasses.replace(source, id="a-stand-in", text="Qx zmpw vr ulk bdoe.",
                                   published="2031-05-01")
    qid = content_id("q", source.id, 8, 19)
    quote = Quote(id=qid, content=Span(source.id, 8, 19), direct=False)
    move = Readdress(ArticleAnnotations(article_id=source.id, quotes=(quote,)), source)

    assert move.to(stand_in) is None  # another key: not what annotating it would give
    moved = move.renamed(stand_in.id)
    assert moved == ArticleAnnotations(article_id=stand_in.id, quotes=(dataclasses.replace(
        quote, id=content_id("q", stand_in.id, 8, 19), content=Span(stand_in.id, 8, 19)),))
    assert moved.quotes[0].content.text(stand_in.text) == "vr ulk bdoe"
    unknown_ref = dataclasses.replace(quote, group_id="qg-0123456789abcdef")
    refused = Readdress(ArticleAnnotations(article_id=source.id, quotes=(unknown_ref,)), source)
    assert refused.renamed(stand_in.id) is None
