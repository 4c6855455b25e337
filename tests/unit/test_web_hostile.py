"""Hostile article text on every page, shown as text and never as markup; odd search queries
answered with results or a message, never with an error."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.clean.article import MAX_TITLE_CHARS
from storyline.cli import app as cli_app
from storyline.model import Article
from storyline.store import open_store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.web.app import create_app  # noqa: E402

# what the hostile articles carry, as it must never appear in a page's source
RAW = ["<script>alert(", "<b onclick", "<svg onload", "<i>x</i>", "<img src=x", "<iframe",
       "<a href=\"javascript:", "<div onmouseover"]
ODD_QUERIES = [
    '"', '"unbalanced quote', "talks\"", "NEAR(", "NEAR(a b", "*", "**", "a*", "-", "NOT",
    "AND OR", "OR", "port OR", "( )", ")", "^", ":", "col:port", "'", "\\", "%", "_",
    "\x00", "port\x00strike", "🙂", "strike 🙂", "\u202e\u200b", "<script>alert(1)</script>",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    # as long as an address may be (a 100 KB query is tried on the store, below)
    "x" * 60_000, ("port " * 12_000).strip(),
]
HUGE_QUERIES = ["x" * 100_000, ("strike " * 15_000).strip(), '"' * 100_000,
                ("NEAR( " * 15_000), "\x00" * 100_000]
SLOW_SECONDS = 10.0


class _Markup(HTMLParser):
    """The tags, event-handler attributes and script URLs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.scripts: list[str | None] = []  # the src of each script element
        self._in_script = False
        self.script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in ("href", "src", "action", "formaction", "data") and (
                    squeezed.startswith(("javascript:", "vbscript:", "data:text"))):
                self.script_urls.append(f"{tag} {name}={value[:60] if value else ''}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def assert_inert(page: str, where: str) -> None:
    """Nothing of the hostile text is markup: no script but the app's own same-origin files,
    no frame or image, no event handler, no script URL, none of the raw hostile snippets in
    the source."""
    parser = _Markup()
    parser.feed(page)
    assert all(src and src.startswith("/static/") for src in parser.scripts), (
        where, parser.scripts)
    assert not parser.script_text.strip(), (where, parser.script_text[:200])
    assert not parser.tags & {"iframe", "img", "object", "embed"}, where
    assert not parser.handlers, (where, parser.handlers[:5])
    assert not parser.script_urls, (where, parser.script_urls[:5])
    for raw in RAW:
        assert raw not in page, (where, raw)


@pytest.fixture(scope="module")
def hostile(hostile_db: Path) -> Iterator[TestClient]:
    store = open_store(hostile_db, readonly=True)
    try:
        yield TestClient(create_app(store))
    finally:
        store.close()


def _hostile_paths(hostile_db: Path) -> list[str]:
    store = open_store(hostile_db, readonly=True)
    try:
        return (["/", "/rejects", "/search?q=tariff", "/search?q=Rivena+talks",
                 "/search?q=script", "/search?q=alert"]
                + [f"/story/{s.id}" for s in store.stories()]
                + [f"/article/{a.id}" for a in store.articles()]
                + [f"/article/{a.id}?hl=0-40#hl" for a in store.articles()])
    finally:
        store.close()


def test_web_hostile_text_is_inert_on_every_page(hostile: TestClient, hostile_db: Path) -> None:
    for path in _hostile_paths(hostile_db):
        resp = hostile.get(path)
        assert resp.status_code == 200, path
        assert_inert(resp.text, path)


def test_web_hostile_text_is_shown_as_text(hostile: TestClient, hostile_db: Path) -> None:
    front = hostile.get("/").text
    assert "&lt;script&gt;alert(" in front  # the headline, escaped
    assert "longword&lt;i&gt;x&lt;/i&gt;" in front  # the long headline, escaped
    store = open_store(hostile_db, readonly=True)
    try:
        first = next(a for a in store.articles() if "Evil" in (a.outlet or ""))
    finally:
        store.close()
    page = hostile.get(f"/article/{first.id}").text
    assert "&lt;b onclick=alert(" in page  # the outlet
    assert "onerror=alert(" in page and "&lt;img src=x" in page  # the text


def test_web_hostile_search_hits_are_inert(hostile: TestClient) -> None:
    page = hostile.get("/search", params={"q": "tariff"}).text
    assert "/article/" in page
    assert_inert(page, "search")


def test_web_hostile_a_search_matching_the_long_title_answers_quickly(
    hostile: TestClient,
) -> None:
    started = time.monotonic()
    resp = hostile.get("/search", params={"q": "longword"})
    took = time.monotonic() - started
    assert resp.status_code == 200
    assert_inert(resp.text, "search longword")
    assert took < SLOW_SECONDS, f"a search matching the long title took {took:.1f} s"


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Iterator[TestClient]:
    store = open_store(demo_db, readonly=True)
    try:
        yield TestClient(create_app(store), raise_server_exceptions=False)
    finally:
        store.close()


def _answers_with_results_or_a_message(page: str) -> bool:
    main = page.split("<main", 1)[-1]
    return "/article/" in main or re.search(r"result|match|nothing|no article", main, re.I)


@pytest.mark.parametrize("query", ODD_QUERIES, ids=lambda q: repr(q[:20]))
def test_web_odd_search_queries_get_results_or_a_message(demo: TestClient, query: str) -> None:
    resp = demo.get("/search", params={"q": query})
    assert resp.status_code == 200, resp.text[:300]
    assert _answers_with_results_or_a_message(resp.text)
    assert_inert(resp.text, repr(query[:20]))


def test_web_odd_search_queries_through_the_json_api(demo: TestClient) -> None:
    routes = [r.path for r in demo.app.routes  # type: ignore[attr-defined]
              if getattr(r, "path", "").startswith("/api/search")]
    if not routes:
        pytest.skip("the web app has no JSON search route")
    for query in ODD_QUERIES:
        resp = demo.get(routes[0], params={"q": query})
        assert resp.status_code < 500, (query[:20], resp.text[:300])


def test_store_search_takes_any_query(demo_db: Path) -> None:
    store = open_store(demo_db, readonly=True)
    try:
        for query in ODD_QUERIES + HUGE_QUERIES:
            store.search(query, 20)  # results or none, never an error
    finally:
        store.close()


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "AND OR", "\x01", "🙂", "x" * 100_000])
def test_cli_odd_search_queries_never_crash(demo_db: Path, query: str) -> None:
    result = CliRunner().invoke(cli_app, ["search", query, "--db", str(demo_db)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_the_1mb_title_is_cut_at_ingest_with_a_note(hostile_db: Path) -> None:
    store = open_store(hostile_db, readonly=True)
    try:
        long = [a for a in store.articles() if (a.title or "").startswith("Tariff longword")]
    finally:
        store.close()
    assert len(long) == 1
    art = long[0]
    assert len(art.title or "") <= MAX_TITLE_CHARS and (art.title or "").endswith("…")
    assert art.text.startswith(art.title or "") and len(art.text) < 2_000
    assert any(re.match(r"title shortened from \d{3},\d{3} characters", n)
               for n in art.notes), art.notes


def test_store_search_hit_in_a_1mb_text_has_its_opening_as_snippet(tmp_path: Path) -> None:
    text = "Tariff " + "longword<i>x</i> " * 60_000  # 1 MB
    store = open_store(tmp_path / "big.db")
    try:
        store.add_articles([(Article(id="a-big", text=text, source_path="big.txt"), None)])
        started = time.monotonic()
        page = store.search("longword", 20)
        took = time.monotonic() - started
    finally:
        store.close()
    assert took < SLOW_SECONDS, f"{took:.1f} s"
    assert page.total == 1 and len(page.hits) == 1
    hit = page.hits[0]
    assert hit.snippet.startswith("Tariff longword<i>x</i>") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 210
    assert hit.marks and all(hit.snippet[a:b].lower() == "longword" for a, b in hit.marks)
