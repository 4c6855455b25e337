"""Plain-text furniture removal: each rule on a small fictional text, and nothing else lost."""

from __future__ import annotations

import pytest

from storyline.clean.furniture import classify_line, is_photo_caption
from storyline.clean.text import clean_text, split_paragraphs

TITLE = "Harbour crews contain warehouse fire"
BODY = [
    "Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    "fire service said, after crews worked through the night to stop it spreading.",
    "No one was injured, a spokeswoman for the service said.",
]


def _kept(text: str) -> list[str]:
    return [p.text for p in clean_text(text).paragraphs]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", "comment prompt"),
        ("Your email address will not be published. Required fields are marked *",
         "comment prompt"),
        ("12 Comments", "comment prompt"),
        ("Related Articles", "navigation"),
        ("» Related Articles:", "navigation"),
        ("Read more: Port authority orders safety review", "navigation"),
        ("Latest Posts", "navigation"),
        ("Back to top button", "navigation"),
        ("Tags: harbour, fire, city", "tag list"),
        ("Share this article", "share prompt"),
        ("Facebook Twitter WhatsApp Email", "share prompt"),
        ("Copyright 2031 Example Broadcasting. All rights reserved.", "copyright notice"),
        ("© 2031 The Daily Example", "copyright notice"),
        ("Example Wire is an automatic aggregator of news from around the world. All trademarks "
         "belong to their rightful owners.", "aggregator disclaimer"),
        ("–", "separator"),
        ("***", "separator"),
        ("---", "separator"),
        ("blank", "placeholder"),
        ("1,204 views", "counter"),
        ("We need your support to keep reporting! Thank you!", "promotion"),
        ("Photo: Jane Example / City Post", "image credit"),
        ("Lea también: El puerto reabre tras el incendio", "navigation"),
        ("À lire aussi » Le port rouvre après l'incendie", "navigation"),
        ("Lesen Sie auch: Hafen öffnet wieder", "navigation"),
        ("NOTICIAS RELACIONADAS", "navigation"),
        ("DON'T MISS", "navigation"),
        ("Harbour fire: crews battle the blaze for a second night [VIDEO]", "navigation"),
        ("Temas", "tag list"),
        ("Síguenos en Telegram, Instagram y Twitter", "promotion"),
        ("For breaking news download the City Post app for iOS and Android.", "promotion"),
        ("Harbour Daily Newsletter", "promotion"),
        ("(Reporting by Jane Example; Editing by John Example)", "reporting credit"),
        ("Crédits photos : Agence Exemple", "image credit"),
        ("Firefighters at the harbour on Tuesday. (Photo: City Post)", "image credit"),
        ("05/03/2031 - Publicado por: Ana Ejemplo - Categoria: Cidade", "byline"),
        ("Comments (12)", "comment prompt"),
        ("Comments: 31", "comment prompt"),
        ("View 12 comments", "comment prompt"),
        ("1.2K comments", "comment prompt"),
        ("Kommentare (5)", "comment prompt"),
        ("4 comments so far", "comment prompt"),
        ("Compiled from City Post and wire reports.", "reporting credit"),
        ("var pageConfig = JSON.parse('{}');", "script code"),
    ],
)
def test_clean_text_furniture_rule_removes_line(line: str, reason: str) -> None:
    verdict = classify_line(line)
    assert verdict is not None and verdict.reason == reason
    result = clean_text("\n\n".join([TITLE, *BODY, line]))
    assert [p.text for p in result.paragraphs] == BODY
    assert result.title == TITLE
    assert [(r.text, r.reason) for r in result.removed] == [(line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "Related talks will take place in the capital next week, officials said.",
        "Read the statement, the minister told reporters, and you will see our position.",
        "Share prices fell by 3 percent on Tuesday after the announcement.",
        "By Monday, the crews had pumped most of the water out of the basement.",
        "The copyright dispute between the two publishers went to court in March.",
        "Comments by the mayor drew criticism from the opposition on Wednesday.",
        "Comments on the harbour plan: 12 received by Friday, the council said.",
        "12 comments were sent to the port authority before the deadline.",
        "Source of the blaze: investigators believe an electrical fault started the fire in the "
        "storage hall late on Monday evening, long after the staff had gone home for the night.",
        "Harbour fire: Crews battle the blaze for a second night",
        "Photographs published by the agency show the burnt-out hall.",
        "Subscribers to the port's alert service were warned at dawn, the agency said.",
    ],
)
def test_clean_text_reporting_lines_are_kept(line: str) -> None:
    assert line in _kept("\n\n".join([TITLE, *BODY, line]))


def test_clean_text_caption_removed_but_not_a_headline_of_that_shape() -> None:
    caption = "Harbour fire: a crane stands over the burnt-out hall"
    headline = "Harbour fire: crews fight the blaze for a second night"
    result = clean_text("\n\n".join([headline, BODY[0], caption, BODY[1]]))
    assert result.title == headline
    assert [p.text for p in result.paragraphs] == BODY
    assert [r.reason for r in result.removed] == ["image caption"]


def test_clean_text_tags_listed_under_a_bare_label_removed() -> None:
    result = clean_text("\n\n".join([TITLE, *BODY, "Tags", "harbour", "fire service"]))
    assert [p.text for p in result.paragraphs] == BODY
    assert [r.reason for r in result.removed] == ["tag list"] * 3


def test_clean_text_recurring_short_lines_kept_headline_repeat_dropped() -> None:
    question = "What did you see that night?"
    answers = ["I saw the smoke first, then the flames.", "We heard the alarm at two."]
    text = "\n\n".join([TITLE, TITLE, BODY[0], question, answers[0], question, answers[1]])
    result = clean_text(text)
    assert [p.text for p in result.paragraphs] == [
        BODY[0], question, answers[0], question, answers[1]]
    assert [r.reason for r in result.removed] == ["repeated line"]


