"""Evaluation: the harness the benchmarks (``benchmarks/``) and the golden tests share.

Dataset readers (:mod:`~storyline.evaluate.datasets`), metrics (:mod:`~storyline.evaluate.metrics`),
the benchmark scripts' conventions (:mod:`~storyline.evaluate.bench`), scoring of time
expressions, attributions and timelines (:mod:`~storyline.evaluate.timex`,
:mod:`~storyline.evaluate.attribution`, :mod:`~storyline.evaluate.temporal_awareness`), hand
labels (:mod:`~storyline.evaluate.labels`), the demo corpus's gold evaluation
(:mod:`~storyline.evaluate.demo`) and the synthetic syndication set
(:mod:`~storyline.evaluate.syndication`).
"""
