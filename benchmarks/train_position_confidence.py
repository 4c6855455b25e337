"""Train the positions' confidence models from the hand labels of real coverage.

    python benchmarks/_real_coverage.py PILE --parts allsides19 --jsonl r19.jsonl   # each round
    python benchmarks/bench_positions.py --data PILE --db pile.db --out positions.jsonl
    python benchmarks/train_position_confidence.py --db pile.db \\
        [--out src/storyline/claims/data/position_confidence.json] [--target 0.8]

Reads every story of a built store (``--db``), finds its candidate positions (the rules of
``storyline.claims.positions`` before the confidence gate) with their features, and joins them
to the hand labels (``benchmarks/data/real_position_labels.jsonl``; unlabelled and unsure
candidates are left out). Two logistic models are fitted (``storyline.claims.position_confidence``
says what they read): ``surface`` and, where the ``semantic`` extra is installed, ``semantic``.

Each model's threshold is set on out-of-fold scores: every labelling round (the prefix of the
file names, ``allsides19_…``) is held out in turn and scored by a model fitted on the other
rounds, so no threshold is chosen on items its model saw. The threshold is the lowest at which
the held-out precision of the positions kept reaches ``--target``. Printed per model: the
held-out precision and the share kept at a few thresholds, per round and pooled. The models
written are fitted on every round. Needs scikit-learn (the ``bench`` extra). Last line:
``POSITION_CONFIDENCE_HELDOUT_PRECISION=<pooled held-out precision at the chosen threshold of
the model the build uses where the semantic extra is installed>``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from storyline.claims import semantic
from storyline.claims.positions import candidate_positions, semantic_inputs
from storyline.evaluate.bench import headline
from storyline.evaluate.labels import LabelSet, position_item
from storyline.store.sqlite import SqliteStore

DATA = Path(__file__).resolve().parent / "data"
OUT = Path(__file__).resolve().parents[1] / "src/storyline/claims/data/position_confidence.json"
SCALE = 3.0  # the cosines enter the model multiplied by this (their spread is about 0.3)
MIN_COUNT = 2  # a feature seen fewer times in training is left out
C = 0.3  # inverse regularisation strength


def labelled_rows(db: Path, labels: LabelSet, with_semantic: bool) -> list[dict[str, Any]]:
    """The labelled candidates of a built store, with their features (and cosines and issue
    embeddings when ``with_semantic``)."""
    rows: list[dict[str, Any]] = []
    with SqliteStore(db, readonly=True) as store:
        corpus = store.load_corpus()
    by_id = {a.id: a for a in corpus.articles}
    ents: dict[str, list[Any]] = {}
    for e in corpus.entities:
        ents.setdefault(e.story_id or "", []).append(e)
    quotes_of: dict[str, list[Any]] = {}
    for q in corpus.quotes:
        quotes_of.setdefault(q.content.article_id, []).append(q)
    for story in corpus.stories:
        arts = [by_id[i] for i in story.article_ids if i in by_id]
        quotes = [q for a in arts for q in quotes_of.get(a.id, ())]
        found = candidate_positions(arts, quotes, ents.get(story.id, []),
                                    {a.id: corpus.annotations[a.id] for a in arts
                                     if a.id in corpus.annotations}, story.id)
        keep = []
        for p in found.positions:
            item = position_item(p, by_id)
            label = labels.find(item)
            if label is None or label.get("label") not in (True, False):
                continue
            keep.append(p)
            rows.append({"round": item["sources"][0].split("_")[0], "label": label["label"],
                         "features": found.features_of(p)})
        if with_semantic and keep:
            sub = type(found)(keep, found.features, found.texts)
            cosines, vectors = semantic_inputs(sub)
            for row, cos, vec in zip(rows[-len(keep):], cosines, vectors, strict=True):
                row["cosines"], row["vector"] = cos, np.asarray(vec)
    return rows


def _matrix(rows: list[dict[str, Any]], names: list[str], with_semantic: bool) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    width = len(names) + (2 + len(rows[0]["vector"]) if with_semantic else 0)
    x = np.zeros((len(rows), width))
    for r, row in enumerate(rows):
        for k, v in row["features"].items():
            if k in index:
                x[r, index[k]] = v
        if with_semantic:
            x[r, len(names):len(names) + 2] = np.asarray(row["cosines"]) * SCALE
            x[r, len(names) + 2:] = row["vector"]
    return x


def fit(rows: list[dict[str, Any]], with_semantic: bool) -> tuple[Any, list[str]]:
    """A logistic model on these rows and the feature names it reads."""
    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for r in rows for k in r["features"])
    names = sorted(k for k, c in counts.items() if c >= MIN_COUNT)
    y = np.array([1 if r["label"] else 0 for r in rows])
    model = LogisticRegression(C=C, max_iter=5000).fit(_matrix(rows, names, with_semantic), y)
    return model, names


def held_out_scores(rows: list[dict[str, Any]], with_semantic: bool) -> np.ndarray:
    """Each row's score by a model fitted without its round."""
    scores = np.zeros(len(rows))
    for held in sorted({r["round"] for r in rows}):
        train = [r for r in rows if r["round"] != held]
        idx = [i for i, r in enumerate(rows) if r["round"] == held]
        model, names = fit(train, with_semantic)
        scores[idx] = model.predict_proba(_matrix([rows[i] for i in idx], names,
                                                  with_semantic))[:, 1]
    return scores


