"""How sure a found position is: a logistic model learned from hand-labelled real coverage.

The rules of :mod:`storyline.claims.positions` find actor-issue-stance triples; on real news
about two in three are right (see ``docs/benchmarks.md``). This module scores each triple and
the positions stage keeps only those scored at or above the model's threshold: when unsure,
leave it out.

The model is a logistic regression over

- *surface features* of every sentence that shows the position (:func:`mention_features`):
  the stance and its cue word, the cue's part of speech and dependency, the verb above it, the
  actor's entity label, whether it resolved to an entity and how its subject was written
  (name, noun, pronoun), the issue's length, head, capitals and digits, negation and modals on
  the cue, whether the cue is inside a quotation, the sentence's length and place in the
  article, and how many sentences show the position;
- with the ``semantic`` extra, *meaning features*: the cosine of the triple read as a sentence
  ("Donald Trump opposes the border wall") and of the issue alone with the sentence that shows
  it (a triple that says what its sentence says scores high; a fragment or a side remark
  scores low), and the issue's own embedding (an issue a reader recognises as a matter).

Two models ship in ``claims/data/position_confidence.json``: ``semantic`` (used when the
extra is installed) and ``surface`` (used otherwise), each with the threshold at which its
out-of-fold precision on the labelled rounds reaches the goal. They are trained by
``benchmarks/train_position_confidence.py`` from ``benchmarks/data/real_position_labels.jsonl``
with each round held out in turn, so the threshold is set on rounds the model did not see.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Model", "MODALS", "VERBS", "load_models", "mention_features", "model_for",
           "position_features", "score", "triple_text"]

MODALS = frozenset(("would", "could", "may", "might", "should", "will", "can", "must"))
# how a triple reads as a sentence, for its cosine with the sentence that shows it
VERBS = {"demand": "demands", "offer": "offers", "accept": "accepts", "reject": "rejects",
         "refuse": "refuses", "deny": "denies", "threaten": "threatens", "warn": "warns about",
         "oppose": "opposes", "support": "supports"}


def mention_features(doc: Doc, tok: Token | None, subj: Token | None, stance: str,
                     actor_name: str, actor_label: str, resolved: bool, issue: str,
                     issue_key: str, in_quote: bool, start: int, text_len: int,
                     cues: int, salience: int) -> dict[str, float]:
    """The surface features of one sentence showing a position (binary indicators).

    ``tok`` is the cue's token (None for a threat read from a penalty clause), ``subj`` the
    token naming the actor, ``resolved`` whether the actor is an entity of the story,
    ``start`` the sentence's offset in an article of ``text_len`` characters, ``cues`` the
    number of stance cues in the sentence and ``salience`` how often the actor's last name
    occurs in the article.
    """
    f: dict[str, float] = {f"stance={stance}": 1.0}
    if tok is None:
        f["penalty"] = 1.0
        return f
    f[f"cue={tok.lemma_.lower()}"] = 1.0
    f[f"cuepos={tok.pos_}"] = 1.0
    f[f"cuedep={tok.dep_}"] = 1.0
    f[f"tag={tok.tag_}"] = 1.0
    if tok.dep_ != "ROOT":
        f[f"up={tok.head.lemma_.lower()}"] = 1.0
    f[f"alabel={actor_label or 'none'}"] = 1.0
    if resolved:
        f["aent"] = 1.0
    f[f"aw={min(len(actor_name.split()), 4)}"] = 1.0
    if actor_name[:1].islower():
        f["alower"] = 1.0
    subj_pos = subj.pos_ if subj is not None else "none"
    if subj is not None:
        f[f"subjpos={subj.pos_}"] = 1.0
        if subj.pos_ == "PRON":
            f[f"pron={subj.lower_}"] = 1.0
        f[f"sdist={min(abs(subj.i - tok.i), 8) // 3}"] = 1.0
    words = issue.split()
    f[f"iw={min(len(words), 4)}"] = 1.0
    f[f"ihead={issue_key.split()[-1]}"] = 1.0
    if any(w[:1].isupper() for w in words):
        f["icap"] = 1.0
    if any(ch.isdigit() for ch in issue):
        f["idigit"] = 1.0
    if any(c.dep_ == "neg" for c in tok.children):
        f["neg"] = 1.0
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in MODALS:
            f[f"modal={c.lower_}"] = 1.0
    if in_quote:
        f["inquote"] = 1.0
    f[f"slen={min(len(doc), 60) // 15}"] = 1.0
    if "?" in doc.text:
        f["question"] = 1.0
    if start == 0:
        f["first"] = 1.0
    f[f"ncues={min(cues, 4)}"] = 1.0
    first = words[0] if words else ""
    if first.endswith("ing") and first[:1].islower():
        f["igerund"] = 1.0
    if " of " in f" {issue} ":
        f["iof"] = 1.0
    f[f"{stance}&subjpos={subj_pos}"] = 1.0
    f[f"{stance}&q={int(in_quote)}"] = 1.0
    f[f"{stance}&iw={min(len(words), 3)}"] = 1.0
    f[f"asal={min(salience, 6) // 2}"] = 1.0
    f[f"where={min(int(4 * start / max(text_len, 1)), 3)}"] = 1.0
    return f


def position_features(mentions: Sequence[Mapping[str, float]],
                      evidence: int) -> dict[str, float]:
    """A position's features: the union (maximum) of its sentences' and how many there are."""
    out: dict[str, float] = {}
    for m in mentions:
        for k, v in m.items():
            if v > out.get(k, 0.0):
                out[k] = v
    out[f"nev={min(evidence, 3)}"] = 1.0
    return out


def triple_text(actor: str, stance: str, issue: str) -> str:
    """A triple read as a sentence ("Democrats oppose …" is near enough as "opposes")."""
    return f"{actor} {VERBS.get(stance, stance)} {issue}"


@dataclass(frozen=True)
class Model:
    """One logistic model: feature weights, a bias, a threshold; for the semantic model also
    the weights of the two cosines and of the issue's embedding."""

    name: str
    bias: float
    weights: Mapping[str, float]
    threshold: float
    scale: float = 3.0  # the cosines enter multiplied by this, as in training
    cosine_weights: tuple[float, ...] = ()
    issue_weights: tuple[float, ...] = ()

    @property
    def semantic(self) -> bool:
        return bool(self.cosine_weights)


