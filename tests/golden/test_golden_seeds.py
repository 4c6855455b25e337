"""The five seed articles build into one story dossier that validates against the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline
from storyline.report.dossier import validate_dossier


@pytest.fixture(scope="module")
def seeds_built(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pipe = Pipeline(tmp_path_factory.mktemp("seeds") / "seeds.db")
    report = pipe.run([seeds_dir])
    result = {"report": report, "corpus": pipe.corpus(), "dossier": pipe.dossier()}
    pipe.close()
    return result


def test_golden_seeds_make_one_story(seeds_built: dict[str, Any]) -> None:
    assert seeds_built["report"].added == 5
    stories = seeds_built["dossier"]["stories"]
    assert len(stories) == 1
    assert len(stories[0]["article_ids"]) == 5


def test_golden_seeds_dossier_validates(seeds_built: dict[str, Any]) -> None:
    validate_dossier(seeds_built["dossier"])


def test_golden_seeds_furniture_gone(seeds_built: dict[str, Any]) -> None:
    for article in seeds_built["corpus"].articles:
        for marker in ("Leave a Reply", "Related Articles", "automatic aggregator",
                       "Back to top", "Tags:"):
            assert marker not in article.text, (article.source_path, marker)


def test_golden_seeds_origins_fewer_than_articles(seeds_built: dict[str, Any]) -> None:
    corpus = seeds_built["corpus"]
    assert 2 <= len(corpus.origins) < len(corpus.articles)


def test_golden_seeds_headline_place_conflict_flagged(seeds_built: dict[str, Any]) -> None:
    corpus = seeds_built["corpus"]
    place = [d for d in corpus.discrepancies if d.slot == "place"]
    values = {s.value.casefold() for d in place for s in d.sides}
    assert any("geneva" in v for v in values) and any("ukraine" in v for v in values)
