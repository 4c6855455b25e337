"""Mentions: names with titles, agencies, descriptors, titled references and pronouns."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.language.coreference import antecedent, gender_of
from storyline.language.entities import find_mentions
from storyline.language.nlp import parse_text
from storyline.model import Article, Mention

TEXT = (
    "Harbour talks resume in Tallinn\n\n"
    "Estonia's Deputy Foreign Minister Kadri Saar met Finnish envoy Mikko Lahti on Monday. "
    "Lahti told Interfax that the ferry dispute was close to a settlement. "
    "A senior Nordic official said the government in Riga had not been consulted. "
    "Oskar Mets, the Estonian transport minister, was not present. "
    "A port official in Helsinki said he expected delays, and the daily Postimees reported "
    "that they would last a week. The minister later said she was confident."
)


@pytest.fixture(scope="module")
def mentions() -> tuple[Article, tuple[Mention, ...]]:
    article = Article(id="a-ent", text=TEXT, source_path="ent.txt")
    return article, find_mentions(article, parse_text(TEXT))


def _find(mentions: tuple[Mention, ...], text: str, surface: str) -> Mention:
    hits = [m for m in mentions if m.span.text(text) == surface]
    assert hits, f"no mention {surface!r} in {[m.span.text(text) for m in mentions]}"
    return hits[0]


def test_entities_title_before_name(mentions: tuple[Article, tuple[Mention, ...]]) -> None:
    article, found = mentions
    saar = _find(found, article.text, "Kadri Saar")
    assert saar.label == "PERSON" and saar.kind == "name"
    assert saar.title is not None and "Deputy Foreign Minister" in saar.title


def test_entities_title_in_apposition(mentions: tuple[Article, tuple[Mention, ...]]) -> None:
    article, found = mentions
    mets = _find(found, article.text, "Oskar Mets")
    assert mets.title is not None and "transport minister" in mets.title


def test_entities_agency_and_outlet_names(mentions: tuple[Article, tuple[Mention, ...]]) -> None:
    article, found = mentions
    assert _find(found, article.text, "Interfax").label == "ORG"
    assert _find(found, article.text, "Postimees").label == "ORG"


def test_entities_descriptors_are_not_names(mentions: tuple[Article, tuple[Mention, ...]]) -> None:
    article, found = mentions
    for surface in ("A senior Nordic official", "the government in Riga",
                    "A port official in Helsinki"):
        m = _find(found, article.text, surface)
        assert (m.label, m.kind) == ("DESCRIPTOR", "descriptor")


def test_entities_pronouns_and_titled_references(
    mentions: tuple[Article, tuple[Mention, ...]],
) -> None:
    article, found = mentions
    kinds = {m.span.text(article.text): m.kind for m in found}
    assert kinds.get("he") == "pronoun" and kinds.get("she") == "pronoun"
    assert kinds.get("they") == "pronoun"
    assert kinds.get("The minister") == "title"


def test_entities_spans_sorted_and_in_text(mentions: tuple[Article, tuple[Mention, ...]]) -> None:
    article, found = mentions
    assert list(found) == sorted(found, key=lambda m: (m.span.start, m.span.end, m.label))
    for m in found:
        assert m.span.article_id == article.id
        piece = m.span.text(article.text)
        assert piece and piece == piece.strip()


def test_entities_pronoun_antecedent_agrees_in_gender(
    make_article: Callable[..., Article],
) -> None:
    text = ("Maria Lindqvist spoke after Peter Novak had left the room. Novak was in a hurry, and "
            "his car was waiting. Later she said the deal was done.")
    article = make_article(text)
    doc = parse_text(text)
    found = find_mentions(article, doc)
    she = _find(found, text, "she")
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    ante = antecedent(she, found, text, sentences)
    assert ante is not None and ante.span.text(text) == "Maria Lindqvist"
    assert gender_of("Peter Novak", text, found) == "m"


def test_entities_titled_reference_finds_the_titled_person(
    mentions: tuple[Article, tuple[Mention, ...]],
) -> None:
    article, found = mentions
    minister = _find(found, article.text, "The minister")
    ante = antecedent(minister, found, article.text)
    assert ante is not None and ante.span.text(article.text) in {"Oskar Mets", "Kadri Saar"}


WORDS = st.sampled_from([
    "the", "minister", "said", "Kadri", "Saar", "he", "she", "they", "a", "senior", "official",
    "in", "Riga", "told", "Interfax", "“", "”", "'", "\"", ",", ".", "\n", "government",
    "Deputy", "Foreign", "Minister", "Nordic", "port", "of", "Estonia's", "«", "»", "—",
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, min_size=0, max_size=40))
def test_entities_spans_always_within_text(words: list[str]) -> None:
    text = " ".join(words)
    article = Article(id="a-h", text=text, source_path="h.txt")
    for m in find_mentions(article, parse_text(text)):
        assert 0 <= m.span.start < m.span.end <= len(text)
        assert m.label in {"PERSON", "ORG", "GPE", "NORP", "LOC", "DESCRIPTOR"}
        assert m.kind in {"name", "title", "descriptor", "pronoun"}


def test_candidate_and_nominee_are_titled_references() -> None:
    text = ("Ann Lee spoke in Leeds on Monday. Later the Democratic presidential candidate met "
            "the party's nominee for mayor.")
    article = Article(id="a-cand", text=text, source_path="c.txt")
    kinds = {m.span.text(text): m.kind for m in find_mentions(article, parse_text(text))}
    assert kinds.get("the Democratic presidential candidate") == "title"


def test_a_dateline_is_not_part_of_a_descriptor() -> None:
    text = ("TALLINN - Baltic officials said on Monday that the ferry talks would resume. "
            "The ministers met later.")
    article = Article(id="a-dl", text=text, source_path="d.txt")
    surfaces = {m.span.text(text) for m in find_mentions(article, parse_text(text))
                if m.kind == "descriptor"}
    assert "Baltic officials" in surfaces
    assert not any("TALLINN" in s for s in surfaces)


def test_entities_a_sentence_opening_function_word_is_not_part_of_a_name() -> None:
    from spacy.tokens import Span

    from storyline.language.entities import _clean_entity

    text = "Without Tarvism, the valley would be calm. Near Orrin Falls the road ends."
    doc = parse_text(text)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 9, 12, label="GPE")]
    cleaned = [text[s:e] for ent in doc.ents for s, e, _ in _clean_entity(ent, ent.label_, text)]
    assert cleaned == ["Tarvism", "Orrin Falls"]


def test_entities_leave_the_wires_angle_brackets_out_of_names() -> None:
    text = "<Acmex Holdings Ltd> said it proposed a takeover of <Orrin Salt Ltd>."
    art = Article(id="a-1", text=text, source_path="x.txt")
    names = [text[m.span.start:m.span.end] for m in find_mentions(art, parse_text(text))
             if m.kind == "name"]
    assert names and not any("<" in n or ">" in n for n in names)
