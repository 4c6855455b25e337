"""The living store: membership, redirects that resolve forever, waiting stories, per-story
results, one-story reads and one build at a time."""

from __future__ import annotations

import os

import pytest

from storyline.errors import NotFound, StoreError
from storyline.model import Corpus, Position, Span, Story, StoryChange
from storyline.store import Store, open_store


def _two_stories(store: Store, make_article) -> tuple[list, Story, Story]:  # type: ignore[no-untyped-def]
    arts = [make_article(f"Title {i}\n\nBody of article {i}.") for i in range(4)]
    store.add_articles([(a, None) for a in arts])
    one = Story("s-one", "One", (arts[0].id, arts[1].id))
    two = Story("s-two", "Two", (arts[2].id, arts[3].id))
    changes = (StoryChange("new", "s-one", "a new story", articles=2),
               StoryChange("new", "s-two", "a new story", articles=2))
    store.save_increment(Corpus(articles=tuple(arts), stories=(one, two),
                                story_changes=changes),
                         {a: s.id for s in (one, two) for a in s.article_ids})
    return arts, one, two


def test_a_merged_story_id_resolves_to_the_survivor_for_good(store_db: str,
                                                             make_article) -> None:  # type: ignore[no-untyped-def]
    with open_store(store_db) as store:
        arts, one, two = _two_stories(store, make_article)
        assert store.dirty_stories() == ["s-one", "s-two"]
        assert store.unassigned_article_ids() == []
        merged = Story("s-one", "One", tuple(a.id for a in arts))
        store.save_increment(
            Corpus(articles=(), stories=(merged,), story_changes=(
                StoryChange("merged", "s-one", "similar (0.41)", other_id="s-two", articles=2),)),
            {a.id: "s-one" for a in arts})
        assert store.resolve_story("s-two") == "s-one"
        assert store.resolve_story("s-one") == "s-one"
        assert store.story_members(["s-one"]) == {"s-one": sorted(a.id for a in arts)}
        assert [s.id for s in store.stories()] == ["s-one"]
        assert "s-two" not in store.dirty_stories()
        # a later merge of the survivor carries the old redirect along
        store.save_increment(Corpus(articles=(), story_changes=(
            StoryChange("merged", "s-three", "similar", other_id="s-one"),)), {})
        store.save_increment(Corpus(articles=()), {"x": "s-three"})
        assert store.resolve_story("s-two") == "s-three"
        with pytest.raises(NotFound):
            store.resolve_story("s-never")
        kinds = [(c.kind, c.story_id, c.other_id) for c in store.story_changes()]
        assert kinds[-2:] == [("merged", "s-one", "s-two"), ("merged", "s-three", "s-one")]
        assert all(c.at for c in store.story_changes())
        # a story's history holds the stories merged into it, from their start
        history = [(c.kind, c.story_id) for c in store.story_changes("s-three")]
        assert history == [("new", "s-one"), ("new", "s-two"), ("merged", "s-one"),
                           ("merged", "s-three")]


def test_new_articles_come_in_publication_order_undated_last(store_db: str,
                                                            make_article) -> None:  # type: ignore[no-untyped-def]
    # a build places new articles in batches in this order: a pile of several years built at
    # once must reach the online stories as a feed would, not in the order of its ids
    days = ["2020-07-01", None, "2012-05-24", "2018-04-17", "", "2018-04-17T09:30:00+00:00"]
    arts = [make_article(f"Title {i}\n\nBody {i}.", id=f"a-{9 - i}", published=day)
            for i, day in enumerate(days)]
    with open_store(store_db) as store:
        store.add_articles([(a, None) for a in arts])
        order = store.unassigned_article_ids()
    by_id = {a.id: a.published for a in arts}
    assert [by_id[i] for i in order[:4]] == ["2012-05-24", "2018-04-17",
                                              "2018-04-17T09:30:00+00:00", "2020-07-01"]
    assert sorted(order[4:]) == order[4:] and {by_id[i] or "" for i in order[4:]} == {""}


