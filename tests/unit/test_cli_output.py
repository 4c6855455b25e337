"""What ``show`` and ``stories`` write: the plain document when piped, a rendering on a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import cli
from storyline.config import load_settings
from storyline.pipeline import Pipeline
from storyline.store import open_store
from storyline.stories.terms import days

runner = CliRunner()


def _stories(db: Path) -> list[tuple[str, int, str, str]]:
    store = open_store(db, readonly=True)
    try:
        return [(s.id, len(s.article_ids), s.first_published or "", s.title)
                for s in store.stories()]
    finally:
        store.close()


def _markdown(db: Path, story_id: str) -> str:
    pipe = Pipeline(settings=load_settings(db=str(db)), readonly=True)
    try:
        return pipe.export("md", [story_id])
    finally:
        pipe.close()


def test_cli_show_piped_is_exactly_the_markdown_document(demo_db: Path) -> None:
    story = max(_stories(demo_db), key=lambda s: s[1])[0]
    result = runner.invoke(cli.app, ["show", story, "--db", str(demo_db)], terminal_width=60)
    assert result.exit_code == 0, result.output
    expected = _markdown(demo_db, story)
    assert result.stdout == (expected if expected.endswith("\n") else expected + "\n")
    rows = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert len(rows) > 5 and all(line.endswith("|") for line in rows)  # tables whole


def test_cli_show_on_a_terminal_renders_the_markdown(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    story = max(_stories(demo_db), key=lambda s: s[1])[0]
    result = runner.invoke(cli.app, ["show", story, "--db", str(demo_db)], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "|---|" not in result.stdout and "# Story dossier" not in result.stdout
    assert "Story dossier" in result.stdout


def test_cli_stories_piped_is_one_tab_separated_line_per_story(demo_db: Path) -> None:
    result = runner.invoke(cli.app, ["stories", "--db", str(demo_db)], terminal_width=40)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "articles", "first published", "title"]
    expected = [[sid, str(count), first, " ".join(title.split())]
                for sid, count, first, title in _stories(demo_db)]
    got = [line.split("\t") for line in lines[1:]]
    assert sorted(got) == sorted(expected)
    firsts = [days(first) for _, _, first, _ in got]
    assert all(x is not None for x in firsts)  # every demo story is dated
    assert firsts == sorted(firsts, reverse=True)  # the newest first


def test_cli_stories_on_a_terminal_keeps_ids_and_whole_titles(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    result = runner.invoke(cli.app, ["stories", "--db", str(demo_db)], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    words = result.stdout.split()
    squeezed = " ".join(words)
    for sid, _, _, title in _stories(demo_db):
        assert sid in words  # never cut
        assert all(word in squeezed for word in title.split())  # wrapped, never cropped


def test_cli_terminal_output_drops_control_characters() -> None:
    assert cli._terminal_safe("a\x1b[2Jb\x07\nc\td\x9b") == "a[2Jb\nc\td"
