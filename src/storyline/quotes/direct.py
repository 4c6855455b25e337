"""Direct quotations: a quoted passage and the frame that attributes it.

A passage is attributed from, in this order: the words after it in the same sentence (“…,”
said X / “…,” X told Meridian Press. / “…” ― X); the words before it ending with a colon, a comma or
"that" (X said: “…” / X added, “…”), or a speech verb right before it (X declared “…”); a
speech verb the quoted words hang from (X called the plan “a gamble”), the quotation then being
reported with the verb's object around the fragment. Quoted titles and names inside a sentence
("the daily “Den”") are not quotations. Not handled: frames more than one sentence away (see
:mod:`.quote_continue`).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from storyline.common.quote_marks import DOUBLE, SINGLE, Quoted
from storyline.quotes.continuation import MIN_FRAGMENT_WORDS
from storyline.quotes.frame import (
    TITLE_SMALL_WORDS,
    Context,
    Draft,
    attach,
    trim,
    words_outside,
)
from storyline.quotes.speech import (
    DIRECT_CUES,
    SPEECH_NOUNS,
    is_cue,
    is_place,
    may_speak,
    mention_for,
    name_before,
    nearest_mention_token,
    only_modifiers,
    reported_content,
    speaker_of,
    writers_aside,
)
from storyline.timeline.grammar import WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["direct_draft", "join_interrupted"]

_DASHES = frozenset({"―", "—", "–", "-", "--"})


def direct_draft(ctx: Context, p: Quoted) -> Draft | None:
    """A quoted passage as a draft quotation, attributed from its frame when it has one."""
    text = ctx.text
    start, end = trim(text, p.start, p.end)
    if not any(c.isalpha() for c in text[start:end]):
        return None
    clause = ctx.clause_start(p.open)
    lead = text[clause : p.open].strip()
    if lead and _is_name(ctx, start, end) and not _called_out(ctx, p):
        return None
    if _BYLINE.match(text, p.close):
        return None  # “Museum gets a new director,” by the Ledger's Ann Lee: a headline
    # a quoted title ending its sentence ('on Radio North's “Morning Show.”') ends the lead too
    after_quoted_end = len(lead) >= 2 and lead[-1] in _ALL_MARKS and (
        lead.rstrip(_ALL_MARKS)[-1:] in {".", "!", "?"})  # doubled marks too: ''This Week.''
    draft = Draft((start, end), True,
                  opens_sentence=not lead or lead.endswith(":") or after_quoted_end,
                  frame_end=p.close, passage=p)
    # a fragment inside a clause: the speech verb it hangs on, if any (found once)
    fragment = bool(lead) and not lead.endswith((",", ":"))
    governor = _governor(ctx, p) if fragment else None
    if lead.endswith((",", ":")) and text[p.start : p.end].rstrip().endswith((".", "!", "?")):
        cue = _before(ctx, p, clause) or _after(ctx, p)  # 'Lee said, “…” And, he added, …'
    elif _THAT_LEAD.search(lead) and governor is not None:
        cue = None  # 'as Lee claimed that “…,” one of them said': Lee's clause, not the frame
    else:
        cue = _after(ctx, p, governed=governor is not None) or _before(ctx, p, clause)
    if cue is None and not lead:
        cue = _previous_frame(ctx, p, clause) or _signed_below(ctx, p)
    if cue is None:
        cue = governor if fragment else _governor(ctx, p)
        if cue is not None and reported_content(cue[0], ctx.inside) is None and not (
                _LEAD_IN.search(text[max(0, p.open - 6) : p.open])):
            wider = _complement(ctx, cue[0], p)
            if wider is not None and words_outside(ctx, wider) >= 2:
                draft.content, draft.direct = wider, False
    if cue is None and lead and len(re.findall(r"\w+", text[start:end])) >= MIN_FRAGMENT_WORDS:
        cue = _agent(ctx, p)  # only where an unframed fragment would be kept anyway
    if cue is not None:
        attach(ctx, draft, *cue)
    return draft


def _complement(ctx: Context, cue: Token, p: Quoted) -> tuple[int, int] | None:
    """What a cue says about its object, with the quoted fragment in it: called X “Y”."""
    right = [c for c in cue.rights if not c.is_punct and c.dep_ not in {"prt", "cc", "conj"}]
    holder = next((c for c in right if c.left_edge.idx <= p.start < c.right_edge.idx + 1), None)
    if holder is None:
        return None
    # circumstances of the saying before the object ("tweeted in the early hours that …")
    first = next(c for c in right if c is holder or c.dep_ not in {"prep", "advmod", "npadvmod"})
    start = first.left_edge.idx
    last = holder.right_edge
    end = max(last.idx + len(last.text), p.close)
    if start > p.open or "\n" in ctx.text[start:end]:
        return None
    return trim(ctx.text, start, end)


def _called_out(ctx: Context, p: Quoted) -> bool:
    """A chant or shout right after its verb ('chanted “Lock Her Up!”'), however capitalised."""
    before = ctx.tokens(ctx.clause_start(p.open), p.open)
    return bool(before) and before[-1].lemma_.lower() in _LOUD_CUES and (
        ctx.text[p.start : p.end].rstrip().endswith("!"))


def _is_name(ctx: Context, start: int, end: int) -> bool:
    """A quoted title or name inside a sentence: the daily “Den”, operation “Lionheart”."""
    words = ctx.text[start:end].split()
    if any(m.kind == "name" and (m.span.start, m.span.end) == (start, end)
           for m in ctx.mentions):
        return True
    big = [w for w in words if w.casefold() not in TITLE_SMALL_WORDS]
    return (len(words) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
            and not re.search(r"[.!?,;:]$", ctx.text[start:end]) and len(words) < 3
            or all(w[:1].isupper() for w in words[1:]) and len(words) >= 2
            or len(big) >= 2 and words[0][:1].isupper() and all(w[:1].isupper() for w in big)
            and not re.search(r"[!?]$", ctx.text[start:end]))  # “Tales From the Crypt.”


def _after(ctx: Context, p: Quoted, governed: bool = False
           ) -> tuple[Token, Token | None, Token | None] | None:
    """“…,” said X. / “…,” X told Meridian Press. / “…!” he said. ``governed``: the quoted
    words are a fragment hanging on a speech verb of their own clause."""
    end = ctx.clause_end(p.close)
    toks = ctx.tokens(p.close, end)
    words = [t for t in toks if not t.is_punct]
    if not words:
        return None
    inner = ctx.text[p.start : p.end].rstrip()
    new_sentence = inner.endswith((".", "!", "?")) and words[0].text[:1].isupper()
    dash_led = toks[0].text in _DASHES or ctx.text[p.close : toks[0].idx].strip() in _DASHES
    if dash_led and len(words) <= 8:  # the dash may be glued to the mark: '”― Ann Lee'
        named = mention_for(words[0], ctx.mentions)
        if named is not None and named.kind == "name" and named.label in {"PERSON", "ORG"}:
            return words[0], words[0], None  # “…” ― Julie Smith; not '“…” - Russian for “…”'
        names = [t for t in words if t.text[:1].isupper()]
        if len(names) == len(words) <= 5 and "\n" not in ctx.text[p.close : words[-1].idx]:
            return words[-1], words[-1], None  # a signature the tagger missed: “…” ― Jo N Lee
    for k, tok in enumerate(words):
        if not is_cue(tok, DIRECT_CUES):
            continue
        speaker, via = speaker_of(tok, ctx.inside)
        lead = {t.i for t in speaker.subtree} if speaker is not None else set()
        if speaker is not None and speaker.dep_ == "appos":
            lead |= {t.i for t in speaker.head.subtree}  # "the press secretary, Ann Lee, said"
        named_first = all(t.i in lead or t.pos_ == "ADV" for t in words[:k])
        named = _apposed_name(ctx, words[:k], tok) if speaker is None and k > 1 else None
        if named is not None:
            return tok, named, None  # “…,” Ann Lee, a delegate wearing a hat, said
        if k >= 6 and not named_first or k > 0 and (
                words[0].dep_ == "mark" or words[0].lower_ in _SUBORDINATORS
                or words[k - 1].lower_ in _SUBORDINATORS and tok.tag_ == "VBG"):
            return None  # “…” after she attacked … / “…” on air before claiming …: not the frame
        if k == 0 and tok.tag_ == "VBG" and governed:
            return None  # 'X said that A is “…,” adding that …': X's clause holds the fragment
        if new_sentence and ((k > 3 and not named_first) or toks[-1].text in {",", ":"}
                             or _says_something(tok)):
            return None  # a new sentence that reports something else or opens a quotation
        if words[0].dep_ == "cc" and any(c.dep_ in {"ccomp", "dobj"} for c in tok.children):
            return None  # “…” and said that …: a second predication, not the frame
        if speaker is None and k == 0:
            speaker = _inverted_speaker(tok)  # “…,” wrote a man calling himself Tom
        if speaker is None and k == 1 and inner.endswith(",") and words[0].is_title and (
                words[0].is_alpha):
            speaker = words[0]  # “…,” Will wrote. -- a name the tagger took for a verb
        if speaker is None:
            speaker = nearest_mention_token(toks, tok, ctx.mentions)
        return (tok, speaker, via) if speaker is not None else None
    return _noun_tagged_cue(words) or _cue_on_a_description(words)


def _cue_on_a_description(words: list[Token]) -> tuple[Token, Token | None, Token | None] | None:
    """“…?” the 43-year-old asked. -- a past tense the parse hung on the description before it,
    which is the speaker."""
    for k, tok in enumerate(words[:6]):
        if tok.lemma_.lower() in DIRECT_CUES and tok.tag_ in {"VBD", "VBN"} and k >= 1 and (
                tok.dep_ == "acl" and tok.head.i == words[k - 1].i
                and words[0].lower_ in {"the", "a", "an"}
                and all(t.i in {u.i for u in tok.head.subtree} for t in words[:k])):
            return tok, tok.head, None
    return None


# a byline after a quoted headline: “…,” by the Ledger's Ann Lee:
_BYLINE = re.compile(r"[,\s]*by\s+[^\n:“”\"]{2,80}?:")
# every quotation mark, as one string for str.rstrip
_ALL_MARKS = "".join(sorted(DOUBLE | SINGLE))
# a lead ending in "that": the quotation opens the clause a speech verb reports
_THAT_LEAD = re.compile(r"\bthat$", re.IGNORECASE)
# what sets a quotation off as the words themselves ("chants of “…”", "two words - “…”")
_LEAD_IN = re.compile(r"(?:\bof|[-—–:])\s*$")
# verbs of loud speech whose quotation is words, not a title ('chanted “USA! USA!”')
_LOUD_CUES = frozenset({"chant", "yell", "shout", "scream", "cry", "exclaim", "roar", "cheer",
                        "holler", "sing"})
# words opening a clause of its own after a quotation ("“…,” when Lee blasted him")
_SUBORDINATORS = frozenset({"when", "after", "before", "because", "while", "if", "since",
                            "although", "though", "until", "unless", "whereas"})
# third-person forms of saying the tagger may read as plural nouns ("the ad states.")
_NOUN_LIKE_CUES = frozenset({"says", "states", "writes", "adds", "notes", "tweets", "reads",
                             "read"})


def _noun_tagged_cue(words: list[Token]) -> tuple[Token, Token | None, Token | None] | None:
    """“…,” a voice-over in the ad states. -- a frame whose verb the tagger took for a noun:
    the clause's last word is the cue and its first noun the speaker."""
    if not 2 <= len(words) <= 7 or words[-1].lower_ not in _NOUN_LIKE_CUES or (
            words[-1].pos_ in {"VERB", "AUX"}):
        return None
    speaker = next((t for t in words[:-1] if t.pos_ in {"NOUN", "PROPN", "PRON"}
                    and t.dep_ != "compound"), None)
    if speaker is None and words[-2].pos_ == "ADJ" and words[0].lower_ in {"the", "a", "an"}:
        speaker = words[-2]  # "the editorial read": a noun the tagger took for an adjective
    return (words[-1], speaker, None) if speaker is not None else None


