"""WARC reader: HTML responses become documents; corrupt records are rejected, others read."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from storyline.io.raw import RawDocument
from storyline.io.readers import iter_inputs
from storyline.model.records import Rejection

PAGE = "<!DOCTYPE html><html><body><p>Crews contained fire number {n}.</p></body></html>"


def _warc(compress: bool, pages: int = 4) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    for n in range(pages):
        ctype = "image/png" if n == pages - 1 else "text/html; charset=utf-8"
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        payload = io.BytesIO(PAGE.format(n=n).encode("utf-8"))
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{n}", "response", payload=payload, http_headers=headers))
    return buf.getvalue()


def _split(items: list[RawDocument | Rejection]) -> tuple[list[RawDocument], list[Rejection]]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    return docs, [i for i in items if isinstance(i, Rejection)]


def test_readers_warc_html_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(compress=False))
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert not rejected
    assert [d.url for d in docs] == [f"https://news.example/{n}" for n in range(3)]
    assert [d.source_path for d in docs] == [f"{path}#{n}" for n in (2, 3, 4)]
    assert all(d.format == "html" and d.hint("fetched") for d in docs)
    assert docs[1].data == PAGE.format(n=1).encode("utf-8")


def test_readers_warc_gz_record_and_whole_file(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(_warc(compress=True))
    (tmp_path / "b.warc.gz").write_bytes(gzip.compress(_warc(compress=False)))
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert not rejected
    assert [Path(d.source_path).name for d in docs] == [
        "a.warc.gz#2", "a.warc.gz#3", "a.warc.gz#4", "b.warc.gz#2", "b.warc.gz#3", "b.warc.gz#4"]


def test_readers_warc_corrupt_header_rejected_others_read(tmp_path: Path) -> None:
    data = _warc(compress=False)
    third = data.find(b"WARC/1.0", data.find(b"news.example/1") - 200)
    path = tmp_path / "bad.warc"
    path.write_bytes(data[:third] + b"XARC/9.9" + data[third + 8:])
    docs, rejected = _split(list(iter_inputs([path])))
    assert [d.url for d in docs] == ["https://news.example/0", "https://news.example/2"]
    assert len(rejected) == 1 and rejected[0].item == f"{path}#3"
    assert rejected[0].reason.startswith("corrupt WARC record at byte")


def test_readers_warc_wrong_length_recovers_swallowed_records(tmp_path: Path) -> None:
    data = _warc(compress=False)
    at = data.find(b"Content-Length:", data.find(b"news.example/0"))
    end = data.find(b"\r\n", at)
    path = tmp_path / "bad.warc"
    path.write_bytes(data[:at] + b"Content-Length: 9000" + data[end:])
    docs, rejected = _split(list(iter_inputs([path])))
    assert [d.url for d in docs] == ["https://news.example/1", "https://news.example/2"]
    assert [r.item for r in rejected] == [f"{path}#2"]
    assert "Content-Length" in rejected[0].reason


def test_readers_warc_gz_broken_member_rejected_others_read(tmp_path: Path) -> None:
    data = _warc(compress=True)
    member = data.find(b"\x1f\x8b\x08", data.find(b"\x1f\x8b\x08", 10) + 10)  # third record
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data[: member + 20] + b"\x00" * 30 + data[member + 50:])
    docs, rejected = _split(list(iter_inputs([path])))
    assert [d.url for d in docs] == ["https://news.example/0", "https://news.example/2"]
    assert [r.item for r in rejected] == [f"{path}#3"]


def test_readers_warc_truncated_and_not_warc(tmp_path: Path) -> None:
    data = _warc(compress=False)
    (tmp_path / "cut.warc").write_bytes(data[: data.find(b"fire number 1") + 5])
    (tmp_path / "fake.warc").write_bytes(b"this is not an archive\n" * 10)
    docs, rejected = _split(list(iter_inputs([tmp_path])))
    assert [d.url for d in docs] == ["https://news.example/0"]
    reasons = {Path(r.item).name: r.reason for r in rejected}
    assert reasons["cut.warc#3"].startswith("truncated WARC record")
    assert reasons["fake.warc"].startswith("not a WARC file")


def test_readers_warc_garbled_record_type_is_rejected_not_dropped(tmp_path: Path) -> None:
    data = _warc(compress=False)
    second = data.find(b"WARC-Type: response", data.find(b"news.example/0") - 400)
    path = tmp_path / "garbled.warc"
    path.write_bytes(data[:second] + b"WARC-Type: r\xffspo\x01se" + data[second + 19:])
    docs, rejected = _split(list(iter_inputs([path])))
    assert [d.url for d in docs] == ["https://news.example/1", "https://news.example/2"]
    (rej,) = rejected
    assert "unknown WARC-Type" in rej.reason and rej.reason.isprintable()
