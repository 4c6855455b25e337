"""Main-text extraction on trafilatura's evaluation set: ours against trafilatura.

Each page comes with text segments that must appear in the extracted main text (``with``) and
boilerplate segments that must not (``without``). Ours is the clean text ``make_article`` gives
for the page (title line and body: the annotators count a headline as main text on some pages
and as boilerplate on others, and our text does hold the title). The peer, in the same run on
the same pages, is plain ``trafilatura.extract`` with its default settings.

Scoring follows the set's own evaluation: whitespace is normalised in the output and in every
segment; a ``with`` segment found in the output is a true positive (else a false negative), a
``without`` segment found is a false positive (else a true negative); counts are summed over
pages (micro average). A page that fails counts as a total miss. ``--out`` gets our texts, JSON
Lines ``{"id", "text"}`` with the set's keys (``url``). Last line:
``TRAFILATURA_EVAL_F1=<ours>``. Pages are read by
:func:`storyline.evaluate.datasets.read_trafilatura_eval`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import DatasetMissing, EvalPage, read_trafilatura_eval
from storyline.evaluate.metrics import prf

DATASETS = datasets_dir(__file__)


def _norm(text: str) -> str:
    return " ".join((text or "").split())


@dataclass(slots=True)
class Counts:
    """Segment counts summed over pages."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    failed: int = 0

    def add(self, record: dict[str, Any], text: str | None) -> None:
        """Count one page's segments against its extracted text (``None``: it failed)."""
        out = _norm(text or "")
        self.failed += text is None
        for seg in record.get("with") or []:
            found = text is not None and _norm(seg) in out
            self.tp += found
            self.fn += not found
        for seg in record.get("without") or []:
            found = text is not None and _norm(seg) in out
            self.fp += found
            self.tn += not found

    def scores(self) -> tuple[float, float, float, float]:
        """Precision, recall, F1 and accuracy."""
        p, r, f1 = prf(self.tp, self.fp, self.fn)
        total = self.tp + self.fp + self.fn + self.tn
        return p, r, f1, (self.tp + self.tn) / total if total else 0.0


def ours(page: EvalPage) -> str | None:
    """Our clean text (title and body); ``None`` when the page is rejected."""
    from storyline.clean.article import make_article
    from storyline.errors import InputError
    from storyline.io.raw import RawDocument

    try:
        return make_article(RawDocument(page.id, page.html, "html", url=page.url)).text
    except InputError:
        return None


def trafilatura_plain(page: EvalPage) -> str | None:
    """trafilatura.extract with its default settings."""
    import trafilatura

    return trafilatura.extract(page.html, url=page.url)


def run(extract: Callable[[EvalPage], str | None], pages: Sequence[EvalPage]
        ) -> tuple[Counts, dict[str, str], float]:
    """Extract every page; a crash is a total miss."""
    counts, texts = Counts(), {}
    started = time.perf_counter()
    for page in pages:
        try:
            text = extract(page)
        except Exception:  # the set's rule: a crash counts as a total miss
            text = None
        counts.add(page.record, text)
        texts[page.id] = text or ""
    return counts, texts, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=DATASETS / "trafilatura-eval",
                      data_help="the trafilatura-eval folder (evaldata.jsonl.gz, html/)",
                      out_help="write our texts here (JSONL)")
    args = ap.parse_args(argv)
    try:
        pages = read_trafilatura_eval(args.data)
    except DatasetMissing as exc:
        return fail(f"{exc} (pass --data)")
    results = [("storyline", *run(ours, pages)),
               ("trafilatura (plain)", *run(trafilatura_plain, pages))]
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<22}{'precision':>10}{'recall':>8}{'F1':>8}{'accuracy':>10}"
          f"{'TP':>6}{'FP':>5}{'FN':>5}{'TN':>5}{'failed':>8}{'pages/s':>9}")
    for name, counts, _, seconds in results:
        p, r, f1, acc = counts.scores()
        print(f"{name:<22}{p:>10.3f}{r:>8.3f}{f1:>8.3f}{acc:>10.3f}{counts.tp:>6}{counts.fp:>5}"
              f"{counts.fn:>5}{counts.tn:>5}{counts.failed:>8}{len(pages) / seconds:>9.1f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for page in pages:
                fh.write(json.dumps({"id": page.id, "text": results[0][2][page.id]},
                                    ensure_ascii=False) + "\n")
    headline("TRAFILATURA_EVAL_F1", results[0][1].scores()[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
