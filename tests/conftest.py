"""Shared fixtures: the one conftest of the test suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
