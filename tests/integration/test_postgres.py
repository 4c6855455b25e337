"""The PostgreSQL store on a real server: the same export as SQLite, several writers at once,
builds that wait for each other, readers beside writers, runs of dead processes, migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import Pipeline
from storyline.cli import app
from storyline.demo import corpus_dir
from storyline.errors import StoreError
from storyline.model import Article, content_id
from storyline.pipeline.runner import WAITING
from storyline.store import open_store

REPO = Path(__file__).resolve().parents[2]
def _demo_files() -> list[Path]:
    return sorted(p for p in corpus_dir().iterdir() if p.is_file())


def _children(code: str, argv: list[list[str]], go: Path) -> list[subprocess.Popen[str]]:
    """Start one Python process per argument list, all waiting for ``go`` to exist."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(go), *args], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for args in argv]
    time.sleep(0.5)  # let them import and open the store
    go.touch()
    return procs


def _finish(procs: list[subprocess.Popen[str]]) -> list[str]:
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        outs.append(out + err)
    return outs


def _reads(store: Any) -> dict[str, Any]:
    """What the web app and the CLI read besides the export (times left out)."""
    summaries = [{k: v for k, v in s.items() if k != "updated"} for s in store.story_summaries()]
    first = store.stories()[0]
    return {
        "summaries": summaries,
        "entities": [e.id for e in store.find_entities("a")],
        "exact": [e.id for e in store.find_entities("PORTVALE", exact=True)],
        "entity": store.get_entity(store.find_entities("a")[0].id),
        "story": store.load_story(first.id).articles,
        "members": store.story_members([first.id]),
        "search": [store.search(q).total for q in ("strike", "talks OR deal", '"dam"', "port*")],
    }


def test_postgres_demo_export_equals_sqlite(tmp_path: Path, pg_url: str,
                                            comparable: Any) -> None:
    exports, reads = [], []
    for db in (str(tmp_path / "demo.db"), pg_url):
        with Pipeline(db) as pipe:
            pipe.run([corpus_dir()])
            assert pipe.store.check() == []
            exports.append(comparable(pipe.export("json")))
            reads.append(_reads(pipe.store))
    sqlite, postgres = exports
    assert len(postgres["articles"]) == len(_demo_files())
    assert postgres["stories"] and postgres["story_changes"]
    assert postgres == sqlite
    assert reads[0]["entities"] and reads[0]["exact"] and all(reads[0]["search"])
    assert reads[1] == reads[0]


_INGEST = """
import sys, time
from pathlib import Path
from storyline import Pipeline
go, url, *paths = sys.argv[1:]
pipe = Pipeline(url)
while not Path(go).exists():
    time.sleep(0.005)
report = pipe.ingest(paths)
print("ADDED", report.added, report.duplicates)
"""


def test_postgres_processes_ingesting_overlapping_inputs_store_each_article_once(
        tmp_path: Path, pg_url: str) -> None:
    files = [str(p) for p in _demo_files()]
    # four overlapping thirds, each in another order
    parts = [files[i * 12:i * 12 + 24] for i in range(4)]
    parts = [part[::-1] if i % 2 else part for i, part in enumerate(parts)]
    procs = _children(_INGEST, [[pg_url, *part] for part in parts], tmp_path / "go")
    added = [int(line.split()[1]) for out in _finish(procs) for line in out.splitlines()
             if line.startswith("ADDED")]
    with open_store(pg_url) as store:
        distinct = len({p for part in parts for p in part})
        assert store.article_count() == distinct
        assert sum(added) == distinct  # each article counted by the one process that stored it
        assert len({a.id for a in store.articles()}) == distinct
        assert store.check() == []


_ADD = """
import random, sys, time
from pathlib import Path
from storyline.model import Article, content_id
from storyline.store import open_store
go, url, seed = sys.argv[1:]
arts = [Article(id=content_id("a", str(i)), text=f"Report {i}\\n\\nText number {i}.",
                source_path=f"{i}.txt", raw_sha256=f"sha{i}") for i in range(300)]
random.Random(int(seed)).shuffle(arts)
store = open_store(url)
while not Path(go).exists():
    time.sleep(0.005)
added = 0
for start in range(0, 300, 20):
    added += store.add_articles([(a, b"raw") for a in arts[start:start + 20]])
print("ADDED", added)
"""


