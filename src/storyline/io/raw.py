"""The raw input record (bytes as read, before decoding and cleaning) and read rejections."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyline.io.sniff import sniff_binary, sniff_html
from storyline.model.records import Rejection

__all__ = ["RawDocument", "raw_or_rejection", "read_rejection"]


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


def read_rejection(item: str | Path, reason: str) -> Rejection:
    """A rejection by the ``read`` stage."""
    return Rejection(stage="read", item=str(item), reason=reason)


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
