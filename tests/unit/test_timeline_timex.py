"""Time expressions: shapes, TIMEX3 values, anchoring with tense, and bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.language.nlp import parse_text
from storyline.model.ids import content_id
from storyline.model.records import Article, TimeExpression
from storyline.timeline.timex import find_times

MakeArticle = Callable[..., Article]
SUNDAY = "2025-03-16"
WEDNESDAY = "2025-03-12T08:30:00+01:00"


def _times(make_article: MakeArticle, text: str, published: str | None = WEDNESDAY
           ) -> dict[str, TimeExpression]:
    article = make_article(text, published=published)
    found = find_times(article, parse_text(text))
    return {text[t.span.start : t.span.end]: t for t in found}


def test_timex_weekday_in_past_tense_is_the_last_one(make_article: MakeArticle) -> None:
    t = _times(make_article, "The two ministers met in Oslo on Monday.")["Monday"]
    assert (t.kind, t.value, t.anchor) == ("DATE", "2025-03-10", "publication")
    assert t.alternative is None


def test_timex_weekday_in_future_tense_is_the_next_one(make_article: MakeArticle) -> None:
    times = _times(make_article, "The two ministers will meet in Oslo on Friday. "
                                 "The vote is scheduled for Tuesday. Talks are due to resume "
                                 "on Monday.")
    assert times["Friday"].value == "2025-03-14"
    assert times["Tuesday"].value == "2025-03-18"
    assert times["Monday"].value == "2025-03-17"


def test_timex_this_monday_written_on_a_sunday_is_the_next_day(make_article: MakeArticle) -> None:
    t = _times(make_article, "This Monday, delegates from both unions sit down in Lyon.",
               published=SUNDAY)["This Monday"]
    assert t.value == "2025-03-17"


def test_timex_ambiguous_tense_gives_confidence_and_alternative(make_article: MakeArticle) -> None:
    t = _times(make_article, "The harbour council debates the ferry plan on Wednesday.",
               published=SUNDAY)["Wednesday"]
    assert t.value == "2025-03-19"
    assert t.confidence < 1
    assert t.alternative == "2025-03-12"


def test_timex_coordinated_weekdays_follow_each_other(make_article: MakeArticle) -> None:
    times = _times(make_article, "Envoys gather in Lyon on Wednesday and Thursday.",
                   published="2025-03-17")
    assert (times["Wednesday"].value, times["Thursday"].value) == ("2025-03-19", "2025-03-20")


def test_timex_weekday_with_part_of_day(make_article: MakeArticle) -> None:
    t = _times(make_article, "The strike ended on Tuesday evening.")["Tuesday evening"]
    assert (t.kind, t.value) == ("TIME", "2025-03-11TEV")


def test_timex_absolute_dates_in_every_shape(make_article: MakeArticle) -> None:
    times = _times(make_article, "It was signed on 14 March 2025, ratified on March 15, 2025, "
                                 "filed as 2025-03-17, reviewed in April 2025 and again in 2026.")
    assert times["14 March 2025"].value == "2025-03-14"
    assert times["March 15, 2025"].value == "2025-03-15"
    assert times["2025-03-17"].value == "2025-03-17"
    assert times["April 2025"].value == "2025-04"
    assert times["2026"].value == "2026"
    assert all(t.anchor == "absolute" and t.confidence == 1.0 for t in times.values())


def test_timex_day_first_numeric_dates(make_article: MakeArticle) -> None:
    times = _times(make_article, "The ferry sailed on 04.03.2025 and returned on 21/03/2025.")
    assert times["04.03.2025"].value == "2025-03-04"
    assert times["21/03/2025"].value == "2025-03-21"


def test_timex_ambiguous_slashed_date_keeps_the_other_reading(make_article: MakeArticle) -> None:
    t = _times(make_article, "The permit was issued on 03/04/2025.")["03/04/2025"]
    assert {t.value, t.alternative} == {"2025-03-04", "2025-04-03"}
    assert t.confidence < 1


def test_timex_impossible_dates_are_rejected(make_article: MakeArticle) -> None:
    times = _times(make_article, "The letter is dated 31.02.2025 and the stamp says "
                                 "February 30, 2025; the meeting was on 30.02. in Turin.")
    assert not any(v.value and v.value.startswith("2025-02-3") for v in times.values())
    assert "31.02.2025" not in times


def test_timex_two_digit_years_pivot_near_publication(make_article: MakeArticle) -> None:
    t = _times(make_article, "The dock reopened on 14.03.24.")["14.03.24"]
    assert t.value == "2024-03-14"
    assert t.confidence < 1


def test_timex_deictic_days_and_relative_units(make_article: MakeArticle) -> None:
    times = _times(make_article, "Yesterday the union met; today it votes, tomorrow it strikes "
                                 "and tonight the bakers decide. Last week, last month and last "
                                 "year were calm; this week and next week will not be.")
    assert times["Yesterday"].value == "2025-03-11"
    assert times["today"].value == "2025-03-12"
    assert times["tomorrow"].value == "2025-03-13"
    assert times["tonight"].value == "2025-03-12TNI"
    assert times["Last week"].value == "2025-W10"
    assert times["last month"].value == "2025-02"
    assert times["last year"].value == "2024"
    assert times["this week"].value == "2025-W11"
    assert times["next week"].value == "2025-W12"


def test_timex_two_days_later_is_anchored_to_the_mentioned_date(make_article: MakeArticle) -> None:
    times = _times(make_article, "The dockers walked out on 2 February 2025. Two days later the "
                                 "port closed. A day earlier, the mayor had warned them.")
    later = times["Two days later"]
    assert (later.value, later.anchor) == ("2025-02-04", "mentioned")
    assert times["A day earlier"].value == "2025-02-03"


def test_timex_durations(make_article: MakeArticle) -> None:
    times = _times(make_article, "The dispute lasted two and a half years; the blockade three "
                                 "days, the talks more than two years and the vote 90 minutes.")
    assert times["two and a half years"].value == "P2Y6M"
    assert times["three days"].value == "P3D"
    assert times["more than two years"].value == "P2Y"
    assert times["90 minutes"].value == "PT90M"
    assert {t.kind for t in times.values()} == {"DURATION"}


def test_timex_sets_and_clock_times(make_article: MakeArticle) -> None:
    times = _times(make_article, "The committee meets every Monday and reports weekly. The "
                                 "hearing will open at 10 a.m. on Friday and close at 16:30.")
    assert (times["every Monday"].kind, times["every Monday"].value) == ("SET", "XXXX-WXX-1")
    assert times["weekly"].value == "P1W"
    assert (times["10 a.m."].kind, times["10 a.m."].value) == ("TIME", "2025-03-14T10:00")
    assert times["16:30"].value == "2025-03-14T16:30"


def test_timex_month_and_day_without_year_follow_the_tense(make_article: MakeArticle) -> None:
    times = _times(make_article, "The plant closed on December 3. It will reopen on April 20.")
    assert times["December 3"].value == "2024-12-03"
    assert times["April 20"].value == "2025-04-20"


def test_timex_unanchored_without_publication_date(make_article: MakeArticle) -> None:
    times = _times(make_article, "The pilots met on Tuesday, two days later they struck, and "
                                 "on 9 May 2025 they settled.", published=None)
    assert (times["Tuesday"].value, times["Tuesday"].anchor) == (None, "none")
    assert times["9 May 2025"].value == "2025-05-09"


def test_timex_ids_and_spans(make_article: MakeArticle) -> None:
    text = "On Friday, 7 March 2025, the mill stopped for three weeks."
    article = make_article(text, published=WEDNESDAY)
    found = find_times(article, parse_text(text))
    assert [text[t.span.start : t.span.end] for t in found] == ["Friday, 7 March 2025",
                                                                "three weeks"]
    for t in found:
        assert t.span.article_id == article.id
        assert t.id == content_id("t", article.id, t.span.start, t.span.end)


@pytest.mark.parametrize("text", ["", "   ", "2000 troops and $1990 in 1,995 boxes",
                                  "May I ask? March on!", "Sunday Times editors"])
def test_timex_no_false_dates(make_article: MakeArticle, text: str) -> None:
    assert not any(t.value and t.value[:1].isdigit() for t in _times(make_article, text).values())


@pytest.mark.parametrize("text", ["He worked concurrently with them.", "Nowhere to go.",
                                  "The pastor gave a presentation on the futures market.",
                                  "In the following days the quarters emptied."])
def test_timex_words_inside_longer_words_are_not_times(make_article: MakeArticle,
                                                        text: str) -> None:
    # every alternative of a rule is word-bounded, not only its first and its last
    assert _times(make_article, text) == {}


_PIECES = ["on", "Monday", "last", "next", "this", "week", "14", "March", "2025", "31.02.",
           "12.13.2025", "03/04/25", "two", "and a half", "years", "ago", "later", "every",
           "10:00", "a.m.", "p.m.", "tonight", "yesterday", "the", "quarter", "third", "1990s",
           ",", ".", "\n\n", "fiscal", "May", "Sunday evening", "more than", "days", "decade"]
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=30).map(
    " ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from([None, "2025-03-16", "1999-12-31T23:00:00Z", "not a date",
                                "9999-12-31", "0001-01-01"]))
def test_timex_spans_in_bounds_on_any_text(text: str, published: str | None) -> None:
    article = Article(id="a-prop", text=text, source_path="prop.txt", published=published)
    for t in find_times(article, parse_text(text)):
        assert 0 <= t.span.start < t.span.end <= len(text)
        assert t.kind in ("DATE", "TIME", "DURATION", "SET")
        assert t.anchor in ("publication", "mentioned", "absolute", "none")
        assert 0.0 <= t.confidence <= 1.0


@pytest.mark.parametrize("zone", ["local time", "Portvale time", "Central European time", "GMT"])
def test_timex_clock_time_takes_a_named_zone(make_article: MakeArticle, zone: str) -> None:
    times = _times(make_article, f"The strike began at 6 a.m. {zone} on Monday, the union said.")
    assert any(key.startswith("6 a.m.") and key.endswith(zone) for key in times), times


def _matches_both_ways(text: str) -> tuple[list[object], list[object]]:
    from storyline.common.lowered import lowered as lower_cased
    from storyline.timeline import rules
    from storyline.timeline.grammar import RULES

    lowered = lower_cased(text)
    slow = [(m.span(), m.groups()) for p, _, _, _ in RULES for m in p.finditer(text)]
    fast = [(m.span(), m.groups()) for p, _, f, needs in RULES
            for m in rules._rule_matches(p, f, text, lowered, needs)]
    return slow, fast


def test_time_rules_over_lower_cased_text_match_as_case_insensitive(demo_dir) -> None:
    from storyline.timeline.grammar import RULES

    assert sum(f is not None for _, _, f, _ in RULES) >= len(RULES) - 2  # nearly all go fast
    assert sum(n is not None for _, _, _, n in RULES) >= len(RULES) - 2  # and are prefiltered
    texts = [p.read_text(encoding="utf-8") for p in sorted(demo_dir.glob("*.txt"))]
    texts += ["On MONDAY, March 3 at 10 A.M. EST; Late Last Week, the Past Two Years.",
              "İstanbul, the ſecond Sunday of May at 3 p.m. UTC",  # lower-cases longer; long s
              "ıt was Dec. 5, 2024; Kelvin \u212a Days later, 5 DAYS AGO"]
    for text in texts:
        slow, fast = _matches_both_ways(text)
        assert fast == slow
        assert slow or text is texts[-1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["May", "MARCH", "3", "p.m.", "Last", "week", "Monday", "the",
                                 "ſ", "İ", "ı", "\u212a", "2024", "days", "ago", ",", "mid-",
                                 "Early", "UTC", "o'clock", "-"]), max_size=14))
def test_time_rules_fast_path_equals_the_slow_on_any_words(words: list[str]) -> None:
    slow, fast = _matches_both_ways(" ".join(words))
    assert fast == slow
