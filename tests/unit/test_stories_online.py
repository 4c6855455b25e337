"""Stories assigned online: stable ids, merges, links, date windows, closing, no full scan."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from storyline.model import Article
from storyline.model.ids import content_id
from storyline.stories.online import Assignment, OnlineParams, StoryIndex

FLOOD = ("Kessel river floods the Marrow valley",
         "The Kessel river burst its levees and flooded the Marrow valley. Farmers in the valley "
         "moved their herds to higher pastures while the levees of the river gave way.")
FLOOD_2 = ("Marrow valley floods spread along the Kessel",
           "Flood water from the Kessel river reached more farms in the Marrow valley; the levees "
           "broke in two places and farmers moved herds uphill.")
FLOOD_3 = ("Kessel levees repaired after the Marrow valley flood",
           "Engineers repaired the broken levees of the Kessel river after the flood in the "
           "Marrow valley, and farmers brought their herds down from the pastures.")
CHESS = ("Grandmaster Ilvane wins the Tormund chess open",
         "Grandmaster Ilvane won the Tormund chess open with a rook endgame against the "
         "defending champion, taking the open's trophy after nine rounds of chess.")
CHESS_2 = ("Ilvane takes Tormund chess trophy",
           "The Tormund chess open ended with grandmaster Ilvane holding the trophy after a "
           "rook endgame beat the defending champion in the ninth round.")
BAKERY = ("Bakers of Quillon strike over flour prices",
          "Bakers across Quillon closed their ovens for a day to protest the price of flour, "
          "and the guild of bakers asked the mill owners for a meeting.")


PLACED = OnlineParams(recluster=False)  # the placement alone, without the re-clustering


def art(aid: str, text: tuple[str, str], published: str | None = "2024-03-01") -> Article:
    title, body = text
    return Article(id=aid, text=f"{title}\n{body}", source_path="test", title=title,
                   published=published, body_start=len(title) + 1)


def words(n: int) -> tuple[str, str]:
    """An invented text of its own vocabulary (no word shared with another ``n``)."""
    vocab = [f"w{n}x{k}" for k in range(8)]
    return " ".join(vocab[:3]), " ".join(vocab * 2)


def run(index: StoryIndex, *arts: Article, linked: tuple[tuple[str, str], ...] = ()) -> Assignment:
    return index.assign(list(arts), {}, linked)


def test_a_story_keeps_the_id_of_its_first_article_as_it_grows() -> None:
    index = StoryIndex()
    first = run(index, art("m-flood", FLOOD, "2024-03-01"), art("z-chess", CHESS, "2024-03-01"))
    sid = content_id("s", "m-flood")
    assert first.joined["m-flood"] == sid
    assert set(first.created) == {sid, content_id("s", "z-chess")}
    # a later article with a smaller id joins: the id does not change
    second = run(index, art("a-flood", FLOOD_2, "2024-03-02"))
    assert second.joined == {"a-flood": sid}
    assert second.created == () and second.merged == ()
    assert second.touched == frozenset({sid})
    index = StoryIndex.from_bytes(index.to_bytes())
    third = run(index, art("b-flood", FLOOD_3, "2024-03-03"))
    assert third.joined == {"b-flood": sid}
    assert index.members(sid) == ("m-flood", "a-flood", "b-flood")
    # an article the index already holds is not added twice
    again = run(index, art("a-flood", FLOOD_2, "2024-03-02"))
    assert again.joined == {"a-flood": sid} and again.created == () and not again.touched
    assert index.members(sid) == ("m-flood", "a-flood", "b-flood")


def test_articles_in_one_batch_go_in_publication_order() -> None:
    index = StoryIndex()
    result = run(index, art("a-late", FLOOD_2, "2024-03-05"), art("b-early", FLOOD, "2024-03-01"),
                 art("c-undated", FLOOD_3, None))
    sid = content_id("s", "b-early")  # the earliest article opens the story
    assert result.joined == {"a-late": sid, "b-early": sid, "c-undated": sid}
    assert result.created == (sid,)


def test_a_merge_reports_the_absorbed_and_the_surviving_story() -> None:
    # nothing joins, nothing merges (the placement alone: no re-clustering)
    apart = OnlineParams(threshold=0.99, merge_threshold=0.99, recluster=False)
    index = StoryIndex(apart)
    run(index, art("f1", FLOOD), art("f2", FLOOD_2))
    assert index.story_of("f1") != index.story_of("f2")
    index = StoryIndex.from_bytes(index.to_bytes(), PLACED)  # default thresholds from now on
    result = run(index, art("f3", FLOOD_3, "2024-03-02"), linked=(("f3", "f1"),))
    survivor, absorbed = content_id("s", "f1"), content_id("s", "f2")
    assert len(result.merged) == 1
    merge = result.merged[0]
    assert (merge.absorbed, merge.survivor) == (absorbed, survivor)  # the larger survives
    assert "similarity" in merge.reason
    assert result.joined == {"f3": survivor}
    assert result.touched == frozenset({survivor})
    assert index.members(survivor) == ("f1", "f3", "f2")
    assert index.story_of("f2") == survivor


def test_a_link_to_two_stories_merges_them_for_shared_reporting() -> None:
    index = StoryIndex()
    run(index, art("f1", FLOOD), art("c1", CHESS))
    result = run(index, art("x", BAKERY), linked=(("x", "f1"), ("c1", "x")))
    (merge,) = result.merged
    assert merge.reason.startswith("shared reporting")
    assert {merge.absorbed, merge.survivor} == {content_id("s", "f1"), content_id("s", "c1")}
    assert merge.survivor == content_id("s", "c1")  # same size, same age: the smaller id
    assert result.joined == {"x": merge.survivor}


def test_linked_articles_land_in_one_story() -> None:
    index = StoryIndex()
    result = run(index, art("b1", BAKERY), art("c1", CHESS), linked=(("c1", "b1"),))
    assert result.joined["b1"] == result.joined["c1"] == content_id("s", "b1")
    # a new article linked to an existing member joins that member's story
    later = run(index, art("f1", FLOOD, "2024-03-02"), linked=(("f1", "c1"),))
    assert later.joined == {"f1": content_id("s", "b1")}
    # a link to an article the index does not know is ignored
    alone = run(index, art("f9", FLOOD_2, "2024-03-02"), linked=(("f9", "nobody"),))
    assert alone.joined["f9"] == content_id("s", "b1")  # by similarity to the flood member


def test_an_article_decades_away_neither_joins_nor_stretches_a_story() -> None:
    index = StoryIndex()
    sid = run(index, art("f1", FLOOD, "2024-03-01"), art("f2", FLOOD_2, "2024-03-02")).joined["f1"]
    far = run(index, art("old", FLOOD_3, "1994-03-01"))
    assert far.joined["old"] != sid and far.created == (far.joined["old"],)
    # linked, it joins, but its date stays out of the story's window
    linked = run(index, art("old2", FLOOD_3, "1994-03-02"), linked=(("old2", "f2"),))
    assert linked.joined == {"old2": sid}
    stretched = run(index, art("old3", FLOOD, "1994-03-03"))
    assert stretched.joined["old3"] != sid
    recent = run(index, art("f4", FLOOD_3, "2024-03-08"))
    assert recent.joined == {"f4": sid}


def test_an_undated_article_may_join_a_dated_story() -> None:
    index = StoryIndex()
    sid = run(index, art("f1", FLOOD, "2024-03-01")).joined["f1"]
    assert run(index, art("f2", FLOOD_2, None)).joined == {"f2": sid}


def test_copies_do_not_close_a_story_to_related_articles() -> None:
    index = StoryIndex()
    sid = run(index, *(art(f"copy{n}", FLOOD) for n in range(4))).joined["copy0"]
    assert index.members(sid) == ("copy0", "copy1", "copy2", "copy3")
    assert run(index, art("other", FLOOD_2)).joined == {"other": sid}


def test_two_similar_events_stay_apart_once_each_has_a_few_articles() -> None:
    index = StoryIndex(PLACED)
    run(index, art("f1", FLOOD), art("f2", FLOOD_2), art("f3", FLOOD_3))
    sid = index.story_of("f1")
    # a flood of another river: many shared words, but not as close as the story's own articles
    other = ("Ossel river floods the Tarn valley",
             "The Ossel river burst its banks and flooded the Tarn valley; farmers moved herds "
             "to the hills while the dams of the Ossel held.")
    assert run(index, art("o1", other)).joined["o1"] != sid


def test_the_same_batches_give_the_same_result() -> None:
    batches = [[art("f1", FLOOD), art("c1", CHESS)],
               [art("f2", FLOOD_2, "2024-03-02"), art("b1", BAKERY, "2024-03-02")],
               [art("c2", CHESS_2, "2024-03-03"), art("f3", FLOOD_3, None)]]

    def replay() -> tuple[list[Assignment], bytes]:
        blob, out = None, []
        for batch in batches:
            index = StoryIndex.from_bytes(blob)
            out.append(index.assign(list(reversed(batch)), {}))
            blob = index.to_bytes()
        return out, blob

    first = replay()
    time.sleep(1.1)  # the stored archive carries no clock time
    assert replay() == first


def test_bytes_round_trip() -> None:
    index = StoryIndex()
    run(index, art("f1", FLOOD), art("c1", CHESS), art("b1", BAKERY, None))
    blob = index.to_bytes()
    again = StoryIndex.from_bytes(blob)
    assert again.to_bytes() == blob
    assert len(again) == len(index) == 3
    assert again.story_of("c1") == index.story_of("c1")
    # going on from the bytes or from memory is the same
    assert run(again, art("f2", FLOOD_2)) == run(index, art("f2", FLOOD_2))
    assert again.to_bytes() == index.to_bytes()
    assert b"\x80\x04" not in blob[:2]  # a NumPy archive, not a pickle
    assert blob[:2] == b"PK"


@pytest.mark.parametrize("data", [None, b"", b"not an index", b"PK\x03\x04broken"])
def test_missing_or_unreadable_bytes_give_an_empty_index(data: bytes | None) -> None:
    index = StoryIndex.from_bytes(data)
    assert len(index) == 0
    assert run(index, art("f1", FLOOD)).created == (content_id("s", "f1"),)


def test_closed_stories_leave_the_index() -> None:
    index = StoryIndex()
    sid = run(index, art("f1", FLOOD, "2024-01-05")).joined["f1"]
    june = [art(f"j{n:02d}", words(n), "2024-06-01") for n in range(30)]
    for start in range(0, len(june), 10):
        run(index, *june[start : start + 10])
    assert index.story_of("f1") is None
    assert sid not in {index.story_of(a.id) for a in june}
    assert len(index) == 30
    again = StoryIndex.from_bytes(index.to_bytes())
    assert again.story_of("f1") is None and again.members(sid) == ()
    # the same text in June starts a new story: the old one is gone
    assert run(index, art("f2", FLOOD_2, "2024-06-02")).created == (content_id("s", "f2"),)


def test_a_few_far_dates_do_not_close_the_feed() -> None:
    index = StoryIndex()
    texts = (FLOOD, FLOOD_2, FLOOD_3)
    sid = run(index, *(art(f"f{n}", texts[n % 3], "2024-03-01") for n in range(9))).joined["f0"]
    run(index, art("future", BAKERY, "2099-01-01"), art("past", CHESS, "1950-01-01"))
    assert index.story_of("f0") == sid
    assert run(index, art("f99", FLOOD_2, "2024-03-03")).joined == {"f99": sid}


def test_stories_without_dates_close_beyond_the_cap() -> None:
    index = StoryIndex(replace(OnlineParams(), max_active=5))
    for n in range(8):
        run(index, art(f"u{n}", words(n), None))
    assert len(index) == 5
    assert index.story_of("u0") is None and index.story_of("u7") is not None


def test_a_story_sharing_no_term_is_never_scored() -> None:
    index = StoryIndex()
    run(index, *(art(f"u{n:02d}", words(n)) for n in range(40)))
    run(index, art("f1", FLOOD))
    assert len(index) == 41
    before = index.scored
    result = run(index, art("f2", FLOOD_2))
    assert result.joined == {"f2": content_id("s", "f1")}
    assert index.scored - before == 1  # the flood story only, neither the 40 others nor itself


def test_a_small_story_that_stayed_small_joins_a_close_story_when_that_story_grows() -> None:
    """The cohesion bar keeps a loosely related article out of a tight story when it arrives;
    once it has stayed alone for a build, it is a stray and the batch build's bar applies."""
    strict = OnlineParams(cohesion_ratio=1.0, merge_ratio=1.0, cohesion_cap=1.0,
                          recluster=False)
    core = " ".join(f"core{k}" for k in range(12))
    tight = (core, core)
    loose = (" ".join(f"core{k}" for k in range(6)),
             " ".join([*(f"core{k}" for k in range(6)), *(f"own{k}" for k in range(6))]))
    for size, joins in ((strict.stray_size, True), (0, False)):
        index = StoryIndex(replace(strict, stray_size=size))
        run(index, art("t1", tight), art("t2", tight), art("t3", tight))
        first = run(index, art("s1", loose))  # below the tight story's cohesion: kept apart
        assert first.created == (content_id("s", "s1"),) and not first.merged
        grown = run(index, art("t4", tight))
        assert grown.joined["t4"] == content_id("s", "t1")
        assert (index.story_of("s1") == content_id("s", "t1")) is joins
        if joins:
            (merge,) = grown.merged
            assert (merge.absorbed, merge.survivor) == (content_id("s", "s1"),
                                                         content_id("s", "t1"))


