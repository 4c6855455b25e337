"""The benchmark conventions: --data and --out, the headline last line, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluate.bench import bench_parser, datasets_dir, fail, headline, shared_dir


def test_evaluate_bench_default_data_is_beside_the_checkout(tmp_path: Path) -> None:
    script = tmp_path / "checkout" / "benchmarks" / "bench_x.py"
    assert shared_dir(script) == tmp_path / "shared"
    assert datasets_dir(script) == tmp_path / "shared" / "datasets"


def test_evaluate_bench_parser_data_out_and_own_options(tmp_path: Path) -> None:
    ap = bench_parser("doc", data=tmp_path / "set")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args([])
    assert (args.data, args.out, args.limit) == (tmp_path / "set", None, None)
    args = ap.parse_args(["--data", "d", "--out", "o.jsonl", "--limit", "3"])
    assert (args.data, args.out, args.limit) == (Path("d"), Path("o.jsonl"), 3)


def test_evaluate_bench_headline_formats(capsys: pytest.CaptureFixture[str]) -> None:
    headline("AEB_F1", 0.97249)
    headline("TIMEX_VALUE_F1", 1.0, 4)
    headline("TIMEX_PREDICTED", 2, None)
    assert capsys.readouterr().out.splitlines() == [
        "AEB_F1=0.972", "TIMEX_VALUE_F1=1.0000", "TIMEX_PREDICTED=2"]


def test_evaluate_bench_fail(capsys: pytest.CaptureFixture[str]) -> None:
    assert fail("x: no y (pass --data)") == 2
    assert capsys.readouterr().err == "error: x: no y (pass --data)\n"
