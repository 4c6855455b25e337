"""Lower-cased text to match case-insensitive patterns faster, where that is exact.

Python's case-insensitive matching is several times slower than plain matching. A pattern whose
literals are lower case, run case-sensitively over the lower-cased text, finds the same matches
at the same offsets as the case-insensitive pattern over the text, provided lower-casing keeps
every character in its place and the text holds no character that the case-insensitive pattern
folds onto an ASCII letter but that lower-cases to something else (dotless i, long s).
"""

from __future__ import annotations

__all__ = ["lowered"]

# characters that a case-insensitive pattern's ASCII letters match but that lower-case to
# something else: a text holding one is matched as it is
_FOLDED_APART = ("\u0131", "\u017f")


def lowered(text: str) -> str | None:
    """The text lower-cased, when case-insensitive matching on it equals case-sensitive matching
    on the lower-cased text at the same offsets; None when it may not."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and any(c in text for c in _FOLDED_APART)):
        return None
    return low
