"""The seed articles yield positions for both sides of the talks, with PLOVER types."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from storyline import Pipeline
from storyline.model import Corpus, Position

US = re.compile(r"\b(?:US|USA|United States|Washington|Blinken|Sherman|Biden)\b")
RUSSIA = re.compile(r"\b(?:Russia|Russian|Moscow|Kremlin|Ryabkov|Putin|Lavrov)\b")


@pytest.fixture(scope="module")
def seed_corpus(seeds_dir: Path) -> Corpus:
    with tempfile.TemporaryDirectory() as tmp:
        pipe = Pipeline(Path(tmp) / "seeds.db")
        pipe.run([seeds_dir])
        corpus = pipe.corpus()
        pipe.close()
    return corpus


def _side(positions: tuple[Position, ...], pattern: re.Pattern[str]) -> list[Position]:
    return [p for p in positions if pattern.search(p.actor_name)]


def test_golden_seed_positions_both_sides(seed_corpus: Corpus) -> None:
    us, russia = _side(seed_corpus.positions, US), _side(seed_corpus.positions, RUSSIA)
    assert us and russia
    # each side both asks for something and turns something down or offers something
    assert {"REQUEST"} <= {p.plover for p in us} and {"REQUEST"} <= {p.plover for p in russia}
    assert {p.plover for p in us} & {"AGREE", "REJECT"}
    assert {p.plover for p in russia} & {"AGREE", "REJECT", "THREATEN"}


def test_golden_seed_positions_evidence_in_text(seed_corpus: Corpus) -> None:
    texts = {a.id: a.text for a in seed_corpus.articles}
    for p in seed_corpus.positions:
        assert p.evidence
        for e in p.evidence:
            assert 0 <= e.start < e.end <= len(texts[e.article_id])
