"""The whole pipeline on real stores: 1 and 2 workers agree, and the web UI serves a built store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from storyline import Pipeline, SqliteStore
from storyline.config import load_settings
from storyline.demo import corpus_dir


def _subset(tmp_path: Path, n: int = 12) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(corpus_dir().glob("*.txt"))[:n]:
        shutil.copy(path, folder / path.name)
    return folder


def _build(db: Path, folder: Path, workers: int, scheduler: str = "") -> dict:
    settings = load_settings(workers=workers, batch_size=3, scheduler=scheduler)
    pipe = Pipeline(db, settings=settings)
    try:
        pipe.run([folder])
        dossier = pipe.dossier()
        for change in dossier["story_changes"]:
            change.pop("at")  # when it was stored: the one thing two runs must not share
        return dossier
    finally:
        pipe.close()


def test_end_to_end_one_and_two_workers_give_the_same_dossier(tmp_path: Path) -> None:
    folder = _subset(tmp_path)
    one = _build(tmp_path / "one.db", folder, workers=1)
    two = _build(tmp_path / "two.db", folder, workers=2)
    assert one["stories"], "the subset built no stories"
    assert one == two


def test_end_to_end_dask_cluster_gives_the_same_dossier(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    folder = _subset(tmp_path, 6)
    local = _build(tmp_path / "local.db", folder, workers=1)
    dask = _build(tmp_path / "dask.db", folder, workers=2, scheduler="local")
    assert local["stories"] and local == dask


def test_end_to_end_web_ui_serves_a_built_store(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    db = tmp_path / "web.db"
    dossier = _build(db, _subset(tmp_path, 8), workers=1)
    with SqliteStore(db) as store:
        client = TestClient(create_app(store))
        index = client.get("/")
        assert index.status_code == 200
        for story in dossier["stories"]:
            page = client.get(f"/story/{story['id']}")
            assert page.status_code == 200
            # one script only: the same-origin live-update script; no inline code
            assert re.findall(r"<script[^>]*>", page.text) == [
                '<script src="/static/live.js" defer>']
        article = dossier["articles"][0]
        page = client.get(f"/article/{article['id']}")
        assert page.status_code == 200
        word = re.findall(r"[A-Za-z]{6,}", article["text"])[0]
        hits = client.get("/search", params={"q": word})
        assert hits.status_code == 200 and article["id"] in hits.text
        api = client.get("/api/dossier.json")
        assert api.status_code == 200 and api.json()["schema_version"] == dossier["schema_version"]
        assert client.get("/story/s-doesnotexist").status_code == 404
