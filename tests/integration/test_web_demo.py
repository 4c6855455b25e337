"""The web UI over the built demo corpus: every story page light, its pictures well-formed,
every article named by its label (never an id or a file path), evidence links landing on their
highlighted span."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline
from storyline.demo import corpus_dir
from storyline.store import open_store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.web.app import create_app  # noqa: E402

RAW_ID = re.compile(r"\ba-[0-9a-f]{6,}")
MAX_STORY_PAGE = 150_000  # bytes; the largest demo story page was 241 KB before it was split


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db = tmp_path_factory.mktemp("webdemo") / "demo.db"
    pipe = Pipeline(db)
    pipe.run([corpus_dir()])
    pipe.close()
    store = open_store(db, readonly=True)
    client = TestClient(create_app(store))
    yield {"client": client, "stories": store.story_summaries(),
           "paths": [a.source_path for a in store.articles()]}
    store.close()


def _visible(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_demo_front_page_lists_every_story(demo: dict[str, Any]) -> None:
    page = demo["client"].get("/").text
    for story in demo["stories"]:
        assert f'href="/story/{story["id"]}"' in page


def test_demo_story_pages_are_light_labelled_and_well_formed(demo: dict[str, Any]) -> None:
    client = demo["client"]
    for story in demo["stories"]:
        resp = client.get(f"/story/{story['id']}")
        assert resp.status_code == 200
        assert len(resp.content) < MAX_STORY_PAGE, (story["id"], len(resp.content))
        svgs = re.findall(r"<svg\b.*?</svg>", resp.text, flags=re.S)
        assert len(svgs) == 2
        for svg in svgs:
            ET.fromstring(svg)
        seen = _visible(resp.text)
        assert not RAW_ID.search(seen), RAW_ID.search(seen)
        assert "partial_copy" not in seen and "origin(s)" not in seen
        assert not re.search(r"\b1 (articles|outlets|stories|independent origins)\b", seen)
        assert not any(Path(p).name in resp.text for p in demo["paths"])
        headings = re.findall(r'<h3 class="when">(.*?)</h3>', resp.text)
        assert not any(h.endswith("-W") for h in headings)


def test_demo_evidence_links_land_on_their_span(demo: dict[str, Any]) -> None:
    client = demo["client"]
    biggest = demo["stories"][0]["id"]
    page = client.get(f"/story/{biggest}").text
    links = re.findall(r'href="(/article/[^"?]+\?hl=\d+-\d+)#hl"', page)
    assert len(links) > 10
    for link in links[:15]:
        article = client.get(link).text
        assert re.search(r'<mark class="[^"]*\bhl\b[^"]*" id="hl">', article), link


def test_demo_sections_entities_and_downloads(demo: dict[str, Any]) -> None:
    client = demo["client"]
    biggest = demo["stories"][0]["id"]
    for key in ("sources", "quotes", "timeline", "claims", "copies"):
        assert client.get(f"/story/{biggest}/{key}").status_code == 200
    page = client.get(f"/story/{biggest}").text
    entity = re.search(r'href="(/entity/[^"]+)"', page)
    assert entity is not None
    assert client.get(entity.group(1)).status_code == 200
    assert client.get(f"/story/{biggest}.csv").status_code == 200
    assert client.get(f"/story/{biggest}.md").status_code == 200
