"""The dossier's section builders: records to JSON-ready items with evidence.

Each builder takes one record and the export context and returns the item, or None when the
item falls outside a restricted export or has no evidence left inside the document.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.errors import NotFound
from storyline.model.records import (
    Article,
    Claim,
    ClaimGroup,
    Corpus,
    Discrepancy,
    Entity,
    Event,
    Mention,
    OriginGroup,
    Position,
    Quote,
    QuoteGroup,
    ReuseLink,
    Span,
    Story,
)
from storyline.provenance.origins import count_origins

Evidence = dict[str, Any]


@dataclass(frozen=True)
class ExportContext:
    """Lookups shared by the section builders of one export."""

    corpus: Corpus
    selected: frozenset[str] | None  # story ids, or None for the whole corpus
    kept: dict[str, Article]  # the articles this document includes
    story_of: dict[str, str]
    origin_of: dict[str, tuple[str, str]]  # article id -> (origin group id, role)
    entity_names: dict[str, str]
    resolved: dict[str, list[Mention]]  # entity id -> per-article mentions resolved to it

    def ev(self, span: Span | None) -> Evidence | None:
        """A span as an evidence item, or None when it is outside the document."""
        if span is None:
            return None
        art = self.kept.get(span.article_id)
        if art is None or span.end > len(art.text):
            return None
        return {"article_id": span.article_id, "start": span.start, "end": span.end}

    def evs(self, spans: Iterable[Span | None]) -> list[Evidence]:
        """The spans inside the document, in order, without repeats."""
        out: list[Evidence] = []
        for span in spans:
            item = self.ev(span)
            if item is not None and item not in out:
                out.append(item)
        return out

    def text(self, span: Span | None) -> str:
        """The text of a span, or an empty string when it is outside the document."""
        item = self.ev(span)
        return self.kept[item["article_id"]].text[item["start"] : item["end"]] if item else ""

    def in_scope(self, story_id: str | None, evidence: list[Evidence]) -> bool:
        """Whether an item belongs in this document."""
        if self.selected is None:
            return True
        if story_id is not None:
            return story_id in self.selected
        return bool(evidence)

    def outlets(self, article_ids: Iterable[str]) -> list[str]:
        """The distinct outlets of these articles, sorted."""
        names = {self.kept[a].outlet for a in article_ids if a in self.kept}
        return sorted(n for n in names if n)

    def origins(self, article_ids: Iterable[str]) -> int:
        """How many independent origins (distinct origin groups) lie behind these articles."""
        return count_origins(article_ids, self.origin_group)

    @functools.cached_property
    def origin_group(self) -> dict[str, str]:
        """Article id -> origin group id."""
        return {a: g for a, (g, _) in self.origin_of.items()}


def _articles_of(evidence: list[Evidence]) -> list[str]:
    """The distinct article ids of evidence items, in order."""
    return list(dict.fromkeys(e["article_id"] for e in evidence))


def make_context(corpus: Corpus, story_ids: Sequence[str] | None) -> ExportContext:
    """Index the corpus and decide which articles the document includes."""
    story_of: dict[str, str] = {}
    for story in corpus.stories:
        for aid in story.article_ids:
            story_of.setdefault(aid, story.id)
    selected: frozenset[str] | None = None
    articles = {a.id: a for a in corpus.articles}
    kept = articles
    if story_ids is not None:
        known = {s.id for s in corpus.stories}
        missing = [s for s in story_ids if s not in known]
        if missing:
            raise NotFound(f"no story with id {missing[0]!r}")
        selected = frozenset(story_ids)
        wanted = {a for s in corpus.stories if s.id in selected for a in s.article_ids}
        kept = {aid: art for aid, art in articles.items() if aid in wanted}
    origin_of = {m.article_id: (g.id, m.role) for g in corpus.origins for m in g.members}
    names = {e.id: e.name for e in corpus.entities}
    resolved: dict[str, list[Mention]] = {}
    for ann in corpus.annotations.values():
        for m in ann.mentions:
            if m.entity_id is not None:
                resolved.setdefault(m.entity_id, []).append(m)
    return ExportContext(corpus, selected, kept, story_of, origin_of, names, resolved)


# --------------------------------------------------------------------------- sections


def story_item(story: Story, ctx: ExportContext) -> dict[str, Any]:
    """A story with its article count, outlets and independent origins."""
    aids = [a for a in story.article_ids if a in ctx.kept]
    dates = sorted(ctx.kept[a].published or "" for a in aids)
    dates = [d for d in dates if d]
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": aids,
        "article_count": len(aids),
        "first_published": story.first_published or (dates[0] if dates else None),
        "last_published": story.last_published or (dates[-1] if dates else None),
        "keywords": list(story.keywords),
        "outlets": ctx.outlets(aids),
        "independent_origins": ctx.origins(aids),
    }


def article_item(art: Article, ctx: ExportContext) -> dict[str, Any]:
    """An article with its clean text, metadata, story and provenance role."""
    group_id, role = ctx.origin_of.get(art.id, (None, "independent"))
    return {
        "id": art.id,
        "source_path": art.source_path,
        "url": art.url,
        "outlet": art.outlet,
        "title": art.title,
        "byline": art.byline,
        "published": art.published,
        "published_source": art.published_source,
        "language": art.language,
        "agencies": list(art.agencies),
        "dateline": art.dateline,
        "text": art.text,
        "body_start": art.body_start,
        "story_id": ctx.story_of.get(art.id),
        "origin_group_id": group_id,
        "role": role,
        "removed": [
            {"line_no": r.line_no, "text": r.text, "reason": r.reason} for r in art.removed
        ],
    }


def reuse_item(link: ReuseLink, ctx: ExportContext) -> dict[str, Any] | None:
    """A reuse link with its aligned passages, when both articles are in the document."""
    if link.a not in ctx.kept or link.b not in ctx.kept:
        return None
    alignments = []
    for al in link.alignments:
        a, b = ctx.ev(al.a), ctx.ev(al.b)
        if a is not None and b is not None:
            alignments.append({"a": a, "b": b, "similarity": float(al.similarity)})
    return {
        "id": link.id,
        "a": link.a,
        "b": link.b,
        "story_id": ctx.story_of.get(link.a) or ctx.story_of.get(link.b),
        "direction": link.direction,
        "direction_reason": link.direction_reason,
        "score": float(link.score),
        "shared_chars_a": link.shared_chars_a,
        "shared_chars_b": link.shared_chars_b,
        "alignments": alignments,
        "evidence": [x for al in alignments for x in (al["a"], al["b"])],
    }


def origin_item(group: OriginGroup, ctx: ExportContext) -> dict[str, Any] | None:
    """An origin group; its evidence is the body of each member article in the document."""
    members = [m for m in group.members if m.article_id in ctx.kept]
    if not members:
        return None
    aids = [m.article_id for m in members]
    bodies = [Span(a, ctx.kept[a].body_start, len(ctx.kept[a].text)) for a in aids]
    return {
        "id": group.id,
        "label": group.label,
        "origin_article_id": group.origin_article_id,
        "members": [
            {
                "article_id": m.article_id,
                "role": m.role,
                "reused_share": float(m.reused_share),
                "outlet": ctx.kept[m.article_id].outlet,
            }
            for m in members
        ],
        "article_ids": aids,
        "outlets": ctx.outlets(aids),
        "story_ids": sorted({ctx.story_of[a] for a in aids if a in ctx.story_of}),
        "evidence": ctx.evs(bodies),
    }


def _entity_mentions(entity: Entity, ctx: ExportContext) -> list[Mention]:
    """The entity's mentions, plus resolved per-article mentions it does not list."""
    found = list(entity.mentions)
    seen = {m.span for m in found}
    for m in ctx.resolved.get(entity.id, ()):
        if m.span not in seen:
            seen.add(m.span)
            found.append(m)
    return found


