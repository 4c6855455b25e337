"""Exact round trips between records and JSON-ready dicts."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import storyline.model.records as records

T = TypeVar("T")


_PLAIN = frozenset((str, int, float, bool, type(None)))
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def to_dict(obj: Any) -> Any:
    """Turn a record (or tuple/dict of records) into plain JSON-ready values."""
    kind = type(obj)
    if kind in _PLAIN:
        return obj
    names = _field_names(kind)
    if names is not None:
        out = {}
        for name in names:
            value = getattr(obj, name)
            out[name] = value if type(value) in _PLAIN else to_dict(value)
        return out
    if kind is tuple or kind is list:
        return [v if type(v) in _PLAIN else to_dict(v) for v in obj]
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a record type, in order; None for any other type (a record class
    itself is no record: its type is ``type``). Found once per type: storing a batch turns
    millions of values."""
    try:
        return _FIELD_NAMES[kind]
    except KeyError:
        names = (tuple(f.name for f in dataclasses.fields(kind))
                 if dataclasses.is_dataclass(kind) else None)
        _FIELD_NAMES[kind] = names
        return names


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(records))


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output."""
    return _converter(cls)(data)


def _same(value: Any) -> Any:
    return value


Convert = Callable[[Any], Any]


@functools.cache
def _converter(tp: Any) -> Convert:
    """The function rebuilding a value of type ``tp`` (``None`` stays ``None``), made once per
    type: reading a story of thousands of articles rebuilds millions of values, and looking at
    the type hints for each of them took most of the time."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _same
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if item is _same:
                return lambda v: None if v is None else tuple(v)
            return lambda v: None if v is None else tuple(map(item, v))
        items = [_converter(a) for a in args]
        return lambda v: None if v is None else tuple(
            c(x) for c, x in zip(items, v, strict=True))
    if origin is dict:
        values = _converter(typing.get_args(tp)[1])
        if values is _same:
            return _same
        return lambda v: None if v is None else {k: values(x) for k, x in v.items()}
    if dataclasses.is_dataclass(tp):
        return _record_converter(tp)
    return _same


def _record_converter(cls: type) -> Convert:
    # the fields' converters, made on first use (a record may nest itself): the names of the
    # fields taken as they are, and the others with their converters; two threads may both
    # make them, and either is right
    made: list[tuple[list[str], list[tuple[str, Convert]]]] = []

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if not made:
            hints = _hints(cls)
            pairs = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls)]
            made.append(([n for n, c in pairs if c is _same],
                         [p for p in pairs if p[1] is not _same]))
        plain, converted = made[0]
        kwargs = {name: value[name] for name in plain if name in value}
        for name, conv in converted:
            if name in value:
                kwargs[name] = conv(value[name])
        return cls(**kwargs)

    return convert
