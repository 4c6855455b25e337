"""How fast the web UI serves a story of 5,000 articles.

    PYTHONPATH=src python benchmarks/bench_web.py [--data PATH] [--out FILE]
        [--articles 5000] [--seed 500] [--group 50] [--keep DIR]

The store
---------
1. The *seed*: the first ``--seed`` real news texts of the stream benchmark's pool
   (``bench_stream.load_pool``: the FNC-1 training bodies, PolNeAR and BASIL, shuffled
   together with a fixed seed, no two equal, none under 200 characters), written as a JSON
   Lines feed and ingested and built for real into a store of their own (annotation included).
2. ``--articles`` stand-ins made from the first ``--group`` seed articles (in feed order) as
   the stream benchmark makes its fillers (``bench_stream.Fillers``): stand-in ``k`` is seed
   article ``k mod N`` in group ``k div N`` (N = ``--group``), every word replaced through a
   word cipher keyed by the group (same lengths, so the seed's annotations stay valid and are
   re-addressed to the new id), with an outlet of its own among 60 and a publication time 300
   a day. So each group is that coverage again under other words, and two groups share no
   words.
3. All stand-ins are stored with their annotations and placed by the default cross-document
   ``"new"`` stages (sources, reuse links and origin groups over all 5,000), except that story
   clustering is replaced by :class:`OneStory`, which puts every article into one story.
4. The story's results come from the default ``"story"`` stages (entities and quote groups,
   timeline, claims and discrepancies, positions) run on each group of stand-ins (one cipher
   group: the seed's coverage again) and stored as their union under the one story
   (:func:`story_results`): the groups share no words, so the stages would find next to
   nothing between them, and run on all 5,000 at once they take many minutes (entity
   resolution and quote grouping together took 428 s on a loaded machine; the cipher makes
   every group's names new, a hundred times the distinct names of a real story that size).

5. The story's page, its articles' evidence marks and every page of its sections are rendered
   and stored as a build does for every story of at least ``page_min_articles`` articles
   (:func:`ensure_page`, timed).

Measured
--------
The store is served by a real ``storyline serve`` (a child process on 127.0.0.1). For the story
page, the front page, the page of the story's first article (where its evidence links lead) and
the middle page of its claims section's own pages: the first request after the server starts
(*cold*: the page the build stored is read) and the median of ``--repeat`` later ones (*warm*:
from the server's cache), each as time to the first byte of the body and time to the whole
body, and the page's weight, plain and gzipped. Then, in this process, what the page would cost
without its stored page (the store read of the whole story and its dossier), with cProfile's
view of where it goes.

Last line: ``STORY_PAGE_5000_SECONDS=<cold story page, whole response, seconds>`` (goal: under
a second).
"""

from __future__ import annotations

import contextlib
import cProfile
import dataclasses
import io
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_stream import Fillers, built_pile
from storyline.config import Settings
from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.model import Corpus, Story, StoryChange
from storyline.pipeline import Pipeline, StageResult
from storyline.pipeline.annotate import LANGUAGE_STAGE
from storyline.pipeline.doc_stages import default_doc_stages
from storyline.pipeline.group_stages import StoriesStage, default_group_stages
from storyline.pipeline.runner import union_corpus
from storyline.pipeline.stage import StageContext, chain_version, state_key
from storyline.report.links import section_url
from storyline.report.page import read_page, read_section, section_view_id, story_views
from storyline.store import SqliteStore, open_store

DEFAULT_DATA = datasets_dir(__file__)
STORY_ID = "s-bench-5000"
CHUNK = 1_000  # stand-ins stored per transaction


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class OneStory:
    """Benchmark only: every article in one story (in place of the story clustering)."""

    name: str = "stories"
    version: str = "bench-one-story"
    requires: frozenset[str] = frozenset({"articles"})
    provides: frozenset[str] = frozenset({"stories", "story_changes"})
    extra: str | None = None
    scope: str = "new"

    def run(self, corpus: Corpus, context: StageContext) -> StageResult:
        earlier = context.store.story_members([STORY_ID]).get(STORY_ID, [])
        stored = context.store.articles_by_id(earlier)
        arts = sorted([*stored, *corpus.articles], key=lambda a: (a.published or "", a.id))
        story = Story(STORY_ID, arts[0].title or "Story", tuple(sorted(a.id for a in arts)),
                      arts[0].published, arts[-1].published)
        change = StoryChange("grew" if earlier else "new", STORY_ID, "benchmark: one story",
                             articles=len(corpus.articles))
        return StageResult(dataclasses.replace(corpus, stories=(story,),
                                               story_changes=(change,)))


class PlacingStore(SqliteStore):
    """Benchmark only: its builds place new articles (sources, reuse, origins, the story's
    membership) but rebuild no story; :func:`story_results` makes the story's results."""

    def dirty_stories(self) -> list[str]:
        return []

    def mark_all_dirty(self) -> int:
        return 0


