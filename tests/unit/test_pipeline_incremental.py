"""Provenance is incremental: a second build compares only the new articles, same result."""

from __future__ import annotations

import shutil
from pathlib import Path

from storyline import Pipeline
from storyline.demo import corpus_dir
from storyline.model import Corpus
from storyline.provenance import SignatureIndex, detect_new
from storyline.provenance.incremental import pack_state, unpack_state


def _copy(names: list[Path], target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in names:
        shutil.copy(path, target / path.name)
    return target


def test_two_builds_give_the_links_of_one(tmp_path: Path) -> None:
    files = sorted(corpus_dir().glob("*.txt"))[:14]
    first, second = files[::2], files[1::2]

    pipe = Pipeline(tmp_path / "steps.db")
    pipe.run([_copy(first, tmp_path / "a")])
    ids = [a.id for a in pipe.store.articles()]
    assert len(pipe.store.signature_docs(ids)) == len(first)  # the index is rows in the store
    assert not pipe.store.load_state("provenance@2")
    pipe.run([_copy(second, tmp_path / "b")])
    steps = pipe.corpus()
    assert len(pipe.store.signature_docs(a.id for a in steps.articles)) == len(files)
    pipe.close()

    once = _whole(files, tmp_path)
    assert steps.reuse, "the chosen demo articles share reporting"
    assert sorted((lk.a, lk.b) for lk in steps.reuse) == sorted((lk.a, lk.b) for lk in once.reuse)
    assert sorted(steps.origins, key=lambda g: g.id) == sorted(once.origins, key=lambda g: g.id)


def _whole(files: list[Path], tmp_path: Path) -> Corpus:
    whole = Pipeline(tmp_path / "whole.db")
    whole.run([_copy(files, tmp_path / "all")])
    once = whole.corpus()
    whole.close()
    return once


def test_an_index_carried_as_one_blob_moves_into_the_store(tmp_path: Path) -> None:
    """A store whose index was kept as the provenance stage's state (as earlier versions kept
    it) compares its next articles with it, and keeps it as rows from then on."""
    files = sorted(corpus_dir().glob("*.txt"))[:14]
    first, second = files[::2], files[1::2]
    pipe = Pipeline(tmp_path / "steps.db")
    pipe.run([_copy(first, tmp_path / "a")])
    stored = pipe.store.articles()
    index = SignatureIndex()
    links = detect_new(index, stored, pipe.store.articles_by_id)
    conn = pipe.store._conn  # noqa: SLF001 - turn the store into one of the earlier kind
    conn.execute("DELETE FROM sig_bands")
    conn.execute("DELETE FROM sig_shingles")
    conn.execute("DELETE FROM sig_docs")
    pipe.store.save_state({"provenance@2": pack_state(index, links)})
    assert pipe.store.signature_docs(a.id for a in stored) == {}

    pipe.run([_copy(second, tmp_path / "b")])
    steps = pipe.corpus()
    assert len(pipe.store.signature_docs(a.id for a in steps.articles)) == len(files)
    assert unpack_state(pipe.store.load_state("provenance@2")) is None
    pipe.close()
    once = _whole(files, tmp_path)
    assert sorted((lk.a, lk.b) for lk in steps.reuse) == sorted((lk.a, lk.b) for lk in once.reuse)
    assert sorted(steps.origins, key=lambda g: g.id) == sorted(once.origins, key=lambda g: g.id)


def test_the_story_stages_do_not_read_again_what_placing_read(tmp_path: Path,
                                                              monkeypatch) -> None:
    from storyline.store.sqlite import SqliteStore

    files = sorted(corpus_dir().glob("*.txt"))[:6]
    asked: list[str] = []
    real = SqliteStore.annotations_of

    def counting(self, stage, ids):  # type: ignore[no-untyped-def]
        ids = list(ids)
        asked.extend(ids)
        return real(self, stage, ids)

    monkeypatch.setattr(SqliteStore, "annotations_of", counting)
    pipe = Pipeline(tmp_path / "once.db")
    pipe.run([_copy(files, tmp_path / "a")])
    stored = [a.id for a in pipe.store.articles()]
    pipe.close()
    assert sorted(asked) == sorted(stored)  # each article's annotations read once
