"""Bad inputs: one clear line each, logged in the rejects log, the run goes on, exit code 3."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import EXIT_REJECTED, app
from storyline.store import SqliteStore

runner = CliRunner()
GOOD = (
    "Harbour crews contain warehouse fire\n\n"
    "Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    "fire service said, after crews worked through the night to stop it spreading.\n\n"
    "No one was injured, a spokeswoman for the service said.\n"
)


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes(GOOD.replace("city's", "città").encode("latin-1"))
    huge = folder / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(100 * 1024 * 1024)
    return folder


def test_cli_bad_files_are_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(_mixed_folder(tmp_path)), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("rejected")]
    named = {Path(ln.split("] ", 1)[1].split(":", 1)[0]).name for ln in lines}
    assert named == {"empty.txt", "binary.html", "huge.txt"}
    with SqliteStore(db) as store:
        assert store.article_count() == 2  # good.txt and the latin-1 file
        assert len(store.rejects()) == 3


def test_cli_rerun_stores_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    folder = _mixed_folder(tmp_path)
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    with SqliteStore(db) as store:
        assert store.article_count() == 2
        assert len(store.rejects()) == 3


def test_cli_ten_thousand_files_stream_through(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_bytes(b"" if i % 2 else b"\x00\x01\x02" * 10)
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED
    with SqliteStore(db) as store:
        assert len(store.rejects()) == 10_000
    assert os.path.getsize(db) > 0


ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><title>Harbour crews contain warehouse fire</title></head>"
    "<body><article><h1>Harbour crews contain warehouse fire</h1>"
    "<p>Firefighters contained a warehouse fire at the northern harbour on Tuesday, the city's "
    "fire service said, after crews worked through the night to stop it from spreading.</p>"
    "<p>No one was injured, a spokeswoman for the service said, and the cause of the fire is "
    "being investigated by the port authority and the police.</p></article></body></html>"
)


def _warc_with_corrupt_record() -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for n in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = ARTICLE_HTML.replace("warehouse fire", f"warehouse fire number {n}")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{n}", "response", payload=io.BytesIO(page.encode()),
            http_headers=headers))
    data = buf.getvalue()
    second = data.find(b"WARC/1.0", data.find(b"news.example/0"))
    return data[:second] + b"XARC/9.9" + data[second + 8:]


def test_cli_every_bad_input_of_a_run_is_one_line_and_the_rest_comes_through(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (folder / "truncated.html").write_text(ARTICLE_HTML[: ARTICLE_HTML.index("No one")],
                                           encoding="utf-8")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)
    (folder / "crawl.warc").write_bytes(_warc_with_corrupt_record())
    feed = ("<rss><channel><title>Harbour Post</title><item><title>Ferry terminal to be rebuilt"
            "</title><description>The city council voted on Wednesday to rebuild the old ferry "
            "terminal, ending a dispute that had delayed the work for three years."
            "</description></item><item><title>Cut & off")
    (folder / "broken.rss").write_text(feed, encoding="utf-8")
    big = "<html><body>" + "<p>Filler line of a giant page.</p>" * 200_000  # 6.8 MB
    (folder / "giant.html").write_text(big + "</body></html>", encoding="utf-8")
    with (folder / "fifty.html").open("wb") as fh:  # sparse: 50 MB on paper
        fh.truncate(50 * 1024 * 1024)
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("rejected")]
    by_name = {Path(ln.split("] ", 1)[1].split(": ", 1)[0]).name: ln for ln in lines}
    assert set(by_name) == {"truncated.html", "binary.html", "crawl.warc#2", "broken.rss",
                            "broken.rss#2", "giant.html", "fifty.html"}, lines
    assert "truncated HTML" in by_name["truncated.html"]
    assert "binary data" in by_name["binary.html"]
    assert "corrupt WARC record" in by_name["crawl.warc#2"]
    assert "broken feed XML" in by_name["broken.rss"]
    assert "no text" in by_name["broken.rss#2"]  # the entry cut off by the break
    assert "over the 5000000 limit" in by_name["giant.html"]
    assert "over the 50000000-byte limit" in by_name["fifty.html"]
    with SqliteStore(db) as store:
        titles = sorted(a.title or "" for a in store.articles())
        assert len(store.rejects()) == len(lines) == 7
    assert titles == ["Ferry terminal to be rebuilt", "Harbour crews contain warehouse fire",
                      "Harbour crews contain warehouse fire number 0",
                      "Harbour crews contain warehouse fire number 2"]
