"""The web UI: every route, 404s, escaping of article text, highlighting, security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_report_dossier import IMG, SCRIPT, TEXT_1, sample_corpus
from test_report_render import assert_no_injected_markup as assert_no_article_markup

from storyline.model import Corpus, Rejection
from storyline.store import SqliteStore
from storyline.store.search_query import SearchHit, SearchPage

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.web.app import MAX_QUERY, create_app  # noqa: E402


class FakeStore(SqliteStore):
    """A real store holding the sample corpus, whose search answers with hostile snippets and
    which counts the stories it reads and can be told its content changed."""

    def __init__(self, corpus: Corpus, path: Path) -> None:
        super().__init__(path)
        self.corpus = corpus
        self.loads = 0
        self.queries: list[str] = []
        self.data_version = 1
        self.add_articles([(a, None) for a in corpus.articles])
        self.save_annotations("language", "test", corpus.annotations.values())
        members = {a: s.id for s in corpus.stories for a in s.article_ids}
        self.save_increment(corpus, members)
        self.save_story_results([s.id for s in corpus.stories], corpus)

    def version(self) -> int:
        return self.data_version

    def load_story(self, story_id: str, stage: str = "language") -> Corpus:
        self.loads += 1
        return super().load_story(story_id, stage)

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchPage:
        self.queries.append(query)
        hostile = f"{IMG} said the"
        hits = (
            SearchHit("a-3", f"{SCRIPT} vote", f"{SCRIPT} Times", None, "s-2", hostile,
                      ((hostile.index("said"), hostile.index("said") + 4),), ("vote",)),
            SearchHit("a-1", "Talks resume", "Wire", "2022-01-10", "s-1", "Negotiators met in",
                      ((12, 15),), ("vote",)),
        )
        return SearchPage(hits[offset : offset + limit], len(hits))

    def rejects(self) -> list[Rejection]:
        return [Rejection("read", f"bad/{SCRIPT}.html", f"unreadable {IMG}")]


LIVE_SCRIPT = '<script src="/static/live.js" defer></script>'


def assert_no_injected_markup(page: str) -> None:
    """No article-derived tag or handler in a page; the one script is the same-origin live
    script of story pages."""
    assert page.count("<script") == page.count(LIVE_SCRIPT) <= 1
    assert_no_article_markup(page.replace(LIVE_SCRIPT, ""))


@pytest.fixture
def store(tmp_path: Path) -> FakeStore:
    return FakeStore(sample_corpus(), tmp_path / "web.db")


@pytest.fixture
def client(store: FakeStore) -> TestClient:
    return TestClient(create_app(store))


PAGES = [
    "/",
    "/story/s-1",
    "/story/s-2",
    "/article/a-1",
    "/article/a-3",
    "/article/a-3?hl=0-8",
    "/search?q=vote",
    "/rejects",
]


@pytest.mark.parametrize("path", PAGES + ["/api/dossier.json", "/api/story/s-1.json", "/healthz"])
def test_web_routes_return_200(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/story/nope", "/article/nope", "/api/story/nope.json"])
def test_web_unknown_ids_return_404_with_message(client: TestClient, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404
    assert "nope" in resp.text and "There is no" in resp.text


def test_web_404_page_escapes_the_id(client: TestClient) -> None:
    resp = client.get("/story/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert resp.status_code == 404
    assert_no_injected_markup(resp.text)


@pytest.mark.parametrize("path", PAGES)
def test_web_pages_escape_article_text(client: TestClient, path: str) -> None:
    resp = client.get(path)
    assert_no_injected_markup(resp.text)


def test_web_story_page_shows_every_section_with_evidence_links(client: TestClient) -> None:
    page = client.get("/story/s-1").text
    for title in [
        "Sources",
        "Provenance",
        "People &amp; organisations",
        "Quotes",
        "Timeline",
        "Claims",
        "Discrepancies",
        "Positions",
    ]:
        assert f"<h2>{title} <span class=\"count\">" in page, title
    start = TEXT_1.index("We demand")
    assert f'href="/article/a-1?hl={start}-{start + 22}#hl"' in page
    assert "<table>" in page and "ceasefire" in page and "2022-01-10" in page


def test_web_article_highlights_evidence_as_marks(client: TestClient) -> None:
    start = TEXT_1.index("We demand")
    page = client.get(f"/article/a-1?hl={start}-{start + 22}").text
    assert re.search(r'<mark class="[^"]*hl[^"]*" id="hl">', page)
    assert '<mark class="quote' in page and "claim" in page
    assert "We demand a ceasefire," in page


def test_web_article_ignores_bad_highlight(client: TestClient) -> None:
    for hl in ["5-2", "0-999999", "x", "1-2-3"]:
        resp = client.get(f"/article/a-1?hl={hl}")
        assert resp.status_code == 200 and 'id="hl"' not in resp.text


def test_web_search_marks_matches_and_escapes_snippets(
    client: TestClient, store: FakeStore
) -> None:
    page = client.get("/search", params={"q": "vote"}).text
    assert "<mark>met</mark>" in page and "<mark>said</mark>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="/article/a-3?q=vote"' in page and 'href="/story/s-2"' in page
    assert "Wire · 2022-01-10" in page and "2 results" in page


def test_web_search_help_and_empty_query_message(client: TestClient) -> None:
    assert "How to search" in client.get("/search").text
    assert client.get("/search", params={"q": "-only"}).status_code == 200


def test_web_article_highlights_the_searched_words(tmp_path: Path, make_article) -> None:
    art = make_article("Strikes halted\n\nThe union said the strike would end on Monday.")
    with SqliteStore(tmp_path / "s.db") as real:
        real.add_articles([(art, None)])
        page = TestClient(create_app(real)).get(f"/article/{art.id}", params={"q": "strikes"})
    assert page.status_code == 200
    assert '<mark class="found" id="hl">Strikes</mark>' in page.text
    assert '<mark class="found">strike</mark>' in page.text


def test_web_search_caps_query_length(client: TestClient, store: FakeStore) -> None:
    client.get("/search", params={"q": "x" * 5000})
    assert len(store.queries[-1]) <= MAX_QUERY


def test_web_security_headers_on_every_response(client: TestClient) -> None:
    for path in ["/", "/story/nope", "/api/dossier.json", "/static/style.css"]:
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-eval" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_web_json_api_returns_the_dossier(client: TestClient) -> None:
    full = client.get("/api/dossier.json").json()
    assert full["schema_version"] == "1.0" and len(full["stories"]) == 2
    one = client.get("/api/story/s-2.json")
    assert one.headers["content-type"].startswith("application/json")
    assert [s["id"] for s in one.json()["stories"]] == ["s-2"]


def test_web_index_lists_stories(client: TestClient) -> None:
    page = client.get("/").text
    assert 'href="/story/s-1"' in page and "Talks resume in Geneva" in page
    assert "Copy Times, Wire Daily" in page


def test_web_reads_one_story_and_again_only_when_the_store_changes(store: FakeStore) -> None:
    client = TestClient(create_app(store))
    client.get("/")
    assert store.loads == 0  # the list comes from the summaries, not from the stories
    client.get("/story/s-1")
    client.get("/story/s-1")
    assert store.loads == 1
    store.data_version += 1
    client.get("/story/s-1")
    assert store.loads == 2


def test_web_keeps_stories_up_to_an_article_budget(store: FakeStore,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.web.app import CorpusCache

    sizes = {s.id: len(s.article_ids) for s in store.stories()}
    assert len(sizes) == 2
    cache = CorpusCache(store)
    cache.story("s-1"), cache.story("s-2"), cache.story("s-1")
    assert store.loads == 2  # both kept
    monkeypatch.setattr(CorpusCache, "ARTICLES", max(sizes.values()))
    cache.story("s-2")  # over the budget: the one read longest ago goes
    assert store.loads == 2
    cache.story("s-1")
    assert store.loads == 3
    monkeypatch.setattr(CorpusCache, "ARTICLES", 0)  # the story read last is always kept
    cache.story("s-1")
    assert store.loads == 3


def test_web_a_merged_story_redirects_to_the_survivor(store: FakeStore) -> None:
    from storyline.model import StoryChange

    store.save_increment(Corpus(articles=(), story_changes=(
        StoryChange("merged", "s-1", "merged for the test", other_id="s-old"),)), {})
    client = TestClient(create_app(store))
    moved = client.get("/story/s-old", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/story/s-1"
    assert client.get("/api/story/s-old.json").json()["stories"][0]["id"] == "s-1"
