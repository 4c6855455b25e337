"""The dataset readers, on invented files in each dataset's format (no dataset content)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from storyline.evaluate.datasets import (
    DatasetMissing,
    ecbplus_files,
    read_aeb,
    read_basil,
    read_cat,
    read_meantime_times,
    read_polnear,
    read_time_docs,
    read_timeml,
    read_trafilatura_eval,
)

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>INVENTED01</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-03-12" functionInDocument="CREATION_TIME">March
 12, 2025</TIMEX3></DCT>
<TITLE>GLASSWORKS <EVENT eid="e0">CLOSES</EVENT></TITLE>
<TEXT>
The glassworks in Tarn closed <TIMEX3 tid="t1" type="DATE" value="2025-03-10">on Monday</TIMEX3>
after a strike of <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>.
</TEXT>
</TimeML>
"""

SENTENCES = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>77</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" value="2025-03-12">x</TIMEX3></DCT>
<TEXT><s id="0">Tarn glassworks closes</s><s id="1">The works closed &amp; Tarn waited .</s></TEXT>
</TimeML>
"""


def _cat(sentences: list[list[str]], markables: str = "", relations: str = "") -> str:
    tokens, n = [], 0
    for s, words in enumerate(sentences):
        for w in words:
            n += 1
            tokens.append(f'<token t_id="{n}" sentence="{s}" number="{n - 1}">{w}</token>')
    return (f'<Document doc_name="invented">{"".join(tokens)}<Markables>{markables}</Markables>'
            f"<Relations>{relations}</Relations></Document>")


def _gz_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))


def test_evaluate_datasets_timeml_text_without_tags_and_gold_offsets(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(TIMEML, encoding="utf-8")
    doc = read_timeml(tmp_path / "a.tml")
    assert (doc.id, doc.dct, doc.part, doc.title) == ("INVENTED01", "2025-03-12", tmp_path.name,
                                                      "GLASSWORKS CLOSES")
    assert "<" not in doc.text
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["on Monday", "three weeks"]
    assert [(g.value, g.type) for g in doc.gold] == [("2025-03-10", "DATE"), ("P3W", "DURATION")]


def test_evaluate_datasets_timeml_sentences(tmp_path: Path) -> None:
    (tmp_path / "77.tml").write_text(SENTENCES, encoding="utf-8")
    doc = read_timeml(tmp_path / "77.tml")
    assert doc.sentences == ((0, "Tarn glassworks closes"),
                             (1, "The works closed & Tarn waited ."))


def test_evaluate_datasets_cat_text_spans_markables_relations(tmp_path: Path) -> None:
    xml = _cat([["Tarn", "glassworks"], ["It", "closed", "on", "Monday"]],
               '<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/>'
               '<token_anchor t_id="2"/></ENTITY_MENTION>'
               '<ENTITY m_id="9" ent_type="ORG" instance_id="tarn_works"/>',
               '<REFERS_TO r_id="1"><source m_id="1"/><target m_id="9"/></REFERS_TO>')
    (tmp_path / "doc.xml.gz").write_bytes(gzip.compress(xml.encode()))
    doc = read_cat(tmp_path / "doc.xml.gz")
    assert doc.name == "doc"
    assert doc.text == "Tarn glassworks\nIt closed on Monday"
    assert doc.spans["4"] == (19, 25) and doc.text[19:25] == "closed"
    mention = doc.of("ENTITY_MENTION")[0]
    assert (mention.m_id, mention.extent, mention.token_ids) == ("1", (0, 15), ("1", "2"))
    assert doc.of("ENTITY")[0].extent is None
    assert [(r.tag, r.sources, r.target) for r in doc.relations] == [("REFERS_TO", ("1",), "9")]


def test_evaluate_datasets_meantime_times_window_and_creation_time(tmp_path: Path) -> None:
    words = [["Title"], ["March", "12"], *[["Body", str(i)] for i in range(2, 8)]]
    xml = _cat(words, '<TIMEX3 m_id="5" type="DATE" value="2025-03-12" '
                      'functionInDocument="CREATION_TIME"><token_anchor t_id="2"/>'
                      '<token_anchor t_id="3"/></TIMEX3>'
                      '<TIMEX3 m_id="6" type="DATE" value="2025"><token_anchor t_id="5"/></TIMEX3>')
    (tmp_path / "m.xml").write_text(xml, encoding="utf-8")
    doc = read_meantime_times(tmp_path / "m.xml")
    assert doc.dct == "2025-03-12" and doc.partial
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["2"]
    window_end = doc.text.index("\nBody 6")
    assert doc.unscored == [(window_end, len(doc.text) + 1), (6, 14)]
    assert [d.id for d in read_time_docs(tmp_path)] == ["m"]


def test_evaluate_datasets_pages(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(b"<html>one</html>"))
    _gz_jsonl(tmp_path / "ground-truth.jsonl.gz",
              [{"id": "p1", "url": None, "html_file": "html/p1.html.gz", "articleBody": "One."}])
    _gz_jsonl(tmp_path / "evaldata.jsonl.gz",
              [{"url": "local-file", "html_file": "html/p1.html.gz", "with": ["one"]},
               {"url": "https://example.org/a", "html_file": "html/p1.html.gz"}])
    [page] = read_aeb(tmp_path)
    assert (page.id, page.url, page.html, page.gold) == ("p1", "", b"<html>one</html>", "One.")
    local, web = read_trafilatura_eval(tmp_path)
    assert (local.url, web.url, local.record["with"]) == (None, "https://example.org/a", ["one"])


def test_evaluate_datasets_news(tmp_path: Path) -> None:
    _gz_jsonl(tmp_path / "basil.jsonl.gz", [{
        "file_key": "k1", "annotation": {"phrase-level-annotations": [{"quote": "yes"}]},
        "article": {"uuid": "u1", "triplet-uuid": "t1", "title": "T", "date": "2025-03-12",
                    "source": "FOX", "url": "", "body-paragraphs": [["A.", "B."], ["C."]]}}])
    [art] = read_basil(tmp_path)
    assert (art.file_key, art.uuid, art.triplet, art.source) == ("k1", "u1", "t1", "FOX")
    assert art.paragraphs == (("A.", "B."), ("C.",)) and art.phrases == ({"quote": "yes"},)
    assert read_basil(tmp_path / "basil.jsonl.gz") == [art]
    _gz_jsonl(tmp_path / "dev.jsonl.gz", [{"filename": "f.txt", "text": "x", "annotations": []}])
    name, [rec] = read_polnear(tmp_path)
    assert (name, rec.filename, rec.metadata, rec.annotations) == ("dev", "f.txt", {}, ())


def test_evaluate_datasets_absent_data_raises_a_clear_error(tmp_path: Path) -> None:
    for read in (read_aeb, read_trafilatura_eval, read_basil, ecbplus_files):
        with pytest.raises(DatasetMissing, match=str(tmp_path)):
            read(tmp_path)
    with pytest.raises(DatasetMissing, match="no test.jsonl.gz or dev.jsonl.gz"):
        read_polnear(tmp_path)
    with pytest.raises(DatasetMissing, match="no ground-truth.jsonl.gz"):
        read_aeb(tmp_path)
