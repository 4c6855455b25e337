"""The store, on SQLite and on PostgreSQL (``store_db``): idempotent ingestion, search,
transactional results, rejects; SQLite's migrations and a file that is no database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.errors import NotFound, StoreError
from storyline.model import Corpus, Rejection, Story
from storyline.store import SCHEMA_VERSION, SqliteStore, open_store


def test_store_same_article_twice_is_stored_once(store_db: str, make_article) -> None:
    art = make_article("Harbour fire\n\nA fire broke out at the harbour.", raw_sha256="ab")
    with open_store(store_db) as store:
        assert store.add_articles([(art, b"raw bytes")]) == 1
        assert store.add_articles([(art, b"raw bytes")]) == 0
        assert store.article_count() == 1
        assert store.get_article(art.id) == art
        assert store.raw_bytes(art.id) == b"raw bytes"


def test_store_search_finds_words_and_survives_hostile_queries(store_db: str, make_article):
    art = make_article("Port fire\n\nFirefighters fought the blaze at the container port.",
                       title="Port fire")
    with open_store(store_db) as store:
        store.add_articles([(art, None)])
        found = store.search("container blaze")
        assert [h.article_id for h in found.hits] == [art.id] and found.total == 1
        hit = found.hits[0]
        assert [hit.snippet[s:e] for s, e in hit.marks] == ["blaze", "container"]
        assert hit.outlet == "" and hit.terms == ("container", "blaze")
        for hostile in ['"', "AND OR NOT", "text:*", "(((", "a\" OR \"b", "", "   ", "NEAR(",
                        "*", "x" * 100_000, "\x00", "🔥 fire", "title:port", "^port"]:
            page = store.search(hostile)  # never raises an FTS syntax error
            assert isinstance(page.total, int)
        assert store.search("").message and store.search("-fire").total == 0


def test_store_search_language(store_db: str, make_article) -> None:
    texts = {
        "a": "Strikes spread\n\nDock workers went on strike in Korvin on Monday.",
        "b": "Talks stall\n\nVostrel said the talks had stalled.",
        "c": "Korvin and Vostrel\n\nKorvin met Vostrel; state media reported the meeting.",
        "d": "Striking news\n\nThe striking workers marched; state-run media stayed silent.",
    }
    arts = {k: make_article(t, url=f"https://example.org/{k}") for k, t in texts.items()}
    ids = {a.id: k for k, a in arts.items()}
    with open_store(store_db) as store:
        store.add_articles([(a, None) for a in arts.values()])

        def keys(q: str) -> set[str]:
            page = store.search(q, limit=50)
            assert page.total == len(page.hits)
            return {ids[h.article_id] for h in page.hits}

        assert keys("strike") == keys("strikes") == {"a", "d"}  # stemmed: "striking" too
        assert keys("stall*") == {"b"} and keys("vostr*") == {"b", "c"}
        assert keys("Korvin OR Vostrel") == {"a", "b", "c"}
        assert keys("Korvin OR Vostrel") >= keys("Korvin")
        assert keys("korvin NOT Vostrel") == keys("korvin -vostrel") == {"a"}
        assert keys('"state media"') == {"c"} and keys("state media") == {"c", "d"}
        assert keys("Korvin -\"state media\"") == {"a"}
        assert store.search("korvin", limit=1, offset=1).total == 2
        assert len(store.search("korvin", limit=1, offset=1).hits) == 1
        text = arts["a"].text
        spans = store.match_spans(arts["a"].id, "strikes")
        assert [text[s:e] for s, e in spans] == ["Strikes", "strike"]
        assert store.match_spans(arts["b"].id, "strikes") == []


def test_store_results_replace_in_one_transaction(store_db: str, make_article) -> None:
    art = make_article("Title\n\nBody text here.")
    story = Story(id="s-1", title="Title", article_ids=(art.id,))
    with open_store(store_db) as store:
        store.add_articles([(art, None)])
        store.save_increment(Corpus(articles=(art,), stories=(story,)), {art.id: "s-1"})
        assert store.stories() == (story,) and store.dirty_stories() == ["s-1"]
        store.save_story_results(["s-1"], Corpus(articles=(art,), stories=(story,)))
        assert store.dirty_stories() == []

        renamed = Story(id="s-1", title="Renamed", article_ids=(art.id,))
        broken = Corpus(articles=(art,),
                        stories=(renamed, "not a record"))  # type: ignore[arg-type]
        with pytest.raises(AttributeError):
            store.save_story_results(["s-1"], broken)
        assert store.stories() == (story,)  # the failed write left the old results intact


def test_store_rejects_are_logged_once(store_db: str) -> None:
    rej = Rejection("read", "bad.html", "binary data (not text)")
    with open_store(store_db) as store:
        store.add_rejections([rej])
        store.add_rejections([rej])
        assert store.rejects() == [rej]


def test_store_migrations_record_version_and_refuse_newer(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(
        SCHEMA_VERSION
    )
    conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SqliteStore(path)


def test_store_unknown_article_is_not_found(store_db: str) -> None:
    with open_store(store_db) as store, pytest.raises(NotFound):
        store.get_article("a-missing")


def test_store_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        SqliteStore(path)


def test_store_finds_entities_by_whole_name(store_db: str, make_article) -> None:
    from storyline.model.records import Entity

    art = make_article("Title\n\nBody text here.")
    story = Story(id="s-1", title="Title", article_ids=(art.id,))
    ents = tuple(Entity(f"e-{i}", f"Name {i % 7}", "PERSON", story_id="s-1") for i in range(40))
    with open_store(store_db) as store:
        store.add_articles([(art, None)])
        store.save_increment(Corpus(articles=(art,), stories=(story,)), {art.id: "s-1"})
        store.save_story_results(["s-1"], Corpus(articles=(art,), stories=(story,),
                                                 entities=ents))
        found = store.find_entities("name 3", exact=True)
        assert sorted(e.id for e in found) == sorted(e.id for e in ents if e.name == "Name 3")
        if isinstance(store, SqliteStore):  # the lookup reads the index, not every entity
            plan = store._query("EXPLAIN QUERY PLAN SELECT data FROM results WHERE kind = "
                                "'entity' AND lower(json_extract(data, '$.name')) = lower(?)",
                                ("x",))
            assert any("results_entity_name" in str(row) for row in plan), plan
