"""Headlines that quote: "Lee Calls Ferry Plan ‘A Costly Gamble’", "Lee on Ferries: ‘We Wait’".

A headline is written in title case, where the parser takes most words for names and misses the
verb. When the headline holds a quotation that no frame attributed, the words before its first
speech verb are the speaker and the words after it what was said ("Lee Calls [Ferry Plan ‘A
Costly Gamble’]"); "Speaker on Topic: …" quotes the speaker after the colon. Headlines with a
plain "Speaker: …" are transcript lines (see :mod:`.quote_reported`).
"""

from __future__ import annotations

import re

from storyline.quotes.frame import TITLE_SMALL_WORDS, Context, Draft, overlap, trim
from storyline.quotes.speech import DIRECT_CUES, OBJECT_CUES, REPORT_CUES

__all__ = ["headline_quote"]

_MAX_WORDS = 30
_MAX_CHARS = 300
_MAX_SPEAKER_WORDS = 5
# verbs headlines use for saying, besides the cue verbs ("Lee Rips Plan", "Lee Knocks Rival")
_HEADLINE_VERBS = DIRECT_CUES | OBJECT_CUES | REPORT_CUES | frozenset({
    "rip", "hammer", "slam", "blast", "knock", "bash", "torch", "rap", "see", "mock", "grill",
    "scold", "vow",
})
_WORD = re.compile(r"[\w’'.-]+")
_ON_TOPIC = re.compile(
    r"^([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3})[ \t]+[Oo]n[ \t][^:\n]+:[ \t]+")


def headline_quote(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """The drafts with the headline's quotation attributed, when no frame attributed it."""
    line = _headline(ctx)
    if line is None:
        return drafts
    passages = [p for p in ctx.passages if line[0] <= p.open and p.close <= line[1]]
    if not passages or any(d.speaker is not None and overlap(d.content, line) for d in drafts):
        return drafts
    found = _on_topic(ctx, line) or _verb_frame(ctx, line)
    if found is None:
        return drafts
    speaker, cue, content = found
    if not any(content[0] <= p.open and p.close <= content[1] + 1 for p in passages):
        return drafts
    mention = next((m for m in ctx.mentions if speaker[0] <= m.span.start
                    and m.span.end <= speaker[1] and m.kind == "name"), None)
    out = [d for d in drafts if not overlap(d.content, line)]
    out.append(Draft(content, False, speaker, ctx.text[speaker[0] : speaker[1]], mention, cue,
                     frame_end=content[1]))
    return sorted(out, key=lambda d: d.content)


def _headline(ctx: Context) -> tuple[int, int] | None:
    """The title line, when the text opens with one in title case."""
    text = ctx.text
    end = ctx.article.body_start or text.find("\n")
    if not 0 < end <= _MAX_CHARS:
        return None
    start, end = trim(text, 0, end)
    while end > start and text[end - 1] == ".":
        end -= 1
    words = [w for w in _WORD.findall(text[start:end]) if w[0].isalpha()]
    content = [w for w in words if w.casefold() not in TITLE_SMALL_WORDS]
    if not 3 <= len(words) <= _MAX_WORDS or not content:
        return None
    capitalised = sum(1 for w in content if w[0].isupper())
    return (start, end) if capitalised >= 0.8 * len(content) else None


def _on_topic(ctx: Context, line: tuple[int, int]) -> tuple[tuple[int, int], ...] | None:
    """"Lee on Ferries: ‘We Will Wait’": the speaker before "on", the words after the colon."""
    m = _ON_TOPIC.match(ctx.text, line[0], line[1])
    if m is None or ctx.inside(m.start(1)):
        return None
    colon = ctx.text.rindex(":", m.start(), m.end())
    return m.span(1), (colon, colon + 1), trim(ctx.text, m.end(), line[1])


def _verb_frame(ctx: Context, line: tuple[int, int]) -> tuple[tuple[int, int], ...] | None:
    """"Lee Calls Ferry Plan ‘A Costly Gamble’": the words before and after the first verb."""
    words = list(_WORD.finditer(ctx.text, line[0], line[1]))
    for k, w in enumerate(words[: _MAX_SPEAKER_WORDS + 1]):
        if ctx.inside(w.start()) or not w.group()[0].isupper():
            return None
        plural = k > 0 and words[k - 1].group().endswith("s")  # "Lawmakers Rip …"
        if k and _is_saying(w.group(), plural) and k + 1 < len(words):
            speaker = (words[0].start(), words[k - 1].end())
            return speaker, w.span(), trim(ctx.text, w.end(), line[1])
    return None


def _is_saying(word: str, plural: bool) -> bool:
    """A title-case verb of saying in the present: "Calls", "Denies" ("Rip" after a plural)."""
    w = word.casefold()
    if plural and w in _HEADLINE_VERBS:
        return True
    if not w.endswith("s") or len(w) < 4:
        return False
    stems = [w[:-1]]
    if w.endswith("ies"):
        stems.append(w[:-3] + "y")
    if w.endswith("es"):
        stems.append(w[:-2])
    return any(s in _HEADLINE_VERBS for s in stems)
