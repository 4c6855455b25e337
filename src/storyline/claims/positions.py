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
oppose     oppose, resist                                               REJECT
support    support, endorse, favor, back                                AGREE
threaten   threaten                                                     THREATEN
warn       warn                                                         THREATEN
condition  if, unless, provided that, on condition                      REQUEST
=========  ==========================================================  ==========

PLOVER (the event ontology of POLECAT) has no separate classes for offers, warnings, denials
or conditions; the mapping picks the closest of its types: an offer, acceptance or support
signals willingness to cooperate (AGREE), a refusal, denial or opposition is a REJECT, a
warning of consequences is a THREATEN, and a condition asks something of the other side
(REQUEST).

Each sentence with a cue is read in spaCy's parse of its whole article, kept with the article's
annotations (:func:`stance_parses`; parsed on its own when its annotations lack it). A cue that
is a noun ("sweeping demands"), passive ("Lessaria is being threatened"), a negated demand,
warning or threat, or inside another stance ("demands that Carvossa does not admit the ships":
the admission is what is demanded) states no stance of its own. The actor is the subject of the
cue's clause (climbing "continued to insist", "is ready to"; "X said it was ready" is X), as the
entity its mention resolves to (the canonical name); a first-person or missing subject falls
back to the speaker of the quotation the sentence carries, or else the nearest named or
descriptor mention before the cue. The issue is the noun phrase the cue governs, as its head
lemma with compound nouns (:func:`issue_of`): "urged Carvossa to settle the tariff dispute" ->
"tariff dispute", "ready to negotiate on issues such as crane automation" -> "crane automation";
a condition's issue is what its "if" clause acts on. Days, figures, adverbs, pronouns and
determiners are never issues; a stance whose only complement is a talks verb gets the general
issue "talks"/"negotiations", and one with nothing to be about is dropped. Within a story, issue
variants with the same head ("guarantee", "job guarantee") are one issue, named by the form most
often given; sentences with the same actor, issue and stance make one position with all their
spans as evidence. Not handled: issues that are whole clauses ("that Rivena will never host the
talks" is read as its object, "Rivena"), and stances of actors named only by a pronoun outside a
quotation.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from storyline.claims.position_confidence import (
    mention_features,
    model_for,
    position_features,
    score,
    triple_text,
)
from storyline.claims.position_gates import (
    SAID_THINGS,
    SELF_CONTAINED,
    VAGUE_ISSUES,
    VERSUS,
    case_name,
    credible_actor,
    credible_issue,
    has_name,
    is_party,
    link_text,
    names_people,
    opposed_to,
    singular,
    stance_taken,
)
from storyline.common.lowered import lowered, lowered_pattern
from storyline.language.coreference import gender_of
from storyline.language.entities import PRONOUNS
from storyline.language.gate import skip_note
from storyline.language.nlp import pack_docs, parse_many_kept, parse_text, unpack_docs
from storyline.model.ids import content_id
from storyline.model.records import (
    Article,
    ArticleAnnotations,
    Entity,
    Mention,
    Position,
    Quote,
    SentenceParses,
    Span,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "PLOVER",
    "STANCES",
    "Candidates",
    "candidate_positions",
    "find_positions",
    "issue_of",
    "issues_of",
    "stance_cues",
    "semantic_inputs",
    "stance_parses",
]

_NEG = r"(?:not|n't|never|no longer)\s+(?:\w+\s+)?"
STANCES: tuple[tuple[str, str], ...] = (
    ("refuse", r"\brefus\w*|\bruled? out\b|\bruling out\b|\bnot up for (?:negotiation|discussion|"
               r"debate)|\bnon-negotiable|\b(?:will|would|could|can|do|does)\s*(?:not|n't)\s+"
               r"(?:discuss|negotiate|talk about|consider)\w*|\bnot (?:ready|open|willing|"
               r"prepared) to\b|\bno intention of\b"),
    ("reject", r"\breject\w*|\bdismiss\w*|\bturn\w* down\b|\b(?:not|n't)\s+accept\w*"),
    ("deny", r"\bden(?:y|ies|ied|ial)\b"),
    ("demand", r"\bdemand\w*|\bcall\w* for\b|\binsist\w*|\burg(?:e|es|ed|ing)\b|\bpush\w* for\b|"
               r"\bpress\w* for\b"),
    ("offer", r"\boffer\w*|\bpropos\w*|\bopen to\b|\bready to\b|\bwilling to\b|\bprepared to\b"),
    ("accept", r"\baccept\w*|\bagree\w* to\b|\bwelcom\w*"),
    ("oppose", r"\boppos(?:e|es|ed|ing)\b|\bresist(?:s|ed|ing)?\b"),
    ("support", r"\bsupport(?:s|ed|ing)?\b|\bendors(?:e|es|ed|ing)\b|\bfavou?r(?:s|ed)\b|"
                r"\bback(?:s|ed|ing)\b"),
    ("threaten", r"\bthreaten\w*"),
    ("warn", r"\bwarn(?:s|ed|ing)?\b"),
    ("condition", r"\bif\b|\bunless\b|\bprovided that\b|\bon condition that\b"),
)
PLOVER = {
    "demand": "REQUEST", "offer": "AGREE", "accept": "AGREE", "reject": "REJECT",
    "refuse": "REJECT", "deny": "REJECT", "threaten": "THREATEN", "warn": "THREATEN",
    "condition": "REQUEST", "oppose": "REJECT", "support": "AGREE",
}
_CUES = [(stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in STANCES]
# any cue at all, over the lower-cased text (see storyline.common.lowered): most sentences have
# none, and this finds that faster than the nine patterns (None: each pattern is run)
_ANY_CUE = lowered_pattern(
    re.compile("|".join(f"(?:{pattern})" for _, pattern in STANCES), re.IGNORECASE))
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


_DATELINE = re.compile(r"[A-Z][A-Z .,'-]{2,40}(?:\([^)]{1,30}\))?\s*[\u2014\u2013-]{1,2}\s+")
# at the head of a body, a place and its region in ordinary case: "Ramallah, Occupied West
# Bank - Palestinian officials have called for …"
_OPENING_DATELINE = re.compile(
    r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+)?, [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s+"
    r"[\u2014\u2013-]{1,2}\s+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_NOUN_BEFORE = re.compile(  # "its offer", "the warning": a noun, not somebody's stance
    r"(?:\b(?:the|a|an|its|their|his|her|our|your|my|this|that|any|pay|new|final|first|"
    r"latest|improved|serious)|'s|\u2019s)\s+$", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:they|he|she|it|you)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_MAIN = frozenset(("demand", "offer", "accept", "reject", "refuse", "deny", "threaten", "warn",
                   "oppose", "support"))


@dataclass(frozen=True)
class _Actor:
    key: str
    name: str
    label: str = ""  # the entity label (PERSON, ORG, GPE, NORP, DESCRIPTOR) where known


def stance_cues(sentence: str) -> list[tuple[str, int, int]]:
    """(stance, start, end) of every cue in a sentence; a cue inside a refusal is not re-read."""
    return list(_stance_cues(sentence))


@functools.lru_cache(maxsize=8192)
def _stance_cues(sentence: str) -> tuple[tuple[str, int, int], ...]:
    """:func:`stance_cues`, remembered: a build reads an article's sentences for the stance
    sentences it stores with the annotations and again for the story's positions."""
    low = lowered(sentence)
    if low is not None and _ANY_CUE is not None and _ANY_CUE.search(low) is None:
        return ()
    found: list[tuple[str, int, int]] = []
    for stance, pattern in _CUES:
        for m in pattern.finditer(sentence):
            if any(s <= m.start() < e for _, s, e in found):
                continue
            if stance != "condition" and _NOUN_BEFORE.search(sentence[: m.start()]):
                continue
            kind = stance
            if stance in ("offer", "accept") and re.search(_NEG + r"$", sentence[: m.start()]):
                if stance == "offer":
                    continue  # "did not offer testimony" is no refusal, and no offer
                kind = "reject"
            found.append((kind, m.start(), m.end()))
    if not any(kind in _MAIN for kind, _, _ in found):
        return ()  # a bare "if" is no position; a condition qualifies one
    return tuple(sorted(found, key=lambda f: f[1]))


def _entity_index(entities: Sequence[Entity]) -> dict[tuple[str, int, int], Entity]:
    return {(m.span.article_id, m.span.start, m.span.end): e
            for e in entities for m in e.mentions}


def _actor_of_quote(q: Quote, text: str, by_span: Mapping[tuple[str, int, int], Entity],
                    by_id: Mapping[str, Entity]) -> _Actor | None:
    ent = by_id.get(q.speaker_entity_id or "")
    if ent is None and q.speaker is not None:
        ent = by_span.get((q.speaker.article_id, q.speaker.start, q.speaker.end))
    if ent is not None:
        return _Actor(ent.id, ent.name, ent.label)
    label = q.speaker_label or (q.speaker.text(text) if q.speaker else "")
    label = " ".join(label.split())
    named = bool(label) and all(w[:1].isupper() for w in label.split())
    return _Actor(label.casefold(), label, "PERSON" if named else "") if label else None


def _inner_hyphen(t: Token) -> bool:
    """A hyphen inside a word ("GOP-controlled"), kept with the word's parts."""
    return (t.text in ("-", "\u2010") and not t.whitespace_ and t.i > 0
            and not t.doc[t.i - 1].whitespace_)


def _actor_of_mention(m: Mention, text: str,
                      by_span: Mapping[tuple[str, int, int], Entity],
                      by_id: Mapping[str, Entity]) -> _Actor:
    ent = by_id.get(m.entity_id or "") or by_span.get((m.span.article_id, m.span.start,
                                                       m.span.end))
    if ent is not None:
        return _Actor(ent.id, ent.name, ent.label)
    label = " ".join(text[m.span.start : m.span.end].split())
    return _Actor(re.sub(r"^(?:the|a|an)\s+", "", label.casefold()), label, m.label)


@dataclass
class _Context:
    article: Article
    quotes: list[Quote]
    mentions: list[Mention]
    by_span: Mapping[tuple[str, int, int], Entity]
    by_id: Mapping[str, Entity]
    genders: dict[str, str | None] = field(default_factory=dict)
    # each sentence's confidence features, by (actor key, stance, sentence span)
    features: dict[tuple[str, str, Span], list[dict[str, float]]] = field(default_factory=dict)

    def gender(self, name: str) -> str | None:
        """What the article says of a person's gender (:func:`gender_of`), remembered."""
        if name not in self.genders:
            self.genders[name] = gender_of(name, self.article.text, self.mentions)
        return self.genders[name]


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
            dateline = _DATELINE.match(text, a, b) or (
                _OPENING_DATELINE.match(text, a, b) if not text[article.body_start:a].strip()
                else None)
            if dateline:
                a = dateline.end()  # "LONDON — The embassy denied …": the place is no actor
            while b > a and text[b - 1].isspace():
                b -= 1
            if b - a > 1:
                out.append((a, b))
    return out


def _cue_sentences(article: Article, ann: ArticleAnnotations | None
                   ) -> list[tuple[int, int, list[tuple[str, int, int]], bool]]:
    """The sentences that state a stance or a penalty, to be parsed: ``(start, end, cues,
    penalty)``; questions are left out."""
    text = article.text
    out = []
    for start, end in _sentences(article, ann):
        sentence = text[start:end]
        if sentence.rstrip("\"'\u201d ").endswith("?"):
            continue
        cues = stance_cues(sentence)
        penalty = bool(_PENALTY.search(sentence))
        if cues or penalty:
            out.append((start, end, cues, penalty))
    return out


def stance_parses(article: Article, ann: ArticleAnnotations | None,
                  doc: Doc) -> SentenceParses | None:
    """The parses of the article's stance sentences (:func:`_cue_sentences`) as the parser
    read them within the whole text, ``doc`` (the parse of the article's text, or of the part
    of it that is annotated), to be stored with the article's annotations; None when it has
    no such sentence.

    Left out, for the positions to parse on their own: a sentence whose tokens do not line up
    with its offsets (the parser saw a tamed text), and one that is not a whole tree of the
    parse, some word of it hanging on a word outside (a headline and the first sentence read
    as one, a line cut out of a longer sentence): cut out of the tree, its parse would be
    wrong, where parsed alone it gets one of its own.
    """
    spans, docs = [], []
    for start, end, _, _ in _cue_sentences(article, ann):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.text != article.text[start:end] or \
                any(not span.start <= tok.head.i < span.end for tok in span):
            continue
        spans.append((start, end))
        docs.append(span.as_doc())
    return SentenceParses(tuple(spans), pack_docs(docs)) if spans else None


def _stored_parses(ann: ArticleAnnotations | None) -> dict[tuple[int, int], Doc]:
    """The stance sentences' parses stored with an article's annotations, by their offsets."""
    if ann is None or ann.stance_parses is None:
        return {}
    return dict(zip(ann.stance_parses.spans, unpack_docs(ann.stance_parses.data), strict=True))


def _article_positions(ctx: _Context,
                       sentences: list[tuple[int, int, list[tuple[str, int, int]], bool]],
                       docs: Mapping[tuple[int, int], Doc],
                       found: dict[tuple[str, str, str], tuple[_Actor, list[Span], str]]) -> None:
    text = ctx.article.text
    for start, end, cues, penalty in sentences:
        sentence = text[start:end]
        if link_text(sentence):
            continue  # a page's link headlines: whose words, the text does not say
        doc = docs.get((start, end))
        if doc is None:  # its batch failed: parsed alone, it meets its error again
            doc = parse_text(sentence)
        if penalty:
            for actor, issue in _consequence_threats(ctx, doc, start, end):
                span = Span(ctx.article.id, start, end)
                _add(found, actor, issue, "threaten", span)
                ctx.features.setdefault((actor.key, "threaten", span), []).append(
                    mention_features(doc, None, None, "threaten", actor.name, actor.label,
                                     actor.key in ctx.by_id, issue.phrase, issue.key, False,
                                     start, len(text), len(cues), 0))
        anchors = {cs: _anchor(doc, cs) for _, cs, _ in cues}
        main = {anchors[cs].i for kind, cs, _ in cues if kind in _MAIN and anchors[cs] is not None}
        for stance, cs, _ in cues:
            tok = anchors[cs]
            if tok is None or not _stance_verb(tok, stance, main):
                continue
            if stance == "condition":
                continue  # a condition qualifies the stance it is attached to; not its own
            actor = _parsed_actor(ctx, tok, start, end, start + cs)
            if actor is None or not credible_actor(actor.name, actor.label):
                continue
            for issue in issues_of(tok, stance):
                head = issue.key.split()[-1]
                if not credible_issue(issue.phrase, head, stance) or \
                        not stance_taken(tok, stance, head):
                    continue
                span = Span(ctx.article.id, start, end)
                _add(found, actor, issue, stance, span)
                ctx.features.setdefault((actor.key, stance, span), []).append(
                    _features(ctx, doc, tok, stance, actor, issue, start, len(cues)))


def _features(ctx: _Context, doc: Doc, tok: Token, stance: str, actor: _Actor, issue: Issue,
              start: int, cues: int) -> dict[str, float]:
    """The confidence features of one sentence showing a stance (:func:`mention_features`)."""
    text = ctx.article.text
    at = start + tok.idx
    names = actor.name.split()
    last = names[-1] if names else ""
    return mention_features(
        doc, tok, _subject(tok), stance, actor.name, actor.label, actor.key in ctx.by_id,
        issue.phrase, issue.key,
        any(q.content.start <= at < q.content.end for q in ctx.quotes),
        start, len(text), cues, text.count(last) if len(last) > 2 else 0)


def _add(found: dict[tuple[str, str, str], tuple[_Actor, list[Span], str]], actor: _Actor,
         issue: Issue, stance: str, span: Span) -> None:
    key = (actor.key, issue.key, stance)
    entry = found.setdefault(key, (actor, [], issue.phrase))
    issue = issue.phrase
    entry[1].append(span)
    if len(issue) > len(entry[2]) and entry[2] in issue:
        found[key] = (actor, entry[1], issue)  # "guarantee" grows to "security guarantee"


_PENALTY = re.compile(r"\b(?:sanction|penalt|retaliat|countermeasure|punish|embargo|"
                      r"tariff)\w*", re.IGNORECASE)
# "will face consequences" names no step ("consequences" alone is no issue)
_PENALTY_HEADS = frozenset(("sanction", "penalty", "retaliation", "countermeasure",
                            "punishment", "embargo", "tariff", "measure", "cost", "price"))
_INCUR = frozenset(("face", "suffer", "pay", "incur", "trigger", "mean", "result", "bring", "see",
                    "risk", "lead", "hit", "prompt", "provoke", "draw", "invite", "impose"))
_REPORTING = frozenset(("say", "tell", "add", "state", "announce", "warn", "stress", "declare",
                        "make", "insist", "note", "caution", "signal", "emphasize", "emphasise"))


def _consequence_threats(ctx: _Context, doc: Doc, start: int,
                         end: int) -> list[tuple[_Actor, Issue]]:
    """A threat told as a consequence: "if Russia intervenes, it will face tough economic
    sanctions, an official made clear"; "such a move would result in sanctions, he said".

    The penalty noun is the object of a verb of incurring ("face", "result in", "be hit by")
    under "will" or "would", in a sentence that is somebody's report: its reporting verb's
    subject (or the quotation's speaker) is the actor, the penalty the issue.
    """
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.casefold() not in _PENALTY_HEADS:
            continue
        if not _PENALTY.search(noun.text):
            continue
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if verb.lemma_.casefold() not in _INCUR or noun.dep_ not in ("dobj", "pobj"):
            continue
        if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "would", "'ll")
                   for c in verb.children):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # "it would not impose sanctions": no threat made
        actor = _reporter(ctx, doc, verb, start, end)
        if actor is not None and credible_actor(actor.name, actor.label):
            out.append((actor, Issue(_noun_phrase(noun), singular(noun.lemma_))))
    return out


