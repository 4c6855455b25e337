"""The deployment files in deploy/ name commands and options that exist."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
runner = CliRunner()


def _compose() -> dict:
    yaml = pytest.importorskip("yaml", reason="PyYAML (installed with the 'dask' extra) is absent")
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _unit_commands() -> list[list[str]]:
    """The ExecStart command lines of the systemd units (continuations joined, sh -c opened)."""
    commands = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        text = unit.read_text(encoding="utf-8").replace("\\\n", " ")
        for line in re.findall(r"^ExecStart=(.*)$", text, flags=re.M):
            argv = shlex.split(line)
            if argv[:2] == ["/bin/sh", "-c"]:
                argv = shlex.split(argv[2].removeprefix("exec "))
            commands.append(argv)
    return commands


def _commands() -> list[list[str]]:
    services = _compose()["services"].values()
    return [list(s["command"]) for s in services if "command" in s] + _unit_commands()


def _options(argv: list[str]) -> list[str]:
    return [a.split("=")[0] for a in argv if a.startswith("--")]


def test_deploy_compose_runs_the_whole_team_setup() -> None:
    services = _compose()["services"]
    assert {"postgres", "dask-scheduler", "dask-worker", "watcher", "web"} <= set(services)
    assert services["dask-worker"]["deploy"]["replicas"] == 2
    assert services["watcher"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / "Dockerfile").is_file()
    for name in ("dask-scheduler", "dask-worker"):  # the cluster never sees the database
        assert "STORYLINE_DB" not in (services[name].get("environment") or {})
    assert services["watcher"]["environment"]["STORYLINE_DB"].startswith("postgresql://")


def test_deploy_storyline_commands_and_options_exist() -> None:
    used = [argv for argv in _commands() if Path(argv[0]).name == "storyline"]
    assert {argv[1] for argv in used} >= {"watch", "serve"}
    for argv in used:
        result = runner.invoke(app, [argv[1], "--help"], terminal_width=200)
        assert result.exit_code == 0, f"{argv[1]}: {result.output}"
        for option in _options(argv):
            assert option in result.output, f"storyline {argv[1]} has no {option}"


def test_deploy_dask_commands_and_options_exist() -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    used = [argv for argv in _commands() if Path(argv[0]).name == "dask"]
    assert {argv[1] for argv in used} == {"scheduler", "worker"}
    for command in {argv[1] for argv in used}:
        shown = subprocess.run([sys.executable, "-m", "dask", command, "--help"],
                               capture_output=True, text=True, timeout=120).stdout
        for argv in (a for a in used if a[1] == command):
            for option in _options(argv):
                assert option in shown, f"dask {command} has no {option}"
