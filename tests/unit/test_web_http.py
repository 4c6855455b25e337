"""HTTP around the pages: gzip for large answers, HEAD wherever GET is answered."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import open_store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from starlette.routing import Mount  # noqa: E402

from storyline.web.app import create_app  # noqa: E402
from storyline.web.http import GZIP_MINIMUM_BYTES  # noqa: E402

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    store = open_store(demo_db, readonly=True)
    try:
        yield TestClient(create_app(store))
    finally:
        store.close()


def _get_paths(client: TestClient, demo_db: Path) -> list[str]:
    """Every GET route of the app, with its parameters filled from the demo store (a name
    the test does not know gets a value no record has: both methods must then say 404)."""
    store = open_store(demo_db, readonly=True)
    try:
        samples = {"story_id": store.stories()[0].id, "article_id": store.articles()[0].id}
    finally:
        store.close()
    paths = ["/static/style.css"]
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Mount) or "GET" not in getattr(route, "methods", ()):
            continue
        paths.append(re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: samples.get(m.group(1), "nope"),
                            route.path))
    return paths


def test_web_http_head_is_answered_on_every_get_route(client: TestClient, demo_db: Path) -> None:
    for path in _get_paths(client, demo_db):
        got = client.get(path, headers=GZIP, follow_redirects=False)
        head = client.head(path, headers=GZIP, follow_redirects=False)
        assert head.status_code == got.status_code != 405, path
        assert head.content == b"", path
        for name in ("content-type", "content-length", "content-encoding", "location"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)
        assert "default-src 'none'" in head.headers["content-security-policy"]


def test_web_http_other_methods_are_still_refused(client: TestClient) -> None:
    assert client.post("/").status_code == 405
    assert client.delete("/story/x").status_code == 405


def test_web_http_large_pages_are_gzipped(client: TestClient) -> None:
    for path in ["/", "/static/style.css", "/api/dossier.json",
                 f"/story/{client.get('/healthz').json() and _first_story(client)}"]:
        raw = client.get(path, headers=PLAIN)
        packed = client.get(path, headers=GZIP)
        assert len(raw.content) >= GZIP_MINIMUM_BYTES, path
        assert "content-encoding" not in raw.headers, path
        assert packed.headers["content-encoding"] == "gzip", path
        assert "accept-encoding" in packed.headers["vary"].lower()
        assert packed.content == raw.content  # the client undoes the compression
        assert int(packed.headers["content-length"]) < len(raw.content) / 2, path


def _first_story(client: TestClient) -> str:
    found = re.search(r'href="/story/([^"]+)"', client.get("/").text)
    assert found
    return found.group(1)


def test_web_http_the_compressed_bytes_are_gzip(client: TestClient) -> None:
    with client.stream("GET", "/", headers=GZIP) as resp:
        body = b"".join(resp.iter_raw())
    assert gzip.decompress(body).decode("utf-8").startswith("<!DOCTYPE html>")


def test_web_http_small_answers_are_sent_as_they_are(client: TestClient) -> None:
    resp = client.get("/healthz", headers=GZIP)
    assert len(resp.content) < GZIP_MINIMUM_BYTES
    assert "content-encoding" not in resp.headers
