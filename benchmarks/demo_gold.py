"""Score the whole pipeline on the bundled demo corpus against its gold annotations.

    python benchmarks/demo_gold.py --data src/storyline/demo --out out/demo-dossier.json

``--data`` is a folder holding ``corpus/`` and ``gold.json``; ``--out`` receives the dossier JSON.
There is no peer library for whole dossiers; the scores are ours alone. Last line:
``DEMO_GOLD_MEAN=<mean of the headline scores>``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from storyline import Pipeline
from storyline.evaluate.bench import bench_parser, headline
from storyline.evaluate.demo import score_demo
from storyline.report.dossier import dossier_to_json

HEADLINE = [
    "story_bcubed_f1",
    "reuse_pair_f1",
    "quote_speaker_acc",
    "event_date_acc",
    "discrepancy_recall",
    "discrepancy_precision",
]


def main(argv: list[str] | None = None) -> int:
    default = Path(__file__).resolve().parent.parent / "src" / "storyline" / "demo"
    parser = bench_parser(__doc__.splitlines()[0], data=default,
                          out=Path("out/demo-dossier.json"), raw=False)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    gold = json.loads((args.data / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        pipe = Pipeline(Path(tmp) / "demo.db")
        started = time.perf_counter()
        report = pipe.run([args.data / "corpus"])
        elapsed = time.perf_counter() - started
        corpus = pipe.corpus()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(dossier_to_json(pipe.dossier()), encoding="utf-8")
        pipe.close()
    scores = score_demo(corpus, gold)
    print(f"articles={report.added} stories={report.stories} rejected={len(report.rejected)}")
    print(f"seconds={elapsed:.1f} articles_per_second={report.added / elapsed:.2f}")
    for name, value in scores.items():
        print(f"{name}={value:.3f}")
    mean = sum(scores[k] for k in HEADLINE) / len(HEADLINE)
    headline("DEMO_GOLD_MEAN", mean)
    return 0


if __name__ == "__main__":
    sys.exit(main())
