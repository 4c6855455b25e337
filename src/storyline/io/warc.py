"""WARC archives, plain or gzipped: one raw document per HTML response record.

Read with warcio. A record is an article when it is a ``response`` with a 2xx HTTP status and
an HTML content type (or a ``resource`` record holding HTML); requests, metadata, redirects,
images and scripts are skipped silently, as they are in any crawl. The record's target URI
becomes the document's URL and its WARC date a ``fetched`` hint (a crawl time, not a
publication time). Documents are named ``file#N``, N the record's 1-based position.

A record that cannot be parsed (a garbled header, a broken gzip member, a body cut short) is a
rejection, and reading resumes at the next record start found after it: the next gzip member
in a record-compressed file, the next ``WARC/1.`` line otherwise. A record whose end does not
fall where its ``Content-Length`` says is corrupt too (the records it swallowed are recovered).
A file gzipped as one stream rather than record by record is read through ``gzip``.
The size cap applies to each record's payload, not to the archive.

Not handled yet: ARC files, ``revisit`` records (their payload lives in another record),
and an HTTP ``charset`` that disagrees with the bytes (detection decides).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from storyline.io.raw import RawDocument, raw_or_rejection, read_rejection, source_name
from storyline.io.sniff import SNIFF_BYTES, is_gzip, sniff_html, sniff_warc
from storyline.model.records import Rejection

__all__ = ["iter_warc"]

Item = RawDocument | Rejection
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
_CHUNK = 1 << 20


def _iterator(fh: IO[bytes]) -> Any:
    """A warcio record iterator that keeps its warnings about bad lengths off stderr."""
    from warcio.archiveiterator import ArchiveIterator

    class QuietIterator(ArchiveIterator):  # type: ignore[misc]
        def _consume_blanklines(self) -> Any:
            with contextlib.redirect_stderr(io.StringIO()):
                return super()._consume_blanklines()

    return QuietIterator(fh)


def iter_warc(path: Path, max_bytes: int) -> Iterator[Item]:
    """Raw documents (HTML responses) and rejections (corrupt records) from one WARC file."""
    with path.open("rb") as fh:
        head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        gz = is_gzip(head)
        whole = False
        if gz:
            head, whole = _gzip_layout(fh)
        if not sniff_warc(head):
            yield read_rejection(path, "not a WARC file (no WARC record header at the start)")
            return
        if not whole:
            yield from _records(source_name(path), fh, max_bytes, gz)
            return
    with gzip.open(path, "rb") as stream:
        safe = _EndGuard(stream)
        yield from _records(source_name(path), safe, max_bytes, gz=False)  # type: ignore[arg-type]
    if safe.broken:
        yield read_rejection(path, f"gzip data broken or cut short after byte {safe.broken}; "
                             "the records from there on are lost")


def _gzip_layout(fh: IO[bytes]) -> tuple[bytes, bool]:
    """The first decompressed bytes, and whether the first gzip member holds several records."""
    inflate = zlib.decompressobj(wbits=31)
    head = tail = b""
    try:
        while not inflate.eof and (chunk := fh.read(1 << 16)):
            out = inflate.decompress(chunk)
            head = head or out[:SNIFF_BYTES]
            if _WARC_LINE in tail + out:
                return head, True
            tail = (tail + out)[-len(_WARC_LINE):]
    except zlib.error:
        pass
    finally:
        fh.seek(0)
    return head, False


class _EndGuard:
    """A stream that reads as ended where gzip data breaks off, remembering where."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.broken = 0

    def read(self, size: int = -1) -> bytes:
        """Read like the stream; at broken data, note the offset and read nothing."""
        parts: list[bytes] = []
        wanted = size if size >= 0 else 1 << 62
        try:
            while wanted > 0 and (part := self.stream.read1(min(wanted, _CHUNK))):  # type: ignore[attr-defined]
                parts.append(part)
                wanted -= len(part)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            self.broken = self.broken or max(self.stream.tell(), 1)
        return b"".join(parts)

    def tell(self) -> int:
        """The stream's position."""
        return self.stream.tell()

    def seek(self, offset: int) -> int:
        """Move in the stream."""
        return self.stream.seek(offset)


class _Truncated(Exception):
    """A record whose body ends before its Content-Length says (records may hide inside)."""


