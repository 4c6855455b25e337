"""Publication dates on the pages of trafilatura's evaluation set that carry a gold date.

Ours is the publication date ``make_article`` finds (page meta tags, JSON-LD, trafilatura's
date, dates in the text, the URL), compared by calendar day. The peer, in the same run on the
same pages, is htmldate's ``find_date`` with its defaults (extensive search, the URL given).
A page where no date is found counts as wrong. The table also gives coverage (a date found at
all) and precision (right among the dates found). ``--out`` gets our dates, JSON Lines
``{"id", "date", "source"}``. Last line: ``DATE_ACCURACY=<ours>``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import DatasetMissing, EvalPage, read_trafilatura_eval
from storyline.evaluate.metrics import precision

DATASETS = datasets_dir(__file__)


def ours(page: EvalPage) -> tuple[str | None, str]:
    """Our publication day and where it came from."""
    from storyline.clean.article import make_article
    from storyline.errors import InputError
    from storyline.io.raw import RawDocument

    try:
        article = make_article(RawDocument(page.id, page.html, "html", url=page.url))
    except InputError:
        return None, "rejected"
    return (article.published or "")[:10] or None, article.published_source


def htmldate_default(page: EvalPage) -> tuple[str | None, str]:
    """htmldate.find_date with its defaults."""
    from htmldate import find_date

    return find_date(page.html, url=page.url), "htmldate"


def run(find: Callable[[EvalPage], tuple[str | None, str]], pages: Sequence[EvalPage]
        ) -> tuple[dict[str, tuple[str | None, str]], float]:
    """The date found for every page, and the time taken."""
    started = time.perf_counter()
    found = {}
    for page in pages:
        try:
            found[page.id] = find(page)
        except Exception as exc:  # a crash is a miss, and says so
            found[page.id] = (None, f"error: {type(exc).__name__}")
    return found, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=DATASETS / "trafilatura-eval",
                      data_help="the trafilatura-eval folder (evaldata.jsonl.gz, html/)",
                      out_help="write our dates here (JSONL)")
    args = ap.parse_args(argv)
    try:
        pages = [p for p in read_trafilatura_eval(args.data) if p.record.get("date")]
    except DatasetMissing as exc:
        return fail(f"{exc} (pass --data)")
    gold = {p.id: str(p.record["date"])[:10] for p in pages}
    results = [("storyline", *run(ours, pages)), ("htmldate (default)", *run(htmldate_default,
                                                                            pages))]
    print(f"{len(pages)} pages with a gold date from {args.data}")
    print(f"{'finder':<22}{'accuracy':>10}{'coverage':>10}{'precision':>11}{'right':>7}")
    for name, found, _ in results:  # no speed column: htmldate caches what the first run parsed
        right = sum(found[k][0] == gold[k] for k in gold)
        covered = sum(found[k][0] is not None for k in gold)
        print(f"{name:<22}{right / len(gold):>10.3f}{covered / len(gold):>10.3f}"
              f"{precision(right, covered - right):>11.3f}{right:>7}")
    ours_found = results[0][1]
    sources: dict[str, list[int]] = {}
    for key, (day, source) in ours_found.items():
        sources.setdefault(source, [0, 0])
        sources[source][0] += 1
        sources[source][1] += day == gold[key]
    print("ours by source: " + ", ".join(f"{s} {n} ({ok} right)"
                                         for s, (n, ok) in sorted(sources.items())))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for page in pages:
                day, source = ours_found[page.id]
                fh.write(json.dumps({"id": page.id, "date": day, "source": source}) + "\n")
    accuracy = sum(ours_found[k][0] == gold[k] for k in gold) / len(gold)
    headline("DATE_ACCURACY", accuracy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
