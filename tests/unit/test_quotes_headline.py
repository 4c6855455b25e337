"""Headlines that quote: title-case frames the parser cannot read."""

from __future__ import annotations

from storyline.language.entities import find_mentions
from storyline.language.nlp import parse_text
from storyline.model import Article, content_id
from storyline.quotes.find import find_quotes


def found(text: str, body_start: int = 0) -> list[tuple[str, str | None]]:
    article = Article(id=content_id("a", text), text=text, source_path="h.txt",
                      body_start=body_start)
    doc = parse_text(text)
    return [(q.content.text(text), q.speaker.text(text) if q.speaker else None)
            for q in find_quotes(article, doc, find_mentions(article, doc))]


BODY = "\n\nThe harbour council met on Tuesday to discuss the winter timetable."


def test_title_case_verb_splits_speaker_and_what_was_said() -> None:
    text = "Karin Olsen Calls Ferry Plan ‘A Costly Gamble’ For The Islands." + BODY
    assert found(text)[0] == ("Ferry Plan ‘A Costly Gamble’ For The Islands", "Karin Olsen")


def test_plural_speakers_take_the_plain_verb() -> None:
    text = "Harbour Workers Slam Council Over ‘Broken Promises.’" + BODY
    assert found(text)[0] == ("Council Over ‘Broken Promises.’", "Harbour Workers")


def test_speaker_on_a_topic_is_quoted_after_the_colon() -> None:
    text = "Olsen on Ferries: The Delays Are ‘Unacceptable.’" + BODY
    assert found(text)[0] == ("The Delays Are ‘Unacceptable.’", "Olsen")


def test_headline_without_quotation_or_in_sentence_case_is_left_alone() -> None:
    assert found("Karin Olsen Opens New Ferry Terminal In Tromsø." + BODY) == []
    text = "Olsen calls the plan a ‘gamble’ and walks out of the meeting early today." + BODY
    assert all(speaker != "Olsen calls" for _, speaker in found(text))


def test_title_line_from_the_article_record() -> None:
    text = "Harbour Workers Slam Council Over ‘Broken Promises’ Again Today Here" + BODY
    assert found(text, body_start=len(text) - len(BODY))[0][1] == "Harbour Workers"
