"""Every command has help with an example; errors are one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

COMMANDS = ["ingest", "build", "stories", "show", "export", "search", "rejects", "check", "serve",
            "demo"]
runner = CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: storyline " in result.output


def test_cli_top_level_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_cli_show_unknown_story_is_a_one_line_error(tmp_path: Path) -> None:
    from storyline.store import SqliteStore

    SqliteStore(tmp_path / "x.db").close()
    result = runner.invoke(app, ["show", "s-nope", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "no story with id 's-nope'" in result.output


def test_cli_export_rejects_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "pdf", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "unknown format" in result.output


def test_cli_bad_database_is_a_one_line_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    result = runner.invoke(app, ["stories", "--db", str(junk)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "junk.db" in result.output


@pytest.mark.parametrize("command", ["ingest", "build", "watch"])
def test_cli_batch_commands_offer_a_dask_scheduler(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "--scheduler <address>" in result.output
    assert "Dask cluster" in result.output and "tcp://" in result.output