def _reporter(ctx: _Context, doc: Doc, clause: Token, start: int, end: int) -> _Actor | None:
    """Who reports a clause: the subject of the reporting verb it hangs on, or of a reporting
    participle on a noun beside it ("…, another official made clear"), or the speaker of the
    sentence's quotation."""
    for tok in doc:
        if tok.lemma_.casefold() not in _REPORTING or tok.i == clause.i:
            continue
        if tok.lemma_.casefold() == "make" and not any(c.lower_ == "clear" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "acl":
            subj = tok.head
        if subj is None:
            continue
        actor = _actor_of_subject(ctx, subj, start, end, start + subj.idx + len(subj.text))
        if actor is not None:
            return actor
    return _quote_speaker(ctx, start, end, start)


def _anchor(doc: Doc, at: int) -> Token | None:
    """The word a cue's stance hangs on: the cue verb or adjective ("ready"), past a negation
    or an auxiliary ("not up for negotiation" -> "up", whose head is the clause)."""
    tok = next((t for t in doc if t.idx <= at < t.idx + len(t.text)), None)
    if tok is None:
        return None
    for _ in range(3):
        if tok.dep_ in ("neg", "aux", "auxpass") or tok.lower_ in ("not", "no", "non"):
            nxt = tok.nbor() if tok.i + 1 < len(doc) else tok.head
            tok = nxt if nxt.dep_ not in ("neg", "aux") else nxt.head
        else:
            break
    return tok


def _stance_verb(tok: Token, stance: str, main: set[int]) -> bool:
    """Whether a cue word states its subject's stance: not a noun ("sweeping demands"), not
    passive ("Lessaria is being threatened"), not inside another stance ("demands that Carvossa
    does not admit the ships": the admission is what is demanded), not a negated demand or
    threat."""
    if stance == "condition":
        return True
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("ROOT", "conj"):
        return False
    if tok.pos_ == "ADJ" and stance not in ("offer", "refuse", "oppose"):
        return False  # "what is acceptable" states no acceptance
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) and not opposed_to(tok):
        return False
    if stance in ("demand", "threaten", "warn") and any(c.dep_ == "neg" for c in tok.children):
        return False
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            break
        coordinated = cur.dep_ == "conj"  # "rejected the demand and threatened tariffs"
        cur = cur.head
        if cur.i in main and not coordinated:
            return False
    return True


