"""Bytes to normalised text: byte-order marks, UTF-16, UTF-8, legacy encodings, repairs.

Decoding tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one
(every other byte NUL); strict UTF-8; UTF-8 with a few invalid bytes replaced when the rest is
valid multi-byte UTF-8 (one stray byte does not make a whole file Windows-1252); UTF-8 with
its other bytes read as Windows-1252 when those read as Western letters (a Latin-1 line pasted
into UTF-8 text); Windows-1252
for text that is nearly all ASCII or whose letters all read as Western text ("grève", not
cp1250's "grčve"); and charset-normalizer's best guess. Text that was UTF-8 read in a legacy
encoding ("Ministerâ€™s") is repaired when reading it again as UTF-8 gives cleaner text.
Every repair or doubt is a note (:func:`decode_with_note`) that ingest reports and the article
keeps. Text in which more than ``MAX_BAD_SHARE`` of the characters are replacement or control
characters is refused. Normalisation: Unicode NFC, every newline form to ``\\n``, no-break
and other wide spaces to plain spaces, zero-width characters and stray control characters
removed.

Not handled yet: a charset declared in an HTML ``<meta>`` tag is not consulted before
detection (detection usually agrees), and a file mixing UTF-8 with an encoding other than
Windows-1252 is decoded as one encoding.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata

from storyline.io.sniff import utf16_without_bom

__all__ = ["MAX_BAD_SHARE", "UndecodableError", "decode_bytes", "decode_with_note",
           "normalise_text"]

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
# Windows-1252 punctuation that went through Latin-1 ("\x93quoted\x94", "\x97"): the C1
# control characters, which text never holds for themselves, stand for the Windows-1252
# characters of their bytes once any of its quotation marks or dashes is among them
_C1_PUNCTUATION = re.compile(r"[\x91-\x94\x96\x97]")
_C1 = re.compile(r"[\x80-\x9f]")


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
    western = _western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("cannot detect the text encoding")
    return str(best)


_WESTERN = frozenset("àâäáãåæçèéêëìíîïñòóôöõøùúûüýÿßœÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØÙÚÛÜÝŒ"
                     "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac«»°£§")


def _western(data: bytes) -> str | None:
    """Windows-1252 text when nearly all its non-ASCII characters are Western letters and
    marks ("grève", "naïve", curly quotes): detection often takes such text for Central
    European (cp1250: "grčve", "naďve")."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 127]
    if wide and sum(c in _WESTERN for c in wide) >= 0.95 * len(wide):
        return text
    return None


def decode_bytes(data: bytes) -> str:
    """The text of ``data``; raises :class:`UndecodableError` when it is mostly undecodable."""
    return decode_with_note(data)[0]


def decode_with_note(data: bytes) -> tuple[str, str | None]:
    """The text of ``data`` and a note on anything repaired or doubtful (None when clean).

    After a byte-order mark: UTF-16 without one (every other byte NUL); UTF-8, and UTF-8 with
    a few invalid bytes replaced (a stray byte does not make a whole file Windows-1252); a
    legacy single-byte encoding, Windows-1252 when its letters read as Western text; and
    text that is UTF-8 read as Windows-1252 or Mac Roman ("MinisterÃ¢â‚¬â„¢s") repaired. Raises
    :class:`UndecodableError` when the bytes are mostly undecodable."""
    text: str | None = None
    note: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None and (utf16 := utf16_without_bom(data)):
        text = data.decode(utf16, errors="replace")
        note = f"decoded as {utf16} (no byte-order mark)"
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, note = _mostly_utf8(data)
            if text is None:
                text, note = _mixed(data)
            if text is None:
                text = _detect(data)
    repaired = _repair_mojibake(text)
    if repaired is not None:
        text, note = repaired, "repaired text that was UTF-8 read in a legacy encoding"
    elif _MOJIBAKE.search(text):
        note = "the text may be garbled (UTF-8 read in a legacy encoding); left as found"
    if _bad_share(text) > MAX_BAD_SHARE:
        raise UndecodableError("mostly undecodable bytes (not text in a known encoding)")
    return text, note


def _mostly_utf8(data: bytes) -> tuple[str | None, str | None]:
    """UTF-8 with its few invalid bytes replaced, when the rest is valid multi-byte UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if bad and good >= 2 * bad and bad <= max(3, len(text) // 1000):
        return text, f"{bad} invalid UTF-8 byte(s) replaced"
    return None, None


_STRAY = threading.local()  # what the error handler below read, per thread
_CP1252_FALLBACK = "storyline-cp1252"


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: the bytes that are not UTF-8, read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    part = exc.object[exc.start:exc.end].decode("cp1252", errors="replace")
    _STRAY.parts.append(part)
    return part, exc.end


codecs.register_error(_CP1252_FALLBACK, _as_cp1252)


def _mixed(data: bytes) -> tuple[str | None, str | None]:
    """UTF-8 with the bytes that are not UTF-8 read as Windows-1252, when the file holds valid
    multi-byte UTF-8 and those bytes read as Western letters: a file of mixed encodings (a
    Latin-1 line pasted into UTF-8 text), whose UTF-8 part one legacy encoding would garble."""
    _STRAY.parts = []
    text = data.decode("utf-8", errors=_CP1252_FALLBACK)
    letters = "".join(_STRAY.parts)
    good = sum(1 for c in text if ord(c) > 127) - len(letters)
    if good < 1 or sum(c in _WESTERN for c in letters) < 0.95 * len(letters):
        return None, None
    return text, (f"{len(letters)} byte(s) that are not UTF-8 read as Windows-1252 "
                  "(a file of mixed encodings)")


_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf]|\u00e2\u20ac|\u201a\u00c4|\u00e2\u0080")


def _repair_mojibake(text: str) -> str | None:
    """Text that was UTF-8 read as Windows-1252 or Mac Roman, read again as UTF-8; None when
    there is nothing to repair or the repair does not read as cleaner text."""
    marks = len(_MOJIBAKE.findall(text))
    if not marks:
        return None
    for legacy in ("cp1252", "mac_roman", "latin-1"):
        try:
            fixed = text.encode(legacy).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(_MOJIBAKE.findall(fixed)) < marks:
            return fixed
    return None


def _as_windows_1252(m: re.Match[str]) -> str:
    try:
        return bytes([ord(m.group(0))]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return m.group(0)


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` newlines, plain spaces, no invisible or control characters; Windows-1252
    punctuation read as C1 control characters (see ``_C1_PUNCTUATION``) restored."""
    if _C1_PUNCTUATION.search(text):
        text = _C1.sub(_as_windows_1252, text)
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _WIDE_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return _CONTROLS.sub("", text)
