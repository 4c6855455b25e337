"""The web pages of the dossier: the front page (filters, pages), the story page (summary,
SVG pictures, collapsed sections), section and entity pages, article labels, live updates, the
JSON, CSV and Markdown downloads — on a real SQLite store, with hostile article text."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_report_dossier import SCRIPT, sample_corpus
from test_web_app import FakeStore, assert_no_injected_markup

from storyline.model import Article, Corpus, OriginGroup, OriginMember, Story
from storyline.report.dossier import validate_dossier
from storyline.store import SqliteStore

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.web.app import STORIES_PER_PAGE, create_app  # noqa: E402

RAW_ID = re.compile(r"\ba-[0-9a-z]{1,2}\b|\ba-[0-9a-f]{8,}")


@pytest.fixture
def store(tmp_path: Path) -> FakeStore:
    return FakeStore(sample_corpus(), tmp_path / "web.db")


@pytest.fixture
def client(store: FakeStore) -> TestClient:
    return TestClient(create_app(store))


def _visible(page: str) -> str:
    """The text a reader sees: tags, attributes and the inline style removed."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def _svgs(page: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (fails if one is not well-formed)."""
    found = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    return [ET.fromstring(svg) for svg in found]


def _many_stories(tmp_path: Path, n: int) -> SqliteStore:
    """A store of n one-article stories from two outlets, one a day."""
    arts, stories, origins = [], [], []
    for i in range(n):
        day = f"2024-01-{i + 1:02d}"
        art = Article(f"a-{i:03d}x", f"Story number {i}\n\nSomething happened on day {i}.",
                      f"in/{i}.txt", outlet="Odd Post" if i % 2 else "Even Times",
                      title=f"Story number {i}", published=day,
                      body_start=len(f"Story number {i}\n\n"))
        arts.append(art)
        stories.append(Story(f"s-{i:03d}", art.title or "", (art.id,), day, day))
        origins.append(OriginGroup(f"og-{i}", (OriginMember(art.id, "independent"),)))
    corpus = Corpus(articles=tuple(arts), stories=tuple(stories), origins=tuple(origins))
    store = SqliteStore(tmp_path / "many.db")
    store.add_articles([(a, None) for a in arts])
    store.save_increment(corpus, {a.id: s.id for a, s in zip(arts, stories, strict=True)})
    store.save_story_results([s.id for s in stories], corpus)
    return store


# --------------------------------------------------------------------------- front page


def test_front_page_lists_stories_with_counts_and_plurals(client: TestClient) -> None:
    page = client.get("/").text
    assert "What is happening" in page
    assert "2 stories from 3 articles" in page
    assert "2 articles" in page and "2 outlets" in page and "1 independent origin<" in page
    assert "1 article<" in page and "1 outlet<" in page  # the one-article story
    assert "1 discrepancy" in page
    assert "1 independent origins" not in page and "1 stories" not in page
    assert_no_injected_markup(page)


def test_front_page_filters_form_has_labelled_fields(client: TestClient) -> None:
    page = client.get("/").text
    form = page[page.index('<form class="filters"'):page.index("</form>", page.index(
        '<form class="filters"'))]
    for field_id in ("f-from", "f-to", "f-outlet", "f-entity", "f-disc"):
        assert f'id="{field_id}"' in form and f'for="{field_id}"' in form
    assert 'method="get"' in form


@pytest.mark.parametrize("query, shown, hidden", [
    ({"disc": "1"}, "Talks resume in Geneva", "vote</a>"),
    ({"outlet": "Copy Times"}, "Talks resume in Geneva", "vote</a>"),
    ({"entity": "berg"}, "Talks resume in Geneva", "vote</a>"),
    ({"from": "2022-01-12"}, "vote</a>", "Talks resume in Geneva</a>"),
    ({"to": "2022-01-11"}, "Talks resume in Geneva", "vote</a>"),
])
def test_front_page_filters(client: TestClient, query: dict[str, str], shown: str,
                            hidden: str) -> None:
    page = client.get("/", params=query).text
    assert shown in page and hidden not in page
    assert "1 story match" in page


def test_front_page_ignores_bad_filter_values(client: TestClient) -> None:
    resp = client.get("/", params={"from": "yesterday", "to": "2022-13-45", "page": "x"})
    assert resp.status_code == 200 and "Talks resume in Geneva" in resp.text