def entity_item(entity: Entity, ctx: ExportContext) -> dict[str, Any] | None:
    """A canonical entity with its names, titles and mentions."""
    mentions = []
    for m in _entity_mentions(entity, ctx):
        item = ctx.ev(m.span)
        if item is not None:
            extra = {"text": ctx.text(m.span), "kind": m.kind, "title": m.title, "label": m.label}
            mentions.append({**item, **extra})
    evidence = [{k: m[k] for k in ("article_id", "start", "end")} for m in mentions]
    if not ctx.in_scope(entity.story_id, evidence):
        return None
    aids = _articles_of(evidence)
    return {
        "id": entity.id,
        "story_id": entity.story_id,
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "titles": list(entity.titles),
        "is_descriptor": entity.is_descriptor,
        "mentions": mentions,
        "mention_count": len(mentions),
        "article_ids": aids,
        "outlets": ctx.outlets(aids),
        "evidence": evidence,
    }


def quote_item(quote: Quote, ctx: ExportContext) -> dict[str, Any] | None:
    """A quotation: its quoted pieces are the evidence (two or more when the frame interrupts
    it); speaker, cue and channel are separate spans."""
    pieces = [ctx.ev(p) for p in quote.pieces()]
    evidence = [e for e in pieces if e is not None]
    story_id = ctx.story_of.get(quote.content.article_id)
    if len(evidence) != len(pieces) or not ctx.in_scope(story_id, evidence):
        return None
    aid = quote.content.article_id
    return {
        "id": quote.id,
        "story_id": story_id,
        "article_id": aid,
        "outlet": ctx.kept[aid].outlet,
        "text": quote.quoted_text(ctx.kept[aid].text),
        "direct": quote.direct,
        "speaker_label": quote.speaker_label,
        "speaker_entity_id": quote.speaker_entity_id,
        "speaker": ctx.ev(quote.speaker),
        "speaker_text": ctx.text(quote.speaker) or None,
        "cue": ctx.ev(quote.cue),
        "cue_text": ctx.text(quote.cue) or None,
        "channel": ctx.ev(quote.channel),
        "channel_text": ctx.text(quote.channel) or None,
        "group_id": quote.group_id,
        "evidence": evidence,
    }