_NOT_ISSUES = frozenset(("DATE", "TIME", "PERCENT", "MONEY", "CARDINAL", "QUANTITY", "ORDINAL"))
_SAYING = frozenset(("say", "tell", "add", "state", "announce", "insist", "stress", "declare"))
_URGING = frozenset(("urge", "press", "push", "warn", "call", "ask", "tell", "encourage"))
_ISSUE_PREPS = frozenset(("for", "on", "of", "about", "against", "over", "to"))
_GENERIC = frozenset((
    "demand", "call", "proposal", "request", "issue", "question", "matter", "topic", "idea",
    "thing", "kind", "way", "step", "effort", "attempt", "possibility", "need", "something",
    "anything", "everything", "nothing", "point", "area", "subject", "option", "insistence",
    "plan", "move", "part", "condition", "term", "offer", "bid", "invitation", "appeal",
    "plea", "position",
))
_EVALUATIVE = frozenset((  # adjectives that weigh or place an issue rather than name it
    "new", "further", "possible", "such", "other", "certain", "major", "big", "large", "small",
    "recent", "same", "full", "strong", "significant", "serious", "important", "key", "more",
    "any", "some", "much", "many", "own", "current", "latest", "last", "first", "final",
    "immediate", "swift", "quick", "unspecified", "eastward", "westward", "further", "huge",
    "real", "little", "great", "whole", "entire", "several", "various", "specific", "unilateral",
    "potential", "urgent", "pressing", "concrete", "decisive", "appropriate", "necessary",
    "meaningful", "bold", "severe", "dire", "grave", "negative", "adverse", "disastrous",
    "catastrophic", "dramatic",
    "far", "far-reaching", "so-called", "alleged", "additional", "long", "short", "high", "low",
    "similar", "opposite", "different", "extraordinary", "improper", "proper", "unprecedented",
))
_REPORTED = frozenset((  # participles that report or hedge a thing, not say which it is
    "proposed", "planned", "alleged", "expected", "reported", "suspected", "announced",
    "stated", "claimed", "promised", "so-called", "unspecified", "unnamed", "required",
))
_UNNAMING = _EVALUATIVE | _REPORTED
_TALK = frozenset(("negotiate", "talk", "discuss", "meet", "sit", "speak", "dialogue"))
# talks only with somebody: "refused to talk to the unions", "to sit down"; alone, "refuses to
# sit still" and "will refuse to talk" (to investigators) are no talks
_TALK_WITH = frozenset(("talk", "sit", "speak"))
_NOMINAL = {"negotiate": "negotiations", "negotiation": "negotiations", "talk": "talks",
            "discuss": "talks", "meet": "talks", "sit": "talks", "speak": "talks",
            "dialogue": "talks"}


def issue_of(tok: Token, stance: str) -> str:
    """What a stance is about: the noun phrase the cue governs, as head lemma and compounds.

    The direct object, else the object of "for/on/of/about/against/over/with/to", else what the
    cue's verb complement acts on ("urged Carvossa to settle the dispute" -> "dispute"), else
    the clause's subject for a refusal with nothing after it ("the tariff was not up for
    negotiation" -> "tariff"). A general noun ("demands to drop the port's expansion", "issues
    such as crane automation") gives way to the more specific one it governs; a complement
    verb with no object is named as a noun ("negotiate" -> "negotiations") when it is one of
    talks, else by its lemma. Adverbs, pronouns and determiners are never an issue; a stance
    with nothing else to be about is dropped (empty string).
    """
    noun = None
    if stance == "refuse" and tok.pos_ == "ADP":  # "the quota was not up for negotiation"
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and _thing(subj):
            noun = _specific(subj, 0)
    noun = noun if noun is not None else _object_noun(tok, 0)
    if noun is not None:
        return _noun_phrase(noun)
    verb = _complement_verb(tok)
    lemma = verb.lemma_.casefold() if verb is not None else ""
    talk = verb if verb is not None else tok
    if (lemma in _TALK or (tok.lemma_.casefold() in _TALK and tok.pos_ == "VERB")) and (
            talk.lemma_.casefold() not in _TALK_WITH or any(
                c.dep_ == "prep" and c.lower_ in ("to", "with") or c.dep_ == "prt"
                and c.lower_ == "down" for c in talk.children)) and not any(
            c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in ("about", "on")
            for c in talk.children):  # "refused to discuss the details": no talks refused
        return _NOMINAL.get(lemma or tok.lemma_.casefold(), "talks")
    return ""  # a bare verb ("refused to comply") names no matter a reader recognises


class Issue(NamedTuple):
    """What a stance is about, as shown ("renouncing NATO expansion", "charges of assault"),
    and the key it is grouped by within a story (the head noun, with the reversing verb)."""

    phrase: str
    key: str


def issues_of(tok: Token, stance: str) -> list[Issue]:
    """The issues of a cue: its noun phrase (:func:`issue_of`) with what names it — a
    reversing verb on the way from the cue ("rejected demands to renounce NATO's expansion" is
    about renouncing it; "called for lifting the embargo") and an "of", "for", "on", "against"
    or "about" complement ("denied charges of assault") — and each noun coordinated with it
    ("missile deployments and military exercises" are two issues)."""
    first = issue_of(tok, stance)
    if not first:
        return []
    noun = _object_noun(tok, 0)
    if noun is None or first in _NOMINAL.values() and noun.lemma_.casefold() not in first:
        return [Issue(first, singular(first.split()[-1]))]  # "talks", "negotiations"
    if singular(noun.lemma_.casefold()) in _CURRENCIES:
        return []  # "part of the 235 mln stg in claims": an amount, not what it is for
    if is_party(noun):
        matters = [c for c in noun.conjuncts if _thing(c) and not is_party(c)]
        if not matters:
            return []  # "turned down a request to speak to Cheeks": not the person
        noun = matters[0]  # "limiting US and NATO military exercises"
    if stance in ("support", "oppose") and (
            noun.pos_ == "PROPN" and noun.ent_type_ != "LAW" and noun.lower_ not in _LAWS
            or singular(noun.lemma_) in _BACKED_PEOPLE):
        return []  # "endorsed Trump", "backed a Daniels candidacy": a person, not a matter
    first_issue = None if clipped(noun, tok) else _issue(noun, tok)
    out = [first_issue] if first_issue is not None else []
    for conj in noun.conjuncts:
        if conj.i > 0 and conj.doc[conj.i - 1].lower_ in VERSUS:
            continue  # "Wade" of "Roe v. Wade": the case's name, not another issue
        if conj.i > noun.i and _thing(conj) and not is_party(conj) and not clipped(conj, tok):
            issue = _issue(conj, tok)
            if issue is not None and issue not in out:
                out.append(issue)
    return out


# what is said or thought: named by its clause, which an issue leaves out
_CLAIMS = SAID_THINGS | frozenset(("idea", "notion", "assertion", "belief", "view", "argument",
                                   "charge", "possibility", "fear", "concern", "worry",
                                   "hope", "expectation", "warning"))