def score(model: Model, features: Mapping[str, float], cosines: Sequence[float] = (),
          issue_vector: Sequence[float] = ()) -> float:
    """The model's probability that a position is right."""
    z = model.bias + sum(model.weights.get(k, 0.0) * v for k, v in features.items())
    if model.semantic:
        z += sum(w * model.scale * c for w, c in zip(model.cosine_weights, cosines, strict=True))
        z += sum(w * x for w, x in zip(model.issue_weights, issue_vector, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def _model(name: str, raw: Mapping[str, Any]) -> Model:
    return Model(name=name, bias=float(raw["bias"]),
                 weights={str(k): float(v) for k, v in raw["weights"].items()},
                 threshold=float(raw["threshold"]), scale=float(raw.get("scale", 3.0)),
                 cosine_weights=tuple(float(x) for x in raw.get("cosine_weights", ())),
                 issue_weights=tuple(float(x) for x in raw.get("issue_weights", ())))


@lru_cache(maxsize=1)
def load_models() -> dict[str, Model]:
    """The shipped models by name (``surface``, ``semantic``)."""
    raw = json.loads(resources.files("storyline.claims").joinpath(
        "data/position_confidence.json").read_text(encoding="utf-8"))
    return {name: _model(name, m) for name, m in raw["models"].items()}


def model_for(semantic: bool) -> Model:
    """The semantic model where the extra is installed, else the surface one."""
    models = load_models()
    return models["semantic"] if semantic and "semantic" in models else models["surface"]