_ADDRESSEE_CUES = frozenset({"tell", "ask", "inform", "assure", "warn", "remind", "urge"})


def _says_something(cue: Token) -> bool:
    """The cue has content of its own: a clause, a complement, or an object that is not the
    person addressed ("Y called the plan “…”", not "Y told reporters")."""
    return any(c.dep_ in {"ccomp", "xcomp", "oprd"} and not _manner(c) or c.dep_ == "dobj"
               and cue.lemma_.lower() not in _ADDRESSEE_CUES for c in cue.children)


def _manner(tok: Token) -> bool:
    """A participle after a comma telling how something was said ("asked, shaking his head")."""
    return tok.tag_ == "VBG" and tok.i > 0 and tok.doc[tok.i - 1].text == ","


def _apposed_name(ctx: Context, words: list[Token], cue: Token) -> Token | None:
    """The frame opens with a name set off by commas up to its cue: "Ann Lee, a delegate, said"
    (titles before the name allowed: "Texas delegate Ann Lee, …, said")."""
    if cue.i < 2 or cue.doc[cue.i - 1].text != ",":
        return None
    for tok in words[:4]:
        named = mention_for(tok, ctx.mentions)
        if named is not None and named.kind == "name" and named.label == "PERSON":
            after = ctx.text[named.span.end : cue.idx].lstrip()
            return tok if after.startswith(",") else None
        if tok.pos_ not in {"PROPN", "NOUN", "ADJ"}:
            return None
    return None


