"""Every user error is one line naming the file or setting, with exit code 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import Pipeline
from storyline.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "a.txt").write_text("Harbour strike ends\n\nDockworkers in Harlow returned to "
                                  "work on Monday.\n", encoding="utf-8")
    path = folder / "news.db"
    pipe = Pipeline(path)
    pipe.run([folder / "a.txt"])
    pipe.close()
    return path


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for word in words:
        assert word in lines[0]


def test_export_to_a_missing_folder_or_a_folder(db: Path, tmp_path: Path) -> None:
    _one_line_error(runner.invoke(app, ["export", "-o", str(tmp_path / "no" / "y.json"),
                                        "--db", str(db)]), "y.json", "cannot write")
    _one_line_error(runner.invoke(app, ["export", "-o", str(tmp_path), "--db", str(db)]),
                    "cannot write")


def test_missing_or_malformed_config(db: Path, tmp_path: Path) -> None:
    _one_line_error(runner.invoke(app, ["stories", "--config", str(tmp_path / "none.toml"),
                                        "--db", str(db)]), "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("db = [\n", encoding="utf-8")
    _one_line_error(runner.invoke(app, ["stories", "--config", str(bad), "--db", str(db)]),
                    "bad.toml")


def test_bad_environment_setting(db: Path) -> None:
    result = runner.invoke(app, ["stories", "--db", str(db)], env={"STORYLINE_WORKERS": "abc"})
    _one_line_error(result, "workers")


def test_corrupted_database(tmp_path: Path, db: Path) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(db.read_bytes()[:4096] + b"garbage" * 3000)
    _one_line_error(runner.invoke(app, ["stories", "--db", str(corrupt)]), "corrupt.db")


def test_export_as_csv(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    import csv

    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert len(rows) > 1 and any("Harbour strike ends" in cell for row in rows for cell in row)
