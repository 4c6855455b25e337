"""Reported (indirect) speech and transcript lines.

Reported speech comes from cue verbs with a content clause (X said [that] …, X warned …), with an
object (X urged Y to …, X denied the report), from "according to X", and from "…, X quoted him
as saying." A reported clause holding a direct fragment replaces the fragment. Transcript lines
("SMITH: …") are quotations of the named speaker. Not handled: reported speech whose speaker is
only in an earlier sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.quotes.frame import (
    Context,
    Draft,
    attach,
    contains,
    overlap,
    trim,
    words_outside,
)
from storyline.quotes.mixed import end_with_fragment, join_mixed
from storyline.quotes.speech import (
    DIRECT_CUES,
    OBJECT_CUES,
    PREP_CUES,
    REPORT_CUES,
    REQUEST_CUES,
    according_content,
    as_quoted_object,
    is_cue,
    mention_for,
    name_before,
    reported_content,
    speaker_of,
    writers_aside,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["add_reported", "transcript_lines"]

_CUES = REPORT_CUES | REQUEST_CUES | OBJECT_CUES | frozenset(PREP_CUES)


_SPEAKER_LINE = re.compile(
    r"^[ \t]*[\"“]?([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*)", re.M)
_GROUP_SPEAKERS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NOT_SPEAKER_LINES = frozenset({
    "update", "note", "editor", "photo", "photos", "source", "sources", "watch", "read",
    "related", "correction", "status", "video", "tags", "tag", "image", "images", "credit",
    "copyright", "warning", "breaking", "live", "more", "also", "see", "advertisement",
})


def transcript_lines(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Interview transcripts and headlines: "WALLACE: …", "Pence: …", "Lee: Plan ‘Reckless’".

    The line after the name is the quotation, quoted fragments and all (the drafts for those
    fragments are dropped).
    """
    out = list(drafts)
    for m in _SPEAKER_LINE.finditer(ctx.text):
        name, (start, end) = m.group(1), m.span(2)
        if name.split()[0].casefold() in _NOT_SPEAKER_LINES:
            continue
        mention = next((x for x in ctx.mentions if m.start(1) <= x.span.start
                        and x.span.end <= m.end(1)), None)
        person = mention is not None and mention.label == "PERSON" and mention.kind == "name"
        content = trim(ctx.text, start, end)
        quoting = any(content[0] <= p.open and p.close <= content[1] for p in ctx.passages)
        if not (person or (name.isupper() and len(name) >= 3 and " " not in name)
                or quoting and (mention is not None and mention.kind == "name"
                                and mention.label in _GROUP_SPEAKERS
                                or _named_elsewhere(ctx, name)
                                or _tagged_as_name(ctx, *m.span(1)))):
            continue  # "Sanders: Clinton needs to ‘get away’ …" (the tagger took him for a group)
        if len(ctx.text[content[0] : content[1]].split()) < 3 or any(
                content[0] <= p.open < content[1] < p.close for p in ctx.passages):
            continue  # a quotation running on past the line is not the line's
        colon = m.end(1) + ctx.text[m.end(1) : start].index(":")
        spk = (mention.span.start, mention.span.end) if person and mention else m.span(1)
        out = [d for d in out if not d.direct or not (
            content[0] <= d.content[0] and d.content[1] <= content[1]  # a fragment of the line
            or d.content[0] <= m.start(1) < d.content[1])]  # a passage holding turns: a transcript
        out.append(Draft(content, False, spk, ctx.text[spk[0] : spk[1]],
                         mention if person else None, (colon, colon + 1),
                         frame_end=content[1]))
    return out


def _tagged_as_name(ctx: Context, start: int, end: int) -> bool:
    """Whether the tagger read every word of a line's label as a proper noun ("Carla Berg: '…'"
    in a headline where the entity recogniser found no one)."""
    toks = ctx.tokens(start, end)
    return bool(toks) and all(t.pos_ == "PROPN" for t in toks)


def _named_elsewhere(ctx: Context, name: str) -> bool:
    """Whether a person named in the article ends with this name ("Sanders": "Bernie Sanders")."""
    return any(m.label == "PERSON" and m.kind == "name" and m.span.text(ctx.text) != name
               and m.span.text(ctx.text).endswith(" " + name) for m in ctx.mentions)


