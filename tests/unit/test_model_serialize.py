"""Records rebuilt from their dicts: exact round trips, the same as the reflective reference."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any

from storyline.model import Corpus, from_dict, to_dict
from storyline.model.serialize import _hints
from storyline.store import open_store


def reference(tp: Any, value: Any) -> Any:
    """The type-hint walk ``from_dict`` did for every value before its converters were made
    once per type."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return reference(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(reference(args[0], v) for v in value)
        return tuple(reference(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        return {k: reference(typing.get_args(tp)[1], v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: reference(hints[f.name], value[f.name])
                     for f in dataclasses.fields(tp) if f.name in value})
    return value


def _records(corpus: Corpus) -> list[Any]:
    out: list[Any] = list(corpus.annotations.values())
    for f in dataclasses.fields(Corpus):
        if f.name != "annotations":
            out.extend(getattr(corpus, f.name))
    return out


def test_model_serialize_round_trips_every_record_of_a_built_story(demo_db: Path) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        story = max(store.stories(), key=lambda s: len(s.article_ids))
        corpus = store.load_story(story.id)
    finally:
        store.close()
    records = _records(corpus)
    assert len({type(r) for r in records}) >= 8
    for rec in records:
        data = to_dict(rec)
        rebuilt = from_dict(type(rec), data)
        assert rebuilt == rec
        assert rebuilt == reference(type(rec), data)


def test_model_serialize_keeps_none_and_missing_fields(make_article: Any) -> None:
    article = make_article("Talks resume.", title=None, outlet="Wire")
    data = to_dict(article)
    assert from_dict(type(article), data) == article
    del data["outlet"]
    assert from_dict(type(article), data).outlet == dataclasses.replace(
        article, outlet=type(article)(id="x", text="", source_path="").outlet).outlet
    assert from_dict(type(article), None) is None
