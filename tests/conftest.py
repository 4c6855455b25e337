"""Shared fixtures: the one conftest of the test suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.model import Article, content_id

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared (seed articles and evaluation datasets) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    """The seed articles: five real overlapping reports of one event."""
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is absent")
    return path


@pytest.fixture(scope="session")
def datasets_dir(shared_dir: Path) -> Path:
    """The public evaluation datasets."""
    path = shared_dir / "datasets"
    if not path.is_dir():
        pytest.skip("../shared/datasets is absent")
    return path


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The bundled demo corpus."""
    return REPO / "src" / "storyline" / "demo" / "corpus"


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Build an Article from a text (and any metadata) with a content-hash id."""

    def make(text: str, **fields: object) -> Article:
        source_path = str(fields.pop("source_path", "test.txt"))
        art_id = str(fields.pop("id", content_id("a", source_path, text)))
        return Article(id=art_id, text=text, source_path=source_path, **fields)  # type: ignore[arg-type]

    return make


# --------------------------------------------------------------------------- built stores


def build_store(db: Path, *inputs: Path) -> Path:
    """Ingest and build ``inputs`` into a new store at ``db`` (one worker, this process)."""
    from storyline.config import load_settings
    from storyline.pipeline import Pipeline

    pipe = Pipeline(settings=load_settings(db=str(db), workers=1))
    try:
        pipe.run([str(p) for p in inputs])
    finally:
        pipe.close()
    return db


@pytest.fixture(scope="session")
def store_builder() -> Callable[..., Path]:
    """:func:`build_store`: ``store_builder(db, *inputs)`` ingests and builds a new store."""
    return build_store


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> Path:
    """A store holding the built demo corpus (read it, never write it)."""
    return build_store(tmp_path_factory.mktemp("demo-store") / "demo.db", demo_dir)


HOSTILE_TITLE_WORD = "longword<i>x</i> "
HOSTILE_TITLE_WORDS = 1_000_000 // len(HOSTILE_TITLE_WORD)  # a title of 1 MB


def hostile_records() -> list[dict[str, str]]:
    """Articles whose text, title, outlet and URL carry markup, event handlers and
    ``javascript:`` URLs, one with a title of about 1 MB; they make stories of their own."""
    body = (
        "Negotiators from Carvossa and Thalmira met in Rivena on Tuesday to discuss the grain "
        "tariff, officials said. <script>alert('text')</script> The trade minister, Ilsa "
        "Marrow, said: \"We will not accept <img src=x onerror=alert('quote')> any tariff "
        "above ten percent.\" A link <a href=\"javascript:alert('href')\">click</a> and "
        "<div onmouseover=\"alert('hover')\">hover</div> were in the page. The talks lasted "
        "six hours and will resume on Friday, the ministry said.\n\n"
    )
    return [
        {"title": "<script>alert('title')</script> Grain tariff talks resume in Rivena",
         "outlet": "<b onclick=alert('outlet')>Evil Wire</b>",
         "url": "javascript:alert('url')", "date": "2025-03-11T09:00:00Z",
         "text": body * 3},
        {"title": "Grain tariff talks \"><svg onload=alert('t2')> go on in Rivena",
         "outlet": "Copy Daily", "url": "https://example.org/x?<script>",
         "date": "2025-03-11T10:00:00Z", "text": body * 3 + "Copied from Evil Wire.\n"},
        {"title": "Tariff " + HOSTILE_TITLE_WORD * HOSTILE_TITLE_WORDS,
         "outlet": "Long Title Gazette", "url": "https://example.org/long",
         "date": "2025-03-12T09:00:00Z",
         "text": "The harbour authority of Portvale reopened the northern quay on Monday "
                 "after repairs, a spokesman said. <iframe src=javascript:alert(1)></iframe> "
                 "Ships waited two days to unload grain.\n"},
    ]


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from :func:`hostile_records` (a JSON Lines file, ingested as any feed)."""
    import json

    folder = tmp_path_factory.mktemp("hostile-store")
    feed = folder / "hostile.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in hostile_records()), encoding="utf-8")
    return build_store(folder / "hostile.db", feed)


# --------------------------------------------------------------------------- a real browser


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip, with the reason, where no Chromium can be driven."""
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    from storyline.web.harness import browser_missing

    reason = browser_missing()
    if reason:
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=f"no browser: {reason}"))


@pytest.fixture(scope="session")
def live_demo(demo_db: Path) -> Iterator[str]:
    """The base URL of a real ``storyline serve`` child process serving the demo store."""
    from storyline.web.harness import serve

    with serve(demo_db) as served:
        yield served.url


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium (Selenium WebDriver) for the session; tests set its viewport."""
    from storyline.web.harness import start_chromium

    driver = start_chromium(1400, 900, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


# ---------------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path | None:
    """The folder of PostgreSQL's server programs (``initdb``, ``pg_ctl``), if installed."""
    import glob
    import shutil
    import subprocess

    candidates: list[Path] = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                           key=lambda p: int(Path(p).parent.name)
                                           if Path(p).parent.name.isdigit() else 0,
                                           reverse=True)]
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb") or "").parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


class PgServer:
    """A throwaway PostgreSQL server of the test session: trust authentication, loopback only."""

    def __init__(self, host: str, port: int, user: str) -> None:
        self.host, self.port, self.user = host, port, user
        self._count = 0

    def url(self, dbname: str) -> str:
        """The URL of one of its databases."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        import uuid

        import psycopg

        self._count += 1
        name = f"t{self._count}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server started for the session in a temporary folder, on 127.0.0.1 and a
    free port with its socket in that folder (as the unprivileged user ``nobody`` when the
    tests run as root), trusting local connections; stopped and removed at the end. Skips when
    the ``postgres`` extra or the server programs are missing."""
    import os
    import pwd
    import shutil
    import socket
    import subprocess
    import tempfile

    pytest.importorskip("psycopg", reason="the 'postgres' extra (psycopg) is not installed")
    pytest.importorskip("psycopg_pool", reason="the 'postgres' extra (psycopg-pool) is not "
                        "installed")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server programs (initdb, pg_ctl): install PostgreSQL, "
                    "e.g. Debian's postgresql package")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            owner = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("running as root and there is no user 'nobody' to run PostgreSQL as")
        if not shutil.which("runuser"):
            pytest.skip("running as root and there is no 'runuser' to run PostgreSQL as nobody")
        prefix = ["runuser", "-u", "nobody", "--"]
    base = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, log = base / "data", base / "server.log"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, cwd=base,
                              timeout=120)

    for locale in ("--locale=C.UTF-8", "--no-locale"):  # C.UTF-8: text search knows letters
        done = run(str(bindir / "initdb"), "-D", str(data), "-U", "storyline", "--auth=trust",
                   "-E", "UTF8", locale, "--no-sync")
        if done.returncode == 0:
            break
        shutil.rmtree(data, ignore_errors=True)
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"initdb failed: {done.stderr[-2000:]}")
    for _attempt in range(3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        options = (f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        started = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                      "-o", options, "start")
        if started.returncode == 0:
            break
    else:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else started.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"the PostgreSQL server did not start: {tail}")
    try:
        yield PgServer("127.0.0.1", port, "storyline")
    finally:
        # immediate: the data is thrown away, so no shutdown checkpoint is needed
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a new empty database on the session's PostgreSQL server."""
    return pg_server.new_database()


@pytest.fixture(params=["sqlite", "postgres"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new store goes, once per backend: an SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("pg_url"))
