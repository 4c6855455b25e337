"""Near-duplicate detection at scale: MinHash signatures per second, LSH time, memory.

    python benchmarks/bench_dedup_scale.py --n 100000 --workers 2 \
        --data ../shared/datasets/aeb-article-extraction

Generates ``--n`` synthetic articles (about 300 words each; vocabulary and word frequencies from
the text under ``--data``, a folder of ``.txt`` or ``.jsonl.gz`` files; a built-in word list when
absent). Every tenth article is a near copy of an earlier one (trimmed, 5% of words replaced):
those are the planted pairs. Articles are made from their number alone, so each worker builds its
own block and only signatures cross processes.

Ours: ``body_shingle_sets`` (the detector's own tokenizer with its quotation and stock-phrase
masks, word 3-grams; the same shingle sets as ``featurize``, a block of articles tokenised in one
vectorised pass) then ``minhash_signatures`` (128 permutations), then ``lsh_pairs`` (32 bands of
4 rows) and pairs kept at estimated Jaccard >= 0.5. Peer, in the same run, on the first
``--peer-n`` articles: datasketch ``MinHash.update_batch`` over word 3-grams of the same text
(its fastest documented path) and ``MinHashLSH`` at threshold 0.5; ours runs on those same
articles on one core for the ratio, passes interleaved with the peer's, best pass of each (CPU
time of the process, so that other work on the machine counts as little as possible). Two
ratios: from text (each side tokenises and shingles the same text itself, then signs) and from
shingles alone (the same word 3-grams: bytes for datasketch, 64-bit hashes for ours). Reported
for the full run: articles signed/s per core (CPU time of the workers), LSH candidate time, total
wall time (generation included), peak resident memory of this process and of the workers, recall
of planted pairs. ``--out`` gets the near-duplicate pairs as JSON Lines ``{"a", "b"}``.
Last line: ``MINHASH_SPEEDUP_VS_DATASKETCH=<ours / datasketch articles signed per second, from
text>``.
"""

from __future__ import annotations

import gzip
import json
import re
import resource
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from storyline.evaluate.bench import bench_parser, datasets_dir, headline
from storyline.model import Article
from storyline.provenance.candidates import lsh_pairs, minhash_signatures
from storyline.provenance.features import body_shingle_sets

DATASETS = datasets_dir(__file__)
WORD = re.compile(r"[^\W\d_]+")
_FALLBACK_TEXT = """the of and to in a is that for on was with he it as at by this had from but not
are his they were been have port city council minister report police water school market price
government union talks strike ships harbour court judge vote election energy storm"""
FALLBACK = tuple(_FALLBACK_TEXT.split())
DUP_EVERY = 10  # article i with i % DUP_EVERY == DUP_EVERY - 1 copies an earlier article
BLOCK = 5000
REPLACE = 0.05  # share of words a near copy replaces

_VOCAB: np.ndarray | None = None
_PROBS: np.ndarray | None = None