# --------------------------------------------------------------------------- re-clustering

EAGER = OnlineParams(threshold=0.0, cohesion_ratio=0.0, merge_threshold=0.0, merge_ratio=0.0)


def event(name: str, k: int) -> tuple[str, str]:
    """An invented report ``k`` of event ``name``: two words every event shares, ten of its own
    (so two events' reports are far below the batch build's threshold, one event's close)."""
    own = [f"{name}word{j}" for j in range(10)]
    return f"{own[k % 10]} {own[(k + 1) % 10]}", " ".join(["shared", "common", *own, *own[:k]])


def test_an_article_placed_in_the_wrong_story_is_split_off_when_the_neighbourhood_is_regrouped(
) -> None:
    """The eager placement puts everything in one story; the re-clustering, which groups the
    touched stories and their neighbours as the batch build would, parts the two events: the
    story keeps its id on the part holding most of its articles, the rest gets a new id."""
    index = StoryIndex(replace(EAGER, recluster=False))
    run(index, art("a1", event("alpha", 1)), art("a2", event("alpha", 2)))
    run(index, art("b1", event("beta", 1)))
    sid = content_id("s", "a1")
    assert {index.story_of(x) for x in ("a1", "a2", "b1")} == {sid}  # placed together
    index = StoryIndex.from_bytes(index.to_bytes(), EAGER)  # now with the re-clustering
    result = run(index, art("a3", event("alpha", 3), "2024-03-02"))
    assert index.story_of("a1") == index.story_of("a2") == index.story_of("a3") == sid
    part = index.story_of("b1")
    assert part not in (None, sid)
    (split,) = result.split
    assert (split.source, split.part, split.articles) == (sid, part, 1)
    assert "regrouped" in split.reason
    assert result.members == {sid: ("a1", "a2", "a3"), part: ("b1",)}
    assert result.touched == frozenset({sid, part})
    assert not result.merged and not result.moved and not result.created
    # a rerun of nothing new changes nothing
    again = run(index, art("a3", event("alpha", 3), "2024-03-02"))
    assert not again.split and not again.merged and not again.touched


