"""A story page left open picks up an article that a build in another process adds."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.store import open_store
from storyline.web.harness import run_cli, serve, set_viewport

pytestmark = pytest.mark.browser

WAIT_SECONDS = 60.0


def _members_by_file(db: Path) -> dict[str, set[str]]:
    """Each article's file name -> the file names of its story's articles."""
    store = open_store(db, readonly=True)
    try:
        names = {a.id: Path(a.source_path).name for a in store.articles()}
        out: dict[str, set[str]] = {}
        for story in store.stories():
            files = {names[a] for a in story.article_ids}
            out.update({f: files for f in files})
        return out
    finally:
        store.close()


def _story_holding(db: Path, files: set[str]) -> str:
    """The story of ``db`` holding most of these files' articles."""
    store = open_store(db, readonly=True)
    try:
        names = {a.id: Path(a.source_path).name for a in store.articles()}
        return max(store.stories(),
                   key=lambda s: (len({names[a] for a in s.article_ids} & files), s.id)).id
    finally:
        store.close()


def _article_of_file(db: Path, name: str) -> str:
    store = open_store(db, readonly=True)
    try:
        return next(a.id for a in store.articles() if Path(a.source_path).name == name)
    finally:
        store.close()


def test_browser_story_page_picks_up_an_article_added_by_a_concurrent_build(
    chromium: Any, demo_dir: Path, demo_db: Path, tmp_path: Path,
    store_builder: Callable[..., Path],
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    stories = _members_by_file(demo_db)
    last = max(f for f, members in stories.items() if len(members) >= 3)
    before, added = tmp_path / "before", tmp_path / "added"
    before.mkdir()
    added.mkdir()
    for path in sorted(demo_dir.iterdir()):
        shutil.copy(path, (added if path.name == last else before) / path.name)
    db = store_builder(tmp_path / "live.db", before)
    story = _story_holding(db, stories[last] - {last})

    with serve(db) as served:
        set_viewport(chromium, 1400, 900)
        url = f"{served.url}/story/{story}"
        chromium.get(url)

        def listed(driver: Any) -> bool:
            """The page lists its articles; a blank document (a busy machine once handed one
            back) is asked for again."""
            if "/article/" in driver.page_source:
                return True
            if "<body" not in driver.page_source:
                driver.get(url)
            return False

        WebDriverWait(chromium, WAIT_SECONDS, poll_frequency=0.5).until(
            listed, f"the page of story {story} never listed its articles")
        build = run_cli("build", str(added), "--db", str(db))  # while the page is open
        assert build.returncode == 0, build.stdout + build.stderr
        new_id = _article_of_file(db, last)
        started = time.monotonic()
        WebDriverWait(chromium, WAIT_SECONDS, poll_frequency=0.5).until(
            lambda d: f"/article/{new_id}" in d.page_source,
            f"the open page of story {story} never showed article {new_id} ({last})")
        assert time.monotonic() - started < WAIT_SECONDS