_DEMONSTRATIVES = frozenset(("this", "that", "these", "those"))


# nouns that say how one stands or what one asks, not of what: named by a common noun before
# them ("the wage demand") or a complement ("allegations of bribery"), never by whose they are
# ("Hartcourt's position", "the U.S. request")
_RELATIONAL = frozenset((
    "position", "request", "decision", "effort", "charge", "plea", "gesture", "contention",
    "stance", "view", "call", "appeal", "invitation", "overture", "accusation", "allegation",
    "claim", "suggestion", "concern", "fear", "direction", "vision", "line", "goal", "aim",
    "entreaty", "wish", "desire", "ambition",
))


def clipped(noun: Token, cue: Token) -> bool:
    """Whether an issue phrase would leave out what says which matter it is.

    An action on the way from the cue that goes on to another action ("force brokers to
    disclose their commissions") is shown clipped ("forcing brokers"), and so is a general
    word that only what follows names: as an action's object ("placing too much weight on one
    month's data", "play a larger role in shaping reforms") or as the noun itself
    ("international pressure to break the link", "a legal system that protects
    whistleblowers", "a balanced approach to tackling terrorism"); so is a noun named only by
    pointing back ("that date"), and a report or claim whose content is its clause
    ("speculation that his father entered illegally"). A noun that names a matter keeps what
    follows it out of its name ("offered to buy noise-hit properties for an index-linked
    price", "an early election which may have …"). When unsure, the position is left out.
    """
    path = set()
    cur = noun
    for _ in range(8):
        path.add(cur.i)
        if cur.head.i == cur.i or cur.head.i == cue.i:
            break
        cur = cur.head
    general = _general(noun)
    for verb in (noun.doc[i] for i in sorted(path) if i != noun.i):
        if verb.pos_ != "VERB":
            continue
        for c in verb.children:
            if c.i in path:
                continue
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
                return True  # "forcing brokers [to disclose …]"
            if verb.lemma_.casefold() in _LIGHT_VERBS and (
                    c.dep_ in ("xcomp", "ccomp", "oprd") and c.pos_ == "ADJ" or c.dep_ == "dative"):
                return True  # "make smaller portions [eligible]", "give [Trump] the benefit"
            if general and c.dep_ == "prep" and _says_more(c):
                return True  # "placing weight [on one month's data]"
            if c.dep_ == "dobj" and c.pos_ == "PRON":
                return True  # "agreed to schedule [it] for a vote": what is scheduled, elsewhere
            if c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lower_ in _SHELVED
                                        for g in c.children):
                return True  # "agreed to put tariffs [on hold]": a pause, not the tariffs
    kids = list(noun.children)
    if _aside(noun):
        return True  # "the "Dreamers" - young people …": an aside
    if singular(noun.lemma_) in _CLAIMS and any(
            c.dep_ in ("acl", "relcl", "ccomp") and c.pos_ in ("VERB", "AUX") for c in kids):
        return True  # "newspaper speculation [that …]": the matter is the clause
    if singular(noun.lemma_.casefold()) in _RELATIONAL and not any(
            c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < noun.i
            or c.dep_ == "prep" and c.lower_ in _NAMING_PREPS - _WHERE_AND_HOW
            and any(g.dep_ == "pobj" for g in c.children)  # "goal [of getting …]": not shown
            for c in kids):
        return True  # "Hartcourt's position [that …]", "Reagan's decision [to name …]": whose
    if singular(noun.lemma_.casefold()) in _CONTAINERS and not _named_container(noun):
        return True  # "de Blasio's plan", "the House proposal", "the FCC action": whose
    if noun.pos_ == "PROPN" or singular(noun.lemma_) in SELF_CONTAINED or any(
            c.dep_ in ("compound", "poss", "nmod") and c.pos_ in ("NOUN", "PROPN")
            for c in kids if c.i < noun.i):
        return False  # "sanctions", "NATO expansion", "the anti-terror bill": named
    if any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in kids):
        return True  # "that date": named elsewhere
    if not general:
        return False
    for c in kids:
        if c.i < noun.i:
            continue
        if c.dep_ == "relcl" or c.dep_ == "acl" and not any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            # "international pressure [to break the link]", "a legal system [that protects
            # whistleblowers]"; a "that" clause says what is guaranteed or demanded
            return True
        if c.dep_ == "prep" and any(g.dep_ == "pcomp" and g.pos_ in ("VERB", "AUX")
                                    for g in c.children):
            return True  # "a balanced approach [to tackling terrorism]"
        if c.dep_ == "prep" and c.lower_ not in _COMPLEMENT_PREPS | _TOWARDS and _says_more(c):
            return True  # "greater help [with its debts]"
        if c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS and any(
                g.dep_ == "pobj" and not _thing(g) for g in c.children):
            return True  # "the rise [of the Taiwan dollar]": what names it is not shown
    return False


_DASHES = frozenset(("-", "\u2013", "\u2014", "--"))
_WHERE_AND_HOW = frozenset(("in", "with"))  # "English's position in the court case"
# what holds a matter without naming it: named by a common noun before it ("the tax bill"), a
# classifying adjective ("the military option") or a complement ("a plan to cut taxes"),
# never by whose it is alone ("Pai's plan", "the House proposal", "Republican plans")
_CONTAINERS = frozenset((
    "plan", "proposal", "amendment", "action", "repeal", "extension", "program", "programme",
    "resolution", "motion", "inquiry", "document",
    "bill", "measure", "legislation", "package", "decision", "order", "activity", "initiative",
    "version", "draft", "agenda", "strategy", "idea", "move", "effort", "request", "offer",
    "policy", "approach", "blueprint", "framework", "scheme", "deal",
))
_OWNER_ADJECTIVES = frozenset((  # adjectives that say whose, when or how much, not of what
    "temporary", "permanent", "interim", "partial", "full", "full-scale", "broad", "sweeping",
    "comprehensive", "modest", "bipartisan", "revised", "original", "initial", "earlier",
    "previous", "latest", "current", "existing", "proposed", "controversial", "ambitious",
    "long-term", "short-term", "stopgap", "potential", "preliminary", "overall", "general",
    "federal", "national", "republican", "democratic", "conservative", "liberal", "official",
))


def _aside(noun: Token) -> bool:
    """A noun phrase broken by a dash between spaces before its noun."""
    return any(t.text in _DASHES and t.i > 0 and bool(t.doc[t.i - 1].whitespace_)
               for t in noun.doc[noun.left_edge.i : noun.i])


