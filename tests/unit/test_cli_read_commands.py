"""Read-only commands: they never create a database, and article text is never Rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()


@pytest.mark.parametrize("args", [
    ["stories"], ["show", "s-123"], ["export", "--format", "json"], ["search", "grain"],
    ["rejects"], ["serve"], ["build"],
])
def test_cli_read_commands_need_an_existing_database(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "missing" / "none.db"
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 1
    assert "no such database" in result.output
    assert not db.exists() and not db.parent.exists()


def test_cli_stories_prints_markup_like_headlines_verbatim(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    headline = "Grain tariff [/b] talks [link=http://x.invalid]resume[/link] in Rivena"
    (folder / "a.txt").write_text(
        f"{headline}\n\nNegotiators from Carvossa and Thalmira met in Rivena on Tuesday to "
        "discuss the grain tariff, officials said. The talks lasted six hours.\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["build", str(folder), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["stories", "--db", str(db)], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.output and "[link=http://x.invalid]" in result.output


@pytest.mark.parametrize("args, said", [
    (["--host", "no-such-host.invalid"], "cannot listen on host 'no-such-host.invalid'"),
    (["--port", "70000"], "Invalid value for '--port'"),
])
def test_cli_serve_on_an_address_it_cannot_use_says_so_in_one_line(
        demo_db: Path, args: list[str], said: str) -> None:
    result = runner.invoke(app, ["serve", "--db", str(demo_db), *args])
    assert result.exit_code in (1, 2)
    assert said in result.output
    assert "Traceback" not in result.output