def threshold_for(scores: np.ndarray, y: np.ndarray, target: float) -> float:
    """The lowest threshold whose kept positions reach the target precision (held out)."""
    for t in sorted(set(np.round(scores, 4))):
        kept = scores >= t
        if kept.sum() >= 20 and y[kept].mean() >= target:
            return float(t)
    return 1.0


def report(name: str, rows: list[dict[str, Any]], scores: np.ndarray, chosen: float) -> float:
    y = np.array([1 if r["label"] else 0 for r in rows])
    rounds = sorted({r["round"] for r in rows})
    print(f"{name}: {len(rows)} labelled candidates, {y.mean():.3f} right before the gate; "
          f"held-out precision (share kept) per round {', '.join(rounds)} and pooled")
    for t in sorted({0.5, 0.6, 0.7, round(chosen, 4)}):
        kept = scores >= t
        per = []
        for r in rounds:
            mine = np.array([row["round"] == r for row in rows])
            k = kept & mine
            per.append(f"{y[k].mean():.2f} ({k.sum() / mine.sum():.2f})" if k.any() else "-")
        mark = " <- threshold" if t == round(chosen, 4) else ""
        print(f"  >= {t:.4f}: " + "  ".join(per) +
              f"  pooled {y[kept].mean():.3f} ({kept.mean():.2f}){mark}")
    kept = scores >= chosen
    return float(y[kept].mean()) if kept.any() else 0.0


def weights_of(model: Any, names: list[str], with_semantic: bool) -> dict[str, Any]:
    coef = model.coef_[0]
    out: dict[str, Any] = {"bias": round(float(model.intercept_[0]), 6),
                           "weights": {n: round(float(w), 6)
                                       for n, w in zip(names, coef[:len(names)], strict=True)
                                       if abs(w) >= 1e-6}}
    if with_semantic:
        out["scale"] = SCALE
        out["cosine_weights"] = [round(float(w), 6) for w in coef[len(names):len(names) + 2]]
        out["issue_weights"] = [round(float(w), 6) for w in coef[len(names) + 2:]]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="a store built from labelled piles")
    ap.add_argument("--labels", type=Path, default=DATA / "real_position_labels.jsonl")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--target", type=float, default=0.8)
    args = ap.parse_args(argv)
    with_semantic = semantic.available()
    rows = labelled_rows(args.db, LabelSet.load(args.labels), with_semantic)
    y = np.array([1 if r["label"] else 0 for r in rows])
    models: dict[str, Any] = {}
    headline_value = 0.0
    for name, sem in (("surface", False), ("semantic", True)):
        if sem and not with_semantic:
            print("semantic: skipped (the semantic extra is not installed)")
            continue
        scores = held_out_scores(rows, sem)
        chosen = threshold_for(scores, y, args.target)
        headline_value = report(name, rows, scores, chosen)
        model, names = fit(rows, sem)
        models[name] = {**weights_of(model, names, sem), "threshold": round(chosen, 4),
                        "heldout_precision": round(headline_value, 4),
                        "heldout_kept": round(float((scores >= chosen).mean()), 4),
                        "trained_on": len(rows)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"models": models}, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out}")
    headline("POSITION_CONFIDENCE_HELDOUT_PRECISION", headline_value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