def load_vocabulary(folder: Path | None, limit: int = 50000) -> tuple[list[str], list[int]]:
    """Words and their counts from the text files under ``folder`` (most frequent first)."""
    counts: Counter[str] = Counter()
    if folder is not None and folder.exists():
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".txt":
                counts.update(WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
            elif path.name.endswith(".jsonl.gz"):
                with gzip.open(path, "rt", encoding="utf-8") as fh:
                    for line in fh:
                        values = json.loads(line).values()
                        counts.update(w for v in values if isinstance(v, str)
                                      for w in WORD.findall(v))
            if sum(counts.values()) > 5_000_000:
                break
    if len(counts) < 100:
        counts = Counter({w: len(FALLBACK) - k for k, w in enumerate(FALLBACK)})
    top = counts.most_common(limit)
    return [w for w, _ in top], [c for _, c in top]


def _init(words: list[str], counts: list[int]) -> None:
    global _VOCAB, _PROBS
    _VOCAB = np.asarray(words, dtype=object)
    p = np.asarray(counts, dtype=np.float64)
    _PROBS = np.cumsum(p / p.sum())


def _body(i: int, seed: int) -> list[str]:
    """The words of original article ``i``: 10-20 sentences of 10-28 words."""
    assert _VOCAB is not None and _PROBS is not None
    rng = np.random.default_rng((seed, i))
    lengths = rng.integers(10, 29, size=int(rng.integers(10, 21)))
    ids = np.searchsorted(_PROBS, rng.random(int(lengths.sum())))
    ids = np.minimum(ids, len(_VOCAB) - 1)
    words = list(_VOCAB[ids])
    out, pos = [], 0
    for n in lengths.tolist():
        sent = words[pos : pos + n]
        pos += n
        out.append(sent[0].capitalize() + " " + " ".join(sent[1:]) + ".")
    return out


def source_of(i: int, seed: int) -> int | None:
    """The article that article ``i`` copies, or None for an original."""
    if i % DUP_EVERY != DUP_EVERY - 1 or i < DUP_EVERY:
        return None
    rng = np.random.default_rng((seed, i, 1))
    src = i - 1 - int(rng.integers(0, min(i - 1, 500)))
    return src - 1 if src % DUP_EVERY == DUP_EVERY - 1 else src


def make_text(i: int, seed: int) -> str:
    """Article ``i``: an original, or a trimmed copy of its source with some words replaced."""
    src = source_of(i, seed)
    if src is None:
        return f"Report {i}\n\n" + " ".join(_body(i, seed))
    assert _VOCAB is not None
    sents = _body(src, seed)
    rng = np.random.default_rng((seed, i, 2))
    sents = sents[: max(3, int(len(sents) * rng.uniform(0.8, 1.0)))]
    words = " ".join(sents).split(" ")
    for k in np.flatnonzero(rng.random(len(words)) < REPLACE).tolist():
        words[k] = str(_VOCAB[int(rng.integers(0, len(_VOCAB)))])
    return f"Copy {i}\n\n" + " ".join(words)


def make_article(i: int, seed: int) -> Article:
    text = make_text(i, seed)
    return Article(id=f"d{i:07d}", text=text, source_path=f"synthetic/{i}",
                   body_start=text.index("\n\n") + 2)


def _signature_block(lo: int, hi: int, seed: int) -> tuple[int, np.ndarray, dict[str, float]]:
    """Signatures of articles ``lo..hi-1``: (lo, sigs, seconds and shingle count)."""
    t0 = time.process_time()
    arts = [make_article(i, seed) for i in range(lo, hi)]
    t1 = time.process_time()
    shingles = body_shingle_sets(arts)
    t2 = time.process_time()
    sig = minhash_signatures(shingles)
    t3 = time.process_time()
    stats = {"gen_s": t1 - t0, "shingle_s": t2 - t1, "minhash_s": t3 - t2,
             "shingles": float(sum(len(s) for s in shingles))}
    return lo, sig, stats


def our_signatures(n: int, seed: int, workers: int) -> tuple[np.ndarray, dict[str, float]]:
    """All signatures, built in ``workers`` processes block by block."""
    sig = np.zeros((n, 128), dtype=np.uint32)
    stats = {"gen_s": 0.0, "shingle_s": 0.0, "minhash_s": 0.0, "shingles": 0.0}
    blocks = [(lo, min(n, lo + BLOCK)) for lo in range(0, n, BLOCK)]
    assert _VOCAB is not None and _PROBS is not None
    words, counts = list(_VOCAB), list(np.diff(np.concatenate(([0.0], _PROBS))))
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(words, counts)) as pool:
        futures = [pool.submit(_signature_block, lo, hi, seed) for lo, hi in blocks]
        for fut in futures:
            lo, block, block_stats = fut.result()
            sig[lo : lo + len(block)] = block
            for key, value in block_stats.items():
                stats[key] += value
    return sig, stats


def near_duplicates(sig: np.ndarray, threshold: float = 0.5) -> tuple[np.ndarray, float]:
    """LSH candidate pairs kept at estimated Jaccard >= threshold; and the LSH seconds."""
    t0 = time.perf_counter()
    cand = lsh_pairs(sig)
    secs = time.perf_counter() - t0
    if not len(cand):
        return cand, secs
    agree = np.empty(len(cand), dtype=np.float64)
    for lo in range(0, len(cand), 100_000):
        c = cand[lo : lo + 100_000]
        agree[lo : lo + len(c)] = (sig[c[:, 0]] == sig[c[:, 1]]).mean(axis=1)
    return cand[agree >= threshold], secs


def _words3(text: str) -> list[bytes]:
    words = WORD.findall(text.casefold())
    return [" ".join(words[k : k + 3]).encode("utf-8") for k in range(len(words) - 2)]


def peer_rates(n: int, seed: int, passes: int = 5) -> dict[str, float]:
    """datasketch and ours on the same ``n`` articles, one core each, best of ``passes``.

    Two measures: from text (each side's own tokenising and shingling included) and signatures
    alone from the same word 3-grams (datasketch gets them as bytes, ours as 64-bit hashes).
    Times are the process's CPU time, and passes alternate between the two sides, so that a
    busy machine slows both alike.
    """
    from datasketch import MinHash, MinHashLSH

    arts = [make_article(i, seed) for i in range(n)]
    best = {k: float("inf") for k in ("ds_text", "ds_sig", "our_text", "our_sig")}
    for _ in range(passes):
        t0 = time.process_time()
        grams = [_words3(a.text[a.body_start :]) for a in arts]
        t1 = time.process_time()
        hashes = []
        for g in grams:
            mh = MinHash(num_perm=128)
            mh.update_batch(g)
            hashes.append(mh)
        t2 = time.process_time()
        sig = minhash_signatures(body_shingle_sets(arts))
        t4 = time.process_time()
        ours_from_grams = [_hash_grams(g) for g in grams]
        t5 = time.process_time()
        minhash_signatures(ours_from_grams)
        t6 = time.process_time()
        for key, secs in (("ds_text", t2 - t0), ("ds_sig", t2 - t1), ("our_text", t4 - t2),
                          ("our_sig", t6 - t5)):
            best[key] = min(best[key], secs)
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for a, mh in zip(arts, hashes, strict=True):
        lsh.insert(a.id, mh)
    ds_pairs = sum(len(lsh.query(mh)) - 1 for mh in hashes) // 2
    t1 = time.perf_counter()
    ours_pairs = len(near_duplicates(sig)[0])
    t2 = time.perf_counter()
    return {
        "ds_text_per_s": n / best["ds_text"], "ds_sig_per_s": n / best["ds_sig"],
        "ds_lsh_s": t1 - t0, "ds_pairs": ds_pairs,
        "our_text_per_s": n / best["our_text"], "our_sig_per_s": n / best["our_sig"],
        "our_lsh_s": t2 - t1, "our_pairs": ours_pairs,
    }


