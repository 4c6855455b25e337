"""Shared fixtures: the one conftest of the test suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.model import Article, content_id

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared (seed articles and evaluation datasets) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    """The seed articles: five real overlapping reports of one event."""
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is absent")
    return path


@pytest.fixture(scope="session")
def datasets_dir(shared_dir: Path) -> Path:
    """The public evaluation datasets."""
    path = shared_dir / "datasets"
    if not path.is_dir():
        pytest.skip("../shared/datasets is absent")
    return path


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The bundled demo corpus."""
    return REPO / "src" / "storyline" / "demo" / "corpus"


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Build an Article from a text (and any metadata) with a content-hash id."""

    def make(text: str, **fields: object) -> Article:
        source_path = str(fields.pop("source_path", "test.txt"))
        art_id = str(fields.pop("id", content_id("a", source_path, text)))
        return Article(id=art_id, text=text, source_path=source_path, **fields)  # type: ignore[arg-type]

    return make


# --------------------------------------------------------------------------- built stores


def build_store(db: Path, *inputs: Path) -> Path:
    """Ingest and build ``inputs`` into a new store at ``db`` (one worker, this process)."""
    from storyline.config import load_settings
    from storyline.pipeline import Pipeline

    pipe = Pipeline(settings=load_settings(db=str(db), workers=1))
    try:
        pipe.run([str(p) for p in inputs])
    finally:
        pipe.close()
    return db


@pytest.fixture(scope="session")
def store_builder() -> Callable[..., Path]:
    """:func:`build_store`: ``store_builder(db, *inputs)`` ingests and builds a new store."""
    return build_store


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> Path:
    """A store holding the built demo corpus (read it, never write it)."""
    return build_store(tmp_path_factory.mktemp("demo-store") / "demo.db", demo_dir)


HOSTILE_TITLE_WORD = "longword<i>x</i> "
HOSTILE_TITLE_WORDS = 1_000_000 // len(HOSTILE_TITLE_WORD)  # a title of 1 MB


def hostile_records() -> list[dict[str, str]]:
    """Articles whose text, title, outlet and URL carry markup, event handlers and
    ``javascript:`` URLs, one with a title of about 1 MB; they make stories of their own."""
    body = (
        "Negotiators from Carvossa and Thalmira met in Rivena on Tuesday to discuss the grain "
        "tariff, officials said. <script>alert('text')</script> The trade minister, Ilsa "
        "Marrow, said: \"We will not accept <img src=x onerror=alert('quote')> any tariff "
        "above ten percent.\" A link <a href=\"javascript:alert('href')\">click</a> and "
        "<div onmouseover=\"alert('hover')\">hover</div> were in the page. The talks lasted "
        "six hours and will resume on Friday, the ministry said.\n\n"
    )
    return [
        {"title": "<script>alert('title')</script> Grain tariff talks resume in Rivena",
         "outlet": "<b onclick=alert('outlet')>Evil Wire</b>",
         "url": "javascript:alert('url')", "date": "2025-03-11T09:00:00Z",
         "text": body * 3},
        {"title": "Grain tariff talks \"><svg onload=alert('t2')> go on in Rivena",
         "outlet": "Copy Daily", "url": "https://example.org/x?<script>",
         "date": "2025-03-11T10:00:00Z", "text": body * 3 + "Copied from Evil Wire.\n"},
        {"title": "Tariff " + HOSTILE_TITLE_WORD * HOSTILE_TITLE_WORDS,
         "outlet": "Long Title Gazette", "url": "https://example.org/long",
         "date": "2025-03-12T09:00:00Z",
         "text": "The harbour authority of Portvale reopened the northern quay on Monday "
                 "after repairs, a spokesman said. <iframe src=javascript:alert(1)></iframe> "
                 "Ships waited two days to unload grain.\n"},
    ]


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from :func:`hostile_records` (a JSON Lines file, ingested as any feed)."""
    import json

    folder = tmp_path_factory.mktemp("hostile-store")
    feed = folder / "hostile.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in hostile_records()), encoding="utf-8")
    return build_store(folder / "hostile.db", feed)


# --------------------------------------------------------------------------- a real browser


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip, with the reason, where no Chromium can be driven."""
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    from storyline.web.harness import browser_missing

    reason = browser_missing()
    if reason:
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=f"no browser: {reason}"))


@pytest.fixture(scope="session")
def live_demo(demo_db: Path) -> Iterator[str]:
    """The base URL of a real ``storyline serve`` child process serving the demo store."""
    from storyline.web.harness import serve

    with serve(demo_db) as served:
        yield served.url


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium (Selenium WebDriver) for the session; tests set its viewport."""
    from storyline.web.harness import start_chromium

    driver = start_chromium(1400, 900, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()
