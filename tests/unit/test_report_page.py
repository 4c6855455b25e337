"""Story pages rendered by the build: stored with the story's results, served as they are, the
same page the web UI renders on request, and rendered again when stale."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from storyline.config import load_settings
from storyline.errors import StoreError
from storyline.pipeline import Pipeline
from storyline.pipeline.build import PAGES_KEY
from storyline.report.dossier import build_dossier
from storyline.report.html import section_size
from storyline.report.page import (
    PAGE_FORMAT,
    PAGED_KEYS,
    page_json,
    read_entity,
    read_marks,
    read_page,
    read_section,
    section_page,
    section_view_id,
    story_views,
)
from storyline.report.view import DossierIndex, story_view
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


def _stored_and_live(store: SqliteStore, paths: list[str], monkeypatch: pytest.MonkeyPatch,
                     what: str) -> list[str]:
    """The pages at ``paths`` served from the views the build stored (reading the story is
    an error) and again rendered live (no view is found); they must be the same. The texts."""

    def no_story(*_: object, **__: object) -> None:
        raise AssertionError(f"{what} stored: the story must not be read")

    monkeypatch.setattr(store, "load_story", no_story)
    stored = [TestClient(create_app(store)).get(p) for p in paths]
    monkeypatch.setattr(store, "load_story", SqliteStore.load_story.__get__(store))
    monkeypatch.setattr(store, "view", lambda *_: None)
    live = [TestClient(create_app(store)).get(p) for p in paths]
    assert all(r.status_code == 200 for r in stored + live)
    assert [r.text for r in stored] == [r.text for r in live]
    return [r.text for r in stored]


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
        first = TestClient(create_app(store)).get(f"/story/{sid}").text
        assert _stored_and_live(store, [f"/story/{sid}"], monkeypatch, "a page was") == [first]
    finally:
        store.close()


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


def test_view_kinds_are_no_result_kinds() -> None:
    from storyline.store._shared import BY_KIND, VIEW_KINDS

    assert not set(VIEW_KINDS) & set(BY_KIND)


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
        stored = _stored_and_live(store, paths, monkeypatch, "the marks were")
    finally:
        store.close()
    assert any('<mark class="' in text for text in stored)


def _section_paths(store: SqliteStore, sid: str) -> list[str]:
    """Every page of every section of a story, and one past the last."""
    paths = []
    for key in PAGED_KEYS:
        first = read_section(store.view("section", section_view_id(sid, key, 1)))
        assert first is not None, key
        paths += [f"/story/{sid}/{key}?page={n}" for n in range(1, first["pages"] + 2)]
    return paths


@pytest.mark.parametrize("per_page", [100, 3])
def test_section_pages_of_a_big_story_are_stored_and_equal_the_live_ones(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, per_page: int
) -> None:
    monkeypatch.setattr("storyline.report.page.SECTION_PAGE_ITEMS", per_page)
    _build(demo_copy, 1)
    store = open_store(demo_copy, readonly=True)
    try:
        sid = str(_biggest(store)["id"])
        stored = _stored_and_live(store, _section_paths(store, sid), monkeypatch,
                                  "the section pages were")
    finally:
        store.close()
    paged_once = [text for text in stored if 'rel="next"' in text]
    assert bool(paged_once) == (per_page == 3)  # the demo's sections fit one page of 100


def test_section_pages_show_every_item_once_in_order(demo_db: Path) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        sid = str(_biggest(store)["id"])
        dossier = build_dossier(store.load_story(sid, None), [sid])
    finally:
        store.close()
    view, index = story_view(dossier, dossier["stories"][0]), DossierIndex.of(dossier)
    def items(key: str, html: str) -> int:  # the items a section's HTML shows
        if key == "timeline":  # events, less the days they are listed under
            return html.count("<li>") - html.count('class="when"')
        return html.count({"quotes": '<blockquote class="excerpt">',
                           "discrepancies": '<div class="card">'}.get(key, "<tr><td>"))

    for key in ("sources", "people", "claims", "timeline", "quotes", "discrepancies"):
        size = section_size(key, view)
        whole = section_page(view, index, key, 1, per_page=10**6)
        assert whole["pages"] == 1 and whole["size"] == size == items(key, whole["html"])
        pages = [section_page(view, index, key, n, per_page=2) for n in range(1, size // 2 + 2)]
        assert {p["pages"] for p in pages} == {max(1, -(-size // 2))}, key
        shown = [items(key, p["html"]) for p in pages[: pages[0]["pages"]]]
        assert all(n <= 2 for n in shown) and sum(shown) == size, key
        assert section_page(view, index, key, 10**6, per_page=2)["page"] == pages[0]["pages"]
        assert "Show all" not in "".join(p["html"] for p in pages)
    count = -(-section_size("provenance", view) // 2)
    pages = [section_page(view, index, "provenance", n, per_page=2) for n in range(1, count + 1)]
    assert sum(p["html"].count('<li id="o-') for p in pages) == len(view.origin_groups) > 0


def test_a_section_page_has_its_pager_and_survives_odd_page_numbers(paged: Path) -> None:
    store = open_store(paged, readonly=True)
    try:
        client = TestClient(create_app(store))
        sid = str(_biggest(store)["id"])
        for query in ("", "?page=0", "?page=abc", "?page=99999999999", "?page=-3"):
            page = client.get(f"/story/{sid}/claims{query}")
            assert page.status_code == 200, query
            assert "Claims" in page.text
    finally:
        store.close()


def test_entity_pages_of_a_big_story_are_stored_and_equal_the_live_ones(
    paged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(paged, readonly=True)
    try:
        sid = str(_biggest(store)["id"])
        entities = list(store.load_story(sid, None).entities)
        assert entities and all(read_entity(store.view("entity_page", e.id)) for e in entities)
        stored = _stored_and_live(store, [f"/entity/{e.id}" for e in entities], monkeypatch,
                                  "the entities' parts were")
    finally:
        store.close()
    assert any("<blockquote" in text for text in stored)  # someone in the story is quoted


def test_shared_text_pages_show_each_pair_once_and_anchors_lead_to_their_page(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyline.report.page.SECTION_PAGE_ITEMS", 2)
    _build(demo_copy, 1)
    store = open_store(demo_copy, readonly=True)
    try:
        client = TestClient(create_app(store))
        sid = str(_biggest(store)["id"])
        pages = int(read_section(store.view("section", section_view_id(sid, "copies", 1)))
                    ["pages"])
        texts = [client.get(f"/story/{sid}/copies?page={n}").text for n in range(1, pages + 1)]
        cards = [i for t in texts for i in re.findall(r'class="card" id="(r-[^"]+)"', t)]
        assert pages > 1 and cards and len(cards) == len(set(cards))
        links = set(re.findall(r'href="(/story/[^"#]+/copies[^"#]*)#([^"]+)"',
                               client.get(f"/story/{sid}").text
                               + client.get(f"/story/{sid}/provenance").text))
        assert any("page=" in url for url, _ in links)
        for url, anchor in links:
            assert f'id="{anchor}"' in client.get(html.unescape(url)).text, (url, anchor)
    finally:
        store.close()