def _inverted_speaker(cue: Token) -> Token | None:
    """The noun after a cue that opens the frame (the parse may take it for the object)."""
    found = next((c for c in cue.rights if c.dep_ in {"dobj", "attr", "dative"}
                  and c.pos_ in {"NOUN", "PROPN"}), None)
    if found is None:  # "said the woman, who … did not want …": the parse made her the
        # subject of the clause after the cue
        found = next((s for c in cue.rights if c.dep_ == "ccomp" for s in c.children
                      if s.dep_ == "nsubj" and s.left_edge.i == cue.i + 1
                      and s.pos_ in {"NOUN", "PROPN"}), None)
    if found is None and cue.i + 1 < len(cue.doc):
        after = cue.doc[cue.i + 1]  # a name the tagger took for an adverb: "said Skelly,"
        if after.is_alpha and after.is_title and after.head.i == cue.i and (
                after.ent_type_ not in {"DATE", "TIME"}) and after.lower_ not in _WHEN_WORDS:
            found = after
    return found


_WHEN_WORDS = frozenset(WEEKDAYS) | {"today", "yesterday", "tonight", "later", "then"}


def _before(
    ctx: Context, p: Quoted, clause: int
) -> tuple[Token, Token | None, Token | None] | None:
    """X said: “…” / X added, “…” / X said that “…” / According to X, “…”."""
    toks = ctx.tokens(clause, p.open)
    if not toks and clause == ctx.paragraph(p.open)[0] and clause > 0:
        prev = ctx.text[:clause].rstrip()
        if prev.endswith(":"):
            toks = ctx.tokens(ctx.clause_start(len(prev) - 1), len(prev))
    aside = next((t for t in toks if writers_aside(t)), None)
    if aside is not None:  # "Lee said, and I quote, “…”": the frame without the aside
        drop = {t.i for t in aside.subtree}
        toks = [t for k, t in enumerate(toks) if t.i not in drop and not (
            t.text == "," and k + 1 < len(toks) and toks[k + 1].i in drop)]
    if not toks:
        return None
    last = toks[-1].text
    if is_cue(toks[-1], DIRECT_CUES) and toks[-1].lower_ != "according":
        speaker, via = speaker_of(toks[-1], ctx.inside)
        if speaker is None:
            speaker = name_before(toks[-1], ctx.mentions)  # a name the parse hung elsewhere
        if speaker is not None:
            return toks[-1], speaker, via  # X declared “…”
    if last in {":", "):"}:  # the tokenizer may glue a closing bracket to the colon
        named = _named_after_dash(ctx, toks)
        if named is not None:
            return toks[-1], named, None  # "Pollsters agree - Ann Lee: “…”"
        window = toks
    elif last in {",", "that", "–", "—"}:
        window = [t for t in toks[-10:] if only_modifiers(t, toks)]
    elif last in {"but", "and"} and len(toks) >= 2 and toks[-2].text == ",":
        window = [t for t in toks[-10:-2] if only_modifiers(t, toks[:-2])]  # X said, but “…”
    else:
        return None
    for tok in reversed(window):
        if is_cue(tok, DIRECT_CUES):
            speaker, via = speaker_of(tok, ctx.inside)
            if speaker is None and tok.lower_ != "according":
                speaker = _adjacent_speaker(ctx, toks, tok) or name_before(
                    tok, ctx.mentions) or nearest_mention_token(toks, tok, ctx.mentions)
            return tok, speaker, via
    for tok in reversed(window):
        if tok.lemma_.lower() in SPEECH_NOUNS and tok.dep_ == "dobj" and not ctx.inside(
                tok.head.idx):
            speaker, via = speaker_of(tok.head, ctx.inside)
            if speaker is not None and mention_for(speaker, ctx.mentions) is not None:
                return tok.head, speaker, via  # X issued a statement: “…”
    if last in {":", "):"}:
        k = len(toks) - 2
        if last == "):" or k > 0 and toks[k].text.endswith(")"):  # "Sen. Ann Lee (D-MA): “…”"
            end = len(toks) - 1 if last == "):" else k
            k = next((j for j in range(end - 1, -1, -1) if toks[j].text == "("), 0) - 1
        head = toks[k] if k >= 0 else None
        named = mention_for(head, ctx.mentions) if head is not None else None
        lead = toks[:k]
        dash = max((k for k, t in enumerate(lead) if t.text in _DASHES), default=-1)
        if named is not None and named.kind != "pronoun" and all(
                named.span.start <= t.idx < named.span.end or t.pos_ not in {"VERB", "AUX"}
                and t.text.rstrip(".").isalpha() for t in lead[dash + 1 :]):  # "Sen. Ann Lee:"
            return toks[-1], head, None  # Lindqvist: “…” / Former mayor Ann Lee: “…”
        ids = {t.i for t in toks}
        for root in (t for t in toks if t.head.i not in ids or t.head.i == t.i):
            subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None and subj.lemma_.lower() in SPEECH_NOUNS:
                subj = next((c for c in subj.children if c.dep_ == "poss"), subj)  # X's reply
            if subj is not None and subj.i in ids and mention_for(subj, ctx.mentions):
                return toks[-1], subj, None  # X was blunt: “…” (the colon is the cue)
        if named is not None and named.kind == "name" and named.label == "PERSON" and (
                head is not None and head.dep_ in {"dobj", "pobj", "appos"}):
            return toks[-1], head, None  # "The surge does not surprise pollster Ann Lee: “…”"
    return None


