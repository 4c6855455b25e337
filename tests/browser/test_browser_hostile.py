"""Hostile article text in a real browser: nothing of it runs, all of it reads as text (the
only scripts are the app's own same-origin files)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.store import open_store
from storyline.web.harness import serve, set_viewport

pytestmark = pytest.mark.browser

ACTIVE = """
const handlers = [];
for (const e of document.querySelectorAll('*')) {
  for (const a of e.attributes) {
    if (a.name.startsWith('on')) handlers.push(e.tagName + ' ' + a.name);
  }
}
const urls = Array.from(document.querySelectorAll('[href],[src],[action]'))
  .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))
  .filter(v => /^\\s*(javascript|vbscript|data):/i.test(v));
return {scripts: Array.from(document.scripts)
          .filter(s => !(s.getAttribute('src') || '').startsWith('/static/') || s.text.trim())
          .length,
        frames: document.querySelectorAll('iframe,object,embed,img').length,
        handlers: handlers.slice(0, 5), urls: urls.slice(0, 5),
        text: document.body.innerText.slice(0, 200000)};
"""


@pytest.fixture(scope="module")
def hostile_site(hostile_db: Path) -> Iterator[tuple[str, list[str]]]:
    store = open_store(hostile_db, readonly=True)
    try:
        paths = (["/", "/search?q=tariff", "/search?q=alert"]
                 + [f"/story/{s.id}" for s in store.stories()]
                 + [f"/article/{a.id}?hl=0-40#hl" for a in store.articles()])
    finally:
        store.close()
    with serve(hostile_db) as served:
        yield served.url, paths


def test_browser_hostile_text_never_runs(chromium: Any,
                                          hostile_site: tuple[str, list[str]]) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    base, paths = hostile_site
    set_viewport(chromium, 1400, 900)
    shown = ""
    for path in paths:
        chromium.get_log("browser")
        chromium.get(base + path)
        with pytest.raises(NoAlertPresentException):
            chromium.switch_to.alert.text  # noqa: B018 - an alert would mean script ran
        state = chromium.execute_script(ACTIVE)
        assert state["scripts"] == 0 and state["frames"] == 0, path
        assert not state["handlers"] and not state["urls"], (path, state)
        errors = [e["message"] for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, (path, errors)
        shown += state["text"]
    assert "<script>alert('title')</script>" in shown  # as text, the way it was written
    assert "<img src=x onerror=alert('quote')>" in shown
    assert "longword<i>x</i>" in shown
