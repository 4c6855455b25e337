"""A page nested deeper than the HTML parser's default limit keeps its text."""

from __future__ import annotations

from storyline.clean.article import make_article
from storyline.io.raw import RawDocument

BODY = ("<p>Dockworkers in Harlow returned to work on Monday after the union accepted a six "
        "percent pay rise, ending a strike that had closed the port for nine days.</p>"
        "<p>The harbour authority said the first ships would be unloaded by Tuesday evening, "
        "and that the backlog would take about a week to clear.</p>")


def _page(depth: int) -> bytes:
    html = ("<!DOCTYPE html><html><head><title>Harbour strike ends</title></head><body>"
            + "<div>" * depth + "<article>" + BODY + "</article>" + "</div>" * depth
            + "</body></html>")
    return html.encode("utf-8")


def test_deeply_nested_page_keeps_its_text() -> None:
    for depth in (10, 300, 1000):
        raw = RawDocument(source_path=f"deep{depth}.html", data=_page(depth), format="html")
        article = make_article(raw)
        assert "six percent pay rise" in article.text, depth
        assert "backlog would take about a week" in article.text, depth