def test_a_new_article_the_placement_kept_apart_joins_the_story_of_its_event() -> None:
    index = StoryIndex(replace(OnlineParams(), threshold=0.99, merge_threshold=0.99))
    run(index, art("a1", event("alpha", 1)), art("a2", event("alpha", 2)))
    result = run(index, art("a3", event("alpha", 3)))
    sid = content_id("s", "a1")
    assert result.joined == {"a3": sid}
    assert not result.created and not result.split and not result.merged
    assert result.members == {sid: ("a1", "a2", "a3")}


def test_two_stories_of_one_event_are_merged_by_the_regrouping() -> None:
    apart = OnlineParams(threshold=0.99, merge_threshold=0.99, recluster=False)
    index = StoryIndex(apart)
    run(index, art("a1", event("alpha", 1)), art("a2", event("alpha", 2)), art("z", words(7)))
    run(index, art("a3", event("alpha", 3)))
    assert index.story_of("a3") != index.story_of("a1")
    index = StoryIndex.from_bytes(index.to_bytes(), replace(apart, recluster=True))
    result = run(index, art("a4", event("alpha", 4)))
    survivor = content_id("s", "a1")  # placed apart, each report is a story of its own
    assert [(m.absorbed, m.survivor) for m in result.merged] == [
        (content_id("s", "a2"), survivor), (content_id("s", "a3"), survivor)]
    assert all("regrouped" in m.reason for m in result.merged)
    assert result.joined == {"a4": survivor} and not result.created
    assert {index.story_of(x) for x in ("a1", "a2", "a3", "a4")} == {survivor}
    assert index.story_of("z") == content_id("s", "z")


