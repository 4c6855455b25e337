"""Input readers: files, directories, stdin, gzip and JSON records, streamed as raw documents.

``iter_inputs`` yields a :class:`RawDocument` for every article it can read and a
:class:`Rejection` (stage ``read``) for every input it cannot, and never stops on a bad input.

Formats are chosen by extension and confirmed by sniffing the first bytes:

- ``.txt``, ``.text`` or no extension: plain text (HTML when it starts like HTML);
- ``.html``, ``.htm``, ``.xhtml``: HTML;
- ``.jsonl``, ``.ndjson``, ``.json``: JSON records, one raw document per record
  (``source_path`` is ``file#N``, N the line number, or the 1-based index in a JSON array);
- any of these with ``.gz``: decompressed while streaming, with the same size cap.

Directories are walked recursively in name order, one directory listing at a time, skipping
hidden entries (unless ``follow_hidden``) and files whose extension is none of the above (a
README.md or a .csv beside the articles is not an article). A file named explicitly is read
whatever its extension: as text, unless it is binary. Known unsupported formats are rejected.

Size caps: a text or HTML file is checked with ``stat`` and never opened when it is over
``max_bytes``; its decompressed size is capped as well. JSON Lines files are containers that may
hold millions of articles, so the cap applies to each record (line) rather than to the file.

Not handled yet: WARC archives, RSS/Atom feeds and URL lists (rejected as unsupported), zip and
other archive formats, symlinked directories (not followed, to avoid cycles), and encodings of
JSON files other than UTF-8.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from storyline.io.raw import RawDocument
from storyline.model.records import Rejection

__all__ = ["DEFAULT_FIELDS", "iter_inputs", "sniff_binary", "sniff_html"]

TEXT_EXTENSIONS = frozenset({".txt", ".text", ""})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
RECORD_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".json"})
UNSUPPORTED_EXTENSIONS = frozenset({".warc", ".arc", ".rss", ".atom", ".zip", ".tar", ".bz2",
                                    ".xz", ".7z", ".pdf", ".doc", ".docx"})

# Record field names per role; the first one present wins. Override per role with ``fields``.
DEFAULT_FIELDS: Mapping[str, str] = {
    "text": "text,content,body",
    "html": "html",
    "title": "title,headline",
    "url": "url,link",
    "date": "date,published",
    "outlet": "outlet,source",
}

_EXTENSION = re.compile(r"\.[a-z0-9]{1,6}")
SNIFF_BYTES = 8192
CONTROL_RATIO = 0.10  # share of control bytes above which data is not text
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

Item = RawDocument | Rejection


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = 50_000_000,
    follow_hidden: bool = False,
    fields: Mapping[str, str] | None = None,
) -> Iterator[Item]:
    """Stream raw documents (and rejections) from files, directories and ``-`` (stdin)."""
    roles = _field_roles(fields)
    for entry in paths:
        if str(entry) == "-":
            yield from _read_stdin(max_bytes, roles)
            continue
        path = Path(entry)
        if path.is_dir():
            for file in _walk(path, follow_hidden):
                if _is_article_file(file):
                    yield from _read_path(file, max_bytes, roles)
        elif path.exists():
            yield from _read_path(path, max_bytes, roles)
        else:
            yield _reject(path, "no such file or directory")


def _field_roles(fields: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """Merge ``fields`` over the defaults: role -> record keys to try in order."""
    merged = {**DEFAULT_FIELDS, **(fields or {})}
    return {role: tuple(k.strip() for k in keys.split(",") if k.strip())
            for role, keys in merged.items()}


def _walk(root: Path, follow_hidden: bool) -> Iterator[Path]:
    """Files under ``root``, recursively, sorted by name, listing one directory at a time."""
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") and not follow_hidden:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), follow_hidden)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError:
            yield Path(entry.path)  # reading it will report the problem


def _reject(item: str | Path, reason: str) -> Rejection:
    return Rejection(stage="read", item=str(item), reason=reason)


def _split_ext(path: Path) -> tuple[str, bool]:
    """The lower-case format extension ("" when none) and whether the file is gzip-compressed."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if not _EXTENSION.fullmatch(ext) or ext[1:].isdigit():
        ext = ""  # "report 9.1 final" has no extension
    return ext, gz


def _is_article_file(path: Path) -> bool:
    """Whether a file found in a directory walk has an article format's extension."""
    ext, _ = _split_ext(path)
    return ext in TEXT_EXTENSIONS or ext in HTML_EXTENSIONS or ext in RECORD_EXTENSIONS


