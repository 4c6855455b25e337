"""Story pages rendered by the build: stored with the story's results, served as they are, the
same page the web UI renders on request, and rendered again when stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyline.config import load_settings
from storyline.pipeline import Pipeline
from storyline.pipeline.build import PAGES_KEY
from storyline.report.page import PAGE_FORMAT, page_json, read_page, story_pages
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


def test_default_size_renders_no_page_of_the_small_demo_stories(demo_db: Path) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        assert all(store.story_page(sid) is None for sid in _story_ids(store))
    finally:
        store.close()


def test_a_build_renders_the_missing_pages_and_they_are_current(demo_copy: Path) -> None:
    _build(demo_copy, 1)  # the setting changed since the demo's build: the pages are made
    store = open_store(demo_copy, readonly=True)
    try:
        ids = _story_ids(store)
        parts = [read_page(store.story_page(sid)) for sid in ids]
        assert ids and all(p is not None for p in parts)
        assert [p["story"]["id"] for p in parts if p] == ids
        assert all(p["format"] == PAGE_FORMAT for p in parts if p)
        assert store.check() == []  # page rows are results of stored stories
        corpus = store.load_story(ids[0])
        assert corpus.stories and corpus.stories[0].id == ids[0]  # pages are no records
    finally:
        store.close()


def test_the_stored_page_is_served_and_equals_the_page_rendered_on_request(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(demo_copy, 1)
    store = open_store(demo_copy, readonly=True)
    try:
        sid = max(store.story_summaries(), key=lambda s: s["article_count"])["id"]
        stored = TestClient(create_app(store)).get(f"/story/{sid}")

        def no_story(*_: object, **__: object) -> None:
            raise AssertionError("a stored page was there: the story must not be read")

        monkeypatch.setattr(store, "load_story", no_story)
        assert TestClient(create_app(store)).get(f"/story/{sid}").text == stored.text
        monkeypatch.undo()
        monkeypatch.setattr(store, "story_page", lambda _: None)
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
        parts = read_page(store.story_page(sid))
        assert parts is not None
        old = page_json({**parts, "generated_by": "storyline 0.0.1", "body": "old"})
        store.save_story_pages({sid: old})
        store.save_state({PAGES_KEY: b"storyline 0.0.1 for 1"})  # as an upgrade leaves it
        assert read_page(store.story_page(sid)) is None
        assert read_page(json.dumps({**parts, "format": "story-page/0"})) is None
        assert read_page("not json") is None and read_page(None) is None
        page = TestClient(create_app(store)).get(f"/story/{sid}").text
        assert '"old"' not in page and "Summary" in page
    finally:
        store.close()
    _build(demo_copy, 1)
    store = open_store(demo_copy, readonly=True)
    try:
        assert read_page(store.story_page(sid)) == parts
    finally:
        store.close()


def test_pages_go_with_their_story_results(demo_copy: Path) -> None:
    store = open_store(demo_copy)
    try:
        sid = _story_ids(store)[0]
        corpus = store.load_story(sid, None)
        store.save_story_results([sid], corpus, story_pages(corpus, [sid], 1))
        assert read_page(store.story_page(sid)) is not None
        store.save_story_results([sid], corpus)  # rebuilt below the size: the page goes
        assert store.story_page(sid) is None
        store.save_story_pages({"s-no-such-story": "{}"})  # only stored stories get pages
        assert store.story_page("s-no-such-story") is None
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
    assert set(story_pages(corpus, [summary["id"]], n)) == {summary["id"]}
    assert story_pages(corpus, [summary["id"]], n + 1) == {}
    assert story_pages(corpus, [summary["id"]], 0) == {}


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
