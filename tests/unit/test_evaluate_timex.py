"""Time expression scoring: annotated TimeML scored, input-only files predicted, JSONL offsets."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.evaluate.datasets.timeml import read_time_docs, read_timeml
from storyline.evaluate.timex import run

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


def test_evaluate_timex_scores_annotated_files(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(ANNOTATED, encoding="utf-8")
    result = run(read_time_docs(tmp_path))
    assert result.scoring and list(result.tallies) == ["storyline"]
    assert result.tallies["storyline"].scores()["value_f1"] == 1.0
    assert list(result.by_part) == [f"storyline {tmp_path.name}"]


def test_evaluate_timex_input_only_files_are_predicted_not_scored(tmp_path: Path) -> None:
    bare = ANNOTATED.replace('<TIMEX3 tid="t1" type="DATE" value="2025-03-10">', "")
    bare = bare.replace('<TIMEX3 tid="t2" type="DURATION" value="P3W">', "")
    bare = bare.replace("</TIMEX3>\nafter", "\nafter").replace("weeks</TIMEX3>", "weeks")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.tml").write_text(bare, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        result = run(read_time_docs(tmp_path / "in"), out=fh)
    assert not result.scoring and result.predicted == 2
    text = read_timeml(tmp_path / "in" / "a.tml").text
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(text[r["start"] : r["end"]], r["value"], r["type"]) for r in rows} >= {
        ("three weeks", "P3W", "DURATION")}
    assert all(r["doc"] == "INVENTED01" for r in rows)
    assert any(text[r["start"] : r["end"]].endswith("Monday") and r["value"] == "2025-03-10"
               for r in rows)
