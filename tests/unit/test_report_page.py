"""Story pages rendered by the build: stored with the story's results, served as they are, the
same page the web UI renders on request, and rendered again when stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyline.config import load_settings
from storyline.errors import StoreError
from storyline.pipeline import Pipeline
from storyline.pipeline.build import PAGES_KEY
from storyline.report.page import PAGE_FORMAT, page_json, read_marks, read_page, story_views
from storyline.store import SqliteStore, open_store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.web.app import create_app  # noqa: E402


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    return db


def _build(db: Path, min_articles: int) -> None:
    pipe = Pipeline(settings=load_settings(db=str(db), workers=1,
                                           page_min_articles=min_articles))
    try:
        pipe.build()
    finally:
        pipe.close()


def _story_ids(store: SqliteStore) -> list[str]:
    return [s["id"] for s in store.story_summaries()]


def _biggest(store: SqliteStore) -> dict[str, object]:
    return max(store.story_summaries(), key=lambda s: s["article_count"])


@pytest.fixture
def paged(demo_copy: Path) -> Path:
    """The demo store after a build that rendered every story's views."""
    _build(demo_copy, 1)
    return demo_copy


def test_default_size_renders_no_page_of_the_small_demo_stories(demo_db: Path) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        assert all(store.view("page", sid) is None for sid in _story_ids(store))
    finally:
        store.close()


def test_a_build_renders_the_missing_pages_and_they_are_current(demo_copy: Path) -> None:
    _build(demo_copy, 1)  # the setting changed since the demo's build: the pages are made
    store = open_store(demo_copy, readonly=True)
    try:
        ids = _story_ids(store)
        parts = [read_page(store.view("page", sid)) for sid in ids]
        assert ids and all(p is not None for p in parts)
        assert [p["story"]["id"] for p in parts if p] == ids
        assert all(p["format"] == PAGE_FORMAT for p in parts if p)
        assert store.check() == []  # page rows are results of stored stories
        corpus = store.load_story(ids[0])
        assert corpus.stories and corpus.stories[0].id == ids[0]  # pages are no records
    finally:
        store.close()


def test_the_stored_page_is_served_and_equals_the_page_rendered_on_request(
    paged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(paged, readonly=True)
    try:
        sid = str(_biggest(store)["id"])
        stored = TestClient(create_app(store)).get(f"/story/{sid}")

        def no_story(*_: object, **__: object) -> None:
            raise AssertionError("a stored page was there: the story must not be read")

        monkeypatch.setattr(store, "load_story", no_story)
        assert TestClient(create_app(store)).get(f"/story/{sid}").text == stored.text
        monkeypatch.undo()
        monkeypatch.setattr(store, "view", lambda *_: None)
        live = TestClient(create_app(store)).get(f"/story/{sid}")
    finally:
        store.close()
    assert stored.status_code == live.status_code == 200
    assert stored.text == live.text


def test_a_page_of_another_version_or_format_is_not_used_and_is_rendered_again(
    demo_copy: Path,
) -> None:
    _build(demo_copy, 1)
    store = open_store(demo_copy)
    try:
        sid = _story_ids(store)[0]
        parts = read_page(store.view("page", sid))
        assert parts is not None
        old = page_json({**parts, "generated_by": "storyline 0.0.1", "body": "old"})
        store.save_views([("page", sid, sid, old)])
        store.save_state({PAGES_KEY: b"storyline 0.0.1 for 1"})  # as an upgrade leaves it
        assert read_page(store.view("page", sid)) is None
        assert read_page(json.dumps({**parts, "format": "story-page/0"})) is None
        assert read_page("not json") is None and read_page(None) is None
        page = TestClient(create_app(store)).get(f"/story/{sid}").text
        assert '"old"' not in page and "Summary" in page
    finally:
        store.close()
    _build(demo_copy, 1)
    store = open_store(demo_copy, readonly=True)
    try:
        assert read_page(store.view("page", sid)) == parts
    finally:
        store.close()


def test_pages_go_with_their_story_results(demo_copy: Path) -> None:
    store = open_store(demo_copy)
    try:
        sid = _story_ids(store)[0]
        corpus = store.load_story(sid, None)
        aid = corpus.stories[0].article_ids[0]
        store.save_story_results([sid], corpus, story_views(corpus, [sid], 1))
        assert read_page(store.view("page", sid)) is not None
        assert read_marks(store.view("marks", aid)) is not None
        store.save_story_results([sid], corpus)  # rebuilt below the size: the views go
        assert store.view("page", sid) is None and store.view("marks", aid) is None
        store.save_views([("page", "s-no-such-story", "s-no-such-story", "{}")])
        assert store.view("page", "s-no-such-story") is None  # only stored stories get views
        with pytest.raises(StoreError):
            store.save_views([("story", sid, sid, "{}")])  # views are no results
    finally:
        store.close()


def test_no_page_below_the_size_or_when_turned_off(demo_db: Path) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        summary = max(store.story_summaries(), key=lambda s: s["article_count"])
        corpus = store.load_story(summary["id"], None)
    finally:
        store.close()
    n = summary["article_count"]
    views = story_views(corpus, [summary["id"]], n)
    assert [v[:3] for v in views if v[0] == "page"] == [("page", summary["id"], summary["id"])]
    assert sorted(v[1] for v in views if v[0] == "marks") == sorted(
        corpus.stories[0].article_ids)
    assert story_views(corpus, [summary["id"]], n + 1) == []
    assert story_views(corpus, [summary["id"]], 0) == []


def test_a_build_looks_for_stale_pages_only_when_renderer_or_setting_changed(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(demo_copy, 1)
    calls: list[int] = []
    monkeypatch.setattr(SqliteStore, "story_summaries",
                        lambda self: calls.append(1) or [])  # type: ignore[func-returns-value]
    _build(demo_copy, 1)
    assert calls == []  # nothing changed: no scan of the stories
    _build(demo_copy, 2)
    assert calls == [1]


def test_article_pages_of_a_big_story_read_their_stored_marks_and_equal_the_live_ones(
    paged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(paged, readonly=True)
    try:
        sid = str(_biggest(store)["id"])
        ids = store.story_members([sid])[sid]
        marked = [a for a in ids if read_marks(store.view("marks", a))]
        assert marked, "the demo's biggest story has evidence in its articles"
        paths = [f"/article/{a}" for a in ids] + [f"/article/{marked[0]}?hl=0-5&q=port"]

        def no_story(*_: object, **__: object) -> None:
            raise AssertionError("the marks were stored: the story must not be read")

        monkeypatch.setattr(store, "load_story", no_story)
        stored = [TestClient(create_app(store)).get(p) for p in paths]
        monkeypatch.undo()
        monkeypatch.setattr(store, "view", lambda *_: None)
        live = [TestClient(create_app(store)).get(p) for p in paths]
    finally:
        store.close()
    assert all(r.status_code == 200 for r in stored + live)
    assert [r.text for r in stored] == [r.text for r in live]
    assert any('<mark class="' in r.text for r in stored)