def test_front_page_paginates_newest_first(tmp_path: Path) -> None:
    with _many_stories(tmp_path, STORIES_PER_PAGE + 5) as store:
        client = TestClient(create_app(store))
        first = client.get("/").text
        second = client.get("/", params={"page": 2}).text
        beyond = client.get("/", params={"page": 99}).text
        filtered = client.get("/", params={"outlet": "Odd Post", "page": 1}).text
        api = client.get("/api/stories.json", params={"per_page": 10, "page": 3}).json()
    assert first.count('<li class="card">') == STORIES_PER_PAGE
    assert second.count('<li class="card">') == 5
    assert "Page 1 of 2" in first and 'rel="next" href="/?page=2"' in first
    assert "Story number 24" in first and "Story number 0<" in second  # newest first
    assert "Page 2 of 2" in beyond
    assert "outlet=Odd+Post" not in filtered or "page=" in filtered
    assert api["total"] == STORIES_PER_PAGE + 5 and api["page"] == 3 and len(api["stories"]) == 5
    assert api["stories"][0]["id"] == "s-004"


# --------------------------------------------------------------------------- story page


def test_story_page_summary_svg_and_collapsed_sections(client: TestClient) -> None:
    page = client.get("/story/s-1").text
    assert 'id="summary"' in page and "2 articles from 2 outlets" in page
    assert "1 independent origin</strong>" in page
    assert "1 open discrepancy" in page and "How many people were hurt" in page
    assert 'href="/entity/e-berg"' in page
    svgs = _svgs(page)
    assert len(svgs) == 2
    titles = [s.find("{http://www.w3.org/2000/svg}title").text for s in svgs]
    assert titles[0].startswith("Articles per outlet over time: 2 articles from 2 outlets")
    assert titles[1].startswith("Who copied whom")
    graph = ET.tostring(svgs[1], encoding="unicode")
    assert "/story/s-1/copies#r-r-1" in graph and "/article/a-1" in graph
    assert page.count('<details class="section"') == 8
    assert '<details class="section" id="s-1-quotes"><summary><h2>Quotes' in page


def test_story_page_escapes_hostile_text_in_svg(client: TestClient) -> None:
    page = client.get("/story/s-2").text
    assert_no_injected_markup(page)
    svgs = _svgs(page)
    assert svgs, "the story page has its pictures"
    text = " ".join(t for svg in svgs for t in svg.itertext())
    assert "Evil <script>" in text  # escaped in the markup, read back as text


def test_story_page_labels_articles_never_by_id_or_path(client: TestClient) -> None:
    page = client.get("/story/s-1").text
    seen = _visible(page)
    assert "Wire Daily · 2022-01-10 · Talks resume in Geneva" in seen
    assert "Copy Times · 2022-01-11 · Talks resume in Genf" in seen
    assert not RAW_ID.search(seen), RAW_ID.search(seen)
    assert "in/one.txt" not in page and "partial_copy" not in seen
    assert "[[" not in seen and "]]" not in seen


def test_article_page_has_no_source_path_and_a_label(client: TestClient) -> None:
    page = client.get("/article/a-1").text
    assert "in/one.txt" not in page and "Source" not in page
    assert "Wire Daily · 2022-01-10 · Talks resume in Geneva" in page
    assert "<title>Wire Daily · 2022-01-10 · Talks resume in Geneva · storyline</title>" in page


def test_untitled_article_is_named_by_its_first_sentence(tmp_path: Path) -> None:
    text = "Before the meeting, officials met. Later they left.\n\nMore text."
    art = Article("a-untitled", text, "/srv/private/file.txt", outlet="Stern",
                  published="2022-01-09T10:00:00")
    with SqliteStore(tmp_path / "u.db") as store:
        store.add_articles([(art, None)])
        page = TestClient(create_app(store)).get("/article/a-untitled").text
    assert "Untitled article" not in page and "/srv/private" not in page
    assert "Stern · 2022-01-09 · Before the meeting, officials met." in page


def test_section_pages_and_copies_page(client: TestClient) -> None:
    for key in ("sources", "provenance", "people", "quotes", "timeline", "claims",
                "discrepancies", "positions"):
        resp = client.get(f"/story/s-1/{key}")
        assert resp.status_code == 200, key
        assert 'href="/story/s-1"' in resp.text
    copies = client.get("/story/s-1/copies").text
    assert 'id="r-r-1"' in copies and "2 aligned passages" in copies
    assert 'id="o-og-1"' in copies
    assert client.get("/story/s-1/nonsense").status_code == 404


def test_discrepancies_side_by_side_with_evidence(client: TestClient) -> None:
    page = client.get("/story/s-1/discrepancies").text
    sides = re.findall(r'<div class="side">(.*?)</div>', page, flags=re.S)
    assert len(sides) == 2
    assert "<strong>40</strong>" in sides[0] and "Officials said 40" not in sides[1]
    assert "Wire Daily · 2022-01-10" in sides[0] and "Copy Times · 2022-01-11" in sides[1]


