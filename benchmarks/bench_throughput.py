"""Throughput of cleaning, single process: HTML pages and plain-text articles per second.

HTML: every page of the Article Extraction Benchmark (``--data``) through ``make_article``,
``--passes`` times after one warm-up pass; the peer in the same run is plain
``trafilatura.extract`` on the same pages. Plain text: the seed articles (``--seeds``) repeated
to ``--articles`` documents through ``make_article``; the peer is jusText's paragraph
classifier on the same texts (one ``<p>`` per line). Rates per core are documents per second
of CPU time of this process (one core), next to wall-clock rates. ``--out`` gets the measured
rates as JSON. Last line: ``HTML_PAGES_PER_SEC=<ours, per core>``.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_extraction import DATASETS, load_aeb

SEEDS = DATASETS.parent / "seeds"


def measure(work: Callable[[Any], object], items: Sequence[Any], passes: int
            ) -> tuple[float, float]:
    """Documents per wall-clock second and per CPU second over ``passes`` passes."""
    for item in items[: min(len(items), 10)]:
        work(item)  # warm-up: imports, caches, compiled patterns
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(passes):
        for item in items:
            work(item)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = len(items) * passes
    return n / wall, n / cpu


def ours_html(page: Any) -> object:
    """Clean one HTML page (a rejected page costs its time too)."""
    from storyline.clean.article import make_article
    from storyline.errors import InputError
    from storyline.io.raw import RawDocument

    try:
        return make_article(RawDocument(page.id, page.html, "html", url=page.url or None))
    except InputError:
        return None


def trafilatura_html(page: Any) -> object:
    """trafilatura.extract with its default settings."""
    import trafilatura

    return trafilatura.extract(page.html, url=page.url or None)


def ours_text(item: tuple[str, bytes]) -> object:
    """Clean one plain-text article."""
    from storyline.clean.article import make_article
    from storyline.io.raw import RawDocument

    return make_article(RawDocument(item[0], item[1], "text"))


def justext_text(item: tuple[str, bytes]) -> object:
    """jusText's paragraph classifier on the article's lines."""
    import justext

    lines = [line.strip() for line in item[1].decode("utf-8", "replace").split("\n")]
    page = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return justext.justext(f"<html><body>{page}</body></html>".encode(),
                           justext.get_stoplist("English"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "aeb-article-extraction",
                    help="the aeb-article-extraction folder (the HTML pages)")
    ap.add_argument("--seeds", type=Path, default=SEEDS, help="the folder of seed .txt articles")
    ap.add_argument("--passes", type=int, default=2, help="passes over the HTML pages")
    ap.add_argument("--articles", type=int, default=1000, help="plain-text documents to clean")
    ap.add_argument("--out", type=Path, default=None, help="write the rates here (JSON)")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.jsonl.gz").exists():
        print(f"error: {args.data}: no ground-truth.jsonl.gz (pass --data)", file=sys.stderr)
        return 2
    pages = load_aeb(args.data)
    seeds = [(p.name, p.read_bytes()) for p in sorted(args.seeds.glob("*.txt"))]
    texts = [seeds[i % len(seeds)] for i in range(args.articles)] if seeds else []
    rows = [
        ("HTML pages", "storyline", *measure(ours_html, pages, args.passes)),
        ("HTML pages", "trafilatura", *measure(trafilatura_html, pages, args.passes)),
    ]
    if texts:
        rows += [("text articles", "storyline", *measure(ours_text, texts, 1)),
                 ("text articles", "jusText", *measure(justext_text, texts, 1))]
    print(f"{len(pages)} HTML pages x {args.passes} passes; {len(texts)} plain-text articles "
          f"({len(seeds)} seeds repeated); one process")
    print(f"{'documents':<15}{'system':<13}{'docs/s wall':>12}{'docs/s per core':>17}")
    for kind, name, wall, cpu in rows:
        print(f"{kind:<15}{name:<13}{wall:>12.1f}{cpu:>17.1f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps([{"documents": k, "system": n, "wall": w, "per_core": c}
                                        for k, n, w, c in rows], indent=1) + "\n")
    print(f"HTML_PAGES_PER_SEC={rows[0][3]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