def story_results(store: SqliteStore, groups: Sequence[Sequence[str]]) -> float:
    """Run the default story stages on each group of the one story's articles and store their
    union as the story's results; the seconds the stages took."""
    story = store.stories_by_id([STORY_ID])[0]
    stages = [s for s in default_group_stages() if s.scope == "story"]
    parts = []
    started = time.perf_counter()
    for ids in groups:
        reuse, origins = store.cross_results_of(ids)
        part = dataclasses.replace(story, article_ids=tuple(sorted(ids)))
        corpus = Corpus(articles=tuple(store.articles_by_id(ids)),
                        annotations=store.annotations_of(LANGUAGE_STAGE, ids),
                        stories=(part,), reuse=reuse, origins=origins)
        for stage in stages:
            corpus = stage.run(corpus, StageContext(store.load_state(state_key(stage)),
                                                    store)).corpus
        parts.append(corpus)
    took = time.perf_counter() - started
    merged = dataclasses.replace(union_corpus(parts), stories=(story,))
    store.save_story_results([STORY_ID], merged)
    return took


def ensure_page(db: Path) -> float | None:
    """Render and store the story's page as a build does for a story whose stored page is
    missing or stale (:func:`storyline.report.page.story_views` over the story as the store
    gives it); the seconds it took, None when the stored page was current."""
    store = open_store(db)
    try:
        if read_page(store.view("page", STORY_ID)) is not None:
            return None
        started = time.perf_counter()
        views = story_views(store.load_story(STORY_ID, None), [STORY_ID],
                            Settings().page_min_articles)
        store.save_views(views)
        took = time.perf_counter() - started
    finally:
        store.close()
    kinds = Counter(v[0] for v in views)
    say(f"the story's page rendered and stored as a build does: {took:.1f} s "
        f"({len(views[0][3]):,} characters of page JSON, {kinds['marks']:,} articles' marks, "
        f"{kinds['section']:,} section pages, "
        f"{sum(len(v[3]) for v in views if v[0] == 'section'):,} characters, "
        f"{kinds['entity_page']:,} entities' parts of their pages)")
    return took


def build_story(seed: Path, n: int, group: int, folder: Path) -> Path:
    """``n`` stand-ins of the seed's first ``group`` articles in one story, built by the real
    stages, in ``folder``."""
    db = folder / f"web{n}-{group}.db"
    if db.exists():
        return db
    source = open_store(seed, readonly=True)
    try:
        articles = sorted(source.articles(), key=lambda a: (a.published or '', a.id))[:group]
        notes = source.annotations_of(LANGUAGE_STAGE, [a.id for a in articles])
    finally:
        source.close()
    fillers = Fillers((a, notes[a.id]) for a in articles if a.id in notes)
    partial = folder / f"web{n}.partial.db"
    partial.unlink(missing_ok=True)
    store = PlacingStore(partial)
    version = chain_version(default_doc_stages())
    groups: list[list[str]] = []
    started = time.perf_counter()
    for lo in range(0, n, CHUNK):
        made = [fillers.make(k) for k in range(lo, min(n, lo + CHUNK))]
        store.add_articles((a, None) for a, _ in made)
        store.save_annotations(LANGUAGE_STAGE, version, [m for _, m in made])
        for k, (a, _) in enumerate(made, lo):
            group = k // len(fillers.sources)
            groups.extend([] for _ in range(group + 1 - len(groups)))
            groups[group].append(a.id)
    say(f"stand-ins: {n} stored in {time.perf_counter() - started:.0f} s "
        f"({len(fillers.sources)} seed articles, {fillers.refused} refused)")
    new = [OneStory() if isinstance(s, StoriesStage) else s
           for s in default_group_stages() if s.scope == "new"]
    started = time.perf_counter()
    pipe = Pipeline(store, settings=Settings(db=str(partial), workers=1), group_stages=new)
    try:
        pipe.build()
        say(f"placing {n} articles in one story: {time.perf_counter() - started:.0f} s")
        took = story_results(store, groups)
        say(f"story stages, {len(groups)} groups of up to {len(fillers.sources)}: {took:.0f} s")
    finally:
        pipe.close()
    partial.rename(db)
    return db


@dataclass(frozen=True)
class Timing:
    """One request: seconds to the first byte of the body and to the whole body."""

    first_byte: float
    total: float
    status: int


def fetch(url: str, gzip: bool = False) -> tuple[Timing, int]:
    """One GET, timed; and the bytes on the wire."""
    import httpx

    headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
    started = time.perf_counter()
    with httpx.stream("GET", url, headers=headers, timeout=600.0) as resp:
        chunks = resp.iter_raw()
        first = next(chunks, b"")
        first_byte = time.perf_counter() - started
        size = len(first) + sum(len(c) for c in chunks)
    return Timing(first_byte, time.perf_counter() - started, resp.status_code), size


def measure_page(url: str, repeat: int) -> dict[str, Any]:
    """A page's cold and warm timings and its weight."""
    cold, raw = fetch(url)
    warm = [fetch(url)[0] for _ in range(repeat)]
    _, packed = fetch(url, gzip=True)
    return {
        "status": cold.status,
        "cold_first_byte_s": round(cold.first_byte, 3), "cold_total_s": round(cold.total, 3),
        "warm_first_byte_s": round(statistics.median(t.first_byte for t in warm), 3),
        "warm_total_s": round(statistics.median(t.total for t in warm), 3),
        "bytes": raw, "gzip_bytes": packed,
    }