def add_reported(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Reported speech; a reported clause holding a direct fragment replaces the fragment."""
    out = list(drafts)
    for tok in ctx.doc:
        found = None if ctx.inside(tok.idx) or not _may_report(tok) else _report(ctx, tok)
        if found is None:
            continue
        content, speaker, via = found
        content = trim(ctx.text, *content)
        if any(content[1] <= p.open and p.close <= tok.idx for p in ctx.passages):
            continue  # X scolded him: “…” she said. -- the quotation is what was said
        for d in out:
            p = d.passage
            if p and content[0] <= p.open < content[1] < p.close:
                content = (content[0], p.close)  # a clause ending inside a quoted fragment
            if p and p.open < content[0] <= p.start < content[1]:
                content = (p.open, content[1])  # a clause opening with a quoted fragment
        inner = [d for d in out if _quoted(d) and overlap(d.content, content)]
        if any(d.cue is not None and tok.idx < d.cue[0] < content[0] for d in inner):
            continue  # "… with footage of X saying, “…”": the nearer frame has the quotation
        whole = [d for d in inner if d.passage is not None and (
            d.opens_sentence or _after_dash(ctx, d.passage.open))]
        if whole:  # X said …: “…” keeps its quotation; the clause stops before it
            first_open = min(d.passage.open for d in whole if d.passage is not None)
            if tok.idx > first_open:
                continue  # X scolded him: “…” she said. -- the quotation is what was said
            content = trim(ctx.text, content[0], first_open)
            inner = [d for d in out if _quoted(d) and overlap(d.content, content)]
            if words_outside(ctx, content) < 3:
                continue
        if any(not contains(content, d.passage) for d in inner):
            continue
        outside = words_outside(ctx, content)
        if inner and outside < 2:
            continue
        for d in inner:
            out.remove(d)
        draft = Draft(content, False, frame_end=content[1])
        attach(ctx, draft, tok, speaker, via)
        out.append(draft)
    return sorted((end_with_fragment(ctx, d) for d in join_mixed(ctx, out)),
                  key=lambda d: d.content)


def _report(
    ctx: Context, tok: Token
) -> tuple[tuple[int, int], Token, Token | None] | None:
    """What a cue token reports and who says it (speaker, and channel for "quoted him"), or None
    when the token reports nothing."""
    noun = _saying_noun(tok)
    owned = _owned_saying_is(tok)
    if owned is not None:  # "Lee's answer was that …"
        comp = next(c for c in tok.children if c.dep_ == "ccomp")
        toks = [t for t in comp.subtree if t.i >= comp.left_edge.i and not t.is_space]
        if any("\n" in t.text_with_ws for t in toks[:-1]) or sum(t.is_alpha for t in toks) < 4:
            return None
        return (toks[0].idx, toks[-1].idx + len(toks[-1].text)), owned, None
    if tok.lower_ == "according":
        if not any(c.lower_ == "to" for c in tok.children):
            return None
        head = tok.head
        if head.i != tok.i and is_cue(head, REPORT_CUES) and (
                speaker_of(head, ctx.inside)[0] is not None):
            return None  # a channel: "said X, according to Meridian Press"
        content = according_content(tok, ctx.doc)
    elif noun:
        content = _noun_content(tok)
    elif _puts_it(tok):
        content = _put_content(tok)
    elif is_cue(tok, _CUES) or (tok.lemma_ == "quote" and not writers_aside(tok)) or is_cue(
            tok, DIRECT_CUES) and any(c.dep_ == "ccomp" for c in tok.children):
        content = reported_content(tok, ctx.inside)  # also "remarked that …", "quipped that …"
    elif (cast := as_quoted_object(tok)) is not None:
        content = cast  # "admires Putin as a “strong leader”"
    else:
        return None
    if tok.tag_ == "VBN" and tok.dep_ == "advcl" and tok.i < tok.head.i:
        return None  # "Asked whether …, X said": the asker is not X
    speaker, via = (_owner(tok), None) if noun else speaker_of(tok, ctx.inside)
    if speaker is None and not noun and tok.lemma_.lower() in REPORT_CUES:
        speaker = name_before(tok, ctx.mentions)
    if speaker is None:
        return None
    weak = tok.lemma_.lower() not in REPORT_CUES and tok.lower_ != "according" and not (
        noun and speaker.pos_ == "PRON")
    if weak and mention_for(speaker, ctx.mentions) is None and not (
            content is not None and is_cue(tok, DIRECT_CUES) and _quotes_in(ctx, content)):
        return None  # "a campaign designed to blame …" reports nothing
    if content is None:
        content = _fronted(ctx, tok, speaker, via)
    return (content, speaker, via) if content is not None else None


def _puts_it(tok: Token) -> bool:
    """"As X put it, …" / "…, as X puts it.": the sentence around the clause is X's words."""
    return (tok.lemma_ == "put" and tok.dep_ == "advcl" and tok.head.pos_ in {"VERB", "AUX"}
            and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children))


