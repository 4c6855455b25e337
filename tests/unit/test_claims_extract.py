"""Claims of one article: hedging, main-clause negation, numbers, speakers; no title claims."""

from __future__ import annotations

from storyline.claims.extract import find_claims, is_hedged
from storyline.language.entities import find_mentions
from storyline.language.nlp import parse_text
from storyline.model import Article, Claim, content_id
from storyline.quotes.find import find_quotes
from storyline.timeline.timex import find_times

TITLE = "Harbour strike spreads in Norland"


def claims_of(body: str, title: str = TITLE) -> tuple[str, tuple[Claim, ...]]:
    text = f"{title}\n\n{body}"
    article = Article(id=content_id("a", text), text=text, source_path="x.txt",
                      published="2024-05-08", body_start=len(title) + 2)
    doc = parse_text(text)
    mentions = find_mentions(article, doc)
    return text, find_claims(article, doc, mentions, find_quotes(article, doc, mentions),
                             find_times(article, doc))


def only(body: str) -> Claim:
    text, found = claims_of(body)
    assert len(found) == 1, [c.span.text(text) for c in found]
    return found[0]


def test_extract_title_is_not_a_claim() -> None:
    text, found = claims_of("Some 12,000 dockworkers walked out in Harlow on Monday.")
    assert found and all(c.span.start >= len(TITLE) + 2 for c in found)
    assert not any("spreads" in c.span.text(text) for c in found)


def test_extract_numbers_normalised() -> None:
    claim = only("Some 12,000 dockworkers walked out in Madrid on Monday, and 9 percent of "
                 "ships were held at sea.")
    assert claim.numbers == ("12000", "9%")
    assert claim.dates == ("2024-05-06",)
    assert "Madrid" in claim.places


def test_extract_hedging() -> None:
    assert only("The union reportedly rejected the offer from Harlow Port on Monday.").hedged
    assert only("According to the union, 300 workers joined the strike in Harlow.").hedged
    assert not only("The union rejected the offer from Harlow Port on Monday.").hedged
    assert is_hedged("The talks may resume next week.")
    assert not is_hedged("The talks resume in May.")


def test_extract_negation_main_clause() -> None:
    claim = only("The Norland government did not accept the offer from the Harlow union.")
    assert claim.negated
    assert claim.predicate == "accept"


def test_extract_negation_in_relative_clause_is_not_the_claims() -> None:
    claim = only("The minister, who did not attend the meeting, approved the Harlow budget.")
    assert not claim.negated


def test_extract_negation_in_reported_clause() -> None:
    claim = only("Norland's trade minister said the tariff was not up for negotiation.")
    assert claim.negated
    assert claim.predicate == "be"


def test_extract_quote_speaker() -> None:
    claim = only('"We will stay out until the cranes are gone," said Mara Quill of the union.')
    assert claim.asserted_by == "Mara Quill"
    assert claim.quote_id is not None
    assert only("The Harlow union rejected the offer on Monday.").asserted_by is None


def test_extract_subject_and_object() -> None:
    claim = only("The Harlow union rejected the new pay offer on Monday.")
    assert claim.subject == "The Harlow union"
    assert claim.predicate == "reject"
    assert claim.object == "the new pay offer"


def test_extract_questions_and_furniture_skipped() -> None:
    _, found = claims_of("Will the Harlow strike end on Monday?\n\nTags: Harlow, strike, unions")
    assert found == ()


def test_a_company_dealt_in_is_no_place() -> None:
    # "in X" places a thing in X, unless X is a company one holds or deals in
    from storyline.claims.extract import _is_place
    from storyline.model.records import Mention, Span

    def place(text: str, name: str) -> bool:
        at = text.index(name)
        return _is_place(text, Mention(span=Span("a", at, at + len(name)), label="ORG"))

    assert place("The talks in Rivena ended on Friday.", "Rivena")
    assert not place("Its dealings in Belcast stock are for its clients.", "Belcast")
    assert not place("Harris cut its stake in Belcast Stone to 9 pct.", "Belcast Stone")
    assert not place("It said trading in Belcast shares was halted.", "Belcast")
