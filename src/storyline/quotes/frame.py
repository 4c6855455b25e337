"""Shared state for quotation attribution: the draft quotation and the article context.

A :class:`Draft` is a quotation being attributed (content range, speaker, cue, channel); the
:class:`Context` holds the article, its parse, its mentions and the quotation-mark map, with the
look-ups every attribution step uses. :func:`attach` fills a draft from a cue token. Ranges are
``(start, end)`` character offsets into the article text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.common.quote_marks import Quoted, QuoteMap
from storyline.language.coreference import antecedent
from storyline.language.nlp import tokens_among
from storyline.model.records import Article, Mention, Span
from storyline.quotes.speech import (
    according_channel,
    channel_range,
    cue_range,
    mention_for,
    relative_antecedent,
    speaker_range,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "TITLE_SMALL_WORDS", "Context", "Draft", "attach", "contains", "overlap", "trim",
    "words_outside",
]

Range = tuple[int, int]
_PERSON_POSSESSIVES = frozenset({"his", "her"})
# words a title-case line or title leaves in lower case ("Tales From the Crypt")
TITLE_SMALL_WORDS = frozenset({
    "a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "from", "with", "at", "by",
    "as", "vs", "into", "over",
})


@dataclass
class Draft:
    """A quotation being attributed."""

    content: Range
    direct: bool
    speaker: Range | None = None
    label: str | None = None
    mention: Mention | None = None
    cue: Range | None = None
    channel: Range | None = None
    cue_i: int | None = None
    opens_sentence: bool = False
    frame_end: int = 0
    passage: Quoted | None = None
    continued: bool = False  # speaker carried over from an earlier quotation
    parts: list[Range] = field(default_factory=list)  # quoted pieces when the frame interrupts

    def pieces(self) -> list[Range]:
        """The quoted pieces: the parts of an interrupted quotation, else the whole content."""
        return self.parts or [self.content]

    def absorb(self, later: Draft) -> None:
        """Take a later piece of the same utterance: “A,” X said. “B.” becomes A and B."""
        self.parts = self.pieces() + later.pieces()
        self.content = (self.content[0], max(self.content[1], later.content[1]))
        self.frame_end = max(self.frame_end, later.frame_end)
        self.direct = self.direct or later.direct


class Context:
    """The article, its parse and mentions, and look-ups shared by the attribution steps."""

    def __init__(self, article: Article, doc: Doc, mentions: tuple[Mention, ...]) -> None:
        self.article = article
        self.text = article.text
        self.doc = doc
        self.mentions = tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end)))
        marks = QuoteMap(self.text)
        self.passages = marks.passages
        self.inside, self.paragraph = marks.inside, marks.paragraph
        self.clause_start, self.clause_end = marks.clause_start, marks.clause_end
        self.sentences = tuple(_split_at_breaks(self.text, doc))
        self._tok_starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
        self.subjects = frozenset(self._tok_starts[k]
                                  for k in tokens_among(doc, "DEP", ("nsubj", "nsubjpass")))
        self._genders: dict[str, str | None] = {}  # gender_of by name: the same text, mentions

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens starting in ``[start, end)`` and outside quotations."""
        lo = bisect.bisect_left(self._tok_starts, start)
        hi = bisect.bisect_left(self._tok_starts, end)
        return [t for t in self.doc[lo:hi] if not self.inside(t.idx) and not t.is_space]

    def token_at(self, pos: int) -> Token | None:
        """The token holding character ``pos`` (or the last one before it)."""
        k = bisect.bisect_right(self._tok_starts, pos) - 1
        return self.doc[k] if 0 <= k < len(self.doc) else None

    def speaker(self, tok: Token) -> tuple[Range, str, Mention | None]:
        """The speaker's span, its words and its mention (when there is one).

        A relative pronoun ("X, who said …") keeps its own span and takes X's words and mention.
        """
        ante = relative_antecedent(tok)
        if ante is not None:
            _, label, mention = self.speaker(ante)
            return (tok.idx, tok.idx + len(tok.text)), label, mention
        mention = mention_for(tok, self.mentions)
        if mention is None and tok.tag_ == "PRP$" and tok.lower_ in _PERSON_POSSESSIVES:
            # "her warning that …": a pronoun the antecedent search can resolve
            mention = Mention(Span(self.article.id, tok.idx, tok.idx + len(tok.text)), "PERSON",
                              "pronoun")
        if mention is None:
            start, end = speaker_range(tok, self.inside)
            return (start, end), self.text[start:end], None
        return (mention.span.start, mention.span.end), mention.span.text(self.text), mention

    def resolve(self, mention: Mention, exclude: list[Range]) -> str | None:
        """The name a pronoun or titled speaker stands for, if it can be found."""
        ante = antecedent(mention, self.mentions, self.text, self.sentences, self.subjects,
                          exclude, genders=self._genders)
        return ante.span.text(self.text) if ante is not None else None


def _split_at_breaks(text: str, doc: Doc) -> list[Range]:
    """The parse's sentences, cut at line breaks: a sentence never runs into the next
    paragraph, whatever the parse says."""
    out: list[Range] = []
    for sent in doc.sents:
        start = sent.start_char
        for m in re.finditer(r"\n\s*", text[sent.start_char : sent.end_char]):
            cut = sent.start_char + m.start()
            if text[start:cut].strip():
                out.append((start, cut))
            start = sent.start_char + m.end()
        if text[start : sent.end_char].strip():
            out.append((start, sent.end_char))
    return out


def attach(ctx: Context, draft: Draft, cue: Token, speaker: Token | None,
           via: Token | None) -> None:
    """Fill in speaker, cue and channel of a draft from a cue token."""
    draft.cue_i = cue.i
    draft.cue = cue_range(cue)
    ends = [draft.frame_end, draft.cue[1]]
    if speaker is not None:
        draft.speaker, draft.label, draft.mention = ctx.speaker(speaker)
        ends.append(draft.speaker[1])
    if via is not None:
        chan = speaker_range(via, ctx.inside)
        draft.channel = (min(chan[0], via.idx), max(chan[1], cue_range(via.head)[1]))
        if via.head.lemma_ == "quote":
            draft.channel = chan
    else:
        draft.channel = channel_range(cue, speaker, ctx.inside)
        if draft.channel is None and cue.lower_ != "according":
            draft.channel = according_channel(cue, ctx.inside)
    if draft.channel:
        ends.append(draft.channel[1])
    draft.frame_end = max(ends)


def trim(text: str, start: int, end: int) -> Range:
    """A range without surrounding spaces or trailing ``,;:``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def overlap(a: Range, b: Range) -> bool:
    """Whether two ranges share a character."""
    return a[0] < b[1] and b[0] < a[1]


def contains(outer: Range, p: Quoted | None) -> bool:
    """Whether a quoted passage, marks included, lies within ``outer``."""
    return p is not None and outer[0] <= p.open and p.close <= outer[1] + 1


def words_outside(ctx: Context, span: Range) -> int:
    """How many words of ``span`` lie outside quotation marks."""
    return sum(1 for t in ctx.tokens(span[0], span[1]) if t.is_alpha)