def test_articles_tied_by_reuse_are_never_parted_by_the_regrouping() -> None:
    index = StoryIndex(replace(EAGER, recluster=False))
    run(index, art("a1", event("alpha", 1)), art("a2", event("alpha", 2)))
    run(index, art("b1", event("beta", 1)), linked=(("b1", "a1"),))  # shared reporting
    index = StoryIndex.from_bytes(index.to_bytes(), EAGER)
    result = run(index, art("a3", event("alpha", 3)))
    assert not result.split
    assert index.story_of("b1") == index.story_of("a1") == index.story_of("a3")


def test_an_index_stored_without_member_counts_is_read_and_left_as_placed() -> None:
    """An index of the first format (no term counts per member) still loads; the stories whose
    members it holds no counts for are left as placed, the new ones are regrouped."""
    import io

    import numpy as np

    index = StoryIndex(replace(EAGER, recluster=False))
    run(index, art("a1", event("alpha", 1)), art("b1", event("beta", 1)))
    with np.load(io.BytesIO(index.to_bytes())) as z:
        arrays = {k: z[k] for k in z.files if k in {
            "meta", "df_gap", "df_count", "ring", "ids", "id_len", "members", "member_len",
            "born", "size", "pairs", "lo", "hi", "touched", "vec_ptr", "member_ptr", "terms",
            "weights"}}
    arrays["meta"] = arrays["meta"].copy()
    arrays["meta"][0] = 1
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    old = StoryIndex.from_bytes(buf.getvalue(), EAGER)
    assert len(old) == 1 and old.story_of("b1") == content_id("s", "a1")
    result = run(old, art("a2", event("alpha", 2)))
    assert not result.split and old.story_of("b1") == old.story_of("a2")


