"""Provenance: reuse links and origin groups, on republications and independent reports.

Two parts, one run:

1. BASIL (``--data``, the basil-media-bias folder): 3 outlets per event that did not copy each
   other. Every link between two of its articles is a false link.
2. Synthetic syndication built on real text: the BASIL bodies and the gold bodies of the article
   extraction benchmark (``--aeb``) are republished with trims, reorders, furniture, headline
   rewrites, two-wire merges, paraphrase and word noise (``storyline.evaluate.syndication``).
   Bodies that already share a paragraph with an earlier body are left out first (real reuse
   the gold could not know about).

Scored: pair P/R/F1 of origin groups (all pairs inside a group), B-cubed F1, recall of
copy-source pairs, share of links that join different gold groups, and false links on BASIL.
Peers in the same run: MinHash LSH at Jaccard 0.5 over word 5-grams (datasketch) and exact
5-gram containment at 0.3. ``--out`` gets every reuse link we find, JSON Lines ``{"a", "b"}``
with the datasets' ids (BASIL's ``uuid``). Last line: ``PROVENANCE_PAIR_F1=<ours>``.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import DatasetMissing, read_aeb, read_basil
from storyline.evaluate.metrics import bcubed, cluster_pairs, pair_prf
from storyline.evaluate.syndication import (
    BaseText,
    SyndicationSet,
    aeb_bases,
    distinct_bases,
    make_syndication_set,
)
from storyline.model import Article

DATASETS = datasets_dir(__file__)
WORD = re.compile(r"\w+")
Pair = tuple[str, str]


def load_basil(folder: Path) -> list[tuple[BaseText, str, str]]:
    """(base text, triplet id, date) per BASIL article."""
    out = []
    for art in read_basil(folder):
        paras = tuple(p for p in (" ".join(s) for s in art.paragraphs) if p.strip())
        uuid = art.uuid
        if not uuid or uuid == "empty":  # a few articles carry no usable id
            uuid = f"basil-{art.file_key}"
        if paras:
            out.append((BaseText(uuid, art.title or paras[0][:80], paras), art.triplet, art.date))
    return out


def load_aeb(folder: Path) -> list[BaseText]:
    """The gold article bodies of the article extraction benchmark (none when it is absent)."""
    try:
        return aeb_bases(read_aeb(folder))
    except DatasetMissing:
        return []


# --------------------------------------------------------------------------- detectors


DIRECTIONS: dict[Pair, Pair | None] = {}  # our links: (earlier, copy), None when undecided
ORIGINS: dict[str, str | None] = {}  # member id -> our origin article of its group


def ours(articles: Sequence[Article]) -> tuple[set[Pair], list[list[str]]]:
    """storyline.provenance.detect (directions and origins kept for scoring)."""
    from storyline.provenance import detect

    links, groups = detect(articles)
    for link in links:
        order = {"a->b": (link.a, link.b), "b->a": (link.b, link.a)}
        DIRECTIONS[_pair(link.a, link.b)] = order.get(link.direction)
    for g in groups:
        for aid in g.article_ids:
            ORIGINS[aid] = g.origin_article_id
    return {_pair(link.a, link.b) for link in links}, [list(g.article_ids) for g in groups]


def _shingles(text: str, n: int = 5) -> set[str]:
    words = WORD.findall(text.casefold())
    return {" ".join(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def minhash_peer(articles: Sequence[Article]) -> tuple[set[Pair], list[list[str]]]:
    """datasketch MinHash LSH, Jaccard threshold 0.5 over word 5-grams."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes = {}
    for art in articles:
        mh = MinHash(num_perm=128)
        for sh in _shingles(art.text[art.body_start :]):
            mh.update(sh.encode("utf-8"))
        hashes[art.id] = mh
        lsh.insert(art.id, mh)
    links = {
        _pair(aid, other)
        for aid, mh in hashes.items()
        for other in lsh.query(mh)
        if other != aid
    }
    return links, _components([a.id for a in articles], links)


