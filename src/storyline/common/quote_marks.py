"""Quotation marks: pair them into quoted passages, whatever the style.

Handles “English”, "straight", ‘single’, 'straight single', «guillemets», »reversed«, „German“
and ‚German single‘ marks; apostrophes inside words ("don't", "Lessaria’s") and possessives
("officials’") are not quote marks. A mark is judged by what surrounds it: an opening mark is
followed by text and preceded by a space or punctuation, a closing one the other way round.
Only outermost pairs become passages; nested quotes stay inside their passage.

A quotation that runs over several paragraphs, each reopened with a mark and only the last
closed, is one passage (when it opened a sentence or followed a colon or comma; a mark left
open in mid-sentence does not run on). An opening mark that is never closed gives a passage up
to the end of its paragraph when it opens the paragraph or follows a colon; otherwise it is
ignored.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["DOUBLE", "SINGLE", "QuoteMap", "Quoted", "find_quoted"]

DOUBLE = frozenset('"“”„«»‟')
SINGLE = frozenset("'‘’‚‹›")
_MARKS = DOUBLE | SINGLE
_BEFORE_OPEN = set("([{—–-/:;,") | _MARKS
_AFTER_CLOSE = set(".,;:!?)]}—–-…") | _MARKS
# the characters find_quoted stops at: every other one it passes over
_STOPS = re.compile("[\n" + re.escape("".join(sorted(_MARKS))) + "]")


@dataclass(frozen=True, slots=True)
class Quoted:
    """One quoted passage: marks at ``open`` and ``close - 1``, text in ``[start, end)``."""

    open: int
    start: int
    end: int
    close: int
    closed: bool = True


def _family(ch: str) -> str:
    return "d" if ch in DOUBLE else "s"


def _classify(text: str, i: int, stack: list[tuple[int, str]], width: int = 1,
              ch: str = "") -> str:
    """"open", "close" or "" for the mark at ``i``, given the marks still open."""
    ch = ch or text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    if unicodedata.category(prev) == "Cf":
        prev = " "  # a direction mark or zero-width space before it reads as a space
    if unicodedata.category(nxt) == "Cf":
        nxt = " "
    left = not nxt.isspace() and (prev.isspace() or prev in _BEFORE_OPEN)
    right = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE)
    fam = _family(ch)
    pending = any(_family(c) == fam for _, c in stack)
    top = stack[-1][1] if stack else ""
    if ch in "'’" and prev.isalnum() and nxt.isalnum():
        return ""  # an apostrophe inside a word
    if ch in "'‘’" and left and nxt.isdigit():
        return ""  # ’90s
    if ch in "'\"" and prev.isdigit() and width == 1 and not pending:
        return ""  # feet and inches: 6'3", a 12" screen
    if ch in "„‚":
        return "open"
    if ch in "“‘":
        if top in "„‚" and top and not left or left and right and pending:
            return "close"
        if left:
            return "open"
        return "close" if pending else ""
    if ch in "”’":
        if right and pending:
            return "close"
        if ch == "’":
            return "open" if left and not right and not pending and prev.isspace() else ""
        if left and not right and not pending:
            return "open"
        return "close" if pending else ""
    if ch in "«‹":
        return "close" if top in "»›" and top else "open"
    if ch in "»›":
        if top in "«‹" and top:
            return "close"
        return "open" if left and not right else ""
    # straight marks
    if left and not right:
        return "open"
    if right and not left:
        if ch == "'" and prev.isalpha() and not pending:
            return ""
        return "close" if pending else ""
    if not left and not right and pending:
        return "close"
    return ""


_DOUBLED = frozenset({"''", "``", "‘‘", "’’"})


def text_start(text: str, opened: int) -> int:
    """Where the quoted text starts after the opening mark (one or two characters)."""
    return opened + 2 if text[opened : opened + 2] in _DOUBLED else opened + 1


def find_quoted(text: str) -> list[Quoted]:
    """The outermost quoted passages of a text, in order."""
    found: list[Quoted] = []
    stack: list[tuple[int, str]] = []
    skip: int | None = None
    para_start = 0
    i, n = 0, len(text)
    while (stop := _STOPS.search(text, i)) is not None:  # the next line break or mark
        i = stop.start()
        ch = text[i]
        if ch == "\n" and stack and _soft_wrap(text, i):
            i += 1  # a line wrapped mid-sentence: the quotation goes on
            continue
        if ch == "\n":
            if stack:
                skip = _paragraph_end(text, i, para_start, stack, found)
                if skip is None:
                    stack = []
            para_start = i + 1
        elif ch in _MARKS and i == skip:
            i += 2 if text[i : i + 2] in _DOUBLED else 1  # the mark reopening the quotation
            continue
        elif ch in _MARKS:
            width = 2 if text[i : i + 2] in _DOUBLED else 1
            if width == 2 and text[i + 2 : i + 3] == ch and stack and stack[-1][1] == ch:
                width = 1  # ''' closing 'inner' then ''outer'': the single one closes first
            mark = '"' if width == 2 else ch
            kind = _classify(text, i, stack, width, mark)
            if kind == "open":
                stack.append((i, mark))
            elif kind == "close":
                fam = _family(mark)
                depths = [k for k, (_, c) in enumerate(stack) if _family(c) == fam]
                if not depths:  # a closing mark of a family nothing opened: stray
                    i += width
                    continue
                depth = depths[-1]
                opened = stack[depth][0]
                del stack[depth:]
                if not stack:
                    found.append(Quoted(opened, text_start(text, opened), i, i + width))
            i += width
            continue
        i += 1
    if stack:
        _paragraph_end(text, n, para_start, stack, found, last=True)
    return found


def _soft_wrap(text: str, i: int) -> bool:
    """A single line break inside a sentence ("… to participate personally\nin caucuses"): the
    line before ends mid-sentence and the next goes on in lower case."""
    before = text[max(0, i - 1) : i]
    after = text[i + 1 : i + 2]
    return before.isalpha() and after.isalpha() and after.islower()


def _paragraph_end(
    text: str, i: int, para_start: int, stack: list[tuple[int, str]], found: list[Quoted],
    last: bool = False,
) -> int | None:
    """At a line break with marks open: continue into the next paragraph or close here.

    Returns the position of the next paragraph's opening mark to skip when the quotation goes
    on, else None (and the stack is to be cleared).
    """
    opened, ch = stack[0]
    lead = text[para_start:opened].strip()
    # a quotation goes on into the next paragraph only when it opened a sentence or followed a
    # colon or comma: "X said the plan was “flawed" mid-sentence is a mark left unclosed
    if not last and (not lead or lead[-1] in ":.!?,;—–-"):
        j = i
        while j < len(text) and text[j].isspace():
            j += 1
        width = 2 if text[j : j + 2] in _DOUBLED else 1  # ''reopened as the first was
        reopened = '"' if width == 2 else text[j : j + 1]
        if (j < len(text) and text[j] in _MARKS and _family(reopened) == _family(ch)
                and _classify(text, j, [], width, reopened) == "open"):
            del stack[1:]
            return j
    body = text[opened + 1 : i]
    if (not lead or lead.endswith(":")) and len(body.split()) >= 3:
        end = i
        while end > opened + 1 and text[end - 1].isspace():
            end -= 1
        found.append(Quoted(opened, opened + 1, end, end, closed=False))
    return None


# words whose full stop never ends a sentence (titles before a name, initials) ...
_TITLES = frozenset("""mr mrs ms dr prof gen lt col maj capt sgt cmdr adm gov sen rep rev st mt
    sens reps govs gens messrs mme vs no nos del""".split())  # noqa: SIM905
# ... and those whose full stop ends one only when a quotation opens after it ("in the U.S. “…")
_ABBREVIATIONS = frozenset("""jan feb mar apr jun jul aug sep sept oct nov dec inc ltd corp co jr
    sr etc approx dept univ ave blvd e.g i.e u.s u.k u.n a.m p.m d.c""".split())  # noqa: SIM905
_WORD_BEFORE = re.compile(r"(?:^|[^\w.])([\w.]+)$")


class QuoteMap:
    """The quoted passages of a text, with look-ups for the frames around them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.passages = find_quoted(text)
        self._opens = [p.open for p in self.passages]

    def inside(self, pos: int) -> bool:
        """Whether a character offset lies within a quoted passage (marks included)."""
        k = bisect.bisect_right(self._opens, pos) - 1
        return k >= 0 and pos < self.passages[k].close

    def paragraph(self, pos: int) -> tuple[int, int]:
        """The line (paragraph) holding ``pos``."""
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def clause_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts (full stops inside quotations ignored)."""
        para_start, _ = self.paragraph(pos)
        k = pos - 1
        while k >= para_start:
            if self.text[k] in ".!?" and not self.inside(k) and self._boundary(k):
                return k + 1
            k -= 1
        return para_start

    def clause_end(self, pos: int) -> int:
        """Where the sentence going on at ``pos`` ends, or where the next quotation opens."""
        _, para_end = self.paragraph(pos)
        k = bisect.bisect_left(self._opens, pos)
        while k < len(self._opens) and self._is_label(self.passages[k]):
            k += 1  # a quoted name inside the clause ("wearing “Vote Lee” pins") goes on with it
        stop = min(para_end, self._opens[k]) if k < len(self._opens) else para_end
        for m in re.finditer(r"[.!?]", self.text[pos:stop]):
            if not self.inside(pos + m.start()) and self._boundary(pos + m.start()):
                return pos + m.end()
        return stop

    def _is_label(self, p: Quoted) -> bool:
        """A short quoted name inside a sentence: two to four capitalised words, no punctuation,
        a lower-case word after it."""
        words = self.text[p.start : p.end].split()
        after = self.text[p.close : p.close + 2].lstrip()
        if len(words) == 1 and words[0].isalpha() and words[0][:1].isupper():
            # a nickname inside a name: Del. Marcia “Cia” Price
            before = self.text[max(0, p.open - 30) : p.open].split()
            return bool(before) and before[-1][:1].isupper() and before[-1].isalpha() and (
                self.text[p.close : p.close + 1] == " " and after[:1].isupper())
        return (2 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)
                and after[:1].islower())

    def _boundary(self, k: int) -> bool:
        nxt = self.text[k + 1 : k + 2]
        if nxt and not nxt.isspace():
            return False
        if self.text[k] != ".":
            return True
        m = _WORD_BEFORE.search(self.text[max(0, k - 12) : k])
        word = m.group(1).casefold() if m else ""
        if word in {"no", "nos"}:
            return not self.text[k + 1 : k + 3].lstrip()[:1].isdigit()  # "No. 1", not "no."
        if len(word) == 1 and word.isalpha() or word in _TITLES:
            return False  # "Sen. Smith", "John F. Kennedy"; not "on June 4."
        if word in _ABBREVIATIONS:
            after = self.text[k + 1 : k + 4].lstrip()
            return after[:1] in _MARKS  # "… in the U.S. “We …" ends the sentence
        return True
