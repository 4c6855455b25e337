"""The faster attribute-ruler matcher and rule-lemmatizer loop give spaCy's matches and lemmas,
and so the same parses."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402

from storyline.language import attribute_rules, nlp  # noqa: E402


def _stock():
    model = spacy.load(nlp.model_name())
    nlp._split_quote_marks(model)  # the same tokens as the pipeline's
    return model


def _attrs(doc: Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
             t.ent_type_) for t in doc]


def test_the_pipeline_parses_as_stock_spacy(demo_dir: Path) -> None:
    stock, fast = _stock(), nlp.get_nlp()
    assert fast.get_pipe("attribute_ruler").match.__class__ is attribute_rules.RuleMatcher
    texts = [p.read_text(encoding="utf-8") for p in sorted(demo_dir.glob("*.txt"))][:24]
    texts.append("I gotta go, y'all. Gonna be there; it ain't over, let's see. "
                 "There were two of them.\n\n  Who did it? She did.")
    ruler = stock.get_pipe("attribute_ruler")
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _attrs(a) == _attrs(b)
        assert ruler.match(a) == fast.get_pipe("attribute_ruler").match(a)


def _ruler_of(patterns: list[dict[str, object]]):
    model = spacy.blank("en")
    ruler = model.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return model, ruler


RULES: list[dict[str, object]] = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"IN": ["a", "the"]}, "TAG": {"NOT_IN": ["NN"]}}]],
     "attrs": {"POS": "DET"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]],
     "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"IS_SPACE": True}], [{"TAG": "_SP"}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"DEP": {"NOT_IN": [""]}, "TAG": "NN"}]], "attrs": {"POS": "PROPN"}},
]


def test_matches_equal_spacys_on_every_pattern_shape() -> None:
    model, ruler = _ruler_of(RULES)
    words = ["the", "NN", "gon", "na", "y'", "all", "y", "all", "a", "\n", "gon", "gon", "na"]
    tags = ["DT", "NN", "VB", "TO", "PRP", "DT", "PRP", "DT", "NN", "_SP", "VB", "VB", "TO"]
    deps = ["det", "ROOT", "dep", "dep", "dep", "dep", "dep", "dep", "dep", "dep", "dep",
            "dep", "dep"]
    doc = Doc(model.vocab, words=words, tags=tags, deps=deps, heads=[1] * len(words))
    stock = ruler.match(doc)
    assert attribute_rules.speed_up(model)
    assert ruler.match(doc) == stock
    assert {(s, e) for _, _, s, e in stock} >= {(2, 4), (4, 6), (6, 8), (9, 10), (11, 13)}


def test_a_pattern_of_another_shape_keeps_spacys_matcher() -> None:
    model, ruler = _ruler_of([*RULES, {"patterns": [[{"TAG": "NN", "OP": "+"}]],
                                       "attrs": {"POS": "NOUN"}}])
    stock_match = ruler.match
    assert not attribute_rules.speed_up(model)
    assert ruler.match == stock_match
    assert not attribute_rules.speed_up(spacy.blank("en"))  # no ruler at all


def test_the_forms_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    model, ruler = _ruler_of(RULES)
    assert attribute_rules.speed_up(model)
    monkeypatch.setattr(attribute_rules, "MAX_FORMS", 5)
    words = [f"w{i}" for i in range(40)] + ["gon", "na"]
    doc = Doc(model.vocab, words=words, tags=["VB"] * len(words), deps=["dep"] * len(words),
              heads=[0] * len(words))
    assert ruler.match(doc)[-1][2:] == (40, 42)  # "gon na" still found
    assert len(ruler.match._forms) <= 5


def test_the_lemmatizer_loop_gives_spacys_lemmas(demo_dir: Path) -> None:
    from storyline.language import lemmatizer

    stock, fast = _stock(), nlp.get_nlp()
    assert type(fast.get_pipe("lemmatizer")).__name__.startswith("Fast")
    assert type(stock.get_pipe("lemmatizer")).__call__ is not \
        type(fast.get_pipe("lemmatizer")).__call__
    texts = [p.read_text(encoding="utf-8") for p in sorted(demo_dir.glob("*.txt"))][-12:]
    texts += ["", "The geese were flying; she'd been running, and they're the best."]
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    assert not lemmatizer.speed_up(spacy.blank("en"))  # no lemmatizer at all
    lookup = spacy.blank("en")
    lookup.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not lemmatizer.speed_up(lookup)  # only the rule mode is taken


def test_the_lemmas_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.language import lemmatizer

    stock, fast = _stock(), nlp.get_nlp()
    monkeypatch.setattr(lemmatizer, "MAX_KEYS", 3)
    text = "The geese were flying over the ducks, and the dogs were barking at them all."
    for _ in range(3):
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in stock(text)]
    assert len(fast.get_pipe("lemmatizer").__dict__["_storyline_known"]) <= 20
