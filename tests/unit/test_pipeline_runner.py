"""The pipeline: plan checks, completion markers (resume), rejections, idempotent builds."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyline.errors import PlanError
from storyline.model import Article, ArticleAnnotations, Corpus, Source, Story
from storyline.pipeline import Pipeline, check_plan
from storyline.pipeline.group_stages import ProvenanceStage, StoriesStage
from storyline.pipeline.stage import StageContext, StageResult


@dataclass
class CountingStage:
    """Records sentence spans; fails on articles whose text contains FAIL."""

    calls: list[str]
    name: str = "count"
    version: str = "1"
    requires: frozenset[str] = frozenset({"text"})
    provides: frozenset[str] = frozenset({"sentences", "mentions"})
    extra: str | None = None
    parses: bool = False

    def setup(self) -> None:
        return None

    def process(self, article: Article, annotations: ArticleAnnotations,
                doc: object) -> ArticleAnnotations:
        self.calls.append(article.id)
        if "FAIL" in article.text:
            raise ValueError("cannot annotate this one")
        return dataclasses.replace(annotations, sentences=((0, len(article.text)),))


@dataclass(frozen=True)
class OneStoryStage:
    """Puts every article in one story."""

    name: str = "one_story"
    version: str = "1"
    requires: frozenset[str] = frozenset({"annotations.sentences"})
    provides: frozenset[str] = frozenset({"stories"})
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        earlier = context.store.story_members(["s-all"]).get("s-all", [])
        ids = tuple(sorted({*earlier, *(a.id for a in corpus.articles)}))
        return StageResult(dataclasses.replace(corpus, stories=(Story("s-all", "All", ids),)))


def _write(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_pipeline_plan_check_names_the_missing_input() -> None:
    with pytest.raises(PlanError, match="stories.*requires"):
        check_plan([], [StoriesStage(), ProvenanceStage()])


def test_pipeline_resumes_and_rejects_without_losing_work(tmp_path: Path, make_article) -> None:
    calls: list[str] = []
    stage = CountingStage(calls)
    pipe = Pipeline(tmp_path / "s.db", doc_stages=[stage], group_stages=[OneStoryStage()])
    arts = [make_article(f"Title {i}\n\nBody of article number {i}.") for i in range(5)]
    bad = make_article("Title\n\nThis one will FAIL.")
    pipe.store.add_articles([(a, None) for a in [*arts, bad]])

    first = pipe.build()
    assert first.annotated == 5
    assert [r.stage for r in first.rejected] == ["count"]
    assert "cannot annotate" in first.rejected[0].reason

    calls.clear()
    second = pipe.build()  # only the failed article is retried; the rest are marked done
    assert calls == [bad.id]
    assert second.already_annotated == 5
    assert pipe.store.rejects() == first.rejected  # logged once
    assert pipe.store.stories()[0].article_ids == tuple(sorted(a.id for a in [*arts, bad]))


def test_pipeline_rebuild_changes_nothing(tmp_path: Path, make_article) -> None:
    pipe = Pipeline(tmp_path / "s.db", doc_stages=[CountingStage([])],
                    group_stages=[OneStoryStage()])
    pipe.store.add_articles([(make_article("T\n\nSome body text."), None)])
    pipe.build()
    before = pipe.corpus()
    pipe.build()
    assert pipe.corpus() == before


def test_pipeline_ingest_twice_stores_once_and_logs_bad_files(tmp_path: Path) -> None:
    folder = _write(tmp_path, {"a.txt": "Harbour fire\n\nA fire broke out at the harbour on "
                               "Monday, officials said, and crews fought it for hours.",
                               "empty.txt": ""})
    (folder / "bin.html").write_bytes(b"\x00\x01\x02\x03binary\x00" * 50)
    pipe = Pipeline(tmp_path / "s.db", doc_stages=[CountingStage([])],
                    group_stages=[OneStoryStage()])
    first = pipe.ingest([folder])
    assert first.added == 1
    assert {Path(r.item).name for r in first.rejected} == {"empty.txt", "bin.html"}
    second = pipe.ingest([folder])
    assert second.added == 0 and second.duplicates == 1
    assert pipe.store.article_count() == 1
    assert len(pipe.store.rejects()) == 2


@dataclass(frozen=True)
class ExplodingStage:
    """Fails the whole build, as a crash or a kill would."""

    name: str = "explode"
    version: str = "1"
    requires: frozenset[str] = frozenset({"stories"})
    provides: frozenset[str] = frozenset()
    extra: str | None = None
    scope: str = "story"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        raise RuntimeError("killed mid-build")


def test_pipeline_crashed_build_keeps_previous_results(tmp_path: Path, make_article) -> None:
    db = tmp_path / "s.db"
    good = Pipeline(db, doc_stages=[CountingStage([])], group_stages=[OneStoryStage()])
    good.store.add_articles([(make_article("T\n\nFirst body."), None)])
    good.build()
    before = good.corpus()
    good.store.add_articles([(make_article("U\n\nSecond body."), None)])
    crashing = Pipeline(good.store, doc_stages=[CountingStage([])],
                        group_stages=[OneStoryStage(), ExplodingStage()])
    with pytest.raises(RuntimeError):
        crashing.build()
    runs = good.store._query("SELECT command, status, summary FROM runs ORDER BY id")
    assert runs[-1][0] == "build" and runs[-1][1] == "failed" and "RuntimeError" in runs[-1][2]
    # the new article was placed; the story's results wait, and the next build finishes them
    assert good.store.dirty_stories() == ["s-all"]
    assert good.corpus().stories[0].article_ids != before.stories[0].article_ids
    good.build()
    assert good.store.dirty_stories() == []


def test_pipeline_ingest_keeps_articles_when_learning_fails(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import storyline.clean.learned as learned

    def broken(items):  # type: ignore[no-untyped-def]
        raise ValueError("learning broke")

    monkeypatch.setattr(learned, "learn_furniture", broken)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Headline {i}\n\nBody number {i} of the report.\n",
                                         encoding="utf-8")
    pipe = Pipeline(tmp_path / "l.db")
    report = pipe.ingest([folder])
    assert report.added == 3
    assert [r.stage for r in report.rejected] == ["learn"]
    assert "learning broke" in report.rejected[0].reason
    pipe.close()


@dataclass(frozen=True)
class Needs:
    """A group stage that only declares."""

    extra: str | None = None
    name: str = "needs"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"positions"})
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        return StageResult(corpus)


def test_plan_check_imports_the_module_an_extra_installs() -> None:
    from storyline.errors import MissingExtra

    check_plan([], [Needs(extra="web")])  # the "web" extra installs fastapi (no module "web")
    with pytest.raises(MissingExtra, match="no-such-extra"):
        check_plan([], [Needs(extra="no-such-extra")])


def test_plan_check_refuses_names_that_are_no_field() -> None:
    with pytest.raises(PlanError, match="timeline"):
        check_plan([], [Needs(provides=frozenset({"timeline"}))])
    with pytest.raises(PlanError, match="annotations.sentences"):
        check_plan([], [OneStoryStage()])  # no per-article stage provides sentences
    check_plan([CountingStage([])], [OneStoryStage()])
    with pytest.raises(PlanError, match="article annotation fields"):
        check_plan([dataclasses.replace(CountingStage([]), provides=frozenset({"stories"}))])


@dataclass(frozen=True)
class SneakyStage:
    """Declares stories but also writes the sources."""

    name: str = "sneaky"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"stories"})
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        sources = (Source("src-x", "Example Outlet", "outlet"),)
        return StageResult(dataclasses.replace(corpus, sources=sources, stories=()))


def test_a_stage_writing_an_undeclared_field_stops_the_build(tmp_path: Path,
                                                               make_article) -> None:
    from storyline.errors import StageError

    pipe = Pipeline(tmp_path / "s.db", doc_stages=[CountingStage([])],
                    group_stages=[SneakyStage()])
    pipe.store.add_articles([(make_article("T\n\nSome body text."), None)])
    with pytest.raises(StageError, match="sneaky.*sources"):
        pipe.build()


@dataclass(frozen=True)
class CountingBuilds:
    """Carries the number of builds so far from one build to the next."""

    seen: list[bytes | None]
    name: str = "builds"
    version: str = "1"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset()
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        self.seen.append(context.state)
        return StageResult(corpus, state=str(int(context.state or b"0") + 1).encode())


def test_a_stage_gets_back_the_state_it_returned(tmp_path: Path, make_article) -> None:
    seen: list[bytes | None] = []
    pipe = Pipeline(tmp_path / "s.db", doc_stages=[CountingStage([])],
                    group_stages=[CountingBuilds(seen), OneStoryStage()])
    for i in range(3):
        pipe.store.add_articles([(make_article(f"T\n\nSome body text {i}."), None)])
        pipe.build()
    pipe.build()  # nothing new: the stage does not run
    assert seen == [None, b"1", b"2"]


def test_each_pipeline_parses_with_its_own_model(tmp_path: Path, make_article) -> None:
    from storyline.config import Settings
    from storyline.pipeline.doc_stages import EntitiesStage

    article = make_article("Harbour fire\n\nA fire broke out at the harbour on Monday.")
    missing = Pipeline(tmp_path / "a.db", settings=Settings(spacy_model="no_such_model",
                                                           workers=1),
                       doc_stages=[EntitiesStage()], group_stages=[])
    missing.store.add_articles([(article, None)])
    with pytest.raises(Exception, match="no_such_model"):
        missing.build()
    fine = Pipeline(tmp_path / "b.db", settings=Settings(workers=1),
                    doc_stages=[EntitiesStage()], group_stages=[])
    fine.store.add_articles([(article, None)])
    assert fine.build().annotated == 1