_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "oprd", "advcl", "conj"})


def _named_after_dash(ctx: Context, toks: list[Token]) -> Token | None:
    """The name before a colon when a dash sets it off from a headline before it."""
    if len(toks) < 3:
        return None
    head = toks[-2]
    named = mention_for(head, ctx.mentions)
    dash = max((k for k, t in enumerate(toks[:-2]) if t.text in _DASHES), default=-1)
    if dash < 0 or named is None or named.kind != "name" or not all(
            named.span.start <= t.idx < named.span.end for t in toks[dash + 1 : -1]):
        return None
    return head


def _previous_frame(
    ctx: Context, p: Quoted, clause: int
) -> tuple[Token, Token | None, Token | None] | None:
    """X agreed. “…” -- a short sentence before, in the paragraph or as the whole paragraph
    before it, with a speech verb that says nothing itself ("Lee went on with her remarks.")."""
    para_start = ctx.paragraph(p.open)[0]
    if clause < para_start or not ctx.text[:clause].rstrip().endswith("."):
        return None
    if clause == para_start:  # a paragraph of one short sentence before: "Lee went on."
        end = len(ctx.text[:para_start].rstrip())
        start = ctx.paragraph(end - 1)[0]
        if ctx.clause_start(end - 1) != start:
            return None
        clause = end
    else:
        start = ctx.clause_start(clause - 1)
    if any(start <= q.open < clause for q in ctx.passages):
        return None
    toks = ctx.tokens(start, clause)
    roots = [t for t in toks if t.head.i == t.i or t.head.i not in {u.i for u in toks}]
    if len(toks) > 16 or len(roots) != 1 or not is_cue(roots[0], DIRECT_CUES):
        return None
    cue = roots[0]
    if any(c.dep_ in _CONTENT_DEPS and not (c.dep_ == "dobj" and (
            cue.lemma_ == "tell" or c.lemma_.lower() in SPEECH_NOUNS)) for c in cue.children):
        return None
    speaker, via = speaker_of(cue, ctx.inside)
    if speaker is None or mention_for(speaker, ctx.mentions) is None:
        return None
    return cue, speaker, via


