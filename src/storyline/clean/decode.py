"""Bytes to normalised text: byte-order marks, UTF-8, then charset detection.

Decoding tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8,
Windows-1252 for text that is nearly all ASCII (detection is unreliable on a few accented
letters), and charset-normalizer's best guess. Text in which more than ``MAX_BAD_SHARE`` of
the characters are replacement or control characters is refused. Normalisation: Unicode NFC,
every newline form to ``\\n``, no-break and other wide spaces to plain spaces, zero-width
characters and stray control characters removed.

Not handled yet: a charset declared in an HTML ``<meta>`` tag is not consulted before
detection (detection usually agrees), and mixed-encoding files are decoded as one encoding.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["MAX_BAD_SHARE", "UndecodableError", "decode_bytes", "normalise_text"]

MAX_BAD_SHARE = 0.05
MOSTLY_ASCII_SHARE = 0.02

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_WIDE_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def _bad_share(text: str) -> float:
    if not text:
        return 0.0
    bad = text.count("\ufffd") + len(_CONTROLS.findall(text))
    return bad / len(text)


def _detect(data: bytes) -> str:
    """Decode with Windows-1252 when the text is nearly all ASCII, else detection's best guess."""
    non_ascii = sum(1 for b in data if b > 127)
    if non_ascii <= MOSTLY_ASCII_SHARE * len(data):
        # a handful of accented letters gives detection nothing to go on; Western text is the
        # likeliest source of such files
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("cannot detect the text encoding")
    return str(best)


def decode_bytes(data: bytes) -> str:
    """The text of ``data``; raises :class:`UndecodableError` when it is mostly undecodable."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data)
    if _bad_share(text) > MAX_BAD_SHARE:
        raise UndecodableError("mostly undecodable bytes (not text in a known encoding)")
    return text


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` newlines, plain spaces, no invisible or control characters."""
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _WIDE_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return _CONTROLS.sub("", text)
