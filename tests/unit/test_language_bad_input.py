"""The language stage on bad input: broken quote marks, huge quotations, no sentences, other
languages."""

from __future__ import annotations

from storyline.common.quote_marks import find_quoted
from storyline.language.entities import find_mentions
from storyline.language.gate import article_language, skip_note
from storyline.language.nlp import parse_text
from storyline.model import Article, Quote, content_id
from storyline.quotes.find import find_quotes

GERMAN = (
    "Die Regierung hat am Montag erklärt, dass sie die Gespräche mit den Nachbarn fortsetzen "
    "will. „Wir sind bereit, über alles zu reden“, sagte der Sprecher der Regierung in der "
    "Hauptstadt. Es gebe aber keine Zusagen, die nicht auch von den Partnern getragen würden."
)
FRENCH = (
    "Le ministre a déclaré lundi que le gouvernement est prêt à reprendre les discussions avec "
    "les voisins. « Nous sommes prêts à parler de tout », a dit le porte-parole du ministère, "
    "mais il n'y a pas de promesse sans les partenaires."
)


def article(text: str, language: str | None = None) -> Article:
    return Article(id=content_id("a", text), text=text, source_path="bad.txt", language=language)


def quotes_of(text: str, language: str | None = None) -> tuple[Quote, ...]:
    art = article(text, language)
    doc = parse_text(text)
    return find_quotes(art, doc, find_mentions(art, doc))


def test_language_bad_input_unbalanced_marks_keep_the_rest() -> None:
    text = ("“We will win the vote,” said Maria Lindqvist. “The rest is noise, she added.\n\n"
            "Peter Novak said the plan was “flawed and late.\n\n"
            "“The harbour stays open,” said Anna Berg.")
    found = quotes_of(text)
    labels = {q.content.text(text): q.speaker_label for q in found}
    assert labels.get("We will win the vote") == "Maria Lindqvist"
    assert labels.get("The harbour stays open") == "Anna Berg"
    for q in found:  # no quotation swallows the next paragraph
        assert "\n" not in q.content.text(text)


def test_language_bad_input_stray_closing_mark_is_not_a_quotation() -> None:
    text = "The plan” was approved on Monday by the council, said Maria Lindqvist."
    assert find_quoted(text) == []


def test_language_bad_input_five_thousand_word_quotation() -> None:
    words = " ".join(["the committee will review every clause of the bill again"] * 500)
    text = f"Maria Lindqvist said: “{words}.” Peter Novak disagreed."
    found = quotes_of(text)
    assert len(found) == 1
    q = found[0]
    assert q.speaker_label == "Maria Lindqvist"
    assert len(q.content.text(text).split()) >= 5000
    assert 0 <= q.content.start < q.content.end <= len(text)


def test_language_bad_input_text_without_sentences() -> None:
    for text in ("", "   \n\n  ", "— — ... !!! ??? ,,, ;;;", "“”", "„“ «» ‘’"):
        assert quotes_of(text) == ()
        art = article(text)
        assert find_mentions(art, parse_text(text)) == ()


def test_language_bad_input_quotes_nested_three_deep_are_one_passage() -> None:
    text = ("“The minister told me: ‘They shouted «never again» at the gates,’ and then he "
            "left,” said Maria Lindqvist.")
    passages = find_quoted(text)
    assert len(passages) == 1
    found = quotes_of(text)
    assert len(found) == 1
    content = found[0].content.text(text)
    assert content.startswith("The minister told me") and "«never again»" in content
    assert found[0].speaker_label == "Maria Lindqvist"


def test_language_bad_input_other_languages_pass_through_with_a_note() -> None:
    for text, lang in ((GERMAN, "de"), (FRENCH, "fr")):
        art = article(text)
        assert article_language(art) == lang
        note = skip_note(art)
        assert note is not None and f"'{lang}'" in note and "passed through" in note
        assert quotes_of(text) == ()
        assert find_mentions(art, parse_text(text)) == ()


def test_language_bad_input_declared_language_wins() -> None:
    english = "“The harbour will stay open all winter,” said Peter Novak, the transport minister."
    assert skip_note(article(english)) is None
    assert len(quotes_of(english)) == 1
    assert quotes_of(english, language="de") == ()
    assert skip_note(article(GERMAN, language="en")) is None


def test_a_closing_mark_of_a_family_nothing_opened_is_stray() -> None:
    from storyline.common.quote_marks import find_quoted

    # a closing guillemet, then a single angle mark and a single quotation mark (as the
    # cleaner repairs "\x8b\x91"): no quotation, and no crash
    assert find_quoted("Headline\n\n\u00bb0\u2039\u2018") == []
