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


def test_golden_seed_positions_on_the_contested_issues(seed_corpus: Corpus) -> None:
    # what an analyst writes down from these reports: the US side on NATO expansion, military
    # exercises, missile deployment and sanctions; Russia's demand for guarantees
    us = _side(seed_corpus.positions, US)
    issues = {(p.issue.casefold(), p.plover) for p in us}
    for pattern, plover in ((r"nato expansion", "REJECT"), (r"military exercises", "AGREE"),
                            (r"missile", "AGREE"), (r"sanctions", "THREATEN")):
        assert any(re.search(pattern, i) and pl == plover for i, pl in issues), (pattern, issues)
    russia = _side(seed_corpus.positions, RUSSIA)
    assert any("guarantee" in p.issue and p.stance == "demand" for p in russia)


def test_golden_seed_headline_conflict_and_no_false_alarm(seed_corpus: Corpus) -> None:
    (found,) = [d for d in seed_corpus.discrepancies if d.slot == "place"]
    assert {s.value.casefold() for s in found.sides} == {"geneva", "ukraine"}
    assert all(s.independent_origins >= 1 for s in found.sides)
    assert len(seed_corpus.discrepancies) == 1


def test_golden_seed_speakers_name_somebody(seed_corpus: Corpus) -> None:
    from storyline.quotes.groups import speaker_shown

    shown = [q.speaker_label for q in seed_corpus.quotes if q.speaker_label]
    assert shown and all(speaker_shown(label) for label in shown)


def test_golden_seed_positions_carry_their_confidence(seed_corpus: Corpus) -> None:
    from storyline.claims import semantic
    from storyline.claims.position_confidence import model_for

    model = model_for(semantic.available())
    assert seed_corpus.positions
    for p in seed_corpus.positions:
        assert p.confidence is not None and 0.0 <= p.confidence <= 1.0
        assert p.confident == (p.confidence >= model.threshold)
