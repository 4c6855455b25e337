"""The bundled demo corpus and its gold annotations agree with each other."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import pytest

from storyline.demo import corpus_dir, load_gold


@cache
def _gold() -> dict[str, Any]:
    return load_gold()


@cache
def _text(name: str) -> str:
    return (corpus_dir() / name).read_text(encoding="utf-8")


def _is_iso_day(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def test_demo_gold_has_the_promised_sizes() -> None:
    gold = _gold()
    articles = gold["articles"]
    assert len(articles) >= 44
    assert len({a["outlet"] for a in articles.values()}) >= 12
    stories = {a["story"] for a in articles.values() if a["story"]}
    assert len(stories) >= 3
    assert sum(1 for a in articles.values() if a["story"] is None) >= 4
    assert len(gold["quotes"]) >= 40
    assert len(gold["events"]) >= 20
    assert len(gold["discrepancies"]) >= 4
    assert gold["reuse_groups"] and gold["compatible"]


def test_demo_gold_and_corpus_list_the_same_files() -> None:
    on_disk = {p.name for p in corpus_dir().iterdir() if not p.name.startswith(".")}
    assert on_disk == set(_gold()["articles"])
    assert all(name.endswith(".txt") for name in on_disk)


def test_demo_gold_articles_have_valid_metadata() -> None:
    for name, meta in _gold()["articles"].items():
        assert meta["outlet"], name
        assert _is_iso_day(meta["published"]), name
        assert meta["story"] is None or isinstance(meta["story"], str), name


@pytest.mark.parametrize("kind", ["quotes", "events"])
def test_demo_gold_texts_occur_in_their_articles(kind: str) -> None:
    gold = _gold()
    for item in gold[kind]:
        assert item["article"] in gold["articles"], item
        assert item["text"] and item["text"] in _text(item["article"]), item


def test_demo_gold_quotes_name_a_speaker() -> None:
    for quote in _gold()["quotes"]:
        assert quote["speaker"].strip(), quote
        assert isinstance(quote["direct"], bool), quote


def test_demo_gold_event_dates_are_iso_days() -> None:
    for event in _gold()["events"]:
        assert _is_iso_day(event["date"]), event
        assert event["kind"], event


def test_demo_gold_reuse_groups_stay_within_one_story() -> None:
    gold = _gold()
    articles = gold["articles"]
    seen: set[str] = set()
    for group in gold["reuse_groups"]:
        members = group["members"]
        assert group["label"] and len(members) >= 2, group
        assert all(m in articles for m in members), group
        assert len({articles[m]["story"] for m in members}) == 1, group
        assert articles[members[0]]["story"] is not None, group
        assert not seen & set(members), f"article in two reuse groups: {group}"
        seen.update(members)


@pytest.mark.parametrize("kind", ["discrepancies", "compatible"])
def test_demo_gold_planted_values_occur_in_their_articles(kind: str) -> None:
    gold = _gold()
    for item in gold[kind]:
        assert item["slot"], item
        assert len(item["articles"]) == len(item["values"]) == 2, item
        stories = {gold["articles"][name]["story"] for name in item["articles"]}
        assert len(stories) == 1 and None not in stories, item
        for name, value in zip(item["articles"], item["values"], strict=True):
            assert value in _text(name), (name, value)