def _named_container(noun: Token) -> bool:
    """Whether a container noun ("plan", "bill", "proposal") is named by what is in it."""
    for c in noun.children:
        if c.i < noun.i and c.dep_ == "compound" and c.ent_type_ not in ("DATE", "TIME") and (
                c.pos_ == "NOUN" or c.ent_type_ in ("GPE", "LOC", "EVENT", "LAW", "PRODUCT")):
            return True  # "the tax bill", "a budget deal", "the Iran deal"
        if c.i < noun.i and c.dep_ == "amod" and c.pos_ == "ADJ" and c.ent_type_ == "" and \
                c.lower_ not in _UNNAMING | _OWNER_ADJECTIVES and not c.lower_.endswith("-era"):
            return True  # "a military option", "the nuclear deal"
        if c.i > noun.i and c.dep_ == "prep" and c.lower_ in _NAMING_PREPS - _WHERE_AND_HOW and \
                any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            return True  # "a plan for tax cuts", "the repeal of Obamacare"
        if c.i > noun.i and c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and any(
                g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return True  # "a plan to cut taxes"
    return False


_BROAD = frozenset((  # general words besides the vague ones, that what follows them names
    "pressure", "system", "approach", "burden", "improvement", "obstacle", "weight", "cash",
    "framework", "process", "scheme", "arrangement", "mechanism", "model", "structure",
    "standard", "practice", "procedure", "regime", "commitment", "assurance", "priority",
    "rise", "fall", "increase", "decrease", "decline", "drop", "growth", "slide", "gain",
    "suggestion", "legislation", "precondition", "recommendation", "modification",
))


def _general(noun: Token) -> bool:
    word = singular(noun.lemma_)
    return word in VAGUE_ISSUES or word in _BROAD  # the vague ones hold the general words


_ARGUMENT_PREPS = frozenset(("on", "with", "to", "into", "for", "against", "from", "about", "of",
                             "over"))
_SETTINGS = frozenset(("GPE", "LOC", "FAC", "DATE", "TIME", "NORP"))


def _says_more(prep: Token) -> bool:
    """Whether a phrase says what an action or a noun is about ("weight on one month's data",
    "a role in shaping reforms"), not where or when ("exercises in Eastern Europe")."""
    for g in prep.children:
        if g.dep_ == "pcomp" and g.pos_ in ("VERB", "AUX"):
            return True
        if g.dep_ == "pobj" and prep.lower_ in _ARGUMENT_PREPS and g.ent_type_ not in _SETTINGS:
            return True
    return False


_LAWS = frozenset(("act", "bill", "amendment", "proposition", "resolution", "treaty", "accord",
                   "agreement", "plan", "initiative", "measure", "law", "protocol", "deal"))
_BACKED_PEOPLE = frozenset((  # what one backs or opposes when one backs a person
    "candidacy", "candidate", "nomination", "nominee", "bid", "campaign", "ticket", "run",
    "reelection", "re-election", "election", "presidency", "leadership", "handful", "pac",
    "draft", "choice", "pick", "appointment", "appointee", "rival", "challenger", "incumbent",
    "opponent", "contender", "hopeful", "successor", "predecessor",
))
_REVERSING = frozenset((
    "renounce", "abandon", "drop", "end", "stop", "halt", "lift", "scrap", "cancel", "withdraw",
    "remove", "cut", "reduce", "limit", "ban", "freeze", "suspend", "repeal", "ease", "curb",
    "restrict", "delay", "block", "reverse", "overturn", "rescind", "close", "abolish", "expand",
    "increase", "raise", "extend", "postpone", "halve", "slash", "roll",
))
_COMPLEMENT_PREPS = frozenset(("of", "for", "on", "against", "about", "over", "in", "with",
                               "from"))  # not "at": "guarantees at the talks" is where
_WHERE_PREPS = frozenset(("in",))  # its object may be only where: "talks in Geneva"
_IN_ADVERBIALS = frozenset((  # "in an effort to", "in response to": why or how, not what
    "effort", "bid", "attempt", "order", "response", "return", "exchange", "addition", "case",
    "part", "turn", "view", "light", "principle", "theory", "practice", "fact", "way", "line",
    "accordance", "favour", "favor", "support", "protest", "retaliation", "spite", "place",
    "time", "term", "context", "hope", "wake", "name", "interest", "event", "face",
    "area", "region", "country", "city", "state", "market", "zone", "sector",
))
_PLACES = frozenset(("GPE", "LOC", "FAC"))
_IN_HEADS = frozenset((  # nouns an "in" complement says what of: "cuts in steel tariffs"
    "cut", "increase", "reduction", "rise", "fall", "drop", "decline", "change", "investment",
    "stake", "role", "participation", "involvement", "interest", "reform", "freeze", "halt",
    "pause", "slowdown", "surge", "growth", "gain", "loss", "shift", "hike", "improvement",
    "intervention", "interference", "meddling", "trade", "cooperation", "presence", "share",
    "inclusion", "membership", "say", "voice", "help", "aid", "assistance", "progress",
))
_TOWARDS = frozenset(("to", "into", "toward", "towards"))  # shown after the noun
_NAMING_PREPS = _COMPLEMENT_PREPS | _TOWARDS  # a complement after them names the noun


def _issue(noun: Token, cue: Token) -> Issue | None:
    """The issue a noun names, with its actions and complement; None when its complement is a
    container named by nothing ("condemnation of the legislation")."""
    if noun.lower_ == "talk":
        return None  # "dismissed such talk": what is said, not talks
    verbs = _actions(noun, cue)
    verb = verbs[0] if verbs else None
    gerund = " ".join(_gerund(v) for v in reversed(verbs))  # "stopping producing coal"
    if cue.lemma_.casefold() == "warn":  # "warned them not to break agreements": against it
        gerund = gerund.removeprefix("not ")
    complement = ""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None and _aside(pobj):
            break  # "help for the "Dreamers" - young people …": not shown whole
        if prep.lower_ == "in" and singular(noun.lemma_.casefold()) not in _IN_HEADS:
            continue  # "threatens nuclear war in 140 characters": how, not of what
        if pobj is not None and singular(pobj.lemma_.casefold()) in _CONTAINERS and \
                not _named_container(pobj):
            return None  # "condemnation of the legislation": of which, not said
        if pobj is not None and _thing(pobj) and pobj.pos_ in ("NOUN", "PROPN") and not (
                prep.lower_ in _WHERE_PREPS and (pobj.ent_type_ in _PLACES or singular(
                    pobj.lemma_.casefold()) in _IN_ADVERBIALS or any(
                        g.dep_ == "poss" and g.pos_ == "PRON" for g in pobj.children))):
            # "discrimination against members of the LGBT community", "suspension of access
            # to YouTube"
            complement = f"{prep.lower_} {_noun_phrase(pobj)}{_inner(pobj, ('of', *_TOWARDS))}"
            break
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _TOWARDS):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None and _thing(pobj) and not names_people(pobj):
            # "the admission of … countries to NATO", "changes to the plans"; not to whom
            # ("an amnesty to people who hid their earnings")
            # "adherence to the rule of law"
            complement = f"{complement} {prep.lower_} {_noun_phrase(pobj)}" \
                f"{_inner(pobj, ('of',))}".strip()
            break
    base = _noun_phrase(noun)
    if verb is not None and noun.dep_ == "pobj" and noun.head.head.i == verb.i:
        gerund = f"{gerund} {noun.head.lower_}"  # "voting against the bill", not "voting bill"
    phrase = " ".join(p for p in (gerund, base, complement) if p)
    words = base.casefold().split()
    key = " ".join(p for p in (gerund, *words[:-1], singular(words[-1])) if p)
    return Issue(phrase, key)


def _inner(pobj: Token, preps: tuple[str, ...]) -> str:
    """The complement a complement's noun takes, shown after it (" of the LGBT community",
    " to YouTube"); not to whom ("aid to people")."""
    for prep in pobj.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for g in prep.children:
            if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN") and \
                    g.ent_type_ not in _NOT_ISSUES and (prep.lower_ == "of" or not names_people(g)):
                return f" {prep.lower_} {_noun_phrase(g)}"
    return ""


def _actions(noun: Token, cue: Token) -> list[Token]:
    """The actions between the cue and its issue, nearest the issue first, which the issue is
    named with ("urged Russia to de-escalate the crisis" is about de-escalating it; "rejected
    demands to renounce NATO's expansion" is about renouncing it; "demanded they stop
    producing coal"); talks verbs and light verbs say nothing more. At most two."""
    out: list[Token] = []
    cur = noun
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        if cue.i in {t.i for t in clause.subtree}:  # "tariffs that they threatened to impose"
            cur = next((t for t in clause.subtree if _relativizer(t)), noun)
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.i == cue.i:
            break
        lemma = cur.lemma_.casefold()
        if cur.pos_ == "VERB" and lemma not in _TALK and (lemma not in _LIGHT_VERBS or any(
                c.dep_ == "prt" for c in cur.children)):
            out.append(cur)
    return out[:2]


# where a matter is put aside or brought: "on hold", "on ice", "off the table", "on the back
# burner", "on the shelf" say what the action does to it
_SHELVED = frozenset(("hold", "ice", "table", "burner", "shelf"))
_LIGHT_VERBS = frozenset(("be", "have", "do", "make", "take", "get", "give", "go", "come", "see",
                          "view", "know", "let", "put", "try", "seek", "want", "need",
                          "find", "include", "involve", "consider", "address"))


def _particle(verb: Token) -> str:
    """A phrasal verb's particle ("rolling back"), which the parser may hang as an adverb."""
    return next((c.lower_ for c in verb.children if c.dep_ == "prt" or
                 c.dep_ == "advmod" and c.tag_ == "RP" and c.i == verb.i + 1), "")


def _gerund(verb: Token) -> str:
    particle = _particle(verb)
    negated = "not " if any(c.dep_ == "neg" for c in verb.children) else ""
    return f"{negated}{_ing(verb)} {particle}".strip()  # "taking off", "not closing"


def _ing(verb: Token) -> str:
    doc, i = verb.doc, verb.i
    prefix = ""
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and \
            not doc[i - 1].whitespace_:
        prefix = doc[i - 2].lower_ + "-"  # "de-escalate", which the tokenizer splits
    return prefix + _ing_of(verb)