def _read_path(path: Path, max_bytes: int, roles: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """Read one file as documents or rejections."""
    ext, gz = _split_ext(path)
    if ext in UNSUPPORTED_EXTENSIONS:
        yield _reject(path, f"unsupported format ({ext}); not read yet")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _reject(path, f"cannot read file: {exc.strerror or exc}")
        return
    if size == 0:
        yield _reject(path, "empty file")
        return
    try:
        if ext in RECORD_EXTENSIONS:
            yield from _read_records(path, ext, gz, max_bytes, roles)
            return
        if size > max_bytes:
            yield _reject(path, f"file is {size} bytes, over the {max_bytes}-byte limit")
            return
        yield _document_or_rejection(str(path), _read_capped(path, gz, max_bytes), ext)
    except _TooLarge:
        yield _reject(path, f"decompressed data is over the {max_bytes}-byte limit")
    except (gzip.BadGzipFile, EOFError, zlib.error):
        yield _reject(path, "broken gzip data")
    except OSError as exc:
        yield _reject(path, f"cannot read file: {exc.strerror or exc}")


class _TooLarge(Exception):
    """Raised when decompressed data passes the size cap."""


def _open(path: Path, gz: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gz else path.open("rb")


def _read_capped(path: Path, gz: bool, max_bytes: int) -> bytes:
    """The file's (decompressed) bytes; raises ``_TooLarge`` past ``max_bytes``."""
    with _open(path, gz) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _TooLarge
    return data


def _document_or_rejection(source: str, data: bytes, ext: str) -> Item:
    """Check bytes read from a text or HTML input and wrap them as a raw document."""
    if not data.strip():
        return _reject(source, "empty file")
    if sniff_binary(data):
        return _reject(source, "binary data (not text)")
    is_html = ext in HTML_EXTENSIONS or sniff_html(data)
    return RawDocument(source_path=source, data=data, format="html" if is_html else "text")


def sniff_binary(data: bytes) -> bool:
    """Whether the first bytes look like binary data: NUL bytes or many control bytes."""
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _ALLOWED_CONTROLS)
    return bool(head) and controls / len(head) > CONTROL_RATIO


def sniff_html(data: bytes) -> bool:
    """Whether the data starts like an HTML page."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<body" in head
    )


def _read_stdin(max_bytes: int, roles: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """Read standard input as one text/HTML document, or as JSON Lines when it looks like it."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _reject("<stdin>", f"input is over the {max_bytes}-byte limit")
        return
    if data.lstrip().startswith(b"{"):
        yield from _records_from_lines("<stdin>", data.splitlines(), max_bytes, roles)
        return
    yield _document_or_rejection("<stdin>", data, "")


# --------------------------------------------------------------------------- JSON records


def _read_records(
    path: Path, ext: str, gz: bool, max_bytes: int, roles: dict[str, tuple[str, ...]]
) -> Iterator[Item]:
    """Records from a JSON Lines file, or from a JSON file holding an object or an array."""
    with _open(path, gz) as fh:
        head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        if sniff_binary(head):
            yield _reject(path, "binary data (not text)")
            return
        if ext == ".json":
            yield from _records_from_json(path, fh.read(max_bytes + 1), max_bytes, roles)
            return
        yield from _records_from_lines(str(path), _capped_lines(fh, max_bytes), max_bytes, roles)


def _capped_lines(fh: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file; ``None`` for a line longer than ``max_bytes`` (skipped unread)."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the over-long line
                line = fh.readline(max_bytes + 1)
            yield None
            continue
        yield line


def _records_from_lines(
    source: str, lines: Iterable[bytes | None], max_bytes: int, roles: dict[str, tuple[str, ...]]
) -> Iterator[Item]:
    """One raw document per JSON line; one rejection per broken line."""
    for n, line in enumerate(lines, start=1):
        item = f"{source}#{n}"
        if line is None:
            yield _reject(item, f"record is over the {max_bytes}-byte limit")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield _reject(item, f"broken JSON line ({_short(exc)})")
            continue
        yield _record_document(item, record, roles)


def _records_from_json(
    path: Path, data: bytes, max_bytes: int, roles: dict[str, tuple[str, ...]]
) -> Iterator[Item]:
    """Records from a whole JSON document (an object or an array), else from its lines."""
    if len(data) > max_bytes:
        yield _reject(path, f"JSON file is over the {max_bytes}-byte limit")
        return
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        yield from _records_from_lines(str(path), data.splitlines(), max_bytes, roles)
        return
    if isinstance(parsed, dict):
        yield _record_document(str(path), parsed, roles)
        return
    records = parsed if isinstance(parsed, list) else [parsed]
    for n, record in enumerate(records, start=1):
        yield _record_document(f"{path}#{n}", record, roles)


def _short(exc: Exception) -> str:
    return str(exc).split(":", 1)[0]


def _first_field(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first non-empty string value among ``keys``."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, dict):  # e.g. {"source": {"name": "..."}}
            name = value.get("name") or value.get("title")
            if isinstance(name, str) and name.strip():
                return name
    return None


def _record_document(item: str, record: Any, roles: dict[str, tuple[str, ...]]) -> Item:
    """A raw document from one JSON record, with its metadata as hints."""
    if not isinstance(record, dict):
        return _reject(item, "JSON record is not an object")
    html = _first_field(record, roles.get("html", ()))
    text = _first_field(record, roles.get("text", ()))
    body = html or text
    if body is None:
        looked = ", ".join((*roles.get("text", ()), *roles.get("html", ())))
        return _reject(item, f"record has no article text (looked for {looked})")
    data = body.encode("utf-8", "surrogatepass")
    is_html = html is not None or sniff_html(data)
    hints = tuple(
        (role, value)
        for role in ("title", "date", "outlet", "url")
        if (value := _first_field(record, roles.get(role, ()))) is not None
    )
    url = dict(hints).get("url")
    return RawDocument(source_path=item, data=data, format="html" if is_html else "text",
                       url=url, hints=hints)
