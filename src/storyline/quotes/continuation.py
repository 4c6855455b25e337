"""Quotations without a frame of their own: carried-over speakers and what to keep.

A quotation that opens a sentence without a frame continues the previous attributed quotation
of the same or the next paragraph, when no other person is named in between; failing that, it
is the words of the person the sentence before it (in the same paragraph) is about. Unattributed
quotations are kept only when long enough to be speech rather than scare quotes. A frame set off
by commas inside what it reports is left out of the content's parts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.quotes.frame import Context, Draft, overlap, trim
from storyline.quotes.speech import may_speak, mention_for, speaker_of

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "MIN_FRAGMENT_WORDS", "continue_speakers", "drop_nested", "join_same_cue",
    "keep_unattributed", "leave_out_frame", "merge_runs",
]

MIN_FRAGMENT_WORDS = 8  # an unattributed quotation inside a sentence needs this many words
_MIN_SENTENCE_WORDS = 3


def continue_speakers(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """A sentence-opening quotation without a frame continues the previous speaker."""
    out: list[Draft] = []
    prev: Draft | None = None
    for d in drafts:
        if (d.speaker is None and d.direct and d.opens_sentence and prev is not None
                and _may_continue(ctx, prev, d)):
            d = replace(d, speaker=prev.speaker, label=prev.label, mention=prev.mention,
                        continued=True)
        elif d.speaker is None and d.direct and d.opens_sentence:
            subj = _previous_subject(ctx, d)
            if subj is not None:
                d = replace(d, continued=True)
                d.speaker, d.label, d.mention = ctx.speaker(subj)
        if d.speaker is not None and not (prev is not None and _in_frame_sentence(ctx, prev, d)):
            prev = d  # a report made in the frame sentence does not take the quotation's place
        out.append(d)
    return out


def _in_frame_sentence(ctx: Context, first: Draft, report: Draft) -> bool:
    """Whether a report lies after a direct quotation, in the sentence of its frame ("“A,” Lee
    said, adding that …", "“A,” said Lee, who noted that …")."""
    if not first.direct or report.direct or first.speaker is None:
        return False
    frame = next((e for s, e in ctx.sentences if s <= first.frame_end - 1 < e), None)
    return frame is not None and first.content[1] <= report.content[0] and (
        report.content[1] <= frame + 1)


def _previous_subject(ctx: Context, d: Draft) -> Token | None:
    """The person the sentence before an unframed quotation is about, in the same paragraph."""
    start = d.passage.open if d.passage is not None else d.content[0]
    before = [s for s in ctx.sentences if s[1] <= start + 1 and s[0] < start]
    if not before:
        return None
    s0, s1 = before[-1]
    if "\n" in ctx.text[s0:start]:
        return None
    roots = [t for t in ctx.tokens(s0, s1) if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return None
    subj, _ = speaker_of(roots[0], ctx.inside)
    if subj is None:
        return None
    m = mention_for(subj, ctx.mentions)
    if m is not None and m.label == "PERSON" or m is None and may_speak(subj):
        return subj
    return None


def _may_continue(ctx: Context, prev: Draft, d: Draft) -> bool:
    gap_start, gap_end = prev.frame_end, d.content[0]
    if gap_end < gap_start:
        return False
    paragraphs = ctx.text[gap_start:gap_end].count("\n")
    if paragraphs == 0:
        return True  # an unframed quotation later in the paragraph goes on with its speaker
    if paragraphs > 2 or (paragraphs == 2 and "\n\n" not in ctx.text[gap_start:gap_end]):
        return False
    if not (prev.direct or _ends_quoted(ctx, prev)):
        return False  # a paraphrase does not carry its speaker into the next paragraph
    # names in the rest of the frame sentence ("…,” Lee said, saying Ames would …") are
    # what the same speaker talks about, not a new speaker
    frame = next((e for s, e in ctx.sentences if s <= max(gap_start - 1, 0) < e), gap_start)
    return not any(
        m.label == "PERSON" and m.kind == "name" and max(gap_start, frame) <= m.span.start < gap_end
        for m in ctx.mentions
    )


def merge_runs(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Back-to-back quotations of one speaker become one quotation in parts.

    “A,” X said. “B.” is one utterance in two parts, as attribution corpora annotate it: the
    content runs from the first part to the last, and the parts leave the frame out. A
    direct quotation takes the quotation carried over after it (in the same paragraph, or
    opening the next one right after the frame sentence); otherwise parts are joined only when
    the later one names the same speaker span, and nothing else is quoted in between. A report
    made in the frame sentence (“A,” she said, adding that …. “B.”) stays an attribution of its
    own between the parts.
    """
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: d.content):
        prev = out[-1] if out else None
        if prev is not None and _same_run(ctx, prev, d):
            prev.absorb(d)
            continue
        first = _before_frame_reports(ctx, out) if d.continued else None
        if first is not None and d.speaker == first.speaker and (
                _only_frame_between(ctx, first, d)):
            first.absorb(d)  # “A,” she said, adding that …. “B.”: the reports stay apart
            continue
        out.append(d)
    return out


def _before_frame_reports(ctx: Context, out: list[Draft]) -> Draft | None:
    """The quotation before the reports that end ``out``, when they are all made in its own
    frame sentence ("“A,” Lee said, noting he would support …")."""
    k = len(out) - 1
    while k >= 0 and not out[k].direct:
        k -= 1  # back over the reports
    if k < 0 or k == len(out) - 1:
        return None
    first = out[k]
    return first if all(_in_frame_sentence(ctx, first, r) for r in out[k + 1 :]) else None


def _same_run(ctx: Context, prev: Draft, d: Draft) -> bool:
    if not d.direct or d.passage is None or prev.speaker is None or d.content[0] < prev.content[1]:
        return False
    if d.continued and d.speaker == prev.speaker:
        return (prev.direct or _ends_quoted(ctx, prev)) and _only_frame_between(ctx, prev, d)
    gap = ctx.text[prev.content[1] : d.content[0]]
    if "\n" in gap or ":" in gap and not (prev.direct or _ends_quoted(ctx, prev)):
        return False  # "A, X said: “B.”" -- a paraphrase, then the quotation it introduces
    return (
        d.speaker == prev.speaker and d.cue is not None and prev.cue is not None
        and prev.content[1] <= prev.cue[0] and d.cue[1] <= prev.frame_end + 1
    )


def _ends_quoted(ctx: Context, d: Draft) -> bool:
    """A reported clause ending with a quoted fragment before its frame: 'The plan is “dead,”
    she said.' goes on like a direct quotation."""
    return d.cue is not None and d.content[1] <= d.cue[0] and any(
        q.close == d.content[1] and d.content[0] < q.open for q in ctx.passages)


def _only_frame_between(ctx: Context, prev: Draft, d: Draft) -> bool:
    """Nothing but the earlier part's frame sentence (and one paragraph break) lies between."""
    gap_start, gap_end = prev.content[1], d.content[0]
    if ctx.text.count("\n", gap_start, gap_end) > 2:
        return False
    at = max(gap_start, prev.frame_end - 1)
    frame_end = max(next((e for s, e in ctx.sentences if s <= at < e), gap_start),
                    ctx.clause_end(at))  # the parse may end it at a title ("Lt. Ann Lee")
    return not any(t.is_alpha for t in ctx.tokens(max(frame_end, gap_start), gap_end))


def drop_nested(drafts: list[Draft]) -> list[Draft]:
    """Attributions inside another one's content, cue and all, are part of what it reports.

    "X said she expects the board “to act”": X's clause is the attribution; "expects" inside it
    is not a second one (one token belongs to one attribution, as corpora annotate it).
    """
    def inside(d: Draft, o: Draft) -> bool:
        return (o is not d and d.cue is not None and o.content[0] <= d.content[0]
                and d.content[1] <= o.content[1] and o.content != d.content
                and any(a <= d.cue[0] and d.cue[1] <= b for a, b in o.pieces()))

    return [d for d in drafts if not any(inside(d, o) for o in drafts)]


def join_same_cue(drafts: list[Draft]) -> list[Draft]:
    """Overlapping drafts of one cue are one attribution: the longest content wins.

    Each quoted fragment of 'called him a “liar,” a “bully” and “unfit.”' is attributed from the
    same cue and may close the clause at a different mark; they report one thing.
    """
    where: dict[tuple[int, int], int] = {}  # cue -> index in out
    out: list[Draft] = []
    for d in drafts:
        i = where.get(d.cue) if d.cue is not None else None
        if i is not None and overlap(out[i].content, d.content):
            if d.content[1] - d.content[0] > out[i].content[1] - out[i].content[0]:
                out[i] = d
            continue
        if d.cue is not None:
            where[d.cue] = len(out)
        out.append(d)
    return out


def keep_unattributed(ctx: Context, d: Draft) -> bool:
    """Whether a quotation without a speaker is long enough to be speech, not scare quotes."""
    words = len(re.findall(r"\w+", ctx.text[d.content[0] : d.content[1]]))
    if d.opens_sentence:
        return words >= _MIN_SENTENCE_WORDS
    return words >= MIN_FRAGMENT_WORDS


_LEADING_AND = re.compile(r"(?:and|but)\s+(?=[“\"‘'])")


def leave_out_frame(ctx: Context, d: Draft) -> Draft:
    """A frame set off by commas inside what it reports is not part of it: "This campaign, he
    says, is different" and 'Oz is “smart,” Lee wrote in an email, and “tireless.”' report
    the words around the frame, in two parts."""
    if d.parts or d.cue is None or d.speaker is None:
        return d
    start, end = d.content
    lo, hi = min(d.cue[0], d.speaker[0]), max(d.cue[1], d.speaker[1])
    if not (start < lo and hi < end):
        return d
    text = ctx.text
    before, after = text.rfind(",", start, lo), text.find(",", hi, end)
    if before <= start or after < 0 or ctx.inside(after) or any(
            before < p.open < after for p in ctx.passages):
        return d
    head_end = before
    if ctx.inside(before):  # 'is “smart,” Lee wrote': the comma closes a quoted fragment
        if text[before + 1 : before + 2] not in {"”", '"', "’", "'"}:
            return d
        head_end = before + 2
    head, tail = trim(text, start, head_end), trim(text, after + 1, end)
    if (lead := _LEADING_AND.match(text, tail[0], tail[1])) is not None:
        tail = (lead.end(), tail[1])  # '…, and “tireless.”': the conjunction joins the parts
    if head[1] > head[0] and tail[1] > tail[0]:
        d.parts = [head, tail]
    return d
