"""The raw input record (bytes as read, before decoding and cleaning) and read rejections."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from storyline.io.sniff import sniff_binary, sniff_html
from storyline.model.records import Rejection

__all__ = ["RawDocument", "raw_or_rejection", "read_rejection", "source_name"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read: its bytes, where it came from and what format it is."""

    source_path: str  # file path (with "#N" for the Nth record of a JSON Lines/WARC file) or URL
    data: bytes
    format: str  # text | html | json (a record whose fields are in ``hints``)
    url: str | None = None
    hints: tuple[tuple[str, str], ...] = ()  # metadata from the container: title, date, outlet…

    def hint(self, key: str) -> str | None:
        """The first hint with this key, if any."""
        for k, v in self.hints:
            if k == key:
                return v
        return None


def source_name(path: str | Path) -> str:
    """A file's path as the text stored and printed for it: bytes of the name that are not
    UTF-8 (a name made on another system) written ``\\xff``, control characters (a newline, an
    escape) written ``\\n``, ``\\x1b``, so that a name can be stored and cannot forge a line of
    the log or drive the terminal."""
    text = os.fsdecode(path) if isinstance(path, Path) else path
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def read_rejection(item: str | Path, reason: str) -> Rejection:
    """A rejection by the ``read`` stage (a path is named by :func:`source_name`)."""
    return Rejection(stage="read", item=source_name(item), reason=reason)


def raw_or_rejection(
    source: str,
    data: bytes,
    html: bool = False,
    url: str | None = None,
    hints: tuple[tuple[str, str], ...] = (),
) -> RawDocument | Rejection:
    """Check bytes read from a text or HTML input and wrap them as a raw document."""
    if not data.strip():
        return read_rejection(source, "empty file")
    if sniff_binary(data):
        return read_rejection(source, "binary data (not text)")
    fmt = "html" if html or sniff_html(data) else "text"
    return RawDocument(source_path=source, data=data, format=fmt, url=url, hints=hints)
