"""Positions on real coverage: precision from hand labels, with 95% intervals, and recall.

    python benchmarks/bench_positions.py --out out/positions.jsonl
    python benchmarks/bench_positions.py --data my-articles/ --out positions.jsonl

``--data`` is a folder of articles in any format ``storyline`` ingests, built as one pile as a
user would build it. Without it, the first round's real coverage is laid out from the shared
datasets (``_real_coverage.py``: the BASIL events, the ECB+ documents, the FNC-1 training bodies
and the seed articles, 2,670 articles); ``_real_coverage.py OUT --parts polnear,timeml`` lays
out the second round's (the PolNeAR articles and the TimeBank and AQUAINT documents, 1,180
articles). Every position found is written to ``--out`` (JSON Lines: actor, issue, stance and
its PLOVER type, source file names and evidence offsets with their text). A position is right
only when actor, issue and stance are all right; a listed position is found when a position from
the same articles has a matching actor, an issue sharing a word and a stance of the same PLOVER
type.

Precision comes from the hand labels in ``benchmarks/data/real_position_labels.jsonl``, made
under the written guidelines ``benchmarks/data/real_coverage_guidelines.md`` (worksheets and
merging: ``_label_sheet.py``). Items are named by file names and values, never by text, so that
a rerun finds its labels; flagged items with no label are counted and shown, never taken as
right. Precision is shown per part of the pile: in the first round the rules were written
looking at ``dev`` and the ``seeds`` and ``test`` was labelled after they were fixed; every
first-round label was then used to change the rules, and ``round2`` (PolNeAR, TimeBank,
AQUAINT), which no rule was written looking at, was labelled after that; then ``round3`` (news
pages), ``round4`` (``_real_coverage.py OUT --parts registry``: ABC and Reuters news shipped
inside registry packages), ``round5`` (``--parts bbc --bbc DIR``: the BBC News dataset's
politics and business articles) and ``round6`` (``--parts reuters --reuters reut2-000.sgm
--bbc DIR``: Reuters-21578 newswire and the BBC's technology articles), each labelled after the
rules were fixed: a round's first measurement is the number that counts. Recall is over the
stories a reader listed every position of without looking at what was flagged
(``real_position_gold.jsonl``: 12 BASIL events and the seeds; 24 documents of the fourth
round's pile; 30 of the fifth's).

No peer library extracts actor-issue-stance positions from news text; the invented sentences of
``bench_positions_invented.py`` are a regression test only. Last line:
``POSITION_PRECISION_REAL=<precision over every labelled item of the pile>``."""

from __future__ import annotations

import sys

from _real_coverage import run_benchmark

if __name__ == "__main__":
    sys.exit(run_benchmark("position", __doc__))
