"""Story clustering on ECB+: documents grouped into same-event stories, K-means as the peer.

Every ECB+ topic holds two similar but different real-world events (its two sub-topics), so the
sub-topic is the gold story and the topic the coarse level. Our ``cluster_stories`` runs on the
documents (tokens joined by spaces, entity mentions from our entity stage); the peer is
scikit-learn K-means over TF-IDF vectors, given the true number of stories (an oracle that our
method does not get). Scored: B-cubed P/R/F1 against sub-topics and against topics.

``--data`` is the ecbplus folder (``ECB+/<topic>/*.xml.gz``). ``--out`` gets our clusters, JSON
Lines ``{"doc": <file name>, "story": <story id>}``. Last line: ``STORY_BCUBED_F1=<ours>``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline
from storyline.evaluate.datasets import DatasetMissing, ecbplus_files, read_cat
from storyline.evaluate.metrics import bcubed
from storyline.model import Article, ArticleAnnotations

DATASETS = datasets_dir(__file__)


def load(folder: Path) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """Articles (tokens joined by spaces, one sentence a line), and each document's gold
    sub-topic and topic."""
    articles, sub, topic = [], {}, {}
    for path in ecbplus_files(folder):
        name = path.name.removesuffix(".xml.gz")
        top = path.parent.name
        sub[name] = f"{top}_{'ecbplus' if name.endswith('ecbplus') else 'ecb'}"
        topic[name] = top
        text = read_cat(path).text
        title = text.split("\n", 1)[0]
        articles.append(Article(id=name, text=text, source_path=str(path), title=title))
    return articles, sub, topic


def annotate(articles: Sequence[Article]) -> dict[str, ArticleAnnotations]:
    """Entity mentions from our entity stage, which the clustering weights up."""
    from storyline.language.entities import find_mentions
    from storyline.language.nlp import parse

    return {a.id: ArticleAnnotations(a.id, mentions=find_mentions(a, parse(a))) for a in articles}


def ours(articles: Sequence[Article], anns: dict[str, ArticleAnnotations]) -> dict[str, str]:
    """storyline.stories.cluster_stories (each document its own origin)."""
    from storyline.stories.cluster import cluster_stories

    return {aid: s.id for s in cluster_stories(articles, anns, ()) for aid in s.article_ids}


def kmeans_peer(articles: Sequence[Article], k: int) -> dict[str, str]:
    """K-means over TF-IDF with the true number of stories."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vecs = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [a.text for a in articles]
    )
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(vecs)
    return {a.id: str(label) for a, label in zip(articles, labels, strict=True)}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = bench_parser(__doc__, data=DATASETS / "ecbplus", data_help="the ecbplus folder",
                      out_help="write our clusters here (JSONL)")
    ap.add_argument("--no-peer", action="store_true", help="skip the K-means peer")
    args = ap.parse_args(argv)
    try:
        articles, sub, topic = load(args.data)
    except DatasetMissing as exc:
        return fail(f"{exc} (pass --data)")
    print(f"{len(articles)} documents, {len(set(sub.values()))} stories, "
          f"{len(set(topic.values()))} topics")
    t0 = time.perf_counter()
    anns = annotate(articles)
    t1 = time.perf_counter()
    runs = {"storyline": ours(articles, anns)}
    t2 = time.perf_counter()
    print(f"entities {t1 - t0:.1f}s, clustering {t2 - t1:.1f}s")
    if not args.no_peer:
        runs["kmeans-oracle-k"] = kmeans_peer(articles, len(set(sub.values())))
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for doc, story in sorted(runs["storyline"].items()):
                fh.write(json.dumps({"doc": doc, "story": story}) + "\n")
    print(f"{'system':<18}{'stories':>9}{'sub_P':>8}{'sub_R':>8}{'sub_F1':>8}{'topic_F1':>10}")
    for name, pred in runs.items():
        p, r, f = bcubed(sub, pred)
        _, _, tf = bcubed(topic, pred)
        print(f"{name:<18}{len(set(pred.values())):>9}{p:>8.3f}{r:>8.3f}{f:>8.3f}{tf:>10.3f}")
    headline("STORY_BCUBED_F1", bcubed(sub, runs["storyline"])[2], 4)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
