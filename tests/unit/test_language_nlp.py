"""Parsing texts together with ``nlp.pipe`` gives exactly the docs one call per text gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.language import nlp
from storyline.model import Article, ArticleAnnotations, content_id
from storyline.pipeline.annotate import Annotator
from storyline.pipeline.copies import text_groups
from storyline.pipeline.doc_stages import default_doc_stages

SENTENCES = (
    "The Orrin valley council voted on Thursday to close the old quarry road for good.",
    '"Nobody will drive trucks past the school again," councillor Mara Tesk told reporters.',
    "Quarry owner Belcast Stone said it would appeal the decision within 30 days.",
    "The road carried about 400 lorries a week last spring, according to a traffic survey.",
    "Residents of Lower Orrin had petitioned the council twice since 2021.",
    "A spokesman for Belcast said the company employs 85 people in the valley.",
    "The closure takes effect on May 2, and a detour through Henby will open next month.",
)


def _text(n: int, k: int) -> str:
    """An invented article: a title and ``k`` paragraphs taken round the sentences from ``n``."""
    paras = [SENTENCES[(n + i) % len(SENTENCES)] for i in range(k)]
    return f"Council shuts quarry road, part {n}\n\n" + "\n\n".join(paras)


def _signature(doc: Any) -> tuple:
    """Everything the annotators read from a doc, token by token, and its vectors."""
    tokens = tuple((t.idx, t.text, t.whitespace_, t.is_sent_start, t.dep_, t.head.i, t.pos_,
                    t.tag_, t.lemma_, str(t.morph), t.ent_iob_, t.ent_type_) for t in doc)
    sents = tuple((s.start_char, s.end_char) for s in doc.sents)
    ents = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
    return tokens, sents, ents, doc.tensor.tobytes()


def _preparsed(texts: list[str]) -> list[Any]:
    nlp._docs.clear()
    for start in range(0, len(texts), nlp.PREPARSE_TEXTS):
        nlp.preparse(texts[start:start + nlp.PREPARSE_TEXTS])
    return [nlp._docs[_key(t)] for t in texts]


def _key(text: str) -> tuple[str, str]:
    return (nlp.model_name(), text)


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    nlp._docs.clear()
    yield
    nlp._docs.clear()


@given(st.lists(st.integers(0, 5_000), max_size=40), st.integers(1, 8), st.integers(1, 9_000))
def test_language_nlp_pipe_batches_cap_texts_and_characters(
    sizes: list[int], max_texts: int, max_chars: int
) -> None:
    texts = [str(i) * s for i, s in enumerate(sizes)]
    runs = list(nlp.pipe_batches(texts, max_texts, max_chars))
    assert [t for run in runs for t in run] == texts
    for run in runs:
        assert 1 <= len(run) <= max_texts
        assert len(run) == 1 or sum(map(len, run)) <= max_chars


def test_language_nlp_bounds_keep_batches_in_cache_and_memory() -> None:
    # a preparsed chunk must fit in the cache beside the docs being read, and a pipe batch
    # must not need more memory than the longest text parsed alone
    assert nlp.PIPE_BATCH_TEXTS <= nlp.PREPARSE_TEXTS <= nlp._CACHE_SIZE // 2
    assert nlp.PIPE_BATCH_CHARS <= nlp.MAX_PARSE_CHARS


def test_language_nlp_pipe_batches_count_only_what_is_parsed() -> None:
    long = "x" * (nlp.MAX_PARSE_CHARS + 50_000)
    runs = list(nlp.pipe_batches([long, "a", "b"], max_texts=8, max_chars=nlp.MAX_PARSE_CHARS + 1))
    assert runs == [[long, "a"], ["b"]]


def test_language_nlp_preparse_equals_one_call_per_text() -> None:
    texts = [_text(n, k) for n, k in [(0, 7), (3, 1), (1, 4), (5, 12), (2, 2), (6, 30), (4, 3)]]
    alone = [_signature(nlp.parse_text(t)) for t in texts]
    piped = [_signature(d) for d in _preparsed(texts)]
    assert piped == alone
    assert len({s[0] for s in piped}) == len(texts)  # the texts are parsed, not one doc reused


def test_language_nlp_batch_partners_do_not_change_a_parse() -> None:
    target = _text(2, 6)
    alone = _signature(nlp.parse_text(target))
    for partners in ([], [_text(0, 1)], [_text(5, 40), _text(1, 2)]):
        assert _signature(_preparsed([*partners, target])[-1]) == alone


def test_language_nlp_parse_reads_the_preparsed_doc(
    monkeypatch: pytest.MonkeyPatch, make_article: Any
) -> None:
    texts = [_text(n, 3) for n in range(nlp.PREPARSE_TEXTS + 5)]
    for filler in range(nlp._CACHE_SIZE):  # a full cache: the new texts must push these out
        nlp._docs[_key(f"filler {filler}")] = None  # type: ignore[assignment]
    assert nlp.preparse(texts) == nlp.PREPARSE_TEXTS
    assert nlp.preparse(texts[: nlp.PREPARSE_TEXTS]) == 0
    held = {t: nlp._docs[_key(t)] for t in texts[: nlp.PREPARSE_TEXTS]}

    def no_parse(text: str) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(nlp, "parse_text", no_parse)
    for text, doc in held.items():
        assert nlp.parse(make_article(text)) is doc
    with pytest.raises(AssertionError, match="parsed again"):
        nlp.parse(make_article(texts[-1]))


def test_language_nlp_preparse_keeps_cached_texts(make_article: Any) -> None:
    old = _text(0, 2)
    kept = nlp.parse(make_article(old))
    for filler in range(nlp._CACHE_SIZE - 1):
        nlp._docs[_key(f"filler {filler}")] = None  # type: ignore[assignment]
    nlp.preparse([old, *(_text(n, 1) for n in range(1, nlp.PREPARSE_TEXTS))])
    assert nlp._docs.get(_key(old)) is kept


def test_language_nlp_failing_batch_is_left_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def pipe(self, texts: list[str], batch_size: int) -> Any:
            raise ValueError("cannot parse this batch")

    monkeypatch.setattr(nlp, "get_nlp", lambda name=None: Broken())
    assert nlp.preparse(["One text.", "Another text."]) == 0
    assert not nlp._docs


def _article(n: int, k: int, **fields: Any) -> Article:
    text = _text(n, k)
    head = text.index("\n\n") + 2
    fields.setdefault("published", "2024-06-07T08:00:00+00:00")
    return Article(id=content_id("t", n, k, *fields.values()), text=text,
                   source_path=f"test/{n}-{k}.txt", body_start=head, **fields)


def test_language_nlp_batched_chain_annotates_as_each_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chain = Annotator(default_doc_stages())
    chain.setup()
    first = _article(0, 6)
    articles = [first, _article(1, 3), _article(4, 9), _article(2, 1, language="fr"),
                dataclasses.replace(first, id="copy-1", source_path="test/copy.txt")]
    alone = {}
    for article in articles:
        nlp._docs.clear()
        alone[article.id] = chain.one(article)
    nlp._docs.clear()
    parsed: list[str] = []
    real = nlp.parse_many

    def spy(texts: Any) -> Any:
        parsed.extend(texts)
        return real(texts)

    monkeypatch.setattr(nlp, "parse_many", spy)
    together = chain(text_groups(articles))
    assert {r.article_id: r for r in together} == alone
    assert all(isinstance(r, ArticleAnnotations) for r in together)
    assert alone[first.id].mentions and alone[first.id].quotes
    assert _text(2, 1) not in parsed and _text(0, 6) in parsed  # French: not parsed
    assert not nlp._docs  # the parses were handed to the stages, not cached


def test_language_nlp_chain_without_parses_parses_nothing(
    monkeypatch: pytest.MonkeyPatch, make_article: Any
) -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        name: str = "plain"
        provides: frozenset[str] = frozenset({"sentences"})
        parses: bool = False

        def process(self, article: Article, ann: ArticleAnnotations,
                    doc: object) -> ArticleAnnotations:
            assert doc is None
            return dataclasses.replace(ann, sentences=((0, len(article.text)),))

    def no_parse(texts: Any) -> Any:
        raise AssertionError("parsed")

    monkeypatch.setattr(nlp, "parse_many", no_parse)
    monkeypatch.setattr(nlp, "parse", no_parse)
    article = make_article("A title\n\nA body.")
    result = Annotator([Plain()])([[article]])
    assert result[0].sentences == ((0, len(article.text)),)


def _corpus_texts(folder: Path) -> list[str]:
    from storyline.clean.article import clean_document
    from storyline.io.readers import iter_inputs

    raws = [r for r in iter_inputs([folder], max_bytes=50_000_000) if hasattr(r, "data")]
    return [clean_document(raw)[0].text for raw in raws]


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["demo_dir", "seeds_dir"])
def test_language_nlp_preparse_is_exact_on_real_articles(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    texts = _corpus_texts(request.getfixturevalue(corpus))
    assert len(texts) >= 5 and np.mean([len(t) for t in texts]) > 500
    alone = [_signature(nlp.parse_text(t)) for t in texts]
    assert [_signature(d) for d in _preparsed(texts)] == alone


def test_language_nlp_kept_parses_read_back_equal_the_parse() -> None:
    texts = ["The union demanded higher wages on Monday.",
             "Ministers rejected the offer, officials said."]
    nlp.forget_parses()

    def annotations(docs: dict) -> list:  # type: ignore[type-arg]
        return [[(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_type_,
                  t.is_sent_start) for t in docs[x]] for x in texts]

    fresh = nlp.parse_many_kept(texts)
    assert set(k[1] for k in nlp._kept) == set(texts)
    again = nlp.parse_many_kept(texts)  # read back from bytes, not parsed again
    assert all(again[x] is not fresh[x] for x in texts)
    assert annotations(again) == annotations(fresh) == annotations(nlp.parse_many(texts))
    nlp.forget_parses()
    assert not nlp._kept


def test_language_nlp_packed_parses_are_spacy_docbins() -> None:
    # packed and unpacked without srsly's per-call lookup, in spaCy's own DocBin format: the
    # same bytes as DocBin.to_bytes and the same parses as DocBin.from_bytes
    import base64

    from spacy.tokens import DocBin

    texts = ["Norland demanded guarantees that the union would not expand.",
             'Vesk said: "No." The talks end on Friday.']
    docs = list(nlp.parse_many(texts).values())
    box = DocBin(attrs=list(nlp._PACKED_ATTRS), store_user_data=False)
    for doc in docs:
        box.add(doc)
    assert nlp.docbin_bytes(box) == box.to_bytes()
    packed = nlp.pack_docs(docs)
    theirs = DocBin(attrs=list(nlp._PACKED_ATTRS), store_user_data=False)
    theirs.from_bytes(base64.b64decode(packed))
    expected = list(theirs.get_docs(nlp.get_nlp(nlp.model_name()).vocab))
    assert [d.to_json() for d in nlp.unpack_docs(packed)] == [d.to_json() for d in expected]
    assert [[t.dep_ for t in d] for d in nlp.unpack_docs(packed)] == [[t.dep_ for t in d]
                                                                      for d in docs]


def test_language_nlp_parses_know_their_text_as_spacy_joins_it() -> None:
    texts = [_text(1, 3), "  Two  spaces,\ttabs\tand\n\n\nnew lines  ",
             "Marks " + "!" * 40 + " and a " + "x" * 450 + " run", "\u201cQuoted,\u201d she said."]
    many = nlp.parse_many(texts)
    for text in texts:
        for doc in (many[text], nlp.parse_text(text)):
            assert nlp.doc_text(doc) == doc.text == nlp.tame(text)
            assert len(nlp.doc_text(doc)) == len(text)


def test_tokens_among_reads_the_arrays_as_the_tokens_read() -> None:
    from storyline.language.nlp import get_nlp, tokens_among

    doc = get_nlp()("He said Estonians and Latvians met him in Riga. She did not.")
    assert tokens_among(doc, "LOWER", ("he", "she", "him")) == [
        t.i for t in doc if t.lower_ in ("he", "she", "him")] == [0, 6, 10]
    assert tokens_among(doc, "ORTH", {"Estonians", "Riga", "Tallinn"}) == [2, 8]
    assert tokens_among(doc, "DEP", ("nsubj",)) == [t.i for t in doc if t.dep_ == "nsubj"]
    assert tokens_among(doc, "ORTH", ()) == [] and tokens_among(doc[:0].as_doc(), "ORTH", "x") == []
