"""Quotations in one article: direct and reported, with speaker, cue and channel.

Direct quotations come from paired quotation marks (:mod:`.quote_marks`). Each is attributed
from its frame, in this order:

1. the words after it in the same sentence (“…,” said X / “…,” X told Interfax. / “…” ― X);
2. the words before it ending with a colon, a comma or "that" (X said: “…” / X added, “…”),
   or a speech verb right before it (X declared “…”);
3. a speech verb the quoted words hang from (X called the plan “a gamble”): the quotation is
   then reported with the verb's object around the fragment;
4. otherwise a quotation that opens a sentence continues the previous attributed quotation of
   the same or the next paragraph, when no other person is named in between.

“First part,” X said, “second part.” is one quotation. Unattributed scare quotes and quoted
titles ("the daily “Den”") are dropped. Reported speech comes from cue verbs with a content
clause (X said [that] …, X warned …), with an object (X urged Y to …, X denied the report),
from "according to X", from "…, X quoted him as saying." and from transcript lines ("SMITH:
…"). A reported clause holding a direct fragment replaces the fragment. Pronoun and titled
speakers ("he", "the minister") keep their own span and get their antecedent's name as
``speaker_label``; quoted words are never taken as antecedents.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.language.entities import antecedent
from storyline.language.quote_marks import Quoted, QuoteMap
from storyline.language.speech import (
    DIRECT_CUES,
    OBJECT_CUES,
    REPORT_CUES,
    REQUEST_CUES,
    according_channel,
    according_content,
    channel_range,
    cue_range,
    is_cue,
    mention_for,
    nearest_mention_token,
    only_modifiers,
    reported_content,
    speaker_of,
    speaker_range,
)
from storyline.model.ids import content_id
from storyline.model.records import Article, Mention, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_quotes"]

_MIN_FRAGMENT_WORDS = 8  # an unattributed quotation inside a sentence needs this many words
_MIN_SENTENCE_WORDS = 3
_DASHES = frozenset({"―", "—", "–", "-", "--"})


@dataclass
class _Draft:
    content: tuple[int, int]
    direct: bool
    speaker: tuple[int, int] | None = None
    label: str | None = None
    mention: Mention | None = None
    cue: tuple[int, int] | None = None
    channel: tuple[int, int] | None = None
    cue_i: int | None = None
    opens_sentence: bool = False
    frame_end: int = 0
    passage: Quoted | None = None


class _Context:
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
        self.sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
        self.subjects = frozenset(t.idx for t in doc if t.dep_ in {"nsubj", "nsubjpass"})
        self._tok_starts = [t.idx for t in doc]

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens starting in ``[start, end)`` and outside quotations."""
        lo = bisect.bisect_left(self._tok_starts, start)
        hi = bisect.bisect_left(self._tok_starts, end)
        return [t for t in self.doc[lo:hi] if not self.inside(t.idx) and not t.is_space]

    def token_at(self, pos: int) -> Token | None:
        k = bisect.bisect_right(self._tok_starts, pos) - 1
        return self.doc[k] if 0 <= k < len(self.doc) else None

    def speaker(self, tok: Token) -> tuple[tuple[int, int], str, Mention | None]:
        """The speaker's span, its words and its mention (when there is one)."""
        mention = mention_for(tok, self.mentions)
        if mention is None:
            start, end = speaker_range(tok, self.inside)
            return (start, end), self.text[start:end], None
        return (mention.span.start, mention.span.end), mention.span.text(self.text), mention

    def resolve(self, mention: Mention, exclude: list[tuple[int, int]]) -> str | None:
        """The name a pronoun or titled speaker stands for, if it can be found."""
        ante = antecedent(mention, self.mentions, self.text, self.sentences, self.subjects,
                          exclude)
        return ante.span.text(self.text) if ante is not None else None