def test_postgres_concurrent_article_batches_never_duplicate_or_lose(tmp_path: Path,
                                                                     pg_url: str) -> None:
    procs = _children(_ADD, [[pg_url, str(seed)] for seed in range(4)], tmp_path / "go")
    added = [int(out.split("ADDED")[1].split()[0]) for out in _finish(procs)]
    with open_store(pg_url) as store:
        assert store.article_count() == 300 and sum(added) == 300
        assert store.check() == []


_BUILD = """
import sys, time
from pathlib import Path
from storyline import Pipeline
go, url = sys.argv[1:]
pipe = Pipeline(url, notify=lambda message: print("NOTE", message, flush=True))
while not Path(go).exists():
    time.sleep(0.005)
report = pipe.build()
print("BUILT", report.annotated, report.stories)
"""


def test_postgres_two_builds_at_once_wait_for_each_other(tmp_path: Path, pg_server: Any,
                                                         comparable: Any) -> None:
    files = _demo_files()[:6]
    shared, single = pg_server.new_database(), pg_server.new_database()
    for url in (shared, single):
        with Pipeline(url) as pipe:
            pipe.ingest(files)
    procs = _children(_BUILD, [[shared], [shared]], tmp_path / "go")
    outs = _finish(procs)
    assert sum(WAITING in out for out in outs) == 1, outs
    annotated = sorted(int(out.split("BUILT")[1].split()[0]) for out in outs)
    assert annotated == [0, len(files)]  # the second found everything built
    with Pipeline(single) as pipe:
        pipe.build()
        alone = comparable(pipe.export("json"))
    with Pipeline(shared) as pipe:
        assert pipe.store.check() == []
        assert comparable(pipe.export("json")) == alone


def test_postgres_readers_read_while_a_writer_writes(pg_url: str, make_article) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    first = make_article("First\n\nThe first report.")
    with open_store(pg_url) as store:
        store.add_articles([(first, None)])
    reader = open_store(pg_url, readonly=True)
    before = reader.version()
    writer = psycopg.connect(pg_url)
    writer.execute("INSERT INTO articles(id, source_path, text, data, raw_sha256, text_length, "
                   "text_md5) SELECT 'a-late', source_path, text, data, '', text_length, "
                   "text_md5 FROM articles")  # an open transaction, not committed
    assert reader.article_count() == 1  # not blocked, and the uncommitted row is not seen
    writer.commit()
    writer.close()
    assert reader.article_count() == 2
    with pytest.raises(Exception, match="read-only"):
        reader.add_rejections([])  # a read-only store's transactions write nothing
    with open_store(pg_url) as store:
        store.add_articles([(make_article("Second\n\nAnother report."), None)])
    assert reader.version() != before
    reader.close()


_HOLD = """
import os, sys, time
from pathlib import Path
from storyline.store import open_store
release, url = sys.argv[1:]
store = open_store(url)
print(store.start_run("build", exclusive=True), flush=True)
while not Path(release).exists():
    time.sleep(0.01)
os._exit(0)  # dies without finishing its run
"""


