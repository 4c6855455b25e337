"""Content-hash ids: the same content always gets the same id."""

from __future__ import annotations

import hashlib


def content_id(prefix: str, *parts: object) -> str:
    """A short stable id such as ``a-3f2c…`` from the given parts (order matters)."""
    h = hashlib.blake2b(digest_size=8)
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return f"{prefix}-{h.hexdigest()}"


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of raw bytes, hex encoded."""
    return hashlib.sha256(data).hexdigest()
