"""One small hostile file never stops the build: runs of punctuation and endless words.

spaCy's tokenizer takes time quadratic in a run of punctuation marks without spaces (8,000
quotation marks took 5 s, 100,000 more than five minutes). The parser sees such runs shortened
(:func:`storyline.language.nlp.tame`, same length, so that offsets still hold); these tests
build the hostile files beside an ordinary article and require both to be done, quickly.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline import Pipeline
from storyline.language.nlp import LONG_WORD, PUNCT_RUN, parse_text, tame

ORDINARY = ("Port strike ends\n\nDockworkers in Harlow returned to work on Monday after the "
            "union accepted a 6 percent pay rise, union leader Ilse Marten said.\n")


@pytest.mark.parametrize("mark", ['"', ",", "\u201c", ".", "!", "-", "\u2019"])
def test_a_long_run_of_one_mark_parses_fast(mark: str) -> None:
    text = "Headline\n\nText " + mark * 100_000
    started = time.perf_counter()
    doc = parse_text(text)
    assert time.perf_counter() - started < 10
    assert len(doc.text) == len(text)


def test_tame_keeps_length_and_ordinary_text() -> None:
    assert tame(ORDINARY) == ORDINARY
    text = "a" + '"' * 50 + "b " + "x" * 1000
    tamed = tame(text)
    assert len(tamed) == len(text)
    assert tamed.startswith('a"""') and tamed[4 : 4 + 47].strip() == ""
    assert max(len(w) for w in tamed.split()) < LONG_WORD


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from('"\u201c\u201d,.;:!?-\' ab\n'), max_size=3000))
def test_tame_bounds_runs_on_any_text(text: str) -> None:
    tamed = tame(text)
    assert len(tamed) == len(text)
    runs = [len(r) for r in __import__("re").findall(r"([^\w\s])\1*", tamed)]
    assert all(r <= PUNCT_RUN for r in runs)


def test_a_hostile_file_beside_an_article_does_not_stop_the_build(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ordinary.txt").write_text(ORDINARY, encoding="utf-8")
    (tmp_path / "in" / "quotes.txt").write_text("Headline\n\nText " + '"' * 100_000 + "\n",
                                                encoding="utf-8")
    (tmp_path / "in" / "commas.txt").write_text("Headline\n\nText " + "," * 100_000 + "\n",
                                                encoding="utf-8")
    pipe = Pipeline(tmp_path / "store.db")
    started = time.perf_counter()
    report = pipe.run([tmp_path / "in"])
    elapsed = time.perf_counter() - started
    corpus = pipe.corpus()
    pipe.close()
    assert elapsed < 60
    assert report.added == 3
    assert len(corpus.annotations) == 3  # every article annotated, the hostile ones too
    assert corpus.stories


def test_a_gzip_of_blank_lines_is_refused_quickly(tmp_path: Path) -> None:
    import gzip

    from storyline.io.readers import iter_inputs
    from storyline.model.records import Rejection

    path = tmp_path / "blank.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(300):
            fh.write(b"\n" * 1_000_000)  # 300 MB of blank lines in about 300 KB
    good = tmp_path / "good.jsonl"
    good.write_text('{"title": "Harbour strike ends", "text": "Dockworkers returned."}\n',
                    encoding="utf-8")
    started = time.perf_counter()
    items = list(iter_inputs([path, good], max_bytes=1_000_000))
    assert time.perf_counter() - started < 30
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert len(rejections) == 1 and "decompression bomb" in rejections[0].reason
    assert len(items) == 2  # the good file is still read