def test_postgres_exclusive_runs_hold_across_processes_and_die_with_them(
        tmp_path: Path, pg_url: str) -> None:
    import psycopg

    release = tmp_path / "release"
    child = subprocess.Popen([sys.executable, "-c", _HOLD, str(release), pg_url],
                             env={**os.environ, "PYTHONPATH": str(REPO / "src")},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    line = child.stdout.readline().strip()
    assert line, child.stderr.read()[-3000:]
    held = int(line)
    with open_store(pg_url) as store:
        with pytest.raises(StoreError, match="another build is running .process"):
            store.start_run("build", exclusive=True)  # the other process's run is alive
        release.touch()
        assert child.wait(60) == 0
        run = store.start_run("build", exclusive=True)  # its holder is gone
        store.finish_run(run, "ok", {})
    with psycopg.connect(pg_url) as conn:
        status = dict(conn.execute("SELECT id, status FROM runs").fetchall())
    assert status == {held: "interrupted", run: "ok"}


def test_postgres_migrations_and_foreign_databases(pg_server: Any) -> None:
    import psycopg

    from storyline.store.postgres_schema import SCHEMA_VERSION

    url = pg_server.new_database()
    with pytest.raises(StoreError, match="no storyline store"):
        open_store(url, readonly=True)
    open_store(url).close()
    open_store(url).close()  # a second opening applies nothing again
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*), max(version) FROM schema_version").fetchone() \
            == (SCHEMA_VERSION, SCHEMA_VERSION)
        conn.execute("INSERT INTO schema_version(version, note) SELECT 999, note FROM "
                     "schema_version LIMIT 1")
    with pytest.raises(StoreError, match="newer"):
        open_store(url)
    foreign = pg_server.new_database()
    with psycopg.connect(foreign, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a storyline database .* invoices"):
        open_store(foreign)
    with psycopg.connect(foreign) as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = 'public'").fetchall()}
    assert tables == {"invoices"}  # nothing was changed


def test_postgres_hostile_text_is_stored_and_searched(pg_url: str) -> None:
    text = "Nul\x00byte \ue000marker\ue001 " + "wörd " * 60_000
    art = Article(id=content_id("a", "x"), text=text, source_path="x\x00.txt", title="Nul")
    with open_store(pg_url) as store:
        assert store.add_articles([(art, b"\x00raw")]) == 1
        assert store.get_article(art.id) == art  # the record is kept exactly
        page = store.search("marker")
        assert page.total == 1 and page.hits[0].snippet.count("marker") == 1
        assert store.search("wörd").total == 1


def test_postgres_search_hit_in_a_1mb_text_answers_quickly_with_a_short_snippet(
    pg_url: str,
) -> None:
    text = "Tariff " + "longword<i>x</i> " * 60_000  # 1 MB, every word a match
    art = Article(id=content_id("a", "big"), text=text, source_path="big.txt")
    with open_store(pg_url) as store:
        store.add_articles([(art, None)])
        started = time.monotonic()
        page = store.search("longword")
        took = time.monotonic() - started
    assert took < 10.0, f"{took:.1f} s"
    assert page.total == 1 and len(page.hits[0].snippet) <= 400
    hit = page.hits[0]
    assert hit.marks and all(hit.snippet[a:b].lower() == "longword" for a, b in hit.marks)


def test_postgres_cli_takes_the_url_from_db_and_the_environment(pg_url: str) -> None:
    runner = CliRunner()
    files = [str(p) for p in _demo_files()[:2]]
    done = runner.invoke(app, ["ingest", *files, "--db", pg_url])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["search", "port", "--limit", "5"], env={"STORYLINE_DB": pg_url})
    assert listed.exit_code == 0, listed.output
    checked = runner.invoke(app, ["check"], env={"STORYLINE_DB": pg_url})
    assert checked.exit_code == 0 and "ok: 2 articles" in checked.output
    missing = runner.invoke(app, ["stories", "--db", pg_url.rsplit("/", 1)[0] + "/nowhere"])
    assert missing.exit_code == 1 and missing.output.startswith("error: ")


def test_postgres_web_app_serves_a_built_store(pg_url: str) -> None:
    pytest.importorskip("fastapi", reason="the 'web' extra is not installed")
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    with Pipeline(pg_url) as pipe:
        pipe.run(_demo_files()[:4])
        story = pipe.store.stories()[0]
        article = story.article_ids[0]
    with open_store(pg_url, readonly=True) as store:
        client = TestClient(create_app(store))
        for path in ("/", f"/story/{story.id}", f"/article/{article}?q=port", "/search?q=port*",
                     "/healthz", "/api/dossier.json"):
            page = client.get(path)
            assert page.status_code == 200, (path, page.text[:300])
        assert "<mark" in client.get("/search?q=port*").text


def test_postgres_keeps_story_views_and_serves_pages_from_them(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fastapi", reason="the 'web' extra is not installed")
    from fastapi.testclient import TestClient

    from storyline.config import load_settings
    from storyline.report.html import SECTION_KEYS
    from storyline.report.page import read_marks, read_page
    from storyline.web.app import create_app

    with Pipeline(pg_url, settings=load_settings(db=pg_url, page_min_articles=1)) as pipe:
        pipe.run(_demo_files()[:6])
    with open_store(pg_url, readonly=True) as store:
        assert store.check() == []
        story = max(store.stories(), key=lambda s: len(s.article_ids))
        assert read_page(store.view("page", story.id)) is not None
        assert all(read_marks(store.view("marks", a)) is not None for a in story.article_ids)
        assert store.load_story(story.id).stories[0].id == story.id  # views are no records
        paths = [f"/story/{story.id}", *(f"/article/{a}" for a in story.article_ids),
                 *(f"/story/{story.id}/{key}" for key in SECTION_KEYS)]
        assert all(store.view("section", f"{story.id}/{key}/1") for key in SECTION_KEYS)
        stored = [TestClient(create_app(store)).get(p).text for p in paths]
        monkeypatch.setattr(store, "view", lambda *_: None)
        live = [TestClient(create_app(store)).get(p).text for p in paths]
    assert stored == live