def test_a_regrouped_story_keeps_an_article_decades_away_out_of_its_window() -> None:
    index = StoryIndex(replace(EAGER, recluster=False))
    run(index, art("a1", event("alpha", 1), "2024-03-01"), art("a2", event("alpha", 2),
                                                              "2024-03-02"))
    run(index, art("old", event("alpha", 3), "1994-03-01"), linked=(("old", "a2"),))
    run(index, art("b1", event("beta", 1), "2024-03-02"))
    sid = content_id("s", "a1")
    assert {index.story_of(x) for x in ("a1", "a2", "old", "b1")} == {sid}
    index = StoryIndex.from_bytes(index.to_bytes(), EAGER)
    result = run(index, art("a4", event("alpha", 4), "2024-03-03"))
    assert len(result.split) == 1 and index.story_of("b1") != sid  # the story was rebuilt
    assert index.story_of("old") == sid  # tied to a2 by reuse
    # its window is still March 2024: an article of 1994 cannot join, one of 2024-03-12 can
    assert run(index, art("old2", event("alpha", 5), "1994-03-02")).joined["old2"] != sid
    assert run(index, art("a6", event("alpha", 6), "2024-03-12")).joined["a6"] == sid


def _regroup_as(index: StoryIndex, clusters: list[list[str]],
                monkeypatch: pytest.MonkeyPatch) -> Assignment:
    """Regroup the stories of the given articles as if the batch clustering gave
    ``clusters`` (article ids): the bookkeeping alone."""
    import storyline.stories.cluster as cluster
    from storyline.stories.online import _Log

    index._calls += 1
    slots = sorted({index._member[a] for c in clusters for a in c})
    members = [(s, a) for s in slots for a in index._stories[s].members]
    ids = [a for _, a in members]
    rows = [sorted(ids.index(a) for a in c) for c in clusters]
    monkeypatch.setattr(cluster._Agglomeration, "run", lambda self: rows)
    log = _Log(before=set(index._stories))
    index._regroup(slots, members, log, {})
    return log.result(index._stories, {})


def _stories_of(*groups: list[str]) -> StoryIndex:
    index = StoryIndex(PLACED)
    for n, ids in enumerate(groups):
        index.assign([art(a, words(n)) for a in ids], {}, (), [(ids[0], x) for x in ids[1:]])
    return index


