"""Positions on real coverage: precision from hand labels, with 95% intervals, and recall.

    python benchmarks/bench_positions.py --out out/positions.jsonl
    python benchmarks/bench_positions.py --data my-articles/ --out positions.jsonl

``--data`` is a folder of articles in any format ``storyline`` ingests; by default the real
multi-outlet coverage is laid out from the shared datasets (``_real_coverage.py``: the BASIL
events, the ECB+ documents and the seed articles, about a thousand articles) and built as one
pile, as a user would build it. Every position found is written to ``--out`` (JSON Lines:
actor, issue, stance and its PLOVER type, source file names and evidence offsets with their
text).

Precision comes from the hand labels in ``benchmarks/data/real_position_labels.jsonl``,
made under the written guidelines ``benchmarks/data/real_coverage_guidelines.md``; items are
named by file names and values, never by text, so that a rerun finds its labels. It is shown
per split: the rules were written looking at ``dev`` (the BASIL events and ECB+ topics on one
side of a fixed hash and parity split) and the ``seeds``; ``test`` was labelled after the
rules were fixed and is the number that counts. Flagged items with no label are counted and
shown, never taken as right. Recall is over the stories a reader listed every true
discrepancy of, without looking at what was flagged (``real_position_gold.jsonl``).

There is no peer library for cross-report discrepancies. The planted and generated sets of
``bench_discrepancy_generated.py`` are regression tests only. Last line:
``DISCREPANCY_PRECISION_REAL=<precision over every labelled item of the pile>``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from _real_coverage import (
    build_pile,
    data_folder,
    flagged_items,
    precision_table,
    print_precision,
    print_recall,
)
from storyline.evaluate.labels import LabelSet, read_jsonl

DATA = Path(__file__).resolve().parent / "data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="a folder of articles")
    ap.add_argument("--out", type=Path, default=Path("out/positions.jsonl"))
    ap.add_argument("--db", type=Path, default=None,
                    help="the store to build into (reuse one to skip annotation)")
    ap.add_argument("--labels", type=Path, default=DATA / "real_position_labels.jsonl")
    ap.add_argument("--gold", type=Path, default=DATA / "real_position_gold.jsonl")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    folder = data_folder(args.data)
    started = time.perf_counter()
    corpus = build_pile(folder, args.db, args.workers)
    items = flagged_items(corpus, "position")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"pile: {folder} - {len(corpus.articles)} articles, {len(corpus.stories)} stories, "
          f"built in {time.perf_counter() - started:.0f} s; {len(items)} positions found")
    table = precision_table(items, LabelSet.load(args.labels))
    print_precision(table)
    gold = read_jsonl(args.gold)
    if gold:
        print_recall(gold, items, "position")
    if args.data is None:
        seeds = [i for i in items if i["sources"] and
                 all(n[:3].isdigit() and n[3] == "_" for n in i["sources"])]
        print("seeds: " + "; ".join(f"{i['actor']} | {i['issue']} | {i['stance']}"
                                    for i in seeds))
    print(f"POSITION_PRECISION_REAL={table['all']['precision']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