def find_quotes(article: Article, doc: Doc, mentions: tuple[Mention, ...]) -> tuple[Quote, ...]:
    """Direct and reported quotations in the article, in text order."""
    ctx = _Context(article, doc, mentions)
    drafts = [_direct(ctx, p) for p in ctx.passages]
    drafts = [d for d in drafts if d is not None]
    drafts = _join_interrupted(ctx, drafts) + _transcript(ctx)
    drafts = _add_reported(ctx, drafts)
    drafts = _continue_speakers(ctx, drafts)
    quoted = [d.content for d in drafts] + [(p.open, p.close) for p in ctx.passages]
    for d in drafts:
        if d.mention is not None and d.mention.kind in {"pronoun", "title"}:
            d.label = ctx.resolve(d.mention, quoted) or d.label
    out: dict[tuple[int, int], Quote] = {}
    for d in drafts:
        if d.speaker is None and not _keep_unattributed(ctx, d):
            continue
        start, end = d.content
        if end <= start or d.content in out:
            continue
        speaker = _span(article.id, d.speaker)
        out[d.content] = Quote(
            id=content_id("q", article.id, start, end),
            content=Span(article.id, start, end),
            direct=d.direct,
            speaker=speaker,
            speaker_label=d.label if speaker is not None else None,
            cue=_span(article.id, d.cue),
            channel=_span(article.id, d.channel),
        )
    return tuple(sorted(out.values(), key=lambda q: (q.content.start, q.content.end)))


def _span(article_id: str, rng: tuple[int, int] | None) -> Span | None:
    """A span for a character range, or None when the range is missing or empty."""
    return Span(article_id, *rng) if rng is not None and 0 <= rng[0] < rng[1] else None


# --------------------------------------------------------------------------- direct


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _direct(ctx: _Context, p: Quoted) -> _Draft | None:
    text = ctx.text
    start, end = _trim(text, p.start, p.end)
    if not any(c.isalpha() for c in text[start:end]):
        return None
    clause = ctx.clause_start(p.open)
    lead = text[clause : p.open].strip()
    if lead and _is_name(ctx, start, end):
        return None
    draft = _Draft((start, end), True, opens_sentence=not lead or lead.endswith(":"),
                   frame_end=p.close, passage=p)
    cue = _after(ctx, p) or _before(ctx, p, clause)
    if cue is None:
        cue = _governor(ctx, p)
        if cue is not None and reported_content(cue[0], ctx.inside) is None:
            wider = _complement(ctx, cue[0], p)
            if wider is not None and _words_outside(ctx, wider) >= 2:
                draft.content, draft.direct = wider, False
    if cue is not None:
        _attach(ctx, draft, *cue)
    return draft


def _complement(ctx: _Context, cue: Token, p: Quoted) -> tuple[int, int] | None:
    """What a cue says about its object, with the quoted fragment in it: called X “Y”."""
    right = [c for c in cue.rights if not c.is_punct and c.dep_ not in {"prt", "cc", "conj"}]
    holder = next((c for c in right if c.left_edge.idx <= p.start < c.right_edge.idx + 1), None)
    if holder is None:
        return None
    first = right[0]
    start = first.left_edge.idx
    last = holder.right_edge
    end = max(last.idx + len(last.text), p.close)
    if start > p.open or "\n" in ctx.text[start:end]:
        return None
    return _trim(ctx.text, start, end)


def _is_name(ctx: _Context, start: int, end: int) -> bool:
    """A quoted title or name inside a sentence: the daily “Den”, operation “Lionheart”."""
    words = ctx.text[start:end].split()
    if any(m.kind == "name" and (m.span.start, m.span.end) == (start, end)
           for m in ctx.mentions):
        return True
    return (len(words) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
            and not re.search(r"[.!?,;:]$", ctx.text[start:end]) and len(words) < 3
            or all(w[:1].isupper() for w in words[1:]) and len(words) >= 2)