def test_a_split_never_names_a_story_absorbed_in_the_same_regrouping(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = _stories_of(["t1", "t2", "t3", "t4"], ["s1", "s2", "s3"])
    big, small = index.story_of("t1"), index.story_of("s1")
    result = _regroup_as(index, [["t1", "t2", "t3", "t4", "s1", "s2"], ["s3"]], monkeypatch)
    assert [(m.absorbed, m.survivor) for m in result.merged] == [(small, big)]
    (split,) = result.split
    assert split.source == big and split.articles == 1  # the survivor, which stays
    assert index.story_of("s3") == split.part not in (big, small)


def test_a_part_drawn_from_two_stories_is_split_from_both(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = _stories_of(["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"])
    a, b = index.story_of("a1"), index.story_of("b1")
    result = _regroup_as(index, [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["a4", "b4"]],
                         monkeypatch)
    part = index.story_of("a4")
    assert sorted((s.source, s.part, s.articles) for s in result.split) == sorted(
        [(a, part, 1), (b, part, 1)])
    assert result.members == {a: ("a1", "a2", "a3"), b: ("b1", "b2", "b3"), part: ("a4", "b4")}
    assert not result.merged and not result.moved


def test_articles_moved_between_two_kept_stories_are_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = _stories_of(["a1", "a2", "a3"], ["b1", "b2", "b3"])
    a, b = index.story_of("a1"), index.story_of("b1")
    result = _regroup_as(index, [["a1", "a2"], ["b1", "b2", "b3", "a3"]], monkeypatch)
    assert [(m.source, m.target, m.articles) for m in result.moved] == [(a, b, 1)]
    assert index.story_of("a3") == b and not result.split and not result.merged


def test_the_regrouping_is_the_same_in_memory_and_through_the_bytes() -> None:
    texts = [FLOOD, FLOOD_2, FLOOD_3, CHESS, CHESS_2, BAKERY]
    batches = [[art(f"x{b}{k}", texts[(b * 3 + k) % 6], f"2024-03-0{1 + b % 5}")
                for k in range(4)] for b in range(8)]
    memory, blob = StoryIndex(EAGER), None
    for batch in batches:
        stored = StoryIndex.from_bytes(blob, EAGER)
        assert stored.assign(batch, {}) == memory.assign(batch, {})
        blob = stored.to_bytes()
        assert blob == memory.to_bytes()


def test_the_regrouping_keeps_to_the_index_window() -> None:
    """Stories further apart than the index's ``window_days`` are not regrouped into one, even
    when a story between them brings them into one neighbourhood."""
    index = StoryIndex(replace(OnlineParams(), window_days=3.0))
    run(index, art("a1", FLOOD, "2024-03-01"), art("a2", FLOOD_2, "2024-03-01"))
    run(index, art("c1", FLOOD_3, "2024-03-08"), art("c2", FLOOD, "2024-03-08"))
    bridge = ("Quillon bakers strike", BAKERY[1] + " Kessel river levees Marrow valley")
    run(index, art("b1", bridge, "2024-03-04"), art("b2", bridge, "2024-03-05"))
    assert index.story_of("a1") != index.story_of("c1")


def test_a_neighbourhood_over_the_cap_is_regrouped_one_touched_story_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = StoryIndex(replace(EAGER, recluster=False))
    run(index, art("a1", event("alpha", 1)), art("a2", event("alpha", 2)))
    run(index, art("b1", event("beta", 1)))
    run(index, art("z1", words(7)), art("z2", words(7)), art("z3", words(7)))
    sid, other = content_id("s", "a1"), index.story_of("z1")
    assert index.story_of("b1") == sid and other != sid
    capped = StoryIndex.from_bytes(index.to_bytes(), replace(EAGER, recluster_max=5))
    slots = sorted(capped._member[a] for a in ("a1", "z1"))
    monkeypatch.setattr(StoryIndex, "_neighbourhoods", lambda self, log: [slots])  # 7 articles
    result = run(capped, art("a3", event("alpha", 3), "2024-03-02"))
    (split,) = result.split  # the touched story with its own neighbours: 4 articles
    assert split.source == sid and capped.story_of("b1") == split.part
    assert capped.story_of("z1") == other and other not in result.touched
    tight = StoryIndex.from_bytes(index.to_bytes(), replace(EAGER, recluster_max=3))
    assert not run(tight, art("a3", event("alpha", 3), "2024-03-02")).split  # 4 > 3: as placed
