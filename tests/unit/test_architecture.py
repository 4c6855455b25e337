"""The shape of the package: no import cycle, no capability importing the pipeline, and a
wheel that holds every file the package uses."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "storyline"
# the layers above the capabilities: they may import anything below them
TOP = ("storyline.pipeline", "storyline.cli", "storyline.web", "storyline.demo",
       "storyline.evaluate", "storyline.executors")


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The storyline modules a module imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets = [base, *(f"{base}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        found |= {t for t in targets if t in known and t != name}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_the_import_graph_has_no_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, f"import cycles: {cycles[:3]}"


def test_no_capability_imports_the_pipeline_or_the_interfaces() -> None:
    graph = _graph()
    upward = sorted(
        (name, target) for name, targets in graph.items() for target in targets
        if name != "storyline" and not name.startswith(TOP)
        and target.startswith(("storyline.pipeline", "storyline.cli", "storyline.web"))
    )
    assert not upward, f"capabilities importing the layers above them: {upward}"


def test_the_wheel_holds_every_file_of_the_package(tmp_path: Path) -> None:
    project = tmp_path / "project"  # a copy, so that the build leaves the checkout alone
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project / name)
    shutil.copytree(PACKAGE, project / "src" / "storyline",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(project), "--no-deps", "-q", "-w",
         str(tmp_path / "dist")],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.skip(f"the wheel could not be built here (no build backend?): "
                    f"{proc.stderr.strip().splitlines()[-1:]}")
    (wheel,) = (tmp_path / "dist").glob("storyline-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        held = {n for n in zf.namelist() if n.startswith("storyline/")}
    files = {"storyline/" + p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert files - held == set(), "files of the package missing from the wheel"
    assert any(n.startswith("storyline/demo/corpus/") for n in held)
    assert "storyline/report/dossier.schema.json" in held
