"""What rebuilding one story costs as the story grows: the story stages on 250 to 2,000 articles.

    PYTHONPATH=src python benchmarks/bench_story_size.py [--sizes 250,500,1000,2000]
        [--keep DIR] [--out story_size.jsonl]

A living store rebuilds a story each time a build adds articles to it, so a story that keeps
growing (a war, a campaign, a trial) is rebuilt again and again at its full size: its cost must
grow with the story, not with the square of it. Measured here: the default story stages
(entities and quotation groups, the timeline, claims and discrepancies, positions: every stage
of ``default_group_stages`` whose scope is the story) run on the first N articles of a pile of
real distinct news texts taken as ONE story, for each N of ``--sizes``, each stage timed.

The texts are the growth benchmark's pool (``bench_stream.load_pool``: FNC-1 training bodies,
PolNeAR and BASIL, shuffled with a fixed seed, none repeated), ingested and built for real once
(``Pipeline.run``, annotation included; kept in ``--keep DIR`` for a rerun). The stages run
once at the largest size before the measured runs, so that what they load on first use is not
charged to the smallest. Taken as one story
they are harder than a real story of that size: many topics, so few claims group, but every
pairwise step meets all of them. Nothing here is tuned; there is no peer library.

Printed: one row per size (seconds per stage, the total, milliseconds per article), then
``STORY_COST_PER_ARTICLE_RATIO=<ms per article at the largest size / at the smallest>`` last:
1.0 is linear; 2.0 at 8 times the size would be the square root of a square law.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_stream import built_pile
from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.model import Corpus, Story
from storyline.pipeline.annotate import LANGUAGE_STAGE
from storyline.pipeline.group_stages import default_group_stages
from storyline.pipeline.stage import StageContext, state_key
from storyline.store.sqlite import SqliteStore

DEFAULT_SIZES = "250,500,1000,2000"


def one_story(store: SqliteStore, ids: Sequence[str]) -> dict[str, float]:
    """The default story stages run on ``ids`` as one story; seconds per stage."""
    arts = sorted(store.articles_by_id(ids), key=lambda a: (a.published or "", a.id))
    story = Story("s-bench-size", arts[0].title or "Story", tuple(sorted(ids)),
                  arts[0].published, arts[-1].published)
    reuse, origins = store.cross_results_of(ids)
    corpus = Corpus(articles=tuple(arts), annotations=store.annotations_of(LANGUAGE_STAGE, ids),
                    stories=(story,), reuse=reuse, origins=origins)
    spent: dict[str, float] = {}
    for stage in (s for s in default_group_stages() if s.scope == "story"):
        started = time.perf_counter()
        result = stage.run(corpus, StageContext(store.load_state(state_key(stage)), store))
        spent[stage.name] = time.perf_counter() - started
        if result.rejected:
            raise RuntimeError(f"stage {stage.name} rejected the story: {result.rejected[0]}")
        corpus = result.corpus
    spent["claims"] = float(len(corpus.claims))
    spent["quotes"] = float(len(corpus.quotes))
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    ap = bench_parser(__doc__ or "", data=datasets_dir(__file__),
                      out=Path("story_size.jsonl"),
                      data_help="the shared datasets folder (FNC-1, PolNeAR, BASIL)",
                      out_help="one JSON line per size: its stage seconds and counts")
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help="story sizes, comma-separated")
    ap.add_argument("--keep", type=Path, default=None,
                    help="a folder to keep the built pile in (reused when present)")
    args = ap.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        return fail(f"--sizes: not a list of numbers: {args.sizes!r}")
    if not sizes or sizes[0] < 2:
        return fail("--sizes: give story sizes of at least 2")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            db = built_pile(args.data, sizes[-1], folder, f"pile-{sizes[-1]}")
        except FileNotFoundError as exc:
            return fail(exc)
        rows = []
        with SqliteStore(db, readonly=True) as store:
            ids = sorted(a.id for a in store.articles())
            # once untimed, at the largest size: what the stages load on first use (the
            # parser, the gazetteer, compiled patterns) is not charged to the first size
            one_story(store, ids[:sizes[-1]])
            for size in sizes:
                spent = one_story(store, ids[:size])
                rows.append({"articles": size, **{k: round(v, 3) for k, v in spent.items()}})
    stages = [k for k in rows[0] if k not in ("articles", "claims", "quotes")]
    print(f"{'articles':>8} {'claims':>7} {'quotes':>7} " + " ".join(f"{s:>18}" for s in stages)
          + f" {'total s':>8} {'ms/art':>7}")
    for row in rows:
        total = sum(row[s] for s in stages)
        row["total_s"] = round(total, 3)
        row["ms_per_article"] = round(1000 * total / row["articles"], 2)
        print(f"{row['articles']:>8} {int(row['claims']):>7} {int(row['quotes']):>7} "
              + " ".join(f"{row[s]:>18.2f}" for s in stages)
              + f" {total:>8.2f} {row['ms_per_article']:>7.2f}")
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first, last = rows[0], rows[-1]
    print(f"{last['articles']} articles as one story cost {last['ms_per_article']:.1f} ms an "
          f"article to rebuild, {first['articles']} cost {first['ms_per_article']:.1f}")
    headline("STORY_COST_PER_ARTICLE_RATIO", last["ms_per_article"] / first["ms_per_article"], 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
