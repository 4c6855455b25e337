"""Shared fixtures: the one conftest of the test suite."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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


# Worker processes import the crashing callables by module name (or get them pickled by value,
# on Dask), so they live in a module file of their own.
_CRASH_MODULE = '''
import dataclasses
import os


@dataclasses.dataclass(frozen=True)
class DyingStage:
    """Records one sentence span; ends its process on articles that contain KILLME."""

    name: str = "dying"
    version: str = "1"
    requires: frozenset = frozenset({"text"})
    provides: frozenset = frozenset({"sentences", "mentions"})
    extra: object = None
    parses: bool = False

    def setup(self):
        return None

    def process(self, article, annotations, doc):
        if "KILLME" in article.text:
            os._exit(7)
        return dataclasses.replace(annotations, sentences=((0, len(article.text)),))


class NoStories:
    """A group stage that places nothing (the crash tests look at annotation only)."""

    name = "no_stories"
    version = "1"
    requires = frozenset({"annotations.sentences"})
    provides = frozenset({"stories"})
    extra = None
    scope = "new"

    def run(self, corpus, context):
        from storyline.pipeline import StageResult

        return StageResult(corpus)


def negate_or_die(batch):
    if 13 in batch:
        os._exit(3)
    return [-x for x in batch]
'''


@pytest.fixture(scope="session")
def crash_module_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``storyline_crash_mod.py`` (see ``crash_module``)."""
    folder = tmp_path_factory.mktemp("mods")
    (folder / "storyline_crash_mod.py").write_text(textwrap.dedent(_CRASH_MODULE),
                                                   encoding="utf-8")
    return folder


@pytest.fixture
def crash_module(crash_module_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A module of callables that end their process on a marked item (``os._exit``): a stage
    (``DyingStage``, on articles containing KILLME), a group stage that places nothing
    (``NoStories``) and a batch function (``negate_or_die``, on 13). Local worker processes
    import it through ``PYTHONPATH``; the ``dask_cluster`` processes have it on theirs."""
    monkeypatch.syspath_prepend(str(crash_module_dir))
    monkeypatch.setenv("PYTHONPATH", str(crash_module_dir))
    import storyline_crash_mod

    yield storyline_crash_mod
    sys.modules.pop("storyline_crash_mod", None)


@dataclass
class DaskCluster:
    """A real Dask scheduler and worker processes on 127.0.0.1 (see ``dask_cluster``)."""

    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def client(self) -> Any:
        """A client of the cluster (close it after use)."""
        from distributed import Client

        return Client(self.address, timeout="10s", set_as_default=False)

    def wait_for_workers(self, n: int, timeout: float = 60.0) -> None:
        """Wait until ``n`` workers are connected (a nanny restarts a killed one)."""
        client = self.client()
        try:
            client.wait_for_workers(n, timeout=timeout)
        finally:
            client.close()


def _start(cmd: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the child keeps its own handle
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End a process we started and everything in its session (a worker's nanny and child)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # a worker the nanny left behind


def _scheduler_address(info: Path, scheduler: subprocess.Popen[bytes], log: Path) -> str:
    """The address the scheduler wrote to its scheduler file, once it has written it."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return str(json.loads(info.read_text(encoding="utf-8"))["address"])
        except (OSError, ValueError, KeyError):
            pass
        if scheduler.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the Dask scheduler did not start: {text[-2000:]}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory, crash_module_dir: Path
                 ) -> Iterator[DaskCluster]:
    """A ``dask scheduler`` and two ``dask worker`` processes (one worker process of one
    thread each, behind a nanny that restarts it when it dies), on 127.0.0.1 at free ports,
    no dashboards; they import this checkout's ``src`` and the ``crash_module``. Stopped
    after the module."""
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO / "src"), str(crash_module_dir), os.environ.get("PYTHONPATH", ""))
        if p)}
    scheduler = _start([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                        "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
                       folder / "scheduler.log", env)
    cluster = DaskCluster("", scheduler)
    try:
        cluster.address = _scheduler_address(info, scheduler, folder / "scheduler.log")
        for k in range(2):
            cluster.workers.append(_start(
                [sys.executable, "-m", "dask", "worker", cluster.address, "--nworkers", "1",
                 "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard",
                 "--local-directory", str(folder / f"worker{k}")],
                folder / f"worker{k}.log", env))
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        for proc in [*cluster.workers, scheduler]:
            _stop(proc)


# --------------------------------------------------------------------------- poisoned builds


@pytest.fixture
def poisoned(make_article: Callable[..., Article], crash_module: Any
             ) -> Callable[[Any], tuple[Any, list[Article], Article]]:
    """``poisoned(settings)``: a pipeline on ``settings.db`` whose chain ends its worker process
    on one of twelve stored articles (``crash_module``), with the eleven good ones and the bad
    one."""
    from storyline.pipeline import Pipeline

    def make(settings: Any) -> tuple[Any, list[Article], Article]:
        pipe = Pipeline(settings.db, settings=settings, doc_stages=[crash_module.DyingStage()],
                        group_stages=[crash_module.NoStories()])
        good = [make_article(f"Headline {i}\n\nThe council met on day {i} to vote.",
                             source_path=f"in/{i}.txt") for i in range(11)]
        bad = make_article("Headline\n\nThe KILLME article.", source_path="in/bad.txt")
        pipe.store.add_articles([(a, None) for a in [*good[:5], bad, *good[5:]]])
        return pipe, good, bad

    return make


# --------------------------------------------------------------------------- dossiers compared

# what two builds of the same input never share: when each story change was stored
RUN_TIME_FIELDS = (("story_changes", "at"),)


def comparable_dossier(doc: dict[str, Any] | str) -> dict[str, Any]:
    """A dossier (or its JSON text) without the fields two builds never share."""
    out = json.loads(doc) if isinstance(doc, str) else doc
    for section, key in RUN_TIME_FIELDS:
        for item in out.get(section, []):
            item.pop(key, None)
    return out


def stored_dossier(db: Path | str) -> dict[str, Any]:
    """The whole dossier of a store, read only, as :func:`comparable_dossier` gives it."""
    from storyline.pipeline import Pipeline

    pipe = Pipeline(db, readonly=True)
    try:
        return comparable_dossier(pipe.export("json"))
    finally:
        pipe.close()


@pytest.fixture(scope="session")
def comparable() -> Callable[[dict[str, Any] | str], dict[str, Any]]:
    """:func:`comparable_dossier`."""
    return comparable_dossier


@pytest.fixture(scope="session")
def stored() -> Callable[[Path | str], dict[str, Any]]:
    """:func:`stored_dossier`: ``stored(db)``, the dossier a store holds, run times left out."""
    return stored_dossier


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
