"""The web UI in a real browser: the demo store served by ``storyline serve``, every kind of page
found by crawling from the front page, seen by a headless Chromium on a phone and a desktop."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from storyline.store import open_store
from storyline.web.harness import Fetched, crawl, pages_by_kind, set_viewport

pytestmark = pytest.mark.browser

WIDTHS = {390: 844, 1400: 900}  # a phone and a desktop: width -> height, CSS pixels
KINDS = [
    "front", "story", "section", "copies", "article", "evidence", "search", "rejects", "entity",
]
_WORD = re.compile(r"[a-z]+")


def inflection_pair(texts: list[str]) -> tuple[str, str]:
    """A plural (word + "s") found in the texts whose singular occurs in none of them, and that
    singular: searching the singular must find the plural. The plural in most texts (at most
    ten, so that every one fits on the first page of results), then alphabetical."""
    words = [set(_WORD.findall(t.lower())) for t in texts]
    every = set().union(*words)
    counts = Counter(w for ws in words for w in ws)
    fits = [w for w, n in counts.items()
            if 2 <= n <= 10 and len(w) >= 6 and w.endswith("s")
            and not w.endswith(("ss", "us", "is", "ies")) and w[:-1] not in every]
    assert fits, "no plural of the corpus lacks its singular"
    plural = min(fits, key=lambda w: (-counts[w], w))
    return plural, plural[:-1]


@pytest.fixture(scope="module")
def demo_texts(demo_db: Path) -> dict[str, str]:
    """Every stored demo article's title and text, by id."""
    store = open_store(demo_db, readonly=True)
    try:
        return {a.id: f"{a.title or ''}\n{a.text}" for a in store.articles()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def site(live_demo: str, demo_texts: dict[str, str]) -> dict[str, Fetched]:
    """Every address reachable from the front page (and a search for a corpus word)."""
    plural, _ = inflection_pair(list(demo_texts.values()))
    return crawl(live_demo, ["/", f"/search?q={plural}"])


@pytest.fixture(scope="module")
def pages(site: dict[str, Fetched]) -> dict[str, str]:
    """The largest page of each kind."""
    return pages_by_kind(site)


def open_page(driver: Any, base: str, path: str, width: int) -> None:
    set_viewport(driver, width, WIDTHS[width])
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(base + path)


def page_of(pages: dict[str, str], kind: str) -> str:
    if kind not in pages:
        pytest.skip(f"no {kind} page is linked from the front page")
    return pages[kind]


OVERFLOWING = """
const width = arguments[0];
return Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > width + 1
          && !Array.from(e.children).some(c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right));
"""


def test_browser_crawl_finds_the_page_kinds(pages: dict[str, str]) -> None:
    assert {"front", "story", "article", "evidence", "search", "rejects"} <= set(pages)


def test_browser_every_internal_link_answers_200(site: dict[str, Fetched]) -> None:
    broken = sorted(f"{f.status} {f.path}" for f in site.values() if f.status != 200)
    assert len(site) > 50
    assert not broken, f"{len(broken)} of {len(site)} links broken: {broken[:10]}"


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", KINDS)
def test_browser_page_has_no_horizontal_overflow(
    chromium: Any, live_demo: str, pages: dict[str, str], kind: str, width: int
) -> None:
    open_page(chromium, live_demo, page_of(pages, kind), width)
    # a phone zooms out to show a page wider than itself, which widens window.innerWidth:
    # the page must fit the width it was given
    scroll, inner = chromium.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    culprits = chromium.execute_script(OVERFLOWING, width) if scroll > width else []
    assert scroll <= min(width, inner), (
        f"{pages[kind]} is {scroll}px wide in a {width}px viewport: {culprits}")


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", KINDS)
def test_browser_page_logs_no_console_error(
    chromium: Any, live_demo: str, pages: dict[str, str], kind: str, width: int
) -> None:
    open_page(chromium, live_demo, page_of(pages, kind), width)
    time.sleep(0.5)  # what loads after the page (its icon, its script's first requests)
    errors = [e["message"] for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


EVIDENCE_STATE = """
const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
if (!target) return null;
const rect = target.getClientRects()[0] || target.getBoundingClientRect();
const x = Math.min(Math.max(rect.left + 2, 0), window.innerWidth - 1);
const y = Math.min(Math.max(rect.top + rect.height / 2, 0), window.innerHeight - 1);
const hit = document.elementFromPoint(x, y);
const style = getComputedStyle(target);
return {
  classes: Array.from(target.classList),
  background: style.backgroundColor,
  top: rect.top, bottom: rect.bottom, height: window.innerHeight,
  onTop: hit !== null && (hit === target || target.contains(hit)),
  text: Array.from(target.parentElement.querySelectorAll('mark.hl'))
    .map(m => m.textContent).join(''),
};
"""


def _evidence_links(site: dict[str, Fetched], story: str) -> list[str]:
    links = sorted(p for p in site if "hl=" in p)
    assert links, f"no evidence link found from {story}"
    step = max(1, len(links) // 6)
    return links[::step][:6]  # spread over the articles and their texts


def _span_text(demo_db: Path, path: str) -> str:
    article_id = path.split("?")[0].rsplit("/", 1)[1]
    start, end = map(int, re.search(r"hl=(\d+)-(\d+)", path).groups())  # type: ignore[union-attr]
    store = open_store(demo_db, readonly=True)
    try:
        return store.articles_by_id([article_id])[0].text[start:end]
    finally:
        store.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_browser_evidence_links_land_on_their_highlighted_span(
    chromium: Any, live_demo: str, demo_db: Path, site: dict[str, Fetched],
    pages: dict[str, str], width: int,
) -> None:
    for path in _evidence_links(site, pages["story"]):
        link = path if "#" in path else f"{path}#hl"
        open_page(chromium, live_demo, link, width)
        state = chromium.execute_script(EVIDENCE_STATE)
        assert state is not None, f"{link}: no element has the link's fragment as id"
        assert "hl" in state["classes"], f"{link}: the target is not highlighted: {state}"
        assert state["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), state
        assert 0 <= state["top"] < state["height"], f"{link}: not scrolled into view: {state}"
        assert state["onTop"], f"{link}: the span is covered by another element: {state}"
        expected = " ".join(_span_text(demo_db, path).split())
        assert " ".join(state["text"].split()) == expected


def test_browser_search_finds_inflected_forms(
    chromium: Any, live_demo: str, demo_texts: dict[str, str]
) -> None:
    plural, word = inflection_pair(list(demo_texts.values()))
    having = {i for i, t in demo_texts.items() if plural in _WORD.findall(t.lower())}
    open_page(chromium, live_demo, "/", 1400)
    box = chromium.find_element("css selector", "form[role=search] input[name=q]")
    box.send_keys(word)
    box.submit()
    from selenium.webdriver.support.ui import WebDriverWait

    # the results page, loaded (the address changes before the new page is there)
    WebDriverWait(chromium, 60, poll_frequency=0.2).until(
        lambda d: f"q={word}" in d.current_url
        and d.execute_script("return document.readyState") == "complete"
        and d.find_elements("css selector", "form[role=search] input[name=q]")
        and d.find_element("css selector", "form[role=search] input[name=q]")
        .get_dom_attribute("value") == word)  # as the results page writes it, not as typed
    found = {
        a.get_attribute("href").split("?")[0].rsplit("/", 1)[1]
        for a in chromium.find_elements("css selector", "main a[href*='/article/']")
    }
    assert having <= found, f"searching {word!r} missed articles with {plural!r}"
