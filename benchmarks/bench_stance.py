"""Headline–body stance on FNC-1: the shipped model's relative score and macro-F1.

``--data`` is a folder holding one ``*stances*.csv`` and one ``*bodies*.csv`` (either may be
gzipped), as FNC-1 ships them. Every row gets a predicted stance, written to ``--out`` as a CSV
``Headline,Body ID,Stance``. When the rows carry gold stances they are scored: on every row, and,
for the training files (whose bodies the model partly saw), on the held-out bodies only —
the number that counts there. Reference points (FNC-1 competition test set): official baseline
0.752, UCL's simple MLP 0.817, the competition's winner 0.820. A majority-class peer
(``discuss`` for related-looking pairs is not known without a model, so: all ``unrelated``)
runs in the same pass as the floor. Last line: ``FNC1_RELATIVE_SCORE=<ours>``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.claims.stance import fnc_score, is_dev_body, load_model

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


@dataclass(frozen=True)
class Pair:
    """One headline–body pair, with its gold stance when known."""

    headline: str
    body_id: str
    body: str
    stance: str | None


def _rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _one(folder: Path, kind: str) -> Path:
    found = sorted(p for p in folder.iterdir() if kind in p.name and ".csv" in p.name)
    if len(found) != 1:
        raise SystemExit(f"error: {folder}: expected one *{kind}*.csv[.gz], found {len(found)}")
    return found[0]


def load_pairs(folder: Path) -> list[Pair]:
    """Every stance row joined with its body."""
    bodies = {r["Body ID"]: r["articleBody"] for r in _rows(_one(folder, "bodies"))}
    return [
        Pair(r["Headline"], r["Body ID"], bodies.get(r["Body ID"], ""), r.get("Stance") or None)
        for r in _rows(_one(folder, "stances"))
    ]


def _macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    scores = []
    for label in ("agree", "disagree", "discuss", "unrelated"):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def main(argv: Sequence[str] | None = None) -> int:
    """Predict, write, score."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATASETS / "fnc1-stance",
                    help="a folder with one *stances*.csv[.gz] and one *bodies*.csv[.gz]")
    ap.add_argument("--out", type=Path, default=None, help="write predictions here (CSV)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"error: {args.data}: not a folder", file=sys.stderr)
        return 2
    pairs = load_pairs(args.data)
    model = load_model()
    t0 = time.perf_counter()
    pred: list[str] = []
    for start in range(0, len(pairs), 2000):
        chunk = pairs[start : start + 2000]
        pred += model.predict([p.headline for p in chunk], [p.body for p in chunk])
    secs = time.perf_counter() - t0
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Headline", "Body ID", "Stance"])
            writer.writerows([p.headline, p.body_id, s] for p, s in zip(pairs, pred, strict=True))
    print(f"{len(pairs)} pairs predicted in {secs:.1f}s")
    if not all(p.stance for p in pairs):
        print(f"FNC1_PREDICTED={len(pred)}")
        return 0
    training = "train" in _one(args.data, "stances").name
    keep = [i for i, p in enumerate(pairs) if not training or is_dev_body(p.body_id)]
    gold = [pairs[i].stance or "" for i in keep]
    mine = [pred[i] for i in keep]
    part = "held-out training bodies" if training else "all rows"
    print(f"scored on {part}: {len(keep)} pairs")
    print(f"{'system':<20}{'relative':>10}{'macro_f1':>10}")
    floor = ["unrelated"] * len(gold)
    print(f"{'all-unrelated':<20}{fnc_score(gold, floor):>10.3f}{_macro_f1(gold, floor):>10.3f}")
    print(f"{'storyline':<20}{fnc_score(gold, mine):>10.3f}{_macro_f1(gold, mine):>10.3f}")
    print(f"FNC1_RELATIVE_SCORE={fnc_score(gold, mine):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
