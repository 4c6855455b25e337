"""The signature index kept in the store proposes the candidates the in-memory index proposes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storyline.demo import corpus_dir
from storyline.model import Corpus
from storyline.provenance import SignatureIndex
from storyline.provenance.candidates import MAX_BUCKET
from storyline.provenance.features import featurize
from storyline.provenance.stored_index import StoredIndex, rows_of_index
from storyline.store import SqliteStore


def _articles(make_article):
    arts = [make_article(p.read_text(encoding="utf-8"), source_path=p.name)
            for p in sorted(corpus_dir().glob("*.txt"))]
    wire = arts[0]  # one text syndicated more often than an LSH bucket keeps
    copies = [dataclasses.replace(wire, id=f"a-copy{k:03d}", source_path=f"copy{k}.txt")
              for k in range(MAX_BUCKET + 5)]
    return arts + copies


def test_stored_index_proposes_what_the_memory_index_proposes(tmp_path: Path,
                                                              make_article) -> None:
    arts = _articles(make_article)
    batches = [arts[k:k + 17] for k in range(0, len(arts), 17)]
    memory = SignatureIndex()
    with SqliteStore(tmp_path / "s.db") as store:
        for batch in batches:
            feats = [featurize(a) for a in batch]
            stored = StoredIndex(store)
            stored.load(a.id for a in batch)
            assert stored.candidates(feats) == memory.candidates(feats)
            memory.add(feats)
            stored.add(feats)
            store.save_increment(Corpus(articles=()), {}, signatures=stored.rows())
        assert len(store.signature_docs(a.id for a in arts)) == len(arts)
        probe = [featurize(dataclasses.replace(arts[0], id="a-zzz-probe"))]
        found = StoredIndex(store).candidates(probe)
        assert found == memory.candidates(probe) and found
        reread = StoredIndex(store)
        reread.load([arts[3].id])
        assert reread.body_chars_of(arts[3].id) == memory.body_chars_of(arts[3].id)


def test_rows_of_a_memory_index_answer_as_it_does(tmp_path: Path, make_article) -> None:
    arts = _articles(make_article)
    memory = SignatureIndex()
    memory.add([featurize(a) for a in arts[:-3]])
    rows = rows_of_index(memory)
    probe = [featurize(a) for a in arts[-3:]]
    with SqliteStore(tmp_path / "s.db") as store:
        pending = StoredIndex(store, memory)  # answered from memory
        assert pending.candidates(probe) == memory.candidates(probe)
        assert len(rows.bands) == len(list(rows.bands)) and rows.shingles[0] in rows.shingles
        store.save_increment(Corpus(articles=()), {}, signatures=rows)
        assert StoredIndex(store).candidates(probe) == memory.candidates(probe)
