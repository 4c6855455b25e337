"""The literal strings a regular expression cannot match without: a cheap test before a scan.

:func:`required_literals` reads a compiled pattern's syntax tree and returns a set of strings
such that every match of the pattern contains at least one of them, or None when it cannot say
(an optional part, a character class of many characters, case-insensitive matching). A text
holding none of the strings has no match, so the scan can be skipped: ``str.__contains__`` over
a text costs a small part of what a pattern that starts with a look-behind costs the regular
expression engine, which tries it at every position.

The reading is conservative: look-arounds, back-references, categories (``\\w``, ``\\s``),
negated classes and repeats that may match nothing are read as "anything", and a sequence is
judged by the one part whose strings are longest. It uses the standard library's own parser
(``re._parser``); should that ever fail on a pattern, the answer is None and nothing is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["may_match", "required_literals"]

try:  # the parser the re module compiles with (a private module, read only)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons name them sre_*
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MAX_CHARS = 12  # a character class of more characters than this requires nothing useful

Literals = frozenset[str]


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    key_a = (min(map(len, a)), -len(a))
    key_b = (min(map(len, b)), -len(b))
    return b if key_b > key_a else a


def _sequence(items: Iterable[tuple[Any, Any]]) -> Literals | None:
    """Every item of a sequence must match: the best requirement of any one of them (runs of
    plain characters read as one string)."""
    best: Literals | None = None
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []
        best = _better(best, _item(op, av))
    if run:
        best = _better(best, frozenset({"".join(run)}))
    return best


def _item(op: Any, av: Any) -> Literals | None:
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < MAX_CHARS:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:  # a negation, a category, a wide range
                return None
        return frozenset(chars) if 0 < len(chars) <= MAX_CHARS else None
    if op is _c.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            got = _sequence(alternative)
            if got is None:
                return None
            found |= got
        return frozenset(found)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, body = av
        return _sequence(body) if low >= 1 else None
    return None  # look-arounds, anchors, any character, categories, back-references


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Strings of which every match of ``pattern`` holds at least one, or None (unknown)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        found = _sequence(_p.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unreadable tree: nothing is skipped
        return None
    return found if found and all(found) else None


def may_match(literals: Literals | None, text: str) -> bool:
    """False only when ``text`` holds none of the required strings (so no match is possible)."""
    return literals is None or any(s in text for s in literals)
