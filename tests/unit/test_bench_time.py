"""The time benchmark: TimeML reading, input-only prediction mode and JSONL offsets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_time.py"

ANNOTATED = """<?xml version="1.0" ?>
<TimeML>
<DOCID>INVENTED01</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-03-12" functionInDocument="CREATION_TIME">March
 12, 2025</TIMEX3></DCT>
<TEXT>
The glassworks in Tarn closed <TIMEX3 tid="t1" type="DATE" value="2025-03-10">on Monday</TIMEX3>
after a strike of <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_time", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_time"] = module
    spec.loader.exec_module(module)
    return module


def test_bench_time_reads_text_without_tags_and_gold_offsets(bench: ModuleType,
                                                             tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(ANNOTATED, encoding="utf-8")
    doc = bench.read_timeml(tmp_path / "a.tml")
    assert (doc.id, doc.dct) == ("INVENTED01", "2025-03-12")
    assert "<" not in doc.text
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["on Monday", "three weeks"]


def test_bench_time_scores_annotated_files(bench: ModuleType, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.tml").write_text(ANNOTATED, encoding="utf-8")
    assert bench.main(["--data", str(tmp_path), "--no-peer"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("TIMEX_VALUE_F1=")
    assert float(last.split("=")[1]) == 1.0


def test_bench_time_input_only_files_are_predicted_not_scored(
        bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bare = ANNOTATED.replace('<TIMEX3 tid="t1" type="DATE" value="2025-03-10">', "")
    bare = bare.replace('<TIMEX3 tid="t2" type="DURATION" value="P3W">', "")
    bare = bare.replace("</TIMEX3>\nafter", "\nafter").replace("weeks</TIMEX3>", "weeks")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.tml").write_text(bare, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert bench.main(["--data", str(tmp_path / "in"), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "TIMEX_PREDICTED=2"
    text = bench.read_timeml(tmp_path / "in" / "a.tml").text
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(text[r["start"] : r["end"]], r["value"], r["type"]) for r in rows} >= {
        ("three weeks", "P3W", "DURATION")}
    assert all(r["doc"] == "INVENTED01" for r in rows)
    assert any(text[r["start"] : r["end"]].endswith("Monday") and r["value"] == "2025-03-10"
               for r in rows)
