"""Input readers: files, directories, stdin, gzip, JSON records, WARC, feeds and URLs.

``iter_inputs`` yields a :class:`RawDocument` for every article it can read and a
:class:`Rejection` (stage ``read``) for every input it cannot, and never stops on a bad input.

Formats are chosen by extension and confirmed by sniffing the first bytes:

- ``.txt``, ``.text`` or no extension: plain text (HTML or a feed when it starts like one);
- ``.html``, ``.htm``, ``.xhtml``: HTML;
- ``.jsonl``, ``.ndjson``, ``.json``: JSON records (:mod:`storyline.io.json_records`);
- ``.warc``: WARC archives, one document per HTML response (:mod:`storyline.io.warc`);
- ``.rss``, ``.atom``, ``.rdf`` and ``.xml`` that starts like a feed: one document per entry
  (:mod:`storyline.io.feeds`);
- ``.urls``: a list of URLs to fetch (:mod:`storyline.io.fetch`), read only when named;
- any of these with ``.gz``: decompressed while streaming, with the same size cap.

An ``http://`` or ``https://`` entry among the paths is fetched, as are the URLs given in
``urls``; consecutive URLs are fetched concurrently and yielded in order.

Directories are walked recursively in name order, one directory listing at a time, skipping
hidden entries (unless ``follow_hidden``) and files whose extension is none of the above (a
README.md or a .csv beside the articles is not an article). A file named explicitly is read
whatever its extension: as text, unless it is binary. Known unsupported formats are rejected.

Size caps: a text, HTML or feed file is checked with ``stat`` and never opened when it is over
``max_bytes``; its decompressed size is capped as well. JSON Lines and WARC files are
containers that may hold millions of articles, so the cap applies to each record.

Not handled yet: zip and other archive formats, ARC files, symlinked directories (not
followed, to avoid cycles), and encodings of JSON files other than UTF-8.
"""

from __future__ import annotations

import gzip
import io
import itertools
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from storyline.io.feeds import iter_feed
from storyline.io.fetch import FetchOptions, fetch_urls, is_url, read_url_list
from storyline.io.json_records import DEFAULT_FIELDS, Roles, field_roles, read_records
from storyline.io.json_records import records_from_lines as _records_from_lines
from storyline.io.raw import RawDocument, raw_or_rejection, read_rejection, source_name
from storyline.io.sniff import SNIFF_BYTES, sniff_binary, sniff_feed, sniff_html
from storyline.io.warc import iter_warc
from storyline.model.records import Rejection

__all__ = ["DEFAULT_FIELDS", "FetchOptions", "iter_inputs", "sniff_binary", "sniff_html"]

TEXT_EXTENSIONS = frozenset({".txt", ".text", ""})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
RECORD_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".json"})
WARC_EXTENSIONS = frozenset({".warc"})
FEED_EXTENSIONS = frozenset({".rss", ".atom", ".rdf", ".xml"})
URL_LIST_EXTENSIONS = frozenset({".urls"})
UNSUPPORTED_EXTENSIONS = frozenset({".arc", ".zip", ".tar", ".bz2", ".xz", ".7z", ".pdf",
                                    ".doc", ".docx"})
_WALKED = TEXT_EXTENSIONS | HTML_EXTENSIONS | RECORD_EXTENSIONS | WARC_EXTENSIONS | frozenset(
    {".rss", ".atom", ".rdf"})

_EXTENSION = re.compile(r"\.[a-z0-9]{1,6}")

Item = RawDocument | Rejection


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = 50_000_000,
    follow_hidden: bool = False,
    fields: Mapping[str, str] | None = None,
    urls: Iterable[str | Rejection] = (),
    fetch: FetchOptions | None = None,
) -> Iterator[Item]:
    """Stream raw documents (and rejections) from files, directories, ``-`` (stdin) and URLs."""
    roles = field_roles(fields)
    queued: list[str | Rejection] = []
    for entry in paths:
        if isinstance(entry, str) and is_url(entry):
            queued.append(entry)
            continue
        if queued:
            yield from _fetch(queued, max_bytes, fetch)
            queued = []
        yield from _read_entry(entry, max_bytes, follow_hidden, roles, fetch)
    yield from _fetch(itertools.chain(queued, urls), max_bytes, fetch)


def _fetch(urls: Iterable[str | Rejection], max_bytes: int,
           options: FetchOptions | None) -> Iterator[Item]:
    """Fetch the URLs, if there are any (the HTTP client is only set up when needed)."""
    it = iter(urls)
    first = next(it, None)
    if first is not None:
        yield from fetch_urls(itertools.chain([first], it), max_bytes=max_bytes, options=options)


def _read_entry(entry: str | Path, max_bytes: int, follow_hidden: bool, roles: Roles,
                fetch: FetchOptions | None) -> Iterator[Item]:
    """Documents from one path entry: stdin, a directory, a URL list or a file."""
    if str(entry) == "-":
        yield from _read_stdin(max_bytes, roles)
        return
    path = Path(entry)
    if path.is_dir():
        for file in walk_files(path, follow_hidden):
            if isinstance(file, Rejection):
                yield file
            elif is_article_file(file):
                yield from _read_path(file, max_bytes, roles)
    elif not path.exists():
        yield read_rejection(path, "no such file or directory")
    elif _split_ext(path)[0] in URL_LIST_EXTENSIONS:
        yield from _fetch(read_url_list(path), max_bytes, fetch)
    else:
        yield from _read_path(path, max_bytes, roles)


