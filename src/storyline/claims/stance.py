"""Headline–body stance (agree, disagree, discuss, unrelated): a small MLP run in NumPy.

The features follow the simple, strong FNC-1 model of Riedel et al. (2017): L2-normalised term
counts of the headline and of the body over one 5,000-word vocabulary, plus the TF-IDF cosine
of the two. One hidden ReLU layer, softmax output. The weights ship in the package
(``stance_model.npz``, float16); ``benchmarks/train_stance.py`` trains them on CPU from the FNC-1
training set. Inference needs only NumPy.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("agree", "disagree", "discuss", "unrelated")
MODEL_PATH = Path(__file__).resolve().parent / "stance_model.npz"
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # the tokens scikit-learn's vectorisers use


def is_dev_body(body_id: str) -> bool:
    """Whether a training body is held out from training (about one in five, by hash)."""
    return int(hashlib.sha256(f"fnc1:{body_id}".encode()).hexdigest(), 16) % 5 == 0


@dataclass(frozen=True)
class StanceModel:
    """Vocabulary, IDF weights and the MLP's layers."""

    vocab: dict[str, int]
    idf: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def counts(self, texts: Sequence[str]) -> np.ndarray:
        """Term counts over the vocabulary, one row per text."""
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, text in enumerate(texts):
            for tok in TOKEN.findall(text.lower()):
                col = self.vocab.get(tok)
                if col is not None:
                    out[row, col] += 1.0
        return out

    def features(self, headlines: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """[tf(headline), tf(body), tfidf cosine] per pair."""
        h, b = self.counts(headlines), self.counts(bodies)
        hi, bi = _l2(h * self.idf), _l2(b * self.idf)
        cos = np.sum(hi * bi, axis=1, keepdims=True)
        return np.hstack([_l2(h), _l2(b), cos]).astype(np.float32)

    def probabilities(self, headlines: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """Class probabilities (columns in LABELS order)."""
        x = self.features(headlines, bodies)
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, headlines: Sequence[str], bodies: Sequence[str]) -> list[str]:
        """The most likely stance of each body towards its headline."""
        if not headlines:
            return []
        return [LABELS[i] for i in self.probabilities(headlines, bodies).argmax(axis=1)]


def _l2(m: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norm == 0, 1.0, norm)


def save_model(model: StanceModel, path: Path = MODEL_PATH) -> None:
    """Write the model (weights as float16) to an .npz file."""
    words = sorted(model.vocab, key=model.vocab.__getitem__)
    np.savez_compressed(
        path,
        vocab=np.frombuffer(json.dumps(words).encode("utf-8"), dtype=np.uint8),
        idf=model.idf.astype(np.float32),
        w1=model.w1.astype(np.float16), b1=model.b1.astype(np.float32),
        w2=model.w2.astype(np.float32), b2=model.b2.astype(np.float32),
    )


@functools.cache
def load_model(path: Path = MODEL_PATH) -> StanceModel:
    """The shipped stance model (loaded once per process)."""
    from storyline.errors import ConfigError

    if not path.exists():
        raise ConfigError(f"{path}: no stance model; run benchmarks/train_stance.py to train one")
    with np.load(path) as data:
        words = json.loads(data["vocab"].tobytes().decode("utf-8"))
        return StanceModel(
            vocab={w: i for i, w in enumerate(words)},
            idf=data["idf"].astype(np.float32),
            w1=data["w1"].astype(np.float32), b1=data["b1"].astype(np.float32),
            w2=data["w2"].astype(np.float32), b2=data["b2"].astype(np.float32),
        )


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """The FNC-1 relative score: weighted credit over the best achievable."""
    got = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            got += 0.25
        if g != "unrelated" and g == p:
            got += 0.75
    return got / best if best else 0.0