def test_clean_text_source_credit_gives_outlet() -> None:
    result = clean_text("\n\n".join([TITLE, *BODY, "Source From: City Post"]))
    assert result.found["outlet"] == "City Post"
    assert result.removed[0].reason == "source credit"


@pytest.mark.parametrize("line, outlet", [
    ("© 2031 City Post. All rights reserved.", "City Post"),
    ("© The Harbour Courier 2031", "The Harbour Courier"),
    ("(c) Copyright Harbour Media Group 2031", "Harbour Media Group"),
    ("Copyright 2031 Harbour Broadcasting Company. Copyright Registered. This material may not "
     "be published or broadcast without consent.", "Harbour Broadcasting Company"),
    ("© 2031 Harbour Media Co. All rights reserved.", "Harbour Media Co"),
    ("© 2031 U.S. Harbour News", "U.S. Harbour News"),
    ("By Ada Brel, City Post", "City Post"),
    ("By Ada Brel and Jon Teller, The Harbour Courier", "The Harbour Courier"),
    ("By Ada Brel, Staff Writer", None),  # a job title, not an outlet
    ("By Ada Brel, Associated Press Writer", None),
    ("By City Post Staff", None),
])
def test_clean_text_copyright_and_byline_credit_give_outlet(line: str,
                                                             outlet: str | None) -> None:
    result = clean_text("\n\n".join([TITLE, *BODY, line]))
    assert result.found.get("outlet") == outlet
    assert [p.text for p in result.paragraphs] == BODY


def test_clean_text_url_line_with_title_gives_url() -> None:
    line = f"https://citypost.example/2031/03/04/harbour-fire/ {TITLE}"
    result = clean_text("\n\n".join([TITLE, *BODY, line]))
    assert result.found["url"] == "https://citypost.example/2031/03/04/harbour-fire/"
    assert [p.text for p in result.paragraphs] == BODY


def test_clean_text_bare_url_removed() -> None:
    result = clean_text("\n\n".join([TITLE, *BODY, "https://citypost.example/a/b"]))
    assert result.removed[0].reason == "url line"


def test_clean_text_repeated_title_removed() -> None:
    result = clean_text("\n\n".join([TITLE, TITLE, *BODY]))
    assert result.title == TITLE
    assert [p.text for p in result.paragraphs] == BODY
    assert result.removed[0].reason == "repeated line"


def test_clean_text_given_title_repeat_removed() -> None:
    result = clean_text("\n".join([TITLE, *BODY]), title=TITLE)
    assert result.title == TITLE and [p.text for p in result.paragraphs] == BODY


def test_clean_text_byline_line_and_lone_name_at_end() -> None:
    result = clean_text("\n\n".join([TITLE, "By Jane Example", *BODY]))
    assert result.found["byline"] == "Jane Example"
    result = clean_text("\n\n".join([TITLE, *BODY, "Jane Example", "Related Articles"]))
    assert result.found["byline"] == "Jane Example"
    assert [p.text for p in result.paragraphs] == BODY


def test_clean_text_section_label_and_dateline() -> None:
    result = clean_text("\n\n".join(["World", TITLE, "blank", "PORTVILLE (CPA)", *BODY]))
    assert result.title == TITLE
    assert [p.text for p in result.paragraphs] == BODY
    assert result.found["dateline"] == "PORTVILLE (CPA)" and result.found["agency"] == "CPA"
    assert [r.reason for r in result.removed] == ["section label", "placeholder", "dateline"]


def test_clean_text_date_line_gives_date() -> None:
    result = clean_text("\n\n".join([TITLE, "Status: 04.03.2031 10:15 a.m.", *BODY]))
    assert result.found["date"] == "2031-03-04T10:15:00"
    assert result.removed[0].reason == "date line"


def test_clean_text_no_title_when_first_paragraph_is_prose() -> None:
    result = clean_text("\n".join(BODY))
    assert result.title is None and [p.text for p in result.paragraphs] == BODY


def test_clean_text_hard_wrapped_block_is_one_paragraph() -> None:
    wrapped = (
        "Firefighters contained a warehouse fire at the northern\n"
        "harbour on Tuesday, the city's fire service said, after\n"
        "crews worked through the night to stop it spreading.\n"
    )
    paras = split_paragraphs(wrapped)
    assert len(paras) == 1 and paras[0].line_no == 1
    assert paras[0].text == BODY[0]


def test_clean_text_removed_line_numbers_point_at_input() -> None:
    result = clean_text(f"{TITLE}\n\n{BODY[0]}\n\nLeave a Reply\n")
    assert result.removed[0].line_no == 5


@pytest.mark.parametrize(("sentence", "caption"), [
    ("Hide Caption 3 of 21 Photos: Photos: The president at the summit on September 5.", True),
    ("Hana Novak/Reuters Trade envoys sign documents at the palace.", True),
    ("The envoys sign documents at the palace (AP Photo/Hana Novak).", True),
    ("The speaker during a news conference in Ostrava, Moravia, May 6, 2024.", True),
    ("Image copyright Getty Images Image caption The envoys at the palace", True),
    ("The talks will be held in Geneva on Monday, officials said.", False),
    ("He said the meeting in Washington, D.C., on March 3, 2019, went well.", False),
    ("Reuters reported that the envoys met in Madrid on May 6, 2024.", False),
])
def test_photo_captions_and_credits_are_told_from_sentences(sentence: str, caption: bool) -> None:
    assert is_photo_caption(sentence) is caption
