"""Text is never garbled silently: stray bytes, legacy encodings, UTF-16 without a mark.

Each case is one the hostile probe found: UTF-8 with one stray byte was read as a legacy code
page for the whole file ("Minister‚Äôs"), Latin-1 French came out as Central European
("grčve", "naďve"), and UTF-16 without a byte-order mark was rejected as binary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import Pipeline
from storyline.clean.decode import decode_with_note

FRENCH = ("La grève des dockers continue à Portvale, naïve réponse du ministre; côté syndical, "
          "on reste fermé à toute négociation.")


def test_one_stray_byte_leaves_utf8_as_utf8_with_a_note() -> None:
    data = ("The Minister’s “final offer” was rejected. " * 5).encode("utf-8") + b"\xff"
    text, note = decode_with_note(data)
    assert "Minister’s “final offer”" in text and "‚Äô" not in text
    assert note and "invalid UTF-8" in note


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_legacy_text_is_read_as_such(encoding: str) -> None:
    text, _ = decode_with_note(FRENCH.encode(encoding))
    assert text == FRENCH


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_is_text(encoding: str) -> None:
    text, note = decode_with_note(("Harbour strike ends\n\n" + FRENCH).encode(encoding))
    assert text.endswith(FRENCH) and note and encoding in note


def test_utf8_read_as_a_legacy_code_page_is_repaired_with_a_note() -> None:
    garbled = "Minister’s “final offer” — grève".encode().decode("mac_roman")
    text, note = decode_with_note(garbled.encode("utf-8"))
    assert text == "Minister’s “final offer” — grève" and note and "repaired" in note


def test_ingest_reports_the_repair_and_stores_clean_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "u16.txt").write_bytes(("Harbour strike ends\n\n" + FRENCH + "\n")
                                     .encode("utf-16-le"))
    (folder / "stray.txt").write_bytes(("Final offer\n\nThe Minister’s “final offer” was "
                                        "rejected on Monday.\n").encode() + b"\xff\n")
    pipe = Pipeline(tmp_path / "s.db")
    report = pipe.ingest([folder])
    texts = {Path(a.source_path).name: a for a in pipe.corpus().articles}
    pipe.close()
    assert report.added == 2 and not report.rejected
    assert FRENCH in texts["u16.txt"].text
    assert "Minister’s" in texts["stray.txt"].text and texts["stray.txt"].notes
    assert any("stray.txt" in n for n in report.notes)


def test_windows_1252_punctuation_read_as_c1_controls_is_restored() -> None:
    from storyline.clean.decode import normalise_text

    restored = "He said \u201cno\u201d \u2013 twice\u2026"
    assert normalise_text("He said \x93no\x94 \x96 twice\x85") == restored
    assert normalise_text("line\x85break") == "line\nbreak"  # no quotation mark or dash: a newline
