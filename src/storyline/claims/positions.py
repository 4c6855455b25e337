"""Each actor's stance per issue: what they demand, offer, accept, reject, refuse, threaten.

Every body sentence is searched for stance cues (most specific first):

=========  ==========================================================  ==========
stance     cues                                                        PLOVER
=========  ==========================================================  ==========
refuse     refuse, rule out, not up for negotiation, will not discuss   REJECT
           / negotiate, non-negotiable; "not ready/open/willing to"
reject     reject, dismiss, turn down, not accept                       REJECT
deny       deny, denied, denial                                         REJECT
demand     demand, call for, insist on, urge, push for, press for       REQUEST
offer      offer, propose, open to, ready to, willing to, prepared to   AGREE
accept     accept, agree to, welcome                                    AGREE
threaten   threaten                                                     THREATEN
warn       warn                                                         THREATEN
condition  if, unless, provided that, on condition                      REQUEST
=========  ==========================================================  ==========

PLOVER (the event ontology of POLECAT) has no separate classes for offers, warnings, denials
or conditions; the mapping picks the closest of its types: an offer or acceptance signals
willingness to cooperate (AGREE), a refusal or denial is a REJECT, a warning of consequences
is a THREATEN, and a condition asks something of the other side (REQUEST).

The actor is the speaker of the quotation the sentence carries (its entity when resolved), or
else the first named or descriptor mention before the cue. The issue is the head noun of the
object after the cue ("a 9 percent wage increase" -> "increase"), or of the subject before it
when nothing follows ("the tariff was not up for negotiation" -> "tariff"), normalised to a
singular lower-case form so that issues group by lemma. Sentences with the same actor, issue
and stance make one position with all their spans as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.model.ids import content_id
from storyline.model.records import (
    Article,
    ArticleAnnotations,
    Entity,
    Mention,
    Position,
    Quote,
    Span,
)

__all__ = ["PLOVER", "STANCES", "find_positions", "stance_cues"]

_NEG = r"(?:not|n't|never|no longer)\s+(?:\w+\s+)?"
STANCES: tuple[tuple[str, str], ...] = (
    ("refuse", r"\brefus\w*|\bruled? out|\bruling out|\bnot up for (?:negotiation|discussion|"
               r"debate)|\bnon-negotiable|\b(?:will|would|could|can|do|does|did)\s*(?:not|n't)\s+"
               r"(?:discuss|negotiate|talk about|consider)\w*|\bnot (?:ready|open|willing|"
               r"prepared) to\b|\bno intention of\b"),
    ("reject", r"\breject\w*|\bdismiss\w*|\bturn\w* down|\b(?:not|n't)\s+accept\w*"),
    ("deny", r"\bden(?:y|ies|ied|ial)\b"),
    ("demand", r"\bdemand\w*|\bcall\w* for|\binsist\w*|\burg(?:e|es|ed|ing)\b|\bpush\w* for|"
               r"\bpress\w* for"),
    ("offer", r"\boffer\w*|\bpropos\w*|\bopen to\b|\bready to\b|\bwilling to\b|\bprepared to\b"),
    ("accept", r"\baccept\w*|\bagree\w* to\b|\bwelcom\w*"),
    ("threaten", r"\bthreaten\w*"),
    ("warn", r"\bwarn(?:s|ed|ing)?\b"),
    ("condition", r"\bif\b|\bunless\b|\bprovided that\b|\bon condition that\b"),
)
PLOVER = {
    "demand": "REQUEST", "offer": "AGREE", "accept": "AGREE", "reject": "REJECT",
    "refuse": "REJECT", "deny": "REJECT", "threaten": "THREATEN", "warn": "THREATEN",
    "condition": "REQUEST",
}
_CUES = [(stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in STANCES]
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SKIP = _words(
    "a an the its their his her our my your this that these those to on for of about over with "
    "any all some more further new fresh negotiate negotiating discuss discussing about "
    "consider considering accept be is was were are it them us him any again also now"
)
_BOUNDARY = _words(
    "and but or that which who when while if unless because as after before since until by from "
    "over under across per monday tuesday wednesday thursday friday saturday sunday today "
    "tomorrow yesterday "
    "in at on for with to of into than so"
)
_AUX = _words("is was were are be been being has have had will would could should can "
              "may might must do does did not n't never")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_NOUN_BEFORE = re.compile(  # "its offer", "the warning": a noun, not somebody's stance
    r"(?:\b(?:the|a|an|its|their|his|her|our|your|my|this|that|any|pay|new|final|first|"
    r"latest|improved|serious)|'s|\u2019s)\s+$", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:they|he|she|it|you)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\b(?:of|for|in|at|to|from|on|by|about|against|into)\s+(?:the\s+)?$",
                          re.IGNORECASE)
_MAIN = frozenset(("demand", "offer", "accept", "reject", "refuse", "deny", "threaten", "warn"))


@dataclass(frozen=True)
class _Actor:
    key: str
    name: str


def stance_cues(sentence: str) -> list[tuple[str, int, int]]:
    """(stance, start, end) of every cue in a sentence; a cue inside a refusal is not re-read."""
    found: list[tuple[str, int, int]] = []
    for stance, pattern in _CUES:
        for m in pattern.finditer(sentence):
            if any(s <= m.start() < e for _, s, e in found):
                continue
            if stance != "condition" and _NOUN_BEFORE.search(sentence[: m.start()]):
                continue
            kind = stance
            if stance in ("offer", "accept") and re.search(_NEG + r"$", sentence[: m.start()]):
                kind = "refuse" if stance == "offer" else "reject"
            found.append((kind, m.start(), m.end()))
    if not any(kind in _MAIN for kind, _, _ in found):
        return []  # a bare "if" is no position; a condition qualifies one
    return sorted(found, key=lambda f: f[1])


def _singular(word: str) -> str:
    w = word.casefold().replace("\u2019", "'").removesuffix("'s")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _head(words: list[str]) -> str:
    """The last word of the first noun phrase in ``words`` (its head), normalised."""
    phrase: list[str] = []
    for w in words:
        low = w.casefold()
        if not phrase and (low in _SKIP or low in _AUX or low.isdigit()):
            continue
        if low in _BOUNDARY or low in _AUX or (phrase and low.endswith(("ing", "ed"))):
            break
        phrase.append(w)
        if len(phrase) >= 5:
            break
    content = [w for w in phrase if w.casefold() not in _SKIP and not w[0].isdigit()]
    return _singular(content[-1]) if content else ""


def _issue(sentence: str, start: int, end: int, stance: str) -> str:
    """The object after a cue, or else the subject before it."""
    after = sentence[end:]
    cut = re.search(r"[,;:.!?\u201d\"(]", after)
    words = _WORD.findall(after[: cut.start()] if cut else after)
    cue = sentence[start:end].casefold()
    verb = ""
    if cue.endswith(" to") and not cue.startswith("open"):
        verb, words = (words[0], words[1:]) if words else ("", words)  # "ready to negotiate on X"
    elif words and words[0].casefold() == "to":
        verb, words = (words[1], words[2:]) if len(words) > 1 else ("", [])  # "refused to engage"
    if stance == "condition" or (words and words[0][:1].isupper() and "to" in words[1:4]):
        words = _past_verb(words)  # "if Carvossa lifted its quotas", "pushing for X to scrap Y"
    found = _head(words) or (_singular(verb) if verb.casefold() not in _SKIP else "")
    return found or _subject_head(sentence[:start])


def _past_verb(words: list[str]) -> list[str]:
    """The words after a clause's subject and verb."""
    for i, w in enumerate(words):
        low = w.casefold()
        if low == "to" and i + 1 < len(words):
            return words[i + 2 :]
        if i and (w[:1].islower() and low not in _SKIP and low not in _AUX):
            return words[i + 1 :]
    return words


