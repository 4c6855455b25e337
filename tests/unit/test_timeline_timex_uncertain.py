"""Time expressions: uncertain readings carry their confidence and alternative; bad input."""

from __future__ import annotations

from collections.abc import Callable

from storyline.language.nlp import parse_text
from storyline.model.records import Article, TimeExpression
from storyline.timeline.timex import find_times

MakeArticle = Callable[..., Article]
WEDNESDAY = "2025-03-12"
SUNDAY = "2025-03-16"


def _times(make_article: MakeArticle, text: str, published: str | None = WEDNESDAY
           ) -> dict[str, TimeExpression]:
    article = make_article(text, published=published)
    found = find_times(article, parse_text(text))
    return {text[t.span.start : t.span.end]: t for t in found}


def test_timex_uncertain_certain_readings_have_no_alternative(make_article: MakeArticle) -> None:
    times = _times(make_article, "The quay was sold on 9 June 2024 and the crane yesterday.")
    for surface in ("9 June 2024", "yesterday"):
        assert times[surface].confidence == 1.0
        assert times[surface].alternative is None


def test_timex_uncertain_weekday_without_tense_names_the_other_week(
        make_article: MakeArticle) -> None:
    text = "Harbour pilots in Brest: strike on Friday"
    t = _times(make_article, text, published=SUNDAY)["Friday"]
    assert t.value == "2025-03-14"
    assert t.alternative == "2025-03-21"
    assert 0 < t.confidence < 0.9


def test_timex_uncertain_month_without_year_names_the_other_year(
        make_article: MakeArticle) -> None:
    t = _times(make_article, "Tolls rise in November, the canal board says.",
               published="2025-02-10")["November"]
    assert {t.value, t.alternative} == {"2024-11", "2025-11"}
    assert t.confidence < 1


def test_timex_uncertain_tense_overrides_the_nearer_reading(make_article: MakeArticle) -> None:
    t = _times(make_article, "The ferry board met on June 2.")["June 2"]
    assert (t.value, t.alternative) == ("2024-06-02", "2025-06-02")
    assert t.confidence < 1


def test_timex_bad_input_impossible_dates_in_every_shape(make_article: MakeArticle) -> None:
    times = _times(make_article, "Stamps read 31.02.2025, 30/02/2025, 2025-02-30, April 31, "
                                 "2025 and 31 September; a form says 32.01.2025.")
    days = [t.value for t in times.values() if t.value and len(t.value) >= 10]
    assert not any(v[5:10] in ("02-30", "02-31", "04-31", "09-31") for v in days)


def test_timex_bad_input_two_digit_years_pick_the_near_century(make_article: MakeArticle) -> None:
    times = _times(make_article, "Built on 01.06.98, refitted on 15.07.24 and due on 02.01.31.")
    assert times["01.06.98"].value == "1998-06-01"
    assert times["15.07.24"].value == "2024-07-15"
    assert times["02.01.31"].value == "2031-01-02"
    assert all(t.confidence < 1 for t in times.values())


def test_timex_bad_input_far_future_dates_are_doubted(make_article: MakeArticle) -> None:
    times = _times(make_article, "The lease runs to 1 May 2085; the bridge opens on 1 May 2027.")
    assert times["1 May 2085"].value == "2085-05-01"
    assert times["1 May 2085"].confidence <= 0.5
    assert times["1 May 2027"].confidence == 1.0


def test_timex_bad_input_missing_publication_date_still_resolves(
        make_article: MakeArticle) -> None:
    times = _times(make_article, "The tanners struck on 3 March 2025. Two days later they "
                                 "marched; on Friday they met, and on April 4 they settled. "
                                 "The strike lasted three weeks.", published=None)
    assert (times["3 March 2025"].value, times["3 March 2025"].anchor) == ("2025-03-03",
                                                                          "absolute")
    assert (times["Two days later"].value, times["Two days later"].anchor) == ("2025-03-05",
                                                                              "mentioned")
    assert (times["Friday"].value, times["Friday"].anchor, times["Friday"].confidence) == (
        None, "none", 0.0)
    assert (times["April 4"].value, times["April 4"].anchor) == ("2025-04-04", "mentioned")
    assert times["three weeks"].value == "P3W"


def test_timex_bad_input_unparseable_publication_date_is_unanchored(
        make_article: MakeArticle) -> None:
    t = _times(make_article, "The mill reopened yesterday.", published="last spring")["yesterday"]
    assert (t.value, t.anchor) == (None, "none")


def test_timex_bad_input_month_first_text_reads_ambiguous_dates_month_first(
        make_article: MakeArticle) -> None:
    times = _times(make_article, "Filed on 12/25/2024, amended on 03/04/2025.")
    assert times["12/25/2024"].value == "2024-12-25"
    amended = times["03/04/2025"]
    assert (amended.value, amended.alternative) == ("2025-03-04", "2025-04-03")
    assert 0.5 < amended.confidence < 1


def test_timex_bad_input_day_first_text_reads_ambiguous_dates_day_first(
        make_article: MakeArticle) -> None:
    times = _times(make_article, "Filed on 25/12/2024, amended on 03/04/2025.")
    amended = times["03/04/2025"]
    assert (amended.value, amended.alternative) == ("2025-04-03", "2025-03-04")


def test_timex_bad_input_mixed_conventions_fall_back_to_the_nearer_reading(
        make_article: MakeArticle) -> None:
    times = _times(make_article, "Filed on 25/12/2024 and 12/26/2024, amended on 03/02/2025.")
    assert times["25/12/2024"].value == "2024-12-25"
    assert times["12/26/2024"].value == "2024-12-26"
    amended = times["03/02/2025"]
    assert (amended.value, amended.alternative) == ("2025-03-02", "2025-02-03")
    assert amended.confidence == 0.5


def test_timex_plan_in_the_past_perfect_points_back(make_article: MakeArticle) -> None:
    times = _times(make_article, "The bid had been due to lapse on Friday evening. The vote "
                                 "had been scheduled to close at noon Thursday.",
                   published="2025-03-17")
    assert times["Friday evening"].value == "2025-03-14TEV"
    assert times["noon Thursday"].value == "2025-03-13T12:00"
