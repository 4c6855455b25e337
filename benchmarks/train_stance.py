"""Train the headline–body stance model on the FNC-1 training set (CPU, a few minutes).

Bodies are split by a hash of their id (``storyline.claims.stance.is_dev_body``): about one in
five is held out, so no body is seen in both parts. The vocabulary (5,000 most frequent
non-stop words of the training headlines and bodies) and IDF weights come from scikit-learn's
vectorisers; the features are computed by ``StanceModel.features`` itself, so training and
inference see exactly the same numbers. Writes ``src/storyline/claims/stance_model.npz`` (or
``--model``) and prints the held-out scores. Needs the ``bench`` extra (scikit-learn).
Last line: ``FNC1_RELATIVE_SCORE=<held-out score>``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench_stance import DATASETS, load_pairs
from storyline.claims.stance import (
    LABELS,
    MODEL_PATH,
    StanceModel,
    fnc_score,
    is_dev_body,
    save_model,
)


def fit_vocabulary(texts: Sequence[str], size: int) -> tuple[dict[str, int], np.ndarray]:
    """The vocabulary and smoothed IDF weights of the training texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(max_features=size, stop_words="english").fit(texts)
    vocab = {w: int(i) for w, i in vec.vocabulary_.items()}
    return vocab, vec.idf_.astype(np.float32)


def main(argv: Sequence[str] | None = None) -> int:
    """Train, report held-out scores, save."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "fnc1-stance",
                    help="a folder with the FNC-1 training stances and bodies")
    ap.add_argument("--model", type=Path, default=MODEL_PATH, help="where to write the model")
    ap.add_argument("--vocab", type=int, default=5000)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=30)
    args = ap.parse_args(argv)
    from sklearn.metrics import f1_score
    from sklearn.neural_network import MLPClassifier

    pairs = load_pairs(args.data)
    train = [p for p in pairs if not is_dev_body(p.body_id)]
    dev = [p for p in pairs if is_dev_body(p.body_id)]
    print(f"{len(train)} training pairs, {len(dev)} held-out pairs")
    texts = [p.headline for p in train] + list({p.body_id: p.body for p in train}.values())
    vocab, idf = fit_vocabulary(texts, args.vocab)
    blank = StanceModel(vocab, idf, *(np.zeros(1, dtype=np.float32),) * 4)
    t0 = time.perf_counter()
    x = blank.features([p.headline for p in train], [p.body for p in train])
    y = np.array([LABELS.index(p.stance) for p in train])
    mlp = MLPClassifier(hidden_layer_sizes=(args.hidden,), alpha=1e-4, max_iter=args.epochs,
                        random_state=0)
    mlp.fit(x, y)
    print(f"trained in {time.perf_counter() - t0:.0f}s")
    model = StanceModel(vocab, idf, mlp.coefs_[0], mlp.intercepts_[0], mlp.coefs_[1],
                        mlp.intercepts_[1])
    save_model(model, args.model)
    pred = model.predict([p.headline for p in dev], [p.body for p in dev])
    gold = [p.stance for p in dev]
    score = fnc_score(gold, pred)
    print(f"held-out macro-F1 {f1_score(gold, pred, average='macro'):.4f}; "
          f"model {args.model.stat().st_size / 1e6:.1f} MB at {args.model}")
    print(f"FNC1_RELATIVE_SCORE={score:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
