"""A faster matcher for spaCy's attribute ruler, with the same matches.

The English pipelines map every token's fine tag (and a few words and dependencies) to its
coarse part of speech, morphology and some lemmas with an ``attribute_ruler`` of about 180
token patterns, matched with spaCy's general :class:`~spacy.matcher.Matcher`. That matcher
costs about a seventh of the whole parse: it tries every pattern on every token.

:class:`RuleMatcher` gives the ruler the same matches, found another way. The patterns are
one or two tokens long, and whether a token meets a pattern's token test depends only on a few
of its attributes (fine tag, lower-case form, dependency label, whether it is a space), of
which the lower-case form matters only where some test names it. So the tests a token meets
are worked out once per *signature* (those attributes, the form cut down to what the tests
can tell apart) and looked up after that. The ruler then applies the matches itself, as
before: sorted by rule, later rules winning.

Only patterns of a known shape are taken (token tests on the attributes above, with values,
``IN``, ``NOT_IN`` and ``REGEX``, no operators); a ruler with any other pattern keeps spaCy's
matcher. :func:`speed_up` installs the matcher on a loaded pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["RuleMatcher", "speed_up"]

# the token attributes a pattern may test, in the order of a token's signature
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OTHER_FORM = "\x00"  # a lower-case form that no test names
MAX_FORMS = 200_000  # lower-case forms remembered at most


def _value_test(value: Any) -> Callable[[Any], bool] | None:
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    if op == "IN" and isinstance(arg, list):
        allowed = frozenset(arg)
        return lambda v: v in allowed
    if op == "NOT_IN" and isinstance(arg, list):
        banned = frozenset(arg)
        return lambda v: v not in banned
    if op == "REGEX" and isinstance(arg, str):
        search = re.compile(arg).search
        return lambda v: isinstance(v, str) and search(v) is not None
    return None


def _token_test(spec: Any) -> Callable[[tuple[Any, ...]], bool] | None:
    """A test of a token's signature for one token of a pattern; None for an unknown shape."""
    if not isinstance(spec, dict) or not spec or "OP" in spec:
        return None
    tests = []
    for key, value in spec.items():
        if key not in _KEYS:
            return None
        test = _value_test(value)
        if test is None:
            return None
        tests.append((_KEYS.index(key), test))
    return lambda sig: all(test(sig[i]) for i, test in tests)


def _named_forms(patterns: Sequence[dict[str, Any]]) -> tuple[frozenset[str], list[Any]]:
    """The lower-case forms the patterns name, and their regular expressions on the form."""
    named: set[str] = set()
    searches = []
    for rule in patterns:
        for pattern in rule["patterns"]:
            for spec in pattern:
                value = spec.get("LOWER") if isinstance(spec, dict) else None
                if isinstance(value, str):
                    named.add(value)
                elif isinstance(value, dict):
                    for op, arg in value.items():
                        if op in ("IN", "NOT_IN"):
                            named.update(arg)
                        elif op == "REGEX":
                            searches.append(re.compile(arg).search)
    return frozenset(named), searches


# what one token signature meets: one-token rules, (pattern, token) tests of longer patterns,
# and the longer patterns whose first token it meets
_Met = tuple[tuple[int, ...], frozenset[tuple[int, int]], tuple[int, ...]]


class RuleMatcher:
    """The matches of an attribute ruler's patterns, as ``AttributeRuler.match`` gives them:
    ``(rule number, match id, start, end)``, sorted."""

    def __init__(self, patterns: Sequence[dict[str, Any]], match_ids: Sequence[int]) -> None:
        self._single: list[tuple[int, Callable[[tuple[Any, ...]], bool]]] = []
        self._multi: list[tuple[int, list[Callable[[tuple[Any, ...]], bool]]]] = []
        for number, rule in enumerate(patterns):
            for pattern in rule["patterns"]:
                tests = [_token_test(spec) for spec in pattern]
                if not tests or any(t is None for t in tests):
                    raise ValueError(f"attribute rule {number}: a pattern of unknown shape")
                checks = [t for t in tests if t is not None]
                if len(checks) == 1:
                    self._single.append((number, checks[0]))
                else:
                    self._multi.append((number, checks))
        self._ids = list(match_ids)
        self._named, self._searches = _named_forms(patterns)
        self._forms: dict[str, str] = {}
        self._by_sig: dict[tuple[Any, ...], _Met] = {}

    def _form(self, lower: str) -> str:
        """The lower-case form cut down to what the tests can tell apart."""
        form = self._forms.get(lower)
        if form is None:
            if len(self._forms) >= MAX_FORMS:
                self._forms.clear()  # a long-lived process meets ever more forms
            named = lower in self._named or any(s(lower) for s in self._searches)
            form = self._forms[lower] = lower if named else _OTHER_FORM
        return form

    def _tests_met(self, sig: tuple[Any, ...]) -> _Met:
        """The one-token rules a signature meets, the (pattern, token) tests of the longer
        patterns it meets, and the longer patterns whose first token it meets."""
        met = self._by_sig.get(sig)
        if met is None:
            single = tuple(number for number, test in self._single if test(sig))
            multi = frozenset((p, k) for p, (_, tests) in enumerate(self._multi)
                              for k, test in enumerate(tests) if test(sig))
            firsts = tuple(sorted(p for p, k in multi if k == 0))
            met = self._by_sig[sig] = (single, multi, firsts)
        return met

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        ids, form = self._ids, self._form
        sigs = [(t.tag_, form(t.lower_), t.dep_, t.is_space) for t in doc]
        met = [self._tests_met(sig) for sig in sigs]
        out = set()
        for i, (single, _, firsts) in enumerate(met):
            for number in single:
                out.add((number, ids[number], i, i + 1))
            for p in firsts:  # a longer pattern is tried only where its first token fits
                number, tests = self._multi[p]
                size = len(tests)
                if i + size <= len(met) and all((p, k) in met[i + k][1] for k in range(1, size)):
                    out.add((number, ids[number], i, i + size))
        return sorted(out)  # a span that two patterns of one rule meet is matched once


def speed_up(nlp: Language) -> bool:
    """Give the pipeline's attribute ruler (if any) the faster matcher; whether it was given
    (not when a pattern is of a shape the faster one does not take)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    patterns = getattr(ruler, "patterns", None)
    if patterns is None or not hasattr(ruler, "match"):
        return False
    strings = nlp.vocab.strings
    try:
        matcher = RuleMatcher(patterns, [strings.add(str(i)) for i in range(len(patterns))])
    except ValueError:
        return False
    ruler.match = matcher
    return True