def _signed_below(ctx: Context, p: Quoted) -> tuple[Token, Token | None, Token | None] | None:
    """A quotation paragraph signed on the line below it: “…” / - Ann Lee, an economist."""
    text = ctx.text
    para_end = ctx.paragraph(p.open)[1]
    if text[p.close : para_end].strip(" .\t" + _ALL_MARKS) or para_end >= len(text):
        return None
    below = re.match(r"\s*([-—–―]+)[ \t]*(?=\S)", text[para_end:])
    if below is None:
        return None
    start = para_end + below.end()
    line_end = ctx.paragraph(start)[1]
    toks = ctx.tokens(start, line_end)
    if not toks or sum(not t.is_punct for t in toks) > _MAX_SIGNATURE_WORDS:
        return None
    named = mention_for(toks[0], ctx.mentions)
    if named is not None and named.kind == "name" and named.label in {"PERSON", "ORG"}:
        return toks[0], toks[0], None  # - Ann Lee, tweeting after the debate
    lead = list(itertools.takewhile(lambda t: t.text != ",", toks))
    if 1 <= len(lead) <= 4 and all(t.text[:1].isupper() and t.is_alpha for t in lead):
        return lead[-1], lead[-1], None  # a name the recogniser missed: - Tove Lindahl, …
    return None