@dataclass(slots=True)
class _Pending:
    """The last record read, held back until the iterator has checked where it ended."""

    n: int
    offset: int
    item: Item | None


def _records(source: str, fh: IO[bytes], max_bytes: int, gz: bool) -> Iterator[Item]:
    """Walk the records, restarting after each corrupt one at the next record start."""
    n = 0
    while True:
        restart = yield from _walk(_iterator(fh), source, max_bytes, n)
        if restart is None:
            return
        n, offset = restart
        found = _find(fh, offset + 1, _GZIP_MEMBER if gz else _WARC_LINE)
        if found is None:
            return
        fh.seek(found + (0 if gz else 1))


def _walk(
    it: Any, source: str, max_bytes: int, n: int
) -> Generator[Item, None, tuple[int, int] | None]:
    """Records until the end (``None``) or a corrupt one: ``(records so far, where to search)``."""
    records = iter(it)
    pending: _Pending | None = None
    while True:
        errors = it.err_count
        record = None
        try:
            record = next(records, None)
        except Exception as exc:  # a corrupt record can fail anywhere in the parser
            failure: Exception | None = exc
        else:
            failure = None
        if pending is not None and it.err_count > errors:  # the pending record's length is wrong
            yield read_rejection(f"{source}#{pending.n}", "corrupt WARC record at byte "
                                 f"{pending.offset}: its Content-Length does not match its end")
            return pending.n, pending.offset
        if pending is not None and pending.item is not None:
            yield pending.item
        if failure is not None:
            yield read_rejection(f"{source}#{n + 1}", f"corrupt WARC record at byte {it.offset}: "
                                 f"{_describe(failure)}")
            return n + 1, it.offset
        if record is None:
            return None
        n += 1
        try:
            pending = _Pending(n, it.offset, _record_item(f"{source}#{n}", record, max_bytes))
        except _Truncated as exc:
            reason = f"truncated WARC record at byte {it.offset}: {exc}"
            yield read_rejection(f"{source}#{n}", reason)
            return n, it.offset
        except Exception as exc:
            yield read_rejection(f"{source}#{n}", f"corrupt WARC record at byte {it.offset}: "
                                 f"{_describe(exc)}")
            return n, it.offset


def _describe(exc: BaseException) -> str:
    """A one-line, printable description of a parse error."""
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))[:100]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _find(fh: IO[bytes], start: int, marker: bytes) -> int | None:
    """The offset of the first ``marker`` at or after ``start``, if any."""
    fh.seek(start)
    pos, tail = start, b""
    while chunk := fh.read(_CHUNK):
        window = tail + chunk
        hit = window.find(marker)
        if hit >= 0:
            return pos - len(tail) + hit
        tail = window[-(len(marker) - 1):]
        pos += len(chunk)
    return None


_KNOWN_TYPES = frozenset(("warcinfo", "response", "resource", "request", "metadata", "revisit",
                          "conversion", "continuation"))


def _record_item(item: str, record: Any, max_bytes: int) -> Item | None:
    """The raw document of one HTML response record, a rejection, or ``None`` to skip it."""
    if record.rec_type not in ("response", "resource"):
        if record.rec_type in _KNOWN_TYPES:
            return None  # requests, metadata, revisits: no article in them
        shown = "".join(c if c.isprintable() else "?" for c in str(record.rec_type))[:40]
        return read_rejection(item, f"unknown WARC-Type {shown!r} (a garbled record header?)")
    http = record.http_headers
    if record.rec_type == "response":
        if http is None or not str(http.get_statuscode() or "").startswith("2"):
            return None
        ctype = http.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return read_rejection(item, f"record is over the {max_bytes}-byte limit")
    if "html" not in ctype.lower() and not (not ctype and sniff_html(data)):
        return None
    while record.raw_stream.read(_CHUNK):
        pass  # drain, so that a body cut short shows as bytes still owed
    owed = getattr(record.raw_stream, "limit", 0)
    if owed:
        raise _Truncated(f"its Content-Length runs {owed} bytes past the end of the file")
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched = record.rec_headers.get_header("WARC-Date")
    hints = (("url", url),) if url else ()
    hints += (("fetched", fetched),) if fetched else ()
    return raw_or_rejection(item, data, html=True, url=url, hints=hints)
