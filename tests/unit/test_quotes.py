"""Quotations: marks in every style, speakers before and after, pronouns, reported speech."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.common.quote_marks import find_quoted
from storyline.language.entities import find_mentions
from storyline.language.nlp import parse_text
from storyline.model import Article, Quote, content_id
from storyline.quotes.find import find_quotes


def quotes_of(text: str, *, unattributed: bool = False) -> tuple[Article, tuple[Quote, ...]]:
    article = Article(id=content_id("a", text), text=text, source_path="q.txt")
    doc = parse_text(text)
    return article, find_quotes(article, doc, find_mentions(article, doc),
                                unattributed=unattributed)


def only(text: str) -> tuple[str, Quote]:
    _, found = quotes_of(text)
    assert len(found) == 1, [q.content.text(text) for q in found]
    return text, found[0]


def words(text: str, span: object) -> str | None:
    return None if span is None else span.text(text)  # type: ignore[attr-defined]


STYLES = [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"), ("„", "“"), ("»", "«")]


@pytest.mark.parametrize(("opening", "closing"), STYLES)
def test_quotes_every_mark_style(opening: str, closing: str) -> None:
    text, q = only(f"{opening}We will build the bridge next year,{closing} said Maria Lindqvist.")
    assert q.direct
    assert words(text, q.content) == "We will build the bridge next year"
    assert q.speaker_label == "Maria Lindqvist"
    assert words(text, q.cue) == "said"


def test_quotes_doubled_single_marks() -> None:
    text, q = only("''The bridge is safe,'' said Maria Lindqvist.")
    assert words(text, q.content) == "The bridge is safe"


def test_quotes_marks_ignore_apostrophes() -> None:
    text = "Sweden's officials' plans for the '90s weren't ‘realistic’ at all."
    assert [text[p.start : p.end] for p in find_quoted(text)] == ["realistic"]


def test_quotes_speaker_after_with_apposition() -> None:
    text, q = only("“The harbour will stay open all winter,” said Peter Novak, the Danish "
                   "transport minister.")
    assert words(text, q.speaker) == "Peter Novak"
    assert q.id == content_id("q", q.content.article_id, q.content.start, q.content.end)


def test_quotes_speaker_before_colon_with_channel() -> None:
    text, q = only("Peter Novak told reporters: “The harbour will stay open all winter.”")
    assert q.speaker_label == "Peter Novak"
    assert words(text, q.channel) == "told reporters"


def test_quotes_pronoun_speaker_resolved_to_name() -> None:
    text, q = only("Peter Novak arrived in Aarhus on Monday. “The harbour will stay open all "
                   "winter,” he said.")
    assert words(text, q.speaker) == "he"
    assert q.speaker_label == "Peter Novak"


def test_quotes_pronoun_agrees_with_the_right_person() -> None:
    text, q = only("Maria Lindqvist spoke after Peter Novak had left. “We are ready for the "
                   "vote,” she said.")
    assert q.speaker_label == "Maria Lindqvist"


def test_quotes_pronoun_reaches_past_the_sentences_of_a_long_quotation() -> None:
    text = ("Maria Lindqvist spoke at the harbour on Monday. The crowd was large.\n\n"
            "The wind was cold. “We will rebuild. We will not wait. The pier comes "
            "first. The ferry comes next. The money is there,” she said.")
    _, found = quotes_of(text)
    assert [q.speaker_label for q in found] == ["Maria Lindqvist"]


def test_quotes_titled_speaker_resolved() -> None:
    text, q = only("Deputy Minister Peter Novak met the press. “We will not give in,” said the "
                   "minister.")
    assert words(text, q.speaker) == "the minister"
    assert q.speaker_label == "Peter Novak"


def test_quotes_descriptor_speaker_kept_as_written() -> None:
    text, q = only("“Nobody has asked us about the new schedule,” a port official said.")
    assert q.speaker_label == "a port official"


@pytest.mark.parametrize(("text", "content", "cue"), [
    ("Peter Novak said that the tram line would open in May.",
     "that the tram line would open in May", "said"),
    ("Peter Novak warned that fares would rise sharply next year.",
     "that fares would rise sharply next year", "warned"),
    ("The government in Oslo insisted that the agreement was binding.",
     "that the agreement was binding", "insisted"),
    ("According to the ministry, the talks will resume on Friday in Oslo.",
     "the talks will resume on Friday in Oslo", "According to"),
])
def test_quotes_reported_speech(text: str, content: str, cue: str) -> None:
    text, q = only(text)
    assert not q.direct
    assert words(text, q.content) == content
    assert words(text, q.cue) == cue
    assert q.speaker is not None


def test_quotes_reported_speech_after_its_content() -> None:
    text, q = only("We will not sign anything this week, the agency quoted him as saying.")
    assert words(text, q.content) == "We will not sign anything this week"
    assert words(text, q.speaker) == "him"


@pytest.mark.parametrize(("tail", "channel"), [
    ("Novak said on Radio Sweden.", "on Radio Sweden"),
    ("Novak told Interfax.", "told Interfax"),
    ("Novak said in an interview with the daily Politiken.",
     "in an interview with the daily Politiken"),
])
def test_quotes_channel(tail: str, channel: str) -> None:
    text, q = only(f"“The talks were useful,” {tail}")
    assert words(text, q.channel) == channel


def test_quotes_across_paragraphs() -> None:
    text, q = only("“The first part of the plan is ready.\n\n“The second part will follow in "
                   "spring,” Maria Lindqvist said.")
    content = words(text, q.content) or ""
    assert content.startswith("The first part") and content.endswith("follow in spring")
    assert q.speaker_label == "Maria Lindqvist"


def test_quotes_continuation_in_the_next_paragraph_is_a_second_part() -> None:
    text = ("“We expect a decision soon,” said Maria Lindqvist.\n\n“The committee meets on "
            "Tuesday.”")
    _, found = quotes_of(text)
    assert [q.speaker_label for q in found] == ["Maria Lindqvist"]
    (q,) = found
    assert q.direct
    assert [p.text(text) for p in q.parts] == ["We expect a decision soon",
                                               "The committee meets on Tuesday."]
    assert q.quoted_text(text) == "We expect a decision soon … The committee meets on Tuesday."


def test_quotes_after_narration_are_not_parts_of_the_earlier_quotation() -> None:
    text = ("“We expect a decision soon,” said Maria Lindqvist.\n\nThe board met on Monday.\n\n"
            "“The committee meets on Tuesday.”")
    _, found = quotes_of(text, unattributed=True)
    assert len(found) == 2
    assert found[0].speaker_label == "Maria Lindqvist"
    assert [q.parts for q in found] == [(), ()]


def test_quotes_back_to_back_parts_in_a_paragraph_are_one() -> None:
    text, q = only("“We expect a decision soon,” said Maria Lindqvist. “The committee meets on "
                   "Tuesday.”")
    content = words(text, q.content) or ""
    assert content.startswith("We expect") and content.endswith("meets on Tuesday.")
    assert q.speaker_label == "Maria Lindqvist"
    assert [p.text(text) for p in q.parts] == ["We expect a decision soon",
                                               "The committee meets on Tuesday."]


def test_quotes_back_to_back_parts_of_two_speakers_stay_apart() -> None:
    text = ("“We expect a decision soon,” said Maria Lindqvist. “The committee is not ready,” "
            "Peter Novak replied.")
    _, found = quotes_of(text)
    assert [q.speaker_label for q in found] == ["Maria Lindqvist", "Peter Novak"]


def test_quotes_fragment_in_the_next_sentence_has_its_own_speaker() -> None:
    text = ('Spain called the regime an "outlaw state in the region." Italy insisted that the '
            'regime "stop its dangerous games."')
    _, found = quotes_of(text)
    assert [q.speaker_label for q in found] == ["Spain", "Italy"]


def test_quotes_frame_before_a_colon_is_not_reported_speech() -> None:
    text, q = only("Senator Mary Jones scolded him: “The experts are united against you,” she "
                   "said.")
    assert words(text, q.content) == "The experts are united against you"
    assert q.speaker_label == "Mary Jones"


def test_quotes_reported_clause_opening_with_a_fragment() -> None:
    text, q = only('The senator said at a rally in Denver that "a bomb" had gone off in the city.')
    assert (words(text, q.content) or "").endswith("had gone off in the city")
    assert not q.direct


def test_quotes_interrupted_quotation_is_one() -> None:
    text, q = only("“We have done our part,” the spokeswoman said, “now it is their turn.”")
    assert (words(text, q.content) or "").endswith("now it is their turn.")
    assert q.speaker_label == "the spokeswoman"


def test_quotes_fragment_with_its_frame() -> None:
    text, q = only("Peter Novak called the proposal “a dangerous gamble for the whole region”.")
    assert "a dangerous gamble for the whole region" in (words(text, q.content) or "")
    assert q.speaker_label == "Peter Novak"


def test_quotes_scare_quotes_and_titles_dropped() -> None:
    _, found = quotes_of("The so-called “green corridor” plan was discussed with the daily "
                         "“Aftonposten” on Monday.", unattributed=True)
    assert found == ()


def test_quotation_without_a_speaker_is_kept_only_when_asked_for() -> None:
    text = ("The board met on Monday.\n\n“The committee meets again on Tuesday to vote on the "
            "ferry.”\n\nThe vote is expected to pass.")
    assert quotes_of(text)[1] == ()
    _, kept = quotes_of(text, unattributed=True)
    assert [(q.content.text(text), q.speaker) for q in kept] == [
        ("The committee meets again on Tuesday to vote on the ferry.", None)]


@pytest.mark.parametrize("text", [
    "He said “this never closes and goes on",
    "“" + "very long words " * 2500 + "” she said.",
    "“One ‘two “three” two’ one,” said Maria Lindqvist.",
    "",
    "““”” \" ' « »",
    "no sentence here at all just words",
])
def test_quotes_bad_input_does_not_break(text: str) -> None:
    article, found = quotes_of(text)
    for q in found:
        assert 0 <= q.content.start < q.content.end <= len(text)


SENTENCES = st.sampled_from([
    "{o}We will build it,{c} said Maria Lindqvist.",
    "Peter Novak told reporters: {o}The port stays open.{c}",
    "{o}Nothing changes,{c} he said.",
    "The minister said that fares would rise.",
    "According to officials, the line opens in May.",
    "Novak called it {o}a gamble{c}.",
    "{o}Unclosed start",
    "Tuesday.",
    "\n\n",
])
MARKS = st.sampled_from(STYLES)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SENTENCES, MARKS), max_size=8))
def test_quotes_spans_always_within_text(parts: list[tuple[str, tuple[str, str]]]) -> None:
    text = " ".join(s.format(o=o, c=c) for s, (o, c) in parts)
    article, found = quotes_of(text)
    assert list(found) == sorted(found, key=lambda q: (q.content.start, q.content.end))
    for q in found:
        assert q.id == content_id("q", article.id, q.content.start, q.content.end)
        for span in (q.content, q.speaker, q.cue, q.channel):
            if span is not None:
                assert span.article_id == article.id
                assert 0 <= span.start <= span.end <= len(text)


def test_quotes_block_quotation_after_a_colon() -> None:
    text = ("The governor added:\n\nIt is typical of the senator. She knows nothing about the "
            "harbour.\n\nOthers disagreed.")
    text, q = only(text)
    assert words(text, q.content) == ("It is typical of the senator. She knows nothing about "
                                      "the harbour.")
    assert words(text, q.speaker) == "The governor"


@pytest.mark.parametrize(("sentence", "content"), [
    ("Maria Lindqvist called for an end to the strike.", "an end to the strike"),
    ("Peter Novak wants the council to vote again.", "the council to vote again"),
])
def test_quotes_reported_wishes_and_demands(sentence: str, content: str) -> None:
    text, q = only(sentence)
    assert words(text, q.content) == content
    assert not q.direct and q.speaker is not None


def test_quotes_relative_pronoun_speaker_keeps_its_span() -> None:
    text, q = only("Charles Barkley, who said he usually votes for the other party, likes the "
                   "governor.")
    assert words(text, q.speaker) == "who"
    assert q.speaker_label == "Charles Barkley"
    assert words(text, q.content) == "he usually votes for the other party"


def test_quotes_part_after_a_quoted_title_goes_on_with_the_speaker() -> None:
    text, q = only("“The council is right,” Peter Novak said on Radio North’s “Morning Show.” "
                   "“There is a lot of frustration in the port.”")
    assert (words(text, q.content) or "").endswith("frustration in the port.")
    assert q.speaker_label == "Peter Novak"


def test_quotes_part_after_said_but_is_the_same_quotation() -> None:
    text, q = only('"I respect the mayor," Peter Novak said, but "on ferries she is wrong."')
    assert (words(text, q.content) or "").endswith("on ferries she is wrong.")
    assert q.speaker_label == "Peter Novak"


def test_quotes_signature_line_the_tagger_misses() -> None:
    text = "“Nobody I know will vote for him this year.” ― Jo N Lee Oldham"
    text, q = only(text)
    assert q.speaker is not None and q.speaker.start > text.index("―")


def test_quotes_attribution_inside_a_reported_clause_is_not_a_second_one() -> None:
    text, q = only("Anna Berg said she expects the ferry company “to keep every winter route "
                   "open.”")
    assert (words(text, q.content) or "").startswith("she expects")
    assert q.speaker_label == "Anna Berg"


def test_quotes_stage_keeps_quotations_without_a_speaker_for_grouping() -> None:
    from storyline.language.entities import find_mentions as mentions_of
    from storyline.model import ArticleAnnotations
    from storyline.pipeline.doc_stages import QuotesStage

    text = ("The board met on Monday.\n\n“The committee meets again on Tuesday to vote on the "
            "ferry.”\n\nThe vote is expected to pass.")
    article = Article(id=content_id("a", text), text=text, source_path="q.txt")
    annotations = ArticleAnnotations(article_id=article.id,
                                     mentions=mentions_of(article, parse_text(text)))
    out = QuotesStage().process(article, annotations, parse_text(text))
    assert [(q.content.text(text), q.speaker) for q in out.quotes] == [
        ("The committee meets again on Tuesday to vote on the ferry.", None)]


def test_a_speaker_that_names_nobody_is_not_shown() -> None:
    from storyline.quotes.groups import speaker_shown

    for label in ("Two", "People", "it", "they", "residents", "many officials", "12"):
        assert not speaker_shown(label), label
    for label in ("Ilse Marten", "US officials", "Democrats", "a spokesman", "the union",
                  "NATO", "Reuters"):
        assert speaker_shown(label), label