def test_quote_board_groups_by_speaker_with_counts(client: TestClient) -> None:
    page = client.get("/story/s-1/quotes").text
    assert page.count("We demand a ceasefire,</blockquote>") == 1  # variants collapsed
    assert "×2 outlets, 1 independent" in page


def test_tables_scroll_in_their_own_box(client: TestClient) -> None:
    for path in ("/story/s-1", "/story/s-1/claims", "/article/a-1", "/rejects"):
        page = client.get(path).text
        tables = page.count("<table>")
        assert page.count('<div class="scroll"><table>') == tables, path


def test_stylesheet_keeps_headings_clear_of_the_sticky_menu(client: TestClient) -> None:
    css = client.get("/static/style.css").text
    assert "scroll-margin-top" in css and "position:sticky" in css
    assert "flex-wrap:wrap" in css and ":focus-visible" in css


# --------------------------------------------------------------------------- entity pages


def test_entity_page_shows_quotes_positions_and_titles(client: TestClient) -> None:
    page = client.get("/entity/e-berg").text
    assert "<h1>Anna Berg</h1>" in page and "Foreign Minister" in page
    assert "1 story" in page and 'href="/story/s-1"' in page
    assert "We demand a ceasefire," in page and "ceasefire</strong>" in page
    assert "1 position" in page
    assert_no_injected_markup(page)


def test_entity_page_of_a_hostile_descriptor_is_escaped(client: TestClient) -> None:
    resp = client.get("/entity/e-spk")
    assert resp.status_code == 200
    assert_no_injected_markup(resp.text)


def test_entity_unknown_is_404(client: TestClient) -> None:
    assert client.get("/entity/e-nope").status_code == 404
    assert client.get("/api/entity/e-nope.json").status_code == 404


def test_entity_across_stories_is_found_by_name(store: FakeStore) -> None:
    found = store.find_entities("anna berg", exact=True)
    assert [e.id for e in found] == ["e-berg"]
    assert [e.id for e in store.find_entities("Ber")] == ["e-berg"]
    assert store.find_entities("%") == [] and store.find_entities("  ") == []


# --------------------------------------------------------------------------- live, API


def test_live_version_changes_when_the_story_grows(store: FakeStore) -> None:
    client = TestClient(create_app(store))
    page = client.get("/story/s-1").text
    assert '<script src="/static/live.js" defer></script>' in page
    first = client.get("/api/story/s-1/version").json()
    assert f'data-version="{first["version"]}"' in page
    assert 'data-live="/api/story/s-1/version"' in page and "Updated" in page
    grown = Article("a-new", "Talks resume again\n\nNegotiators met again.", "in/new.txt",
                    outlet="Late Post", published="2022-01-13")
    store.add_articles([(grown, None)])
    story = Story("s-1", "Talks resume in Geneva", ("a-1", "a-2", "a-new"), "2022-01-10")
    store.save_increment(Corpus(articles=(grown,), stories=(story,)), {"a-new": "s-1"})
    store.data_version += 1
    second = client.get("/api/story/s-1/version").json()
    assert second["version"] != first["version"] and second["waiting"] is True
    assert client.get("/static/live.js").headers["content-type"].startswith(
        ("application/javascript", "text/javascript"))


def test_api_story_article_entity_and_stories(client: TestClient) -> None:
    story = client.get("/api/story/s-1.json").json()
    validate_dossier(story)
    art = client.get("/api/article/a-1.json").json()
    validate_dossier(art)
    assert [a["id"] for a in art["articles"]] == ["a-1"]
    for key in ("quotes", "claims", "reuse", "entities", "positions", "timeline"):
        for item in art[key]:
            assert item["evidence"] and {e["article_id"] for e in item["evidence"]} == {"a-1"}
    ent = client.get("/api/entity/e-berg.json").json()
    assert ent["name"] == "Anna Berg" and ent["story_count"] == 1
    assert ent["stories"][0]["quotes"][0]["text"] == "We demand a ceasefire,"
    listing = client.get("/api/stories.json").json()
    assert listing["total"] == 2 and {"updated", "discrepancies"} <= set(listing["stories"][0])
    assert client.get("/api/article/nope.json").status_code == 404