def _put_content(put: Token) -> tuple[int, int] | None:
    """The clause an "as X put it" hangs on, without that "as" clause and without the
    conjunction or clause fronted before its subject ("because while …, the rule is …")."""
    if any(t.is_quote for t in put.subtree):
        return None  # "as X put it, “…”" parsed with the quotation inside: a direct quotation
    head = put.head
    drop = {t.i for t in put.subtree}
    for c in head.children:
        if c.i < head.i and c.dep_ in {"mark", "advcl", "cc"}:
            drop |= {t.i for t in c.subtree}
    toks = [t for t in head.subtree if t.i not in drop and not t.is_space and t.sent == put.sent]
    after = [t for t in toks if t.i > put.i]
    toks = after if any(t.is_alpha for t in after) else [t for t in toks if t.i < put.i]
    while toks and toks[0].is_punct and not toks[0].is_quote:
        toks = toks[1:]
    while toks and toks[-1].is_punct and not toks[-1].is_quote:
        toks = toks[:-1]
    if not toks or "\n" in put.doc[toks[0].i : toks[-1].i].text:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


# nouns for something said whose "that" clause is what was said ("Lee's warning that …")
_SAYING_NOUNS = frozenset({
    "claim", "warning", "assertion", "argument", "promise", "suggestion", "allegation",
    "insistence", "contention", "accusation", "remark", "statement", "pledge", "vow",
    "prediction", "complaint", "charge",
})


# the lemmas and forms of every token _report may answer for, but for a verb cast "as" something
_MAY_REPORT = _CUES | DIRECT_CUES | _SAYING_NOUNS | frozenset(
    {"be", "put", "quote", "go", "according"})


def _may_report(tok: Token) -> bool:
    """A quick test that every token :func:`_report` answers for passes: a cue or saying word,
    "according", a copula ("Lee's answer was that …"), "put" ("as X put it"), or a verb with an
    "as" ("described it as “…”"). Most tokens fail it."""
    if tok.lemma_.lower() in _MAY_REPORT or tok.lower_ in _MAY_REPORT:
        return True
    return tok.pos_ == "VERB" and any(c.lower_ == "as" for c in tok.children)


def _saying_noun(tok: Token) -> bool:
    """A noun for something said, owned by someone: "Lee's claim", "his warning"."""
    return (tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos", "conj"}
            and (tok.lower_ in _SAYING_NOUNS or tok.lemma_.lower() in _SAYING_NOUNS)
            and _owner(tok) is not None)


# nouns for a view someone gave, whose "was that …" is what they said ("Lee's answer was that")
_GIVEN_VIEWS = _SAYING_NOUNS | frozenset({
    "answer", "response", "reply", "message", "view", "assumption", "point", "position",
    "explanation", "excuse", "conclusion", "verdict", "advice", "belief", "thinking",
})


def _owned_saying_is(tok: Token) -> Token | None:
    """The owner when a copula links someone's saying to a "that" clause: "Lee's answer was
    that …" (the clause is Lee's)."""
    if tok.lemma_ != "be" or not any(c.dep_ == "ccomp" and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in tok.children):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in _GIVEN_VIEWS:
        return None
    return _owner(subj)


def _noun_content(noun: Token) -> tuple[int, int] | None:
    """The "that" clause of a saying noun: "his warning that the ferry would stop"."""
    clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp", "relcl"}
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    toks = [t for t in clause.subtree if not t.is_space]
    if any("\n" in t.text_with_ws for t in toks[:-1]) or sum(t.is_alpha for t in toks) < 4:
        return None
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’'":
        toks = toks[:-1]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _owner(noun: Token) -> Token | None:
    """Whose saying a noun is: its possessive ("Lee's claim", "his warning")."""
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _after_dash(ctx: Context, pos: int) -> bool:
    """A quotation set off by a dash ("X hinted at it - “…”") is whole, not the clause's end."""
    return ctx.text[max(0, pos - 4) : pos].rstrip().endswith(("-", "—", "–"))


def _quotes_in(ctx: Context, content: tuple[int, int]) -> bool:
    """Whether a quoted passage lies inside the content ("boasted that “everyone” is …") or
    right after it ("describe the ground as “Swiss cheese”")."""
    return any(content[0] <= p.open and (p.close <= content[1] + 1 or p.open <= content[1] + 5
                                         and ctx.text[content[1] : p.open].strip() in {"", "as"})
               for p in ctx.passages)


def _quoted(d: Draft) -> bool:
    """A draft made from quoted words (a quotation, or a fragment with its verb's object)."""
    return d.direct or d.passage is not None


def _fronted(
    ctx: Context, cue: Token, speaker: Token, via: Token | None
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
    # a sentence the parse ran on from the paragraph before starts at the paragraph break
    para = ctx.text.rfind("\n", sent.start_char, ctx.doc[first - 1].idx) + 1
    start, end = trim(ctx.text, max(sent.start_char, para), ctx.doc[first - 1].idx)
    if any(ctx.inside(i) for i in (start, end - 1)) or words_outside(ctx, (start, end)) < 4:
        return None
    return start, end
