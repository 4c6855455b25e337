"""Article extraction on the Article Extraction Benchmark (AEB): ours against trafilatura.

Ours is the clean body text ``make_article`` gives for each HTML page (trafilatura, then our
post-processing and furniture removal; the title line is left out, as the gold bodies leave
it out). The peer, in the same run on the same pages, is plain ``trafilatura.extract`` with its
default settings.

Scoring follows the benchmark's own scorer: texts are cut into ``\\w+`` tokens, overlapping
4-token shingles are counted as multisets, and each page's TP/FP/FN counts are normalised to sum
to 1 so that long pages do not dominate; precision and recall are the means over pages (a page
with an empty denominator is skipped) and F1 is the harmonic mean of the two means. Accuracy is
the share of pages whose tokens equal the gold tokens exactly; the ± columns are 95% bootstrap
intervals over pages (fixed seed). The means are
:func:`storyline.evaluate.metrics.macro_prf`, the pages are read by
:func:`storyline.evaluate.datasets.read_aeb`. ``--out`` gets our predictions, JSON Lines
``{"id", "text"}``. Last line: ``AEB_F1=<ours>``.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import AebPage, DatasetMissing, read_aeb
from storyline.evaluate.metrics import macro_prf

DATASETS = datasets_dir(__file__)
TOKEN = re.compile(r"\w+")
SHINGLE = 4
BOOTSTRAP = 1000

Counts = tuple[float, float, float]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of overlapping 4-token shingles (one shorter shingle for short texts)."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + SHINGLE])
                   for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens[i : i + SHINGLE])


def page_counts(gold: str, pred: str) -> Counts:
    """TP, FP and FN shingle counts of one page, normalised to sum to 1."""
    g, p = shingles(gold), shingles(pred)
    tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def bootstrap_f1(counts: Sequence[Counts], seed: int = 7) -> float:
    """Half-width of the 95% bootstrap interval of F1 over pages."""
    rng = random.Random(seed)
    values = [macro_prf([counts[rng.randrange(len(counts))] for _ in counts])[2]
              for _ in range(BOOTSTRAP)]
    return 1.96 * statistics.stdev(values)


def ours(page: AebPage) -> str:
    """The clean body of our article (empty when the page is rejected)."""
    from storyline.clean.article import make_article
    from storyline.errors import InputError
    from storyline.io.raw import RawDocument

    try:
        article = make_article(RawDocument(page.id, page.html, "html", url=page.url or None))
    except InputError:
        return ""
    return article.text[article.body_start :]


def trafilatura_plain(page: AebPage) -> str:
    """trafilatura.extract with its default settings."""
    import trafilatura

    return trafilatura.extract(page.html, url=page.url or None) or ""


@dataclass(slots=True)
class Run:
    """One extractor's predictions, scores and timing."""

    name: str
    texts: dict[str, str]
    counts: list[Counts]
    seconds: float


def run(name: str, extract: Callable[[AebPage], str], pages: Sequence[AebPage]) -> Run:
    """Extract every page and count its shingles against the gold body."""
    started = time.perf_counter()
    texts = {p.id: extract(p) for p in pages}
    seconds = time.perf_counter() - started
    return Run(name, texts, [page_counts(p.gold, texts[p.id]) for p in pages], seconds)


def exact(pages: Sequence[AebPage], texts: dict[str, str]) -> float:
    """Share of pages whose tokens equal the gold tokens."""
    same = sum(TOKEN.findall(p.gold) == TOKEN.findall(texts[p.id]) for p in pages)
    return same / len(pages)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=DATASETS / "aeb-article-extraction",
                      data_help="the aeb-article-extraction folder (ground-truth.jsonl.gz, html/)",
                      out_help="write our texts here (JSONL)")
    args = ap.parse_args(argv)
    try:
        pages = read_aeb(args.data)
    except DatasetMissing as exc:
        return fail(f"{exc} (pass --data)")
    runs = [run("storyline", ours, pages), run("trafilatura (plain)", trafilatura_plain, pages)]
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<22}{'precision':>10}{'recall':>8}{'F1':>8}{'± 95%':>8}{'exact':>8}"
          f"{'pages/s':>9}")
    for r in runs:
        p, rec, f1 = macro_prf(r.counts)
        print(f"{r.name:<22}{p:>10.3f}{rec:>8.3f}{f1:>8.3f}{bootstrap_f1(r.counts):>8.3f}"
              f"{exact(pages, r.texts):>8.3f}{len(pages) / r.seconds:>9.1f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for page in pages:
                fh.write(json.dumps({"id": page.id, "text": runs[0].texts[page.id]},
                                    ensure_ascii=False) + "\n")
    headline("AEB_F1", macro_prf(runs[0].counts)[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