def quote_group_item(
    group: QuoteGroup, quotes: dict[str, dict[str, Any]], ctx: ExportContext
) -> dict[str, Any] | None:
    """The same utterance across articles; its evidence is each member quote's content."""
    members = [quotes[q] for q in group.quote_ids if q in quotes]
    evidence = [e for q in members for e in q["evidence"]]
    if not members or not ctx.in_scope(group.story_id, evidence):
        return None
    aids = _articles_of(evidence)
    return {
        "id": group.id,
        "story_id": group.story_id or members[0]["story_id"],
        "quote_ids": [q["id"] for q in members],
        "speaker_label": group.speaker_label or members[0]["speaker_label"],
        "speaker_entity_id": group.speaker_entity_id,
        "text": members[0]["text"],
        "article_ids": aids,
        "outlets": ctx.outlets(aids),
        "independent_origins": ctx.origins(aids),
        "evidence": evidence,
    }


def event_item(event: Event, ctx: ExportContext) -> dict[str, Any] | None:
    """A timeline event with its normalised date, place, participants and support."""
    evidence = ctx.evs(event.evidence)
    if not evidence or not ctx.in_scope(event.story_id, evidence):
        return None
    aids = _articles_of(evidence)
    return {
        "id": event.id,
        "story_id": event.story_id or ctx.story_of.get(aids[0]),
        "date": event.date,
        "day": event.date[:10] if event.date else None,
        "kind": event.kind,
        "place": event.place,
        "scheduled": event.scheduled,
        "summary": event.summary or ctx.text(event.evidence[0]),
        "participants": list(event.participants),
        "participant_names": [ctx.entity_names.get(p, p) for p in event.participants],
        "article_ids": aids,
        "outlets": ctx.outlets(aids),
        "independent_origins": ctx.origins(aids),
        "evidence": evidence,
    }


