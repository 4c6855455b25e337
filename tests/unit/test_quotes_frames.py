"""Quotation frames: sentence ends, inverted and parenthetical frames, frames one sentence away."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from storyline.common.quote_marks import QuoteMap
from storyline.language.entities import find_mentions
from storyline.language.nlp import get_nlp, parse_text
from storyline.model import Article, Mention, Quote, Span, content_id
from storyline.quotes.find import find_quotes
from storyline.quotes.frame import Context
from storyline.quotes.speech import name_before, reported_content, speaker_of


def quotes_of(text: str) -> tuple[Quote, ...]:
    article = Article(id=content_id("a", text), text=text, source_path="q.txt")
    doc = parse_text(text)
    return find_quotes(article, doc, find_mentions(article, doc))


def found(text: str) -> list[tuple[str, str | None]]:
    """(content, speaker words) of every quotation, in text order."""
    return [(q.content.text(text), q.speaker.text(text) if q.speaker else None)
            for q in quotes_of(text)]


def test_short_capitalised_word_ends_a_sentence_but_titles_do_not() -> None:
    text = "The vote was held in May. “We won,” she said. Sen. Ames spoke."
    marks = QuoteMap(text)
    assert marks.clause_start(text.index("“")) == text.index("May.") + 4
    assert marks.clause_start(text.index("Ames")) == text.index("Sen.") - 1


def test_back_to_back_quote_after_sentence_ending_in_month() -> None:
    text = ("“We sent letters to every donor,” Rosa Lind told the Herald in May. “In one day we "
            "raised nine thousand dollars.”")
    assert found(text) == [(text[1 : text.rindex(".") + 1], "Rosa Lind")]


def test_parse_running_into_next_paragraph_gives_no_speaker() -> None:
    text = ("“That would be a poor reason,” Omar Haddad said. “If you do not want to act, fine, "
            "but you cannot use the rule as an excuse.”\n\nKarin Olsen said the rule was "
            "“careful” about it.")
    speakers = {speaker for _, speaker in found(text)}
    assert speakers <= {"Omar Haddad", "Karin Olsen"}
    first = next(q for q in quotes_of(text) if q.direct)
    assert first.speaker is not None and first.speaker.text(text) == "Omar Haddad"
    assert "excuse" in first.content.text(text)


def test_inverted_frame_with_long_speaker_phrase() -> None:
    text = ("The reply on the forum was fast and it was angry.\n\n“Whoever opens the gates has no "
            "place pretending here!” wrote a man calling himself Tom Vale.")
    assert found(text) == [("Whoever opens the gates has no place pretending here!", "a man")]


def test_speaker_hung_on_an_earlier_phrase_by_the_parse() -> None:
    text = ("In a statement to the Observer, her senior adviser, Jake Sullman, said: “Mara Bell "
            "believes that cooperation is essential.”")
    assert found(text)[0][1] == "Jake Sullman"


def test_titled_name_before_a_colon() -> None:
    text = 'Former mayor Mara Bell: "We learned that from the city and its analysis of the files."'
    assert found(text)[0][1] == "Mara Bell"


def test_issued_a_statement_frames_the_quotation() -> None:
    text = ("Right after the vote, Ivo Smith issued a statement, “Last night our town was hurt "
            "badly. My sympathy goes out to the victims.”")
    assert found(text)[0][1] == "Ivo Smith"


def test_continued_by_saying() -> None:
    text = "Ana Husted continued by saying, “We will appeal this decision in the high court.”"
    assert found(text) == [("We will appeal this decision in the high court.", "Ana Husted")]


def test_speech_verb_in_the_sentence_before() -> None:
    text = ("Professor Dina Brown of Ames College agreed. \"Mainstream voters are running out of "
            "time to find an alternative.\"")
    assert found(text)[0][1] == "Dina Brown"


def test_sentence_before_that_says_something_itself_is_no_frame() -> None:
    text = ("Dina Brown said the count was late on Monday.\n\nThe board met again. \"Mainstream "
            "voters are running out of time to find an alternative to the plan,\" Ivo Lind said.")
    quotes = found(text)
    assert ("the count was late on Monday", "Dina Brown") in quotes
    assert [speaker for content, speaker in quotes if "Mainstream" in content] == ["Ivo Lind"]


def test_parenthetical_cue_attributes_the_whole_sentence() -> None:
    text = "Many of the closures, Lena Park said, have involved public and private courses."
    assert found(text) == [(text[:-1], "Lena Park")]


def test_according_to_any_noun_source() -> None:
    text = ("Ticket sales at the three remaining theatres rose 4 percent in the first ten months, "
            "according to figures released Friday by the city.")
    assert found(text) == [(text[: text.index(", according")], "figures")]


def test_speech_verb_with_a_clause_holding_a_fragment_reports_the_clause() -> None:
    text = ("Mara Bell remarked that she was \"a little surprised\" to be debating the budget "
            "again this week.")
    assert found(text) == [(text[text.index("that she") : -1], "Mara Bell")]


def test_fragment_ending_a_reported_clause_of_its_own_cue_joins_the_clause() -> None:
    text = ("Karin Olsen says that the harbour board is looking for a new director, but instead "
            "the council is giving it “delays, memos and more delays.”")
    assert found(text) == [(text[text.index("that") :], "Karin Olsen")]


def test_reported_words_between_cue_and_fragment_are_content() -> None:
    text = ("Karin Olsen says no matter what the council decides on the budget, “the harbour "
            "will stay open.”")
    assert found(text) == [(text[text.index("no matter") :], "Karin Olsen")]


def test_coordinated_speech_verb_after_a_fragment_is_not_its_frame() -> None:
    text = ("Omar Haddad called both council leaders “reckless” and said the ferry plan would "
            "fail within a year.")
    got = found(text)
    assert (text[text.index("both") : text.index(" and said")], "Omar Haddad") in got


def test_verb_of_blame_reports_its_object_with_the_fragment() -> None:
    text = "Karin Olsen decried the council for “turning its back” on harbour workers."
    assert found(text) == [(text[text.index("the council") : -1], "Karin Olsen")]


def test_quotation_mark_glued_to_the_cue_comma_still_has_its_frame() -> None:
    text = "Karin Olsen said,“The harbour will stay open all winter.”"
    assert found(text) == [("The harbour will stay open all winter.", "Karin Olsen")]


def test_speaker_set_off_by_commas_with_a_quoted_name_in_the_apposition() -> None:
    text = ("“We have had better meetings than this one,” harbour delegate Omar Haddad, wearing "
            "“Vote Olsen” badges, said as the hall emptied.")
    assert found(text)[0] == ("We have had better meetings than this one", "Omar Haddad")


def test_second_report_after_a_comma_is_not_part_of_the_first() -> None:
    text = ("Karin Olsen said that the harbour had “grown faster than ever,” claiming that the "
            "new ferry line was the reason.")
    contents = [c for c, _ in found(text)]
    assert text[text.index("that the harbour") : text.index(" claiming")].rstrip(",") in contents


def test_statement_issued_by_someone_speaks_for_them() -> None:
    text = ("The harbour union issued a statement saying the strike would end on Friday because "
            "talks had resumed.")
    assert [s for _, s in found(text)] == ["The harbour union"]


def test_new_sentence_whose_verb_has_its_own_object_is_not_the_earlier_frame() -> None:
    text = ("Karin Olsen called the plan “reckless.” Omar Haddad called the vote “a farce.”")
    got = found(text)
    assert ("reckless.", "Omar Haddad") not in got


def test_headline_line_after_a_name_is_the_named_person_quotation() -> None:
    text = ("Karin Olsen: Ferry Plan ‘Reckless’ and ‘Too Costly’\n\nThe harbour board met on "
            "Monday.")
    assert found(text) == [(text[text.index("Ferry") : text.index("\n")], "Karin Olsen")]


def test_transcript_turns_opening_with_quotation_marks_are_each_a_quotation() -> None:
    text = ("Partial transcript as follows:\n\n\"OLSEN: Why did the board vote against the "
            "ferry plan on Monday?\n\n\"HADDAD: Because the numbers did not add up for the "
            "harbour.\n\n\"OLSEN: Thank you for coming in today.\"")
    got = found(text)
    assert [s for _, s in got] == ["OLSEN", "HADDAD", "OLSEN"]
    assert got[1][0] == "Because the numbers did not add up for the harbour."


def test_aside_after_the_last_fragment_is_not_reported() -> None:
    text = ("Karin Olsen said she would never back the “harbour tax” — a name critics gave the "
            "levy last year.")
    assert found(text) == [(text[text.index("she") : text.index(" —")], "Karin Olsen")]


def test_time_of_the_saying_is_not_reported_content() -> None:
    text = "Karin Olsen said on Monday morning that the harbour would “stay open all winter.”"
    assert found(text) == [(text[text.index("that") :], "Karin Olsen")]


def test_headline_speaker_named_by_surname_only() -> None:
    text = ("Olsen: Board needs to ‘stop the delays’ on the ferry plan\n\nKarin Olsen spoke to "
            "the harbour council on Monday.")
    got = found(text)
    assert (text[text.index("Board") : text.index("\n")], "Olsen") in got


def test_update_line_is_not_a_speaker_line() -> None:
    assert found("Update: Police are ‘looking into’ the crash on the harbour road.") == []


def test_feet_and_inches_are_not_quotation_marks() -> None:
    text = 'The new mayor is 6\'3" tall. "We are ready," Karin Olsen said of the harbour plan.'
    assert [(p.start, p.end) for p in QuoteMap(text).passages] == [
        (text.index("We"), text.index(',"') + 1)]
    text = 'He said "1999" was "a good year" for the harbour.'
    assert len(QuoteMap(text).passages) == 2


def test_paraphrase_and_the_quotation_after_it_stay_two_quotations() -> None:
    text = ("Karin Olsen said the ferry plan would fail. “We told the board so in May.”")
    got = quotes_of(text)
    assert [q.direct for q in got] == [False, True]
    assert [q.parts for q in got] == [(), ()]


def test_a_document_speaking_as_it_is_the_speaker() -> None:
    text = ("The harbour board sent an email on Monday. “The ferry will not sail this week,” it "
            "read.")
    assert found(text) == [("The ferry will not sail this week", "it")]


def test_impersonal_it_is_not_a_speaker() -> None:
    text = "It was reported that the ferry would not sail this week."
    assert [s for _, s in found(text)] in ([], [None])


def test_saying_noun_with_an_owner_reports_its_that_clause() -> None:
    text = ("Karin Olsen spoke on Monday. She repeated her warning that the ferry would stop "
            "running in May.")
    (q,) = quotes_of(text)
    assert q.content.text(text) == "that the ferry would stop running in May"
    assert q.speaker_label == "Karin Olsen"


def test_saying_noun_without_an_owner_reports_nothing() -> None:
    assert found("The claim that the ferry would stop running in May was false.") == []


def test_fragments_of_one_cue_are_one_quotation() -> None:
    text = ("Omar Haddad called the mayor a “reckless spender” who is “out of touch,” a “bully” "
            "and “unfit for the office.”")
    assert found(text) == [(text[text.index("the mayor") :], "Omar Haddad")]


def test_time_of_the_saying_after_the_fragment_is_left_out() -> None:
    text = ("Karin Olsen described the ferry plan as a “costly gamble” during a council meeting "
            "in Tromsø.")
    assert found(text) == [("the ferry plan as a “costly gamble”", "Karin Olsen")]


def test_clause_after_a_fragment_is_not_its_frame() -> None:
    text = ("Karin Olsen described the mayor as a “disgrace” after he attacked the harbour "
            "workers and blamed the delays on “lazy crews” at the port.")
    assert found(text)[0] == ("the mayor as a “disgrace”", "Karin Olsen")


def test_according_to_misparsed_as_apposition_still_reports_the_rest() -> None:
    text = "According to harbour delegate Omar Haddad, the plan reeks of “panic” and haste."
    assert found(text) == [("the plan reeks of “panic” and haste", "Omar Haddad")]


def test_person_apposed_to_a_misparsed_subject_is_the_speaker() -> None:
    text = ("With ten days until the vote, Ann Lee, a senior adviser to the mayor, called the "
            "ferry plan “a wake-up call” for the council.")
    assert [s for _, s in found(text)] == ["Ann Lee"]


def test_reported_clause_ending_with_doubled_quote_marks_keeps_its_speaker() -> None:
    text = ("Karin Olsen, opening the harbour museum on Saturday, said it would tell a story of "
            "''loss and delight, of fear and of hope.''")
    assert found(text) == [(text[text.index("it would") :], "Karin Olsen")]


def test_paraphrase_ending_with_a_fragment_goes_on_into_the_next_quotation() -> None:
    text = ("The ferry plan was “a costly gamble,” said Omar Haddad, a harbour delegate. “We will "
            "pay for it for twenty years.”")
    (quote,) = quotes_of(text)
    assert [p.text(text) for p in quote.parts] == [
        "The ferry plan was “a costly gamble,”", "We will pay for it for twenty years."]


def test_paraphrase_before_a_colon_frame_stays_apart_from_the_quotation() -> None:
    text = ("The council will probably delay the vote again, Omar Haddad said: “They always find "
            "a reason to wait.”")
    assert found(text) == [("The council will probably delay the vote again", "Omar Haddad"),
                           ("They always find a reason to wait.", "Omar Haddad")]


def test_clause_around_a_fragment_after_a_loose_cue_is_reported() -> None:
    text = ("The candidate boasted that “everyone” is now following his lead on the harbour "
            "tax.")
    assert found(text) == [(text[text.index("that") : -1], "The candidate")]


def test_object_and_the_fragment_after_it_are_reported_together() -> None:
    text = "Harbour pilots describe the seabed under the pier as ''Swiss cheese.''"
    assert found(text) == [(text[text.index("the seabed") :], "Harbour pilots")]


def test_a_noun_with_a_participle_speaks_only_when_it_can_speak() -> None:
    from storyline.quotes.speech import speaker_of

    def speaker(text: str, verb: str) -> str | None:
        tok = next(t for t in parse_text(text) if t.text == verb)
        found_tok, _ = speaker_of(tok, lambda _: False)
        return found_tok.text if found_tok is not None else None

    assert speaker("A harbour official speaking on condition of anonymity said the talks "
                   "failed.", "speaking") == "official"
    assert speaker("The council backed a reference to the old plan declaring the port open.",
                   "declaring") is None


def test_quoted_title_with_small_words_is_a_name_not_a_quotation() -> None:
    text = "Karin Olsen, speaking on ''Meet the Harbour,'' said the ferries would run."
    assert found(text) == [("the ferries would run", "Karin Olsen")]


def test_quotation_set_off_by_a_dash_stays_whole() -> None:
    text = ("Neither delegate was impressed by the mayor - ''Born with a silver spoon in her "
            "mouth,'' Omar Haddad said.")
    assert found(text) == [("Born with a silver spoon in her mouth", "Omar Haddad")]


def test_circumstances_before_the_frame_are_not_what_was_said() -> None:
    text = ("Sitting down with Harbour Radio on Thursday, during which she also touched on the "
            "ferry timetable, Karin Olsen remarked that she was \"a little surprised\" to be "
            "debating tolls.")
    assert found(text) == [(text[text.index("that she") : -1], "Karin Olsen")]


def test_participle_on_a_rejected_notion_speaks_for_who_rejected_it() -> None:
    text = ("Karin Olsen rejected the notion that the ferry delays should be forgotten, saying "
            "that if she \"found something that was rotten and that I did not like, I would fix "
            "it.\"")
    assert found(text) == [
        ("the notion that the ferry delays should be forgotten", "Karin Olsen"),
        (text[text.index("that if") :], "Karin Olsen"),
    ]


def test_dash_the_parse_took_for_a_subject_is_not_the_speaker() -> None:
    text = ("When Olsen noted that Haddad has occasionally not paid anything in harbour dues ― as "
            "was true for the few years his accounts were made public ― Haddad boasted, “That "
            "makes me smart.” Haddad was similarly defensive.")
    assert ("That makes me smart.", "Haddad") in found(text)


def test_according_to_misparse_before_a_paragraph_break() -> None:
    text = ("The council asked the pilots to check the timetable before the vote. According to "
            "harbour delegate Omar Haddad, the move reeks of “fear” and desperation.\n\nThe vote "
            "was held on Monday.")
    assert ("the move reeks of “fear” and desperation", "Omar Haddad") in found(text)


def test_purpose_clause_speaks_for_the_subject_unless_someone_is_asked() -> None:
    text = ("Olsen took to the radio overnight to accuse the council of being “duped” by “a "
            "lobby” and urge pilots to strike.")
    assert found(text)[0] == ("the council of being “duped” by “a lobby”", "Olsen")


def test_place_named_before_the_frame_is_not_the_speaker() -> None:
    text = ("Jones seemed to be ready to joke about the delay in Ohio, telling the crowd, “Some "
            "people get a little carried away, have you noticed that?”")
    assert [s for _, s in found(text)] == ["Jones"]


def test_nearest_of_two_parsed_subjects_speaks() -> None:
    text = ("Speaking at a town hall event in Salem, New Hampshire, Jones went after Smith, "
            "calling him “a total stiff.”")
    assert [s for _, s in found(text)] == ["Jones"]


def test_name_right_before_a_subjectless_cue_speaks() -> None:
    text = ("Saturday at the Ohio Democratic state’s party convention Sen. Jane Jones (D-OH) said "
            "presumptive Republican presidential nominee Donald Smith was a “proven failure” in "
            "business.")
    assert found(text) == [(text[text.index("presumptive") : -1], "Jane Jones")]


def test_saying_verb_tagged_as_a_noun_still_frames_the_quotation() -> None:
    text = ("“They know the mayor is the only one strong enough to stop the delays,” a voice-over "
            "in the ad states. “She will stand up to the ferry lobby.”")
    assert [s for _, s in found(text)] == ["a voice-over"]


def test_as_someone_put_it_gives_the_rest_of_the_sentence_to_them() -> None:
    text = ("As Maria Lopez, a tax lawyer and senior fellow at the Harbor Policy Center, recently "
            "put it, “Did the firm lower its bill through avoidance, or through evasion?”")
    assert found(text) == [(text[text.index("“") + 1 : -1], "Maria Lopez")]
    text = ("Most applicants must meet work requirements, but the main test for the program is a "
            "\"lawful source of income,\" as a ministry memo put it.")
    assert found(text) == [(text[text.index("the main") : text.index(",\" as") + 2],
                            "a ministry memo")]


def test_unframed_quotation_after_a_sentence_about_someone_is_theirs() -> None:
    text = ("His former partner at the firm, Lena Brandt, called him a master of impossible "
            "deals. \"He showed again and again an ability to close deals nobody else could.\"")
    assert [s for _, s in found(text)] == ["Lena Brandt"]


def test_name_and_colon_after_a_headline_dash_speaks() -> None:
    text = ("Turnout figures are in.\n\nRED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: "
            "“Our analysis of party affiliation finds that 20 states are solidly Republican.”")
    assert [s for _, s in found(text)] == ["Jeffrey M. Jones"]


def test_object_cast_as_something_quoted_is_reported() -> None:
    text = ("Jane Harlow openly admires President Ivan Petrov as a “strong leader,” comparing him "
            "favourably to the governor.")
    assert found(text) == [(text[text.index("President") : text.index(",”") + 2], "Jane Harlow")]


def test_object_of_a_phrasal_verb_cast_as_something_quoted_is_reported() -> None:
    text = ("In recent weeks, Jane Harlow has gone after Peter Lund as a “reckless gambler who "
            "will sink the town.”")
    assert found(text) == [(text[text.index("Peter") :], "Jane Harlow")]


def test_exhorting_someone_to_do_something_quoted_is_reported() -> None:
    text = ("At the convention, Senator Tom Avery exhorted delegates to “think of the harbour” and "
            "left the stage.")
    assert found(text) == [(text[text.index("delegates") : text.index(" and left")], "Tom Avery")]


def parsed(words: list[str], heads: list[int], deps: list[str],
           lemmas: list[str] | None = None, **attrs: list[str] | list[bool]) -> Doc:
    """A parse given by hand, to pin how a step reads one misparse whatever the tagger does
    (``attrs``: spaces, pos or tags when the step looks at them)."""
    return Doc(get_nlp().vocab, words=words, heads=heads, deps=deps, lemmas=lemmas, **attrs)


@pytest.mark.parametrize("dep", ["advcl", "relcl"])
def test_that_clause_parsed_as_adverbial_is_still_reported(dep: str) -> None:
    words = ["Jones", "tweeted", "overnight", "that", "Lee", "was", "“", "a", "fraud", "”", "."]
    heads = [1, 1, 1, 5, 5, 1, 8, 8, 5, 8, 1]  # the parse hangs the "that" clause as advcl
    deps = ["nsubj", "ROOT", "npadvmod", "advmod", "nsubj", dep, "punct", "det", "attr",
            "punct", "punct"]
    doc = parsed(words, heads, deps)
    span = reported_content(doc[1], lambda _: False)
    assert span is not None and doc.text[span[0] : span[1]].startswith("that Lee was")


def test_request_verb_coordinated_inside_a_that_clause_speaks_for_the_reporter() -> None:
    words = ["Jones", "said", "that", "Lee", "was", "a", "fraud", "and", "urged", "voters", "to",
             "leave", "."]
    heads = [1, 1, 4, 4, 1, 6, 4, 4, 4, 8, 11, 8, 1]  # "urged" hung on "was", not on "said"
    deps = ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "det", "attr", "cc", "conj", "dobj",
            "aux", "xcomp", "punct"]
    doc = parsed(words, heads, deps,
                 lemmas=["Jones", "say", "that", "Lee", "be", "a", "fraud", "and", "urge", "voter",
                         "to", "leave", "."])
    speaker, _ = speaker_of(doc[8], lambda _: False)
    assert speaker is not None and speaker.text == "Jones"


def test_person_referred_to_as_something_quoted_is_reported() -> None:
    text = "At the rally, Jane Harlow referred to Peter Lund as “a bright, charismatic leader.”"
    assert found(text) == [(text[text.index("Peter") :], "Jane Harlow")]


def test_clause_opening_before_the_quotation_its_verb_is_in_is_reported() -> None:
    words = ["It", "was", "late", ":", "Lee", "declared", "that", "he", "“", "would", "win", "”",
             "."]
    heads = [1, 5, 1, 5, 5, 5, 10, 10, 10, 10, 5, 10, 5]  # a fronted clause, then the reported one
    deps = ["nsubj", "ccomp", "acomp", "punct", "nsubj", "ROOT", "mark", "nsubj", "punct", "aux",
            "ccomp", "punct", "punct"]
    doc = parsed(words, heads, deps)
    quoted = (doc[8].idx, doc[11].idx + 1)
    span = reported_content(doc[5], lambda i: quoted[0] <= i < quoted[1])
    assert span is not None and doc.text[span[0] : span[1]] == "that he “ would win ”"


def test_participle_added_after_a_reported_fragment_is_not_reported() -> None:
    text = ("Maria Lind said on Monday that the plan was “a total disaster” for the town, drawing "
            "sharp criticism from the mayor.")
    assert found(text) == [(text[text.index("that") : text.index(", drawing")], "Maria Lind")]


def test_that_clause_hung_inside_a_phrase_after_the_cue_is_reported() -> None:
    words = ["Officials", "said", "for", "the", "first", "time", "that", "“", "secret", "”",
             "files", "had", "leaked", "."]
    heads = [1, 1, 1, 5, 5, 2, 12, 10, 10, 10, 12, 12, 5, 1]  # the clause hung on "time"
    deps = ["nsubj", "ROOT", "prep", "det", "amod", "pobj", "mark", "punct", "amod", "punct",
            "nsubj", "aux", "relcl", "punct"]
    doc = parsed(words, heads, deps)
    span = reported_content(doc[1], lambda _: False)
    assert span is not None and doc.text[span[0] : span[1]] == "that “ secret ” files had leaked"


def test_frame_set_off_by_commas_inside_the_content_is_left_out() -> None:
    text = ("The new harbour master is “sharp as a tack,” Tom Avery wrote in a letter to the "
            "board, and “hard to fool.”")
    (quote,) = quotes_of(text)
    assert [p.text(text) for p in quote.parts] == ["The new harbour master is “sharp as a tack,”",
                                                   "“hard to fool.”"]
    text = "This campaign, Ann Lee says, is different from every campaign before it."
    (quote,) = quotes_of(text)
    assert [p.text(text) for p in quote.parts] == ["This campaign",
                                                   "is different from every campaign before it"]


def test_person_a_recording_shows_speaking_is_the_speaker() -> None:
    text = "The new ad uses footage of Maria Lind asking, “Who will pay for the pier?”"
    assert found(text) == [("Who will pay for the pier?", "Maria Lind")]


def test_clause_of_its_own_after_a_quotation_is_not_its_frame() -> None:
    text = ("The spot ends with footage of Tom Avery saying during the debate, “That was a "
            "bargain,” when Maria Lind asked him about the ferry contract.")
    assert found(text)[0] == ("That was a bargain", "Tom Avery")


def test_chant_in_capitals_is_words_not_a_title() -> None:
    text = "Supporters waved flags as they celebrated. Some chanted “Lind! Lind!”"
    assert found(text) == [("Lind! Lind!", "Some")]


def test_a_man_shouting_is_a_speaker() -> None:
    text = ("Some in the crowd booed, and when the mayor said the pier would be rebuilt, a man "
            "yelled “Build a bridge!”")
    assert found(text)[-1] == ("Build a bridge!", "a man")


def test_name_set_off_by_a_dash_after_a_cue_speaks() -> None:
    text = "Engineers agree - Jonas Ekberg: “The pier needs new pilings before the winter storms.”"
    assert found(text) == [("The pier needs new pilings before the winter storms.",
                            "Jonas Ekberg")]


def test_name_right_before_a_cue_framing_a_quotation_speaks() -> None:
    text = ("After the flyer showed the mayor beside a pile of coins likened to a symbol of greed, "
            "Speaker of the Assembly Rep. Ann Lee (D-MA) said “such images have no place in a "
            "campaign.”")
    assert found(text) == [("such images have no place in a campaign.", "Ann Lee")]


def test_past_tense_after_an_apposition_is_a_cue() -> None:
    text = ("Tom Avery, the former harbour master, tweeted in response: “Small correction: the "
            "pier was built in 1990.”")
    assert found(text) == [("Small correction: the pier was built in 1990.", "Tom Avery")]


def test_object_led_to_speak_is_the_speaker() -> None:
    text = "The ruling prompted Jane Harlow to say, “We will appeal this decision.”"
    assert found(text) == [("We will appeal this decision.", "Jane Harlow")]


def test_dateline_taken_for_the_subject_is_not_the_speaker() -> None:
    text = ("OSLO -- Mayor Jane Harlow, opening the new library on Saturday, said it would tell "
            "the story of a town, one of ''hard winters and long summers.''")
    assert [s for _, s in found(text)] == ["Jane Harlow"]


def test_signature_dash_glued_to_the_closing_mark_names_the_speaker() -> None:
    text = ("“The first comment is here and it is long enough to count.” ― Edvin G. Moen\n"
            "“The mayor does not understand the harbour at all.”― Stina Egeland\n"
            "“Tonight’s meeting showed the council as it really is.” ― Ann Lee")
    assert [s for _, s in found(text)] == ["Edvin G. Moen", "Stina Egeland", "Ann Lee"]


def test_quotation_after_a_sentence_ending_in_doubled_marks_goes_on() -> None:
    text = ("''Lee does not trust the harbour board,'' he said on the radio show ''Morning "
            "Harbour.'' ''The board cannot stand our mayor and it shows.''")
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "he"
    assert [p.text(text)[:12] for p in quote.parts] == ["Lee does not", "The board ca"]


def test_title_ending_in_a_full_stop_is_not_a_part_of_the_quotation() -> None:
    text = ("“It is nonsense,” Mr. Avery said by telephone on the radio show “Talk of the "
            "Harbour.” “She gets everything wrong.”")
    (quote,) = quotes_of(text)
    assert [p.text(text) for p in quote.parts] == ["It is nonsense", "She gets everything wrong."]


def test_quotation_goes_on_past_a_report_in_its_own_frame_sentence() -> None:
    text = ("“The ferry plan is dead,” Maria Lind said, adding that the council will vote again in "
            "March. “Nobody in this town wants it.”")
    first, report = quotes_of(text)
    assert [p.text(text) for p in first.parts] == ["The ferry plan is dead",
                                                   "Nobody in this town wants it."]
    assert report.content.text(text).startswith("that the council will vote again")


def test_report_by_a_relative_clause_in_the_frame_does_not_take_the_quotation() -> None:
    text = ("“Ticket sales are up a little,” said Mr. Ekberg, who noted that during the storm "
            "season bookings fell. “The harbour is busy again.”")
    first, report = quotes_of(text)
    assert first.speaker is not None and first.speaker.text(text) == "Ekberg"
    assert [p.text(text)[:16] for p in first.parts] == ["Ticket sales are", "The harbour is b"]
    assert report.content.text(text).startswith("that during the storm season")


def test_number_before_a_full_stop_ends_the_sentence_unlike_an_initial() -> None:
    text = "“It was fine,” he tweeted on June 4. “They left early,” said John F. Kennedy."
    marks = QuoteMap(text)
    assert marks.clause_start(text.index("“They")) == text.index("4.") + 2
    assert marks.clause_start(text.index("Kennedy")) == text.index("4.") + 2


def test_going_on_frames_a_quotation() -> None:
    text = ("“Storms come and go, right?” Tom Avery went on, as if he had not heard the question. "
            "“We rebuild every time.”")
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "Tom Avery"


def test_quotation_interrupted_by_a_long_inverted_frame_is_one() -> None:
    text = ('"The danger," said Ingrid Solberg, an engineer who is the director of the harbour '
            'authority, "is that the pier will not survive another winter."')
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "Ingrid Solberg"
    assert [p.text(text)[:11] for p in quote.parts] == ["The danger", "is that the"]


def test_elaborating_frames_a_quotation() -> None:
    text = "“The way I see it,” she elaborated, “no one ever questioned his sacrifice.”"
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "she"


def test_title_abbreviation_in_the_frame_does_not_end_it() -> None:
    text = ("“I cannot see why a stronger candidate stayed out of the race,” said Army 1st Lt. "
            "Tyler Lindqvist. “I was hoping for someone else.”")
    (quote,) = quotes_of(text)
    assert [p.text(text)[:12] for p in quote.parts] == ["I cannot see", "I was hoping"]


def test_quotation_goes_on_past_several_reports_in_its_frame_sentence() -> None:
    text = ('"That is the real question," Holm said, noting he would support any of the other '
            'plans. "We have built a strong case here."')
    first, report = quotes_of(text)
    assert [p.text(text)[:12] for p in first.parts] == ["That is the ", "We have buil"]
    assert report.content.text(text).startswith("he would support")


def test_manner_participle_and_a_closing_no_do_not_break_the_frame() -> None:
    text = ('"Should the ferry company pay for the pier?" Lind asked, shaking her head no. "But '
            'the council should pay its share."')
    marks = QuoteMap(text)
    assert marks.clause_start(text.index('"But')) == text.index("no.") + 3
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "Lind"
    assert [p.text(text)[:10] for p in quote.parts] == ["Should the", "But the co"]


def test_sender_of_a_message_speaks_not_its_addressee() -> None:
    text = ("After the vote, the Lind campaign sent a text message to supporters saying: “We won "
            "tonight, and we will win again.”")
    assert [s for _, s in found(text)] == ["the Lind campaign"]
    text = ("Shortly after the call ended, the mayor’s campaign sent out a press release saying "
            "“the council has failed the town.”")
    assert [s for _, s in found(text)] == ["the mayor’s campaign"]


def test_names_opening_a_line_before_a_colon_speak_without_the_tagger() -> None:
    words = ["Greta", "Lindqvist", ":", "“", "Tom", "Avery", "is", "fair", "game", ".", "”"]
    spaces = [True, False, True, False, True, True, True, True, False, False, False]
    pos = ["PROPN", "PROPN", "PUNCT", "PUNCT", "PROPN", "PROPN", "AUX", "ADJ", "NOUN", "PUNCT",
           "PUNCT"]
    heads = [1, 1, 1, 6, 5, 6, 1, 8, 6, 6, 6]
    deps = ["compound", "ROOT", "punct", "punct", "compound", "nsubj", "appos", "amod", "attr",
            "punct", "punct"]
    doc = parsed(words, heads, deps, spaces=spaces, pos=pos)
    article = Article(id="a", text=doc.text, source_path="q.txt")
    (quote,) = find_quotes(article, doc, ())
    assert quote.speaker is not None and quote.speaker.text(doc.text) == "Greta Lindqvist"


def test_line_wrapped_mid_sentence_does_not_end_a_quotation() -> None:
    text = ("“Other harbours,” Ann Lee added, “have spent their money on advertising that does "
            "little for the people who actually\nuse the ferries every day.”")
    (quote,) = quotes_of(text)
    assert [p.text(text)[:14] for p in quote.parts] == ["Other harbours", "have spent the"]
    assert quote.content.text(text).endswith("every day.")


def test_question_before_a_frame_hung_on_the_quotation_is_not_reported() -> None:
    words = ["Asked", "about", "it", ",", "Lee", "said", ",", "“", "We", "won", ".", "”"]
    heads = [9, 0, 1, 9, 5, 9, 5, 9, 9, 9, 9, 9]  # "said" hung on the quotation's verb
    deps = ["advcl", "prep", "pobj", "punct", "nsubj", "parataxis", "punct", "punct", "nsubj",
            "ROOT", "punct", "punct"]
    pos = ["VERB", "ADP", "PRON", "PUNCT", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB",
           "PUNCT", "PUNCT"]
    doc = parsed(words, heads, deps, pos=pos)
    quoted = (doc[7].idx, doc[11].idx + 1)
    assert reported_content(doc[5], lambda i: quoted[0] <= i < quoted[1]) is None


def test_words_set_off_after_of_or_a_dash_are_the_quotation_itself() -> None:
    text = "When the mayor arrived, Lind supporters responded with chants of “We want Lind!”"
    assert found(text) == [("We want Lind!", "Lind supporters")]
    text = "Hours later, Tom Avery posted just two words on his page - “So terrible”"
    assert found(text) == [("So terrible", "Tom Avery")]


def test_titled_name_with_party_and_state_before_a_colon_speaks() -> None:
    text = ("The hearing went on for hours.\n\nSen. Ann Lee (D-MA): “We will not accept that "
            "answer.”")
    assert found(text) == [("We will not accept that answer.", "Ann Lee")]
    text = ("The hearing went on.\n\nRep. Trey Gowdy (R-S.C.):\"I have not heard anyone "
            "other than you ever cite that figure. Who told you that?\"")  # "S.C.)" one token
    assert found(text)[0][1] == "Trey Gowdy"


def test_subject_of_the_clause_speaks_an_embedded_fragment() -> None:
    text = ("The council met on Monday.\n\nHarlow offered the families “my deepest thoughts "
            "and prayers on this terrible night for our town.”")
    assert found(text) == [("my deepest thoughts and prayers on this terrible night for our "
                            "town.", "Harlow")]


def test_short_fragment_without_speech_verb_stays_unattributed() -> None:
    text = "Harlow offered the families “prayers” on Monday."
    assert found(text) == []


def test_quotation_signed_on_the_line_below() -> None:
    text = ("The rates went up again.\n\n“We are going to enter the next slump without the "
            "tools we used last time.”\n\n- Tove Lindahl, Harbour Institute.\n\nThe bank did "
            "not reply.")
    assert found(text) == [("We are going to enter the next slump without the tools we used "
                            "last time.", "Tove Lindahl")]


def test_inverted_frame_with_title_then_name_in_commas() -> None:
    text = ("Taxes rose.\n\n“That would have been not just the fairer thing to do, it would "
            "have been better for the harbour. It also would have improved the finances of the "
            "town,” the city council press secretary, Sarah Collins, said on Tuesday.")
    ((content, speaker),) = found(text)
    assert content.endswith("of the town") and speaker == "Sarah Collins"


def test_past_tense_hung_on_a_title_with_a_name_beside_it() -> None:
    text = ("“Is the council going to finally answer? If it does not, it should resign” the "
            "opposition leader, Carla Ruiz, tweeted Sunday after the vote.")
    quote, = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "Carla Ruiz"


def test_triple_mark_closes_inner_then_outer_quotation() -> None:
    text = ("Voters rose.\n\n''I think voters will not be satisfied with 'We'll fix it later,''' "
            "said Tom Avery of Leeds.")
    (p,) = QuoteMap(text).passages
    assert text[p.start : p.end].endswith("later,'")
    assert found(text)[0][1] == "Tom Avery"


def test_titled_speaker_the_parse_hung_on_a_name_before_the_cue() -> None:
    words = ["Hosts", "Joe", "Lund", ",", "the", "party", "candidate", "stated", "that", "taxes",
             "rise", "."]
    heads = [2, 2, 7, 2, 6, 6, 2, 7, 10, 10, 7, 7]  # the title hung on the name as apposition
    deps = ["compound", "compound", "npadvmod", "punct", "det", "compound", "appos", "ROOT",
            "mark", "nsubj", "ccomp", "punct"]
    tags = ["NNS", "NNP", "NNP", ",", "DT", "NN", "NN", "VBD", "IN", "NNS", "VBP", "."]
    doc = parsed(words, heads, deps, tags=tags)
    text = doc.text
    name = Mention(Span("a", doc[1].idx, doc[2].idx + 4), "PERSON", "name")
    title = Mention(Span("a", doc[4].idx, doc[6].idx + 9), "PERSON", "title")
    found_tok = name_before(doc[7], [name, title])
    assert found_tok is not None and found_tok.i == 6
    assert text[title.span.start : title.span.end] == "the party candidate"
    tags[7] = "VBG"  # "…, the party candidate stating": a participle, not its own report
    doc = parsed(words, heads, deps, tags=tags)
    assert name_before(doc[7], [name, title]) is None


def test_doubled_single_marks_reopening_the_next_paragraph_continue_the_quotation() -> None:
    text = ("Intro.\n\n''This plan is bad,'' Ms. Ames said of the levy. ''If they raised it "
            "again, we'd call it out.\n\n''This was a tax as well as a fine.''\n\nThe town "
            "reacted.")
    passages = QuoteMap(text).passages
    assert [text[p.start : p.end][:9] for p in passages] == ["This plan", "If they r"]
    assert text[passages[1].start : passages[1].end].endswith("a fine.")


def test_second_that_clause_hung_on_the_cue_is_reported_too() -> None:
    text = ("Mr. Lee said that their father ''could be unyielding,'' and that Freddy had "
            "struggled with his criticism.")
    (quote,) = quotes_of(text)
    assert quote.content.text(text).startswith("that their father")
    assert quote.content.text(text).endswith("struggled with his criticism")


def test_named_reporter_of_his_own_words_is_the_speaker() -> None:
    text = ("Lazar said he welcomed extradition to the United States and added, \"I'll plead "
            "guilty, no problem.\"")
    assert ("I'll plead guilty, no problem.", "Lazar") in found(text)
    text = ("Mary Lopez said he responded: \"When you have incoming, you can't be too "
            "presidential.\"")
    assert found(text) == [("When you have incoming, you can't be too presidential.", "he")]


def test_name_after_an_inverted_cue_tagged_as_an_adverb_speaks() -> None:
    words = ["“", "It", "is", "valuable", ",", "”", "said", "Skelly", ",", "explaining", "he",
             "left", "."]
    heads = [6, 2, 6, 2, 6, 6, 6, 6, 6, 6, 11, 9, 6]
    deps = ["punct", "nsubj", "ccomp", "acomp", "punct", "punct", "ROOT", "advmod", "punct",
            "advcl", "nsubj", "ccomp", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT", "VERB",
           "PRON", "VERB", "PUNCT"]
    tags = ["``", "PRP", "VBZ", "JJ", ",", "''", "VBD", "RB", ",", "VBG", "PRP", "VBD", "."]
    spaces = [False, True, True, False, False, True, True, False, True, True, True, False, False]
    doc = parsed(words, heads, deps, [w.lower() if w != "said" else "say" for w in words],
                 spaces=spaces, pos=pos, tags=tags)
    he = Mention(Span("a", doc[10].idx, doc[10].idx + 2), "PERSON", "pronoun")
    article = Article(id="a", text=doc.text, source_path="q.txt")
    (quote,) = find_quotes(article, doc, (he,))
    assert quote.speaker is not None and quote.speaker.text(doc.text) == "Skelly"


def test_frame_before_a_whole_sentence_wins_over_the_next_sentences_frame() -> None:
    text = ("But, Ms. Ames said, “I do not say anything privately that I do not say publicly.” "
            "And, she acknowledged, it is unclear how far her advice goes.")
    first = quotes_of(text)[0]
    assert first.content.text(text).startswith("I do not say")
    assert first.speaker is not None and first.speaker.text(text) == "Ames"


def test_it_of_a_clause_the_cue_hangs_on_is_not_the_speaker() -> None:
    text = ("Appearing before supporters Monday, Suu Kyi said it was too early to congratulate "
            "winners but added, \"I think you all have an idea of the results.\"")
    assert ("I think you all have an idea of the results.", "Suu Kyi") in found(text)
    text = ("It was a potent punch by the two women, as Mrs. Lee echoed the criticism, saying "
            "Mr. Ames ''reminds us every day that he is not in it for the people.''")
    assert all(speaker != "It" for _, speaker in found(text))


def test_writers_and_i_quote_is_not_the_frame() -> None:
    text = ("No wonder Ames said, and I quote, \"We love the poorly educated.\" He is treating "
            "his supporters badly.")
    assert found(text) == [("We love the poorly educated.", "Ames")]


def test_person_named_as_object_before_a_colon_speaks() -> None:
    text = ("Independents disagreed.\n\nThe timing of the surge does not surprise Republican "
            "pollster Daron Shaw: “Historically, lesser-known candidates have seen their "
            "support rise.”")
    assert found(text) == [("Historically, lesser-known candidates have seen their support "
                            "rise.", "Daron Shaw")]


def test_sentences_never_run_into_the_next_paragraph() -> None:
    words = ["Lee", "spoke", ".", "\n\n", "Ames", "left", "."]
    spaces = [True, False, False, False, True, False, False]
    starts = [True, False, False, False, False, False, False]  # one sentence, as a parse may say
    doc = Doc(get_nlp().vocab, words=words, spaces=spaces, sent_starts=starts)
    article = Article(id="a", text=doc.text, source_path="q.txt")
    ctx = Context(article, doc, ())
    assert [doc.text[s:e] for s, e in ctx.sentences] == ["Lee spoke.", "Ames left."]


@pytest.mark.parametrize(("text", "speaker"), [
    ("But in a conference call with reporters on Dec. 2, Col. Steven H. Warren, a military "
     "spokesman in Baghdad, said, ''I mean, a raid is a combat operation. There is no way "
     "around that.''", "Steven H. Warren"),  # the name hung on the date before it
    ("That did not sit well with the editors.\n\n“If she wants to be the next mayor, Ann Lee "
     "should act like one,” the editorial read.", "editorial"),  # 'read' tagged as a noun
    ("The actor posted the clip on Thursday.\n\n“What if the mayor had elocution lessons?” the "
     "43-year-old asked in the video’s description.", "the 43-year-old"),  # cue on an adjective
    ("The columnist was blunt.\n\n“The war is a reminder that the process will pose risks,” "
     "Will wrote.", "Will"),  # a name tagged as a modal verb
])
def test_misparsed_frames_still_name_the_speaker(text: str, speaker: str) -> None:
    ((_, found_speaker),) = found(text)
    assert found_speaker == speaker


def test_one_sentence_paragraph_with_a_bare_cue_frames_the_next_quotation() -> None:
    text = ("Howard continued his scathing remarks.\n\n“Eight years ago she was the presumed "
            "nominee, and a fellow came along and took it away.”")
    assert found(text) == [("Eight years ago she was the presumed nominee, and a fellow came "
                            "along and took it away.", "Howard")]


def test_participle_after_a_comma_inside_the_closing_mark_is_cut() -> None:
    text = "Reports said Kelly was “incognito,” sparking a firestorm of speculation."
    doc = parse_text(text)
    said = next(t for t in doc if t.text == "said")
    span = reported_content(said, QuoteMap(text).inside)
    assert span is not None and text[span[0] : span[1]] == "Kelly was “incognito,”"


def test_according_to_clause_stops_before_the_writers_participle() -> None:
    text = ("According to some, Kelly was “incognito,” sparking a firestorm of speculation as to "
            "the reason for the visit.")
    (quote,) = quotes_of(text)
    assert quote.content.text(text) == "Kelly was “incognito,”"


def test_report_after_before_is_the_reporters_next_act() -> None:
    text = ("Lee said the court's deadlock has “kept us safe” on Twitter before claiming that "
            "open borders are “tearing families apart.”")
    said = next(q for q in quotes_of(text) if q.cue is not None and q.cue.text(text) == "said")
    assert "claiming" not in said.content.text(text)
    claims = [q for q in quotes_of(text) if "open borders" in q.content.text(text)]
    assert claims and all(q.speaker is not None and q.speaker.text(text) == "Lee"
                          for q in claims)


def test_saying_hung_on_an_adverb_or_adjective_goes_up_to_the_subject() -> None:
    text = ("Critics piled on.\n\nThe technology columnist Dana Auer went so far as to say: "
            "''The network as we know it is over.''")
    assert found(text)[-1] == ("The network as we know it is over.", "Dana Auer")
    text = "Mayor Ann Lee was quick to say that the ferry would run again in spring."
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text(text) == "Ann Lee"


def test_owner_of_a_reply_before_a_colon_speaks() -> None:
    text = ("Her aide Tom Reyes emailed her in December. Lindqvist’s response was: “Is the shop "
            "in Leeds or in York?”")
    assert found(text) == [("Is the shop in Leeds or in York?", "Lindqvist")]


def test_sender_not_addressee_and_a_blaring_front_page() -> None:
    text = "The senator emailed supporters saying: “The struggle continues” and left for Leeds."
    assert found(text)[0] == ("The struggle continues", "The senator")
    text = "The papers were merciless. ''Choke!'' blared the front page of the Leeds Herald."
    assert found(text) == [("Choke!", "the front page")]


def test_name_before_a_participle_aside_speaks() -> None:
    text = ("The issue had come up Friday after Ms. Lindqvist, asked about the arrests of "
            "journalists under Mr. Aranda, had said, ''I think our country does plenty of that "
            "also.''")
    assert found(text)[-1] == ("I think our country does plenty of that also.", "Lindqvist")


def test_reporter_goes_on_to_call_after_a_clause_about_a_thing() -> None:
    text = ("Sen. Rand Paul said Rubio's tax plan would give money to undocumented immigrants, "
            "and called him \"the leading proponent for allowing people in the country "
            "illegally to be citizens.\"")
    called = [s for c, s in found(text) if c.startswith("the leading proponent")]
    assert called == ["Rand Paul"]


def test_name_in_the_rest_of_the_frame_sentence_does_not_stop_a_continuation() -> None:
    text = ("“If she gets to pick her judges, nothing you can do, folks,” Lee told a rally, "
            "saying Ann Ames would “abolish the ferry.”\n\n“Although the ferry people, maybe "
            "there is. I do not know. That will be a horrible day.”")
    assert found(text)[-1][1] == "Lee"


def test_direction_mark_before_an_opening_quote_reads_as_a_space() -> None:
    text = ("Readers wrote in.\n\n\u202a”This is why the gang has to be stopped. They are "
            "evil,” said John Krystek.")
    assert found(text) == [("This is why the gang has to be stopped. They are evil",
                            "John Krystek")]


def test_reporting_pronoun_is_the_speaker_span_of_its_own_saying() -> None:
    text = ("He says he respects Ann Lee and calls her “an extremely intelligent woman with a "
            "wonderful resume.”")
    called = [q for q in quotes_of(text) if "intelligent" in q.content.text(text)]
    assert called and all(q.speaker is not None and q.speaker.start == 0 for q in called)


def test_inverted_speaker_the_parse_made_subject_of_the_next_clause() -> None:
    text = ("A cashier was shaken by the talk.\n\n\"One guy came in and said maybe we should "
            "start a fight,\" said the woman, who like many in the town did not want to be "
            "quoted by name.")
    assert found(text) == [("One guy came in and said maybe we should start a fight",
                            "the woman")]


def test_headline_with_a_byline_is_not_a_quotation() -> None:
    text = ("FAREWELL—\"The Blue Room to close at the end of December,\" by the Ledger's Ann "
            "Lee: \"The Blue Room, a small club that gave an early start to many singers, will "
            "close.\"")
    contents = [c for c, _ in found(text)]
    assert not any(c.startswith("The Blue Room to close") for c in contents)
    assert any(c.startswith("The Blue Room, a small club") for c in contents)


def test_owners_answer_was_that_reports_the_clause() -> None:
    text = ("The council met. Mayor Lindqvist's answer was that the ferry would run again next "
            "spring.")
    (quote,) = quotes_of(text)
    assert quote.content.text(text) == "that the ferry would run again next spring"
    assert quote.speaker is not None and quote.speaker.text(text) == "Lindqvist"


@pytest.mark.parametrize(("text", "content"), [
    ("Mayor Lindqvist has implied that the ferry would run again next spring.",
     "that the ferry would run again next spring"),
    ("Mayor Lindqvist outlined a plan to rebuild the harbour within three years.",
     "a plan to rebuild the harbour within three years"),
])
def test_implying_and_outlining_report(text: str, content: str) -> None:
    (quote,) = quotes_of(text)
    assert quote.content.text(text) == content
    assert quote.speaker is not None and quote.speaker.text(text) == "Lindqvist"


@pytest.mark.parametrize(("text", "speaker"), [
    ("Mayor Lindqvist was asked by the moderator, Ann Ames, whether the plan would risk "
     "“adding another costly program to the budget.”", "the moderator"),
    ("Mayor Lindqvist was asked whether the plan would risk “adding another costly program to "
     "the budget.”", None),
])
def test_passive_cue_subject_is_spoken_to_not_the_speaker(text: str, speaker: str | None
                                                          ) -> None:
    speakers = {q.speaker.text(text) if q.speaker else None for q in quotes_of(text)
                if "costly program" in q.content.text(text)}
    assert "Mayor Lindqvist" not in speakers and "Lindqvist" not in speakers
    assert speaker is None or speakers == {speaker}


def test_paraphrase_does_not_carry_its_speaker_into_the_next_paragraph() -> None:
    text = ("The agency reported that six planes wrote messages over the parade.\n\n"
            "“The sky is ours today, and the crowd knows it.”")
    assert found(text) == [("that six planes wrote messages over the parade", "The agency")]
    text = ("“We will sue the state,” Mayor Lindqvist said on Monday.\n\n"
            "“We are seeking a court order that ends the restriction at once.”")
    ((content, speaker),) = found(text)
    assert content.endswith("ends the restriction at once.") and speaker == "Lindqvist"


def test_fragment_opening_a_that_clause_belongs_to_its_cue_not_the_frame_after() -> None:
    text = ("But even as Lindqvist claimed on Tuesday that “the old board got in trouble for far "
            "less,” one of the former auditors said the cases differ.")
    (quote,) = [q for q in quotes_of(text) if "far less" in q.content.text(text)]
    assert quote.speaker is not None and quote.speaker.text(text) == "Lindqvist"


def test_second_participle_the_parse_hung_inside_the_first_report_goes_with_it() -> None:
    text = ("Lindqvist pushed back on those claims Thursday, saying that the bill had the right "
            "safeguards but was waylaid by mistrust - and arguing that he and Ames shared "
            "\"almost all the same views on the ferry.\"")
    (quote,) = [q for q in quotes_of(text) if q.content.text(text).startswith("that he and")]
    assert quote.speaker is not None and quote.speaker.text(text) == "Lindqvist"


def test_coordinated_clause_framing_its_own_quotation_is_not_the_first_report() -> None:
    text = ("Ann Lindqvist spoke last week. She said fathers would not be eligible for the leave, "
            "and when pressed on why, the 34-year-old mother of three replied, \"It is meant to "
            "help the mother who has given birth to the child.\"")
    assert found(text) == [
        ("fathers would not be eligible for the leave", "She"),
        ("It is meant to help the mother who has given birth to the child.",
         "the 34-year-old mother")]


def test_quoted_nickname_inside_the_speaker_does_not_cut_the_frame() -> None:
    text = ("\"This is a big year for the harbour!\" the mayor's niece, state Del. Marta \"Tia\" "
            "Lindqvist, shouted to the crowd.")
    assert found(text) == [("This is a big year for the harbour!",
                            'state Del. Marta "Tia" Lindqvist')]


def test_passive_quoted_by_keeps_the_one_quoted_as_speaker() -> None:
    text = "Mayor Lindqvist was quoted by the agency: “We will win this fight.”"
    assert found(text) == [("We will win this fight.", "Lindqvist")]


def test_nationality_after_a_dash_is_no_signature() -> None:
    text = ("Once, near the harbour, Lindqvist circled the trawler as his friends jeered, "
            "“Do svidaniya!” - Russian for “goodbye.”")
    assert all(s != "Russian" for _, s in found(text))


def test_name_the_parse_made_a_compound_of_the_cue_speaks() -> None:
    text = ("When someone in the audience shouted, “Lee,” Moen joked, again using an "
            "exaggerated Southern accent, “Amen, brother! Come on up and get baptized!”")
    speakers = {s for c, s in found(text) if "get baptized" in c}
    assert speakers == {"Moen"}


def test_participle_after_a_fragment_in_a_report_is_the_next_report() -> None:
    text = ("Lindqvist said that there is “only one strong candidate in a position to win this "
            "race,” adding that it is why Ames “relentlessly attacks us and ignores the others.”")
    assert found(text) == [
        ("that there is “only one strong candidate in a position to win this race,”",
         "Lindqvist"),
        ("that it is why Ames “relentlessly attacks us and ignores the others.”", "Lindqvist")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Lindqvist said he was “encouraged” by the plan — a modest boost for the mayor.",
     ("he was “encouraged” by the plan", "Lindqvist")),
    ("First, Lindqvist identified the judge as “Spanish,” which is what some call people who "
     "speak Spanish.", ("the judge as “Spanish,”", "Lindqvist")),
    ("Lindqvist said that the count had been \"rigged\" against him, a charge that the board "
     "strongly denied.", ("that the count had been \"rigged\" against him", "Lindqvist")),
    ("Lindqvist called Ames the \"ultimate hypocrite,\" linking to a story about a dinner in "
     "the harbour.", ("Ames the \"ultimate hypocrite,\"", "Lindqvist")),
])
def test_reported_clause_with_a_fragment_ends_before_the_writers_aside(
        text: str, expected: tuple[str, str]) -> None:
    assert found(text) == [expected]


def test_dash_before_a_later_quotation_does_not_end_the_clause() -> None:
    text = ("She recalls the clerk being “confused,” and the mayor being kind to her - at one "
            "point even telling the client: “You have to look at her, she is the one who knows "
            "the harbour.”")
    assert all(not c.endswith("kind to her") for c, _ in found(text))
