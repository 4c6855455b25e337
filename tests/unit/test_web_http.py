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
    for method, path in (("POST", "/"), ("DELETE", "/story/x"), ("POST", "/api/stories.json")):
        got = client.request(method, path)
        assert got.status_code == 405, path
        assert "GET" in got.headers["allow"], path  # a 405 names the methods allowed


@pytest.mark.parametrize("value", ["abc", "0", "-1", "10001", "99999999999", "1e3", "%00"])
def test_web_http_odd_search_page_numbers_give_a_page(client: TestClient, value: str) -> None:
    page = client.get("/search", params={"q": "the", "page": value})
    assert page.status_code == 200, value
    assert "text/html" in page.headers["content-type"]
    api = client.get("/api/search.json", params={"q": "the", "page": value, "per_page": value})
    assert api.status_code == 200, value
    body = api.json()
    assert 1 <= body["page"] <= body["pages"] and 1 <= body["per_page"] <= 100
    assert body["per_page"] == 20 or value.isdigit()  # a size that is no number: the default
    assert body["hits"] or not body["total"]  # past the last page: the last page's hits


def test_web_http_a_value_no_route_can_read_is_a_bad_request(tmp_path: Path) -> None:
    # what the framework's own validation refuses is answered like every other error
    from fastapi import Query

    store = open_store(tmp_path / "probe.db")
    app = create_app(store)

    @app.get("/api/probe.json")
    def probe(n: int = Query(1)) -> dict[str, int]:
        return {"n": n}

    @app.get("/probe")
    def probe_page(n: int = Query(1)) -> dict[str, int]:
        return {"n": n}

    local = TestClient(app)
    api = local.get("/api/probe.json", params={"n": "x"})
    assert api.status_code == 400 and "n" in api.json()["detail"]
    page = local.get("/probe", params={"n": "x"})
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]
    store.close()


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
