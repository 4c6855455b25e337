"""Opening a database for reading never writes to it; a foreign database is refused."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import Pipeline
from storyline.cli import app
from storyline.errors import StoreError
from storyline.store import SqliteStore

runner = CliRunner()
TEXT = "Harbour strike ends\n\nDockworkers in Harlow returned to work on Monday.\n"


def _built(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "news.db"
    pipe = Pipeline(db)
    pipe.run([tmp_path / "a.txt"])
    pipe.close()
    return db


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes read-only files anyway")
def test_read_commands_work_on_a_read_only_database(tmp_path: Path) -> None:
    db = _built(tmp_path)
    for path in tmp_path.glob("news.db*"):
        path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        for args in (["stories"], ["search", "strike"], ["rejects"]):
            result = runner.invoke(app, [*args, "--db", str(db)])
            assert result.exit_code == 0, result.output
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_reading_opens_without_writing(tmp_path: Path) -> None:
    db = _built(tmp_path)
    before = db.stat().st_mtime_ns
    store = SqliteStore(db, readonly=True)
    assert store.readonly
    with pytest.raises(sqlite3.OperationalError):
        store._conn.execute("CREATE TABLE x (y)")
    store.close()
    assert db.stat().st_mtime_ns == before


def test_a_missing_database_is_an_error_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        SqliteStore(tmp_path / "nothing.db", readonly=True)
    assert not (tmp_path / "nothing.db").exists()


@pytest.mark.parametrize("readonly", [False, True])
def test_a_foreign_database_is_refused_and_left_alone(tmp_path: Path, readonly: bool) -> None:
    db = tmp_path / "other-program.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a storyline database"):
        SqliteStore(db, readonly=readonly)
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"customers"}


def test_cli_refuses_a_foreign_database_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    result = runner.invoke(app, ["stories", "--db", str(db)])
    assert result.exit_code == 1
    assert "not a storyline database" in result.output
    assert "Traceback" not in result.output


def test_the_web_app_answers_only_its_own_host_names(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    store = SqliteStore(_built(tmp_path), readonly=True)
    client = TestClient(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]),
                        base_url="http://127.0.0.1:8765")
    assert client.get("/").status_code == 200
    rebinding = client.get("/api/dossier.json", headers={"Host": "attacker.example"})
    assert rebinding.status_code == 400
    store.close()
