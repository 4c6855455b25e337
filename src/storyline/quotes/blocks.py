"""Block quotations: a paragraph introduced by a speech frame ending with a colon.

"The governor added:" followed by a paragraph without quotation marks is a quotation of the
governor (transcripts and long excerpts are often set this way). Only the one paragraph right
after the colon is taken; a paragraph opening with a quotation mark is left to
:mod:`.quote_direct`. Not handled: block quotations running over several paragraphs, and frames
without a speech verb ("Here is the statement:").
"""

from __future__ import annotations

from storyline.common.quote_marks import DOUBLE, SINGLE
from storyline.quotes.frame import Context, Draft, attach, trim
from storyline.quotes.speech import DIRECT_CUES, is_cue, speaker_of

__all__ = ["block_quotes"]

_MIN_WORDS = 5


def _colon_line_ends(text: str) -> list[tuple[int, int]]:
    """(colon, end) of each line that ends with a colon (trailing blanks allowed) and a newline.

    ``end`` is the offset just past the newline. Scanned line by line (linear in the text; a
    regex search from every offset of one long line without a colon is quadratic).
    """
    out = []
    start = 0
    while (nl := text.find("\n", start)) >= 0:
        body = text[start:nl].rstrip(" \t")
        if body.endswith(":"):
            out.append((start + len(body) - 1, nl + 1))
        start = nl + 1
    return out


def block_quotes(ctx: Context) -> list[Draft]:
    """Paragraphs quoted after a "X said:" line."""
    text = ctx.text
    out = []
    for colon, start in _colon_line_ends(text):
        if ctx.inside(colon):
            continue
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        content = trim(text, start, len(text) if end < 0 else end)
        body = text[content[0] : content[1]]
        if len(body.split()) < _MIN_WORDS or body[:1] in DOUBLE | SINGLE or ctx.inside(start):
            continue
        toks = ctx.tokens(ctx.clause_start(colon), colon)
        for tok in reversed(toks):
            if is_cue(tok, DIRECT_CUES) and tok.lower_ != "according":
                speaker, via = speaker_of(tok, ctx.inside)
                if speaker is not None:
                    draft = Draft(content, True, opens_sentence=True, frame_end=content[1])
                    attach(ctx, draft, tok, speaker, via)
                    draft.frame_end = content[1]
                    out.append(draft)
                break
    return out