def walk_files(root: Path, follow_hidden: bool) -> Iterator[Path | Rejection]:
    """Files under ``root``, recursively, sorted by name, listing one directory at a time; a
    folder that cannot be listed and a link that leads nowhere are rejections (links to
    folders are not followed)."""
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield read_rejection(root, f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") and not follow_hidden:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk_files(Path(entry.path), follow_hidden)
            elif entry.is_file():
                yield Path(entry.path)
            elif entry.is_symlink():
                try:
                    os.stat(entry.path)
                except OSError as exc:  # missing target, or a loop of links
                    yield read_rejection(entry.path, "a link that leads to no file: "
                                         f"{exc.strerror or exc}")
        except OSError:
            yield Path(entry.path)  # reading it will report the problem


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


def is_article_file(path: Path) -> bool:
    """Whether a file found in a directory walk is in an article format (an .xml: a feed)."""
    ext, gz = _split_ext(path)
    if ext == ".xml":
        try:
            with _open(path, gz) as fh:
                return sniff_feed(fh.read(SNIFF_BYTES))
        except (OSError, EOFError, zlib.error):
            return True  # reading it will report the problem
    return ext in _WALKED


def _read_path(path: Path, max_bytes: int, roles: Roles) -> Iterator[Item]:
    """Read one file as documents or rejections."""
    ext, gz = _split_ext(path)
    if ext in UNSUPPORTED_EXTENSIONS:
        yield read_rejection(path, f"unsupported format ({ext}); not read yet")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield read_rejection(path, f"cannot read file: {exc.strerror or exc}")
        return
    if size == 0:
        yield read_rejection(path, "empty file")
        return
    try:
        yield from _read_format(path, ext, gz, size, max_bytes, roles)
    except _TooLarge:
        yield read_rejection(path, f"decompressed data is over the {max_bytes}-byte limit")
    except _Bomb:
        yield read_rejection(path, f"gzip data grows more than {BOMB_RATIO} times when "
                                   f"decompressed (a decompression bomb, not text); the rest "
                                   f"of the file is not read")
    except (gzip.BadGzipFile, EOFError, zlib.error):
        yield read_rejection(path, "broken gzip data")
    except OSError as exc:
        yield read_rejection(path, f"cannot read file: {exc.strerror or exc}")


def _read_format(path: Path, ext: str, gz: bool, size: int, max_bytes: int,
                 roles: Roles) -> Iterator[Item]:
    """Documents from a file of a known size, by format."""
    if ext in RECORD_EXTENSIONS:
        with _open(path, gz) as fh:
            yield from read_records(fh, source_name(path), ext == ".json", max_bytes, roles)
        return
    if ext in WARC_EXTENSIONS:
        yield from iter_warc(path, max_bytes)
        return
    if size > max_bytes:
        yield read_rejection(path, f"file is {size} bytes, over the {max_bytes}-byte limit")
        return
    data = _read_capped(path, gz, max_bytes)
    if ext in FEED_EXTENSIONS or (ext not in HTML_EXTENSIONS and sniff_feed(data)):
        yield from _feed_or_rejection(source_name(path), data)
        return
    yield raw_or_rejection(source_name(path), data, html=ext in HTML_EXTENSIONS)


def _feed_or_rejection(source: str, data: bytes) -> Iterator[Item]:
    if sniff_binary(data):
        yield read_rejection(source, "binary data (not text)")
        return
    yield from iter_feed(source, data)


class _TooLarge(Exception):
    """Raised when decompressed data passes the size cap."""


# a gzip file may grow this many times over (and past BOMB_FLOOR) before it is taken for a
# decompression bomb: news text compresses three to twenty times, 300 MB of blank lines a
# thousand times
BOMB_RATIO = 100
BOMB_FLOOR = 10_000_000


class _Bomb(Exception):
    """Raised when a gzip file decompresses to far more than text does."""


class _Counted(io.RawIOBase):
    """A gzip stream that raises :class:`_Bomb` past ``limit`` decompressed bytes."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self.inner, self.limit, self.seen = inner, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.limit:
            raise _Bomb
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def _open(path: Path, gz: bool) -> IO[bytes]:
    if not gz:
        return path.open("rb")
    limit = max(BOMB_FLOOR, BOMB_RATIO * path.stat().st_size)
    return io.BufferedReader(_Counted(gzip.open(path, "rb"), limit))


def _read_capped(path: Path, gz: bool, max_bytes: int) -> bytes:
    """The file's (decompressed) bytes; raises ``_TooLarge`` past ``max_bytes``."""
    with _open(path, gz) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _TooLarge
    return data


def _read_stdin(max_bytes: int, roles: Roles) -> Iterator[Item]:
    """Read standard input as one text/HTML document, a feed, or JSON Lines."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield read_rejection("<stdin>", f"input is over the {max_bytes}-byte limit")
        return
    if data.lstrip().startswith(b"{"):
        yield from _records_from_lines("<stdin>", data.splitlines(), max_bytes, roles)
    elif sniff_feed(data):
        yield from _feed_or_rejection("<stdin>", data)
    else:
        yield raw_or_rejection("<stdin>", data)