def _subject_head(before: str) -> str:
    """The head of the subject of the clause that ends where the cue starts."""
    clause = re.split(r"\bthat\b|[,;:\u201c\"]", before.rstrip(" \"\u201c\u2018'"))[-1]
    words = list(_WORD.findall(clause))
    while words and words[-1].casefold() in _AUX:
        words.pop()
    cut_at = next((i for i, w in enumerate(words) if i and w.casefold() in _BOUNDARY), len(words))
    subject = [w for w in words[:cut_at] if w.casefold() not in _SKIP]
    return _singular(subject[-1]) if subject else ""


def _entity_index(entities: Sequence[Entity]) -> dict[tuple[str, int, int], Entity]:
    return {(m.span.article_id, m.span.start, m.span.end): e
            for e in entities for m in e.mentions}


def _actor_of_quote(q: Quote, text: str, by_span: Mapping[tuple[str, int, int], Entity],
                    by_id: Mapping[str, Entity]) -> _Actor | None:
    ent = by_id.get(q.speaker_entity_id or "")
    if ent is None and q.speaker is not None:
        ent = by_span.get((q.speaker.article_id, q.speaker.start, q.speaker.end))
    if ent is not None:
        return _Actor(ent.id, ent.name)
    label = q.speaker_label or (q.speaker.text(text) if q.speaker else "")
    label = " ".join(label.split())
    return _Actor(label.casefold(), label) if label else None