def test_story_results_are_replaced_per_story_and_read_per_story(store_db: str,
                                                                  make_article) -> None:  # type: ignore[no-untyped-def]
    with open_store(store_db) as store:
        arts, one, two = _two_stories(store, make_article)
        pos = [Position(f"p-{s.id}", "a", "A", "talks", "demand",
                        (Span(s.article_ids[0], 0, 5),), story_id=s.id) for s in (one, two)]
        store.save_story_results(["s-one", "s-two"], Corpus(
            articles=tuple(arts), stories=(one, two), positions=tuple(pos)))
        assert store.dirty_stories() == []
        store.save_story_results(["s-one"], Corpus(articles=(), stories=(one,)))
        assert [p.id for p in store.load_story("s-two").positions] == ["p-s-two"]
        alone = store.load_story("s-one")
        assert alone.positions == () and [s.id for s in alone.stories] == ["s-one"]
        assert {a.id for a in alone.articles} == set(one.article_ids)


def test_a_second_build_at_once_is_refused_with_a_clear_message(store_db: str) -> None:
    with open_store(store_db) as store:
        first = store.start_run("build", exclusive=True)
        with pytest.raises(StoreError, match=f"another build is running .process {os.getpid()}"):
            store.start_run("build", exclusive=True)
        store.finish_run(first, "ok", {})
        store.finish_run(store.start_run("build", exclusive=True), "ok", {})


def test_summaries_count_outlets_and_origins_in_the_database(store_db: str,
                                                             make_article) -> None:  # type: ignore[no-untyped-def]
    with open_store(store_db) as store:
        _two_stories(store, make_article)
        summaries = store.story_summaries()
        assert [s["id"] for s in summaries] == ["s-one", "s-two"]
        assert all(s["article_count"] == 2 for s in summaries)


def test_builds_take_turns_on_the_store_lock(store_db: str) -> None:
    import threading

    first, second = open_store(store_db), open_store(store_db)
    waited, held = threading.Event(), threading.Event()

    def other() -> None:
        with second.build_lock(waited.set):
            held.set()

    with first.build_lock():
        thread = threading.Thread(target=other)
        thread.start()
        assert waited.wait(10)  # told that it waits
        assert not held.wait(0.3)  # and it does
    thread.join(10)
    assert held.is_set()
    with second.build_lock(lambda: pytest.fail("nobody holds the lock")):
        pass
    first.close()
    second.close()


def test_the_integrity_check_names_what_is_broken(store_db: str, make_article) -> None:  # type: ignore[no-untyped-def]
    with open_store(store_db) as store:
        arts, one, two = _two_stories(store, make_article)
        assert all("origin group" in p for p in store.check())  # no provenance ran here
        store.save_increment(Corpus(articles=(), story_changes=(
            StoryChange("merged", "s-gone", "merged by hand", other_id="s-two"),)),
            {"a-ghost": "s-one"})
        problems = {p.split(": ")[0].split(" × ")[1]: p.split(": ")[1] for p in store.check()}
        assert problems["a story member that is not a stored article"] == "a-ghost"
        assert problems["a redirect that leads to no story"] == "s-two"
        assert "a-ghost" in problems["a placed article its story's record does not list"]
        assert set(two.article_ids) <= set(  # s-two's members, their story gone
            problems["a story member whose story has no record"].split(", "))


def test_bytes_that_gave_an_article_already_stored_are_not_kept(store_db: str,
                                                                make_article) -> None:  # type: ignore[no-untyped-def]
    # the same text read from other bytes (re-encoded, other line ends) is the same article:
    # its bytes are not kept, so no stored bytes lack their article (the check stays clean)
    art = make_article("Bridge\n\nThe council approved a bridge.", raw_sha256="1" * 64)
    again = make_article("Bridge\n\nThe council approved a bridge.", raw_sha256="2" * 64)
    with open_store(store_db) as store:
        assert store.add_articles([(art, b"Bridge\n\nThe council approved a bridge.\n")]) == 1
        assert store.add_articles([(again, b"Bridge\r\n\r\nThe council approved a bridge.")]) == 0
        assert store.add_articles([(art, b"Bridge\n\nThe council approved a bridge.\n")]) == 0
        assert not [p for p in store.check() if "original bytes" in p]
        assert store.raw_bytes(art.id) == b"Bridge\n\nThe council approved a bridge.\n"
