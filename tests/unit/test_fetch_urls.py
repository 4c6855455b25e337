"""URL fetching against a local HTTP server: pages, feeds and every kind of failure."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import EXIT_REJECTED, app
from storyline.io.fetch import FetchOptions, fetch_urls, read_url_list
from storyline.io.raw import RawDocument
from storyline.io.readers import iter_inputs
from storyline.model.records import Rejection
from storyline.store import SqliteStore

PAGE = b"<!DOCTYPE html><html><body><p>Crews contained the fire.</p></body></html>"
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title><item>'
        b"<title>Fire</title><link>https://post.example/1</link>"
        b"<description>Crews contained the fire.</description></item></channel></rss>")
# the test server is on 127.0.0.1: its own redirects are allowed here (refused by default)
FAST = FetchOptions(concurrency=4, timeout=0.5, deadline=2.0, allow_private_redirects=True)
ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Harbour crews contain warehouse fire</title></head><body>"
    b"<article><h1>Harbour crews contain warehouse fire</h1>"
    b"<p>Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    b"fire service said, after crews worked through the night to stop it from spreading.</p>"
    b"<p>No one was injured, a spokeswoman for the service said, and the cause of the fire is "
    b"being investigated by the port authority and the police.</p>"
    b"<p>Traffic around the harbour was diverted for most of the morning while crews cooled "
    b"the roof of the burnt-out storage hall.</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length != -1:  # -1: no length, the body ends when the connection closes
            self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self._write(body)

    def _write(self, body: bytes) -> None:
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            pass

    def _trickle(self) -> None:
        self._send(200, "text/html", b"<p>", length=-1)
        for _ in range(20):
            time.sleep(0.2)
            self._write(b"x")

    def do_GET(self) -> None:  # noqa: N802 (the http.server hook name)
        path = self.path
        if path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif path == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif path == "/feed":
            self._send(200, "application/rss+xml", FEED)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
        elif path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(path)}")
            self.end_headers()
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", PAGE)
        elif path == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * 5_000, length=-1)
        elif path == "/trickle":  # a byte at a time, never idle long enough to time out
            self._trickle()
        elif path == "/huge":  # declares a size over the cap
            self._send(200, "text/html", b"", length=10_000_000)
        elif path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n")
        else:
            self._send(404, "text/html", b"<p>not here</p>")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetch(urls: list[str], max_bytes: int = 1_000) -> list[RawDocument | Rejection]:
    return list(fetch_urls(urls, max_bytes=max_bytes, options=FAST))


def test_fetch_urls_page_and_redirect(server: str) -> None:
    items = _fetch([f"{server}/page", f"{server}/moved"])
    assert all(isinstance(i, RawDocument) for i in items)
    assert [(i.source_path, i.url, i.format) for i in items] == [  # type: ignore[union-attr]
        (f"{server}/page", f"{server}/page", "html"),
        (f"{server}/moved", f"{server}/page", "html")]
    assert items[0].data == PAGE  # type: ignore[union-attr]


def test_fetch_urls_feed_entries(server: str) -> None:
    (doc,) = _fetch([f"{server}/feed"])
    assert isinstance(doc, RawDocument)
    assert doc.source_path == f"{server}/feed#1" and doc.hint("outlet") == "Post"


def test_fetch_urls_failures_rejected_in_order(server: str) -> None:
    urls = [f"{server}/{p}" for p in ("missing", "loop", "big", "huge", "image", "page")]
    items = _fetch([*urls, "ftp://elsewhere.example/x"])
    reasons = [i.reason if isinstance(i, Rejection) else "ok" for i in items]
    assert reasons == [
        "HTTP 404 Not Found",
        "too many redirects (more than 5)",
        "response is over the 1000-byte limit",
        "response is 10000000 bytes, over the 1000-byte limit",
        "unsupported content type (image/png)",
        "ok",
        "not an http(s) URL",
    ]
    assert all(i.stage == "read" for i in items if isinstance(i, Rejection))


def test_fetch_urls_slow_server_times_out(server: str) -> None:
    started = time.monotonic()
    (item,) = _fetch([f"{server}/slow"])
    assert isinstance(item, Rejection) and item.reason.startswith("timed out")
    assert time.monotonic() - started < 1.4


def test_fetch_urls_trickling_server_cut_off_at_deadline(server: str) -> None:
    options = FetchOptions(timeout=0.5, deadline=0.8)
    (item,) = fetch_urls([f"{server}/trickle"], max_bytes=1_000, options=options)
    assert isinstance(item, Rejection)
    assert item.reason == "response took longer than 0.8 s"


def test_fetch_urls_unreachable_host() -> None:
    (item,) = _fetch(["http://127.0.0.1:9/nothing"])  # the discard port: nothing listens
    assert isinstance(item, Rejection) and item.reason.startswith("cannot connect")


def test_fetch_urls_list_file_and_url_paths(server: str, tmp_path: Path) -> None:
    listing = tmp_path / "reading.urls"
    listing.write_text(f"# morning list\n{server}/page\n\nnot a url\n{server}/missing\n", "utf-8")
    items = list(iter_inputs([listing, f"{server}/feed"], fetch=FAST, urls=[f"{server}/moved"]))
    names = [i.source_path if isinstance(i, RawDocument) else i.item for i in items]
    assert names == [f"{server}/page", f"{listing}#4", f"{server}/missing", f"{server}/feed#1",
                     f"{server}/moved"]


def test_fetch_urls_missing_list_file_is_one_rejection(tmp_path: Path) -> None:
    (item,) = read_url_list(tmp_path / "nowhere.txt")
    assert isinstance(item, Rejection) and item.reason == "no such URL list file"


def _cli_options() -> list[str]:
    return ["--timeout", "0.5", "--deadline", "2", "--concurrency", "3", "--max-redirects", "3",
            "--max-bytes", "3000"]


def test_fetch_urls_cli_ingest_urls_file_rejects_failures_and_goes_on(
    server: str, tmp_path: Path
) -> None:
    listing = tmp_path / "reading.txt"  # any name: --urls says what the file is
    failing = ["loop", "slow", "image", "big", "huge", "missing"]
    listing.write_text("\n".join([f"{server}/article", "http://127.0.0.1:9/x"]
                                 + [f"{server}/{p}" for p in failing]) + "\n", "utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", "--allow-private-redirects", "--urls",
                                      str(listing), "--db", str(db),
                                      *_cli_options()])
    assert result.exit_code == EXIT_REJECTED, result.output
    rejected = [ln for ln in result.output.splitlines() if ln.startswith("rejected [read]")]
    assert len(rejected) == 7
    reasons = " | ".join(rejected)
    for expected in ("cannot connect", "too many redirects (more than 3)", "timed out",
                     "unsupported content type (image/png)", "over the 3000-byte limit",
                     "HTTP 404"):
        assert expected in reasons
    with SqliteStore(db) as store:
        assert store.article_count() == 1
        (article,) = store.articles()
        assert article.url == f"{server}/article"
        assert article.title == "Harbour crews contain warehouse fire"
        assert len(store.rejects()) == 7


def test_fetch_urls_cli_build_urls_file(server: str, tmp_path: Path) -> None:
    listing = tmp_path / "list.urls"
    listing.write_text(f"{server}/article\n{server}/missing\n", "utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["build", "--allow-private-redirects", "--urls",
                                      str(listing), "--db", str(db),
                                      *_cli_options()])
    assert result.exit_code == EXIT_REJECTED, result.output
    assert "added 1" in result.output and "stories 1" in result.output


def test_fetch_urls_cli_ingest_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2 and "--urls FILE" in result.output


def test_fetch_urls_refuses_a_redirect_into_the_local_network(server: str) -> None:
    # the URL asked for may be local (the user chose it); a redirect there may not
    options = FetchOptions(concurrency=2, timeout=0.5, deadline=2.0)
    (item,) = fetch_urls([f"{server}/moved"], max_bytes=100_000, options=options)
    assert isinstance(item, Rejection)
    assert "private or loopback" in item.reason and "127.0.0.1" in item.reason
