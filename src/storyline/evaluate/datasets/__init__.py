"""Readers of the public evaluation datasets the benchmarks and tests score against.

Each reader takes the dataset's folder (or file) as an argument (the data is never stored in
this repository; it lives beside the checkout in ``../shared/datasets``) and raises
:class:`DatasetMissing`, naming the folder and what it lacks, when the data is absent.

- :mod:`~storyline.evaluate.datasets.pages`: the Article Extraction Benchmark (:func:`read_aeb`)
  and trafilatura's evaluation set (:func:`read_trafilatura_eval`): HTML pages with gold text;
- :mod:`~storyline.evaluate.datasets.timeml`: TimeML documents (:func:`read_timeml`: TempEval-3,
  SemEval-2015 TimeLine) and MEANTIME's time expressions (:func:`read_meantime_times`);
- :mod:`~storyline.evaluate.datasets.cat`: CAT XML (:func:`read_cat`: MEANTIME, ECB+);
- :mod:`~storyline.evaluate.datasets.news`: BASIL (:func:`read_basil`) and PolNeAR
  (:func:`read_polnear`).
"""

from __future__ import annotations

from storyline.evaluate.datasets.cat import (
    CatDoc,
    CatToken,
    Markable,
    Relation,
    ecbplus_files,
    read_cat,
)
from storyline.evaluate.datasets.files import DatasetMissing, iter_jsonl, require
from storyline.evaluate.datasets.news import (
    BasilArticle,
    PolnearArticle,
    read_basil,
    read_polnear,
)
from storyline.evaluate.datasets.pages import (
    AebPage,
    EvalPage,
    read_aeb,
    read_trafilatura_eval,
)
from storyline.evaluate.datasets.timeml import (
    MEANTIME_TIMEX_SENTENCES,
    TimeDoc,
    Timex,
    read_meantime_times,
    read_time_docs,
    read_timeml,
)

__all__ = [
    "MEANTIME_TIMEX_SENTENCES",
    "AebPage",
    "BasilArticle",
    "CatDoc",
    "CatToken",
    "DatasetMissing",
    "EvalPage",
    "Markable",
    "PolnearArticle",
    "Relation",
    "TimeDoc",
    "Timex",
    "ecbplus_files",
    "iter_jsonl",
    "read_aeb",
    "read_basil",
    "read_cat",
    "read_meantime_times",
    "read_polnear",
    "read_time_docs",
    "read_timeml",
    "read_trafilatura_eval",
    "require",
]
