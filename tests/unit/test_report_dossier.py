"""The dossier JSON export: schema, evidence offsets, story restriction, determinism.

``sample_corpus`` (two stories, three articles, every kind of result) is shared with the other
report and web tests, which import it from this module.
"""

from __future__ import annotations

import json

import pytest

from storyline.errors import NotFound
from storyline.model import (
    Alignment,
    Article,
    ArticleAnnotations,
    Claim,
    ClaimGroup,
    Corpus,
    Discrepancy,
    DiscrepancySide,
    Entity,
    Event,
    Mention,
    OriginGroup,
    OriginMember,
    Position,
    Quote,
    QuoteGroup,
    ReuseLink,
    Source,
    Span,
    Story,
)
from storyline.report.dossier import (
    build_dossier,
    dossier_to_json,
    evidence_text,
    load_schema,
    validate_dossier,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

TEXT_1 = (
    "Talks resume in Geneva\n\nNegotiators met in Geneva on Monday. "
    '"We demand a ceasefire," said Foreign Minister Anna Berg. Officials said 40 people were hurt.'
)
TEXT_2 = (
    "Talks resume in Genf\n\nNegotiators met in Geneva on Monday. "
    '"We demand a ceasefire," said Foreign Minister Anna Berg. Officials said 45 people were hurt.'
)
TEXT_3 = f"{SCRIPT} vote\n\n{IMG} said the spokesman on TV. A vote is scheduled for Friday."


def _span(article: Article, needle: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of ``needle`` in the article text."""
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(needle, start + 1)
    return Span(article.id, start, start + len(needle))


def _articles() -> tuple[Article, Article, Article]:
    a1 = Article(
        "a-1",
        TEXT_1,
        "in/one.txt",
        url="https://wire.example/1",
        outlet="Wire Daily",
        title="Talks resume in Geneva",
        published="2022-01-10",
        body_start=24,
        agencies=("Wire",),
        language="en",
    )
    a2 = Article(
        "a-2",
        TEXT_2,
        "in/two.txt",
        outlet="Copy Times",
        title="Talks resume in Genf",
        published="2022-01-11",
        body_start=22,
        language="en",
    )
    a3 = Article(
        "a-3",
        TEXT_3,
        "in/three.html",
        outlet=f"Evil {SCRIPT}",
        title=f"{SCRIPT} vote",
        byline=IMG,
        published="2022-01-12",
        body_start=len(f"{SCRIPT} vote\n\n"),
    )
    return a1, a2, a3


def sample_corpus() -> Corpus:
    """Two stories, three articles, with every kind of cross-document result."""
    a1, a2, a3 = _articles()
    met = "Negotiators met in Geneva on Monday."
    demand = "We demand a ceasefire,"
    berg = Entity(
        "e-berg",
        "Anna Berg",
        "PERSON",
        "s-1",
        aliases=("Berg",),
        titles=("Foreign Minister",),
        mentions=(
            Mention(_span(a1, "Anna Berg"), "PERSON", title="Foreign Minister"),
            Mention(_span(a2, "Anna Berg"), "PERSON"),
        ),
    )
    spokesman = Entity(
        "e-spk", "the spokesman", "DESCRIPTOR", "s-2", aliases=(SCRIPT,), is_descriptor=True
    )
    quotes = (
        Quote(
            "q-1",
            _span(a1, demand),
            True,
            _span(a1, "Foreign Minister Anna Berg"),
            "Anna Berg",
            "e-berg",
            _span(a1, "said"),
            None,
            "qg-1",
        ),
        Quote(
            "q-2",
            _span(a2, demand),
            True,
            _span(a2, "Foreign Minister Anna Berg"),
            "Anna Berg",
            "e-berg",
            _span(a2, "said"),
            None,
            "qg-1",
        ),
        Quote(
            "q-3",
            _span(a3, IMG),
            True,
            _span(a3, "the spokesman"),
            IMG,
            None,
            _span(a3, "said"),
            _span(a3, "on TV"),
        ),
    )
    claims = (
        Claim("c-1", _span(a1, "Officials said 40 people were hurt."), numbers=("40",)),
        Claim("c-2", _span(a2, "Officials said 45 people were hurt."), numbers=("45",)),
        Claim("c-3", _span(a3, "A vote is scheduled for Friday.")),
    )
    return Corpus(
        articles=(a1, a2, a3),
        annotations={
            "a-3": ArticleAnnotations(
                "a-3",
                mentions=(
                    Mention(
                        _span(a3, "the spokesman"), "DESCRIPTOR", "descriptor", entity_id="e-spk"
                    ),
                ),
            )
        },
        reuse=(
            ReuseLink(
                "r-1",
                "a-1",
                "a-2",
                (
                    Alignment(_span(a1, met), _span(a2, met), 0.98),
                    Alignment(_span(a1, demand), _span(a2, demand), 1.0),
                ),
                "a->b",
                "published earlier",
                0.8,
                60,
                60,
            ),
        ),
        origins=(
            OriginGroup(
                "og-1",
                (OriginMember("a-1", "origin"), OriginMember("a-2", "copy", 0.8)),
                "a-1",
                "Wire",
            ),
            OriginGroup("og-2", (OriginMember("a-3", "independent"),)),
        ),
        stories=(
            Story("s-1", "Talks resume in Geneva", ("a-1", "a-2"), "2022-01-10"),
            Story("s-2", f"{SCRIPT} vote", ("a-3",)),
        ),
        entities=(berg, spokesman),
        quotes=quotes,
        quote_groups=(QuoteGroup("qg-1", ("q-1", "q-2"), "s-1", "e-berg", "Anna Berg"),),
        events=(
            Event(
                "ev-1",
                "meeting",
                (_span(a1, met), _span(a2, met)),
                "2022-01-10",
                place="Geneva",
                participants=("e-berg",),
                story_id="s-1",
                summary="Negotiators met in Geneva",
            ),
            Event(
                "ev-2",
                "vote",
                (_span(a3, "A vote is scheduled for Friday."),),
                "2022-01-14",
                scheduled=True,
                place=IMG,
                story_id="s-2",
            ),
        ),
        claims=claims,
        claim_groups=(
            ClaimGroup(
                "cg-1",
                ("c-1", "c-2"),
                "Officials said people were hurt.",
                "s-1",
                ("a-1", "a-2"),
                ("Copy Times", "Wire Daily"),
                1,
                "2022-01-10",
                True,
            ),
        ),
        discrepancies=(
            Discrepancy(
                "d-1",
                "number",
                (
                    DiscrepancySide("40", (_span(a1, "40"),), 1),
                    DiscrepancySide("45", (_span(a2, "45"),), 1),
                ),
                "s-1",
                "How many people were hurt",
            ),
        ),
        positions=(
            Position(
                "p-1",
                "e-berg",
                "Anna Berg",
                "ceasefire",
                "demand",
                (_span(a1, demand),),
                "DEMAND",
                "s-1",
            ),
            Position(
                "p-2", "the spokesman", IMG, SCRIPT, "threaten", (_span(a3, IMG),), None, "s-2"
            ),
        ),
        sources=(Source("src-1", "Wire Daily", "agency", "wire.example"),),
    )


def _items_with_evidence(d: dict) -> list[tuple[str, dict]]:
    """Every (section, item) pair below ``articles``."""
    keys = [
        "reuse",
        "origins",
        "entities",
        "quotes",
        "quote_groups",
        "timeline",
        "claims",
        "discrepancies",
        "positions",
    ]
    return [(k, item) for k in keys for item in d[k]]


def _all_evidence(d: dict) -> list[dict]:
    """Every evidence item anywhere in the document, nested ones included."""
    found: list[dict] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if set(value) >= {"article_id", "start", "end"}:
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for _, item in _items_with_evidence(d):
        walk(item)
    return found


def test_dossier_validates_against_schema() -> None:
    d = build_dossier(sample_corpus())
    validate_dossier(d)
    assert set(d) >= {
        "schema_version",
        "stories",
        "articles",
        "reuse",
        "origins",
        "entities",
        "quotes",
        "timeline",
        "claims",
        "discrepancies",
        "positions",
    }
    assert d["schema_version"] == "1.0"


def test_dossier_schema_is_draft_2020_12_with_version() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "1.0" in schema["$id"]
    assert schema["$defs"]["evidence"]["properties"]["start"]["minimum"] == 0


def test_dossier_schema_rejects_negative_offsets() -> None:
    import jsonschema

    d = build_dossier(sample_corpus())
    d["quotes"][0]["evidence"][0]["start"] = -1
    with pytest.raises(jsonschema.ValidationError):
        validate_dossier(d)


def test_dossier_every_item_has_evidence_inside_its_article() -> None:
    d = build_dossier(sample_corpus())
    texts = {a["id"]: a["text"] for a in d["articles"]}
    for section, item in _items_with_evidence(d):
        assert item["evidence"], f"{section} {item['id']} has no evidence"
    for ev in _all_evidence(d):
        assert 0 <= ev["start"] <= ev["end"] <= len(texts[ev["article_id"]])


def test_dossier_evidence_covers_the_expected_text() -> None:
    d = build_dossier(sample_corpus())
    by_id = {
        k: {i["id"]: i for i in d[k]}
        for k in ["quotes", "claims", "entities", "positions", "discrepancies", "timeline", "reuse"]
    }
    q1 = by_id["quotes"]["q-1"]
    assert evidence_text(d, q1["evidence"][0]) == q1["text"] == "We demand a ceasefire,"
    assert evidence_text(d, q1["speaker"]) == "Foreign Minister Anna Berg"
    assert evidence_text(d, by_id["quotes"]["q-3"]["channel"]) == "on TV"
    claim = by_id["claims"]["cg-1"]
    assert [evidence_text(d, e) for e in claim["evidence"]] == [
        "Officials said 40 people were hurt.",
        "Officials said 45 people were hurt.",
    ]
    assert [m["id"] for m in claim["members"]] == ["c-1", "c-2"]
    assert {evidence_text(d, e) for e in by_id["entities"]["e-berg"]["evidence"]} == {"Anna Berg"}
    assert evidence_text(d, by_id["entities"]["e-spk"]["evidence"][0]) == "the spokesman"
    sides = by_id["discrepancies"]["d-1"]["sides"]
    assert [evidence_text(d, s["evidence"][0]) for s in sides] == ["40", "45"]
    assert by_id["positions"]["p-2"]["quote"] == IMG
    al = by_id["reuse"]["r-1"]["alignments"][0]
    assert evidence_text(d, al["a"]) == evidence_text(d, al["b"])


def test_dossier_articles_carry_roles_and_clean_text() -> None:
    d = build_dossier(sample_corpus())
    arts = {a["id"]: a for a in d["articles"]}
    assert arts["a-2"]["role"] == "copy" and arts["a-2"]["origin_group_id"] == "og-1"
    assert arts["a-3"]["story_id"] == "s-2" and arts["a-3"]["text"] == TEXT_3
    story = d["stories"][0]
    assert story["article_count"] == 2 and story["independent_origins"] == 1
    assert story["outlets"] == ["Copy Times", "Wire Daily"]


def test_dossier_ungrouped_claim_becomes_group_of_one() -> None:
    d = build_dossier(sample_corpus())
    single = next(c for c in d["claims"] if c["id"] == "c-3")
    assert single["claim_ids"] == ["c-3"] and single["independent_origins"] == 1
    assert single["story_id"] == "s-2"


def test_dossier_timeline_sorted_by_date() -> None:
    d = build_dossier(sample_corpus())
    assert [e["date"] for e in d["timeline"]] == ["2022-01-10", "2022-01-14"]
    assert d["timeline"][0]["participant_names"] == ["Anna Berg"]


def test_dossier_restricted_to_one_story() -> None:
    d = build_dossier(sample_corpus(), ["s-2"])
    validate_dossier(d)
    assert [s["id"] for s in d["stories"]] == ["s-2"]
    assert [a["id"] for a in d["articles"]] == ["a-3"]
    assert d["reuse"] == [] and d["discrepancies"] == []
    assert {o["id"] for o in d["origins"]} == {"og-2"}
    assert {q["id"] for q in d["quotes"]} == {"q-3"}
    assert {e["id"] for e in d["entities"]} == {"e-spk"}
    assert all(ev["article_id"] == "a-3" for ev in _all_evidence(d))


def test_dossier_unknown_story_raises_not_found() -> None:
    with pytest.raises(NotFound):
        build_dossier(sample_corpus(), ["s-nope"])


def test_dossier_drops_spans_outside_the_text() -> None:
    corpus = sample_corpus()
    bad = Position("p-bad", "x", "X", "issue", "demand", (Span("a-1", 5, 10_000),), None, "s-1")
    corpus = Corpus(corpus.articles, stories=corpus.stories, positions=(bad,))
    d = build_dossier(corpus)
    validate_dossier(d)
    assert d["positions"] == []


def test_dossier_json_is_deterministic_and_round_trips() -> None:
    first = dossier_to_json(build_dossier(sample_corpus()))
    assert first == dossier_to_json(build_dossier(sample_corpus()))
    assert SCRIPT in first  # raw text kept in JSON; escaping is the renderers' job
    assert json.loads(first) == build_dossier(sample_corpus())


def test_dossier_empty_corpus_is_valid() -> None:
    d = build_dossier(Corpus(articles=()))
    validate_dossier(d)
    assert d["stories"] == [] and d["articles"] == []
