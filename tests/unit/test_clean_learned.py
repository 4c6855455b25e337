"""Learned furniture: lines recurring across an outlet's articles go, reporting never does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storyline.clean.article import clean_document
from storyline.clean.learned import find_learned, furniture_shaped, learn_furniture
from storyline.config import load_settings
from storyline.io.raw import RawDocument
from storyline.pipeline import Pipeline

FOOTER = "Harbour Post Morning Edition"
BODIES = [
    "Firefighters contained a warehouse fire at the northern harbour on Tuesday after crews "
    "worked through the night to stop it from spreading to the fuel depot.",
    "The city council voted on Wednesday to rebuild the old ferry terminal, ending a dispute "
    "that had delayed the work for almost three years.",
    "A cargo ship ran aground outside the harbour mouth on Thursday morning and was pulled "
    "free by two tugs at high tide in the afternoon.",
    "Bus drivers in the port district will strike for a day next week over a change to their "
    "shift patterns, their union said on Friday evening.",
    "The lighthouse on the eastern breakwater will be painted in its old red and white bands "
    "again this summer, the harbour trust announced on Saturday.",
]
WIRE = ("Officials said the damage to the quay would take weeks to repair and that ships would "
        "be sent to the southern terminal until then.")


def _docs(outlet: str, extra: str, n: int) -> list[tuple[str | None, list[str]]]:
    return [(outlet, [BODIES[i], extra]) for i in range(n)]


def test_clean_learned_outlet_footer_removed_with_reason() -> None:
    found = find_learned(_docs("Harbour Post", FOOTER, 3))
    assert found == [{1: "learned: recurs in 3 articles of Harbour Post"}] * 3


def test_clean_learned_two_articles_teach_nothing() -> None:
    assert find_learned(_docs("Harbour Post", FOOTER, 2)) == [{}, {}]


def test_clean_learned_figures_that_change_are_data_not_furniture() -> None:
    docs = [("Harbour Post", [BODIES[i], f"Ships waiting offshore: {n}"])
            for i, n in enumerate((3, 14, 27))]
    assert find_learned(docs) == [{}] * 3
    same = [("Harbour Post", [BODIES[i], "Harbour Post © 2031"]) for i in range(3)]
    assert all(d == {1: "learned: recurs in 3 articles of Harbour Post"}
               for d in find_learned(same))


def test_clean_learned_short_reporting_sentence_kept() -> None:
    sentence = "The strike began on Monday."
    assert not furniture_shaped(sentence)
    assert find_learned(_docs("Harbour Post", sentence, 4)) == [{}] * 4


def test_clean_learned_quotation_kept() -> None:
    quoted = "“We will rebuild,” the mayor said"
    assert find_learned(_docs("Harbour Post", quoted, 4)) == [{}] * 4


def test_clean_learned_line_shared_by_copies_is_not_learned() -> None:
    # one wire story reprinted by five outlets: its short subheading recurs only by copying
    subhead = "Ships sent south"
    docs = [(f"Outlet {i}", [WIRE, subhead, BODIES[0]]) for i in range(5)]
    assert find_learned(docs) == [{}] * 5


def test_clean_learned_corpus_wide_line_from_many_outlets() -> None:
    docs = [(f"Outlet {i}", [BODIES[i], "Skip the ads with a pass"]) for i in range(5)]
    assert all(d == {1: "learned: recurs in 5 articles from 5 outlets"}
               for d in find_learned(docs))


def test_clean_learned_never_empties_an_article() -> None:
    docs = [("Harbour Post", [BODIES[i], FOOTER]) for i in range(3)]
    docs.append(("Harbour Post", [FOOTER]))
    assert find_learned(docs)[3] == {}


def _article_text(i: int) -> str:
    return f"Harbour story number {i}\n\n{BODIES[i]}\n\n{FOOTER}\n"


def test_clean_learned_applied_to_articles_keeps_line_numbers() -> None:
    items = [clean_document(RawDocument(f"{i}.txt", _article_text(i).encode(), "text"))
             for i in range(3)]
    items = [(dataclasses.replace(a, outlet="Harbour Post"), nos) for a, nos in items]
    before = [a.id for a, _ in items]
    after = learn_furniture(items)
    for i, article in enumerate(after):
        assert FOOTER not in article.text and BODIES[i] in article.text
        assert article.text.startswith(f"Harbour story number {i}\n\n")
        (removed,) = article.removed
        assert (removed.line_no, removed.text) == (5, FOOTER)
        assert removed.reason == "learned: recurs in 3 articles of Harbour Post"
        assert article.id == before[i]  # identity does not depend on the batch it came in


def test_clean_learned_ingest_removes_recurring_outlet_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        text = _article_text(i) + "\nSource From: Harbour Post\n"
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    pipe = Pipeline(tmp_path / "s.db")
    try:
        report = pipe.ingest([folder])
        assert report.added == 3
        for article in pipe.store.articles():
            assert article.outlet == "Harbour Post" and FOOTER not in article.text
            assert [r.reason for r in article.removed if r.text == FOOTER] == [
                "learned: recurs in 3 articles of Harbour Post"]
    finally:
        pipe.close()


def test_clean_learned_ingest_in_windows_stores_every_article(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import storyline.pipeline.ingest as ingest

    monkeypatch.setattr(ingest, "LEARN_WINDOW", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(_article_text(i) + "\nSource From: Harbour Post\n",
                                         encoding="utf-8")
    pipe = Pipeline(tmp_path / "s.db", settings=load_settings(batch_size=1))
    try:
        assert pipe.ingest([folder]).added == 3
        # no window held three articles of the outlet, so nothing was learned
        assert all(FOOTER in a.text for a in pipe.store.articles())
    finally:
        pipe.close()
