"""JSON Lines and JSON files: one raw document per record, metadata fields as hints.

Record field names per role (text, html, title, url, date, outlet, author) are configurable;
the first one present wins. Documents are named ``file#N``, N the line number in a JSON Lines
file or the 1-based index in a JSON array. The size cap applies to each record (line), as a
JSON Lines file may hold millions of articles.

Not handled yet: encodings other than UTF-8, and records nested deeper than one level
(``{"source": {"name": ...}}`` is read).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from storyline.io.raw import RawDocument, read_rejection
from storyline.io.sniff import SNIFF_BYTES, sniff_binary, sniff_html
from storyline.model.records import Rejection

__all__ = ["DEFAULT_FIELDS", "Roles", "field_roles", "records_from_lines", "read_records"]

Item = RawDocument | Rejection
Roles = dict[str, tuple[str, ...]]

# Record field names per role; the first one present wins. Override per role with ``fields``.
DEFAULT_FIELDS: Mapping[str, str] = {
    "text": "text,content,body",
    "html": "html",
    "title": "title,headline",
    "url": "url,link",
    "date": "date,published",
    "outlet": "outlet,source",
    "author": "author,byline",
}
_HINT_ROLES = ("title", "date", "outlet", "url", "author")


def field_roles(fields: Mapping[str, str] | None) -> Roles:
    """Merge ``fields`` over the defaults: role -> record keys to try in order."""
    merged = {**DEFAULT_FIELDS, **(fields or {})}
    return {role: tuple(k.strip() for k in keys.split(",") if k.strip())
            for role, keys in merged.items()}


def read_records(fh: IO[bytes], source: str, whole_json: bool, max_bytes: int,
                 roles: Roles) -> Iterator[Item]:
    """Records from a JSON Lines stream, or from a JSON document holding an object or array."""
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
    if sniff_binary(head):
        yield read_rejection(source, "binary data (not text)")
        return
    if whole_json:
        yield from _records_from_json(source, fh.read(max_bytes + 1), max_bytes, roles)
        return
    yield from records_from_lines(source, _capped_lines(fh, max_bytes), max_bytes, roles)


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


def records_from_lines(
    source: str, lines: Iterable[bytes | None], max_bytes: int, roles: Roles
) -> Iterator[Item]:
    """One raw document per JSON line; one rejection per broken line."""
    for n, line in enumerate(lines, start=1):
        item = f"{source}#{n}"
        if line is None:
            yield read_rejection(item, f"record is over the {max_bytes}-byte limit")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield read_rejection(item, f"broken JSON line ({_short(exc)})")
            continue
        yield _record_document(item, record, roles)


def _records_from_json(source: str, data: bytes, max_bytes: int, roles: Roles) -> Iterator[Item]:
    """Records from a whole JSON document (an object or an array), else from its lines."""
    if len(data) > max_bytes:
        yield read_rejection(source, f"JSON file is over the {max_bytes}-byte limit")
        return
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        yield from records_from_lines(source, data.splitlines(), max_bytes, roles)
        return
    if isinstance(parsed, dict):
        yield _record_document(source, parsed, roles)
        return
    records = parsed if isinstance(parsed, list) else [parsed]
    for n, record in enumerate(records, start=1):
        yield _record_document(f"{source}#{n}", record, roles)


def _short(exc: Exception) -> str:
    """What is wrong, in a few words: ``Expecting value at character 12``."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg.removesuffix(' at')} at character {exc.pos}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 at byte {exc.start}"
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


def _record_document(item: str, record: Any, roles: Roles) -> Item:
    """A raw document from one JSON record, with its metadata as hints."""
    if not isinstance(record, dict):
        return read_rejection(item, "JSON record is not an object")
    html = _first_field(record, roles.get("html", ()))
    text = _first_field(record, roles.get("text", ()))
    body = html or text
    if body is None:
        looked = ", ".join((*roles.get("text", ()), *roles.get("html", ())))
        return read_rejection(item, f"record has no article text (looked for {looked})")
    data = body.encode("utf-8", "surrogatepass")
    is_html = html is not None or sniff_html(data)
    hints = tuple(
        (role, value)
        for role in _HINT_ROLES
        if (value := _first_field(record, roles.get(role, ()))) is not None
    )
    url = dict(hints).get("url")
    return RawDocument(source_path=item, data=data, format="html" if is_html else "text",
                       url=url, hints=hints)