def test_api_story_json_in_pages_keeps_the_export_schema(client: TestClient) -> None:
    whole = client.get("/api/story/s-1.json").json()
    lists = [k for k, v in whole.items()
             if isinstance(v, list) and k not in ("stories", "sources", "story_changes")]
    longest = max(len(whole[k]) for k in lists)
    assert longest >= 2, "the sample story has lists of two items or more"
    pages, seen = [], {k: [] for k in lists}
    for n in range(1, longest + 2):  # one past the last: the last page again
        got = client.get("/api/story/s-1.json", params={"page": n, "per_page": 1})
        assert got.status_code == 200
        pages.append(got)
        if n <= longest:
            body = got.json()
            validate_dossier(body)
            assert body["stories"] == whole["stories"] and body["sources"] == whole["sources"]
            for k in lists:
                assert len(body[k]) <= 1
                seen[k] += body[k]
    assert seen == {k: whole[k] for k in lists}  # every item once, in order
    assert pages[0].headers["x-pages"] == str(longest) and "rel=\"next\"" in pages[0].headers[
        "link"] and "rel=\"prev\"" not in pages[0].headers["link"]
    assert pages[-1].headers["x-page"] == str(longest) and pages[-1].json() == pages[-2].json()
    for odd in ("0", "abc", "-2", "99999999999"):
        assert client.get("/api/story/s-1.json", params={"page": odd}).status_code == 200


def test_api_search_pages_hits_with_labels(client: TestClient) -> None:
    found = client.get("/api/search.json", params={"q": "vote", "per_page": 1}).json()
    assert found["total"] == 2 and found["pages"] == 2 and len(found["hits"]) == 1
    assert found["hits"][0]["label"].startswith(f"{SCRIPT} Times · undated · ")
    page = client.get("/search", params={"q": "vote"}).text
    assert "Wire · 2022-01-10 · Talks resume" in page and "Untitled article" not in page


def test_csv_and_markdown_downloads(client: TestClient) -> None:
    resp = client.get("/story/s-1.csv")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    sections = {r["section"] for r in rows}
    assert {"article", "quote", "claim", "discrepancy", "position", "timeline"} <= sections
    assert all(r["story_id"] in ("s-1", "") for r in rows)
    quote = next(r for r in rows if r["section"] == "quote")
    assert quote["evidence_text"] == "We demand a ceasefire,"
    assert quote["article"] == "Wire Daily · 2022-01-10 · Talks resume in Geneva"
    md = client.get("/story/s-1.md")
    assert md.status_code == 200 and md.text.startswith("# Story dossier")
    assert "## Talks resume in Geneva" in md.text
    assert client.get("/story/nope.csv").status_code == 404


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    art = Article("a-f", "=HYPERLINK(\"http://x\")\n\n+1 said -2 @cmd", "in/f.txt",
                  title="=HYPERLINK(\"http://x\")", outlet="@Evil", published="2024-01-01")
    corpus = Corpus(articles=(art,), stories=(Story("s-f", "=1+1", ("a-f",)),),
                    origins=(OriginGroup("og-f", (OriginMember("a-f", "independent"),)),))
    with SqliteStore(tmp_path / "f.db") as store:
        store.add_articles([(art, None)])
        store.save_increment(corpus, {"a-f": "s-f"})
        store.save_story_results(["s-f"], corpus)
        text = TestClient(create_app(store)).get("/story/s-f.csv").text
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_merged_story_downloads_and_sections_redirect(store: FakeStore) -> None:
    from storyline.model import StoryChange

    store.save_increment(Corpus(articles=(), story_changes=(
        StoryChange("merged", "s-1", "merged for the test", other_id="s-old"),)), {})
    client = TestClient(create_app(store))
    for suffix in (".csv", ".md", "/claims", "/copies"):
        moved = client.get(f"/story/s-old{suffix}", follow_redirects=False)
        assert moved.status_code == 308 and moved.headers["location"] == f"/story/s-1{suffix}"
    assert json.loads(client.get("/api/story/s-old/version").text)["moved_to"] == "/story/s-1"
    for query in ("", "?page=2&per_page=3"):
        moved = client.get(f"/api/story/s-old.json{query}", follow_redirects=False)
        assert moved.status_code == 308
        assert moved.headers["location"] == f"/api/story/s-1.json{query}"
    moved = client.get("/story/s-old/claims?page=2", follow_redirects=False)
    assert moved.headers["location"] == "/story/s-1/claims?page=2"


def test_story_summaries_is_one_query_with_updates_and_discrepancies(store: FakeStore) -> None:
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    summaries = {s["id"]: s for s in store.story_summaries()}
    store._conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert summaries["s-1"]["discrepancies"] == 1 and summaries["s-2"]["discrepancies"] == 0
    assert summaries["s-1"]["updated"] and summaries["s-1"]["outlets"] == ["Copy Times",
                                                                           "Wire Daily"]
