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
intervals over pages (fixed seed). ``--out`` gets our predictions, JSON Lines
``{"id", "text"}``. Last line: ``AEB_F1=<ours>``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
TOKEN = re.compile(r"\w+")
SHINGLE = 4
BOOTSTRAP = 1000

Counts = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page: id, URL, HTML bytes and gold body."""

    id: str
    url: str
    html: bytes
    gold: str


def load_aeb(folder: Path) -> list[Page]:
    """The pages of an aeb-article-extraction folder, in file order."""
    pages = []
    with gzip.open(folder / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            html = gzip.decompress((folder / rec["html_file"]).read_bytes())
            pages.append(Page(rec["id"], rec.get("url") or "", html, rec.get("articleBody") or ""))
    return pages


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


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: Sequence[Counts]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their harmonic mean."""
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.fmean(ps) if ps else 0.0
    r = statistics.fmean(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bootstrap_f1(counts: Sequence[Counts], seed: int = 7) -> float:
    """Half-width of the 95% bootstrap interval of F1 over pages."""
    rng = random.Random(seed)
    values = [prf([counts[rng.randrange(len(counts))] for _ in counts])[2]
              for _ in range(BOOTSTRAP)]
    return 1.96 * statistics.stdev(values)


def ours(page: Page) -> str:
    """The clean body of our article (empty when the page is rejected)."""
    from storyline.clean.article import make_article
    from storyline.errors import InputError
    from storyline.io.raw import RawDocument

    try:
        article = make_article(RawDocument(page.id, page.html, "html", url=page.url or None))
    except InputError:
        return ""
    return article.text[article.body_start :]


def trafilatura_plain(page: Page) -> str:
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


def run(name: str, extract: Callable[[Page], str], pages: Sequence[Page]) -> Run:
    """Extract every page and count its shingles against the gold body."""
    started = time.perf_counter()
    texts = {p.id: extract(p) for p in pages}
    seconds = time.perf_counter() - started
    return Run(name, texts, [page_counts(p.gold, texts[p.id]) for p in pages], seconds)


def exact(pages: Sequence[Page], texts: dict[str, str]) -> float:
    """Share of pages whose tokens equal the gold tokens."""
    same = sum(TOKEN.findall(p.gold) == TOKEN.findall(texts[p.id]) for p in pages)
    return same / len(pages)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "aeb-article-extraction",
                    help="the aeb-article-extraction folder (ground-truth.jsonl.gz, html/)")
    ap.add_argument("--out", type=Path, default=None, help="write our texts here (JSONL)")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.jsonl.gz").exists():
        print(f"error: {args.data}: no ground-truth.jsonl.gz (pass --data)", file=sys.stderr)
        return 2
    pages = load_aeb(args.data)
    runs = [run("storyline", ours, pages), run("trafilatura (plain)", trafilatura_plain, pages)]
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<22}{'precision':>10}{'recall':>8}{'F1':>8}{'± 95%':>8}{'exact':>8}"
          f"{'pages/s':>9}")
    for r in runs:
        p, rec, f1 = prf(r.counts)
        print(f"{r.name:<22}{p:>10.3f}{rec:>8.3f}{f1:>8.3f}{bootstrap_f1(r.counts):>8.3f}"
              f"{exact(pages, r.texts):>8.3f}{len(pages) / r.seconds:>9.1f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for page in pages:
                fh.write(json.dumps({"id": page.id, "text": runs[0].texts[page.id]},
                                    ensure_ascii=False) + "\n")
    print(f"AEB_F1={prf(runs[0].counts)[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
