"""Bad inputs: one clear line each, logged in the rejects log, the run goes on, exit code 3."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import EXIT_REJECTED, app
from storyline.store import Store

runner = CliRunner()
GOOD = (
    "Harbour crews contain warehouse fire\n\n"
    "Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    "fire service said, after crews worked through the night to stop it spreading.\n\n"
    "No one was injured, a spokeswoman for the service said.\n"
)


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes(GOOD.replace("city's", "città").encode("latin-1"))
    huge = folder / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(100 * 1024 * 1024)
    return folder


def test_cli_bad_files_are_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(_mixed_folder(tmp_path)), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("rejected")]
    named = {Path(ln.split("] ", 1)[1].split(":", 1)[0]).name for ln in lines}
    assert named == {"empty.txt", "binary.html", "huge.txt"}
    with Store(db) as store:
        assert store.article_count() == 2  # good.txt and the latin-1 file
        assert len(store.rejects()) == 3


def test_cli_rerun_stores_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    folder = _mixed_folder(tmp_path)
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    with Store(db) as store:
        assert store.article_count() == 2
        assert len(store.rejects()) == 3


def test_cli_ten_thousand_files_stream_through(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_bytes(b"" if i % 2 else b"\x00\x01\x02" * 10)
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED
    with Store(db) as store:
        assert len(store.rejects()) == 10_000
    assert os.path.getsize(db) > 0