def _ing_of(verb: Token) -> str:
    if verb.tag_ == "VBG":
        return verb.lower_
    lemma = verb.lemma_.casefold()
    if lemma.endswith("e") and not lemma.endswith("ee"):
        return lemma[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", lemma):
        return lemma + lemma[-1] + "ing"  # "stop" -> "stopping", "cut" -> "cutting"
    return lemma + "ing"


def _complement_verb(tok: Token) -> Token | None:
    comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB",)]
    return comps[-1] if comps else None


def _object_noun(tok: Token, depth: int) -> Token | None:
    """The noun a verb or adjective acts on (see :func:`issue_of`)."""
    if depth > 3 or depth > 0 and tok.lemma_.casefold() == "be" and tok.dep_ == "ccomp":
        return None  # "threatened [retaliation over what it said are illegal acts]": no act
    kids = [c for c in tok.children if c.i > tok.i or c.dep_ in ("xcomp", "ccomp")]
    # what a stance is about follows its cue: "On CNN, Jane called for a primary" is not
    # about CNN, nor "To a standing ovation, Kasich called for …" about the ovation
    comps = [c for c in kids if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")
             and not any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)]
    # a condition is not what a stance is about ("threatened to quit if the sides failed …")
    objs = [c for c in kids if c.dep_ in ("dobj", "attr", "oprd") and _thing(c)]
    if not objs and any(_relativizer(c) for c in tok.children):
        told = _antecedent(tok)  # "tariffs that Lighthizer threatened to impose on phones"
        if told is not None and told.pos_ == "NOUN" and _thing(told):
            return told  # itself: the actions are read down its clause (see _actions)
    urging = depth == 0 and tok.lemma_.casefold() in _URGING and bool(comps)
    objs = [] if urging else objs  # "urged allies to view ...": the allies are addressed
    addressee = bool(comps) or any(c.dep_ == "prep" and c.lower_ in ("of", "against", "about")
                                   for c in kids)
    for obj in objs:
        if obj.pos_ == "NOUN" or not addressee:
            return _specific(obj, depth)
    for prep in (c for c in kids if c.dep_ == "prep" and c.lower_ in _ISSUE_PREPS):
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if urging and pobj is not None and any(c.i > pobj.i for c in comps):
            continue  # "called for the agency to release the files": what it is to do
        act = _act_of(tok, pobj) if pobj is not None and not urging else None
        if act is not None:  # "called for Deutsche Boerse to hold a meeting": the meeting
            found = _object_noun(act, depth + 1)
            if found is not None:
                return found
            continue
        if pobj is not None and _thing(pobj):
            return _specific(pobj, depth)
        if pobj is not None and pobj.pos_ == "VERB":  # "insisted on limiting the drills"
            found = _object_noun(pobj, depth + 1)
            if found is not None:
                return found
    for comp in comps:
        found = _object_noun(comp, depth + 1)
        if found is not None:
            return found
    if tok.dep_ == "acomp" or tok.pos_ == "ADJ":
        for comp in (c for c in kids if c.dep_ == "xcomp"):
            found = _object_noun(comp, depth + 1)
            if found is not None:
                return found
    return None


def _relativizer(tok: Token) -> bool:
    """The object of a relative clause ("the tariffs [that] they threatened to impose"),
    however the tagger tags "that"."""
    return tok.dep_ == "dobj" and (tok.tag_ == "WDT" or tok.lower_ in ("that", "which"))


def _antecedent(verb: Token) -> Token | None:
    """The noun a relative clause holding the verb tells of ("the tariffs [that they
    threatened to impose]"), if the verb is in one."""
    cur = verb
    for _ in range(4):
        if cur.dep_ == "relcl":
            return cur.head if cur.head.pos_ in ("NOUN", "PROPN") else None
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


_CURRENCIES = frozenset(("pound", "dollar", "euro", "yen", "yuan", "franc", "rouble", "ruble",
                         "rupee", "peso", "krona", "krone", "real", "rand", "won", "cent",
                         "penny", "pence", "sterling",
                         # and the newswire's abbreviations: "40 mln dlrs", "10 cts", "5 pct"
                         "dlr", "dlrs", "ct", "cts", "stg", "mln", "bln", "pct", "million",
                         "billion", "trillion", "percent"))


def _act_of(cue: Token, party: Token) -> Token | None:
    """What a party an urging cue names is to do ("called for Deutsche Boerse to hold a
    meeting"), however the parser hangs the infinitive: on the party or on the cue. Only for
    a named party or a person: "called for calm to avoid bloodshed" gives the purpose."""
    if cue.lemma_.casefold() not in _URGING or not (party.pos_ == "PROPN" or is_party(party)):
        return None
    for c in (*party.children, *cue.children):
        if c.dep_ in ("acl", "relcl", "advcl", "xcomp") and c.pos_ == "VERB" and \
                c.i > party.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c
    return None


def _thing(tok: Token) -> bool:
    """A noun that can be an issue: not a day, a time, a figure, a percentage or a unit of
    money without its amount ("any formal pounds 800m offer", as some outlets write it)."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in _NOT_ISSUES and \
        singular(tok.lemma_.casefold()) not in _CURRENCIES


def _specific(noun: Token, depth: int) -> Token | None:
    """A general noun gives way to what it governs ("demands to renounce the expansion")."""
    if noun.lemma_.casefold() not in _GENERIC:
        return noun
    for c in noun.children:
        # "demands to renounce the expansion" say what is demanded; "the idea that …" and "an
        # offer that could have eased …" say what is thought of it, or what it would do
        if c.dep_ == "acl" and c.pos_ == "VERB" and noun.lemma_.casefold() not in _CLAIMS:
            found = _object_noun(c, depth + 1)
            if found is not None:
                return found
        if c.dep_ == "prep" and c.lower_ in ("as", "like", "on", "for", "of", "over", "about"):
            inner = next((g for g in c.children if g.dep_ == "pobj"), None)
            if inner is not None and inner.pos_ in ("NOUN", "PROPN"):
                return _specific(inner, depth + 1)
        if c.dep_ == "amod" and c.lower_ == "such":
            prep = next((g for g in c.children if g.dep_ == "prep"), None)
            inner = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
            if inner is not None and inner.pos_ in ("NOUN", "PROPN"):
                return _specific(inner, depth + 1)
    if noun.lemma_.casefold() in ("something", "anything", "everything", "nothing"):
        return None
    return noun


def _noun_phrase(noun: Token) -> str:
    """A noun as written with the words that name it in front: compounds, a name's
    possessive and classifying adjectives, each with its own words ("credit score reform",
    "New York debate", "no-fly zone", "NATO expansion"); "talks" and "negotiations" as such."""
    doc, i = noun.doc, noun.i
    lemma = noun.lemma_.casefold()
    head = noun.text if noun.pos_ == "PROPN" else noun.lower_
    if lemma in ("talk", "negotiation"):
        head = _NOMINAL[lemma]
    while i > 1 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and \
            not doc[i - 1].whitespace_:  # "re-negotiation", tokenised as "re", "-", "negotiation"
        head = doc[i - 2].lower_ + "-" + head
        i -= 2
    if i + 2 < len(doc) and doc[i + 1].text == "-" and not noun.whitespace_ and \
            not doc[i + 1].whitespace_ and noun.i == i:
        head = head + "-" + doc[i + 2].lower_
    parts = []
    for c in noun.children:
        if c.i < i and (c.lower_ == "zero" and c.dep_ in ("nummod", "amod", "compound")
                        or c.lower_ in _EVALUATIVE and _in_name(c, noun)  # "New Jersey"
                        or _leading_action(c, noun)):
            word = c.lower_ if c.pos_ != "PROPN" else c.text  # "zero tolerance"
            parts.append(f"{word} {_particle(c)}".strip())  # "rolling back regulations"
            continue
        if c.i >= i or not (c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")
                            or c.dep_ == "poss" and c.pos_ == "PROPN"
                            or c.dep_ in ("amod", "nmod") and c.pos_ in ("ADJ", "PROPN")
                            and c.lower_ not in _EVALUATIVE
                            and c.tag_ != "JJS"  # "firmest" weighs; "shorter" says what
                            or c.dep_ == "amod" and c.tag_ == "VBN"
                            and c.lower_ not in _REPORTED):  # "carried interest"
            continue
        words = [t for t in doc[c.left_edge.i : c.i + 1]
                 if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "ADV") or t.text == "-" or
                 t.i == c.i or
                 t.i + 1 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_]
        text = "".join(t.text_with_ws if t.pos_ == "PROPN" or t.text == "-" or
                       (t.i + 1 < len(doc) and doc[t.i + 1].text == "-")
                       else t.lower_ + t.whitespace_ for t in words).strip()
        if text and (text.casefold() not in _UNNAMING or c.pos_ == "PROPN" and _in_name(c, noun)):
            parts.append(text)  # "Planned" of "Planned Parenthood" is its name, not a plan
    versus = case_name(noun)
    if versus is not None:
        head = f"{head} v. {versus.text}"  # "Roe v. Wade"
    number = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if number is not None and number.dep_ == "nummod" and number.head.i == noun.i and \
            noun.text[:1].isupper():
        head = f"{noun.text} {number.text}"  # "Section 230", "Proposition 8": a numbered name
    phrase = " ".join([*parts, head]).replace("\u2019", "'")
    if " - " in phrase:  # "anti - poverty" where the text writes "anti-poverty"
        said = noun.sent.text.casefold()
        phrase = re.sub(r"(\S+) - (?=(\S+))", lambda m: f"{m.group(1)}-" if
                        f"{m.group(1)}-{m.group(2)}".casefold() in said else m.group(0), phrase)
    return " ".join(phrase.split()[-6:])


def _in_name(word: Token, noun: Token) -> bool:
    """A word written in the same name as the proper noun it modifies ("New" of "New
    Jersey", "Planned" of "Planned Parenthood")."""
    return noun.pos_ == "PROPN" and word.ent_type_ != "" \
        and word.ent_type_ == noun.ent_type_ and word.ent_iob_ in ("B", "I") and \
        all(t.ent_iob_ == "I" for t in noun.doc[word.i + 1 : noun.i + 1])


def _leading_action(word: Token, noun: Token) -> bool:
    """An "-ing" word that opens the phrase with no determiner before it: the action the
    stance is about, which the parser hangs on the noun ("opposes changing capital
    requirements"), or a word that says how the matter goes ("rising prices")."""
    return word.dep_ == "amod" and word.tag_ == "VBG" and word.i == noun.left_edge.i and \
        word.head.dep_ in ("dobj", "pobj") and word.i > 0 and \
        word.doc[word.i - 1].pos_ in ("VERB", "ADP", "AUX")


def _parsed_actor(ctx: _Context, tok: Token, start: int, end: int,
                  cue_at: int) -> _Actor | None:
    """The subject of the cue's clause, as the entity a mention of it resolves to.

    Climbs from the cue through complements ("continued to insist", "is ready to") to the
    first clause with a subject; through an object-control verb the object is the actor
    ("prompted Kristol to call for" -> Kristol); a participle on a noun makes the noun the
    actor ("the left flank pushing for …"), and a relative clause its antecedent. A pronoun is
    the entity coreference resolved it to, or the speaker of the quotation the sentence
    carries; anything else is no actor (no guess from the nearest name).
    """
    subj = _subject(tok)
    return None if subj is None else _actor_of_subject(ctx, subj, start, end, cue_at)


def _actor_of_subject(ctx: _Context, subj: Token, start: int, end: int,
                      cue_at: int) -> _Actor | None:
    """The actor a subject token names (see :func:`_parsed_actor`)."""
    if subj.lower_ in ("it", "they", "he", "she") and subj.head.dep_ == "ccomp" and \
            subj.head.head.lemma_.casefold() in _SAYING:  # "X said it was ready" is X
        sayer = next((c for c in subj.head.head.children
                      if c.dep_ == "nsubj" and not _bracketed(c)), None)
        want = _GENDER_OF.get(subj.lower_)
        if sayer is not None and (want is None or ctx.gender(_span_text(sayer)) in (None, want)):
            subj = sayer  # but "Officer Betty Shelby said he refused" is not Shelby refusing
    named = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                  and c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")), None)
    if named is not None and (subj.pos_ == "NOUN" or subj.pos_ == "PROPN" and
                              named.ent_type_ == "PERSON" and subj.ent_type_ != "PERSON"):
        subj = named  # "The lieutenant governor, Kim Guadagno, denied …": the name says who;
        # "Senator Whitehouse, a Democrat from Rhode Island, proposed …" stays Whitehouse
    if subj.pos_ == "PRON":
        at = start + subj.idx
        ent = ctx.by_span.get((ctx.article.id, at, at + len(subj.text)))
        if ent is None and subj.lower_ not in _PERSONAL:
            return None  # "Some of the families are threatening …": nobody named
        if ent is not None and subj.lower_ in ("he", "she", "they") and any(
                q.content.start <= at < q.content.end and q.speaker_entity_id == ent.id
                for q in ctx.quotes):
            return None  # "… he proposed giving them permits," Rubio said: not Rubio
        actor = _Actor(ent.id, ent.name, ent.label) if ent is not None else \
            _quote_speaker(ctx, start, end, cue_at)
        want = _GENDER_OF.get(subj.lower_)
        if actor is not None and want and actor.label == "PERSON" and \
                ctx.gender(actor.name) != want:
            return None  # "she" as a man, or as a person the article gives no gender: unsure
        return actor
    if subj.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(c.dep_ == "nummod" for c in subj.children):
        return None  # "the four moderate Democrats on the committee": some of them
    if subj.dep_ not in ("nsubj", "nsubjpass") and any(
            t.pos_ == "CCONJ" for t in subj.doc[subj.left_edge.i : subj.i]):
        return None  # "between Tillerson and veteran diplomats who oppose …": which of them
    text = ctx.article.text
    lo, hi = start + subj.left_edge.idx, start + subj.right_edge.idx + len(subj.right_edge.text)
    at = start + subj.idx
    inside = [m for m in ctx.mentions if lo <= m.span.start and m.span.end <= hi
              and m.kind != "pronoun" and m.span.start <= at < m.span.end]
    if not inside:  # a name or description no mention covers: "the rail operator"
        mine = {t.i for c in subj.children if c.dep_ == "poss" and c.pos_ == "PRON"
                for t in c.subtree}  # "his group" is "group"; "Mr. Taylor's group" stays whole
        words = [t for t in subj.doc[subj.left_edge.i : subj.i + 1]
                 if t.i not in mine and (t.pos_ not in ("DET", "PUNCT") or t.dep_ == "case"
                                         or _inner_hyphen(t))]
        if subj.pos_ == "PROPN":  # "the National Association of Realtors, which opposes …"
            words += [t for p in subj.children if p.dep_ == "prep" and p.lower_ == "of"
                      and p.i == subj.i + 1 and all(
                          g.pos_ == "PROPN" for g in p.subtree if g.i > p.i)
                      for t in p.subtree]
        label = "".join(t.text_with_ws for t in words).strip()
        label = re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.IGNORECASE)
        actor = _Actor(label.casefold(), label, subj.ent_type_) if label else None
        return _named_earlier(ctx, actor, start) if actor else None
    best = min(inside, key=lambda m: (m.kind != "name", m.span.start))
    if best.span.end > cue_at:
        return None
    actor = _actor_of_mention(best, text, ctx.by_span, ctx.by_id)
    if best.kind == "title" and not _carries_title(ctx, best, actor, subj):
        return None  # "the prime minister" as the last person named: unsure who
    return _named_earlier(ctx, actor, start)


