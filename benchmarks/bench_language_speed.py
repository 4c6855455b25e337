"""Speed of the language stage (the per-article chain): reusing verbatim copies, batched parsing.

A syndicated corpus is built on real bodies (``--data``: the Article Extraction Benchmark's gold
bodies, or a folder of plain-text articles such as the bundled demo corpus): every body, edited
republications from ``storyline.evaluate.syndication`` (trims, reorders, furniture, headline
rewrites, paraphrase, word noise, two-wire merges), and verbatim republications, as wire copy
is most often run: the same text under another outlet, URL and byline, the same day or (for a
share of them) a day later, when only the parse can be shared.

One process, the same articles, four passes after a warm-up:

* ``alone``: each article through the chain on its own, from a fresh parse (the chain as it ran
  before reuse);
* ``reuse``: the articles grouped by text, one article per annotation key annotated and its
  copies re-addressed (``storyline.pipeline.copies``), each text parsed on its own;
* ``pipeline``: as the pipeline runs it, the text groups in batches of the default batch size,
  each batch's texts parsed together with ``nlp.pipe`` before the chain runs on them
  (``storyline.pipeline.annotate.Annotator``);
* peer ``spacy-parse``: spaCy's pipeline alone (``nlp.pipe``) over every text, the floor of any
  chain that parses each article.

The output of ``reuse`` and of ``pipeline`` is checked to equal ``alone``, article by article.

Rates per core are articles per second of CPU time of this process; wall-clock rates and the
machine's load average are printed beside them (others may be using the cores). ``--out`` gets
one JSON line per article: its kind and annotation counts, and whether it was re-addressed.
Last line: ``LANGUAGE_ARTICLES_PER_SEC=<pipeline, per core>``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from storyline.config import Settings
from storyline.evaluate.bench import bench_parser, datasets_dir, headline
from storyline.evaluate.datasets import read_aeb
from storyline.evaluate.syndication import (
    BaseText,
    aeb_bases,
    distinct_bases,
    make_syndication_set,
)
from storyline.language import nlp
from storyline.model import Article, ArticleAnnotations, content_id
from storyline.pipeline.annotate import Annotator
from storyline.pipeline.copies import (
    ReuseStats,
    annotate_alone,
    annotate_reusing,
    annotation_key,
    text_groups,
)
from storyline.pipeline.doc_stages import default_doc_stages

DEFAULT_DATA = datasets_dir(__file__) / "aeb-article-extraction"
COUNTED = ("sentences", "mentions", "quotes", "times", "events", "claims")


def load_texts(folder: Path) -> list[BaseText]:
    """Bodies from a folder of plain-text articles: the first paragraph is the title."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        paras = [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n")]
        paras = [p for p in paras if p]
        body = tuple(p for p in paras[1:] if len(p.split()) >= 6)
        if paras and len(body) >= 2:
            out.append(BaseText(path.stem, paras[0], body))
    return out


def load_bases(folder: Path) -> list[BaseText]:
    """The gold bodies of the extraction benchmark, else the folder's text files."""
    bases = aeb_bases(read_aeb(folder)) if (folder / "ground-truth.jsonl.gz").exists() else []
    return distinct_bases(bases or load_texts(folder))


def verbatim_copies(
    articles: Sequence[Article], share: float, later: float, rng: random.Random
) -> list[Article]:
    """Verbatim republications of a share of the articles: another id, outlet, URL, byline."""
    out = []
    for article in articles:
        if rng.random() >= share:
            continue
        for k in range(rng.randint(1, 3)):
            day = date.fromisoformat((article.published or "2024-01-01")[:10])
            hour = rng.randrange(24)
            if rng.random() < later:
                day += timedelta(days=1)
            cid = content_id("verbatim", article.id, k)
            out.append(dataclasses.replace(
                article, id=cid, source_path=f"synthetic/{cid}", outlet=f"reprint-{k}",
                url=f"https://reprint-{k}.example/{cid}", byline=f"Staff {k}",
                published=f"{day.isoformat()}T{hour:02d}:15:00+00:00"))
    return out


def build_corpus(bases: Sequence[BaseText], args: argparse.Namespace) -> dict[str, Any]:
    """Articles and each one's kind (base, edited, merged, verbatim)."""
    rng = random.Random(args.seed)
    syn = make_syndication_set(bases, seed=args.seed)
    kinds = {a.id: ("merged" if syn.edits_of.get(a.id) == ("merge",) else
                    "edited" if a.id in syn.edits_of else "base") for a in syn.articles}
    copies = verbatim_copies(syn.articles, args.verbatim_share, args.next_day_share, rng)
    kinds.update({a.id: "verbatim" for a in copies})
    articles = list(syn.articles) + copies
    rng.shuffle(articles)
    return {"articles": articles, "kinds": kinds}


