"""The search box's query language: parsing never fails, operators, limits, FTS5 compiling."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.store.search_query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    Term,
    fts5_match,
    marked_spans,
    parse_query,
)


def test_query_operators() -> None:
    q = parse_query('Talks stall* OR "peace plan" -Geneva NOT "state media" AND x')
    assert q.alternatives == (
        (Term(("talks",)), Term(("stall",), prefix=True)),
        (Term(("peace", "plan")), Term(("x",))),
    )
    assert q.excluded == (Term(("geneva",)), Term(("state", "media")))
    assert q.words == ("talks", "stall", "peace", "plan", "x")
    assert q.message is None
    assert str(q) == 'talks stall* OR "peace plan" x -geneva -"state media"'


def test_query_odd_input_is_words_or_nothing() -> None:
    assert parse_query('NEAR( a "unclosed phrase').alternatives == (
        (Term(("near",)), Term(("a",)), Term(("unclosed", "phrase"))),)
    for nothing in ["", "   ", '"', "***", "OR OR", "AND", "((()))", '""']:
        q = parse_query(nothing)
        assert q.empty and q.message
    assert parse_query("-only").message.startswith("nothing to look for")
    assert parse_query("lower or and not").alternatives[0][1] == Term(("or",))


def test_query_limits_are_said() -> None:
    long = parse_query("word " * 1000)
    assert "cut" in long.message and "terms" in long.message
    assert len(long.alternatives[0]) == 1  # the same word, once
    many = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert len(many.alternatives[0]) == MAX_TERMS
    assert len(parse_query("x" * (MAX_QUERY_CHARS * 3)).alternatives[0][0].words[0]) \
        == MAX_QUERY_CHARS


def test_fts5_expression_quotes_every_word() -> None:
    expr = fts5_match(parse_query('a* "b c" OR d -e'))
    assert expr == '(("a"* AND "b c") OR ("d")) NOT ("e")'


@given(st.text(max_size=300))
def test_query_never_fails_and_compiles_only_words(text: str) -> None:
    q = parse_query(text)
    if not q.empty:
        expr = fts5_match(q)
        inside = expr.replace('"', " ").replace("(", " ").replace(")", " ").replace("*", " ")
        assert all(w.isidentifier() or w.replace("_", "").isalnum() or w in ("AND", "OR", "NOT")
                   or all(c.isalnum() or c == "_" for c in w) for w in inside.split())


def test_marked_spans_drop_unpaired_markers() -> None:
    plain, spans = marked_spans("a <b> c <d e> </x", "<", ">")
    assert plain == "a b c d e /x" and spans == [(2, 3), (6, 9)]