# the words a signature line under a quotation may have: "- Ann Lee, tweeting after the debate"
_MAX_SIGNATURE_WORDS = 10


def _adjacent_speaker(ctx: Context, toks: list[Token], cue: Token) -> Token | None:
    """A named speaker right before its cue that the parse hung elsewhere: "…, Ann Lee, said"."""
    before = [t for t in toks if t.i < cue.i and not t.is_punct]
    if not before or before[-1].i < cue.i - 2:
        return None
    named = mention_for(before[-1], ctx.mentions)
    if is_place(before[-1]):
        return None  # "… the delay in Ohio, telling the crowd": a place, not the speaker
    return before[-1] if named is not None and named.kind != "pronoun" else None


def _governor(ctx: Context, p: Quoted) -> tuple[Token, Token | None, Token | None] | None:
    """A speech verb the quoted words depend on: X spoke of “realistic” expectations."""
    inner = _hanging_words(ctx, p)
    if inner is None:
        return None
    para = ctx.paragraph(p.open)
    exits = [t.head for t in inner if not ctx.inside(t.head.idx)]
    for head in exits:
        for _ in range(5):
            if not para[0] <= head.idx < para[1]:
                break  # a parse that runs on into the next paragraph
            if head.lower_ == "according":
                break  # words hung on "according to X" are a misparse, not X's quotation
            if is_cue(head, DIRECT_CUES) and not ctx.inside(head.idx):
                speaker, via = speaker_of(head, ctx.inside)
                return (head, speaker, via) if speaker is not None else None
            if head.head.i == head.i or head.dep_ == "advcl" and any(
                    c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
                break  # "X described her as … after she blamed it on “…”": her words
            head = head.head
    return None


def _hanging_words(ctx: Context, p: Quoted) -> list[Token] | None:
    """The tokens of a quoted fragment, when it hangs on the sentence around it; None when the
    quoted words are the subject of a verb outside them (the daily “Den” reported)."""
    first = ctx.token_at(p.start)
    if first is None:
        return None
    inner = [t for t in ctx.doc[first.i : first.sent.end] if p.start <= t.idx < p.end]
    if any(t.dep_ in {"nsubj", "nsubjpass"} and not p.start <= t.head.idx < p.end
           for t in inner):
        return None
    return inner


def _agent(ctx: Context, p: Quoted) -> tuple[Token, Token | None, Token | None] | None:
    """The subject of the clause a long quoted fragment belongs to, when no speech verb frames
    it: "He offered the families “my deepest thoughts and prayers on this terrible night.”"""
    inner = _hanging_words(ctx, p)
    if inner is None:
        return None
    para = ctx.paragraph(p.open)
    for head in [t.head for t in inner if not ctx.inside(t.head.idx)][:1]:
        for _ in range(4):
            if not para[0] <= head.idx < para[1] or ctx.inside(head.idx):
                break
            if head.pos_ in {"VERB", "AUX"}:
                subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is None or ctx.inside(subj.idx):
                    break
                named = mention_for(subj, ctx.mentions)
                if named is not None or may_speak(subj):
                    return head, subj, None
                break
            if head.head.i == head.i:
                break
            head = head.head
    return None


def join_interrupted(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """“First part,” X said, “second part.” is one quotation: both parts share their cue."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and prev.direct and d.direct and "\n" not in ctx.text[
                prev.content[1] : d.content[0]] and (
                d.cue_i is not None and d.cue_i == prev.cue_i or _frame_between(ctx, prev, d))):
            prev.absorb(d)
            if prev.passage is not None and d.passage is not None:
                prev.passage = Quoted(prev.passage.open, prev.passage.start, d.passage.end,
                                      d.passage.close)
            continue
        out.append(d)
    return out


def _frame_between(ctx: Context, prev: Draft, d: Draft) -> bool:
    """Only the first part's frame lies between two parts: “The risk,” said Ann Lee, an
    economist at the bank, “is that …” (the second part found no frame or the same one)."""
    if prev.cue_i is None or prev.speaker is None or prev.passage is None or d.passage is None:
        return False
    if d.cue is not None and d.cue_i != prev.cue_i:
        return False
    gap = ctx.text[prev.passage.close : d.passage.open]
    if not gap.rstrip().endswith(","):
        return False
    cue = ctx.doc[prev.cue_i]
    frame = {cue.i} | {t.i for c in cue.children if c.dep_ in _FRAME_PARTS for t in c.subtree}
    speaker = ctx.token_at(prev.speaker[1] - 1)
    if speaker is not None:
        frame |= {t.i for t in speaker.subtree}  # the parse may hang the name elsewhere
    words = [t for t in ctx.tokens(prev.passage.close, d.passage.open) if t.is_alpha]
    return bool(words) and all(t.i in frame for t in words)


# children of a cue that belong to its frame: speaker, channel, time ("said Ann Lee, an
# economist at the bank, on Monday")
_FRAME_PARTS = frozenset({"nsubj", "npadvmod", "advmod", "prep", "prt", "dative", "agent"})