def _carries_title(ctx: _Context, title: Mention, actor: _Actor, subj: Token) -> bool:
    """Whether the person a titled reference ("the chancellor", "the chairman of the CRE")
    was resolved to is written with that title beside a name of theirs in the story (not a
    "shadow" or "former" one, and of the organisation the reference names, if it names one)."""
    ent = ctx.by_id.get(actor.key)
    if ent is None or ent.label != "PERSON":
        return True  # resolved to no person: judged as a description
    head = singular(ctx.article.text[title.span.start : title.span.end].split()[-1])
    owners = [c for p in subj.children if p.dep_ == "prep" and p.lower_ in ("of", "from")
              for c in p.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
    for m in ent.mentions:
        words = (m.title or "").casefold().replace("-", " ").split()
        if m.kind != "name" or head not in {singular(w) for w in words} or \
                {"shadow", "former", "ex", "late", "deputy", "vice"} & set(words):
            continue
        if all(o.lower_ in words for o in owners):
            return True
    return False


def _span_text(tok: Token) -> str:
    """A token's phrase as written, without its determiner ("the Queensland Premier")."""
    words = [t.text for t in tok.doc[tok.left_edge.i : tok.i + 1] if t.pos_ != "DET"]
    return " ".join(words)


def _named_earlier(ctx: _Context, actor: _Actor, before: int) -> _Actor:
    """An unnamed description ("another high-ranking government official") as the earlier
    description of the article with the same head that says whose it is ("a US government
    official"), when there is one; otherwise (none, or several whose owners differ) as it
    is."""
    if actor.label in ("PERSON", "ORG", "GPE", "NORP") or has_name(actor.name):
        return actor
    head = singular(actor.name.split()[-1])
    text = ctx.article.text
    found: list[str] = []
    for m in sorted(ctx.mentions, key=lambda m: -m.span.start):
        if m.span.end > before or m.kind != "descriptor":
            continue
        words = text[m.span.start : m.span.end].split()
        if words and singular(words[-1]) == head and has_name(" ".join(words)):
            found.append(re.sub(r"^(?:the|a|an|another)\s+", "", " ".join(words), flags=re.I))
    if len({f.casefold() for f in found}) == 1:
        return _Actor(found[0].casefold(), found[0], "DESCRIPTOR")
    return actor  # none, or two ("the Indonesian government", "the Sri Lankan government")


_PERSONAL = frozenset(("i", "we", "he", "she", "it", "they"))
_GENDER_OF = {w: g for w, g in PRONOUNS.items() if g in ("m", "f")}  # he, she, him, her
_CONTROL = frozenset(("prompt", "urge", "ask", "force", "lead", "push", "persuade", "encourage",
                      "pressure", "press", "tell", "invite", "allow", "get", "convince"))


def _bracketed(tok: Token) -> bool:
    """A word in brackets: "(Reuters) - The league said …" names the agency, not a subject."""
    doc = tok.doc
    return 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "(" and doc[tok.i + 1].text == ")"


def _own_subject(verb: Token) -> Token | None:
    """The subject of a conjoined verb that the parser hung on the object before it as a
    conjunct ("Russia has denied any meddling and Trump has dismissed …": "Trump" read as a
    second thing denied): the noun right before the verb's auxiliaries, after "and"."""
    first = min([c.i for c in verb.children if c.i < verb.i and
                 c.dep_ in ("aux", "auxpass", "neg", "advmod")] + [verb.i])
    if first < 2:
        return None
    prev = verb.doc[first - 1]
    if prev.dep_ == "conj" and prev.pos_ in ("PROPN", "NOUN") and prev.head.i < prev.i and \
            prev.head.head.i == verb.head.i and any(
                c.dep_ == "cc" for c in prev.head.children if c.i < prev.i):
        return prev
    return None


def _subject(tok: Token) -> Token | None:
    """The token naming who holds the stance a cue word states (see :func:`_parsed_actor`)."""
    cur = tok
    for _ in range(4):
        subj = next((c for c in cur.children if (c.dep_ == "nsubj" or
                     c.dep_ == "nsubjpass" and opposed_to(cur)) and not _bracketed(c)), None)
        if subj is None and cur.dep_ == "conj" and cur.pos_ == "VERB":
            subj = _own_subject(cur)
        if subj is not None:
            if subj.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                return cur.head
            return subj
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        if cur.dep_ not in ("xcomp", "acomp", "conj") or cur.head.i == cur.i:
            return None
        if cur.dep_ == "xcomp" and cur.head.lemma_.casefold() in _CONTROL:
            obj = next((c for c in cur.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        cur = cur.head
    return None


def _quote_speaker(ctx: _Context, start: int, end: int, cue_at: int) -> _Actor | None:
    """The speaker of the quotation a sentence carries, for a pronoun subject: "I", "we" inside
    the quotation, "he" or "she" outside it (a third person inside is somebody else)."""
    text = ctx.article.text
    for q in ctx.quotes:
        spans = [s for s in (q.content, q.cue, q.speaker) if s is not None]
        if not any(s.start < end and start < s.end for s in spans):
            continue
        inside = q.content.start <= cue_at < q.content.end
        if inside and _THIRD_PERSON.search(text[max(q.content.start, cue_at - 40) : cue_at]):
            return None
        return _actor_of_quote(q, text, ctx.by_span, ctx.by_id)
    return None


_Found = dict[tuple[str, str, str], tuple[_Actor, list[Span], str]]


def _within(key: str, other: str) -> bool:
    """Whether an issue key says no more than another of the same head ("guarantee" within
    "security guarantee"; "tax bill" is not within "health care bill")."""
    a, b = key.split(), other.split()
    return a[-1] == b[-1] and set(a) <= set(b)


def _merge_forms(found: _Found) -> _Found:
    """An actor's stance on a less specific wording joins the same stance on the fuller one
    it is part of ("guarantee" joins "security guarantee"), the one shown most often. Only
    keys of one actor, stance and head are compared."""
    out: _Found = {}
    fuller_of: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for k in sorted(found, key=lambda k: (-len(k[1].split()), k)):
        kin = fuller_of.setdefault((k[0], k[2], k[1].split()[-1]), [])
        fuller = [o for o in kin if o[1] != k[1] and _within(k[1], o[1])]
        if fuller:
            into = max(fuller, key=lambda o: (len(out[o][1]), o[1]))
            out[into][1].extend(found[k][1])
        else:
            a, spans, phrase = found[k]
            out[k] = (a, list(spans), phrase)
            kin.append(k)
    return out


def _issue_names(found: _Found) -> dict[str, str]:
    """One name per issue across a story: of the forms given for it and for the fuller issues
    it is part of, the one most often given, the fuller on a tie ("security guarantee" for
    "guarantee" and "security guarantees"); two issues of one head that differ ("tax bill",
    "health care bill") keep their own names. Only keys of one head are compared."""
    forms: dict[str, dict[str, int]] = {}
    for (_, key, _), (_, spans, issue) in found.items():
        counts = forms.setdefault(key, {})
        counts[issue] = counts.get(issue, 0) + len(spans)
    by_head: dict[str, list[str]] = {}
    for key in forms:
        by_head.setdefault(key.split()[-1], []).append(key)
    names = {}
    for key in forms:
        counts: dict[str, int] = {}
        for other in by_head[key.split()[-1]]:
            if _within(key, other):
                for form, n in forms[other].items():
                    counts[form] = counts.get(form, 0) + n
        names[key] = max(counts, key=lambda f: (counts[f], len(f), f))
    return names


def find_positions(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    entities: Sequence[Entity],
    annotations: Mapping[str, ArticleAnnotations],
    story_id: str,
    *,
    gate: bool = False,
) -> tuple[Position, ...]:
    """Each actor's stances per issue in a story, with the sentences that show them, the
    confidence of each and whether it reaches the confidence model's threshold
    (:mod:`storyline.claims.position_confidence`); with ``gate``, only those that do."""
    found = candidate_positions(articles, quotes, entities, annotations, story_id)
    out = _confident(found, gate)
    return tuple(sorted(out, key=lambda p: (p.actor_name.casefold(), p.issue, p.stance, p.id)))


SENTENCES_READ = 4  # the sentences of a position the confidence model reads, at most


@dataclass(frozen=True)
class Candidates:
    """A story's positions before the confidence gate, with what the confidence model reads:
    each sentence's features by (actor key, stance, sentence span) and the articles' texts."""

    positions: list[Position]
    features: Mapping[tuple[str, str, Span], list[dict[str, float]]]
    texts: Mapping[str, str]

    def features_of(self, p: Position) -> dict[str, float]:
        """A position's features: those of every sentence that shows it."""
        return position_features([f for sp in p.evidence for f in self.features.get(
            (p.actor, p.stance, sp), ())], len(p.evidence))

    def sentence_of(self, p: Position) -> str:
        """The first sentence that shows a position."""
        first = p.evidence[0]
        return self.texts[first.article_id][first.start:first.end]


def candidate_positions(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    entities: Sequence[Entity],
    annotations: Mapping[str, ArticleAnnotations],
    story_id: str,
) -> Candidates:
    """The positions the rules find in a story, not yet scored (see :func:`find_positions`)."""
    by_span, by_id = _entity_index(entities), {e.id: e for e in entities}
    features: dict[tuple[str, str, Span], list[dict[str, float]]] = {}
    found: dict[tuple[str, str, str], tuple[_Actor, list[Span], str]] = {}
    # the cues and the parse are English ("insistió" is no "insist")
    arts = [a for a in sorted(articles, key=lambda a: a.id) if skip_note(a) is None]
    cued = {a.id: _cue_sentences(a, annotations.get(a.id)) for a in arts}
    # each sentence's parse as stored with its article (parsed in context), else parsed alone
    docs = {a.id: _stored_parses(annotations.get(a.id)) for a in arts}
    missing = [(a, s, e) for a in arts for s, e, _, _ in cued[a.id] if (s, e) not in docs[a.id]]
    alone = parse_many_kept([a.text[s:e] for a, s, e in missing])
    for a, s, e in missing:
        if a.text[s:e] in alone:
            docs[a.id][(s, e)] = alone[a.text[s:e]]
    by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        by_article.setdefault(q.content.article_id, []).append(q)
    for art in arts:
        ann = annotations.get(art.id)
        mine = sorted(by_article.get(art.id, ()), key=lambda q: q.content.start)
        if not mine and ann is not None:
            mine = list(ann.quotes)
        mentions = sorted(ann.mentions if ann else (), key=lambda m: m.span.start)
        _article_positions(_Context(art, mine, mentions, by_span, by_id, features=features),
                           cued[art.id], docs[art.id], found)
    found = _merge_forms(found)
    named = _issue_names(found)
    out = [
        Position(
            id=content_id("p", story_id, actor.key, named[head], stance),
            actor=actor.key, actor_name=actor.name, issue=named[head], stance=stance,
            evidence=tuple(sorted(set(spans))), plover=PLOVER.get(stance), story_id=story_id,
        )
        for (_, head, stance), (actor, spans, _) in found.items()
    ]
    return Candidates(out, features, {a.id: a.text for a in arts})


def semantic_inputs(found: Candidates) -> tuple[list[tuple[float, float]], list[Any]]:
    """For each candidate, the cosines of its triple and of its issue with the sentences that
    show it (the best of its first :data:`SENTENCES_READ`), and its issue's embedding (the
    ``semantic`` extra must be installed)."""
    import storyline.claims.semantic as semantic

    positions = found.positions
    if not positions:
        return [], []
    shown = [[found.texts[s.article_id][s.start:s.end] for s in p.evidence[:SENTENCES_READ]]
             for p in positions]
    sentences = list(dict.fromkeys(t for texts in shown for t in texts))
    n, m = len(positions), len(sentences)
    emb = semantic.embed([*sentences, *(p.issue for p in positions),
                          *(triple_text(p.actor_name, p.stance, p.issue) for p in positions)])
    e_sent, e_issue, e_triple = emb[:m], emb[m:m + n], emb[m + n:]
    row = {t: i for i, t in enumerate(sentences)}
    cosines = []
    for i, texts in enumerate(shown):
        mine = e_sent[[row[t] for t in texts]]
        cosines.append((float((mine @ e_triple[i]).max()), float((mine @ e_issue[i]).max())))
    return cosines, [e_issue[i] for i in range(n)]


def _confident(found: Candidates, gate: bool) -> list[Position]:
    """The candidates with their confidence (:mod:`position_confidence`) and whether it
    reaches the model's threshold: with ``gate``, only those that do."""
    import storyline.claims.semantic as semantic

    positions = found.positions
    model = model_for(semantic.available())
    cosines: list[tuple[float, ...]] = [()] * len(positions)
    vectors: list[Any] = [()] * len(positions)
    if model.semantic and positions:
        cosines, vectors = semantic_inputs(found)  # type: ignore[assignment]
    rows = [found.features_of(p) for p in positions]
    out = []
    for p, row, cos, vec in zip(positions, rows, cosines, vectors, strict=True):
        conf = round(score(model, row, cos, vec), 4)
        if not gate or conf >= model.threshold:
            out.append(dataclasses.replace(p, confidence=conf,
                                           confident=conf >= model.threshold))
    return out
