"""Claim corroboration on Emergent: for / against / observing per headline, and per-claim counts.

Every (claim, article headline) pair of ``--data`` (the emergent-claims folder) gets a stance
from ``storyline.claims.corroboration`` (a cue-word baseline); the peer in the same run is the
majority class. Reference: Ferreira and Vlachos (2016) report 0.733 accuracy with a trained
model on their own split (not comparable). Scored:
accuracy and macro-F1 over pairs (also on the claims that do not occur in the FNC-1 training
set the stance model learnt from), and per claim: the mean absolute error of the number of
supporting and of denying reports, and how often the majority verdict (more for than against,
or not) is right. ``--out`` gets JSON Lines ``{"id", "claimId", "stance"}``.
Last line: ``EMERGENT_ACCURACY=<ours>``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storyline.claims.corroboration import report_stances

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
LABELS = ("for", "against", "observing")


def _macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    f1s = []
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def per_claim(rows: Sequence[dict[str, Any]], pred: Sequence[str]) -> dict[str, float]:
    """Mean absolute error of for/against counts per claim, and majority-verdict accuracy."""
    gold_counts: dict[str, Counter[str]] = {}
    pred_counts: dict[str, Counter[str]] = {}
    for row, stance in zip(rows, pred, strict=True):
        gold_counts.setdefault(row["claimId"], Counter())[row["articleHeadlineStance"]] += 1
        pred_counts.setdefault(row["claimId"], Counter())[stance] += 1
    n = len(gold_counts)
    mae_for = sum(abs(gold_counts[c]["for"] - pred_counts[c]["for"]) for c in gold_counts) / n
    mae_against = sum(
        abs(gold_counts[c]["against"] - pred_counts[c]["against"]) for c in gold_counts
    ) / n
    verdict = sum(
        (gold_counts[c]["for"] > gold_counts[c]["against"])
        == (pred_counts[c]["for"] > pred_counts[c]["against"])
        for c in gold_counts
    ) / n
    return {"mae_for": mae_for, "mae_against": mae_against, "verdict_acc": verdict}


def evaluate(rows: Sequence[dict[str, Any]], pred: Sequence[str]) -> dict[str, float]:
    """Pair accuracy and macro-F1, and the per-claim numbers."""
    gold = [r["articleHeadlineStance"] for r in rows]
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"accuracy": acc, "macro_f1": _macro_f1(gold, pred)} | per_claim(rows, pred)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "emergent-claims",
                    help="the emergent-claims folder (emergent.jsonl.gz)")
    ap.add_argument("--out", type=Path, default=None, help="write our stances here (JSONL)")
    args = ap.parse_args(argv)
    path = args.data / "emergent.jsonl.gz"
    if not path.exists():
        print(f"error: {path}: not found (pass --data)", file=sys.stderr)
        return 2
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    claims = [r["claimHeadline"] for r in rows]
    reports = [r["articleHeadline"] for r in rows]
    majority = Counter(r["articleHeadlineStance"] for r in rows).most_common(1)[0][0]
    systems: dict[str, Callable[[], list[str]]] = {
        "storyline": lambda: report_stances(claims, reports),
        f"majority ({majority})": lambda: [majority] * len(rows),
    }
    preds = {name: run() for name, run in systems.items()}
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for row, stance in zip(rows, preds["storyline"], strict=True):
                fh.write(json.dumps({"id": row["id"], "claimId": row["claimId"],
                                     "stance": stance}) + "\n")
    fresh = ("none", "competition_test")
    unseen = [i for i, r in enumerate(rows) if r.get("fnc1_overlap") in fresh]
    print(f"{len(rows)} pairs, {len({r['claimId'] for r in rows})} claims "
          f"({len(unseen)} pairs on claims outside the FNC-1 training set)")
    cols = ["accuracy", "macro_f1", "mae_for", "mae_against", "verdict_acc"]
    print(f"{'system':<20}" + "".join(f"{c:>13}" for c in cols) + f"{'unseen_acc':>13}")
    for name, pred in preds.items():
        res = evaluate(rows, pred)
        un = evaluate([rows[i] for i in unseen], [pred[i] for i in unseen])["accuracy"] \
            if unseen else float("nan")
        print(f"{name:<20}" + "".join(f"{res[c]:>13.3f}" for c in cols) + f"{un:>13.3f}")
    print(f"EMERGENT_ACCURACY={evaluate(rows, preds['storyline'])['accuracy']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
