"""Discrepancies on planted conflicts and generated pairs: a regression test, not the
measurement (that is bench_discrepancy.py, on hand-labelled real coverage).

    python benchmarks/bench_discrepancy_generated.py --data ../shared/datasets/basil-media-bias \\
        --out out/discrepancy-pairs.jsonl

1. The demo corpus (``--demo``, a folder with ``corpus/`` and ``gold.json``) is built whole and
   scored with :func:`storyline.evaluate.demo.score_demo`: recall of the planted discrepancies,
   precision of the reported ones, and how many gold "compatible" pairs were flagged.
2. Generated pairs from BASIL body sentences (``--data``; read at run time, never stored): each
   pair is a two-article story, the original sentence against a copy with exactly one slot
   altered (a person's title given a rank or stripped of one, a counted number, a weekday, a
   place after "in", a negation added to the main verb), or against a compatible rewording
   (the titled person named by surname alone; the number said "about", "more than" a lower
   round number, or as a range around it), or against an unaltered copy. Titles are drawn
   last, from sentences no other slot took. An altered pair is found
   when a discrepancy of its slot is reported (number and duration count as one); any report on
   a compatible or unaltered pair, and a report of the wrong slot, is a false alarm.

There is no peer library for cross-report discrepancies; the same run scores a value-difference
baseline (flag when the two claims' normalised numbers, days, places or negation differ), the
rule a naive checker would use. ``--out`` receives one JSON line per generated pair. Last line:
``DISCREPANCY_PRECISION=<pair-level precision over the demo and the generated set together>``.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from storyline import Pipeline
from storyline.claims.discrepancy import find_discrepancies, titled_people
from storyline.claims.group import group_claims
from storyline.claims.quantities import find_quantities
from storyline.evaluate.bench import bench_parser, datasets_dir, headline
from storyline.evaluate.datasets import read_basil
from storyline.evaluate.demo import score_demo
from storyline.evaluate.metrics import precision, recall
from storyline.language.nlp import parse_text
from storyline.model import (
    Article,
    Claim,
    OriginGroup,
    OriginMember,
    content_id,
)
from storyline.pipeline import annotate_article

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY = re.compile(r"\b(?:on )(" + "|".join(DAYS) + r")\b")
_AUX = frozenset(("is", "was", "are", "were", "will", "would", "can", "could", "has", "have",
                  "had", "did", "does", "do", "should"))
_NEG = re.compile(r"\b(?:not|n't|never|no|cannot)\b", re.IGNORECASE)
SAME = {"number": {"number", "duration"}, "date": {"date"}, "place": {"place"},
        "negation": {"negation"}, "title": {"title"}}


def sentences(folder: Path) -> list[tuple[str, str, str]]:
    """(article key, publication date, sentence) for BASIL body sentences of 8 to 45 words."""
    path = next(folder.glob("*.jsonl.gz"), None) or next(folder.glob("*.jsonl"))
    out = []
    for art in read_basil(path):
        for para in art.paragraphs:
            for sent in para:
                sent = " ".join(sent.split())
                if 8 <= len(sent.split()) <= 45 and sent[-1:] in ".\"”" and "?" not in sent:
                    out.append((art.file_key, art.date[:10], sent))
    return out


def _fmt(value: float, like: str) -> str:
    n = int(round(value))
    return f"{n:,}" if "," in like else str(n)


def _round_down(value: float) -> int:
    digits = len(str(int(value)))
    step = 10 ** max(1, digits - 1)
    return int(value // step * step)


def number_variants(sent: str) -> list[tuple[str, str, str]]:
    """(kind, slot, new sentence) for the first plain counted number in a sentence."""
    for q in find_quantities(sent):
        if q.unit or q.qualifier or not q.noun or q.value < 5 or not q.text[:1].isdigit():
            continue
        if 1000 <= q.value <= 2100 and "," not in q.text:
            continue  # a year-like number ("the 2016 race") is no count to alter
        head, tail = sent[: q.start], sent[q.end :]
        v = q.value
        out = [("altered", "number", head + _fmt(v * 1.5 + 1, q.text) + tail)]
        if _round_down(v) < v:
            out.append(("compatible", "number", head + "more than " + _fmt(_round_down(v), q.text)
                        + tail))
        out.append(("compatible", "number", head + "about " + q.text + tail))
        out.append(("compatible", "number", head + "between " + _fmt(v * 0.9, q.text) + " and "
                    + _fmt(v * 1.1 + 1, q.text) + tail))
        return out
    return []


def day_variants(sent: str) -> list[tuple[str, str, str]]:
    m = _DAY.search(sent)
    if not m:
        return []
    other = DAYS[(DAYS.index(m.group(1)) + 3) % 7]
    return [("altered", "date", sent[: m.start(1)] + other + sent[m.end(1) :])]


def place_variants(sent: str, pool: list[str], rng: random.Random) -> list[tuple[str, str, str]]:
    doc = parse_text(sent)
    for ent in doc.ents:
        if ent.label_ == "GPE" and ent.start > 0 and doc[ent.start - 1].lower_ == "in":
            choices = [p for p in pool if p not in sent and ent.text not in p]
            if choices:
                new = rng.choice(choices)
                return [("altered", "place", sent[: ent.start_char] + new
                         + sent[ent.end_char :])]
    return []


def negation_variants(sent: str) -> list[tuple[str, str, str]]:
    if _NEG.search(sent):
        return []
    doc = parse_text(sent)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _AUX]
    if root.lower_ in _AUX and root.pos_ == "AUX":
        aux = [root]
    if not aux:
        return []
    at = aux[0].idx + len(aux[0].text)
    return [("altered", "negation", sent[:at] + " not" + sent[at:])]


def title_variants(sent: str) -> list[tuple[str, str, str]]:
    """A rank added to the first titled person with a portfolio ("Foreign Minister X" ->
    "Deputy Foreign Minister X"), or taken off; and, compatible, the bare surname instead."""
    for t in titled_people(sent):
        if not t.portfolio:
            continue
        at = sent.index(t.shown)
        head, tail = sent[:at], sent[at + len(t.shown) :]
        rank = re.match(r"(?:Deputy|Vice|Acting|Assistant)\s+", t.title)
        other = t.title[rank.end() :] if rank else "Deputy " + t.title
        name = t.shown[len(t.title) :]
        return [("altered", "title", head + other + name + tail),
                ("compatible", "title", head + name.split()[-1] + tail)]
    return []


def annotate(text: str, published: str, key: str) -> tuple[Article, tuple[Claim, ...]]:
    art = Article(id=content_id("a", key, text), text=text, source_path=f"{key}.txt",
                  published=published or None)
    ann = annotate_article(art)
    return art, ann.claims


def predict(a: tuple[Article, tuple[Claim, ...]],
            b: tuple[Article, tuple[Claim, ...]]) -> set[str]:
    """The slots of the discrepancies reported for a two-article story."""
    arts = [a[0], b[0]]
    origins = [OriginGroup(f"o{i}", (OriginMember(x.id, "origin"),)) for i, x in enumerate(arts)]
    claims, groups = group_claims(arts, [*a[1], *b[1]], origins, "s")
    return {d.slot for d in find_discrepancies(arts, claims, groups, origins, "s")}


def baseline(a: tuple[Claim, ...], b: tuple[Claim, ...]) -> set[str]:
    """The value-difference baseline: slots whose normalised values differ."""
    if not a or not b:
        return set()
    x, y = a[0], b[0]
    out = set()
    if set(x.numbers) != set(y.numbers):
        out.add("number")
    if set(x.dates) != set(y.dates):
        out.add("date")
    if set(x.places) != set(y.places):
        out.add("place")
    if x.negated != y.negated:
        out.add("negation")
    return out


def score(rows: list[dict[str, Any]], field: str) -> Counter[str]:
    c: Counter[str] = Counter()
    for r in rows:
        got = set(r[field])
        if r["kind"] == "altered":
            if got & SAME[r["slot"]]:
                c["tp"] += 1
                c[f"found_{r['slot']}"] += 1
            else:
                c["fn"] += 1
            if got - SAME[r["slot"]]:
                c["fp"] += 1
        elif got:
            c["fp"] += 1
            c[f"flagged_{r['kind']}"] += 1
    return c


def generated(folder: Path, limit: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    sents = sentences(folder)
    rng.shuffle(sents)
    pool = sorted({e.text for _, _, s in sents[:400] for e in parse_text(s).ents
                   if e.label_ == "GPE" and len(e.text) > 3})
    wanted = Counter({"number": limit, "date": limit, "place": limit, "negation": limit,
                      "title": limit, "unaltered": limit})
    rows: list[dict[str, Any]] = []
    for key, date, sent in sents:
        if not +wanted:
            break
        variants: list[tuple[str, str, str]] = []
        for slot, make in (("number", lambda s: number_variants(s)),
                           ("date", lambda s: day_variants(s)),
                           ("place", lambda s: place_variants(s, pool, rng)),
                           ("negation", lambda s: negation_variants(s)),
                           ("title", lambda s: title_variants(s))):
            if wanted[slot] > 0 and not variants:
                variants = make(sent)
                if variants:
                    wanted[slot] -= 1
        if not variants and wanted["unaltered"] > 0:
            variants = [("unaltered", "", sent)]
            wanted["unaltered"] -= 1
        if not variants:
            continue
        original = annotate(sent, date, key + ":a")
        for i, (kind, slot, text) in enumerate(variants):
            other = annotate(text, date, f"{key}:b{i}")
            rows.append({"article": key, "kind": kind, "slot": slot,
                         "changed": [w for w in text.split() if w not in sent.split()][:6],
                         "predicted": sorted(predict(original, other)),
                         "baseline": sorted(baseline(original[1], other[1]))})
    return rows


def _p(c: Counter[str]) -> float:
    return precision(c["tp"], c["fp"])


def _r(c: Counter[str]) -> float:
    return recall(c["tp"], c["fn"])


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = bench_parser(__doc__.splitlines()[0],
                          data=datasets_dir(__file__) / "basil-media-bias",
                          out=Path("out/discrepancy-pairs.jsonl"), raw=False)
    parser.add_argument("--demo", type=Path, default=root / "src" / "storyline" / "demo")
    parser.add_argument("--limit", type=int, default=60, help="pairs per altered slot")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    gold = json.loads((args.demo / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        pipe = Pipeline(Path(tmp) / "demo.db")
        pipe.run([args.demo / "corpus"])
        corpus = pipe.corpus()
        pipe.close()
    demo = score_demo(corpus, gold)
    reported = int(demo["discrepancies_reported"])
    demo_tp = round(demo["discrepancy_precision"] * reported)
    print(f"demo_discrepancy_recall={demo['discrepancy_recall']:.3f}")
    print(f"demo_discrepancy_precision={demo['discrepancy_precision']:.3f} "
          f"reported={reported} compatible_flagged={int(demo['compatible_flagged'])}")

    rows = generated(args.data, args.limit, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    kinds = Counter(r["kind"] if r["kind"] != "altered" else r["slot"] for r in rows)
    print("pairs " + " ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    for field, name in (("predicted", "storyline"), ("baseline", "value_diff_baseline")):
        c = score(rows, field)
        per_slot = " ".join(
            f"recall_{s}={recall(c[f'found_{s}'], kinds[s] - c[f'found_{s}']):.3f}"
            for s in SAME if kinds[s])
        flagged = " ".join(f"flagged_{k}={c[f'flagged_{k}']}/{kinds[k]}"
                           for k in ("compatible", "unaltered"))
        print(f"{name}: precision={_p(c):.3f} recall={_r(c):.3f} {per_slot} {flagged}")
    c = score(rows, "predicted")
    c["tp"] += demo_tp
    c["fp"] += reported - demo_tp
    headline("DISCREPANCY_PRECISION", _p(c))
    return 0


if __name__ == "__main__":
    sys.exit(main())