def containment_peer(articles: Sequence[Article]) -> tuple[set[Pair], list[list[str]]]:
    """Exact 5-gram containment of the smaller article at 0.3 (inverted index over shingles)."""
    sets = {a.id: _shingles(a.text[a.body_start :]) for a in articles}
    index: dict[str, list[str]] = {}
    for aid, shs in sets.items():
        for sh in shs:
            index.setdefault(sh, []).append(aid)
    shared: dict[Pair, int] = {}
    for ids in index.values():
        if len(ids) > 50:  # a stock phrase, not reporting
            continue
        for a, b in itertools.combinations(sorted(ids), 2):
            shared[(a, b)] = shared.get((a, b), 0) + 1
    links = {
        p for p, n in shared.items() if n / max(1, min(len(sets[p[0]]), len(sets[p[1]]))) >= 0.3
    }
    return links, _components(list(sets), links)


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _components(ids: Sequence[str], links: Iterable[Pair]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


# --------------------------------------------------------------------------- scoring


def _share_source(gold: SyndicationSet, a: str, b: str) -> bool:
    """Whether the two articles carry text of one gold article (a merged copy and its minor
    wire, or that wire's other copies): a true link even across gold groups."""
    return bool({a, *gold.sources_of.get(a, ())} & {b, *gold.sources_of.get(b, ())})


def direction_scores(gold: SyndicationSet, groups: list[list[str]]) -> dict[str, float]:
    """Our links between a copy and its source: share decided, share right of those decided.

    And the origin label: for each predicted group holding a republished gold source and at
    least one of its copies, whether our origin article is that source.
    """
    right = decided = total = 0
    for (a, b), order in DIRECTIONS.items():
        src, copy = (a, b) if a in gold.sources_of.get(b, ()) else (b, a)
        if src not in gold.sources_of.get(copy, ()):
            continue  # two copies of one source: the gold has no order for them
        total += 1
        if order is not None:
            decided += 1
            right += order == (src, copy)
    origin_right = origin_total = 0
    sources = {s for srcs in gold.sources_of.values() for s in srcs}
    for g in groups:
        held = [s for s in g if s in sources and any(s in gold.sources_of.get(c, ()) for c in g)]
        if len(held) == 1:
            origin_total += 1
            origin_right += ORIGINS.get(held[0]) == held[0]
    return {
        "direction_decided": decided / max(1, total),
        "direction_acc": right / max(1, decided),
        "direction_acc_all": right / max(1, total),
        "origin_acc": origin_right / max(1, origin_total),
    }


def score(
    gold: SyndicationSet, basil_ids: set[str], links: set[Pair], groups: list[list[str]]
) -> dict[str, float]:
    """Every provenance score for one detector."""
    pred_group = {aid: n for n, g in enumerate(groups) for aid in g}
    gold_groups: dict[str, list[str]] = {}
    for aid, g in gold.group_of.items():
        gold_groups.setdefault(g, []).append(aid)
    p, r, f = pair_prf(cluster_pairs(gold_groups.values()), cluster_pairs(groups))
    _, _, b3 = bcubed(gold.group_of, {a: str(n) for a, n in pred_group.items()})
    copy_pairs = [(c, s) for c, srcs in gold.sources_of.items() for s in srcs]
    found = sum(
        _pair(c, s) in links or pred_group.get(c) == pred_group.get(s) for c, s in copy_pairs
    )
    false = [lk for lk in links if gold.group_of[lk[0]] != gold.group_of[lk[1]]
             and not _share_source(gold, *lk)]
    basil_false = [lk for lk in links if lk[0] in basil_ids and lk[1] in basil_ids]
    return {
        "pair_p": p, "pair_r": r, "pair_f1": f, "bcubed_f1": b3,
        "republication_recall": found / max(1, len(copy_pairs)),
        "false_link_rate": len(false) / max(1, len(links)),
        "links": float(len(links)), "basil_false_links": float(len(basil_false)),
    }


QUOTED = re.compile(r"[\"“”]([^\"“”]{20,}?)[\"“”]")


def basil_quote_report(basil: list[tuple[BaseText, str, str]]) -> str:
    """Quotations shared verbatim by two outlets of one BASIL event, and how many we find.

    The reference is every quoted stretch of 5+ words that appears word for word (casefolded)
    in both articles; found means :func:`shared_quotes` pairs a quotation of each article that
    covers it. No reuse link may come from these (that is the false-link count above).
    """
    from storyline.provenance import shared_quotes

    arts = {b.id: _article_of(b) for b, _, _ in basil}
    by_event: dict[str, list[str]] = {}
    for b, event, _ in basil:
        by_event.setdefault(event, []).append(b.id)
    ref = found = pairs_with = 0
    for ids in by_event.values():
        group = [arts[i] for i in ids]
        found_quotes = shared_quotes(group)
        for x, y in itertools.combinations(sorted(ids), 2):
            ax, ay = arts[x], arts[y]
            norm_y = " ".join(WORD.findall(ay.text.casefold()))
            mine = [q for q in found_quotes if {q.a.article_id, q.b.article_id} == {x, y}]
            pairs_with += bool(mine)
            for m in QUOTED.finditer(ax.text):
                words = WORD.findall(m.group(1).casefold())
                if len(words) < 5 or " ".join(words) not in norm_y:
                    continue
                ref += 1
                side = [q.a if q.a.article_id == x else q.b for q in mine]
                found += any(sp.start <= m.end() and m.start() <= sp.end for sp in side)
    return (f"BASIL shared quotations (verbatim, 5+ words, same event): {ref}, found as shared "
            f"quotes {found} ({found / max(1, ref):.3f}); event pairs with a shared quote "
            f"{pairs_with}")


def _article_of(base: BaseText) -> Article:
    head = f"{base.title}\n\n"
    return Article(id=base.id, text=head + "\n\n".join(base.paragraphs),
                   source_path=f"basil/{base.id}", body_start=len(head))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=DATASETS / "basil-media-bias",
                      data_help="the basil-media-bias folder (basil.jsonl.gz)",
                      out_help="write our reuse links here (JSONL)")
    ap.add_argument("--aeb", type=Path, default=None,
                    help="the aeb-article-extraction folder (default: beside --data)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    try:
        basil = load_basil(args.data)
    except DatasetMissing as exc:
        return fail(f"{exc} (pass --data)")
    aeb = load_aeb(args.aeb or args.data.parent / "aeb-article-extraction")
    bases = distinct_bases([b for b, _, _ in basil] + aeb)
    gold = make_syndication_set(bases, seed=args.seed)
    basil_ids = {b.id for b in bases} & {b.id for b, _, _ in basil}
    print(f"{len(basil)} BASIL articles, {len(aeb)} AEB bodies, {len(bases)} distinct, "
          f"{len(gold.articles)} articles with {len(gold.sources_of)} republications")
    detectors: list[tuple[str, Callable]] = [
        ("storyline", ours), ("minhash-0.5", minhash_peer), ("containment-0.3", containment_peer)
    ]
    results = {}
    ours_groups: list[list[str]] = []
    for name, detect in detectors:
        t0 = time.perf_counter()
        links, groups = detect(gold.articles)
        secs = time.perf_counter() - t0
        results[name] = score(gold, basil_ids, links, groups) | {"seconds": secs}
        if name == "storyline":
            ours_groups = groups
        if name == "storyline" and args.out:
            with args.out.open("w", encoding="utf-8") as fh:
                for a, b in sorted(links):
                    fh.write(json.dumps({"a": a, "b": b}) + "\n")
    cols = ["pair_p", "pair_r", "pair_f1", "bcubed_f1", "republication_recall",
            "false_link_rate", "basil_false_links", "links", "seconds"]
    print(f"{'detector':<16}" + "".join(f"{c:>22}" for c in cols))
    for name, res in results.items():
        print(f"{name:<16}" + "".join(f"{res[c]:>22.3f}" for c in cols))
    dirs = direction_scores(gold, ours_groups)
    print("storyline direction on copy-source links: "
          + ", ".join(f"{k}={v:.3f}" for k, v in dirs.items()))
    print(basil_quote_report(basil))
    headline("PROVENANCE_PAIR_F1", results["storyline"]["pair_f1"], 4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
