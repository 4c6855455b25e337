"""Input readers: formats, containers, size caps and rejections."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from storyline.io.raw import RawDocument
from storyline.io.readers import iter_inputs
from storyline.model.records import Rejection

TEXT = "Harbour crews contain warehouse fire\n\nFirefighters worked through the night.\n"
HTML = "<!DOCTYPE html><html><body><p>Crews contained the fire.</p></body></html>"


def _split(items: list[RawDocument | Rejection]) -> tuple[list[RawDocument], list[Rejection]]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    return docs, [i for i in items if isinstance(i, Rejection)]


def test_readers_text_and_html_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c").write_text(HTML, encoding="utf-8")  # no extension, sniffed as HTML
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert not rejected
    assert [(Path(d.source_path).name, d.format) for d in docs] == [
        ("a.txt", "text"), ("b.html", "html"), ("c", "html")]
    assert docs[0].data == TEXT.encode("utf-8")


def test_readers_jsonl_broken_line_rejected_others_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "Fire", "text": TEXT, "url": "https://x.example/1", "source": "Post"}),
        '{"title": "broken", "text": ',
        json.dumps({"html": HTML, "published": "2022-01-09"}),
        "",
        json.dumps({"title": "no body"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = _split(list(iter_inputs([path])))
    assert [d.source_path for d in docs] == [f"{path}#1", f"{path}#3"]
    assert docs[0].format == "text" and docs[1].format == "html"
    assert docs[0].url == "https://x.example/1"
    assert docs[0].hint("title") == "Fire" and docs[0].hint("outlet") == "Post"
    assert docs[1].hint("date") == "2022-01-09"
    assert [r.item for r in rejected] == [f"{path}#2", f"{path}#5"]
    assert rejected[0].reason == "broken JSON line (Expecting value at character 29)"
    assert all(r.stage == "read" for r in rejected)


def test_readers_json_fields_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"headline": "H", "story": TEXT}, {"story": TEXT}]), "utf-8")
    docs, rejected = _split(list(iter_inputs([path], fields={"text": "story"})))
    assert not rejected
    assert [d.source_path for d in docs] == [f"{path}#1", f"{path}#2"]
    assert docs[0].hint("title") == "H"


def test_readers_gzip_text_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(TEXT.encode("utf-8")))
    record = json.dumps({"text": TEXT}) + "\n"
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(record.encode("utf-8") * 3))
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert not rejected
    assert len(docs) == 4 and all(d.data == TEXT.encode("utf-8") for d in docs)


def test_readers_broken_gzip_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip at all")
    _, rejected = _split(list(iter_inputs([tmp_path])))
    assert [r.reason for r in rejected] == ["broken gzip data"]


def test_readers_gzip_decompressed_size_capped(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 100_000))
    _, rejected = _split(list(iter_inputs([tmp_path], max_bytes=10_000)))
    assert len(rejected) == 1 and "over the 10000-byte limit" in rejected[0].reason


def test_readers_empty_binary_and_oversize_rejected(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "big.txt").write_text("x" * 20_000, encoding="utf-8")
    _, rejected = _split(list(iter_inputs([tmp_path], max_bytes=18_000)))
    reasons = {Path(r.item).name: r.reason for r in rejected}
    assert reasons == {
        "big.txt": "file is 20000 bytes, over the 18000-byte limit",
        "binary.html": "binary data (not text)",
        "blank.txt": "empty file",
        "empty.txt": "empty file",
    }


def test_readers_missing_path_rejected(tmp_path: Path) -> None:
    items = list(iter_inputs([tmp_path / "nowhere.txt"]))
    assert items == [Rejection("read", str(tmp_path / "nowhere.txt"), "no such file or directory")]


def test_readers_skip_hidden_and_other_extensions(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "README.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "z.txt").write_text(TEXT, encoding="utf-8")
    names = [Path(d.source_path).name for d in iter_inputs([tmp_path])]
    assert names == ["z.txt"]
    hidden = [Path(d.source_path).name for d in iter_inputs([tmp_path], follow_hidden=True)]
    assert hidden == ["x.txt", ".hidden.txt", "z.txt"]  # .git sorts first
    assert len(list(iter_inputs([tmp_path / "README.md"]))) == 1  # named files are read


def test_readers_directory_of_many_files_streams(tmp_path: Path) -> None:
    for i in range(2_000):
        (tmp_path / f"{i:04d}.txt").write_bytes(b"Story number %d.\n" % i)
    stream = iter_inputs([tmp_path])
    first = next(stream)
    assert isinstance(first, RawDocument) and first.source_path.endswith("0000.txt")
    rest = list(stream)
    assert len(rest) == 1_999 and all(isinstance(d, RawDocument) for d in rest)


def test_readers_stdin(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", fake)
    docs = list(iter_inputs(["-"]))
    assert len(docs) == 1 and isinstance(docs[0], RawDocument)
    assert docs[0].source_path == "<stdin>" and docs[0].format == "text"


def test_readers_file_names_are_stored_and_printed_safely(tmp_path: Path) -> None:
    import os

    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xffname.txt"), "wb") as fh:  # not UTF-8
        fh.write(TEXT.encode("utf-8"))
    with open(os.path.join(folder, b"evil\nrejected [read] fake.txt: forged\x1b[31m"), "wb"):
        pass  # empty: rejected, named on one line without the terminal's escape
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert [Path(d.source_path).name for d in docs] == ["bad\\xffname.txt"]
    docs[0].source_path.encode("utf-8")  # storable
    assert [Path(r.item).name for r in rejected] == [
        "evil\\nrejected [read] fake.txt: forged\\x1b[31m"]


def test_readers_unlistable_folders_and_broken_links_are_rejected(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        docs, rejected = _split(list(iter_inputs([tmp_path])))
    finally:
        locked.chmod(0o755)
    assert [Path(d.source_path).name for d in docs] == ["a.txt"] + (
        ["b.txt"] if os.geteuid() == 0 else [])  # root lists any folder
    reasons = {Path(r.item).name: r.reason for r in rejected}
    assert reasons["gone.txt"].startswith("a link that leads to no file: No such file")
    assert "Too many levels of symbolic links" in reasons["loop.txt"]
    if os.geteuid() != 0:
        assert reasons["locked"].startswith("cannot list folder: Permission denied")
