"""A store served by a real ``storyline serve`` child process, and a headless Chromium to drive.

Used by the browser tests, ``scripts/screenshots.py`` and ``benchmarks/bench_web.py``. The
browser is Debian's ``chromium`` with ``chromium-driver``, driven through Selenium (the
``browser`` extra); :func:`browser_missing` says what is absent so that callers can skip.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from storyline.errors import StorylineError, require

# Chromium as root in a closed network: no sandbox (root), no GPU, and none of the background
# requests (updates, sync, safe browsing, QUIC probes) that would fill the log with refusals.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)
SERVE_LINE = re.compile(r"Serving storyline at (http://\S+?)/?\s")


@dataclass(frozen=True)
class BrowserPaths:
    """Where the browser and its WebDriver are."""

    chromium: str
    driver: str


def find_browser() -> BrowserPaths | None:
    """Chromium and chromedriver on the PATH, or None."""
    chromium = next((p for p in map(shutil.which, BROWSER_NAMES) if p), None)
    driver = next((p for p in map(shutil.which, DRIVER_NAMES) if p), None)
    return BrowserPaths(chromium, driver) if chromium and driver else None


def browser_missing() -> str | None:
    """Why no browser can be driven here (None when one can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'storyline[browser]')"
    if find_browser() is None:
        return ("chromium and chromedriver are not on the PATH "
                "(Debian: apt-get install chromium chromium-driver)")
    return None


def start_chromium(width: int, height: int, profile: Path | None = None) -> Any:
    """A headless Chromium WebDriver with a viewport of ``width`` x ``height`` CSS pixels.

    The browser's console is kept (``driver.get_log("browser")``); ``profile`` is its user-data
    directory (a fresh temporary one by default)."""
    webdriver = require("selenium.webdriver", "browser")
    from selenium.webdriver.chrome.service import Service

    paths = find_browser()
    if paths is None:
        raise StorylineError(browser_missing() or "no browser")
    options = webdriver.ChromeOptions()
    options.binary_location = paths.chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    folder = profile or Path(tempfile.mkdtemp(prefix="storyline-chromium-"))
    options.add_argument(f"--user-data-dir={folder}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(paths.driver), options=options)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport exactly ``width`` x ``height`` (a phone is a touch screen
    without scrollbars of its own width)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
    })


@dataclass
class Served:
    """A running ``storyline serve``: its base URL (no trailing slash) and process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _child_env() -> dict[str, str]:
    """The environment of a child that must import this very package."""
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def _wait_for_url(log: Path, process: subprocess.Popen[bytes], deadline: float) -> str:
    while time.monotonic() < deadline:
        found = SERVE_LINE.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise StorylineError("storyline serve did not start: "
                         + log.read_text(encoding="utf-8", errors="replace")[-2000:])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], deadline: float) -> None:
    import httpx

    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200:
                return
        time.sleep(0.1)
    raise StorylineError(f"storyline serve at {url} never answered /healthz")


def free_port() -> int:
    """A port free on 127.0.0.1 now (``serve`` takes another if it is gone by then)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(db: Path | str, timeout: float = 60.0) -> Iterator[Served]:
    """Run ``storyline serve --db DB`` on 127.0.0.1 (a free port) until the block ends."""
    log = Path(tempfile.mkstemp(prefix="storyline-serve-", suffix=".log")[1])
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db),
             "--host", "127.0.0.1", "--port", str(free_port())],
            stdout=sink, stderr=subprocess.STDOUT, env=_child_env(), stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + timeout
        url = _wait_for_url(log, process, deadline)
        _wait_healthy(url, process, deadline)
        yield Served(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def run_cli(*args: str, timeout: float = 600.0) -> subprocess.CompletedProcess[str]:
    """Run a ``storyline`` command in a child process (its output captured)."""
    return subprocess.run([sys.executable, "-m", "storyline.cli", *args], env=_child_env(),
                          capture_output=True, text=True, timeout=timeout, check=False,
                          stdin=subprocess.DEVNULL)


@dataclass(frozen=True)
class Fetched:
    """One crawled address (path and query) and what it answered."""

    path: str
    status: int
    content_type: str
    size: int


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` and ``<link>`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link"):
            self.links.extend(v for k, v in attrs if k == "href" and v)


def crawl(base: str, starts: Iterable[str] = ("/",), limit: int = 50_000) -> dict[str, Fetched]:
    """Every address reachable from ``starts`` through the links of the server's HTML pages
    (same server only, fragments dropped), fetched once each: path and query -> answer."""
    import httpx

    todo = list(starts)
    seen = set(todo)
    found: dict[str, Fetched] = {}
    with httpx.Client(base_url=base, timeout=60.0) as client:
        while todo and len(found) < limit:
            path = todo.pop(0)
            resp = client.get(path)
            kind = resp.headers.get("content-type", "")
            found[path] = Fetched(path, resp.status_code, kind, len(resp.content))
            if not kind.startswith("text/html"):
                continue
            parser = _Links()
            parser.feed(resp.text)
            for href in parser.links:
                url = urlsplit(urljoin(base + path, href))
                if f"{url.scheme}://{url.netloc}" != base:
                    continue
                target = url.path + (f"?{url.query}" if url.query else "")
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return found


def page_kind(path: str) -> str:
    """What a page is, from its address: front, story, section (a story's full section),
    copies (its aligned passages), article, evidence (an article with a highlighted span),
    search, rejects, entity, ... (else the first part of the path)."""
    route, _, query = path.partition("?")
    if route == "/":
        return "front"
    parts = route.strip("/").split("/")
    if parts[0] == "article" and "hl=" in query:
        return "evidence"
    if parts[0] == "story" and len(parts) == 3:
        return "copies" if parts[2] == "copies" else "section"
    return parts[0]


def pages_by_kind(found: dict[str, Fetched]) -> dict[str, str]:
    """For each kind of HTML page crawled, its largest page (the hardest to lay out)."""
    best: dict[str, Fetched] = {}
    for item in found.values():
        if item.status != 200 or not item.content_type.startswith("text/html"):
            continue
        kind = page_kind(item.path)
        if kind not in best or item.size > best[kind].size:
            best[kind] = item
    return {kind: item.path for kind, item in best.items()}
