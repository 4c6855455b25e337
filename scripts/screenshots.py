"""Screenshots of every kind of page of the web UI, on a phone and a desktop.

    PYTHONPATH=src python scripts/screenshots.py [--out docs/screenshots] [--db STORE]

Builds the bundled demo corpus into a temporary store (or serves ``--db``), runs a real
``storyline serve``, finds the pages by crawling from the front page (the largest page of each
kind), and saves what a headless Chromium shows of each on its first screen, 390 and 1400 CSS
pixels wide, as ``KIND-WIDTH.png``; ``pngquant`` and ``optipng`` shrink them where they are
installed. Needs the ``browser`` extra and Debian's ``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from storyline.config import load_settings
from storyline.demo import corpus_dir
from storyline.pipeline import Pipeline
from storyline.web.harness import (
    browser_missing,
    crawl,
    pages_by_kind,
    serve,
    set_viewport,
    start_chromium,
)

SCREENS = {390: 844, 1400: 900}  # width -> height of the first screen, CSS pixels
SEARCH = "/search?q=strike"


def build_demo(folder: Path) -> Path:
    """The demo corpus built into a new store in ``folder``."""
    db = folder / "demo.db"
    pipe = Pipeline(settings=load_settings(db=str(db), workers=1))
    try:
        pipe.run([str(corpus_dir())])
    finally:
        pipe.close()
    return db


def typical_evidence(found: dict[str, Any]) -> str | None:
    """An evidence link whose span is about a sentence long (the crawl's largest article page
    with a span may highlight a whole copied article)."""
    spans = {path: int(m.group(2)) - int(m.group(1)) for path in found
             if (m := re.search(r"[?&]hl=(\d+)-(\d+)", path))}
    return min(spans, key=lambda p: (abs(spans[p] - 150), p)) if spans else None


def shoot(db: Path, out: Path) -> list[Path]:
    """Save the screenshots of the store's pages into ``out``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(db) as served, tempfile.TemporaryDirectory(prefix="screenshots-") as profile:
        found = crawl(served.url, ["/", SEARCH])
        pages = pages_by_kind(found)
        pages["evidence"] = typical_evidence(found) or pages.get("evidence", "/")
        driver = start_chromium(1400, 900, Path(profile))
        try:
            for width, height in SCREENS.items():
                set_viewport(driver, width, height)
                for kind, path in sorted(pages.items()):
                    driver.get(served.url + (f"{path}#hl" if kind == "evidence" else path))
                    target = out / f"{kind}-{width}.png"
                    driver.save_screenshot(str(target))
                    written.append(target)
        finally:
            driver.quit()
    shrink(written)
    return written


def shrink(files: list[Path]) -> None:
    """Make the PNGs smaller with the tools installed: ``pngquant`` (a palette of at most 256
    colours, which pages of text keep legible) and ``optipng`` (lossless)."""
    names = list(map(str, files))
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--quality", "65-90", "--speed", "1", "--force",
                        "--skip-if-larger", "--ext", ".png", *names], check=False)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", *names], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--db", type=Path, help="serve this store instead of the demo")
    args = parser.parse_args()
    missing = browser_missing()
    if missing:
        sys.exit(f"error: cannot take screenshots: {missing}")
    with tempfile.TemporaryDirectory(prefix="screenshots-store-") as folder:
        db = args.db or build_demo(Path(folder))
        for path in shoot(db, args.out):
            print(f"{path}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
