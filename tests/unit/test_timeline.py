"""Events per article and the merged timeline: triggers, dates, places, merging, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.language.nlp import parse_text
from storyline.model.ids import content_id
from storyline.model.records import Article, Entity, Event, Mention, Span
from storyline.timeline import find_events, merge_events
from storyline.timeline.timex import find_times

MakeArticle = Callable[..., Article]
WEDNESDAY = "2025-03-12"
NAMES = {"Anna Berg": "PERSON", "Tomas Lind": "PERSON", "Berg": "PERSON", "Lind": "PERSON",
         "Oslo": "GPE", "Bergen": "GPE", "Norway": "GPE", "Harbour Union": "ORG"}


def _mentions(article: Article) -> tuple[Mention, ...]:
    """Every occurrence of a known name, longest names first, never overlapping."""
    found: list[Mention] = []
    for name in sorted(NAMES, key=len, reverse=True):
        start = article.text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(m.span.start < end and start < m.span.end for m in found):
                found.append(Mention(Span(article.id, start, end), NAMES[name]))
            start = article.text.find(name, end)
    return tuple(sorted(found, key=lambda m: m.span.start))


def _events(article: Article) -> tuple[Event, ...]:
    doc = parse_text(article.text)
    return find_events(article, doc, find_times(article, doc), _mentions(article))


def _entities(articles: list[Article]) -> tuple[Entity, ...]:
    """One entity per surname, holding every mention of it (full name or surname)."""
    by_key: dict[str, list[Mention]] = {}
    for art in articles:
        for m in _mentions(art):
            key = art.text[m.span.start : m.span.end].split()[-1]
            by_key.setdefault(key, []).append(m)
    return tuple(Entity(id=f"e-{key.lower()}", name=key, label=ms[0].label, mentions=tuple(ms))
                 for key, ms in by_key.items())


def test_timeline_meeting_with_date_place_and_participants(make_article: MakeArticle) -> None:
    art = make_article("Anna Berg and Tomas Lind will meet in Oslo on Friday.", published=WEDNESDAY)
    (ev,) = _events(art)
    assert (ev.kind, ev.date, ev.place, ev.scheduled) == ("meeting", "2025-03-14", "Oslo", True)
    assert ev.participants == ("Anna Berg", "Tomas Lind")
    assert ev.evidence == (Span(art.id, 0, len(art.text)),)
    assert ev.summary == art.text
    assert ev.id == content_id("ev", art.id, art.text.index("meet"))
    assert len(ev.time_ids) == 1


def test_timeline_trigger_kinds(make_article: MakeArticle) -> None:
    text = ("The Harbour Union announced a walkout in Bergen on Monday. "
            "Norway deployed troops in Oslo on Tuesday. "
            "Talks in Oslo resumed on 3 March 2025. "
            "Anna Berg said the offer was fair.")
    art = make_article(text, published=WEDNESDAY)
    got = [(e.kind, e.date, e.scheduled) for e in _events(art)]
    assert got == [("announcement", "2025-03-10", False), ("deployment", "2025-03-11", False),
                   ("talks", "2025-03-03", False), ("statement", WEDNESDAY, False)]


def test_timeline_one_trigger_two_days_and_places(make_article: MakeArticle) -> None:
    art = make_article("Anna Berg and Tomas Lind will meet in Oslo and Bergen on Thursday and "
                       "Friday.", published=WEDNESDAY)
    got = [(e.kind, e.date, e.place) for e in _events(art)]
    assert got == [("meeting", "2025-03-13", "Oslo"), ("meeting", "2025-03-14", "Bergen")]
    assert len({e.id for e in _events(art)}) == 2


def test_timeline_meeting_and_talks_in_one_sentence_are_one_event(
        make_article: MakeArticle) -> None:
    art = make_article("Anna Berg met Tomas Lind for talks in Oslo on Monday.",
                       published=WEDNESDAY)
    ((kind, date, place),) = [(e.kind, e.date, e.place) for e in _events(art)]
    assert (kind, date, place) == ("meeting", "2025-03-10", "Oslo")


def test_timeline_statement_needs_a_speaker_and_takes_the_publication_day(
        make_article: MakeArticle) -> None:
    art = make_article("Anna Berg told reporters the port would stay open. It was said to be "
                       "calm.", published="2025-03-12T18:00:00+01:00")
    (ev,) = _events(art)
    assert (ev.kind, ev.date, ev.participants[0]) == ("statement", "2025-03-12", "Anna Berg")


def test_timeline_summary_is_trimmed(make_article: MakeArticle) -> None:
    text = "Anna Berg and Tomas Lind met in Oslo on Monday " + "and talked at length " * 20 + "."
    (ev,) = _events(make_article(text, published=WEDNESDAY))
    assert len(ev.summary) <= 200
    assert ev.summary.endswith("…")


def test_timeline_merges_the_same_event_across_articles(make_article: MakeArticle) -> None:
    a = make_article("Anna Berg will meet Tomas Lind in Oslo on Friday.", published=WEDNESDAY,
                     source_path="a.txt")
    b = make_article("Berg and Lind met in Oslo on 14 March 2025.", published="2025-03-15",
                     source_path="b.txt")
    events = _events(a) + _events(b)
    timeline, conflicts = merge_events([a, b], events, _entities([a, b]), "s-1")
    assert conflicts == ()
    (ev,) = timeline
    assert (ev.kind, ev.date, ev.place, ev.story_id) == ("meeting", "2025-03-14", "Oslo", "s-1")
    assert {sp.article_id for sp in ev.evidence} == {a.id, b.id}
    assert set(ev.participants) == {"e-berg", "e-lind"}
    assert ev.scheduled is False  # one source already reports it as held


def test_timeline_sorted_by_date_then_kind(make_article: MakeArticle) -> None:
    a = make_article("Anna Berg said on Tuesday that she will meet Tomas Lind in Oslo on "
                     "Thursday. The Harbour Union announced a strike in Bergen on Tuesday.",
                     published=WEDNESDAY)
    timeline, _ = merge_events([a], _events(a), (), "s-1")
    assert [(e.date, e.kind) for e in timeline] == [
        ("2025-03-11", "announcement"), ("2025-03-11", "statement"), ("2025-03-13", "meeting")]


def _event(article: Article, kind: str, date: str, place: str | None,
           participants: tuple[str, ...]) -> Event:
    return Event(id=content_id("ev", article.id, 0), kind=kind,
                 evidence=(Span(article.id, 0, len(article.text)),), date=date, place=place,
                 participants=participants, time_ids=(content_id("t", article.id, 0),))


def test_timeline_date_conflict_between_sources(make_article: MakeArticle) -> None:
    a = make_article("Berg and Lind met in Oslo on Monday.", source_path="a.txt",
                     published="2025-03-12")
    b = make_article("Berg and Lind met in Oslo on Tuesday.", source_path="b.txt",
                     published="2025-03-12")
    events = [_event(a, "meeting", "2025-03-10", "Oslo", ("Berg", "Lind")),
              _event(b, "meeting", "2025-03-11", "Oslo", ("Berg", "Lind"))]
    timeline, conflicts = merge_events([a, b], events, (), "s-1")
    assert [e.date for e in timeline] == ["2025-03-10", "2025-03-11"]
    (dis,) = conflicts
    assert (dis.slot, dis.story_id) == ("date", "s-1")
    assert [s.value for s in dis.sides] == ["2025-03-10", "2025-03-11"]
    assert [s.evidence[0].article_id for s in dis.sides] == [a.id, b.id]
    assert "2025-03-10" in dis.description and "Oslo" in dis.description


def test_timeline_date_conflict_needs_reports_of_known_close_days(
        make_article: MakeArticle) -> None:
    # reports of unknown (or distant) days may tell two rounds of one kind of event
    a = make_article("Berg and Lind met in Oslo on Monday.", source_path="a.txt")
    b = make_article("Berg and Lind met in Oslo on Tuesday.", source_path="b.txt")
    events = [_event(a, "meeting", "2025-03-10", "Oslo", ("Berg", "Lind")),
              _event(b, "meeting", "2025-03-11", "Oslo", ("Berg", "Lind"))]
    assert merge_events([a, b], events, (), "s-1")[1] == ()


def test_timeline_place_conflict_between_sources(make_article: MakeArticle) -> None:
    a = make_article("Berg and Lind met in Oslo on Monday.", source_path="a.txt")
    b = make_article("Berg and Lind met in Bergen on Monday.", source_path="b.txt")
    events = [_event(a, "meeting", "2025-03-10", "Oslo", ("Berg", "Lind")),
              _event(b, "talks", "2025-03-10", "Bergen", ("Berg", "Lind"))]
    timeline, conflicts = merge_events([a, b], events, (), "s-1")
    assert len(timeline) == 2
    (dis,) = conflicts
    assert dis.slot == "place"
    assert sorted(s.value for s in dis.sides) == ["Bergen", "Oslo"]
    # told in a photo's caption, where and when its picture was taken (perhaps of another
    # event of the day), Bergen is no side
    caption = make_article("Berg and Lind met in Bergen, Norway, March 10, 2025.",
                           source_path="b.txt")
    events[1] = _event(caption, "talks", "2025-03-10", "Bergen", ("Berg", "Lind"))
    assert merge_events([a, caption], events, (), "s-1")[1] == ()


def test_timeline_one_source_telling_two_days_is_no_conflict(make_article: MakeArticle) -> None:
    a = make_article("Berg and Lind met in Oslo on Monday and again on Tuesday.")
    events = [_event(a, "meeting", "2025-03-10", "Oslo", ("Berg", "Lind")),
              _event(a, "meeting", "2025-03-11", "Oslo", ("Berg", "Lind"))]
    timeline, conflicts = merge_events([a], events, (), "s-1")
    assert len(timeline) == 2
    assert conflicts == ()


def test_timeline_different_actors_are_different_events(make_article: MakeArticle) -> None:
    a = make_article("Berg met Lind on Monday.", source_path="a.txt")
    b = make_article("Moe met Dahl on Tuesday.", source_path="b.txt")
    events = [_event(a, "meeting", "2025-03-10", None, ("Berg", "Lind")),
              _event(b, "meeting", "2025-03-11", None, ("Moe", "Dahl"))]
    timeline, conflicts = merge_events([a, b], events, (), "s-1")
    assert len(timeline) == 2
    assert conflicts == ()


_WORDS = ["Anna Berg", "met", "Tomas Lind", "in Oslo", "on Monday", "said", "will meet", "talks",
          "announced", "troops", "deployed", "report", "strike", "flood", "yesterday",
          "14 March 2025", "two days later", "the", ",", "."]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=5)), max_size=25))
def test_timeline_evidence_in_bounds_on_any_text(words: list[str]) -> None:
    text = " ".join(words)
    art = Article(id="a-prop", text=text, source_path="p.txt", published=WEDNESDAY)
    events = _events(art)
    for ev in events:
        for sp in ev.evidence:
            assert 0 <= sp.start < sp.end <= len(text)
        assert len(ev.summary) <= 200
    timeline, _ = merge_events([art], events, (), "s-1")
    # no evidence is lost in merging (two events of one sentence may share their span)
    assert {sp for e in timeline for sp in e.evidence} == {sp for ev in events
                                                          for sp in ev.evidence}


def test_timeline_meeting_again_lends_no_place_to_the_held_one(make_article: MakeArticle) -> None:
    a = make_article("Anna Berg and Tomas Lind met in Oslo on Monday.", published=WEDNESDAY,
                     source_path="a.txt")
    b = make_article("Anna Berg and Tomas Lind, who met on Monday, will meet again in Bergen.",
                     published=WEDNESDAY, source_path="b.txt")
    c = make_article("Berg and Lind met on Monday and agreed to meet again in Bergen.",
                     published=WEDNESDAY, source_path="c.txt")
    for art in (b, c):
        got = sorted((e.date or "", e.place or "", e.scheduled) for e in _events(art))
        assert got == [("", "Bergen", True), ("2025-03-10", "", False)]
    events = _events(a) + _events(b) + _events(c)
    timeline, conflicts = merge_events([a, b, c], events, _entities([a, b, c]), "s-1")
    assert conflicts == ()
    held = [e for e in timeline if e.date == "2025-03-10"]
    assert [(e.place, len({sp.article_id for sp in e.evidence})) for e in held] == [("Oslo", 3)]


def test_timeline_plan_and_held_event_are_no_place_conflict(make_article: MakeArticle) -> None:
    a = make_article("Berg and Lind will meet in Oslo on Friday.", source_path="a.txt")
    b = make_article("Berg and Lind met in Bergen on Friday.", source_path="b.txt")
    plan = replace(_event(a, "meeting", "2025-03-14", "Oslo", ("Berg", "Lind")), scheduled=True)
    held = _event(b, "meeting", "2025-03-14", "Bergen", ("Berg", "Lind"))
    timeline, conflicts = merge_events([a, b], [plan, held], (), "s-1")
    assert len(timeline) == 2
    assert conflicts == ()
    other = replace(plan, scheduled=False)  # both told as held: two versions of one meeting
    assert [d.slot for d in merge_events([a, b], [other, held], (), "s-1")[1]] == ["place"]


def test_timeline_plan_never_joins_an_event_held_before_it_was_told(
        make_article: MakeArticle) -> None:
    a = make_article("Berg and Lind met on Monday.", published=WEDNESDAY, source_path="a.txt")
    b = make_article("Berg and Lind will meet in Bergen.", published=WEDNESDAY,
                     source_path="b.txt")
    held = _event(a, "meeting", "2025-03-10", None, ("Berg", "Lind"))
    plan = replace(_event(b, "meeting", "2025-03-10", "Bergen", ("Berg", "Lind")), date=None,
                   scheduled=True, time_ids=())
    timeline, _ = merge_events([a, b], [held, plan], (), "s-1")
    assert sorted((e.date or "", e.place or "") for e in timeline) == [
        ("", "Bergen"), ("2025-03-10", "")]
    told_later = make_article("Berg and Lind will meet in Bergen.", published="2025-03-09",
                              source_path="c.txt")
    early = replace(plan, evidence=(Span(told_later.id, 0, len(told_later.text)),))
    (merged,) = merge_events([a, told_later], [held, early], (), "s-1")[0]
    assert (merged.date, merged.place, merged.scheduled) == ("2025-03-10", "Bergen", False)


def test_timeline_a_dateline_or_a_press_conference_is_no_place_of_the_event(
        make_article: MakeArticle) -> None:
    art = make_article("Envoys discuss the talks in Geneva\n\nOSLO, March 12. Anna Berg and "
                       "Tomas Lind met on Monday.", published=WEDNESDAY)
    assert all(e.place != "OSLO" for e in _events(art))
    art = make_article("Anna Berg and Tomas Lind met on Monday, Berg told journalists at a "
                       "press conference in Oslo.", published=WEDNESDAY)
    assert all(e.place != "Oslo" for e in _events(art))


def _plan_after_held(a: Event, b: Event, published: dict) -> bool:
    """One event a plan told after the other, held, was over: the check one pair at a time."""
    from storyline.timeline.event_dates import date_interval

    for plan, held in ((a, b), (b, a)):
        if not plan.scheduled or held.scheduled:
            continue
        days = date_interval(held.date)
        told = [published[sp.article_id] for sp in plan.evidence if sp.article_id in published]
        if days is not None and told and days[1] < min(told):
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "2024-05-06", "2024-05-08", "2024-05",
                                           "2024-W19", "2024", "2024-05-09", "XXXX"]),
                          st.booleans(), st.integers(0, 3)), min_size=1, max_size=6),
       st.tuples(st.sampled_from([None, "2024-05-07", "2024-05-09", "2024-05", "2024-05-11"]),
                 st.booleans(), st.integers(0, 3)))
def test_group_date_checks_equal_the_checks_event_by_event(
        members: list[tuple[str | None, bool, int]], new: tuple[str | None, bool, int]) -> None:
    from datetime import date

    from storyline.timeline.event_dates import date_interval, dates_overlap
    from storyline.timeline.event_group import EventGroup
    from storyline.timeline.merge import _overlaps_all, _plan_after_held_any

    published = {"a0": date(2024, 5, 5), "a1": date(2024, 5, 9), "a2": date(2024, 5, 11)}

    def event(k: int, spec: tuple[str | None, bool, int]) -> Event:
        when, scheduled, article = spec
        return Event(f"e{k}", "meeting", (Span(f"a{article}", 0, 1),), date=when,
                     scheduled=scheduled)

    group = EventGroup("meeting")
    for k, spec in enumerate(members):
        group.events.append(event(k, spec))
        group.bounds  # noqa: B018 - kept, then renewed when the next event comes
    ev = event(99, new)
    days = date_interval(ev.date)
    assert _overlaps_all(group, days) == all(dates_overlap(e.date, ev.date) for e in group.events)
    assert _plan_after_held_any(group, ev, days, published) == any(
        _plan_after_held(e, ev, published) for e in group.events)