def _claim_member(claim: Claim, ctx: ExportContext) -> dict[str, Any] | None:
    """One article's wording of a claim."""
    item = ctx.ev(claim.span)
    if item is None:
        return None
    return {
        "id": claim.id,
        "article_id": claim.span.article_id,
        "outlet": ctx.kept[claim.span.article_id].outlet,
        "text": ctx.text(claim.span),
        "subject": claim.subject,
        "predicate": claim.predicate,
        "object": claim.object,
        "numbers": list(claim.numbers),
        "dates": list(claim.dates),
        "places": list(claim.places),
        "negated": claim.negated,
        "hedged": claim.hedged,
        "asserted_by": claim.asserted_by,
        "quote_id": claim.quote_id,
        "evidence": [item],
    }


def claim_groups(ctx: ExportContext) -> list[ClaimGroup]:
    """The corpus's claim groups, plus a group of one for each claim no group lists."""
    groups = list(ctx.corpus.claim_groups)
    listed = {c for g in groups for c in g.claim_ids}
    for claim in ctx.corpus.claims:
        if claim.id not in listed:
            story = ctx.story_of.get(claim.span.article_id)
            groups.append(ClaimGroup(claim.id, (claim.id,), ctx.text(claim.span), story))
    return groups


def claim_item(
    group: ClaimGroup, claims: dict[str, Claim], ctx: ExportContext
) -> dict[str, Any] | None:
    """A claim group with its member claims, outlets and independent origins."""
    members = [
        m
        for c in group.claim_ids
        if c in claims
        for m in [_claim_member(claims[c], ctx)]
        if m is not None
    ]
    evidence = [e for m in members for e in m["evidence"]]
    if not members or not ctx.in_scope(group.story_id, evidence):
        return None
    aids = _articles_of(evidence)
    return {
        "id": group.id,
        "story_id": group.story_id or ctx.story_of.get(aids[0]),
        "text": group.text or members[0]["text"],
        "claim_ids": [m["id"] for m in members],
        "members": members,
        "article_ids": aids,
        "outlets": ctx.outlets(aids),
        "independent_origins": group.independent_origins or ctx.origins(aids),
        "first_reported": group.first_reported,
        "disputed": group.disputed,
        "evidence": evidence,
    }


def discrepancy_item(disc: Discrepancy, ctx: ExportContext) -> dict[str, Any] | None:
    """A disagreement with every side's value, evidence and origins."""
    sides = []
    for side in disc.sides:
        evidence = ctx.evs(side.evidence)
        aids = _articles_of(evidence)
        sides.append(
            {
                "value": side.value,
                "independent_origins": side.independent_origins or ctx.origins(aids),
                "article_ids": aids,
                "outlets": ctx.outlets(aids),
                "origin_group_ids": sorted(
                    {ctx.origin_of[a][0] for a in aids if a in ctx.origin_of}
                ),
                "evidence": evidence,
            }
        )
    evidence = [e for s in sides for e in s["evidence"]]
    if not evidence or not ctx.in_scope(disc.story_id, evidence):
        return None
    return {
        "id": disc.id,
        "story_id": disc.story_id or ctx.story_of.get(evidence[0]["article_id"]),
        "slot": disc.slot,
        "description": disc.description,
        "sides": sides,
        "evidence": evidence,
    }


def position_item(pos: Position, ctx: ExportContext) -> dict[str, Any] | None:
    """An actor's stance on an issue, with the words that show it."""
    evidence = ctx.evs(pos.evidence)
    if not evidence or not ctx.in_scope(pos.story_id, evidence):
        return None
    aids = _articles_of(evidence)
    first = evidence[0]
    return {
        "id": pos.id,
        "story_id": pos.story_id or ctx.story_of.get(first["article_id"]),
        "actor": pos.actor,
        "actor_name": pos.actor_name,
        "issue": pos.issue,
        "stance": pos.stance,
        "plover": pos.plover,
        "confidence": pos.confidence,
        "confident": pos.confident,
        "quote": ctx.kept[first["article_id"]].text[first["start"] : first["end"]],
        "article_ids": aids,
        "outlets": ctx.outlets(aids),
        "evidence": evidence,
    }


def present(items: Iterable[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The items that were not left out."""
    return [i for i in items if i is not None]


def date_key(event: dict[str, Any]) -> tuple[bool, str, str, str]:
    """Dated events first, in date order; undated ones last."""
    return (event["date"] is None, event["date"] or "", event["kind"], event["id"])