def profile_story(db: Path, top: int = 25) -> tuple[str, dict[str, float]]:
    """What a cold story page does before it renders, timed in this process: the store read
    of the story (``load_story``) and its dossier (``build_dossier``), with the functions
    that took the time under cProfile."""
    from storyline.report.dossier import build_dossier

    store = open_store(db, readonly=True)
    profiler = cProfile.Profile()
    try:
        started = time.perf_counter()
        corpus = store.load_story(STORY_ID)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        build_dossier(corpus)
        built = time.perf_counter() - started
        profiler.enable()
        build_dossier(store.load_story(STORY_ID))
        profiler.disable()
    finally:
        store.close()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    counts = {name: len(getattr(corpus, name)) for name in
              ("articles", "entities", "quotes", "claims", "events", "positions")}
    counts["annotations"] = len(corpus.annotations)
    return text.getvalue(), {"store read (load_story)": loaded,
                             "dossier (build_dossier)": built,
                             **{f"records: {k}": float(v) for k, v in counts.items()}}


@contextlib.contextmanager
def _folder(keep: Path | None) -> Iterator[Path]:
    """``keep`` (made if needed), or a temporary folder removed afterwards."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: Any) -> int:
    from storyline.web.harness import serve

    with _folder(args.keep) as folder:
        try:
            seed = built_pile(args.data, args.seed, folder, "seed")
        except FileNotFoundError as exc:
            return fail(exc)
        db = build_story(seed, args.articles, args.group, folder)
        rendered = ensure_page(db)
        with serve(db, timeout=600.0) as served:
            story = measure_page(f"{served.url}/story/{STORY_ID}", args.repeat)
            front = measure_page(f"{served.url}/", args.repeat)
            article = measure_page(f"{served.url}/article/{first_article(db)}", args.repeat)
            claims = measure_page(f"{served.url}{middle_claims_page(db)}", args.repeat)
        profile, parts = profile_story(db)
    if rendered is not None:
        parts = {"page rendered by the build": rendered, **parts}
    report(args, {"story page": story, "front page": front, "article": article,
                  "claims page": claims}, profile, parts)
    return 0


def middle_claims_page(db: Path) -> str:
    """The middle page of the story's claims section (its own pages), as a path."""
    store = open_store(db, readonly=True)
    try:
        first = read_section(store.view("section", section_view_id(STORY_ID, "claims", 1)))
    finally:
        store.close()
    pages = int(first["pages"]) if first else 1
    return section_url(STORY_ID, "claims", max(1, (pages + 1) // 2))


def first_article(db: Path) -> str:
    """The story's first article (by id): the page an evidence link of the story opens."""
    store = open_store(db, readonly=True)
    try:
        return min(store.story_members([STORY_ID])[STORY_ID])
    finally:
        store.close()


def report(args: Any, pages: dict[str, dict[str, Any]], profile: str,
           parts: dict[str, float]) -> None:
    rows = list(pages.items())
    print(f"A story of {args.articles} articles (ciphered stand-ins of {args.group} of "
          f"{args.seed} real seed articles), served by storyline serve")
    print(f"{'page':<12} {'cold TTFB':>10} {'cold total':>11} {'warm TTFB':>10} "
          f"{'warm total':>11} {'HTML':>12} {'gzipped':>10}")
    for name, m in rows:
        print(f"{name:<12} {m['cold_first_byte_s']:>9.3f}s {m['cold_total_s']:>10.3f}s "
              f"{m['warm_first_byte_s']:>9.3f}s {m['warm_total_s']:>10.3f}s "
              f"{m['bytes']:>12,} {m['gzip_bytes']:>10,}")
    print("\nWithout its stored page, the story would be read and its dossier built on request "
          "(timed in this process; then the view and the rendering):")
    for name, value in parts.items():
        print(f"  {name:<32} {value:12,.3f}" + ("" if name.startswith("records") else " s"))
    print("\n" + profile)
    if args.out:
        args.out.write_text(json.dumps({"articles": args.articles, "seed": args.seed,
                                        "group": args.group,
                                        **{k.split()[0]: v for k, v in pages.items()},
                                        "parts": parts},
                                       indent=1) + "\n", encoding="utf-8")
    headline("STORY_PAGE_5000_SECONDS", pages["story page"]["cold_total_s"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = bench_parser(__doc__ or "", data=DEFAULT_DATA, out=None)
    parser.add_argument("--articles", type=int, default=5_000, help="articles in the story")
    parser.add_argument("--seed", type=int, default=500, help="real articles annotated")
    parser.add_argument("--group", type=int, default=50,
                        help="seed articles per cipher group (the story stages' unit)")
    parser.add_argument("--repeat", type=int, default=5, help="warm requests per page")
    parser.add_argument("--keep", type=Path, help="build the stores here and reuse them")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
