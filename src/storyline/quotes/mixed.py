"""Mixed speech: quoted fragments and the reported clauses around them.

"X says that A, but B is giving them “C.”" and "X says no matter what A does, “C.”" report one
utterance, from the clause's start to the fragment's end; a clause ends with its last fragment
when the writer's aside follows it ("… the “anchor baby” — a play on words …", "… as
“Spanish,” which is what …"), and at a later dash or comment when no quotation follows ("was
“encouraged” by the plan — a modest boost …", "had been “rigged,” a charge that …").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.quotes.frame import Context, Draft, trim
from storyline.quotes.speech import writers_aside

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["end_with_fragment", "join_mixed"]


_AFTER_FRAGMENT = re.compile(r"\s*(?:—|–|--|-\s|,?\s*which\b)")


def end_with_fragment(ctx: Context, d: Draft) -> Draft:
    """A reported clause ends with its last quoted fragment when an aside follows it
    ("… the “anchor baby” — a play on words …": the aside is the writer's), or at a later
    dash or comment (", a charge that …") with no quotation after it."""
    if d.direct or d.parts:
        return d
    inner = [p for p in ctx.passages if d.content[0] <= p.open and p.close < d.content[1]]
    if not inner:
        return d
    rest = ctx.text[inner[-1].close : d.content[1]]
    if _AFTER_FRAGMENT.match(rest) or _PARTICIPLE_AFTER.match(rest) and (
            ctx.text[inner[-1].start : inner[-1].end].rstrip().endswith(",")):
        d.content = (d.content[0], inner[-1].close)
        return d
    aside = _LATER_ASIDE.search(rest)
    if aside is not None and not any(
            inner[-1].close + aside.start() < p.open < d.content[1] for p in ctx.passages):
        d.content = trim(ctx.text, d.content[0], inner[-1].close + aside.start())
    return d


# a participle after a fragment closed with a comma: 'called Cruz the “ultimate hypocrite,”
# linking to a story …'
_PARTICIPLE_AFTER = re.compile(r"\s*(?:[a-z]+ly\s+)?(?:while\s+)?[a-z]+ing\b")
# a dash later in the clause after its last fragment ("was “encouraged” by the plan — a …")
# or the writer's comment on it (", a charge that …", ", which would give …")
_LATER_ASIDE = re.compile(r"\s(?:—|–|--|-)\s|,\s+(?:which\b|an?\s+[a-z]+(?:\s+[a-z]+)?\s+that\b)")


# children of a cue that belong to its frame, not to what is reported
_FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "npadvmod", "advmod", "prep", "dative", "dobj",
                         "agent", "punct", "aux", "neg", "cc", "prt"})


def join_mixed(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """A quoted fragment ending a reported clause of its own cue is part of that clause.

    "X says that A, but B is giving them “C.”" and "X says no matter what A does, “C.”" report
    one utterance, from the clause's start to the fragment's end (mixed speech).
    """
    out = list(drafts)
    for d in drafts:
        p = d.passage
        if not d.direct or p is None or d.cue_i is None or d.opens_sentence or d not in out:
            continue
        cue = ctx.doc[d.cue_i]
        if cue.idx >= p.open or not cue.sent.start_char <= p.open < cue.sent.end_char:
            continue
        clause = next((r for r in out if r is not d and not r.direct and r.cue_i == d.cue_i
                       and r.content[1] <= p.open), None)
        if clause is not None:
            gap = ctx.text[clause.content[1] : p.open]
            fronted = clause.content[1] <= cue.idx < p.open  # "…, X remarked that she was “…”"
            if "\n" not in gap and not any(c in gap for c in ".!?;") and not fronted:
                clause.content = (clause.content[0], p.close)
                clause.frame_end = max(clause.frame_end, p.close)
                out.remove(d)
            continue
        lead = _lead(ctx, cue, p.open)
        if lead is not None:
            d.content = (lead, p.close)
    return out


def _lead(ctx: Context, cue: Token, end: int) -> int | None:
    """Where the reported words between a cue and a quotation start (None: fewer than three)."""
    frame = {t.i for c in cue.children if c.dep_ in _FRAME_DEPS for t in c.subtree
             if c.dep_ not in {"advmod", "npadvmod"} or len(list(c.subtree)) <= 3}
    stop = ctx.token_at(end)
    between = ctx.doc[cue.i + 1 : stop.i if stop is not None else cue.i]
    for tok in between:
        if writers_aside(tok):  # "said, and I quote, “…”"
            frame |= {t.i for t in tok.subtree}
            if ctx.doc[tok.i - 1].lower_ == "and":
                frame.add(tok.i - 1)
    words = [t for t in between if t.idx < end and t.i not in frame and not t.is_space]
    if sum(t.is_alpha for t in words) < 3 or ctx.inside(words[0].idx):
        return None
    return words[0].idx
