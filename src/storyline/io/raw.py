"""The raw input record: bytes as read, before decoding and cleaning."""

from __future__ import annotations

from dataclasses import dataclass


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