def _actor_of_mention(m: Mention, text: str,
                      by_span: Mapping[tuple[str, int, int], Entity],
                      by_id: Mapping[str, Entity]) -> _Actor:
    ent = by_id.get(m.entity_id or "") or by_span.get((m.span.article_id, m.span.start,
                                                       m.span.end))
    if ent is not None:
        return _Actor(ent.id, ent.name)
    label = " ".join(text[m.span.start : m.span.end].split())
    return _Actor(re.sub(r"^(?:the|a|an)\s+", "", label.casefold()), label)


@dataclass
class _Context:
    article: Article
    quotes: list[Quote]
    mentions: list[Mention]
    by_span: Mapping[tuple[str, int, int], Entity]
    by_id: Mapping[str, Entity]


def _actor(ctx: _Context, start: int, end: int, cue_at: int) -> _Actor | None:
    """The speaker of the sentence's quotation, or the nearest subject-like mention before."""
    text = ctx.article.text
    for q in ctx.quotes:
        spans = [s for s in (q.content, q.cue, q.speaker) if s is not None]
        if not any(s.start < end and start < s.end for s in spans):
            continue
        inside = q.content.start <= cue_at < q.content.end
        if inside and _THIRD_PERSON.search(text[max(q.content.start, cue_at - 40) : cue_at]):
            return None  # "they offered us money": somebody else's stance, as the speaker tells it
        actor = _actor_of_quote(q, text, ctx.by_span, ctx.by_id)
        if actor is not None:
            return actor
    before = [m for m in ctx.mentions
              if start <= m.span.start and m.span.end <= cue_at and m.kind != "pronoun"
              and not _PREPOSITION.search(text[max(start, m.span.start - 12) : m.span.start])]
    if not before:
        return None
    coordinated = re.search(r"\band\s+(?:\w+\s+)?$", text[start:cue_at])
    chosen = before[0] if coordinated else before[-1]  # "X said … and ruled out Y"
    return _actor_of_mention(chosen, text, ctx.by_span, ctx.by_id)


def _sentences(article: Article, ann: ArticleAnnotations | None) -> list[tuple[int, int]]:
    """Body sentences, cut at line breaks and trimmed of spaces and stray quotation marks."""
    spans = list(ann.sentences) if ann and ann.sentences else [
        (m.start(), m.end()) for m in _SENTENCE.finditer(article.text)
    ]
    text, out = article.text, []
    for s, e in spans:
        s = max(s, article.body_start)
        for line in re.finditer(r"[^\n]+", text[s:e]):
            a, b = s + line.start(), s + line.end()
            while a < b and (text[a].isspace() or text[a] in "\"\u201d" and a + 1 < b
                             and text[a + 1].isspace()):
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b - a > 1:
                out.append((a, b))
    return out


def _article_positions(ctx: _Context, ann: ArticleAnnotations | None,
                       found: dict[tuple[str, str, str], tuple[_Actor, list[Span]]]) -> None:
    text = ctx.article.text
    for start, end in _sentences(ctx.article, ann):
        sentence = text[start:end]
        if sentence.rstrip("\"'\u201d ").endswith("?"):
            continue
        for stance, cs, ce in stance_cues(sentence):
            actor = _actor(ctx, start, end, start + cs)
            issue = _issue(sentence, cs, ce, stance)
            if actor is None or not issue:
                continue
            key = (actor.key, issue, stance)
            entry = found.setdefault(key, (actor, []))
            span = Span(ctx.article.id, start, end)
            if span not in entry[1]:
                entry[1].append(span)


def find_positions(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    entities: Sequence[Entity],
    annotations: Mapping[str, ArticleAnnotations],
    story_id: str,
) -> tuple[Position, ...]:
    """Each actor's stances per issue in a story, with the sentences that show them."""
    by_span, by_id = _entity_index(entities), {e.id: e for e in entities}
    found: dict[tuple[str, str, str], tuple[_Actor, list[Span]]] = {}
    for art in sorted(articles, key=lambda a: a.id):
        ann = annotations.get(art.id)
        mine = sorted((q for q in quotes if q.content.article_id == art.id),
                      key=lambda q: q.content.start)
        if not mine and ann is not None:
            mine = list(ann.quotes)
        mentions = sorted(ann.mentions if ann else (), key=lambda m: m.span.start)
        _article_positions(_Context(art, mine, mentions, by_span, by_id), ann, found)
    out = [
        Position(
            id=content_id("p", story_id, actor.key, issue, stance),
            actor=actor.key, actor_name=actor.name, issue=issue, stance=stance,
            evidence=tuple(sorted(spans)), plover=PLOVER.get(stance), story_id=story_id,
        )
        for (_, issue, stance), (actor, spans) in found.items()
    ]
    return tuple(sorted(out, key=lambda p: (p.actor_name.casefold(), p.issue, p.stance, p.id)))