def run_pass(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """The result, CPU seconds and wall seconds of one pass."""
    nlp.forget_parses()  # each pass starts from no parsed text
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def with_reuse(chain: Annotator, articles: Sequence[Article], stats: ReuseStats
               ) -> dict[str, Any]:
    """The articles as the pipeline annotates them: by text group, copies re-addressed."""
    return {r.article_id: r for r in annotate_reusing(articles, chain.one, stats)}


def batched(chain: Annotator, articles: Sequence[Article], stats: ReuseStats, batch_size: int
            ) -> dict[str, Any]:
    """The articles as the pipeline annotates them: text groups in batches, parsed together."""
    groups = text_groups(articles)
    return {r.article_id: r for start in range(0, len(groups), batch_size)
            for r in chain(groups[start:start + batch_size], stats)}


def spacy_parse(articles: Sequence[Article]) -> int:
    """spaCy's pipeline alone over every article's text."""
    texts = (a.text[: nlp.MAX_PARSE_CHARS] for a in articles)
    return sum(len(doc) for doc in nlp.get_nlp().pipe(texts, batch_size=16))


def counts(result: Any) -> dict[str, int]:
    if not isinstance(result, ArticleAnnotations):
        return {"rejected": 1}
    return {name: len(getattr(result, name)) for name in COUNTED}


def main(argv: Sequence[str] | None = None) -> int:
    parser = bench_parser(__doc__.split("\n")[0], data=DEFAULT_DATA,
                          out=Path("language_speed.jsonl"), raw=False)
    parser.add_argument("--bases", type=int, default=40, help="real bodies to build on")
    parser.add_argument("--verbatim-share", type=float, default=0.5)
    parser.add_argument("--next-day-share", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size,
                        help="text groups per batch in the pipeline pass")
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    bases = load_bases(args.data)[: args.bases]
    if not bases:
        print(f"no usable article bodies in {args.data}", file=sys.stderr)
        return 2
    corpus = build_corpus(bases, args)
    articles, kinds = corpus["articles"], corpus["kinds"]
    n = len(articles)
    load_before = os.getloadavg()

    chain = Annotator(default_doc_stages())
    chain.setup()
    chain.one(articles[0])  # warm-up
    stats, piped_stats = ReuseStats(), ReuseStats()
    base, base_cpu, base_wall = run_pass(lambda: annotate_alone(articles, chain.one))
    reused, reuse_cpu, reuse_wall = run_pass(lambda: with_reuse(chain, articles, stats))
    ours, ours_cpu, ours_wall = run_pass(
        lambda: batched(chain, articles, piped_stats, args.batch_size))
    _, peer_cpu, peer_wall = run_pass(lambda: spacy_parse(articles))
    load_after = os.getloadavg()

    differ = sorted(aid for aid in base if base[aid] != reused.get(aid))
    differ_piped = sorted(aid for aid in base if base[aid] != ours.get(aid))
    with args.out.open("w", encoding="utf-8") as fh:
        first = first_of_key(articles)
        for article in articles:
            fh.write(json.dumps({"id": article.id, "kind": kinds.get(article.id, "base"),
                                 "chars": len(article.text), "same_as": first[article.id],
                                 **counts(ours[article.id])}) + "\n")

    by_kind: dict[str, int] = {}
    for article in articles:
        by_kind[kinds.get(article.id, "base")] = by_kind.get(kinds.get(article.id, "base"), 0) + 1
    print(f"data: {args.data} ({len(bases)} bodies); {n} articles: "
          + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    print(f"distinct texts {len(text_groups(articles))}, distinct annotation keys "
          f"{len({annotation_key(a) for a in articles})}")
    print(f"load average (1, 5, 15 min) before {_load(load_before)}, after {_load(load_after)}; "
          f"{os.cpu_count()} cores")
    print(f"{'system':<22}{'art/s per core':>16}{'art/s wall':>12}{'cpu s':>9}")
    rows = (("chain alone", base_cpu, base_wall), ("chain with reuse", reuse_cpu, reuse_wall),
            ("pipeline (pipe parse)", ours_cpu, ours_wall),
            ("peer spacy-parse", peer_cpu, peer_wall))
    for name, cpu, wall in rows:
        print(f"{name:<22}{n / cpu:>16.2f}{n / wall:>12.2f}{cpu:>9.1f}")
    print(f"reuse: annotated {stats.annotated}, re-addressed {stats.reused}, "
          f"fell back {stats.fallback}; speed-up x{base_cpu / reuse_cpu:.2f} (CPU)")
    print(f"batched parsing ({args.batch_size} text groups a batch): speed-up "
          f"x{reuse_cpu / ours_cpu:.2f} over reuse alone, x{base_cpu / ours_cpu:.2f} over the "
          f"chain alone (CPU); same reuse counts: {piped_stats == stats}")
    print(f"annotations differing from the chain alone: with reuse {len(differ)} of {n}, "
          f"pipeline {len(differ_piped)} of {n}")
    headline("LANGUAGE_ARTICLES_PER_SEC", n / ours_cpu, 2)
    return 1 if differ or differ_piped or piped_stats != stats else 0


def first_of_key(articles: Sequence[Article]) -> dict[str, str | None]:
    """For each article, the earlier article of its text group with the same key, if any."""
    out: dict[str, str | None] = {}
    for group in text_groups(articles):
        seen: dict[Any, str] = {}
        for article in group:
            key = annotation_key(article)
            out[article.id] = seen.get(key)
            seen.setdefault(key, article.id)
    return out


def _load(avg: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in avg)


if __name__ == "__main__":
    sys.exit(main())
