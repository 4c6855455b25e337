"""Positions on invented sentences: a regression test, not the measurement (that is
bench_positions.py, on hand-labelled real coverage).

    python benchmarks/bench_positions_invented.py --data benchmarks/data/positions_labels.json \\
        --out out/positions.jsonl

What is measured, and what is not: there is no public dataset of actor/issue/stance positions
to score against here, so the evaluation set is ``benchmarks/data/positions_labels.json``: 46
sentences invented for this benchmark (fictional parties, none taken from any corpus), each
labelled by hand, independently of the extractor, with every stance it states (actor, stance,
head of the issue) or with none (nouns such as "the offer", passives, negated threats,
demanded content, sentences without a stance). Each sentence is run alone through the
per-article stages and :func:`storyline.claims.positions.find_positions`.

- stance P/R/F1: over (sentence, stance) pairs, a predicted stance right when the sentence's
  labels hold it (each label matched once);
- actor accuracy: of the right stances, those whose actor name contains the labelled actor
  (or is contained in it);
- issue accuracy: of the right stances, those whose issue's head (last word, singular) is
  the labelled head.

The set is small and written by the same project, so the numbers show what the rules get
right on clear cases; they are no estimate of accuracy on news text. There is no peer library
for this task; the same run scores a keyword baseline (every stance cue of
:func:`storyline.claims.positions.stance_cues`, with no parse). Last line:
``POSITION_STANCE_F1=<stance F1 of storyline>``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from storyline.claims.positions import find_positions, stance_cues
from storyline.evaluate.bench import bench_parser, headline
from storyline.evaluate.metrics import prf
from storyline.model import Article, content_id
from storyline.pipeline import annotate_article


def predict(sentence: str) -> list[dict[str, str]]:
    """The positions storyline finds in one sentence, alone in an article."""
    art = Article(id=content_id("a", sentence), text=sentence, source_path="s.txt",
                  published="2024-05-08")
    ann = annotate_article(art)
    found = find_positions([art], ann.quotes, [], {art.id: ann}, "s")
    return [{"actor": p.actor_name, "stance": p.stance, "issue": p.issue} for p in found]


def keyword_baseline(sentence: str) -> list[dict[str, str]]:
    """Every stance cue the keyword rules find, with no actor or issue."""
    return [{"actor": "", "stance": kind, "issue": ""} for kind, _, _ in stance_cues(sentence)]


def _head(issue: str) -> str:
    word = issue.split()[-1].casefold() if issue.split() else ""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def score(items: list[dict[str, Any]], field: str) -> Counter[str]:
    c: Counter[str] = Counter()
    for item in items:
        gold = list(item["positions"])
        for p in item[field]:
            match = next((g for g in gold if g["stance"] == p["stance"]), None)
            if match is None:
                c["fp"] += 1
                continue
            gold.remove(match)
            c["tp"] += 1
            ga, pa = match["actor"].casefold(), p["actor"].casefold()
            c["actor"] += bool(pa) and (ga in pa or pa in ga)
            c["issue"] += _head(p["issue"]) == _head(match["issue"])
        c["fn"] += len(gold)
    return c


def _f1(c: Counter[str]) -> tuple[float, float, float]:
    return prf(c["tp"], c["fp"], c["fn"])


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = bench_parser(__doc__.splitlines()[0], data=here / "data" / "positions_labels.json",
                          out=Path("out/positions.jsonl"), raw=False)
    args = parser.parse_args(argv)
    items = json.loads(args.data.read_text(encoding="utf-8"))["items"]
    for item in items:
        item["predicted"] = predict(item["text"])
        item["baseline"] = keyword_baseline(item["text"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item) + "\n")
    labelled = sum(len(i["positions"]) for i in items)
    print(f"sentences={len(items)} labelled_positions={labelled}")
    for field, name in (("baseline", "keyword_baseline"), ("predicted", "storyline")):
        c = score(items, field)
        p, r, f = _f1(c)
        tp = c["tp"] or 1
        print(f"{name}: stance_precision={p:.3f} stance_recall={r:.3f} stance_f1={f:.3f} "
              f"actor_acc={c['actor'] / tp:.3f} issue_acc={c['issue'] / tp:.3f}")
    headline("POSITION_STANCE_F1", _f1(score(items, "predicted"))[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