def _hash_grams(grams: list[bytes]) -> np.ndarray:
    """The 3-grams datasketch signs, as the unique 64-bit hashes ours signs (not timed)."""
    return np.unique(np.fromiter((hash(g) & 0xFFFFFFFFFFFFFFFF for g in grams),
                                 dtype=np.uint64, count=len(grams)))


def planted_recall(pairs: np.ndarray, n: int, seed: int) -> tuple[float, float]:
    """Share of planted copy pairs found, and share of found pairs inside one planted family.

    A family is an original with its copies (two copies of one original are near duplicates
    of each other too).
    """
    planted = {(s, i) for i in range(n) if (s := source_of(i, seed)) is not None}
    found = {(int(a), int(b)) for a, b in pairs}
    root = {i: s for s, i in planted}
    right = sum(root.get(a, a) == root.get(b, b) for a, b in found)
    return len(planted & found) / max(1, len(planted)), right / max(1, len(found))


def peak_mb(who: int) -> float:
    """Peak resident set size in MB (``ru_maxrss`` is in KB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    ap = bench_parser(__doc__, data=DATASETS / "aeb-article-extraction",
                      data_help="folder of text to take the vocabulary from",
                      out_help="write near-duplicate pairs (JSONL)")
    ap.add_argument("--n", type=int, default=10000, help="articles to generate")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--peer-n", type=int, default=3000, help="articles for the datasketch run")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)
    words, counts = load_vocabulary(args.data)
    _init(words, counts)
    print(f"vocabulary {len(words)} words from {args.data}; n={args.n} workers={args.workers}")
    peer = peer_rates(min(args.n, args.peer_n), args.seed)
    start = time.perf_counter()
    sig, stats = our_signatures(args.n, args.seed, args.workers)
    sig_wall = time.perf_counter() - start
    pairs, lsh_s = near_duplicates(sig)
    total = time.perf_counter() - start
    recall, precision = planted_recall(pairs, args.n, args.seed)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for a, b in pairs.tolist():
                fh.write(json.dumps({"a": f"d{a:07d}", "b": f"d{b:07d}"}) + "\n")
    from_text = peer["our_text_per_s"] / peer["ds_text_per_s"]
    from_grams = peer["our_sig_per_s"] / peer["ds_sig_per_s"]
    print(f"peer run on {min(args.n, args.peer_n)} articles, one core each, best of 5 passes "
          "(articles signed/s: from text, own tokenising | from the same 3-grams):")
    print(f"  datasketch  {peer['ds_text_per_s']:9.0f} | {peer['ds_sig_per_s']:9.0f}   "
          f"LSH insert+query {peer['ds_lsh_s']:.2f}s  pairs {peer['ds_pairs']}")
    print(f"  storyline   {peer['our_text_per_s']:9.0f} | {peer['our_sig_per_s']:9.0f}   "
          f"LSH+verify {peer['our_lsh_s']:.2f}s  pairs {peer['our_pairs']}")
    print(f"  ratio       {from_text:9.2f} | {from_grams:9.2f}")
    work = stats["shingle_s"] + stats["minhash_s"]
    print(f"full run n={args.n}: generation {stats['gen_s']:.1f} CPU-s; shingling "
          f"{stats['shingle_s']:.1f} + minhash {stats['minhash_s']:.1f} CPU-s = "
          f"{args.n / work:.0f} articles signed/s/core from text "
          f"({stats['shingles'] / args.n:.0f} shingles/article)")
    print(f"  signatures wall {sig_wall:.1f}s (generation included), LSH candidates {lsh_s:.1f}s, "
          f"total {total:.1f}s, pairs {len(pairs)}, planted recall {recall:.4f}, "
          f"precision {precision:.4f}")
    print(f"  peak memory: main {peak_mb(resource.RUSAGE_SELF):.0f} MB, largest worker "
          f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    headline("MINHASH_SPEEDUP_VS_DATASKETCH", from_text, 2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
