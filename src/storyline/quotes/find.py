"""Quotations in one article: direct and reported, with speaker, cue and channel.

The steps live in small modules: quotation marks are paired in :mod:`.quote_marks`, direct
quotations attributed from their frame in :mod:`.quote_direct`, reported speech and transcript
lines found in :mod:`.quote_reported` (fragments joined to the clauses around them in
:mod:`.quote_mixed`), paragraphs quoted after "X said:" in
:mod:`.quote_blocks`, title-case headlines that quote in :mod:`.quote_headline`, and
quotations without a frame carried over in :mod:`.quote_continue`. “First part,” X said,
“second part.” is one quotation in two parts (``Quote.parts``), and so is “First part,” X
said. “Second part.” in the same or the next paragraph, and a paraphrase ending with a quoted
fragment before its frame and the quotation after it; a plain paraphrase and the quotation
after it stay two. A frame set off by commas inside what it reports ("This plan, he said, is
dead") is left out the same way, in two parts. Pronoun and
titled speakers ("he", "the minister") keep their own span and get their antecedent's name as
``speaker_label``; quoted words are never taken as antecedents. Not handled: speakers named
only in a headline or byline, and quotations inside quotations (they stay in their passage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.language.gate import skip_note
from storyline.model.ids import content_id
from storyline.model.records import Article, Mention, Quote, Span
from storyline.quotes.blocks import block_quotes
from storyline.quotes.continuation import (
    continue_speakers,
    drop_nested,
    join_same_cue,
    keep_unattributed,
    leave_out_frame,
    merge_runs,
)
from storyline.quotes.direct import direct_draft, join_interrupted
from storyline.quotes.frame import Context
from storyline.quotes.headline import headline_quote
from storyline.quotes.reported import add_reported, transcript_lines

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_quotes"]


def find_quotes(article: Article, doc: Doc, mentions: tuple[Mention, ...], *,
                unattributed: bool = False) -> tuple[Quote, ...]:
    """Direct and reported quotations in the article whose speaker was found, in text order.

    A quotation with no speaker found is not an attribution: on PolNeAR's training split
    fewer than one in twenty of them is one without a source, the rest have a speaker the
    frame rules missed or are slogans, titles and scare quotes. ``unattributed=True`` keeps
    those long enough to be speech as well (speaker None), as the language stage does: a copy
    of the same words in another article may name the speaker, and the quote groups of
    :mod:`storyline.quotes.groups` carry it over. Texts not in English give none
    (see :func:`storyline.language.gate.skip_note`).
    """
    if skip_note(article) is not None:
        return ()
    ctx = Context(article, doc, mentions)
    drafts = [d for d in (direct_draft(ctx, p) for p in ctx.passages) if d is not None]
    drafts = transcript_lines(ctx, join_interrupted(ctx, drafts)) + block_quotes(ctx)
    drafts = headline_quote(ctx, add_reported(ctx, drafts))
    drafts = join_same_cue(drop_nested(merge_runs(ctx, continue_speakers(ctx, drafts))))
    drafts = [leave_out_frame(ctx, d) for d in drafts]
    quoted = [d.content for d in drafts] + [(p.open, p.close) for p in ctx.passages]
    for d in drafts:
        if d.mention is not None and d.mention.kind in {"pronoun", "title"}:
            d.label = ctx.resolve(d.mention, quoted) or d.label
    out: dict[tuple[int, int], Quote] = {}
    for d in drafts:
        if d.speaker is None and not (unattributed and keep_unattributed(ctx, d)):
            continue
        start, end = d.content
        if end <= start or d.content in out:
            continue
        speaker = _span(article.id, d.speaker)
        parts = [p for p in d.pieces() if start <= p[0] < p[1] <= end]
        out[d.content] = Quote(
            id=content_id("q", article.id, start, end),
            content=Span(article.id, start, end),
            direct=d.direct,
            speaker=speaker,
            speaker_label=d.label if speaker is not None else None,
            cue=_span(article.id, d.cue),
            channel=_span(article.id, d.channel),
            parts=tuple(Span(article.id, *p) for p in parts) if len(parts) > 1 else (),
        )
    return tuple(sorted(out.values(), key=lambda q: (q.content.start, q.content.end)))


def _span(article_id: str, rng: tuple[int, int] | None) -> Span | None:
    """A span for a character range, or None when the range is missing or empty."""
    return Span(article_id, *rng) if rng is not None and 0 <= rng[0] < rng[1] else None
