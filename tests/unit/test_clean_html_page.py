"""HTML extraction and post-processing: link teasers at the end dropped, link digests kept."""

from __future__ import annotations

from typing import Any

from storyline.clean.html_page import _drop_trailing_teasers, extract_html

PARAS = [
    "Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    "fire service said, after crews worked through the night to stop it from spreading.",
    "No one was injured, a spokeswoman for the service said. The cause of the fire is not yet "
    "known and an investigation has begun, police said on Wednesday morning.",
    "Roads near the harbour were closed for several hours while the crews worked, and ferry "
    "services were delayed until the afternoon, the port authority said in a statement.",
    "The warehouse, built in the 1950s, stored timber and paper for the city's printers, and "
    "its owners said they would rebuild it on the same site as soon as possible.",
]
TEASERS = [
    "Port authority orders a review of safety rules",
    "Ferry operator adds evening crossings for the summer",
    "City council debates the harbour's future",
]


def _body(paras: list[str], links: list[str]) -> Any:
    """A trafilatura-style XML body: paragraphs, then paragraphs that are all link."""
    from lxml import etree

    xml = "".join(f"<p>{p}</p>" for p in paras)
    xml += "".join(f'<p><ref target="/story/{i}">{t}</ref></p>' for i, t in enumerate(links))
    return etree.fromstring(f"<body>{xml}</body>")


def _texts(body: Any) -> list[str]:
    return ["".join(p.itertext()) for p in body.iter("p")]


def test_clean_html_trailing_link_teasers_dropped() -> None:
    body = _body(PARAS, TEASERS)
    _drop_trailing_teasers(body)
    assert _texts(body) == PARAS


def test_clean_html_page_of_links_kept() -> None:
    body = _body(PARAS[:1], TEASERS * 4)
    _drop_trailing_teasers(body)
    assert _texts(body) == PARAS[:1] + TEASERS * 4


def test_clean_html_page_text_and_metadata() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Harbour fire | City Post</title>"
        '<meta property="article:published_time" content="2031-03-04T17:05:00+01:00">'
        "</head><body><article><h1>Harbour crews contain fire</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</article></body></html>"
    )
    page = extract_html(html, "https://citypost.example/fire")
    assert page is not None and page.date == "2031-03-04T17:05:00+01:00"
    assert [line for line in page.text.split("\n") if line.strip()][-len(PARAS):] == PARAS


def test_clean_html_text_is_what_the_page_shows_entities_decoded_once() -> None:
    # the page shows "AT&amp;T" and "&lt;b&gt;": written with their ampersands encoded
    html = ("<html><head><title>Port news</title></head><body><article>"
            "<h1>&amp;lt;b&amp;gt; Harbour crews contain fire</h1>"
            f"<p>{PARAS[0]} AT&amp;amp;T and &amp;lt;b&amp;gt; were named.</p>"
            + "".join(f"<p>{p}</p>" for p in PARAS[1:]) + "</article></body></html>")
    page = extract_html(html, None)
    assert page is not None
    assert page.title == "&lt;b&gt; Harbour crews contain fire"
    assert "AT&amp;T and &lt;b&gt; were named." in page.text
    assert page.text.count("Harbour crews contain fire") <= 1


def test_clean_html_truncated_page_detected() -> None:
    from storyline.clean.html_page import is_truncated

    page = "<html><body><p>Crews contained the fire on Tuesday.</p><p>No one was hurt.</p>"
    assert not is_truncated(page + "</body></html>")
    assert not is_truncated(page)  # optional end tags left out, last tag complete
    assert is_truncated(page[:-10])  # cut inside the text
    assert is_truncated(page + "<div class=")  # cut inside a tag
    assert is_truncated(page + "<p>")  # cut after an opening tag
    assert not is_truncated("<p>Crews contained the fire")  # a fragment, not a page
