"""Stories built online (StoryIndex) on a mixed feed, next to the all-at-once build.

The pile: the shared ECB+ documents (gold story = sub-topic ``<topic>_ecb`` /
``<topic>_ecbplus``, as in bench_stories.py) and the shared BASIL articles (gold story = the
event, ``triplet-uuid``: three outlets on one event). Entity mentions come from our entity
stage, as in bench_stories.py.

Parts. Thresholds are chosen on the *dev* part only (ECB+ topics with odd numbers, BASIL events
whose ``sha256(triplet-uuid)`` is even; ``--tune`` prints the grid searched on it); the
*held-out* part (even ECB+ topics, odd-hashing BASIL events) is never tuned on. Each part is
streamed on its own, and so is the whole pile.

Orders. (a) ``publication``: BASIL articles by date; ECB+ documents carry no date, so they
are spread evenly through the dated stream in file order (topic number, then file name, which
alternates a topic's two sub-topics: the hard case for an online build) and arrive undated.
Variants of (a): ``one-by-one`` places each batch's articles one at a time in publication order
(``best_first=False``) instead of best pair first; ``batch 1`` feeds one article per build;
``undated shuf`` spreads the ECB+ documents in a seeded random order instead of file order.
(b) ``random``: a seeded random order of the whole part; ``never closing``: the same with
closing switched off (stories never leave the index), to separate what closing costs in a
shuffled decade of dates from what the order costs.

The feed goes in batches of ``--batch`` (10) through ``StoryIndex.assign``; the index goes
through ``to_bytes``/``from_bytes`` between batches; story merges are followed as redirects,
and articles regrouped (split off or moved) follow the members each call reports.
Scored: B-cubed P/R/F1 (storyline.evaluate.metrics.bcubed) against the gold stories, overall
and per corpus; milliseconds per ``assign`` (mean, mean over the last tenth of the feed, max)
and per build with the round trip (``rt_ms``); the serialized index (largest and final, KiB);
stories scored per article (``cand/a``: candidates, not a scan); merges and splits reported.

``--out`` gets the streamed run of the whole pile in publication order, JSON Lines
``{"doc": <name>, "story": <id>}``. Last line: ``STREAM_BCUBED_F1=<held-out, publication order>``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from storyline.evaluate.bench import datasets_dir
from storyline.evaluate.datasets import read_cat
from storyline.evaluate.metrics import bcubed
from storyline.model import Article, ArticleAnnotations
from storyline.stories.online import OnlineParams, StoryIndex, assign_grouped

SEED = 20240611
DATASETS = datasets_dir(__file__)


@dataclass(frozen=True)
class Item:
    """One document of the pile with its gold story and its part."""

    article: Article
    gold: str
    part: str  # dev | held-out
    corpus: str  # ecb+ | basil


def _even_hash(text: str) -> bool:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 2 == 0


def load_ecb(folder: Path) -> list[Item]:
    """ECB+ documents (undated), gold = sub-topic; odd topics are dev."""
    out = []
    for path in sorted((folder / "ECB+").glob("*/*.xml.gz")):
        name = path.name.removesuffix(".xml.gz")
        top = path.parent.name
        text = read_cat(path).text
        art = Article(id=name, text=text, source_path=str(path), title=text.split("\n", 1)[0])
        gold = f"{top}_{'ecbplus' if name.endswith('ecbplus') else 'ecb'}"
        out.append(Item(art, gold, "dev" if int(top) % 2 else "held-out", "ecb+"))
    return out


def load_basil(folder: Path) -> list[Item]:
    """BASIL articles (dated), gold = the event; events whose id hashes even are dev."""
    out = []
    with gzip.open(folder / "basil.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            art = rec["article"]
            paras = [" ".join(p) if isinstance(p, list) else str(p)
                     for p in art["body-paragraphs"]]
            title = " ".join((art.get("title") or "").split())
            body = "\n".join(p for p in paras if p.strip())
            text = f"{title}\n{body}" if title else body
            article = Article(id=f"basil-{rec['file_key']}", text=text, source_path="basil",
                              title=title or None, published=(art.get("date") or None),
                              body_start=len(title) + 1 if title else 0,
                              outlet=str(art.get("source", "")).lower() or None)
            triplet = art["triplet-uuid"]
            out.append(Item(article, triplet, "dev" if _even_hash(triplet) else "held-out",
                            "basil"))
    return out


def annotate(items: Sequence[Item]) -> dict[str, ArticleAnnotations]:
    """Entity mentions from our entity stage."""
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse

    return {i.article.id: ArticleAnnotations(i.article.id,
                                             mentions=find_mentions(i.article, parse(i.article)))
            for i in items}


# --------------------------------------------------------------------------- orders


def publication_order(items: Sequence[Item], shuffle_undated: bool = False) -> list[Item]:
    """Dated articles by date; the undated spread evenly through them in file order (or in a
    seeded random order)."""
    dated = sorted((i for i in items if i.article.published),
                   key=lambda i: (i.article.published, i.article.id))
    undated = sorted((i for i in items if not i.article.published),
                     key=lambda i: (_topic(i.article.id), i.article.id))
    if shuffle_undated:
        random.Random(SEED).shuffle(undated)

    def spread(seq: list[Item]) -> list[tuple[float, Item]]:
        return [((n + 0.5) / len(seq), i) for n, i in enumerate(seq)]

    merged = sorted(spread(dated) + spread(undated), key=lambda p: (p[0], p[1].article.id))
    return [i for _, i in merged]


def _topic(name: str) -> int:
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else 0


def random_order(items: Sequence[Item], seed: int = SEED) -> list[Item]:
    """A seeded shuffle."""
    out = sorted(items, key=lambda i: i.article.id)
    random.Random(seed).shuffle(out)
    return out


# --------------------------------------------------------------------------- runs


@dataclass
class StreamRun:
    """The stories of a streamed run and what it cost."""

    story: dict[str, str]
    assign_ms: list[float]
    round_trip_ms: list[float]
    index_bytes: list[int]
    scored: int
    merges: int
    splits: int = 0


def stream(order: Sequence[Item], anns: dict[str, ArticleAnnotations], batch: int,
           params: OnlineParams | None = None, grouped: bool = False) -> StreamRun:
    """Feed the items in batches through StoryIndex, round-tripping the bytes between batches
    (``grouped``: each batch grouped first by the batch clustering, as the pipeline does)."""
    blob: bytes | None = None
    joined: dict[str, str] = {}
    redirect: dict[str, str] = {}
    run = StreamRun({}, [], [], [], 0, 0)
    for start in range(0, len(order), batch):
        arts = [i.article for i in order[start : start + batch]]
        t0 = time.perf_counter()
        index = StoryIndex.from_bytes(blob, params)
        t1 = time.perf_counter()
        result = assign_grouped(index, arts, anns) if grouped else index.assign(arts, anns)
        t2 = time.perf_counter()
        blob = index.to_bytes()
        t3 = time.perf_counter()
        run.assign_ms.append((t2 - t1) * 1000)
        run.round_trip_ms.append((t3 - t0) * 1000)
        run.index_bytes.append(len(blob))
        run.scored += index.scored
        run.merges += len(result.merged)
        run.splits += len(result.split)
        joined.update(result.joined)
        for sid, members in result.members.items():  # articles regrouped move with them
            joined.update(dict.fromkeys(members, sid))
        for m in result.merged:
            redirect[m.absorbed] = m.survivor
    for aid, sid in joined.items():
        while sid in redirect:
            sid = redirect[sid]
        run.story[aid] = sid
    return run


def all_at_once(items: Sequence[Item], anns: dict[str, ArticleAnnotations]) -> dict[str, str]:
    """storyline.stories.cluster_stories on the whole part (no origin groups)."""
    from storyline.stories.cluster import cluster_stories

    arts = [i.article for i in items]
    return {aid: s.id for s in cluster_stories(arts, anns, ()) for aid in s.article_ids}


def _gold(items: Sequence[Item]) -> dict[str, str]:
    return {i.article.id: f"{i.corpus}:{i.gold}" for i in items}


def _row(name: str, items: Sequence[Item], pred: dict[str, str], run: StreamRun | None) -> str:
    gold = _gold(items)
    p, r, f = bcubed(gold, pred)
    parts = [f"{name:<26}{len(set(pred.values())):>8}{p:>8.3f}{r:>8.3f}{f:>8.3f}"]
    for corpus, width in (("ecb+", 8), ("basil", 9)):
        sub = {k: v for k, v in gold.items() if v.startswith(corpus + ":")}
        parts.append(f"{bcubed(sub, pred)[2]:>{width}.3f}" if sub else f"{'-':>{width}}")
    if run:
        n = max(1, len(run.assign_ms))
        tail = run.assign_ms[-max(1, n // 10):]
        parts.append(f"{sum(run.assign_ms) / n:>9.1f}{sum(tail) / len(tail):>9.1f}"
                     f"{max(run.assign_ms):>9.1f}"
                     f"{sum(run.round_trip_ms) / n:>9.1f}{max(run.index_bytes) / 1024:>9.0f}"
                     f"{run.index_bytes[-1] / 1024:>9.0f}{run.scored / max(1, len(pred)):>8.1f}"
                     f"{run.merges:>7}{run.splits:>7}")
    return "".join(parts)


HEADER = (f"{'run':<26}{'stories':>8}{'P':>8}{'R':>8}{'F1':>8}{'ecb_F1':>8}{'basil_F1':>9}"
          f"{'ms/bat':>9}{'last10%':>9}{'max_ms':>9}{'rt_ms':>9}{'max_KiB':>9}{'end_KiB':>9}{'cand/a':>8}"
          f"{'merges':>7}{'splits':>7}")


def evaluate(items: Sequence[Item], anns: dict[str, ArticleAnnotations], batch: int,
             label: str, emit: Callable[[str], None]) -> dict[str, float]:
    """All-at-once and the streamed runs on one part; the F1 of each, by run name."""
    default = OnlineParams()
    runs: dict[str, tuple[dict[str, str], StreamRun | None]] = {}
    t0 = time.perf_counter()
    runs["all-at-once"] = (all_at_once(items, anns), None)
    once_s = time.perf_counter() - t0
    pub, rnd = publication_order(items), random_order(items)
    for name, order, size, params in (
        ("publication", pub, batch, default),
        ("publication one-by-one", pub, batch, replace(default, best_first=False)),
        ("publication batch 1", pub, 1, default),
        ("publication undated shuf", publication_order(items, True), batch, default),
        ("random", rnd, batch, default),
        ("random never closing", rnd, batch, replace(default, retention_days=math.inf)),
    ):
        run = stream(order, anns, size, params)
        runs[name] = (run.story, run)
    for name, order in (("pipeline: publication", pub), ("pipeline: random", rnd)):
        run = stream(order, anns, batch, default, grouped=True)
        runs[name] = (run.story, run)
    gold = _gold(items)
    emit(f"-- {label}: {len(items)} documents, {len(set(gold.values()))} stories "
         f"(all-at-once took {once_s:.1f}s)")
    emit(HEADER)
    for name, (pred, run) in runs.items():
        emit(_row(name, items, pred, run))
    return {name: bcubed(gold, pred)[2] for name, (pred, _) in runs.items()}


TUNE_GRID = {"threshold": (0.15, 0.19, 0.23), "cohesion_ratio": (0.7, 0.8, 0.9),
             "merge_ratio": (0.6, 0.7, 0.8), "prior_cohesion": (0.2, 0.25, 0.3)}
CAPS = (1.0, 0.6, 0.5, 0.45, 0.4)
STRAYS = (0, 1, 2, 3)


def tune(items: Sequence[Item], anns: dict[str, ArticleAnnotations], batch: int,
         emit: Callable[[str], None]) -> None:
    """What was searched on the dev part, scored by the mean F1 of the publication and the
    random order: the grid (merge_threshold = threshold, no cohesion cap), best last; then the
    cohesion cap at the defaults; then the stray size at the defaults, the batches grouped as
    the pipeline does. Only the dev part is read."""
    gold = _gold(items)
    pub, rnd = publication_order(items), random_order(items)

    def score(params: OnlineParams, grouped: bool = False) -> tuple[float, float, float]:
        f_pub = bcubed(gold, stream(pub, anns, batch, params, grouped).story)[2]
        f_rnd = bcubed(gold, stream(rnd, anns, batch, params, grouped).story)[2]
        return (f_pub + f_rnd) / 2, f_pub, f_rnd

    rows = []
    for values in itertools.product(*TUNE_GRID.values()):
        knobs = dict(zip(TUNE_GRID, values, strict=True))
        params = OnlineParams(**knobs, merge_threshold=knobs["threshold"], cohesion_cap=1.0,
                              stray_size=0)
        rows.append((*score(params), values))
    emit("".join(f"{k:>16}" for k in TUNE_GRID) + f"{'mean':>8}{'pub_F1':>9}{'rnd_F1':>9}")
    for mean, f_pub, f_rnd, values in sorted(rows):
        emit("".join(f"{v:>16g}" for v in values) + f"{mean:>8.4f}{f_pub:>9.4f}{f_rnd:>9.4f}")
    emit(f"{'cohesion_cap':>16}{'mean':>8}{'pub_F1':>9}{'rnd_F1':>9}")
    for cap in CAPS:
        mean, f_pub, f_rnd = score(OnlineParams(cohesion_cap=cap, stray_size=0))
        emit(f"{cap:>16g}{mean:>8.4f}{f_pub:>9.4f}{f_rnd:>9.4f}")
    emit(f"{'stray_size':>16}{'mean':>8}{'pub_F1':>9}{'rnd_F1':>9}  (grouped as the pipeline)")
    for size in STRAYS:
        mean, f_pub, f_rnd = score(OnlineParams(stray_size=size), grouped=True)
        emit(f"{size:>16g}{mean:>8.4f}{f_pub:>9.4f}{f_rnd:>9.4f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS, help="the shared datasets folder")
    ap.add_argument("--out", type=Path, default=None, help="streamed stories of the whole pile")
    ap.add_argument("--batch", type=int, default=10, help="articles per build")
    ap.add_argument("--tune", action="store_true", help="print the grid searched on dev only")
    args = ap.parse_args(argv)
    ecb, basil = args.data / "ecbplus", args.data / "basil-media-bias"
    if not (ecb / "ECB+").is_dir() or not (basil / "basil.jsonl.gz").exists():
        print(f"error: {args.data}: needs ecbplus/ECB+ and basil-media-bias (pass --data)",
              file=sys.stderr)
        return 2
    items = load_ecb(ecb) + load_basil(basil)
    t0 = time.perf_counter()
    anns = annotate(items)
    n_ecb = sum(i.corpus == "ecb+" for i in items)
    print(f"{len(items)} documents ({n_ecb} ECB+, {len(items) - n_ecb} BASIL); "
          f"entities {time.perf_counter() - t0:.0f}s")
    dev = [i for i in items if i.part == "dev"]
    held = [i for i in items if i.part == "held-out"]
    if args.tune:
        tune(dev, anns, args.batch, print)
        return 0
    evaluate(dev, anns, args.batch, "dev (thresholds chosen here)", print)
    f_held = evaluate(held, anns, args.batch, "held-out (never tuned on)", print)
    evaluate(items, anns, args.batch, "all", print)
    if args.out:
        run = stream(publication_order(items), anns, args.batch, grouped=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for doc, story in sorted(run.story.items()):
                fh.write(json.dumps({"doc": doc, "story": story}) + "\n")
    print(f"STREAM_BCUBED_F1={f_held['pipeline: publication']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