def _attach(ctx: _Context, draft: _Draft, cue: Token, speaker: Token | None,
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


def _after(ctx: _Context, p: Quoted) -> tuple[Token, Token | None, Token | None] | None:
    """“…,” said X. / “…,” X told Interfax. / “…!” he said."""
    end = ctx.clause_end(p.close)
    toks = ctx.tokens(p.close, end)
    words = [t for t in toks if not t.is_punct]
    if not words:
        return None
    inner = ctx.text[p.start : p.end].rstrip()
    new_sentence = inner.endswith((".", "!", "?")) and words[0].text[:1].isupper()
    if toks[0].text in _DASHES and len(words) <= 8:
        named = mention_for(words[0], ctx.mentions)
        if named is not None and named.kind == "name":
            return words[0], words[0], None  # “…” ― Julie Smith
    for k, tok in enumerate(words):
        if not is_cue(tok, DIRECT_CUES):
            continue
        if k >= 6:
            subj = speaker_of(tok, ctx.inside)[0]
            lead = {t.i for t in subj.subtree} if subj is not None else set()
            if not all(t.i in lead or t.pos_ == "ADV" for t in words[:k]):
                return None
        if new_sentence and (k > 3 or toks[-1].text in {",", ":"} or any(
                c.dep_ == "ccomp" and not ctx.inside(c.idx) for c in tok.children)):
            return None  # a new sentence that reports something else or opens a quotation
        speaker, via = speaker_of(tok, ctx.inside)
        if speaker is None:
            speaker = nearest_mention_token(toks, tok, ctx.mentions)
        return (tok, speaker, via) if speaker is not None else None
    return None


def _before(
    ctx: _Context, p: Quoted, clause: int
) -> tuple[Token, Token | None, Token | None] | None:
    """X said: “…” / X added, “…” / X said that “…” / According to X, “…”."""
    toks = ctx.tokens(clause, p.open)
    if not toks and clause == ctx.paragraph(p.open)[0] and clause > 0:
        prev = ctx.text[:clause].rstrip()
        if prev.endswith(":"):
            toks = ctx.tokens(ctx.clause_start(len(prev) - 1), len(prev))
    if not toks:
        return None
    last = toks[-1].text
    if is_cue(toks[-1], DIRECT_CUES) and toks[-1].lower_ != "according":
        speaker, via = speaker_of(toks[-1], ctx.inside)
        if speaker is not None:
            return toks[-1], speaker, via  # X declared “…”
    if last == ":":
        window = toks
    elif last in {",", "that", "–", "—"}:
        window = [t for t in toks[-10:] if only_modifiers(t, toks)]
    else:
        return None
    for tok in reversed(window):
        if is_cue(tok, DIRECT_CUES):
            speaker, via = speaker_of(tok, ctx.inside)
            if speaker is None and tok.lower_ != "according":
                speaker = nearest_mention_token(toks, tok, ctx.mentions)
            return tok, speaker, via
    if last == ":":
        head = toks[-2] if len(toks) >= 2 else None
        named = mention_for(head, ctx.mentions) if head is not None else None
        if named is not None and named.kind != "pronoun" and all(
                named.span.start <= t.idx < named.span.end for t in toks[:-1]):
            return toks[-1], head, None  # Lindqvist: “…”
        ids = {t.i for t in toks}
        for root in (t for t in toks if t.head.i not in ids or t.head.i == t.i):
            subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None and subj.i in ids and mention_for(subj, ctx.mentions):
                return toks[-1], subj, None  # X was blunt: “…” (the colon is the cue)
    return None


def _governor(ctx: _Context, p: Quoted) -> tuple[Token, Token | None, Token | None] | None:
    """A speech verb the quoted words depend on: X spoke of “realistic” expectations."""
    first = ctx.token_at(p.start)
    if first is None:
        return None
    sent = first.sent
    inner = [t for t in ctx.doc[first.i : sent.end] if p.start <= t.idx < p.end]
    if any(t.dep_ in {"nsubj", "nsubjpass"} and not p.start <= t.head.idx < p.end
           for t in inner):
        return None  # the quoted words name the speaker (the daily “Den” reported)
    exits = [t.head for t in inner if not ctx.inside(t.head.idx)]
    for head in exits:
        for _ in range(5):
            if is_cue(head, DIRECT_CUES) and not ctx.inside(head.idx):
                speaker, via = speaker_of(head, ctx.inside)
                return (head, speaker, via) if speaker is not None else None
            if head.head.i == head.i:
                break
            head = head.head
    return None


_SPEAKER_LINE = re.compile(
    r"^[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*)", re.M)
_NOT_SPEAKER_LINES = frozenset({
    "update", "note", "editor", "photo", "photos", "source", "sources", "watch", "read",
    "related", "correction", "status", "video", "tags", "tag", "image", "images", "credit",
    "copyright", "warning", "breaking", "live", "more", "also", "see", "advertisement",
})


def _transcript(ctx: _Context) -> list[_Draft]:
    """Interview transcripts and headlines: "WALLACE: …", "Pence: …"."""
    out = []
    for m in _SPEAKER_LINE.finditer(ctx.text):
        name, (start, end) = m.group(1), m.span(2)
        if name.split()[0].casefold() in _NOT_SPEAKER_LINES or ctx.inside(start):
            continue
        tok = ctx.token_at(m.start(1))
        mention = mention_for(tok, ctx.mentions) if tok is not None else None
        person = mention is not None and mention.label == "PERSON" and mention.kind == "name"
        if not (person or (name.isupper() and len(name) >= 3 and " " not in name)):
            continue
        content = _trim(ctx.text, start, end)
        if len(ctx.text[content[0] : content[1]].split()) < 3:
            continue
        colon = m.end(1) + ctx.text[m.end(1) : start].index(":")
        spk = (mention.span.start, mention.span.end) if person else m.span(1)
        out.append(_Draft(content, False, spk, ctx.text[spk[0] : spk[1]],
                          mention if person else None, (colon, colon + 1),
                          frame_end=content[1]))
    return out


def _join_interrupted(ctx: _Context, drafts: list[_Draft]) -> list[_Draft]:
    """“First part,” X said, “second part.” is one quotation: both parts share their cue."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and prev.direct and d.direct and d.cue_i is not None
                and d.cue_i == prev.cue_i and "\n" not in ctx.text[prev.content[1] : d.content[0]]):
            prev.content = (prev.content[0], d.content[1])
            prev.frame_end = max(prev.frame_end, d.frame_end)
            if prev.passage is not None and d.passage is not None:
                prev.passage = Quoted(prev.passage.open, prev.passage.start, d.passage.end,
                                      d.passage.close)
            continue
        out.append(d)
    return out


# --------------------------------------------------------------------------- reported


def _add_reported(ctx: _Context, drafts: list[_Draft]) -> list[_Draft]:
    """Reported speech; a reported clause holding a direct fragment replaces the fragment."""
    out = list(drafts)
    for tok in ctx.doc:
        if ctx.inside(tok.idx):
            continue
        if tok.lower_ == "according":
            if not any(c.lower_ == "to" for c in tok.children):
                continue
            if is_cue(tok.head, REPORT_CUES) and speaker_of(tok.head, ctx.inside)[0] is not None:
                continue  # a channel: "said X, according to Interfax"
            content = according_content(tok, ctx.doc)
        elif is_cue(tok, REPORT_CUES | REQUEST_CUES | OBJECT_CUES) or tok.lemma_ == "quote":
            content = reported_content(tok, ctx.inside)
        else:
            continue
        speaker, via = speaker_of(tok, ctx.inside)
        if speaker is None:
            continue
        weak = tok.lemma_.lower() not in REPORT_CUES and tok.lower_ != "according"
        if weak and mention_for(speaker, ctx.mentions) is None:
            continue  # "a campaign designed to blame …" reports nothing
        if content is None:
            content = _fronted(ctx, tok, speaker, via)
        if content is None:
            continue
        content = _trim(ctx.text, *content)
        for d in out:
            p = d.passage
            if d.direct and p and content[0] <= p.open < content[1] < p.close:
                content = (content[0], p.close)  # a clause ending inside a quoted fragment
        inner = [d for d in out if d.direct and _overlap(d.content, content)]
        whole = [d for d in inner if d.opens_sentence and d.passage is not None]
        if whole:  # X said …: “…” keeps its quotation; the clause stops before it
            content = _trim(ctx.text, content[0], min(d.passage.open for d in whole))
            inner = [d for d in out if d.direct and _overlap(d.content, content)]
            if _words_outside(ctx, content) < 3:
                continue
        if any(not _contains(content, d.passage) for d in inner):
            continue
        outside = _words_outside(ctx, content)
        if inner and outside < 2:
            continue
        for d in inner:
            out.remove(d)
        draft = _Draft(content, False, frame_end=content[1])
        _attach(ctx, draft, tok, speaker, via)
        out.append(draft)
    return sorted(out, key=lambda d: d.content)


def _fronted(
    ctx: _Context, cue: Token, speaker: Token, via: Token | None
) -> tuple[int, int] | None:
    """"…, RIA quoted him as saying." / "…, he added.": the words before the closing frame."""
    frame = [cue, *speaker.subtree, *(via.subtree if via is not None else ())]
    if cue.lemma_ == "quote" or cue.head.lemma_ == "quote":
        verb = cue if cue.lemma_ == "quote" else cue.head.head
        frame += list(verb.subtree)
    first = min(t.i for t in frame)
    sent = cue.sent
    if first <= sent.start or ctx.doc[first - 1].text != ",":
        return None
    tail = [t for t in ctx.doc[first : sent.end] if not t.is_punct and not t.is_space]
    if len(tail) > 8 or any(t.pos_ == "VERB" and t.i != cue.i and t.lemma_ not in {"quote", "say"}
                            for t in tail):
        return None
    start, end = _trim(ctx.text, sent.start_char, ctx.doc[first - 1].idx)
    if any(ctx.inside(i) for i in (start, end - 1)) or _words_outside(ctx, (start, end)) < 4:
        return None
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _contains(outer: tuple[int, int], p: Quoted | None) -> bool:
    return p is not None and outer[0] <= p.open and p.close <= outer[1] + 1


def _words_outside(ctx: _Context, span: tuple[int, int]) -> int:
    return sum(1 for t in ctx.tokens(span[0], span[1]) if t.is_alpha)


# --------------------------------------------------------------------------- continuation


def _continue_speakers(ctx: _Context, drafts: list[_Draft]) -> list[_Draft]:
    """A sentence-opening quotation without a frame continues the previous speaker."""
    out: list[_Draft] = []
    prev: _Draft | None = None
    for d in drafts:
        if (d.speaker is None and d.direct and d.opens_sentence and prev is not None
                and _may_continue(ctx, prev, d)):
            d = replace(d, speaker=prev.speaker, label=prev.label, mention=prev.mention)
        if d.speaker is not None:
            prev = d
        out.append(d)
    return out


def _may_continue(ctx: _Context, prev: _Draft, d: _Draft) -> bool:
    gap_start, gap_end = prev.frame_end, d.content[0]
    if gap_end < gap_start:
        return False
    paragraphs = ctx.text[gap_start:gap_end].count("\n")
    if paragraphs > 2 or (paragraphs == 2 and "\n\n" not in ctx.text[gap_start:gap_end]):
        return False
    return not any(
        m.label == "PERSON" and m.kind == "name" and gap_start <= m.span.start < gap_end
        for m in ctx.mentions
    )


def _keep_unattributed(ctx: _Context, d: _Draft) -> bool:
    words = len(re.findall(r"\w+", ctx.text[d.content[0] : d.content[1]]))
    if d.opens_sentence:
        return words >= _MIN_SENTENCE_WORDS
    return words >= _MIN_FRAGMENT_WORDS
