"""make_article: decoding, HTML and text paths, metadata, clean-text shape, and the seeds."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from storyline.clean.article import make_article
from storyline.errors import InputError
from storyline.io.raw import RawDocument
from storyline.io.readers import iter_inputs
from storyline.model.ids import content_id

BODY = (
    "Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    "fire service said, after crews worked through the night to stop it spreading.\n\n"
    "No one was injured, a spokeswoman for the service said."
)
TEXT = (
    "Harbour crews contain warehouse fire\n\nStatus: 04.03.2031 10:15 a.m.\n\n"
    f"{BODY}\n\nSource From: City Post\n\nLeave a Reply\n"
)
HTML = """<!doctype html><html><head><title>Harbour crews contain fire | City Post</title>
<meta property="og:site_name" content="City Post">
<meta property="og:title" content="Harbour crews contain fire">
<meta property="article:published_time" content="2031-03-04T17:05:00+01:00">
<link rel="canonical" href="https://citypost.example/2031/03/04/harbour-fire/">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Harbour crews contain fire</h1>
<p>PORTVILLE (CPA) — Firefighters contained a warehouse fire at the northern harbour on
Tuesday, the city's fire service said, after crews worked through the night.</p>
<p>No one was injured, a spokeswoman for the service said. The cause of the fire is not yet
known and an investigation has begun, police said on Wednesday.</p>
<p>Roads near the harbour were closed for several hours while the crews worked.</p>
</article><aside><h3>Related Articles</h3><ul><li><a href="/a">Other story</a></li></ul></aside>
<footer>Copyright 2031 City Post. All rights reserved.</footer></body></html>"""


def _raw(text: str | bytes, fmt: str = "text", **kw: object) -> RawDocument:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return RawDocument(source_path="in/x.txt", data=data, format=fmt, **kw)  # type: ignore[arg-type]


def test_clean_article_plain_text() -> None:
    raw = _raw(TEXT)
    article = make_article(raw)
    assert article.title == "Harbour crews contain warehouse fire"
    assert article.text == f"{article.title}\n\n{BODY}"
    assert article.text[article.body_start :].startswith("Firefighters")
    assert article.outlet == "City Post"
    assert article.published == "2031-03-04T10:15:00" and article.published_source == "text"
    assert article.language == "en"
    assert article.raw_sha256 == hashlib.sha256(raw.data).hexdigest()
    assert article.id == content_id("a", "", "City Post", article.text)
    assert [r.reason for r in article.removed] == ["date line", "source credit", "comment prompt"]
    assert article.source_path == "in/x.txt"


def test_clean_article_same_input_same_id() -> None:
    assert make_article(_raw(TEXT)).id == make_article(_raw(TEXT.replace("\n", "\r\n"))).id


def test_clean_article_html() -> None:
    article = make_article(_raw(HTML, "html"))
    assert article.title == "Harbour crews contain fire"
    assert article.outlet == "City Post"
    assert article.url == "https://citypost.example/2031/03/04/harbour-fire/"
    assert article.published == "2031-03-04T17:05:00+01:00"
    assert article.published_source == "html"
    assert article.agencies == ("CPA",) and article.dateline == "PORTVILLE (CPA)"
    body = article.text[article.body_start :]
    assert "Roads near the harbour were closed" in body
    assert "\n\n" in body
    for furniture in ("Related Articles", "Copyright", "Home"):
        assert furniture not in article.text


def test_clean_article_hints_win() -> None:
    raw = _raw(BODY, hints=(("title", "Given title"), ("date", "2031-03-05"),
                            ("outlet", "Hint Post")), url="https://hint.example/a")
    article = make_article(raw)
    assert article.title == "Given title" and article.outlet == "Hint Post"
    assert article.published == "2031-03-05" and article.published_source == "metadata"
    assert article.url == "https://hint.example/a"


def test_clean_article_no_title_when_none_found() -> None:
    article = make_article(_raw(BODY))
    assert article.title is None and article.body_start == 0 and article.text == BODY


def test_clean_article_decoding_bom_latin1_and_nbsp() -> None:
    assert make_article(_raw(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))).text.startswith("Harbour")
    latin = make_article(_raw(TEXT.replace("city's", "città").encode("latin-1")))
    assert "città" in latin.text
    nbsp = make_article(_raw(TEXT.replace("the northern", "the\u00a0northern")))
    assert "the northern" in nbsp.text
    decomposed = make_article(_raw(TEXT.replace("city's", "citte\u0301")))
    assert "citté" in decomposed.text  # NFC


def test_clean_article_utf8_with_a_latin1_line_keeps_both_and_says_so() -> None:
    from storyline.clean.decode import decode_with_note

    utf8 = "The council of Zürich met Jürgen Müller at the café on Tuesday.\n\n"
    latin = "Le café était fermé, said René.\n\n"
    text, note = decode_with_note(utf8.encode("utf-8") + latin.encode("latin-1")
                                  + TEXT.encode("utf-8"))
    assert text.startswith(utf8 + latin)  # neither part garbled
    assert note == "4 byte(s) that are not UTF-8 read as Windows-1252 (a file of mixed encodings)"


def test_clean_article_only_furniture_rejected() -> None:
    with pytest.raises(InputError, match="no article text left"):
        make_article(_raw("Leave a Reply\n\nRelated Articles\n\n---\n"))


def test_clean_article_undecodable_rejected() -> None:
    with pytest.raises(InputError, match="undecodable|encoding"):
        make_article(_raw(bytes(range(1, 9)) * 400))


def test_clean_article_empty_html_rejected() -> None:
    with pytest.raises(InputError, match="no article text"):
        make_article(_raw("<html><body><nav>Home</nav></body></html>", "html"))


# --------------------------------------------------------------------------- seeds

FURNITURE = ("Leave a Reply", "Related Articles", "automatic aggregator", "Back to top",
             "Tags:", "Copyright")


def _seed_articles(seeds_dir: Path) -> list[tuple[Path, str, object]]:
    out = []
    for raw in iter_inputs(sorted(seeds_dir.glob("*.txt"))):
        assert isinstance(raw, RawDocument), raw
        out.append((Path(raw.source_path), raw.data.decode("utf-8"), make_article(raw)))
    return out


def test_clean_article_seeds_furniture_gone_reporting_kept(seeds_dir: Path) -> None:
    articles = _seed_articles(seeds_dir)
    assert len(articles) == 5
    for path, source, article in articles:
        text = article.text  # type: ignore[attr-defined]
        for line in text.split("\n"):
            assert not any(marker in line for marker in FURNITURE), (path.name, line)
        flat = re.sub(r"\s+", " ", text)
        for para in source.split("\n"):
            para = re.sub(r"\s+", " ", para).strip()
            if len(para) > 200 and not any(marker in para for marker in FURNITURE):
                assert para in flat, (path.name, para[:80])


def test_clean_article_seed_000_published_date(seeds_dir: Path) -> None:
    path = next(iter(sorted(seeds_dir.glob("000_*.txt"))))
    raw = next(iter(iter_inputs([path])))
    assert isinstance(raw, RawDocument)
    article = make_article(raw)
    assert article.published is not None and article.published.startswith("2022-01-09")


def test_clean_article_longer_than_any_article_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.clean import article as module

    monkeypatch.setattr(module, "MAX_ARTICLE_CHARS", 1_000)
    with pytest.raises(InputError, match="over the 1,000-character limit of an article"):
        make_article(_raw(TEXT + "More words of the report. " * 100))
    assert make_article(_raw(TEXT)).text  # a normal article is kept
